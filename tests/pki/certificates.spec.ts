/**
 * The pure X.509 functions, checked with the openssl binary: chains verify,
 * CA keys (and leaf keys asked for as RSA) are PKCS#1 RSA, default leaf keys
 * are SEC1 ECDSA P-256, keys match their certificates, extensions are exactly
 * what Skupper and cert-manager expect whatever the key type, and bad
 * arguments are named.
 */
import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import {
    CertificateUsage,
    GeneratedCertificate,
    PREVIEW_UNKNOWN,
    createCertificateAuthority,
    ipAddressBytes,
    isDnsName,
    isIpAddress,
    signCertificate,
    signCertificateProblems,
    certificateAuthorityProblems,
} from "../../provider/pki/certificates";
import { OpensslWorkspace } from "./openssl";

const PKCS1_HEADER = "-----BEGIN RSA PRIVATE KEY-----";
const SEC1_HEADER = "-----BEGIN EC PRIVATE KEY-----";

function hexColons(hex: string): string {
    return hex.toUpperCase().match(/../g)!.join(":");
}

describe("pki certificates (openssl)", function () {
    this.timeout(20_000);
    let ws: OpensslWorkspace;
    let ca1: GeneratedCertificate;
    let ca2: GeneratedCertificate;
    let server: GeneratedCertificate;
    let token: GeneratedCertificate;

    before(async () => {
        ws = new OpensslWorkspace();
        ca1 = await createCertificateAuthority({ commonName: "Interconnect Network CA", organization: "Edge Interconnect" });
        ca2 = await createCertificateAuthority({ commonName: "hub-a-site-ca" });
        server = await signCertificate({
            caCertPem: ca1.certPem,
            caKeyPem: ca1.keyPem,
            commonName: "skupper-site-server",
            dnsNames: ["skupper-inter-router.skupper.svc.cluster.local", "*.hub-a.example.com"],
            ipAddresses: ["192.0.2.10", "2001:db8::10"],
            usages: ["server", "client"],
            keyAlgorithm: "RSA",
        });
        token = await signCertificate({ caCertPem: ca1.certPem, caKeyPem: ca1.keyPem, commonName: "spoke-1-link", usages: ["client"], keyAlgorithm: "RSA" });
    });
    after(() => ws?.cleanup());

    it("creates a self-signed CA with critical basicConstraints and keyUsage, a subject key id, CN and O", async () => {
        assert.equal(
            ws.x509(ca1.certPem, "-ext", "basicConstraints,keyUsage,extendedKeyUsage,subjectAltName"),
            ["X509v3 Basic Constraints: critical", "    CA:TRUE", "X509v3 Key Usage: critical", "    Digital Signature, Certificate Sign, CRL Sign"].join("\n"),
        );
        assert.equal(ws.x509(ca1.certPem, "-subject"), "subject=O = Edge Interconnect, CN = Interconnect Network CA");
        assert.equal(ws.x509(ca1.certPem, "-issuer"), "issuer=O = Edge Interconnect, CN = Interconnect Network CA");
        assert.equal(ws.x509(ca2.certPem, "-subject"), "subject=CN = hub-a-site-ca");
        assert.match(ws.x509(ca1.certPem, "-ext", "subjectKeyIdentifier"), /^X509v3 Subject Key Identifier:\n {4}([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
        assert.match(ws.x509(ca1.certPem, "-text"), /Signature Algorithm: sha256WithRSAEncryption/);
        assert.deepEqual(ws.verify(ca1.certPem, ca1.certPem), { status: 0, output: "leaf.crt: OK" });
    });

    it("emits every key as RSA PKCS#1 PEM that openssl accepts and that matches its certificate", async () => {
        for (const m of [ca1, ca2, server, token]) {
            assert.equal(m.keyPem.split("\n")[0], PKCS1_HEADER);
            assert.equal(m.keyPem.trimEnd().split("\n").pop(), "-----END RSA PRIVATE KEY-----");
            assert.deepEqual(ws.keyCheck(m.keyPem), { status: 0, output: "RSA key ok" });
            assert.equal(ws.keySize(m.keyPem), "Private-Key: (2048 bit, 2 primes)");
            const modulus = ws.certModulus(m.certPem);
            assert.match(modulus, /^Modulus=[0-9A-F]{512}$/);
            assert.equal(ws.keyModulus(m.keyPem), modulus);
        }
        assert.notEqual(ws.keyModulus(server.keyPem), ws.keyModulus(token.keyPem), "every certificate gets its own key");
    });

    it("reports serial number and notAfter as openssl reads them, with distinct positive 128-bit serials", async () => {
        const all = [ca1, ca2, server, token];
        for (const m of all) {
            assert.match(m.serialNumber, /^[0-7][0-9a-f]{31}$/);
            assert.notEqual(m.serialNumber.slice(0, 2), "00");
            assert.equal(ws.x509(m.certPem, "-serial"), `serial=${m.serialNumber.toUpperCase()}`);
            assert.equal(new Date(ws.x509(m.certPem, "-enddate").replace("notAfter=", "")).toISOString(), m.notAfter);
        }
        assert.equal(new Set(all.map((m) => m.serialNumber)).size, 4);
    });

    it("uses the given issue time: notBefore five minutes earlier, notAfter validityDays later, whole seconds", async () => {
        const ca = await createCertificateAuthority({ commonName: "dated", validityDays: 30, now: new Date("2025-03-01T12:00:00.750Z") });
        assert.equal(ca.notAfter, "2025-03-31T12:00:00.000Z");
        assert.equal(ws.x509(ca.certPem, "-startdate", "-enddate"), "notBefore=Mar  1 11:55:00 2025 GMT\nnotAfter=Mar 31 12:00:00 2025 GMT");
    });

    it("signs a server+client leaf: verifies against its CA, with exactly the requested extensions", async () => {
        assert.deepEqual(ws.verify(ca1.certPem, server.certPem), { status: 0, output: "leaf.crt: OK" });
        assert.equal(ws.verify(ca1.certPem, server.certPem, "-purpose", "sslserver").status, 0);
        assert.equal(ws.verify(ca1.certPem, server.certPem, "-purpose", "sslclient").status, 0);
        assert.equal(
            ws.x509(server.certPem, "-ext", "basicConstraints,keyUsage,extendedKeyUsage,subjectAltName"),
            [
                "X509v3 Basic Constraints: critical",
                "    CA:FALSE",
                "X509v3 Key Usage: critical",
                "    Digital Signature, Key Encipherment",
                "X509v3 Extended Key Usage:",
                "    TLS Web Server Authentication, TLS Web Client Authentication",
                "X509v3 Subject Alternative Name:",
                "    DNS:skupper-inter-router.skupper.svc.cluster.local, DNS:*.hub-a.example.com, IP Address:192.0.2.10, IP Address:2001:DB8:0:0:0:0:0:10",
            ].join("\n"),
        );
        assert.equal(
            ws.x509(server.certPem, "-subject", "-issuer"),
            "subject=CN = skupper-site-server\nissuer=O = Edge Interconnect, CN = Interconnect Network CA",
        );
    });

    it("sets subjectKeyIdentifier to the SHA-1 of the public key, and authorityKeyIdentifier to the CA's", async () => {
        const caSki = ws.x509(ca1.certPem, "-ext", "subjectKeyIdentifier").split("\n")[1].trim();
        const rsaPublicKey = crypto.createPublicKey(ca1.certPem).export({ type: "pkcs1", format: "der" });
        assert.equal(caSki, hexColons(crypto.createHash("sha1").update(rsaPublicKey).digest("hex")));
        const aki = ws.x509(server.certPem, "-ext", "authorityKeyIdentifier").split("\n")[1].trim();
        assert.equal(aki, caSki);
        assert.notEqual(ws.x509(server.certPem, "-ext", "subjectKeyIdentifier").split("\n")[1].trim(), caSki, "the leaf has its own key id");
    });

    it("signs a Skupper token client certificate: CN = token name, clientAuth only, no SANs", async () => {
        assert.equal(ws.x509(token.certPem, "-subject"), "subject=CN = spoke-1-link");
        assert.equal(
            ws.x509(token.certPem, "-ext", "basicConstraints,keyUsage,extendedKeyUsage,subjectAltName"),
            [
                "X509v3 Basic Constraints: critical",
                "    CA:FALSE",
                "X509v3 Key Usage: critical",
                "    Digital Signature, Key Encipherment",
                "X509v3 Extended Key Usage:",
                "    TLS Web Client Authentication",
            ].join("\n"),
        );
        assert.equal(ws.verify(ca1.certPem, token.certPem, "-purpose", "sslclient").status, 0);
        const asServer = ws.verify(ca1.certPem, token.certPem, "-purpose", "sslserver");
        assert.equal(asServer.status, 2);
        assert.equal(asServer.output, "CN = spoke-1-link\nerror 26 at 0 depth lookup: unsuitable certificate purpose\nerror leaf.crt: verification failed");
    });

    it("does not verify a leaf against another CA, not even one with the same subject", async () => {
        const other = ws.verify(ca2.certPem, server.certPem);
        assert.deepEqual(other, {
            status: 2,
            output: "CN = skupper-site-server\nerror 20 at 0 depth lookup: unable to get local issuer certificate\nerror leaf.crt: verification failed",
        });

        const twin = await createCertificateAuthority({ commonName: "Interconnect Network CA", organization: "Edge Interconnect" });
        assert.equal(ws.x509(twin.certPem, "-subject"), ws.x509(ca1.certPem, "-subject"));
        assert.equal(ws.verify(twin.certPem, server.certPem).status, 2);
        const leaf = new crypto.X509Certificate(server.certPem);
        assert.equal(leaf.verify(new crypto.X509Certificate(twin.certPem).publicKey), false, "the twin's key did not sign the leaf");
        assert.equal(leaf.verify(new crypto.X509Certificate(ca1.certPem).publicKey), true);
    });

    it("signs with a CA made by openssl: PKCS#8 key, multi-valued RDN, issuer copied byte for byte", async () => {
        const key = ws.file("", "foreign.key");
        const cert = ws.file("", "foreign.crt");
        const made = ws.run(
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            key,
            "-out",
            cert,
            "-days",
            "2",
            "-multivalue-rdn",
            "-subj",
            "/C=DE/O=Foreign+OU=Lab/CN=Foreign CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        );
        assert.equal(made.status, 0, made.stderr);
        const caKeyPem = ws.read(key);
        const caCertPem = ws.read(cert);
        assert.equal(caKeyPem.split("\n")[0], "-----BEGIN PRIVATE KEY-----");
        const leaf = await signCertificate({ caCertPem, caKeyPem, commonName: "client-x", usages: ["client"], validityDays: 1 });
        assert.equal(leaf.keyPem.split("\n")[0], SEC1_HEADER);
        assert.deepEqual(ws.verify(caCertPem, leaf.certPem), { status: 0, output: "leaf.crt: OK" });
        assert.equal(ws.x509(leaf.certPem, "-issuer"), ws.x509(caCertPem, "-subject").replace("subject=", "issuer="));
        assert.equal(ws.x509(leaf.certPem, "-issuer"), "issuer=C = DE, OU = Lab + O = Foreign, CN = Foreign CA");
    });

    it("keeps non-ASCII names intact (UTF8String) in subject and issuer", async () => {
        const ca = await createCertificateAuthority({ commonName: "Réseau Périphérie CA", organization: "Société" });
        const leaf = await signCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, commonName: "nœud-1", usages: ["client"] });
        assert.deepEqual(ws.verify(ca.certPem, leaf.certPem), { status: 0, output: "leaf.crt: OK" });
        assert.equal(ws.x509(ca.certPem, "-subject", "-nameopt", "utf8,sep_comma_plus_space"), "subject=O=Société, CN=Réseau Périphérie CA");
        assert.equal(
            ws.x509(leaf.certPem, "-subject", "-issuer", "-nameopt", "utf8,sep_comma_plus_space"),
            "subject=CN=nœud-1\nissuer=O=Société, CN=Réseau Périphérie CA",
        );
        assert.equal(new crypto.X509Certificate(leaf.certPem).checkIssued(new crypto.X509Certificate(ca.certPem)), true);
    });

    it("honours keyBits 3072", async () => {
        const ca = await createCertificateAuthority({ commonName: "big", keyBits: 3072, validityDays: 1 });
        assert.equal(ws.keySize(ca.keyPem), "Private-Key: (3072 bit, 2 primes)");
        assert.equal(ws.keyModulus(ca.keyPem), ws.certModulus(ca.certPem));
    });
});

describe("pki certificates: ECDSA P-256 leaf keys signed by the RSA CA (openssl)", function () {
    this.timeout(20_000);
    let ws: OpensslWorkspace;
    let ca: GeneratedCertificate;
    let otherCa: GeneratedCertificate;
    let ecLink: GeneratedCertificate;
    let rsaLink: GeneratedCertificate;
    let ecServer: GeneratedCertificate;
    let rsaServer: GeneratedCertificate;
    const EXTENSIONS = "basicConstraints,keyUsage,extendedKeyUsage,subjectAltName,subjectKeyIdentifier,authorityKeyIdentifier";

    before(async () => {
        ws = new OpensslWorkspace();
        [ca, otherCa] = await Promise.all([
            createCertificateAuthority({ commonName: "hub-a-site-ca" }),
            createCertificateAuthority({ commonName: "hub-b-site-ca" }),
        ]);
        const link = { caCertPem: ca.certPem, caKeyPem: ca.keyPem, commonName: "skupper-link-store-0001", usages: ["client", "server"] as CertificateUsage[] };
        const server = {
            caCertPem: ca.certPem,
            caKeyPem: ca.keyPem,
            commonName: "backend-1",
            dnsNames: ["backend-1.shop.svc.cluster.local"],
            ipAddresses: ["192.0.2.10", "2001:db8::10"],
            usages: ["server"] as CertificateUsage[],
        };
        [ecLink, rsaLink, ecServer, rsaServer] = await Promise.all([
            signCertificate(link),
            signCertificate({ ...link, keyAlgorithm: "RSA" }),
            signCertificate({ ...server, keyAlgorithm: "ECDSA-P256" }),
            signCertificate({ ...server, keyAlgorithm: "RSA" }),
        ]);
    });
    after(() => ws?.cleanup());

    it("defaults to an ECDSA P-256 key in SEC1 PEM that openssl ec -check accepts", () => {
        for (const m of [ecLink, ecServer]) {
            const lines = m.keyPem.trimEnd().split("\n");
            assert.equal(lines[0], SEC1_HEADER);
            assert.equal(lines[lines.length - 1], "-----END EC PRIVATE KEY-----");
            assert.deepEqual(ws.ecKeyCheck(m.keyPem), { status: 0, output: "read EC key\nEC Key valid." });
            assert.deepEqual(ws.ecKeyCurve(m.keyPem), { bits: "Private-Key: (256 bit)", oid: "ASN1 OID: prime256v1", nist: "NIST CURVE: P-256" });
            const key = crypto.createPrivateKey(m.keyPem);
            assert.equal(key.asymmetricKeyType, "ec");
            assert.deepEqual(key.asymmetricKeyDetails, { namedCurve: "prime256v1" });
        }
        assert.equal(rsaLink.keyPem.split("\n")[0], PKCS1_HEADER);
        assert.deepEqual(ws.keyCheck(rsaLink.keyPem), { status: 0, output: "RSA key ok" });
    });

    it("puts the key's public half in the certificate: id-ecPublicKey on prime256v1, matching the key", () => {
        for (const m of [ecLink, ecServer]) {
            const text = ws.x509(m.certPem, "-text");
            assert.match(text, /\n {12}Public Key Algorithm: id-ecPublicKey\n {16}Public-Key: \(256 bit\)\n/);
            assert.match(text, /\n {16}ASN1 OID: prime256v1\n {16}NIST CURVE: P-256\n/);
            assert.equal(ws.certPublicKey(m.certPem), ws.ecPublicKey(m.keyPem));
            assert.equal(new crypto.X509Certificate(m.certPem).checkPrivateKey(crypto.createPrivateKey(m.keyPem)), true);
        }
        assert.notEqual(ws.ecPublicKey(ecLink.keyPem), ws.ecPublicKey(ecServer.keyPem), "every certificate gets its own key");
    });

    it("is signed by the RSA site CA (sha256WithRSAEncryption) and verifies against it for client and server use", () => {
        assert.deepEqual(ws.verify(ca.certPem, ecLink.certPem), { status: 0, output: "leaf.crt: OK" });
        assert.deepEqual(ws.verify(ca.certPem, ecLink.certPem, "-purpose", "sslclient"), { status: 0, output: "leaf.crt: OK" });
        assert.deepEqual(ws.verify(ca.certPem, ecLink.certPem, "-purpose", "sslserver"), { status: 0, output: "leaf.crt: OK" });
        assert.deepEqual(ws.verify(ca.certPem, ecServer.certPem, "-purpose", "sslserver"), { status: 0, output: "leaf.crt: OK" });
        assert.equal(
            ws
                .x509(ecLink.certPem, "-text")
                .match(/Signature Algorithm: (.*)/g)!
                .join("; "),
            "Signature Algorithm: sha256WithRSAEncryption; Signature Algorithm: sha256WithRSAEncryption",
        );
        assert.equal(ws.x509(ecLink.certPem, "-subject", "-issuer"), "subject=CN = skupper-link-store-0001\nissuer=CN = hub-a-site-ca");
        assert.deepEqual(ws.verify(otherCa.certPem, ecLink.certPem), {
            status: 2,
            output: "CN = skupper-link-store-0001\nerror 20 at 0 depth lookup: unable to get local issuer certificate\nerror leaf.crt: verification failed",
        });
    });

    it("carries exactly the extensions of the RSA path", () => {
        const strip = (pem: string) =>
            ws
                .x509(pem, "-ext", EXTENSIONS)
                .split("\n")
                .filter((l, i, all) => !/^ {4}[0-9A-F:]+$/.test(l) || !/Subject Key Identifier/.test(all[i - 1]))
                .join("\n");
        assert.equal(strip(ecLink.certPem), strip(rsaLink.certPem));
        assert.equal(strip(ecServer.certPem), strip(rsaServer.certPem));
        assert.equal(
            ws.x509(ecLink.certPem, "-ext", "basicConstraints,keyUsage,extendedKeyUsage,subjectAltName"),
            [
                "X509v3 Basic Constraints: critical",
                "    CA:FALSE",
                "X509v3 Key Usage: critical",
                "    Digital Signature, Key Encipherment",
                "X509v3 Extended Key Usage:",
                "    TLS Web Server Authentication, TLS Web Client Authentication",
            ].join("\n"),
        );
        assert.equal(
            ws.x509(ecServer.certPem, "-ext", "extendedKeyUsage,subjectAltName"),
            [
                "X509v3 Extended Key Usage:",
                "    TLS Web Server Authentication",
                "X509v3 Subject Alternative Name:",
                "    DNS:backend-1.shop.svc.cluster.local, IP Address:192.0.2.10, IP Address:2001:DB8:0:0:0:0:0:10",
            ].join("\n"),
        );
    });

    it("sets subjectKeyIdentifier to the SHA-1 of the EC point, and authorityKeyIdentifier to the CA's", () => {
        const jwk = crypto.createPublicKey(ecLink.certPem).export({ format: "jwk" });
        const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url")]);
        assert.equal(point.length, 65);
        assert.equal(
            ws.x509(ecLink.certPem, "-ext", "subjectKeyIdentifier"),
            `X509v3 Subject Key Identifier:\n    ${hexColons(crypto.createHash("sha1").update(point).digest("hex"))}`,
        );
        const caSki = ws.x509(ca.certPem, "-ext", "subjectKeyIdentifier").split("\n")[1].trim();
        assert.equal(ws.x509(ecLink.certPem, "-ext", "authorityKeyIdentifier"), `X509v3 Authority Key Identifier:\n    ${caSki}`);
    });

    it("takes keyBits without keyAlgorithm as a request for RSA", async () => {
        const leaf = await signCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, commonName: "old-style", usages: ["client"], keyBits: 3072 });
        assert.equal(ws.keySize(leaf.keyPem), "Private-Key: (3072 bit, 2 primes)");
        assert.equal(ws.keyModulus(leaf.keyPem), ws.certModulus(leaf.certPem));
    });
});

