/**
 * InterconnectNetwork under pulumi.runtime.setMocks: what it registers in
 * each mode, with which inputs, and that credentials stay secret.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { RecordingMocks, inspect, isSecretValue, unknownOutput, unwrapSecrets } from "../support/mocks";

describe("InterconnectNetwork (mocks)", () => {
    const mocks = new RecordingMocks();
    let sdk: typeof import("../../sdk");

    before(async () => {
        await pulumi.runtime.setMocks(mocks, "edge-interconnect-test", "dev", false);
        sdk = await import("../../sdk");
    });
    beforeEach(() => mocks.reset());

    it("registers one dynamic network resource with the documented body fields and secret credentials", async () => {
        const net = new sdk.InterconnectNetwork("mesh", {
            description: "Retail interconnect",
            orchestrator: { apiUrl: "https://api.edge.example.com", project: "retail", username: "ops", password: "s3cret-pass", token: "eyJ.fake.token" },
        });
        const name = await inspect(net.networkName);
        assert.equal(name.value, "mesh");
        assert.deepEqual(
            mocks.resources.map((r) => [r.type, r.name]),
            [
                ["edge-interconnect:index:InterconnectNetwork", "mesh"],
                ["edge-interconnect:index:CertificateAuthority", "mesh-ca"],
                ["edge-interconnect:index:Network", "mesh-network"],
            ],
        );
        // A custom resource of the provider plugin: its inputs carry no provider code.
        const inputs = mocks.ofType("edge-interconnect:index:Network")[0].inputs;
        assert.equal(isSecretValue(inputs.password), true, "password reaches the engine as a secret");
        assert.equal(isSecretValue(inputs.token), true, "token reaches the engine as a secret");
        assert.deepEqual(unwrapSecrets(inputs), {
            apiUrl: "https://api.edge.example.com",
            project: "retail",
            networkName: "mesh",
            description: "Retail interconnect",
            username: "ops",
            password: "s3cret-pass",
            token: "eyJ.fake.token",
        });
        assert.equal((await inspect(net.project)).value, "retail");
        assert.equal(net.registered, true);
    });

    it("asks the engine to encrypt the credential outputs (additionalSecretOutputs)", async () => {
        const seen: { type: string; name: string; secretOutputs: string[] | undefined }[] = [];
        const net = new sdk.InterconnectNetwork(
            "secret-mesh",
            { orchestrator: { apiUrl: "https://api.edge.example.com", project: "retail", token: "plain-token" } },
            {
                transformations: [
                    (a) => {
                        seen.push({ type: a.type, name: a.name, secretOutputs: (a.opts as pulumi.CustomResourceOptions).additionalSecretOutputs });
                        return undefined;
                    },
                ],
            },
        );
        await inspect(net.networkName);
        assert.deepEqual(seen, [
            { type: "edge-interconnect:index:InterconnectNetwork", name: "secret-mesh", secretOutputs: undefined },
            { type: "edge-interconnect:index:CertificateAuthority", name: "secret-mesh-ca", secretOutputs: ["keyPem"] },
            { type: "edge-interconnect:index:Network", name: "secret-mesh-network", secretOutputs: ["token", "password"] },
        ]);
        const dyn = mocks.ofType("edge-interconnect:index:Network")[0];
        assert.equal(isSecretValue(dyn.inputs.token), true, "a token given as plain text is still sent as a secret");
    });

    it("uses networkName when given and the documented default description", async () => {
        const net = new sdk.InterconnectNetwork("res", {
            networkName: "store-mesh",
            orchestrator: { apiUrl: "http://127.0.0.1:8080", project: "p1", token: "t" },
        });
        assert.equal((await inspect(net.networkName)).value, "store-mesh");
        const dyn = mocks.ofType("edge-interconnect:index:Network")[0];
        assert.equal(dyn.name, "res-network");
        assert.equal(dyn.inputs.networkName, "store-mesh");
        assert.equal(dyn.inputs.description, "Network for Interconnect");
    });

    it("registers nothing remote in the direct mode", async () => {
        const net = new sdk.InterconnectNetwork("direct-mesh", {});
        assert.equal((await inspect(net.networkName)).value, "direct-mesh");
        assert.equal((await inspect(net.project)).value, undefined);
        assert.equal(net.registered, false);
        assert.equal(net.registration, undefined);
        assert.deepEqual(
            mocks.resources.map((r) => r.type),
            ["edge-interconnect:index:InterconnectNetwork"],
        );
    });

    it("refuses a bad network name with one error that names the field, before registering any child", () => {
        assert.throws(
            () => new sdk.InterconnectNetwork("bad", { networkName: "Store_Mesh" }),
            (e: any) => {
                assert.equal(e instanceof pulumi.ResourceError, true);
                assert.equal(e.hideStack, true);
                assert.match(e.message, /^networkName "Store_Mesh" is not allowed; use lowercase letters, digits and '-'/);
                return true;
            },
        );
        assert.equal(mocks.ofType("edge-interconnect:index:Network").length, 0);
    });

    it("refuses plain http to a non-loopback orchestrator", () => {
        assert.throws(
            () => new sdk.InterconnectNetwork("insecure", { orchestrator: { apiUrl: "http://api.edge.example.com", project: "p", token: "t" } }),
            (e: any) => {
                assert.equal(e.hideStack, true);
                assert.equal(
                    e.message,
                    'orchestrator.apiUrl must use https; plain http is allowed only to a loopback address (got "http://api.edge.example.com")',
                );
                return true;
            },
        );
        assert.equal(mocks.ofType("edge-interconnect:index:Network").length, 0);
    });

    it("validates a name that arrives as an Output when it resolves", async () => {
        const net = new sdk.InterconnectNetwork("later", { networkName: pulumi.output("UPPER") });
        await assert.rejects((net.networkName as any).promise(), /networkName "UPPER" is not allowed/);
    });
});

describe("InterconnectNetwork at preview (unknown inputs)", () => {
    const mocks = new RecordingMocks();
    let sdk: typeof import("../../sdk");
    before(async () => {
        await pulumi.runtime.setMocks(mocks, "edge-interconnect-test", "dev", true);
        sdk = await import("../../sdk");
    });
    after(async () => {
        await pulumi.runtime.setMocks(new RecordingMocks(), "edge-interconnect-test", "dev", false);
    });

    it("registers the network when the token and name are not known yet", async () => {
        const net = new sdk.InterconnectNetwork("preview-mesh", {
            networkName: unknownOutput("name"),
            orchestrator: { apiUrl: "https://api.edge.example.com", project: "retail", token: unknownOutput("token") },
        });
        assert.equal((await inspect(net.networkName)).isKnown, false);
        const dyn = mocks.ofType("edge-interconnect:index:Network");
        assert.equal(dyn.length, 1);
        assert.equal(dyn[0].inputs.apiUrl, "https://api.edge.example.com");
        assert.equal(net.registered, true);
    });
});
