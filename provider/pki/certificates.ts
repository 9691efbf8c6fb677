/**
 * X.509 material for the mesh: a self-signed certificate authority and
 * certificates signed by one. Pure functions, no Pulumi.
 *
 * Keys are RSA and always emitted as PKCS#1 PEM (`-----BEGIN RSA PRIVATE KEY-----`):
 * the Skupper v1 site controller reads `tls.key` of an existing CA secret with
 * x509.ParsePKCS1PrivateKey and exits on anything else.
 *
 * These functions run inside serialized dynamic providers (see ./authority.ts),
 * so this module keeps to the serializer's rules: only primitives and plain
 * arrays at module level, npm modules and node built-ins required inside the
 * functions that use them, no classes.
 */

/** Default validity, as Skupper's own certificates: five years. */
export const DEFAULT_VALIDITY_DAYS = 1825;
/** Default RSA modulus length, as Skupper's own keys. */
export const DEFAULT_KEY_BITS = 2048;
/** Longest accepted validity: 100 years. */
export const MAX_VALIDITY_DAYS = 36500;
/** Accepted RSA modulus lengths. */
export const KEY_BITS_CHOICES = [2048, 3072, 4096];
/** X.509 upper bound (ub-common-name, ub-organization-name). */
export const MAX_NAME_LENGTH = 64;
/** What Pulumi sends for a value not known yet (during preview). */
export const PREVIEW_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** notBefore is set this far in the past, so that clusters whose clock lags a little accept new certificates. */
export const BACKDATE_SECONDS = 300;

/** What a signed certificate may be used for (extendedKeyUsage). */
export type CertificateUsage = "server" | "client";

/** Arguments of {@link createCertificateAuthority}. */
export interface CreateCertificateAuthorityArgs {
    /** Subject CN. */
    commonName: string;
    /** Subject O, when given. */
    organization?: string;
    /** Days from `now` to notAfter. Default 1825. */
    validityDays?: number;
    /** RSA modulus length: 2048 (default), 3072 or 4096. */
    keyBits?: number;
    /** Issue time; defaults to the current time. */
    now?: Date;
}

/** Arguments of {@link signCertificate}. */
export interface SignCertificateArgs {
    /** The issuing CA certificate (PEM, RSA key, basicConstraints cA=true). */
    caCertPem: string;
    /** The issuing CA's RSA private key (PKCS#1 or PKCS#8 PEM, unencrypted). */
    caKeyPem: string;
    /** Subject CN. */
    commonName: string;
    /** DNS subjectAltNames; none when omitted or empty. */
    dnsNames?: string[];
    /** IP subjectAltNames (IPv4 or IPv6); none when omitted or empty. */
    ipAddresses?: string[];
    /** extendedKeyUsage: serverAuth for "server", clientAuth for "client". At least one. */
    usages: CertificateUsage[];
    /** Days from `now` to notAfter. Default 1825. */
    validityDays?: number;
    /** RSA modulus length: 2048 (default), 3072 or 4096. */
    keyBits?: number;
    /** Issue time; defaults to the current time. */
    now?: Date;
}

/** A certificate and its freshly generated key. */
export interface GeneratedCertificate {
    /** The certificate, PEM. */
    certPem: string;
    /** The certificate's RSA private key, PKCS#1 PEM (`-----BEGIN RSA PRIVATE KEY-----`). */
    keyPem: string;
    /** notAfter as an ISO 8601 string (whole seconds). */
    notAfter: string;
    /** The serial number, lowercase hex. */
    serialNumber: string;
}

/** One invalid argument: the property path and what is wrong with it. */
export interface ArgumentProblem {
    property: string;
    reason: string;
}

/** Options of the argument checks. */
export interface ProblemOptions {
    /** Accept {@link PREVIEW_UNKNOWN} for any value (provider check during preview). */
    allowUnknown?: boolean;
}

function isUnknown(v: unknown, opts: ProblemOptions | undefined): boolean {
    return opts?.allowUnknown === true && v === PREVIEW_UNKNOWN;
}

/** Reason why `v` is not a usable X.509 name attribute, or undefined when it is. */
function nameProblem(v: unknown): string | undefined {
    if (typeof v !== "string") return `must be a string (got ${typeof v})`;
    if (v.trim() === "") return "must not be empty";
    if (v !== v.trim()) return "must not start or end with whitespace";
    if ([...v].length > MAX_NAME_LENGTH) return `must be at most ${MAX_NAME_LENGTH} characters (got ${[...v].length})`;
    if (/[\u0000-\u001f\u007f]/.test(v)) return "must not contain control characters";
    return undefined;
}

