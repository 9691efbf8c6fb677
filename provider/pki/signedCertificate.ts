/**
 * A key and certificate signed by a CA, generated once and kept in the Pulumi
 * state (the key as a secret). Used for the spokes' link client certificates
 * (signed by a hub's site CA) and anything else the mesh needs to sign.
 *
 * Key algorithm and state: the key is ECDSA P-256 unless `keyAlgorithm` (or
 * `keyBits`) asks for RSA. That default is filled in by the provider's check,
 * and only for a new resource (check's `olds` are empty): for an existing one,
 * check keeps the algorithm recorded in its old inputs, and a certificate
 * recorded before `keyAlgorithm` existed is RSA (the only key type then). So
 * upgrading the package replaces no certificate; setting `keyAlgorithm`
 * explicitly to another algorithm does.
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
import {
    CertificateUsage,
    DEFAULT_KEY_BITS,
    KeyAlgorithm,
    LEGACY_KEY_ALGORITHM,
    effectiveKeyAlgorithm,
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
    keyAlgorithm: KeyAlgorithm;
    /** RSA modulus length; only with keyAlgorithm "RSA". */
    keyBits?: number;
}

/** What the provider keeps in state: the inputs and the generated material. */
export interface SignedCertificateProviderOutputs extends SignedCertificateProviderInputs {
    certPem: string;
    keyPem: string;
    notAfter: string;
    serialNumber: string;
}

/** Inputs whose change means a new key and certificate: all of them (a new CA means a new certificate). */
export const SIGNED_CERTIFICATE_INPUT_KEYS = [
    "caCertPem",
    "caKeyPem",
    "commonName",
    "dnsNames",
    "ipAddresses",
    "usages",
    "validityDays",
    "keyAlgorithm",
    "keyBits",
];

/**
 * The inputs of a SignedCertificate with its key algorithm decided: the
 * given one; else, for a new resource (`olds` empty), RSA when keyBits is
 * given and the default (ECDSA P-256) otherwise; else, for an existing
 * resource, the one it was created with (RSA when its state predates
 * keyAlgorithm). keyBits gets its default only for RSA.
 */
export function withKeyAlgorithm(olds: Record<string, unknown>, news: Record<string, unknown>): Record<string, unknown> {
    const inputs = definedProps(news);
    const previous = definedProps(olds);
    if (inputs.keyAlgorithm === undefined) {
        const isNew = Object.keys(previous).length === 0;
        inputs.keyAlgorithm = isNew || inputs.keyBits !== undefined ? effectiveKeyAlgorithm(inputs) : (previous.keyAlgorithm ?? LEGACY_KEY_ALGORITHM);
    }
    if (inputs.keyAlgorithm === "RSA" && inputs.keyBits === undefined) inputs.keyBits = DEFAULT_KEY_BITS;
    return inputs;
}

/** State recorded before keyAlgorithm existed holds RSA certificates. */
function withLegacyKeyAlgorithm(olds: Record<string, unknown>): Record<string, unknown> {
    return olds.keyAlgorithm === undefined ? { ...olds, keyAlgorithm: LEGACY_KEY_ALGORITHM } : olds;
}

/** The resource operations for {@link SignedCertificate}. */
export const signedCertificateProvider: ResourceOperations = {
    async check(olds: Record<string, unknown>, news: Record<string, unknown>) {
        const inputs = withKeyAlgorithm(olds, news);
        if (inputs.validityDays === undefined) inputs.validityDays = DEFAULT_VALIDITY_DAYS;
        const failures = signCertificateProblems(inputs, { allowUnknown: true });
        // ["client", "server"] and ["server", "server", "client"] are the same certificate as ["server", "client"].
        if (failures.length === 0 && Array.isArray(inputs.usages) && !containsUnknown(inputs.usages)) {
            inputs.usages = normalizeUsages(inputs.usages as CertificateUsage[]);
        }
        return { inputs, failures };
    },

    async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
        return replacingDiff(withLegacyKeyAlgorithm(olds), news, SIGNED_CERTIFICATE_INPUT_KEYS);
    },

    async create(inputs: Record<string, unknown>) {
        const args = definedProps(inputs);
        const name = args.commonName === PREVIEW_UNKNOWN ? "" : String(args.commonName);
        // Inputs come from check; withKeyAlgorithm again only for a caller that skipped it.
        const keyAlgorithm = withKeyAlgorithm({}, args).keyAlgorithm as KeyAlgorithm;
        let generated;
        try {
            generated = await signCertificate({
                caCertPem: args.caCertPem as string,
                caKeyPem: args.caKeyPem as string,
                commonName: args.commonName as string,
                dnsNames: args.dnsNames as string[] | undefined,
                ipAddresses: args.ipAddresses as string[] | undefined,
                usages: args.usages as CertificateUsage[],
                validityDays: args.validityDays as number | undefined,
                keyAlgorithm,
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
            keyAlgorithm,
            keyBits: keyAlgorithm === "RSA" ? (args.keyBits ?? DEFAULT_KEY_BITS) : undefined,
            certPem: generated.certPem,
            keyPem: generated.keyPem,
            notAfter: generated.notAfter,
            serialNumber: generated.serialNumber,
        });
        return { id: generated.serialNumber, outs };
    },

    ...stateOnlyLifecycle,
};

