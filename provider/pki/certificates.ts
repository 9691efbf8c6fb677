/**
 * X.509 material for the mesh: a self-signed certificate authority and
 * certificates signed by one. Pure functions, no Pulumi.
 *
 * Certificate authorities are always RSA, their keys PKCS#1 PEM
 * (`-----BEGIN RSA PRIVATE KEY-----`): the Skupper v1 site controller reads
 * `tls.key` of an existing CA secret with x509.ParsePKCS1PrivateKey and exits
 * on anything else. Signed (leaf) certificates carry an ECDSA P-256 key by
 * default (SEC1 PEM, `-----BEGIN EC PRIVATE KEY-----`), or an RSA key (PKCS#1
 * PEM) when asked: Skupper only copies a link's key into the router, which
 * loads it with OpenSSL. Either way the certificate is signed by the RSA CA
 * with sha256WithRSAEncryption and carries the same extensions.
 *
 * Keys are generated with Node's asynchronous crypto.generateKeyPair, on
 * libuv's thread pool: an RSA-2048 key costs a quarter of a second of CPU,
 * and a provider process must keep answering (and generate the next keys in
 * parallel) meanwhile.
 *
 * These functions run inside the resource operations, which the migration
 * test still serializes as dynamic providers (see ./authority.ts),
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
/** Key algorithms of a signed certificate. */
export type KeyAlgorithm = "RSA" | "ECDSA-P256";
/** Accepted key algorithms of a signed certificate. */
export const KEY_ALGORITHM_CHOICES = ["RSA", "ECDSA-P256"];
/** Key algorithm of a new signed certificate when none is given (and no keyBits, which implies RSA). */
export const DEFAULT_KEY_ALGORITHM = "ECDSA-P256";
/** Key algorithm of a signed certificate recorded before keyAlgorithm existed: they were all RSA. */
export const LEGACY_KEY_ALGORITHM = "RSA";
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
    /** The certificate's key: "ECDSA-P256" (SEC1 PEM) or "RSA" (PKCS#1 PEM). Default "ECDSA-P256", or "RSA" when keyBits is given. */
    keyAlgorithm?: KeyAlgorithm;
    /** RSA modulus length: 2048 (default), 3072 or 4096. Only with keyAlgorithm "RSA". */
    keyBits?: number;
    /** Issue time; defaults to the current time. */
    now?: Date;
}