describe("pki certificates: argument errors", () => {
    let ca: GeneratedCertificate;
    before(async () => {
        ca = await createCertificateAuthority({ commonName: "errors-ca", validityDays: 2 });
    });
    const base = () => ({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, commonName: "leaf", usages: ["client" as const] });

    it("names the field in each CA argument error", async () => {
        await assert.rejects(createCertificateAuthority({ commonName: "" }), { message: "commonName must not be empty" });
        await assert.rejects(createCertificateAuthority({ commonName: "x".repeat(65) }), { message: "commonName must be at most 64 characters (got 65)" });
        await assert.rejects(createCertificateAuthority({ commonName: "ca", validityDays: 0 }), {
            message: "validityDays must be an integer from 1 to 36500 (got 0)",
        });
        await assert.rejects(createCertificateAuthority({ commonName: "ca", validityDays: 1.5 }), {
            message: "validityDays must be an integer from 1 to 36500 (got 1.5)",
        });
        await assert.rejects(createCertificateAuthority({ commonName: "ca", keyBits: 1024 }), { message: "keyBits must be 2048, 3072 or 4096 (got 1024)" });
        await assert.rejects(createCertificateAuthority({ commonName: "ca", organization: " " }), { message: "organization must not be empty" });
        await assert.rejects(createCertificateAuthority({ commonName: "ca", now: new Date("nope") }), { message: "now must be a valid Date" });
        await assert.rejects(createCertificateAuthority({ commonName: "a\nb", validityDays: 36501 }), {
            message: "commonName must not contain control characters; validityDays must be an integer from 1 to 36500 (got 36501)",
        });
    });

    it("names the field, and the index in lists, in each signing argument error", async () => {
        await assert.rejects(signCertificate({ ...base(), ipAddresses: ["10.0.0.1", "300.1.1.1"] }), {
            message: `ipAddresses[1] "300.1.1.1" is not an IPv4 or IPv6 address`,
        });
        await assert.rejects(signCertificate({ ...base(), ipAddresses: ["fe80::1%eth0"] }), {
            message: `ipAddresses[0] "fe80::1%eth0" is not an IPv4 or IPv6 address`,
        });
        await assert.rejects(signCertificate({ ...base(), dnsNames: ["ok.example.com", "bad_name.example.com"] }), {
            message: `dnsNames[1] "bad_name.example.com" is not a valid DNS name`,
        });
        await assert.rejects(signCertificate({ ...base(), usages: [] }), { message: `usages must list at least one of "server" and "client"` });
        await assert.rejects(signCertificate({ ...base(), usages: ["client", "peer" as "client"] }), {
            message: `usages[1] "peer" must be "server" or "client"`,
        });
        await assert.rejects(signCertificate({ ...base(), commonName: "" }), { message: "commonName must not be empty" });
    });

    it("names a key algorithm that is not RSA or ECDSA-P256, and keyBits given for an ECDSA key", async () => {
        await assert.rejects(signCertificate({ ...base(), keyAlgorithm: "Ed25519" as "RSA" }), {
            message: `keyAlgorithm must be "RSA" or "ECDSA-P256" (got "Ed25519")`,
        });
        await assert.rejects(signCertificate({ ...base(), keyAlgorithm: "ECDSA-P256", keyBits: 2048 }), {
            message: `keyBits applies only to keyAlgorithm "RSA" (got keyAlgorithm "ECDSA-P256"); remove keyBits or set keyAlgorithm "RSA"`,
        });
        await assert.rejects(signCertificate({ ...base(), keyAlgorithm: "RSA", keyBits: 1024 }), { message: "keyBits must be 2048, 3072 or 4096 (got 1024)" });
    });

    it("rejects a CA key that is not RSA PEM, or not the CA certificate's key", async () => {
        const message = "caKeyPem must be an RSA private key in PKCS#1 or PKCS#8 PEM";
        await assert.rejects(signCertificate({ ...base(), caKeyPem: "not a key" }), { message });
        const ec = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }) as string;
        await assert.rejects(signCertificate({ ...base(), caKeyPem: ec }), { message });
        const otherRsa = crypto.generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs1", format: "pem" }) as string;
        await assert.rejects(signCertificate({ ...base(), caKeyPem: otherRsa }), {
            message: "caKeyPem does not match the public key of caCertPem; pass the key of that CA certificate",
        });
    });

    it("rejects a CA certificate that is not a CA, not PEM, a bundle, or expired", async () => {
        const leaf = await signCertificate({ ...base(), keyAlgorithm: "RSA" });
        await assert.rejects(signCertificate({ ...base(), caCertPem: leaf.certPem, caKeyPem: leaf.keyPem }), {
            message: "caCertPem is not a CA certificate (basicConstraints cA is not true; subject CN=leaf)",
        });
        await assert.rejects(signCertificate({ ...base(), caCertPem: "garbage" }), {
            message: "caCertPem must be a PEM certificate (-----BEGIN CERTIFICATE-----)",
        });
        await assert.rejects(signCertificate({ ...base(), caCertPem: ca.certPem + ca.certPem }), {
            message: "caCertPem must contain exactly one certificate, the issuing CA (got 2)",
        });
        const old = await createCertificateAuthority({ commonName: "old", validityDays: 1, now: new Date("2000-01-01T00:00:00Z") });
        await assert.rejects(signCertificate({ ...base(), caCertPem: old.certPem, caKeyPem: old.keyPem }), {
            message: "caCertPem expired on 2000-01-02T00:00:00.000Z; renew the certificate authority (replace it) before signing with it",
        });
    });

    it("accepts preview's unknown sentinel for any value only when asked to", async () => {
        const unknownArgs = {
            caCertPem: PREVIEW_UNKNOWN,
            caKeyPem: PREVIEW_UNKNOWN,
            commonName: PREVIEW_UNKNOWN,
            dnsNames: PREVIEW_UNKNOWN,
            ipAddresses: [PREVIEW_UNKNOWN, "10.0.0.1"],
            usages: [PREVIEW_UNKNOWN],
            validityDays: PREVIEW_UNKNOWN,
            keyAlgorithm: PREVIEW_UNKNOWN,
            keyBits: PREVIEW_UNKNOWN,
        };
        assert.deepEqual(signCertificateProblems(unknownArgs, { allowUnknown: true }), []);
        assert.deepEqual(
            signCertificateProblems(unknownArgs).map((p) => p.property),
            ["caCertPem", "caKeyPem", "dnsNames", "ipAddresses[0]", "usages[0]", "validityDays", "keyAlgorithm", "keyBits"],
        );
        assert.deepEqual(certificateAuthorityProblems({ commonName: PREVIEW_UNKNOWN, organization: PREVIEW_UNKNOWN }, { allowUnknown: true }), []);
        assert.deepEqual(signCertificateProblems({ ...unknownArgs, keyAlgorithm: "ECDSA-P256", keyBits: PREVIEW_UNKNOWN }, { allowUnknown: true }), [
            { property: "keyBits", reason: `applies only to keyAlgorithm "RSA" (got keyAlgorithm "ECDSA-P256"); remove keyBits or set keyAlgorithm "RSA"` },
        ]);
        assert.deepEqual(certificateAuthorityProblems({ commonName: 7 }), [{ property: "commonName", reason: "must be a string (got number)" }]);
    });
});

