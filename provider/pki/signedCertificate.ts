/**
 * A key and certificate signed by a CA, generated once and kept in the Pulumi
 * state (the key as a secret). Used for the spokes' link client certificates
 * (signed by a hub's site CA) and anything else the mesh needs to sign.
 *
 * The provider object is serialized into the state and run by Pulumi's
 * dynamic-provider host: it uses only functions from local modules, and npm
 * modules required inside them (see ./certificates.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import {
    CertificateUsage,
    DEFAULT_KEY_BITS,
    DEFAULT_VALIDITY_DAYS,
    PREVIEW_UNKNOWN,
    normalizeUsages,
    signCertificate,
    signCertificateProblems,
} from "./certificates";
import { containsUnknown, definedProps, errorMessage, pkiError, replacingDiff, stateOnlyLifecycle } from "./providerSupport";

/** Inputs of the signed-certificate provider once checked (defaults filled in). */
export interface SignedCertificateProviderInputs {
    caCertPem: string;
    caKeyPem: string;
    commonName: string;
    dnsNames?: string[];
    ipAddresses?: string[];
    usages: CertificateUsage[];
    validityDays: number;
    keyBits: number;
}

/** What the provider keeps in state: the inputs and the generated material. */
export interface SignedCertificateProviderOutputs extends SignedCertificateProviderInputs {
    certPem: string;
    keyPem: string;
    notAfter: string;
    serialNumber: string;
}

/** Inputs whose change means a new key and certificate: all of them (a new CA means a new certificate). */
export const SIGNED_CERTIFICATE_INPUT_KEYS = ["caCertPem", "caKeyPem", "commonName", "dnsNames", "ipAddresses", "usages", "validityDays", "keyBits"];

/** The dynamic resource provider for {@link SignedCertificate}. */
export const signedCertificateProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
        const inputs = definedProps(news);
        if (inputs.validityDays === undefined) inputs.validityDays = DEFAULT_VALIDITY_DAYS;
        if (inputs.keyBits === undefined) inputs.keyBits = DEFAULT_KEY_BITS;
        const failures = signCertificateProblems(inputs, { allowUnknown: true });
        // ["client", "server"] and ["server", "server", "client"] are the same certificate as ["server", "client"].
        if (failures.length === 0 && Array.isArray(inputs.usages) && !containsUnknown(inputs.usages)) {
            inputs.usages = normalizeUsages(inputs.usages as CertificateUsage[]);
        }
        return { inputs, failures };
    },

    async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
        return replacingDiff(olds, news, SIGNED_CERTIFICATE_INPUT_KEYS);
    },

    async create(inputs: Record<string, unknown>) {
        const args = definedProps(inputs);
        const name = args.commonName === PREVIEW_UNKNOWN ? "" : String(args.commonName);
        let generated;
        try {
            generated = signCertificate({
                caCertPem: args.caCertPem as string,
                caKeyPem: args.caKeyPem as string,
                commonName: args.commonName as string,
                dnsNames: args.dnsNames as string[] | undefined,
                ipAddresses: args.ipAddresses as string[] | undefined,
                usages: args.usages as CertificateUsage[],
                validityDays: args.validityDays as number | undefined,
                keyBits: args.keyBits as number | undefined,
            });
        } catch (e) {
            throw pkiError(`cannot sign certificate "${name}": ${errorMessage(e)}; correct this argument of the SignedCertificate and run again`);
        }
        const outs = definedProps({
            caCertPem: args.caCertPem,
            // Echo of the secret input, for diffs; SignedCertificate marks it secret in state.
            caKeyPem: args.caKeyPem,
            commonName: args.commonName,
            dnsNames: args.dnsNames,
            ipAddresses: args.ipAddresses,
            usages: args.usages,
            validityDays: args.validityDays ?? DEFAULT_VALIDITY_DAYS,
            keyBits: args.keyBits ?? DEFAULT_KEY_BITS,
            certPem: generated.certPem,
            keyPem: generated.keyPem,
            notAfter: generated.notAfter,
            serialNumber: generated.serialNumber,
        });
        return { id: generated.serialNumber, outs };
    },

    ...stateOnlyLifecycle,
};

/** Arguments of {@link SignedCertificate}. */
export interface SignedCertificateArgs {
    /** The issuing CA certificate, PEM (e.g. `CertificateAuthority.certPem`). */
    caCertPem: pulumi.Input<string>;
    /** The issuing CA's RSA key, PKCS#1 or PKCS#8 PEM (e.g. `CertificateAuthority.keyPem`); always treated as a secret. */
    caKeyPem: pulumi.Input<string>;
    /** Subject CN (for a Skupper token client certificate: the token secret's name). */
    commonName: pulumi.Input<string>;
    /** DNS subjectAltNames. */
    dnsNames?: pulumi.Input<pulumi.Input<string>[]>;
    /** IP subjectAltNames (IPv4 or IPv6). */
    ipAddresses?: pulumi.Input<pulumi.Input<string>[]>;
    /** extendedKeyUsage: "server" (serverAuth) and/or "client" (clientAuth). */
    usages: pulumi.Input<pulumi.Input<CertificateUsage>[]>;
    /** Validity in days, 1 to 36500. Default 1825. */
    validityDays?: pulumi.Input<number>;
    /** RSA modulus length: 2048 (default), 3072 or 4096. */
    keyBits?: pulumi.Input<number>;
}

/**
 * An RSA key (PKCS#1 PEM) and a certificate for it signed by a CA:
 * basicConstraints cA=false, keyUsage digitalSignature/keyEncipherment,
 * extendedKeyUsage from `usages`, SANs only when given. `keyPem` and the
 * `caKeyPem` echo are secrets. Any input change (including a new CA) creates
 * a new key and certificate.
 */
export class SignedCertificate extends pulumi.dynamic.Resource {
    /** The issuing CA certificate, PEM (for `ca.crt`). */
    declare readonly caCertPem: pulumi.Output<string>;
    declare readonly commonName: pulumi.Output<string>;
    declare readonly dnsNames: pulumi.Output<string[] | undefined>;
    declare readonly ipAddresses: pulumi.Output<string[] | undefined>;
    declare readonly usages: pulumi.Output<CertificateUsage[]>;
    declare readonly validityDays: pulumi.Output<number>;
    declare readonly keyBits: pulumi.Output<number>;
    /** The certificate, PEM (for `tls.crt`). */
    declare readonly certPem: pulumi.Output<string>;
    /** Its RSA private key, PKCS#1 PEM (for `tls.key`; secret). */
    declare readonly keyPem: pulumi.Output<string>;
    /** notAfter, ISO 8601. */
    declare readonly notAfter: pulumi.Output<string>;
    /** Serial number, lowercase hex. */
    declare readonly serialNumber: pulumi.Output<string>;

    constructor(name: string, args: SignedCertificateArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            signedCertificateProvider,
            name,
            {
                caCertPem: args.caCertPem,
                caKeyPem: pulumi.secret(args.caKeyPem),
                commonName: args.commonName,
                dnsNames: args.dnsNames,
                ipAddresses: args.ipAddresses,
                usages: args.usages,
                validityDays: args.validityDays,
                keyBits: args.keyBits,
                certPem: undefined,
                keyPem: undefined,
                notAfter: undefined,
                serialNumber: undefined,
            },
            pulumi.mergeOptions(opts, { additionalSecretOutputs: ["keyPem", "caKeyPem"] }),
            "edge-interconnect",
            "SignedCertificate",
        );
    }
}