/** A certificate and its freshly generated key. */
export interface GeneratedCertificate {
    /** The certificate, PEM. */
    certPem: string;
    /** The certificate's private key: RSA as PKCS#1 PEM (`-----BEGIN RSA PRIVATE KEY-----`), ECDSA P-256 as SEC1 PEM (`-----BEGIN EC PRIVATE KEY-----`). */
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

function keyAlgorithmProblem(v: unknown): string | undefined {
    if (v === undefined) return undefined;
    if (typeof v !== "string" || !KEY_ALGORITHM_CHOICES.includes(v)) return `must be "RSA" or "ECDSA-P256" (got ${JSON.stringify(v)})`;
    return undefined;
}

/** The key algorithm `args` ask for: keyAlgorithm when given, else RSA when keyBits is given, else the default. */
export function effectiveKeyAlgorithm(args: { keyAlgorithm?: unknown; keyBits?: unknown }): unknown {
    if (args.keyAlgorithm !== undefined) return args.keyAlgorithm;
    return args.keyBits !== undefined ? "RSA" : DEFAULT_KEY_ALGORITHM;
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

/** How many CAs a process keeps parsed: a stack has a network CA and a site CA per hub. */
export const CA_CACHE_SIZE = 16;

/** A CA certificate and key as read by {@link loadCa}. */
interface LoadedCa {
    problems: ArgumentProblem[];
    cert?: import("node:crypto").X509Certificate;
    key?: import("node:crypto").KeyObject;
    /** What signing needs from the CA certificate, filled in by the first signature. */
    issuer?: { subjectDn: unknown; authorityKeyId: string };
}

/**
 * Reads a CA certificate and key, or explains what is wrong with them. A
 * valid pair is kept (up to {@link CA_CACHE_SIZE}, on globalThis since the
 * serialized provider has no module state): check and create of every
 * spoke's certificate use the same few CAs, and parsing one costs about a millisecond.
 */
function loadCa(caCertPem: unknown, caKeyPem: unknown, opts: ProblemOptions | undefined): LoadedCa {
    if (typeof caCertPem !== "string" || typeof caKeyPem !== "string") return readCa(caCertPem, caKeyPem, opts);
    const g = globalThis as { __edgeInterconnectCaCache?: Map<string, LoadedCa> };
    const cache = (g.__edgeInterconnectCaCache ??= new Map<string, LoadedCa>());
    const cacheKey = `${caCertPem}\u0000${caKeyPem}`;
    const hit = cache.get(cacheKey);
    if (hit) return hit;
    const loaded = readCa(caCertPem, caKeyPem, opts);
    if (loaded.problems.length === 0 && loaded.cert && loaded.key) {
        if (cache.size >= CA_CACHE_SIZE) cache.delete(cache.keys().next().value!);
        cache.set(cacheKey, loaded);
    }
    return loaded;
}

function readCa(caCertPem: unknown, caKeyPem: unknown, opts: ProblemOptions | undefined): LoadedCa {
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
    if (!isUnknown(args.keyAlgorithm, opts)) add("keyAlgorithm", keyAlgorithmProblem(args.keyAlgorithm));
    if (!isUnknown(args.keyBits, opts)) add("keyBits", keyBitsProblem(args.keyBits));
    if (args.keyBits !== undefined && effectiveKeyAlgorithm(args) === "ECDSA-P256") {
        add("keyBits", `applies only to keyAlgorithm "RSA" (got keyAlgorithm "ECDSA-P256"); remove keyBits or set keyAlgorithm "RSA"`);
    }
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

/**
 * A fresh key pair, generated off the event loop (libuv's thread pool): the
 * public key as SPKI DER, the private key as PEM, RSA as PKCS#1 and ECDSA
 * P-256 as SEC1 (named curve, public key included), the "traditional" forms
 * whose header names the key type, as `openssl genrsa` and `openssl ecparam -genkey` write them.
 */
function generateKeyPair(algorithm: KeyAlgorithm, bits: number): Promise<{ spkiDer: Buffer; privatePem: string }> {
    const crypto: typeof import("node:crypto") = require("node:crypto");
    return new Promise((resolve, reject) => {
        const done = (err: Error | null, publicKey: Buffer, privateKey: string) =>
            err ? reject(err) : resolve({ spkiDer: publicKey, privatePem: privateKey });
        if (algorithm === "ECDSA-P256") {
            crypto.generateKeyPair(
                "ec",
                { namedCurve: "prime256v1", publicKeyEncoding: { type: "spki", format: "der" }, privateKeyEncoding: { type: "sec1", format: "pem" } },
                done,
            );
        } else {
            crypto.generateKeyPair(
                "rsa",
                { modulusLength: bits, publicKeyEncoding: { type: "spki", format: "der" }, privateKeyEncoding: { type: "pkcs1", format: "pem" } },
                done,
            );
        }
    });
}

/**
 * The subjectKeyIdentifier of a public key, RFC 5280 4.2.1.2 method (1): the
 * SHA-1 of the subjectPublicKey BIT STRING's bits: the RSAPublicKey DER for
 * RSA (what node-forge computed before), the uncompressed point for EC.
 */
function subjectKeyId(spkiDer: Buffer): Buffer {
    const crypto: typeof import("node:crypto") = require("node:crypto");
    const key = crypto.createPublicKey({ key: spkiDer, format: "der", type: "spki" });
    let bits: Buffer;
    if (key.asymmetricKeyType === "rsa") {
        bits = key.export({ type: "pkcs1", format: "der" });
    } else {
        const jwk = key.export({ format: "jwk" });
        bits = Buffer.concat([Buffer.from([0x04]), Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url")]);
    }
    return crypto.createHash("sha1").update(bits).digest();
}

/** Issue time truncated to whole seconds, which is all X.509 keeps. */
function issueTimes(now: Date | undefined, validityDays: number): { notBefore: Date; notAfter: Date } {
    const t = Math.floor((now ?? new Date()).getTime() / 1000) * 1000;
    return { notBefore: new Date(t - BACKDATE_SECONDS * 1000), notAfter: new Date(t + validityDays * 86_400_000) };
}

/**
 * Signs `cert` (a node-forge certificate with everything but the signature)
 * with the RSA `key` using sha256WithRSAEncryption, natively and off the event loop.
 * The certificate's subjectPublicKeyInfo is `spkiDer` exactly as Node encoded
 * it (node-forge can only write RSA keys; this is how an EC key gets in).
 * `issuerDn`, when given, is the issuer Name exactly as encoded in the CA
 * certificate, so chain building compares identical bytes whatever string types the CA used.
 */
async function signNatively(cert: any, spkiDer: Buffer, key: import("node:crypto").KeyObject, issuerDn?: unknown): Promise<string> {
    const crypto: typeof import("node:crypto") = require("node:crypto");
    const forge: typeof import("node-forge") = require("node-forge");
    const oid = forge.pki.oids.sha256WithRSAEncryption;
    cert.siginfo.algorithmOid = oid;
    cert.signatureOid = oid;
    cert.signatureParameters = {};
    cert.siginfo.parameters = {};
    const tbs = (forge.pki as any).getTBSCertificate(cert);
    // TBSCertificate: [0] version, serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, ...
    if (issuerDn !== undefined) (tbs as any).value[3] = issuerDn;
    (tbs as any).value[6] = forge.asn1.fromDer(spkiDer.toString("binary"), { decodeBitStrings: false } as any);
    const tbsDer = Buffer.from(forge.asn1.toDer(tbs).getBytes(), "binary");
    const signature = await new Promise<Buffer>((resolve, reject) => crypto.sign("sha256", tbsDer, key, (err, sig) => (err ? reject(err) : resolve(sig))));
    // The certificate, DER: SEQUENCE { tbsCertificate, signatureAlgorithm, signature BIT STRING }.
    const asn1 = forge.asn1;
    const certAsn1 = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        tbs,
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
            asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(oid).getBytes()),
            asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, ""),
        ]),
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, String.fromCharCode(0x00) + signature.toString("binary")),
    ]);
    const der = Buffer.from(asn1.toDer(certAsn1).getBytes(), "binary");
    return `-----BEGIN CERTIFICATE-----\n${der
        .toString("base64")
        .match(/.{1,64}/g)!
        .join("\n")}\n-----END CERTIFICATE-----\n`;
}

