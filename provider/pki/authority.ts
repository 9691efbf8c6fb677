/**
 * A self-signed certificate authority whose key lives only in the Pulumi
 * state (as a secret), generated once and stable across `pulumi up` runs.
 *
 * The operations run in the provider plugin
 * (provider/plugin/resources.ts); they still keep to the closure
 * serializer's rules (functions from local modules, npm modules required
 * inside them, see ./certificates.ts) because the migration test serializes
 * them into the previous release's dynamic resources
 * (tests/e2e/support/legacyDynamicResources.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResourceOperations } from "../operations";
import { customResourceOptions, resourceType } from "../resourceTypes";
import { DEFAULT_KEY_BITS, DEFAULT_VALIDITY_DAYS, PREVIEW_UNKNOWN, certificateAuthorityProblems, createCertificateAuthority } from "./certificates";
import { definedProps, errorMessage, pkiError, replacingDiff, stateOnlyLifecycle } from "./providerSupport";

/** Inputs of the CA provider once checked (defaults filled in). */
export interface CertificateAuthorityProviderInputs {
    commonName: string;
    organization?: string;
    validityDays: number;
    keyBits: number;
}

/** What the CA provider keeps in state: the inputs and the generated material. */
export interface CertificateAuthorityProviderOutputs extends CertificateAuthorityProviderInputs {
    certPem: string;
    keyPem: string;
    notAfter: string;
    serialNumber: string;
}

/** Inputs whose change means a new CA (a new key and certificate). */
export const CERTIFICATE_AUTHORITY_INPUT_KEYS = ["commonName", "organization", "validityDays", "keyBits"];

/** The resource operations for {@link CertificateAuthority}. */
export const certificateAuthorityProvider: ResourceOperations = {
    async check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
        const inputs = definedProps(news);
        if (inputs.validityDays === undefined) inputs.validityDays = DEFAULT_VALIDITY_DAYS;
        if (inputs.keyBits === undefined) inputs.keyBits = DEFAULT_KEY_BITS;
        const failures = certificateAuthorityProblems(inputs, { allowUnknown: true });
        return { inputs, failures };
    },

    async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
        return replacingDiff(olds, news, CERTIFICATE_AUTHORITY_INPUT_KEYS);
    },

    async create(inputs: Record<string, unknown>) {
        const args = definedProps(inputs);
        const name = args.commonName === PREVIEW_UNKNOWN ? "" : String(args.commonName);
        let generated;
        try {
            generated = await createCertificateAuthority({
                commonName: args.commonName as string,
                organization: args.organization as string | undefined,
                validityDays: args.validityDays as number | undefined,
                keyBits: args.keyBits as number | undefined,
            });
        } catch (e) {
            throw pkiError(
                `cannot create certificate authority "${name}": ${errorMessage(e)}; correct this argument of the CertificateAuthority and run again`,
            );
        }
        const outs = definedProps({
            commonName: args.commonName,
            organization: args.organization,
            validityDays: args.validityDays ?? DEFAULT_VALIDITY_DAYS,
            keyBits: args.keyBits ?? DEFAULT_KEY_BITS,
            ...generated,
        });
        return { id: generated.serialNumber, outs };
    },

    ...stateOnlyLifecycle,
};

/** Outputs that must be encrypted in state whatever the caller passed. */
export const CERTIFICATE_AUTHORITY_SECRET_OUTPUTS = ["keyPem"];

/** Arguments of {@link CertificateAuthority}. */
export interface CertificateAuthorityArgs {
    /** Subject CN of the CA certificate (at most 64 characters). */
    commonName: pulumi.Input<string>;
    /** Subject O, when given. */
    organization?: pulumi.Input<string>;
    /** Validity in days, 1 to 36500. Default 1825 (five years, as Skupper). */
    validityDays?: pulumi.Input<number>;
    /** RSA modulus length: 2048 (default), 3072 or 4096. */
    keyBits?: pulumi.Input<number>;
}

/**
 * A self-signed RSA certificate authority: basicConstraints cA=true,
 * keyUsage keyCertSign/cRLSign/digitalSignature, key in PKCS#1 PEM (as the
 * Skupper v1 site controller requires of `skupper-site-ca`). `keyPem` is a
 * secret. Any change of its inputs creates a new CA (and, through their
 * inputs, new certificates signed by it).
 */
export class CertificateAuthority extends pulumi.CustomResource {
    declare readonly commonName: pulumi.Output<string>;
    declare readonly organization: pulumi.Output<string | undefined>;
    declare readonly validityDays: pulumi.Output<number>;
    declare readonly keyBits: pulumi.Output<number>;
    /** The CA certificate, PEM. */
    declare readonly certPem: pulumi.Output<string>;
    /** The CA's RSA private key, PKCS#1 PEM (secret). */
    declare readonly keyPem: pulumi.Output<string>;
    /** notAfter, ISO 8601. */
    declare readonly notAfter: pulumi.Output<string>;
    /** Serial number, lowercase hex. */
    declare readonly serialNumber: pulumi.Output<string>;

    constructor(name: string, args: CertificateAuthorityArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            resourceType("CertificateAuthority"),
            name,
            {
                commonName: args.commonName,
                organization: args.organization,
                validityDays: args.validityDays,
                keyBits: args.keyBits,
                certPem: undefined,
                keyPem: undefined,
                notAfter: undefined,
                serialNumber: undefined,
            },
            customResourceOptions("CertificateAuthority", opts, CERTIFICATE_AUTHORITY_SECRET_OUTPUTS),
        );
    }
}