function validityProblem(v: unknown): string | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > MAX_VALIDITY_DAYS) {
        return `must be an integer from 1 to ${MAX_VALIDITY_DAYS} (got ${JSON.stringify(v)})`;
    }
    return undefined;
}

function keyBitsProblem(v: unknown): string | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !KEY_BITS_CHOICES.includes(v)) return `must be 2048, 3072 or 4096 (got ${JSON.stringify(v)})`;
    return undefined;
}

function nowProblem(v: unknown): string | undefined {
    if (v === undefined) return undefined;
    if (!(Object.prototype.toString.call(v) === "[object Date]") || Number.isNaN((v as Date).getTime())) return "must be a valid Date";
    return undefined;
}

/** True for a DNS name usable in a subjectAltName: LDH labels, optionally a leading `*.` wildcard label. */
export function isDnsName(v: string): boolean {
    if (v.length === 0 || v.length > 253) return false;
    const labels = v.split(".");
    for (let i = 0; i < labels.length; i++) {
        const label = labels[i];
        if (i === 0 && label === "*" && labels.length > 1) continue;
        if (!/^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label)) return false;
    }
    return true;
}

/** True for an IPv4 address in dotted-quad form or an IPv6 address without a zone. */
export function isIpAddress(v: string): boolean {
    const net: typeof import("node:net") = require("node:net");
    return net.isIP(v) !== 0 && !v.includes("%");
}

/** The network-order bytes of an address accepted by {@link isIpAddress}. */
export function ipAddressBytes(ip: string): Buffer {
    const net: typeof import("node:net") = require("node:net");
    if (net.isIPv4(ip)) return Buffer.from(ip.split(".").map(Number));
    let text = ip;
    const lastColon = text.lastIndexOf(":");
    const tail = text.slice(lastColon + 1);
    if (tail.includes(".")) {
        // An embedded IPv4 address (::ffff:192.0.2.1) is the last two groups.
        const q = tail.split(".").map(Number);
        text = `${text.slice(0, lastColon + 1)}${((q[0] << 8) | q[1]).toString(16)}:${((q[2] << 8) | q[3]).toString(16)}`;
    }
    const halves = text.split("::");
    const head = halves[0] === "" ? [] : halves[0].split(":");
    const rest = halves.length > 1 ? (halves[1] === "" ? [] : halves[1].split(":")) : [];
    const zeros = halves.length > 1 ? 8 - head.length - rest.length : 0;
    const groups = [...head, ...new Array<string>(zeros).fill("0"), ...rest];
    const out = Buffer.alloc(16);
    groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
    return out;
}

function stringListProblems(property: string, v: unknown, valid: (s: string) => boolean, what: string, opts: ProblemOptions | undefined): ArgumentProblem[] {
    if (v === undefined || isUnknown(v, opts)) return [];
    if (!Array.isArray(v)) return [{ property, reason: `must be an array of strings (got ${typeof v})` }];
    const problems: ArgumentProblem[] = [];
    v.forEach((item, i) => {
        if (isUnknown(item, opts)) return;
        if (typeof item !== "string") problems.push({ property: `${property}[${i}]`, reason: `must be a string (got ${typeof item})` });
        else if (!valid(item)) problems.push({ property: `${property}[${i}]`, reason: `${JSON.stringify(item)} is not ${what}` });
    });
    return problems;
}

/** Problems with the arguments of {@link createCertificateAuthority}; empty when they are valid. */
export function certificateAuthorityProblems(args: Record<string, unknown>, opts?: ProblemOptions): ArgumentProblem[] {
    const problems: ArgumentProblem[] = [];
    const add = (property: string, reason: string | undefined) => {
        if (reason !== undefined) problems.push({ property, reason });
    };
    if (!isUnknown(args.commonName, opts)) add("commonName", nameProblem(args.commonName));
    if (args.organization !== undefined && !isUnknown(args.organization, opts)) add("organization", nameProblem(args.organization));
    if (!isUnknown(args.validityDays, opts)) add("validityDays", validityProblem(args.validityDays));
    if (!isUnknown(args.keyBits, opts)) add("keyBits", keyBitsProblem(args.keyBits));
    add("now", nowProblem(args.now));
    return problems;
}