describe("pki certificates: addresses and names", () => {
    it("encodes IPv4 and IPv6 addresses in network order", async () => {
        assert.equal(ipAddressBytes("192.0.2.10").toString("hex"), "c000020a");
        assert.equal(ipAddressBytes("::1").toString("hex"), "00000000000000000000000000000001");
        assert.equal(ipAddressBytes("::").toString("hex"), "00000000000000000000000000000000");
        assert.equal(ipAddressBytes("fe80::").toString("hex"), "fe800000000000000000000000000000");
        assert.equal(ipAddressBytes("2001:db8::8a2e:370:7334").toString("hex"), "20010db80000000000008a2e03707334");
        assert.equal(ipAddressBytes("2001:db8:1:2:3:4:5:6").toString("hex"), "20010db8000100020003000400050006");
        assert.equal(ipAddressBytes("::ffff:192.0.2.1").toString("hex"), "00000000000000000000ffffc0000201");
    });

    it("tells addresses and DNS names apart", async () => {
        assert.deepEqual(["10.1.2.3", "::1", "300.1.1.1", "1.2.3", "fe80::1%eth0", "example.com", ""].map(isIpAddress), [
            true,
            true,
            false,
            false,
            false,
            false,
            false,
        ]);
        assert.deepEqual(["example.com", "*.example.com", "a-b.c", "*", "a..b", "-a.com", "a_b.com", "x.", `${"a".repeat(64)}.com`].map(isDnsName), [
            true,
            true,
            true,
            false,
            false,
            false,
            false,
            false,
            false,
        ]);
    });
});
