/**
 * An intermediate certificate authority signed by another CA (a hub's site
 * CA), generated once and kept in the Pulumi state (its key as a secret).
 * The hub issues one per shard of spokes, so that stacks of spokes can sign
 * their link certificates without ever holding the site CA's key; see
 * {@link createIntermediateAuthority} for what it may and may not sign.
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
import { DEFAULT_KEY_BITS, DEFAULT_VALIDITY_DAYS, PREVIEW_UNKNOWN, createIntermediateAuthority, intermediateAuthorityProblems } from "./certificates";
import { definedProps, errorMessage, pkiError, replacingDiff, stateOnlyLifecycle } from "./providerSupport";

/** Inputs whose change means a new intermediate (a new key and certificate): all of them, a new issuing CA included. */
export const INTERMEDIATE_AUTHORITY_INPUT_KEYS = ["caCertPem", "caKeyPem", "commonName", "organization", "permittedDnsDomain", "validityDays", "keyBits"];

/** The resource operations for {@link IntermediateAuthority}. */
export const intermediateAuthorityProvider: ResourceOperations = {
    async check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
        const inputs = definedProps(news);
        if (inputs.validityDays === undefined) inputs.validityDays = DEFAULT_VALIDITY_DAYS;
        if (inputs.keyBits === undefined) inputs.keyBits = DEFAULT_KEY_BITS;
        return { inputs, failures: intermediateAuthorityProblems(inputs, { allowUnknown: true }) };
    },

    async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
        return replacingDiff(olds, news, INTERMEDIATE_AUTHORITY_INPUT_KEYS);
    },

    async create(inputs: Record<string, unknown>) {
        const args = definedProps(inputs);
        const name = args.commonName === PREVIEW_UNKNOWN ? "" : String(args.commonName);
        let generated;
        try {
            generated = await createIntermediateAuthority({
                caCertPem: args.caCertPem as string,
                caKeyPem: args.caKeyPem as string,
                commonName: args.commonName as string,
                organization: args.organization as string | undefined,
                permittedDnsDomain: args.permittedDnsDomain as string,
                validityDays: args.validityDays as number | undefined,
                keyBits: args.keyBits as number | undefined,
            });
        } catch (e) {
            throw pkiError(
                `cannot create intermediate authority "${name}": ${errorMessage(e)}; correct this argument of the IntermediateAuthority and run again`,
            );
        }
        const outs = definedProps({
            caCertPem: args.caCertPem,
            // Echo of the secret input, for diffs; IntermediateAuthority marks it secret in state.
            caKeyPem: args.caKeyPem,
            commonName: args.commonName,
            organization: args.organization,
            permittedDnsDomain: args.permittedDnsDomain,
            validityDays: args.validityDays ?? DEFAULT_VALIDITY_DAYS,
            keyBits: args.keyBits ?? DEFAULT_KEY_BITS,
            ...generated,
        });
        return { id: generated.serialNumber, outs };
    },

    ...stateOnlyLifecycle,
};

/** Outputs that must be encrypted in state whatever the caller passed. */
export const INTERMEDIATE_AUTHORITY_SECRET_OUTPUTS = ["keyPem", "caKeyPem"];

/** Arguments of {@link IntermediateAuthority}. */
export interface IntermediateAuthorityArgs {
    /** The issuing CA certificate, PEM (e.g. a hub's site CA `certPem`). */
    caCertPem: pulumi.Input<string>;
    /** The issuing CA's RSA key (PKCS#1 or PKCS#8 PEM); always treated as a secret. */
    caKeyPem: pulumi.Input<string>;
    /** Subject CN (at most 64 characters). */
    commonName: pulumi.Input<string>;
    /** Subject O, when given. */
    organization?: pulumi.Input<string>;
    /** The only DNS subtree its certificates may name (no IP address is ever allowed). */
    permittedDnsDomain: pulumi.Input<string>;
    /** Validity in days, 1 to 36500, capped at the issuing CA's notAfter. Default 1825. */
    validityDays?: pulumi.Input<number>;
    /** RSA modulus length: 2048 (default), 3072 or 4096. */
    keyBits?: pulumi.Input<number>;
}

/**
 * An RSA intermediate CA under `caCertPem`: pathLenConstraint 0, extended
 * key usage clientAuth only, name constraints (DNS names under
 * `permittedDnsDomain` only, no IP addresses). `keyPem` and the `caKeyPem`
 * echo are secrets. Any input change creates a new intermediate.
 */
export class IntermediateAuthority extends pulumi.CustomResource {
    /** The issuing CA certificate, PEM: the trust anchor of its chain. */
    declare readonly caCertPem: pulumi.Output<string>;
    declare readonly commonName: pulumi.Output<string>;
    declare readonly permittedDnsDomain: pulumi.Output<string>;
    /** The intermediate's certificate, PEM (sent with every leaf it signs). */
    declare readonly certPem: pulumi.Output<string>;
    /** Its RSA private key, PKCS#1 PEM (secret). */
    declare readonly keyPem: pulumi.Output<string>;
    /** notAfter, ISO 8601. */
    declare readonly notAfter: pulumi.Output<string>;
    /** Serial number, lowercase hex. */
    declare readonly serialNumber: pulumi.Output<string>;

    constructor(name: string, args: IntermediateAuthorityArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            resourceType("IntermediateAuthority"),
            name,
            {
                caCertPem: args.caCertPem,
                caKeyPem: pulumi.secret(args.caKeyPem),
                commonName: args.commonName,
                organization: args.organization,
                permittedDnsDomain: args.permittedDnsDomain,
                validityDays: args.validityDays,
                keyBits: args.keyBits,
                certPem: undefined,
                keyPem: undefined,
                notAfter: undefined,
                serialNumber: undefined,
            },
            customResourceOptions("IntermediateAuthority", opts, INTERMEDIATE_AUTHORITY_SECRET_OUTPUTS),
        );
    }
}