/** The subjectKeyIdentifier extension for `spkiDer`, value given (node-forge would hash its own placeholder key). */
function subjectKeyIdExtension(spkiDer: Buffer): any {
    const forge: typeof import("node-forge") = require("node-forge");
    const asn1 = forge.asn1;
    return { name: "subjectKeyIdentifier", value: asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, subjectKeyId(spkiDer).toString("binary")) };
}

function subjectAttributes(commonName: string, organization: string | undefined): any[] {
    const forge: typeof import("node-forge") = require("node-forge");
    const utf8 = forge.asn1.Type.UTF8;
    const attrs: any[] = [];
    if (organization !== undefined) attrs.push({ shortName: "O", value: organization, valueTagClass: utf8 });
    attrs.push({ shortName: "CN", value: commonName, valueTagClass: utf8 });
    return attrs;
}

/**
 * A fresh key pair and an unsigned certificate for it, with serial and
 * validity set. The forge certificate holds a placeholder RSA public key
 * (forge cannot hold an EC one); {@link signNatively} puts `spkiDer` in its place.
 */
async function newCertificate(algorithm: KeyAlgorithm, keyBits: number | undefined, validityDays: number | undefined, now: Date | undefined) {
    const forge: typeof import("node-forge") = require("node-forge");
    const { spkiDer, privatePem } = await generateKeyPair(algorithm, keyBits ?? DEFAULT_KEY_BITS);
    const { notBefore, notAfter } = issueTimes(now, validityDays ?? DEFAULT_VALIDITY_DAYS);
    const cert: any = forge.pki.createCertificate();
    const one = new forge.jsbn.BigInteger("1", 10);
    cert.publicKey = forge.pki.setRsaPublicKey(one, one);
    cert.serialNumber = randomSerial();
    cert.validity.notBefore = notBefore;
    cert.validity.notAfter = notAfter;
    return { cert, spkiDer, privatePem, notAfter };
}

/**
 * Creates a self-signed certificate authority: basicConstraints cA=true
 * (critical), keyUsage keyCertSign, cRLSign, digitalSignature (critical),
 * subjectKeyIdentifier, subject CN (and O when given), sha256WithRSAEncryption,
 * RSA key in PKCS#1 PEM, generated off the event loop. Rejects with an Error
 * naming the field when an argument is invalid.
 */
