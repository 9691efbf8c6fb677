/**
 * The per-shard intermediate CA (createIntermediateAuthority), checked with
 * the openssl binary: a spoke's link chain (leaf + shard CA) verifies against
 * the hub's site CA alone, and what a leaked shard credential could try is
 * refused: a CA under the shard CA (pathlen 0), a certificate naming an
 * address or a DNS name outside the shard's subtree (name constraints), a
 * leaf used as a TLS server (clientAuth-only intermediate).
 */
import * as assert from "node:assert/strict";
import { AddressInfo } from "node:net";
import * as tls from "node:tls";
import {
    GeneratedCertificate,
    createCertificateAuthority,
    createIntermediateAuthority,
    intermediateAuthorityProblems,
    signCertificate,
} from "../../provider/pki/certificates";
import { OpensslWorkspace } from "./openssl";

const DOMAIN = "shard-a.store-hub.edge-interconnect.invalid";

describe("pki: per-shard intermediate CA (openssl)", function () {
    this.timeout(60_000);
    let ws: OpensslWorkspace;
    let site: GeneratedCertificate;
    let shard: GeneratedCertificate;
    let link: GeneratedCertificate;

    before(async () => {
        ws = new OpensslWorkspace();
        site = await createCertificateAuthority({ commonName: "store-hub site CA", organization: "pulumi-edge-interconnect" });
        shard = await createIntermediateAuthority({
            caCertPem: site.certPem,
            caKeyPem: site.keyPem,
            commonName: "store-hub shard shard-a CA",
            organization: "pulumi-edge-interconnect",
            permittedDnsDomain: DOMAIN,
        });
        link = await signCertificate({ caCertPem: shard.certPem, caKeyPem: shard.keyPem, commonName: "store-1", usages: ["client", "server"] });
    });
    after(() => ws.cleanup());

    /** `openssl verify -CAfile site -untrusted <intermediates> [-purpose p] leaf`. */
    function verify(leafPem: string, intermediates: string, purpose?: string) {
        return ws.verify(site.certPem, leafPem, "-untrusted", ws.file(intermediates, "chain.crt"), ...(purpose ? ["-purpose", purpose] : []));
    }

    it("issues a CA with pathlen 0, clientAuth only and critical name constraints, signed by the site CA", () => {
        assert.equal(
            ws.x509(shard.certPem, "-ext", "basicConstraints,keyUsage,extendedKeyUsage,nameConstraints"),
            [
                "X509v3 Basic Constraints: critical",
                "    CA:TRUE, pathlen:0",
                "X509v3 Key Usage: critical",
                "    Digital Signature, Certificate Sign, CRL Sign",
                "X509v3 Extended Key Usage:",
                "    TLS Web Client Authentication",
                "X509v3 Name Constraints: critical",
                "    Permitted:",
                `      DNS:${DOMAIN}`,
                "    Excluded:",
                "      IP:0.0.0.0/0.0.0.0",
                "      IP:0:0:0:0:0:0:0:0/0:0:0:0:0:0:0:0",
            ].join("\n"),
        );
        assert.equal(ws.x509(shard.certPem, "-issuer"), "issuer=O = pulumi-edge-interconnect, CN = store-hub site CA");
        assert.deepEqual(ws.verify(site.certPem, shard.certPem), { status: 0, output: "leaf.crt: OK" });
        const siteSki = ws.x509(site.certPem, "-ext", "subjectKeyIdentifier").split("\n")[1].trim();
        assert.equal(ws.x509(shard.certPem, "-ext", "authorityKeyIdentifier").split("\n")[1].trim(), siteSki);
    });

    it("signs a link whose chain (leaf + shard CA) verifies against the site CA as a TLS client", () => {
        assert.deepEqual(verify(link.certPem, shard.certPem, "sslclient"), { status: 0, output: "leaf.crt: OK" });
        // The same leaf without its intermediate does not: the router must be sent the chain.
        const alone = ws.verify(site.certPem, link.certPem, "-purpose", "sslclient");
        assert.equal(alone.status, 2);
        assert.match(alone.output, /error 20 at 0 depth lookup: unable to get local issuer certificate/);
    });

    /**
     * A mutual-TLS handshake on loopback with Node's TLS (OpenSSL, as the
     * router's): a server that trusts the site CA alone and requires a client
     * certificate, and a client presenting `certChain`. Bounded; resolves
     * with what the server decided.
     */
    async function serverAccepts(certChain: string, keyPem: string): Promise<{ authorized: boolean; error?: string; peer?: string }> {
        const router = await signCertificate({
            caCertPem: site.certPem,
            caKeyPem: site.keyPem,
            commonName: "skupper-router",
            usages: ["server"],
            ipAddresses: ["127.0.0.1"],
        });
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error("handshake timed out")), 5_000);
            const server = tls.createServer(
                { key: router.keyPem, cert: router.certPem, ca: site.certPem, requestCert: true, rejectUnauthorized: false },
                (socket) => {
                    const peer = socket.getPeerCertificate();
                    clearTimeout(timer);
                    resolve({ authorized: socket.authorized, error: socket.authorizationError?.toString(), peer: String(peer?.subject?.CN) });
                    socket.end();
                    server.close();
                },
            );
            server.listen(0, "127.0.0.1", () => {
                const client = tls.connect(
                    { host: "127.0.0.1", port: (server.address() as AddressInfo).port, ca: site.certPem, cert: certChain, key: keyPem },
                    () => client.end(),
                );
                client.on("error", () => undefined);
            });
        });
    }

    it("a TLS server trusting only the site CA accepts a client presenting the chain, and refuses the leaf alone (OpenSSL, loopback)", async () => {
        assert.deepEqual(await serverAccepts(link.certPem + shard.certPem, link.keyPem), { authorized: true, error: undefined, peer: "store-1" });
        assert.deepEqual(await serverAccepts(link.certPem, link.keyPem), { authorized: false, error: "UNABLE_TO_VERIFY_LEAF_SIGNATURE", peer: "store-1" });
    });

    it("refuses a leaf used as a TLS server: the shard CA cannot pose as the hub router's listener", () => {
        const r = verify(link.certPem, shard.certPem, "sslserver");
        assert.equal(r.status, 2);
        assert.match(r.output, /error 26 at 1 depth lookup: unsuitable certificate purpose/);
    });

    it("refuses a certificate naming an IP address (the hub router's, say): excluded subtree", async () => {
        const forged = await signCertificate({
            caCertPem: shard.certPem,
            caKeyPem: shard.keyPem,
            commonName: "store-hub",
            usages: ["client"],
            ipAddresses: ["10.1.0.33"],
        });
        const r = verify(forged.certPem, shard.certPem, "sslclient");
        assert.equal(r.status, 2);
        assert.match(r.output, /error 48 at 0 depth lookup: excluded subtree violation/);
    });

    it("refuses a DNS name outside the shard's subtree, and accepts one inside it", async () => {
        const outside = await signCertificate({
            caCertPem: shard.certPem,
            caKeyPem: shard.keyPem,
            commonName: "x",
            usages: ["client"],
            dnsNames: ["router.example.com"],
        });
        const r = verify(outside.certPem, shard.certPem, "sslclient");
        assert.equal(r.status, 2);
        assert.match(r.output, /error 47 at 0 depth lookup: permitted subtree violation/);
        const inside = await signCertificate({
            caCertPem: shard.certPem,
            caKeyPem: shard.keyPem,
            commonName: "x",
            usages: ["client"],
            dnsNames: [`store-9.${DOMAIN}`],
        });
        assert.deepEqual(verify(inside.certPem, shard.certPem, "sslclient"), { status: 0, output: "leaf.crt: OK" });
    });

    it("refuses a CA issued by the shard CA, and every leaf under it: path length constraint", async () => {
        const sub = await createIntermediateAuthority({ caCertPem: shard.certPem, caKeyPem: shard.keyPem, commonName: "rogue CA", permittedDnsDomain: DOMAIN });
        const leaf = await signCertificate({ caCertPem: sub.certPem, caKeyPem: sub.keyPem, commonName: "rogue", usages: ["client"] });
        const r = verify(leaf.certPem, shard.certPem + sub.certPem, "sslclient");
        assert.equal(r.status, 2);
        assert.match(r.output, /error 25 at 2 depth lookup: path length constraint exceeded/);
    });

    it("never outlives the site CA", async () => {
        const shortSite = await createCertificateAuthority({ commonName: "short site CA", validityDays: 10 });
        const ica = await createIntermediateAuthority({
            caCertPem: shortSite.certPem,
            caKeyPem: shortSite.keyPem,
            commonName: "s",
            permittedDnsDomain: DOMAIN,
            validityDays: 100,
        });
        assert.equal(ica.notAfter, new Date(ws.x509(shortSite.certPem, "-enddate").replace("notAfter=", "")).toISOString());
    });

    it("names every bad argument at once", () => {
        assert.deepEqual(intermediateAuthorityProblems({ caCertPem: "x", caKeyPem: 3, commonName: "", permittedDnsDomain: "*.bad" }), [
            { property: "caCertPem", reason: "must be a PEM certificate (-----BEGIN CERTIFICATE-----)" },
            { property: "caKeyPem", reason: "must be an RSA private key in PKCS#1 or PKCS#8 PEM" },
            { property: "commonName", reason: "must not be empty" },
            { property: "permittedDnsDomain", reason: 'must be a DNS name such as "shard-a.store-hub.edge-interconnect.invalid" (got "*.bad")' },
        ]);
    });
});