/** Outputs that must be encrypted in state whatever the caller passed. */
export const SIGNED_CERTIFICATE_SECRET_OUTPUTS = ["keyPem", "caKeyPem"];

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
    /**
     * The certificate's key: "ECDSA-P256" (SEC1 PEM, `-----BEGIN EC PRIVATE KEY-----`)
     * or "RSA" (PKCS#1 PEM). When omitted: "RSA" if keyBits is given, else
     * "ECDSA-P256" for a new certificate, and the algorithm it already has for
     * an existing one (RSA for certificates created before this option existed),
     * so that a package upgrade replaces no certificate.
     */
    keyAlgorithm?: pulumi.Input<KeyAlgorithm>;
    /** RSA modulus length: 2048 (default), 3072 or 4096. Only with keyAlgorithm "RSA". */
    keyBits?: pulumi.Input<number>;
}

/**
 * A key (ECDSA P-256 in SEC1 PEM by default, or RSA in PKCS#1 PEM) and a
 * certificate for it signed by an RSA CA (sha256WithRSAEncryption):
 * basicConstraints cA=false, keyUsage digitalSignature/keyEncipherment,
 * extendedKeyUsage from `usages`, SANs only when given. `keyPem` and the
 * `caKeyPem` echo are secrets. Any input change (including a new CA) creates
 * a new key and certificate.
 */
export class SignedCertificate extends pulumi.CustomResource {
    /** The issuing CA certificate, PEM (for `ca.crt`). */
    declare readonly caCertPem: pulumi.Output<string>;
    declare readonly commonName: pulumi.Output<string>;
    declare readonly dnsNames: pulumi.Output<string[] | undefined>;
    declare readonly ipAddresses: pulumi.Output<string[] | undefined>;
    declare readonly usages: pulumi.Output<CertificateUsage[]>;
    declare readonly validityDays: pulumi.Output<number>;
    /** "ECDSA-P256" or "RSA" (absent from state recorded before it existed: RSA). */
    declare readonly keyAlgorithm: pulumi.Output<KeyAlgorithm>;
    /** RSA modulus length (RSA keys only). */
    declare readonly keyBits: pulumi.Output<number | undefined>;
    /** The certificate, PEM (for `tls.crt`). */
    declare readonly certPem: pulumi.Output<string>;
    /** Its private key, SEC1 PEM for ECDSA or PKCS#1 PEM for RSA (for `tls.key`; secret). */
    declare readonly keyPem: pulumi.Output<string>;
    /** notAfter, ISO 8601. */
    declare readonly notAfter: pulumi.Output<string>;
    /** Serial number, lowercase hex. */
    declare readonly serialNumber: pulumi.Output<string>;

    constructor(name: string, args: SignedCertificateArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            resourceType("SignedCertificate"),
            name,
            {
                caCertPem: args.caCertPem,
                caKeyPem: pulumi.secret(args.caKeyPem),
                commonName: args.commonName,
                dnsNames: args.dnsNames,
                ipAddresses: args.ipAddresses,
                usages: args.usages,
                validityDays: args.validityDays,
                keyAlgorithm: args.keyAlgorithm,
                keyBits: args.keyBits,
                certPem: undefined,
                keyPem: undefined,
                notAfter: undefined,
                serialNumber: undefined,
            },
            customResourceOptions("SignedCertificate", opts, SIGNED_CERTIFICATE_SECRET_OUTPUTS),
        );
    }
}