export async function createCertificateAuthority(args: CreateCertificateAuthorityArgs): Promise<GeneratedCertificate> {
    throwProblems(certificateAuthorityProblems(args as unknown as Record<string, unknown>));
    const crypto: typeof import("node:crypto") = require("node:crypto");
    const { cert, spkiDer, privatePem, notAfter } = await newCertificate("RSA", args.keyBits, args.validityDays, args.now);
    const subject = subjectAttributes(args.commonName, args.organization);
    cert.setSubject(subject);
    cert.setIssuer(subject);
    cert.setExtensions([
        { name: "basicConstraints", cA: true, critical: true },
        { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
        subjectKeyIdExtension(spkiDer),
    ]);
    const certPem = await signNatively(cert, spkiDer, crypto.createPrivateKey(privatePem));
    return { certPem, keyPem: privatePem, notAfter: notAfter.toISOString(), serialNumber: cert.serialNumber };
}

/**
 * What signing with a loaded CA needs from its certificate: the subject Name
 * exactly as encoded, and its key identifier; read once per CA and kept.
 */
function issuerOf(ca: LoadedCa, caCertPem: string): { subjectDn: unknown; authorityKeyId: string } {
    if (ca.issuer !== undefined) return ca.issuer;
    const forge: typeof import("node-forge") = require("node-forge");
    const caCert: any = forge.pki.certificateFromPem(caCertPem);
    const caKeyUsage = caCert.getExtension("keyUsage");
    if (caKeyUsage && !caKeyUsage.keyCertSign) throw new Error("caCertPem has a keyUsage extension without keyCertSign, so it cannot sign certificates");
    const caTbs = caCert.tbsCertificate;
    // The version field [0] is absent from v1 certificates.
    const hasVersion = caTbs.value[0].tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && caTbs.value[0].type === 0;
    const caSki = caCert.getExtension("subjectKeyIdentifier");
    ca.issuer = {
        subjectDn: caTbs.value[hasVersion ? 5 : 4],
        authorityKeyId: caSki ? forge.util.hexToBytes(caSki.subjectKeyIdentifier) : caCert.generateSubjectKeyIdentifier().getBytes(),
    };
    return ca.issuer;
}

/**
 * Creates a key (ECDSA P-256 by default, or RSA; see {@link SignCertificateArgs.keyAlgorithm})
 * and a certificate for it signed by the given RSA CA with sha256WithRSAEncryption:
 * basicConstraints cA=false (critical), keyUsage digitalSignature and
 * keyEncipherment (critical), extendedKeyUsage from `usages`,
 * subjectAltName only when DNS names or IP addresses are given,
 * subjectKeyIdentifier, authorityKeyIdentifier, issuer = the CA's subject.
 * The same extensions whatever the key algorithm. Rejects with an Error naming
 * the field when an argument is invalid or the CA has expired.
 */
export async function signCertificate(args: SignCertificateArgs): Promise<GeneratedCertificate> {
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

    const { subjectDn: caSubjectDn, authorityKeyId } = issuerOf(ca, args.caCertPem);

    const usages = normalizeUsages(args.usages);
    const dnsNames = args.dnsNames ?? [];
    const ipAddresses = args.ipAddresses ?? [];
    const algorithm = effectiveKeyAlgorithm(args) as KeyAlgorithm;
    const { cert, spkiDer, privatePem, notAfter } = await newCertificate(algorithm, args.keyBits, args.validityDays, args.now);
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
    extensions.push(subjectKeyIdExtension(spkiDer), { name: "authorityKeyIdentifier", keyIdentifier: authorityKeyId });
    cert.setExtensions(extensions);
    const certPem = await signNatively(cert, spkiDer, caKey, caSubjectDn);
    return { certPem, keyPem: privatePem, notAfter: notAfter.toISOString(), serialNumber: cert.serialNumber };
}

/** Arguments of {@link createIntermediateAuthority}. */
export interface CreateIntermediateAuthorityArgs {
    /** The issuing (root) CA certificate, PEM, RSA. */
    caCertPem: string;
    /** The issuing CA's RSA key, PKCS#1 or PKCS#8 PEM. */
    caKeyPem: string;
    /** Subject CN of the intermediate (at most 64 characters). */
    commonName: string;
    /** Subject O, when given. */
    organization?: string;
    /**
     * The only DNS name subtree certificates under this CA may name
     * (nameConstraints permittedSubtrees dNSName). Every IPv4 and IPv6
     * address is excluded whatever this is.
     */
    permittedDnsDomain: string;
    /** Days from `now` to notAfter; never past the issuing CA's notAfter. Default 1825. */
    validityDays?: number;
    /** RSA modulus length: 2048 (default), 3072 or 4096. */
    keyBits?: number;
    /** Issue time; defaults to the current time. */
    now?: Date;
}

/** Problems with the arguments of {@link createIntermediateAuthority}; empty when they are valid. */
export function intermediateAuthorityProblems(args: Record<string, unknown>, opts?: ProblemOptions): ArgumentProblem[] {
    const problems = [...loadCa(args.caCertPem, args.caKeyPem, opts).problems, ...certificateAuthorityProblems(args, opts)];
    const domain = args.permittedDnsDomain;
    if (!isUnknown(domain, opts) && (typeof domain !== "string" || !isDnsName(domain) || domain.startsWith("*")))
        problems.push({
            property: "permittedDnsDomain",
            reason: `must be a DNS name such as "shard-a.store-hub.edge-interconnect.invalid" (got ${JSON.stringify(domain)})`,
        });
    return problems;
}

/**
 * NameConstraints (RFC 5280 4.2.1.10), DER as a node-forge ASN.1 object:
 * permitted dNSName `domain`; excluded every IPv4 (0.0.0.0/0) and IPv6 (::/0)
 * address. node-forge has no encoder for this extension.
 */
function nameConstraintsValue(domain: string): any {
    const forge: typeof import("node-forge") = require("node-forge");
    const asn1 = forge.asn1;
    const ctx = asn1.Class.CONTEXT_SPECIFIC;
    const subtree = (base: any) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [base]);
    const dns = asn1.create(ctx, 2, false, domain);
    // iPAddress in a constraint: address then mask, all zeros = every address of that family.
    const ip = (bytes: number) => asn1.create(ctx, 7, false, "\u0000".repeat(bytes));
    return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        asn1.create(ctx, 0, true, [subtree(dns)]),
        asn1.create(ctx, 1, true, [subtree(ip(8)), subtree(ip(32))]),
    ]);
}

