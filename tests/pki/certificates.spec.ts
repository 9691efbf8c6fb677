/**
 * The pure X.509 functions, checked with the openssl binary: chains verify,
 * keys are PKCS#1 RSA that match their certificates, extensions are exactly
 * what Skupper and cert-manager expect, and bad arguments are named.
 */
import * as assert from "node:assert/strict";
import * as crypto from "node:crypto";
import {
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

    before(() => {
        ws = new OpensslWorkspace();
        ca1 = createCertificateAuthority({ commonName: "Interconnect Network CA", organization: "Edge Interconnect" });
        ca2 = createCertificateAuthority({ commonName: "hub-a-site-ca" });
        server = signCertificate({
            caCertPem: ca1.certPem,
            caKeyPem: ca1.keyPem,
            commonName: "skupper-site-server",
            dnsNames: ["skupper-inter-router.skupper.svc.cluster.local", "*.hub-a.example.com"],
            ipAddresses: ["192.0.2.10", "2001:db8::10"],
            usages: ["server", "client"],
        });
        token = signCertificate({ caCertPem: ca1.certPem, caKeyPem: ca1.keyPem, commonName: "spoke-1-link", usages: ["client"] });
    });
    after(() => ws?.cleanup());

    it("creates a self-signed CA with critical basicConstraints and keyUsage, a subject key id, CN and O", () => {
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

    it("emits every key as RSA PKCS#1 PEM that openssl accepts and that matches its certificate", () => {
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

    it("reports serial number and notAfter as openssl reads them, with distinct positive 128-bit serials", () => {
        const all = [ca1, ca2, server, token];
        for (const m of all) {
            assert.match(m.serialNumber, /^[0-7][0-9a-f]{31}$/);
            assert.notEqual(m.serialNumber.slice(0, 2), "00");
            assert.equal(ws.x509(m.certPem, "-serial"), `serial=${m.serialNumber.toUpperCase()}`);
            assert.equal(new Date(ws.x509(m.certPem, "-enddate").replace("notAfter=", "")).toISOString(), m.notAfter);
        }
        assert.equal(new Set(all.map((m) => m.serialNumber)).size, 4);
    });

    it("uses the given issue time: notBefore five minutes earlier, notAfter validityDays later, whole seconds", () => {
        const ca = createCertificateAuthority({ commonName: "dated", validityDays: 30, now: new Date("2025-03-01T12:00:00.750Z") });
        assert.equal(ca.notAfter, "2025-03-31T12:00:00.000Z");
        assert.equal(ws.x509(ca.certPem, "-startdate", "-enddate"), "notBefore=Mar  1 11:55:00 2025 GMT\nnotAfter=Mar 31 12:00:00 2025 GMT");
    });

    it("signs a server+client leaf: verifies against its CA, with exactly the requested extensions", () => {
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

    it("sets subjectKeyIdentifier to the SHA-1 of the public key, and authorityKeyIdentifier to the CA's", () => {
        const caSki = ws.x509(ca1.certPem, "-ext", "subjectKeyIdentifier").split("\n")[1].trim();
        const rsaPublicKey = crypto.createPublicKey(ca1.certPem).export({ type: "pkcs1", format: "der" });
        assert.equal(caSki, hexColons(crypto.createHash("sha1").update(rsaPublicKey).digest("hex")));
        const aki = ws.x509(server.certPem, "-ext", "authorityKeyIdentifier").split("\n")[1].trim();
        assert.equal(aki, caSki);
        assert.notEqual(ws.x509(server.certPem, "-ext", "subjectKeyIdentifier").split("\n")[1].trim(), caSki, "the leaf has its own key id");
    });

    it("signs a Skupper token client certificate: CN = token name, clientAuth only, no SANs", () => {
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

    it("does not verify a leaf against another CA, not even one with the same subject", () => {
        const other = ws.verify(ca2.certPem, server.certPem);
        assert.deepEqual(other, {
            status: 2,
            output: "CN = skupper-site-server\nerror 20 at 0 depth lookup: unable to get local issuer certificate\nerror leaf.crt: verification failed",
        });

        const twin = createCertificateAuthority({ commonName: "Interconnect Network CA", organization: "Edge Interconnect" });
        assert.equal(ws.x509(twin.certPem, "-subject"), ws.x509(ca1.certPem, "-subject"));
        assert.equal(ws.verify(twin.certPem, server.certPem).status, 2);
        const leaf = new crypto.X509Certificate(server.certPem);
        assert.equal(leaf.verify(new crypto.X509Certificate(twin.certPem).publicKey), false, "the twin's key did not sign the leaf");
        assert.equal(leaf.verify(new crypto.X509Certificate(ca1.certPem).publicKey), true);
    });

    it("signs with a CA made by openssl: PKCS#8 key, multi-valued RDN, issuer copied byte for byte", () => {
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
        const leaf = signCertificate({ caCertPem, caKeyPem, commonName: "client-x", usages: ["client"], validityDays: 1 });
        assert.equal(leaf.keyPem.split("\n")[0], PKCS1_HEADER);
        assert.deepEqual(ws.verify(caCertPem, leaf.certPem), { status: 0, output: "leaf.crt: OK" });
        assert.equal(ws.x509(leaf.certPem, "-issuer"), ws.x509(caCertPem, "-subject").replace("subject=", "issuer="));
        assert.equal(ws.x509(leaf.certPem, "-issuer"), "issuer=C = DE, OU = Lab + O = Foreign, CN = Foreign CA");
    });

    it("keeps non-ASCII names intact (UTF8String) in subject and issuer", () => {
        const ca = createCertificateAuthority({ commonName: "Réseau Périphérie CA", organization: "Société" });
        const leaf = signCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, commonName: "nœud-1", usages: ["client"] });
        assert.deepEqual(ws.verify(ca.certPem, leaf.certPem), { status: 0, output: "leaf.crt: OK" });
        assert.equal(ws.x509(ca.certPem, "-subject", "-nameopt", "utf8,sep_comma_plus_space"), "subject=O=Société, CN=Réseau Périphérie CA");
        assert.equal(
            ws.x509(leaf.certPem, "-subject", "-issuer", "-nameopt", "utf8,sep_comma_plus_space"),
            "subject=CN=nœud-1\nissuer=O=Société, CN=Réseau Périphérie CA",
        );
        assert.equal(new crypto.X509Certificate(leaf.certPem).checkIssued(new crypto.X509Certificate(ca.certPem)), true);
    });

    it("honours keyBits 3072", () => {
        const ca = createCertificateAuthority({ commonName: "big", keyBits: 3072, validityDays: 1 });
        assert.equal(ws.keySize(ca.keyPem), "Private-Key: (3072 bit, 2 primes)");
        assert.equal(ws.keyModulus(ca.keyPem), ws.certModulus(ca.certPem));
    });
});

describe("pki certificates: argument errors", () => {
    let ca: GeneratedCertificate;
    before(() => {
        ca = createCertificateAuthority({ commonName: "errors-ca", validityDays: 2 });
    });
    const base = () => ({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, commonName: "leaf", usages: ["client" as const] });

    it("names the field in each CA argument error", () => {
        assert.throws(() => createCertificateAuthority({ commonName: "" }), { message: "commonName must not be empty" });
        assert.throws(() => createCertificateAuthority({ commonName: "x".repeat(65) }), { message: "commonName must be at most 64 characters (got 65)" });
        assert.throws(() => createCertificateAuthority({ commonName: "ca", validityDays: 0 }), {
            message: "validityDays must be an integer from 1 to 36500 (got 0)",
        });
        assert.throws(() => createCertificateAuthority({ commonName: "ca", validityDays: 1.5 }), {
            message: "validityDays must be an integer from 1 to 36500 (got 1.5)",
        });
        assert.throws(() => createCertificateAuthority({ commonName: "ca", keyBits: 1024 }), { message: "keyBits must be 2048, 3072 or 4096 (got 1024)" });
        assert.throws(() => createCertificateAuthority({ commonName: "ca", organization: " " }), { message: "organization must not be empty" });
        assert.throws(() => createCertificateAuthority({ commonName: "ca", now: new Date("nope") }), { message: "now must be a valid Date" });
        assert.throws(() => createCertificateAuthority({ commonName: "a\nb", validityDays: 36501 }), {
            message: "commonName must not contain control characters; validityDays must be an integer from 1 to 36500 (got 36501)",
        });
    });

    it("names the field, and the index in lists, in each signing argument error", () => {
        assert.throws(() => signCertificate({ ...base(), ipAddresses: ["10.0.0.1", "300.1.1.1"] }), {
            message: `ipAddresses[1] "300.1.1.1" is not an IPv4 or IPv6 address`,
        });
        assert.throws(() => signCertificate({ ...base(), ipAddresses: ["fe80::1%eth0"] }), {
            message: `ipAddresses[0] "fe80::1%eth0" is not an IPv4 or IPv6 address`,
        });
        assert.throws(() => signCertificate({ ...base(), dnsNames: ["ok.example.com", "bad_name.example.com"] }), {
            message: `dnsNames[1] "bad_name.example.com" is not a valid DNS name`,
        });
        assert.throws(() => signCertificate({ ...base(), usages: [] }), { message: `usages must list at least one of "server" and "client"` });
        assert.throws(() => signCertificate({ ...base(), usages: ["client", "peer" as "client"] }), {
            message: `usages[1] "peer" must be "server" or "client"`,
        });
        assert.throws(() => signCertificate({ ...base(), commonName: "" }), { message: "commonName must not be empty" });
    });

    it("rejects a CA key that is not RSA PEM, or not the CA certificate's key", () => {
        const message = "caKeyPem must be an RSA private key in PKCS#1 or PKCS#8 PEM";
        assert.throws(() => signCertificate({ ...base(), caKeyPem: "not a key" }), { message });
        const ec = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }) as string;
        assert.throws(() => signCertificate({ ...base(), caKeyPem: ec }), { message });
        const otherRsa = crypto.generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs1", format: "pem" }) as string;
        assert.throws(() => signCertificate({ ...base(), caKeyPem: otherRsa }), {
            message: "caKeyPem does not match the public key of caCertPem; pass the key of that CA certificate",
        });
    });

    it("rejects a CA certificate that is not a CA, not PEM, a bundle, or expired", () => {
        const leaf = signCertificate(base());
        assert.throws(() => signCertificate({ ...base(), caCertPem: leaf.certPem, caKeyPem: leaf.keyPem }), {
            message: "caCertPem is not a CA certificate (basicConstraints cA is not true; subject CN=leaf)",
        });
        assert.throws(() => signCertificate({ ...base(), caCertPem: "garbage" }), {
            message: "caCertPem must be a PEM certificate (-----BEGIN CERTIFICATE-----)",
        });
        assert.throws(() => signCertificate({ ...base(), caCertPem: ca.certPem + ca.certPem }), {
            message: "caCertPem must contain exactly one certificate, the issuing CA (got 2)",
        });
        const old = createCertificateAuthority({ commonName: "old", validityDays: 1, now: new Date("2000-01-01T00:00:00Z") });
        assert.throws(() => signCertificate({ ...base(), caCertPem: old.certPem, caKeyPem: old.keyPem }), {
            message: "caCertPem expired on 2000-01-02T00:00:00.000Z; renew the certificate authority (replace it) before signing with it",
        });
    });

    it("accepts preview's unknown sentinel for any value only when asked to", () => {
        const unknownArgs = {
            caCertPem: PREVIEW_UNKNOWN,
            caKeyPem: PREVIEW_UNKNOWN,
            commonName: PREVIEW_UNKNOWN,
            dnsNames: PREVIEW_UNKNOWN,
            ipAddresses: [PREVIEW_UNKNOWN, "10.0.0.1"],
            usages: [PREVIEW_UNKNOWN],
            validityDays: PREVIEW_UNKNOWN,
            keyBits: PREVIEW_UNKNOWN,
        };
        assert.deepEqual(signCertificateProblems(unknownArgs, { allowUnknown: true }), []);
        assert.deepEqual(
            signCertificateProblems(unknownArgs).map((p) => p.property),
            ["caCertPem", "caKeyPem", "dnsNames", "ipAddresses[0]", "usages[0]", "validityDays", "keyBits"],
        );
        assert.deepEqual(certificateAuthorityProblems({ commonName: PREVIEW_UNKNOWN, organization: PREVIEW_UNKNOWN }, { allowUnknown: true }), []);
        assert.deepEqual(certificateAuthorityProblems({ commonName: 7 }), [{ property: "commonName", reason: "must be a string (got number)" }]);
    });
});

describe("pki certificates: addresses and names", () => {
    it("encodes IPv4 and IPv6 addresses in network order", () => {
        assert.equal(ipAddressBytes("192.0.2.10").toString("hex"), "c000020a");
        assert.equal(ipAddressBytes("::1").toString("hex"), "00000000000000000000000000000001");
        assert.equal(ipAddressBytes("::").toString("hex"), "00000000000000000000000000000000");
        assert.equal(ipAddressBytes("fe80::").toString("hex"), "fe800000000000000000000000000000");
        assert.equal(ipAddressBytes("2001:db8::8a2e:370:7334").toString("hex"), "20010db80000000000008a2e03707334");
        assert.equal(ipAddressBytes("2001:db8:1:2:3:4:5:6").toString("hex"), "20010db8000100020003000400050006");
        assert.equal(ipAddressBytes("::ffff:192.0.2.1").toString("hex"), "00000000000000000000ffffc0000201");
    });

    it("tells addresses and DNS names apart", () => {
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
