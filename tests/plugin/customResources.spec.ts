/**
 * What the provider plugin adds around the resource operations (issue 16 §1):
 * secrets marked in what it returns (it accepts secrets, so the engine keeps
 * only the marks the plugin sends), records of the dynamic providers
 * (`__provider`) read and updated without their old code, and dispatch by the type in
 * the URN. Over gRPC against bin/pulumi-resource-edge-interconnect and the
 * local orchestrator.
 */
import * as assert from "node:assert/strict";
import { HostCallError, ProviderPluginHost, secretInput } from "../../tools/provider-host/pluginHost";
import { OrchestratorServer, createOrchestratorServer } from "../../tools/local-orchestrator";

const PASSWORD = "plugin-spec-password-5d1";
const PROJECT = "sample-project";
/** What a dynamic provider kept in every record: its serialized code. */
const LEGACY_CODE = "exports.handler = __f0; // serialized dynamic provider";

describe("provider plugin: secrets, migrated records and dispatch", function () {
    this.timeout(60_000);
    let server: OrchestratorServer;
    let net: ProviderPluginHost;
    let ca: ProviderPluginHost;
    let cert: ProviderPluginHost;
    let inputs: Record<string, unknown>;

    before(async () => {
        server = await createOrchestratorServer({ users: [{ username: "edge-admin", password: PASSWORD }] });
        [net, ca, cert] = await Promise.all([
            ProviderPluginHost.start("Network", { env: { PATH: process.env.PATH } }),
            ProviderPluginHost.start("CertificateAuthority"),
            ProviderPluginHost.start("SignedCertificate"),
        ]);
        await Promise.all([net.configure({}), ca.configure({}), cert.configure({})]);
        inputs = { apiUrl: server.url, project: PROJECT, networkName: "plugin-mesh", description: "d", username: "edge-admin" };
    });
    after(async () => {
        await Promise.all([net?.close(), ca?.close(), cert?.close()]);
        await server?.close();
    });

    it("Check and Create return a secret input as a secret, and the credentials always as secrets", async () => {
        const checked = await net.check({}, { ...inputs, password: secretInput(PASSWORD) });
        assert.deepEqual(checked, { inputs: { ...inputs, password: PASSWORD }, failures: [] });
        assert.deepEqual(net.secretKeys(checked.inputs), ["password"]);

        // Sent in plain text (as another language's SDK without the schema's marks would), still returned secret.
        const created = await net.create({ ...inputs, password: PASSWORD });
        assert.deepEqual(created, {
            id: "sample-project/plugin-mesh",
            properties: { ...inputs, password: PASSWORD, type: "application-mesh", adopted: false },
        });
        assert.deepEqual(net.secretKeys(created.properties), ["password"]);

        const read = await net.read(created.id, { ...created.properties, password: secretInput(PASSWORD), description: secretInput("d") });
        assert.deepEqual(read, created);
        assert.deepEqual(net.secretKeys(read.properties), ["description", "password"], "a secret kept in state stays secret after a refresh");
        await net.delete(created.id, { ...created.properties, password: secretInput(PASSWORD) });
        assert.deepEqual(server.networks(PROJECT), []);
    });

    it("the generated keys and the CA key echo are secrets", async () => {
        const authority = await ca.create({ commonName: "plugin-ca", validityDays: 30, keyBits: 2048 });
        assert.deepEqual(Object.keys(authority.properties).sort(), ["certPem", "commonName", "keyBits", "keyPem", "notAfter", "serialNumber", "validityDays"]);
        assert.deepEqual(ca.secretKeys(authority.properties), ["keyPem"]);
        const signed = await cert.create({
            caCertPem: authority.properties.certPem,
            caKeyPem: secretInput(authority.properties.keyPem),
            commonName: "plugin-link",
            usages: ["client"],
        });
        assert.match(String(signed.properties.keyPem), /^-----BEGIN EC PRIVATE KEY-----\n/);
        assert.equal(signed.properties.caKeyPem, authority.properties.keyPem);
        assert.deepEqual(cert.secretKeys(signed.properties), ["caKeyPem", "keyPem"]);
    });

    it("a record of the dynamic provider: __provider is no change, and nothing returned carries it", async () => {
        const news = { ...inputs, networkName: "legacy-mesh", password: PASSWORD };
        const created = await net.create(news);
        const legacyOuts = { ...created.properties, __provider: LEGACY_CODE };
        assert.deepEqual(await net.diff(created.id, created.properties, news), { changes: "NONE", replaces: [], deleteBeforeReplace: false });
        assert.deepEqual(await net.diff(created.id, legacyOuts, news), { changes: "NONE", replaces: [], deleteBeforeReplace: false });
        assert.deepEqual(await net.diff(created.id, legacyOuts, { ...news, description: "e" }), { changes: "SOME", replaces: [], deleteBeforeReplace: false });
        // Only a real change replaces it, as before.
        assert.deepEqual(await net.diff(created.id, legacyOuts, { ...news, project: "other" }), {
            changes: "SOME",
            replaces: ["project"],
            deleteBeforeReplace: false,
        });
        // Check ignores the old inputs' __provider.
        assert.deepEqual(await net.check({ ...news, __provider: LEGACY_CODE }, news), { inputs: news, failures: [] });

        const before = server.requests.total;
        const updated = await net.update(created.id, legacyOuts, news);
        assert.deepEqual(updated, { properties: created.properties });
        assert.deepEqual(net.secretKeys(updated.properties), ["password"]);
        assert.equal(server.requests.total, before, "an update that changes nothing on the server sends nothing");
        const read = await net.read(created.id, legacyOuts);
        assert.deepEqual(read, created);
        await net.delete(created.id, legacyOuts);
        assert.deepEqual(server.networks(PROJECT), []);
    });

    it("refuses a type it does not serve, naming the ones it does", async () => {
        const other = await ProviderPluginHost.start("Network", { type: "edge-interconnect:index:Nope" });
        try {
            const err = await other.check({}, {}).then(
                () => assert.fail("check must fail"),
                (e: HostCallError) => e,
            );
            assert.equal(
                err.details,
                `unknown resource type "edge-interconnect:index:Nope"; this provider serves edge-interconnect:index:Network, edge-interconnect:index:Deployment, ` +
                    `edge-interconnect:index:CertificateAuthority, edge-interconnect:index:SignedCertificate, edge-interconnect:index:IntermediateAuthority`,
            );
            assert.equal(/\n\s+at /.test(other.stderr), false, `stack trace in plugin output:\n${other.stderr}`);
        } finally {
            await other.close();
        }
    });
});