/**
 * Creates an intermediate CA signed by the given RSA CA, for handing out
 * the right to sign link client certificates without the CA's own key:
 * basicConstraints cA=true with pathLenConstraint 0 (critical: it can sign
 * leaf certificates only, no further CA), keyUsage keyCertSign, cRLSign,
 * digitalSignature (critical), extendedKeyUsage clientAuth only (OpenSSL
 * refuses its leaves as TLS servers: they cannot pose as a router's
 * listener), nameConstraints (critical: DNS names only under
 * `permittedDnsDomain`, no IP address at all), subject and authority key
 * identifiers, RSA key in PKCS#1 PEM (as {@link loadCa} and Skupper v1 read
 * a CA key). Its notAfter never passes the issuing CA's.
 */
export async function createIntermediateAuthority(args: CreateIntermediateAuthorityArgs): Promise<GeneratedCertificate> {
    throwProblems(intermediateAuthorityProblems(args as unknown as Record<string, unknown>));
    const ca = loadCa(args.caCertPem, args.caKeyPem, undefined);
    const issuedAt = args.now ?? new Date();
    const caNotAfter = new Date(ca.cert!.validTo);
    if (caNotAfter.getTime() <= issuedAt.getTime())
        throw new Error(`caCertPem expired on ${caNotAfter.toISOString()}; renew the certificate authority (replace it) before signing with it`);
    const { subjectDn, authorityKeyId } = issuerOf(ca, args.caCertPem);
    const { cert, spkiDer, privatePem, notAfter } = await newCertificate("RSA", args.keyBits, args.validityDays, args.now);
    // An intermediate outliving its issuer would only carry a date no verifier accepts.
    const effectiveNotAfter = notAfter.getTime() > caNotAfter.getTime() ? caNotAfter : notAfter;
    cert.validity.notAfter = effectiveNotAfter;
    const subject = subjectAttributes(args.commonName, args.organization);
    cert.setSubject(subject);
    cert.setIssuer(subject);
    cert.setExtensions([
        { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
        { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
        { name: "extKeyUsage", clientAuth: true },
        { id: "2.5.29.30", critical: true, value: nameConstraintsValue(args.permittedDnsDomain) },
        subjectKeyIdExtension(spkiDer),
        { name: "authorityKeyIdentifier", keyIdentifier: authorityKeyId },
    ]);
    const certPem = await signNatively(cert, spkiDer, ca.key!, subjectDn);
    return { certPem, keyPem: privatePem, notAfter: effectiveNotAfter.toISOString(), serialNumber: cert.serialNumber };
}