/** Reads a CA certificate and key, or explains what is wrong with them. */
function loadCa(
    caCertPem: unknown,
    caKeyPem: unknown,
    opts: ProblemOptions | undefined,
): { problems: ArgumentProblem[]; cert?: import("node:crypto").X509Certificate; key?: import("node:crypto").KeyObject } {
    const crypto: typeof import("node:crypto") = require("node:crypto");
    const problems: ArgumentProblem[] = [];
    let cert: import("node:crypto").X509Certificate | undefined;
    let key: import("node:crypto").KeyObject | undefined;
    if (!isUnknown(caCertPem, opts)) {
        const count = typeof caCertPem === "string" ? (caCertPem.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length : 0;
        if (typeof caCertPem !== "string" || count === 0) {
            problems.push({ property: "caCertPem", reason: "must be a PEM certificate (-----BEGIN CERTIFICATE-----)" });
        } else if (count > 1) {
            problems.push({ property: "caCertPem", reason: `must contain exactly one certificate, the issuing CA (got ${count})` });
        } else {
            try {
                cert = new crypto.X509Certificate(caCertPem);
            } catch {
                problems.push({ property: "caCertPem", reason: "must be a PEM certificate (-----BEGIN CERTIFICATE-----); it could not be parsed" });
            }
            if (cert && !cert.ca) {
                problems.push({
                    property: "caCertPem",
                    reason: `is not a CA certificate (basicConstraints cA is not true; subject ${cert.subject.replace(/\n/g, ", ")})`,
                });
                cert = undefined;
            } else if (cert && cert.publicKey.asymmetricKeyType !== "rsa") {
                problems.push({ property: "caCertPem", reason: `must have an RSA public key (got ${cert.publicKey.asymmetricKeyType})` });
                cert = undefined;
            }
        }
    }
    if (!isUnknown(caKeyPem, opts)) {
        try {
            if (typeof caKeyPem !== "string" || !caKeyPem.includes("-----BEGIN")) throw new Error("not PEM");
            key = crypto.createPrivateKey({ key: caKeyPem, format: "pem" });
            if (key.asymmetricKeyType !== "rsa") throw new Error("not RSA");
        } catch {
            key = undefined;
            problems.push({ property: "caKeyPem", reason: "must be an RSA private key in PKCS#1 or PKCS#8 PEM" });
        }
    }
    if (cert && key && !cert.checkPrivateKey(key)) {
        problems.push({ property: "caKeyPem", reason: "does not match the public key of caCertPem; pass the key of that CA certificate" });
    }
    return { problems, cert, key };
}

/** Problems with the arguments of {@link signCertificate}; empty when they are valid. */
export function signCertificateProblems(args: Record<string, unknown>, opts?: ProblemOptions): ArgumentProblem[] {
    const problems: ArgumentProblem[] = [...loadCa(args.caCertPem, args.caKeyPem, opts).problems];
    const add = (property: string, reason: string | undefined) => {
        if (reason !== undefined) problems.push({ property, reason });
    };
    if (!isUnknown(args.commonName, opts)) add("commonName", nameProblem(args.commonName));
    problems.push(...stringListProblems("dnsNames", args.dnsNames, isDnsName, "a valid DNS name", opts));
    problems.push(...stringListProblems("ipAddresses", args.ipAddresses, isIpAddress, "an IPv4 or IPv6 address", opts));
    const usages = args.usages;
    if (!isUnknown(usages, opts)) {
        if (!Array.isArray(usages) || usages.length === 0) {
            add("usages", `must list at least one of "server" and "client"`);
        } else {
            usages.forEach((u, i) => {
                if (!isUnknown(u, opts) && u !== "server" && u !== "client") add(`usages[${i}]`, `${JSON.stringify(u)} must be "server" or "client"`);
            });
        }
    }
    if (!isUnknown(args.validityDays, opts)) add("validityDays", validityProblem(args.validityDays));
    if (!isUnknown(args.keyBits, opts)) add("keyBits", keyBitsProblem(args.keyBits));
    add("now", nowProblem(args.now));
    return problems;
}

/** `usages` without duplicates, in the canonical order server, client. */
export function normalizeUsages(usages: readonly CertificateUsage[]): CertificateUsage[] {
    const out: CertificateUsage[] = [];
    if (usages.includes("server")) out.push("server");
    if (usages.includes("client")) out.push("client");
    return out;
}

function throwProblems(problems: ArgumentProblem[]): void {
    if (problems.length === 0) return;
    throw new Error(problems.map((p) => `${p.property} ${p.reason}`).join("; "));
}

/** A random, positive, 128-bit serial number in minimal DER form, as hex. */
function randomSerial(): string {
    const crypto: typeof import("node:crypto") = require("node:crypto");
    const bytes = crypto.randomBytes(16);
    bytes[0] = 0x01 + (bytes[0] % 0x7f);
    return bytes.toString("hex");
}

/** An RSA key pair: the public key as SPKI PEM, the private key as PKCS#1 PEM. */
function rsaKeyPair(bits: number): { publicPem: string; privatePem: string } {
    const crypto: typeof import("node:crypto") = require("node:crypto");
    const { publicKey, privateKey } = crypto.generateKeyPairSync("rsa", {
        modulusLength: bits,
        publicKeyEncoding: { type: "spki", format: "pem" },
        privateKeyEncoding: { type: "pkcs1", format: "pem" },
    });
    return { publicPem: publicKey, privatePem: privateKey };
}

/** Issue time truncated to whole seconds, which is all X.509 keeps. */
function issueTimes(now: Date | undefined, validityDays: number): { notBefore: Date; notAfter: Date } {
    const t = Math.floor((now ?? new Date()).getTime() / 1000) * 1000;
    return { notBefore: new Date(t - BACKDATE_SECONDS * 1000), notAfter: new Date(t + validityDays * 86_400_000) };
}

/**
 * Signs `cert` (a node-forge certificate with everything but the signature)
 * with `key` using sha256WithRSAEncryption, natively. `issuerDn`, when given,
 * is the issuer Name exactly as encoded in the CA certificate, so chain
 * building compares identical bytes whatever string types the CA used.
 */
function signNatively(cert: any, key: import("node:crypto").KeyObject, issuerDn?: unknown): string {
    const crypto: typeof import("node:crypto") = require("node:crypto");
    const forge: typeof import("node-forge") = require("node-forge");
    const oid = forge.pki.oids.sha256WithRSAEncryption;
    cert.siginfo.algorithmOid = oid;
    cert.signatureOid = oid;
    cert.signatureParameters = {};
    cert.siginfo.parameters = {};
    const tbs = (forge.pki as any).getTBSCertificate(cert);
    // TBSCertificate: [0] version, serialNumber, signature, issuer, validity, subject, ...
    if (issuerDn !== undefined) (tbs as any).value[3] = issuerDn;
    const tbsDer = Buffer.from(forge.asn1.toDer(tbs).getBytes(), "binary");
    cert.tbsCertificate = tbs;
    cert.signature = crypto.sign("sha256", tbsDer, key).toString("binary");
    return forge.pki.certificateToPem(cert).replace(/\r\n/g, "\n");
}

function subjectAttributes(commonName: string, organization: string | undefined): any[] {
    const forge: typeof import("node-forge") = require("node-forge");
    const utf8 = forge.asn1.Type.UTF8;
    const attrs: any[] = [];
    if (organization !== undefined) attrs.push({ shortName: "O", value: organization, valueTagClass: utf8 });
    attrs.push({ shortName: "CN", value: commonName, valueTagClass: utf8 });
    return attrs;
}

/** A fresh key pair and an unsigned certificate for it, with serial and validity set. */
function newCertificate(keyBits: number | undefined, validityDays: number | undefined, now: Date | undefined) {
    const forge: typeof import("node-forge") = require("node-forge");
    const { publicPem, privatePem } = rsaKeyPair(keyBits ?? DEFAULT_KEY_BITS);
    const { notBefore, notAfter } = issueTimes(now, validityDays ?? DEFAULT_VALIDITY_DAYS);
    const cert: any = forge.pki.createCertificate();
    cert.publicKey = forge.pki.publicKeyFromPem(publicPem);
    cert.serialNumber = randomSerial();
    cert.validity.notBefore = notBefore;
    cert.validity.notAfter = notAfter;
    return { cert, privatePem, notAfter };
}

/**
 * Creates a self-signed certificate authority: basicConstraints cA=true
 * (critical), keyUsage keyCertSign, cRLSign, digitalSignature (critical),
 * subjectKeyIdentifier, subject CN (and O when given), sha256WithRSAEncryption,
 * RSA key in PKCS#1 PEM. Throws an Error naming the field when an argument is invalid.
 */
export function createCertificateAuthority(args: CreateCertificateAuthorityArgs): GeneratedCertificate {
    throwProblems(certificateAuthorityProblems(args as unknown as Record<string, unknown>));
    const crypto: typeof import("node:crypto") = require("node:crypto");
    const forge: typeof import("node-forge") = require("node-forge");
    const { cert, privatePem, notAfter } = newCertificate(args.keyBits, args.validityDays, args.now);
    const subject = subjectAttributes(args.commonName, args.organization);
    cert.setSubject(subject);
    cert.setIssuer(subject);
    cert.setExtensions([
        { name: "basicConstraints", cA: true, critical: true },
        { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
        { name: "subjectKeyIdentifier" },
    ]);
    const certPem = signNatively(cert, crypto.createPrivateKey(privatePem));
    return { certPem, keyPem: privatePem, notAfter: notAfter.toISOString(), serialNumber: cert.serialNumber };
}

/**
 * Creates a key and a certificate for it signed by the given CA:
 * basicConstraints cA=false (critical), keyUsage digitalSignature and
 * keyEncipherment (critical), extendedKeyUsage from `usages`,
 * subjectAltName only when DNS names or IP addresses are given,
 * subjectKeyIdentifier, authorityKeyIdentifier, issuer = the CA's subject.
 * Throws an Error naming the field when an argument is invalid or the CA has expired.
 */
export function signCertificate(args: SignCertificateArgs): GeneratedCertificate {
    const record = args as unknown as Record<string, unknown>;
    throwProblems(signCertificateProblems(record));
    const forge: typeof import("node-forge") = require("node-forge");
    const ca = loadCa(args.caCertPem, args.caKeyPem, undefined);
    const caX509 = ca.cert!;
    const caKey = ca.key!;
    const issuedAt = args.now ?? new Date();
    if (new Date(caX509.validTo).getTime() <= issuedAt.getTime()) {
        throw new Error(`caCertPem expired on ${new Date(caX509.validTo).toISOString()}; renew the certificate authority (replace it) before signing with it`);
    }

    const caCert: any = forge.pki.certificateFromPem(args.caCertPem);
    const caKeyUsage = caCert.getExtension("keyUsage");
    if (caKeyUsage && !caKeyUsage.keyCertSign) throw new Error("caCertPem has a keyUsage extension without keyCertSign, so it cannot sign certificates");
    const caTbs = caCert.tbsCertificate;
    // The version field [0] is absent from v1 certificates.
    const hasVersion = caTbs.value[0].tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && caTbs.value[0].type === 0;
    const caSubjectDn = caTbs.value[hasVersion ? 5 : 4];
    const caSki = caCert.getExtension("subjectKeyIdentifier");
    const authorityKeyId: string = caSki ? forge.util.hexToBytes(caSki.subjectKeyIdentifier) : caCert.generateSubjectKeyIdentifier().getBytes();

    const usages = normalizeUsages(args.usages);
    const dnsNames = args.dnsNames ?? [];
    const ipAddresses = args.ipAddresses ?? [];
    const { cert, privatePem, notAfter } = newCertificate(args.keyBits, args.validityDays, args.now);
    cert.setSubject(subjectAttributes(args.commonName, undefined));
    // Replaced by the CA's encoded subject when signing; set for completeness of the forge object.
    cert.setIssuer(subjectAttributes(args.commonName, undefined));
    const extensions: any[] = [
        { name: "basicConstraints", cA: false, critical: true },
        { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
        { name: "extKeyUsage", serverAuth: usages.includes("server"), clientAuth: usages.includes("client") },
    ];
    if (dnsNames.length + ipAddresses.length > 0) {
        extensions.push({
            name: "subjectAltName",
            altNames: [
                ...dnsNames.map((d) => ({ type: 2, value: d })),
                ...ipAddresses.map((ip) => ({ type: 7, value: ipAddressBytes(ip).toString("binary") })),
            ],
        });
    }
    extensions.push({ name: "subjectKeyIdentifier" }, { name: "authorityKeyIdentifier", keyIdentifier: authorityKeyId });
    cert.setExtensions(extensions);
    const certPem = signNatively(cert, caKey, caSubjectDn);
    return { certPem, keyPem: privatePem, notAfter: notAfter.toISOString(), serialNumber: cert.serialNumber };
}
