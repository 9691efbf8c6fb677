/**
 * The CA and signed-certificate resources through the package's provider
 * plugin over gRPC: check, diff, create, read,
 * update and delete as `pulumi up`, `refresh` and `destroy` drive them, with
 * the returned PEMs checked by openssl. Includes state recorded by the
 * package before keyAlgorithm existed (tests/pki/legacy-state.json), to
 * prove that the new default key type replaces no existing certificate.
 */
import * as assert from "node:assert/strict";
import { ProviderPluginHost, HostCallError } from "../../tools/provider-host/pluginHost";
import { PREVIEW_UNKNOWN } from "../../provider/pki";
import { OpensslWorkspace } from "./openssl";
import * as fs from "node:fs";
import * as path from "node:path";

interface RecordedResource {
    inputs: Record<string, unknown>;
    id: string;
    outputs: Record<string, unknown> & { certPem: string };
}
/** A CA and a link certificate as the package's previous version recorded them in state. */
const legacy: { certificateAuthority: RecordedResource; linkCertificate: RecordedResource & { news: Record<string, unknown> } } = JSON.parse(
    fs.readFileSync(path.join(__dirname, "legacy-state.json"), "utf8"),
);

const UNKNOWN = PREVIEW_UNKNOWN;

function assertNoUndefined(props: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(props)) assert.ok(v !== undefined && v !== null, `output ${k} is ${v}`);
}

describe("pki providers through the provider plugin", function () {
    this.timeout(30_000);
    let caHost: ProviderPluginHost;
    let certHost: ProviderPluginHost;
    let ws: OpensslWorkspace;
    let ca: { id: string; properties: Record<string, unknown> };
    let otherCa: { id: string; properties: Record<string, unknown> };

    before(async () => {
        ws = new OpensslWorkspace();
        [caHost, certHost] = await Promise.all([ProviderPluginHost.start("CertificateAuthority"), ProviderPluginHost.start("SignedCertificate")]);
        await Promise.all([caHost.configure({}), certHost.configure({})]);
        ca = await caHost.create({ commonName: "hub-a-site-ca", organization: "Edge Interconnect", validityDays: 1825, keyBits: 2048 });
        otherCa = await caHost.create({ commonName: "hub-b-site-ca", validityDays: 1825, keyBits: 2048 });
    });
    after(async () => {
        await caHost?.close();
        await certHost?.close();
        ws?.cleanup();
    });

    describe("CertificateAuthority provider", () => {
        it("Check fills in the defaults and accepts valid inputs", async () => {
            assert.deepEqual(await caHost.check({}, { commonName: "network-ca" }), {
                inputs: { commonName: "network-ca", validityDays: 1825, keyBits: 2048 },
                failures: [],
            });
            assert.deepEqual(await caHost.check({}, { commonName: "network-ca", organization: "Acme", validityDays: 365, keyBits: 4096 }), {
                inputs: { commonName: "network-ca", organization: "Acme", validityDays: 365, keyBits: 4096 },
                failures: [],
            });
        });

        it("Check names each invalid field", async () => {
            const { failures } = await caHost.check({}, { commonName: "", organization: 42, validityDays: 0, keyBits: 1000 });
            assert.deepEqual(failures, [
                { property: "commonName", reason: "must not be empty" },
                { property: "organization", reason: "must be a string (got number)" },
                { property: "validityDays", reason: "must be an integer from 1 to 36500 (got 0)" },
                { property: "keyBits", reason: "must be 2048, 3072 or 4096 (got 1000)" },
            ]);
        });

        it("Check passes preview's unknown values through", async () => {
            assert.deepEqual(await caHost.check({}, { commonName: UNKNOWN, organization: UNKNOWN, validityDays: UNKNOWN }), {
                inputs: { commonName: UNKNOWN, organization: UNKNOWN, validityDays: UNKNOWN, keyBits: 2048 },
                failures: [],
            });
        });

        it("Diff replaces on any input change or unknown, and nothing else", async () => {
            const olds = ca.properties;
            const inputs = { commonName: "hub-a-site-ca", organization: "Edge Interconnect", validityDays: 1825, keyBits: 2048 };
            const none = { changes: "NONE", replaces: [], deleteBeforeReplace: false };
            const replace = (...replaces: string[]) => ({ changes: "SOME", replaces, deleteBeforeReplace: false });
            assert.deepEqual(await caHost.diff(ca.id, olds, inputs), none);
            assert.deepEqual(await caHost.diff(ca.id, olds, { ...inputs, commonName: "hub-a-ca-2" }), replace("commonName"));
            const { organization: _dropped, ...withoutOrganization } = inputs;
            assert.deepEqual(await caHost.diff(ca.id, olds, withoutOrganization), replace("organization"));
            assert.deepEqual(await caHost.diff(ca.id, olds, { ...inputs, validityDays: 30, keyBits: 3072 }), replace("validityDays", "keyBits"));
            assert.deepEqual(await caHost.diff(ca.id, olds, { ...inputs, commonName: UNKNOWN }), replace("commonName"));
        });

        it("Create returns a PKCS#1 CA whose certificate openssl accepts, and no undefined outputs", async () => {
            assert.deepEqual(Object.keys(ca.properties).sort(), [
                "certPem",
                "commonName",
                "keyBits",
                "keyPem",
                "notAfter",
                "organization",
                "serialNumber",
                "validityDays",
            ]);
            assertNoUndefined(ca.properties);
            assert.equal(ca.id, ca.properties.serialNumber);
            assert.match(ca.id, /^[0-7][0-9a-f]{31}$/);
            const { commonName, organization, validityDays, keyBits } = ca.properties;
            assert.deepEqual(
                { commonName, organization, validityDays, keyBits },
                { commonName: "hub-a-site-ca", organization: "Edge Interconnect", validityDays: 1825, keyBits: 2048 },
            );
            const certPem = ca.properties.certPem as string;
            const keyPem = ca.properties.keyPem as string;
            assert.equal(keyPem.split("\n")[0], "-----BEGIN RSA PRIVATE KEY-----");
            assert.deepEqual(ws.keyCheck(keyPem), { status: 0, output: "RSA key ok" });
            assert.equal(ws.keyModulus(keyPem), ws.certModulus(certPem));
            assert.equal(ws.x509(certPem, "-subject"), "subject=O = Edge Interconnect, CN = hub-a-site-ca");
            assert.equal(ws.x509(certPem, "-ext", "basicConstraints"), "X509v3 Basic Constraints: critical\n    CA:TRUE");
            assert.equal(ws.x509(certPem, "-serial"), `serial=${ca.id.toUpperCase()}`);
            const days = (Date.parse(ca.properties.notAfter as string) - Date.now()) / 86_400_000;
            assert.ok(days > 1824.9 && days <= 1825, `notAfter is 1825 days ahead (got ${days})`);
        });

        it("Create omits an organization that was not given", async () => {
            assert.deepEqual(Object.keys(otherCa.properties).sort(), [
                "certPem",
                "commonName",
                "keyBits",
                "keyPem",
                "notAfter",
                "serialNumber",
                "validityDays",
            ]);
            assert.equal(ws.x509(otherCa.properties.certPem as string, "-subject"), "subject=CN = hub-b-site-ca");
        });

        it("Read returns the state unchanged, Update keeps the material, Delete succeeds", async () => {
            assert.deepEqual(await caHost.read(ca.id, ca.properties), { id: ca.id, properties: ca.properties });
            const updated = await caHost.update(ca.id, ca.properties, {
                commonName: "hub-a-site-ca",
                organization: "Edge Interconnect",
                validityDays: 1825,
                keyBits: 2048,
            });
            assert.deepEqual(updated, { properties: ca.properties });
            await caHost.delete(ca.id, ca.properties);
            assert.deepEqual(await caHost.read(ca.id, ca.properties), { id: ca.id, properties: ca.properties }, "delete touched nothing outside the state");
        });

        it("Create fails with a message that names the field and no stack", async () => {
            await assert.rejects(caHost.create({ commonName: "ca", validityDays: -1, keyBits: 2048 }), (e: unknown) => {
                assert.ok(e instanceof HostCallError);
                assert.equal(
                    e.details,
                    `cannot create certificate authority "ca": validityDays must be an integer from 1 to 36500 (got -1); correct this argument of the CertificateAuthority and run again`,
                );
                return true;
            });
        });
    });

    describe("SignedCertificate provider", () => {
        let inputs: Record<string, unknown>;
        let link: { id: string; properties: Record<string, unknown> };
        before(async () => {
            inputs = {
                caCertPem: ca.properties.certPem,
                caKeyPem: ca.properties.keyPem,
                commonName: "spoke-1-link",
                usages: ["client"],
                validityDays: 1825,
                keyAlgorithm: "RSA",
                keyBits: 2048,
            };
            link = await certHost.create(inputs);
        });

        it("Check fills in defaults (a new certificate gets ECDSA P-256), normalises usages and accepts valid inputs", async () => {
            const news = { caCertPem: ca.properties.certPem, caKeyPem: ca.properties.keyPem, commonName: "router", usages: ["client", "server", "client"] };
            assert.deepEqual(await certHost.check({}, news), {
                inputs: { ...news, usages: ["server", "client"], validityDays: 1825, keyAlgorithm: "ECDSA-P256" },
                failures: [],
            });
            assert.deepEqual(await certHost.check({}, { ...news, keyAlgorithm: "RSA" }), {
                inputs: { ...news, usages: ["server", "client"], validityDays: 1825, keyAlgorithm: "RSA", keyBits: 2048 },
                failures: [],
            });
            assert.deepEqual(await certHost.check({}, { ...news, keyBits: 4096 }), {
                inputs: { ...news, usages: ["server", "client"], validityDays: 1825, keyAlgorithm: "RSA", keyBits: 4096 },
                failures: [],
            });
        });

        it("Check names an unknown key algorithm, and keyBits with ECDSA", async () => {
            const news = { caCertPem: ca.properties.certPem, caKeyPem: ca.properties.keyPem, commonName: "router", usages: ["client"] };
            assert.deepEqual((await certHost.check({}, { ...news, keyAlgorithm: "ECDSA-P384" })).failures, [
                { property: "keyAlgorithm", reason: `must be "RSA" or "ECDSA-P256" (got "ECDSA-P384")` },
            ]);
            assert.deepEqual((await certHost.check({}, { ...news, keyAlgorithm: "ECDSA-P256", keyBits: 2048 })).failures, [
                { property: "keyBits", reason: `applies only to keyAlgorithm "RSA" (got keyAlgorithm "ECDSA-P256"); remove keyBits or set keyAlgorithm "RSA"` },
            ]);
        });

        it("Check names each invalid field, with list indexes", async () => {
            const { failures } = await certHost.check(
                {},
                {
                    caCertPem: ca.properties.certPem,
                    caKeyPem: otherCa.properties.keyPem,
                    commonName: "router",
                    ipAddresses: ["10.0.0.1", "300.1.1.1"],
                    dnsNames: ["bad_name"],
                    usages: ["peer"],
                },
            );
            assert.deepEqual(failures, [
                { property: "caKeyPem", reason: "does not match the public key of caCertPem; pass the key of that CA certificate" },
                { property: "dnsNames[0]", reason: `"bad_name" is not a valid DNS name` },
                { property: "ipAddresses[1]", reason: `"300.1.1.1" is not an IPv4 or IPv6 address` },
                { property: "usages[0]", reason: `"peer" must be "server" or "client"` },
            ]);
            const notRsa = await certHost.check({}, { ...inputs, caKeyPem: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" });
            assert.deepEqual(notRsa.failures, [{ property: "caKeyPem", reason: "must be an RSA private key in PKCS#1 or PKCS#8 PEM" }]);
        });

        it("Check passes preview's unknown values through (the CA is not created yet)", async () => {
            const news = { caCertPem: UNKNOWN, caKeyPem: UNKNOWN, commonName: "spoke-1-link", ipAddresses: [UNKNOWN], usages: ["client"] };
            assert.deepEqual(await certHost.check({}, news), { inputs: { ...news, validityDays: 1825, keyAlgorithm: "ECDSA-P256" }, failures: [] });
            assert.deepEqual(await certHost.check({}, { ...news, keyAlgorithm: UNKNOWN }), {
                inputs: { ...news, validityDays: 1825, keyAlgorithm: UNKNOWN },
                failures: [],
            });
        });

        it("Create returns an RSA client certificate (keyAlgorithm RSA) that verifies against the CA, and no undefined outputs", async () => {
            assert.deepEqual(Object.keys(link.properties).sort(), [
                "caCertPem",
                "caKeyPem",
                "certPem",
                "commonName",
                "keyAlgorithm",
                "keyBits",
                "keyPem",
                "notAfter",
                "serialNumber",
                "usages",
                "validityDays",
            ]);
            assertNoUndefined(link.properties);
            assert.equal(link.id, link.properties.serialNumber);
            const certPem = link.properties.certPem as string;
            const keyPem = link.properties.keyPem as string;
            assert.equal(link.properties.caCertPem, ca.properties.certPem);
            assert.deepEqual(link.properties.usages, ["client"]);
            assert.equal(link.properties.keyAlgorithm, "RSA");
            assert.equal(link.properties.keyBits, 2048);
            assert.deepEqual(ws.verify(ca.properties.certPem as string, certPem, "-purpose", "sslclient"), { status: 0, output: "leaf.crt: OK" });
            assert.equal(ws.verify(otherCa.properties.certPem as string, certPem).status, 2);
            assert.equal(ws.x509(certPem, "-subject", "-issuer"), "subject=CN = spoke-1-link\nissuer=O = Edge Interconnect, CN = hub-a-site-ca");
            assert.equal(
                ws.x509(certPem, "-ext", "basicConstraints,keyUsage,extendedKeyUsage,subjectAltName"),
                "X509v3 Basic Constraints: critical\n    CA:FALSE\nX509v3 Key Usage: critical\n    Digital Signature, Key Encipherment\nX509v3 Extended Key Usage:\n    TLS Web Client Authentication",
            );
            assert.equal(keyPem.split("\n")[0], "-----BEGIN RSA PRIVATE KEY-----");
            assert.deepEqual(ws.keyCheck(keyPem), { status: 0, output: "RSA key ok" });
            assert.equal(ws.keyModulus(keyPem), ws.certModulus(certPem));
        });

        it("keeps the CA key only in its own (secret) input echo", () => {
            const holding = Object.entries(link.properties)
                .filter(([, v]) => typeof v === "string" && v.includes((ca.properties.keyPem as string).split("\n")[1]))
                .map(([k]) => k);
            assert.deepEqual(holding, ["caKeyPem"]);
        });

        it("Create signs a server certificate with DNS and IP SANs", async () => {
            const server = await certHost.create({
                ...inputs,
                commonName: "skupper-site-server",
                dnsNames: ["skupper-inter-router.skupper.svc.cluster.local"],
                ipAddresses: ["203.0.113.7"],
                usages: ["server", "client"],
            });
            const certPem = server.properties.certPem as string;
            assert.deepEqual(ws.verify(ca.properties.certPem as string, certPem, "-purpose", "sslserver"), { status: 0, output: "leaf.crt: OK" });
            assert.equal(
                ws.x509(certPem, "-ext", "extendedKeyUsage,subjectAltName"),
                "X509v3 Extended Key Usage:\n    TLS Web Server Authentication, TLS Web Client Authentication\nX509v3 Subject Alternative Name:\n    DNS:skupper-inter-router.skupper.svc.cluster.local, IP Address:203.0.113.7",
            );
            assert.deepEqual(server.properties.dnsNames, ["skupper-inter-router.skupper.svc.cluster.local"]);
            assert.deepEqual(server.properties.ipAddresses, ["203.0.113.7"]);
        });

        it("Diff replaces on any input change (a new CA means a new certificate) or unknown", async () => {
            const olds = link.properties;
            const none = { changes: "NONE", replaces: [], deleteBeforeReplace: false };
            const replace = (...replaces: string[]) => ({ changes: "SOME", replaces, deleteBeforeReplace: false });
            assert.deepEqual(await certHost.diff(link.id, olds, inputs), none);
            assert.deepEqual(await certHost.diff(link.id, olds, { ...inputs, dnsNames: [], ipAddresses: [] }), none, "empty lists are the same as none");
            assert.deepEqual(
                await certHost.diff(link.id, olds, { ...inputs, caCertPem: otherCa.properties.certPem, caKeyPem: otherCa.properties.keyPem }),
                replace("caCertPem", "caKeyPem"),
            );
            assert.deepEqual(await certHost.diff(link.id, olds, { ...inputs, commonName: "spoke-2-link" }), replace("commonName"));
            assert.deepEqual(
                await certHost.diff(link.id, olds, { ...inputs, ipAddresses: ["10.0.0.1"], usages: ["server", "client"] }),
                replace("ipAddresses", "usages"),
            );
            assert.deepEqual(await certHost.diff(link.id, olds, { ...inputs, caCertPem: UNKNOWN, caKeyPem: UNKNOWN }), replace("caCertPem", "caKeyPem"));
            assert.deepEqual(await certHost.diff(link.id, olds, { ...inputs, dnsNames: [UNKNOWN] }), replace("dnsNames"));
            assert.deepEqual(await certHost.diff(link.id, olds, { ...inputs, keyAlgorithm: UNKNOWN }), replace("keyAlgorithm"));
        });

        it("Create makes a new link certificate ECDSA P-256 by default: SEC1 key, verified against the RSA CA, same extensions as RSA", async () => {
            const news = { caCertPem: ca.properties.certPem, caKeyPem: ca.properties.keyPem, commonName: "spoke-1-link", usages: ["client"] };
            const checked = await certHost.check({}, news);
            assert.deepEqual(checked, { inputs: { ...news, validityDays: 1825, keyAlgorithm: "ECDSA-P256" }, failures: [] });
            const ec = await certHost.create(checked.inputs);
            assert.deepEqual(Object.keys(ec.properties).sort(), [
                "caCertPem",
                "caKeyPem",
                "certPem",
                "commonName",
                "keyAlgorithm",
                "keyPem",
                "notAfter",
                "serialNumber",
                "usages",
                "validityDays",
            ]);
            assertNoUndefined(ec.properties);
            assert.equal(ec.properties.keyAlgorithm, "ECDSA-P256");
            const certPem = ec.properties.certPem as string;
            const keyPem = ec.properties.keyPem as string;
            assert.equal(keyPem.split("\n")[0], "-----BEGIN EC PRIVATE KEY-----");
            assert.deepEqual(ws.ecKeyCheck(keyPem), { status: 0, output: "read EC key\nEC Key valid." });
            assert.deepEqual(ws.ecKeyCurve(keyPem), { bits: "Private-Key: (256 bit)", oid: "ASN1 OID: prime256v1", nist: "NIST CURVE: P-256" });
            assert.equal(ws.certPublicKey(certPem), ws.ecPublicKey(keyPem));
            assert.deepEqual(ws.verify(ca.properties.certPem as string, certPem, "-purpose", "sslclient"), { status: 0, output: "leaf.crt: OK" });
            assert.equal(ws.verify(otherCa.properties.certPem as string, certPem).status, 2);
            const exts = "basicConstraints,keyUsage,extendedKeyUsage,subjectAltName";
            assert.equal(ws.x509(certPem, "-ext", exts), ws.x509(link.properties.certPem as string, "-ext", exts));
            assert.equal(ws.x509(certPem, "-subject", "-issuer"), "subject=CN = spoke-1-link\nissuer=O = Edge Interconnect, CN = hub-a-site-ca");
            // Unchanged inputs: no diff, and check on the existing resource keeps ECDSA.
            const again = await certHost.check(checked.inputs, news);
            assert.deepEqual(again, checked);
            assert.deepEqual(await certHost.diff(ec.id, ec.properties, again.inputs), { changes: "NONE", replaces: [], deleteBeforeReplace: false });
            // Asking for RSA replaces it.
            const toRsa = await certHost.check(checked.inputs, { ...news, keyAlgorithm: "RSA" });
            assert.deepEqual(await certHost.diff(ec.id, ec.properties, toRsa.inputs), {
                changes: "SOME",
                replaces: ["keyAlgorithm", "keyBits"],
                deleteBeforeReplace: false,
            });
        });

        it("generates keys off the event loop: the host answers a Check while an RSA-4096 key is being made", async () => {
            const order: string[] = [];
            const slow = certHost.create({ ...inputs, commonName: "slow-rsa", keyBits: 4096 }).then((r) => {
                order.push("create");
                return r;
            });
            // Give the create a head start so that it is generating when the check arrives.
            await new Promise((resolve) => setTimeout(resolve, 20));
            const checked = await certHost.check({}, { ...inputs, commonName: "quick" });
            order.push("check");
            assert.deepEqual(checked.failures, []);
            const made = await slow;
            assert.deepEqual(order, ["check", "create"]);
            assert.equal(ws.keySize(made.properties.keyPem as string), "Private-Key: (4096 bit, 2 primes)");
        });

        it("Read returns the state unchanged and Delete succeeds", async () => {
            assert.deepEqual(await certHost.read(link.id, link.properties), { id: link.id, properties: link.properties });
            await certHost.delete(link.id, link.properties);
            assert.equal(certHost.stderr, "");
        });

        it("Create fails with a message that names the field", async () => {
            await assert.rejects(certHost.create({ ...inputs, ipAddresses: ["10.0.0.1", "300.1.1.1"] }), (e: unknown) => {
                assert.ok(e instanceof HostCallError);
                assert.equal(
                    e.details,
                    `cannot sign certificate "spoke-1-link": ipAddresses[1] "300.1.1.1" is not an IPv4 or IPv6 address; correct this argument of the SignedCertificate and run again`,
                );
                return true;
            });
        });
    });
    describe("state recorded before keyAlgorithm existed (RSA link certificates)", () => {
        // Exactly what the engine holds for a link certificate made by the previous version:
        // its checked inputs (check's olds) and its outputs (diff's olds), without keyAlgorithm.
        const old = legacy.linkCertificate;
        const oldInputs = old.inputs as Record<string, unknown>;
        const oldOutputs = old.outputs as Record<string, unknown>;
        const news = old.news as Record<string, unknown>;
        const none = { changes: "NONE", replaces: [], deleteBeforeReplace: false };

        it("is RSA and has no keyAlgorithm (the fixture is what the old version wrote)", () => {
            assert.equal("keyAlgorithm" in oldInputs || "keyAlgorithm" in oldOutputs, false);
            assert.equal(oldInputs.keyBits, 2048);
            assert.equal((oldOutputs.keyPem as string).split("\n")[0], "-----BEGIN RSA PRIVATE KEY-----");
            assert.deepEqual(ws.verify(legacy.certificateAuthority.outputs.certPem, oldOutputs.certPem as string, "-purpose", "sslclient"), {
                status: 0,
                output: "leaf.crt: OK",
            });
        });

        it("Check keeps RSA for the existing certificate when the program does not say, and Diff sees no change", async () => {
            const checked = await certHost.check(oldInputs, news);
            assert.deepEqual(checked, {
                inputs: { ...news, usages: ["server", "client"], validityDays: 1825, keyAlgorithm: "RSA", keyBits: 2048 },
                failures: [],
            });
            assert.deepEqual(await certHost.diff(old.id, oldOutputs, checked.inputs), none);
            // The same program text for a new spoke gets ECDSA.
            assert.deepEqual((await certHost.check({}, { ...news, commonName: "skupper-link-store-0002" })).inputs.keyAlgorithm, "ECDSA-P256");
        });

        it("the next run, with keyAlgorithm now recorded, still sees no change", async () => {
            const first = await certHost.check(oldInputs, news);
            // After an up without changes the engine records the new inputs; outputs stay the old ones.
            const second = await certHost.check(first.inputs, news);
            assert.deepEqual(second, first);
            assert.deepEqual(await certHost.diff(old.id, oldOutputs, second.inputs), none);
            assert.deepEqual(await certHost.read(old.id, oldOutputs), { id: old.id, properties: oldOutputs });
        });

        it("explicit RSA keeps it, and explicit ECDSA-P256 replaces it with an ECDSA key", async () => {
            const rsa = await certHost.check(oldInputs, { ...news, keyAlgorithm: "RSA" });
            assert.deepEqual(await certHost.diff(old.id, oldOutputs, rsa.inputs), none);
            const ec = await certHost.check(oldInputs, { ...news, keyAlgorithm: "ECDSA-P256" });
            assert.deepEqual(ec, { inputs: { ...news, usages: ["server", "client"], validityDays: 1825, keyAlgorithm: "ECDSA-P256" }, failures: [] });
            assert.deepEqual(await certHost.diff(old.id, oldOutputs, ec.inputs), {
                changes: "SOME",
                replaces: ["keyAlgorithm", "keyBits"],
                deleteBeforeReplace: false,
            });
            const replacement = await certHost.create(ec.inputs);
            assert.equal((replacement.properties.keyPem as string).split("\n")[0], "-----BEGIN EC PRIVATE KEY-----");
            assert.deepEqual(ws.verify(legacy.certificateAuthority.outputs.certPem, replacement.properties.certPem as string, "-purpose", "sslclient"), {
                status: 0,
                output: "leaf.crt: OK",
            });
        });

        it("a change of another input replaces it, still as RSA", async () => {
            const renamed = await certHost.check(oldInputs, { ...news, commonName: "skupper-link-store-0001-b" });
            assert.equal(renamed.inputs.keyAlgorithm, "RSA");
            assert.deepEqual(await certHost.diff(old.id, oldOutputs, renamed.inputs), {
                changes: "SOME",
                replaces: ["commonName"],
                deleteBeforeReplace: false,
            });
        });
    });
});
