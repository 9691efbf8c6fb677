/**
 * The OrchestratorDeployment provider through the package's provider plugin
 * over gRPC, against the local orchestrator's App Deployment Manager API.
 */
import * as assert from "node:assert/strict";
import { ProviderPluginHost, HostCallError } from "../../tools/provider-host/pluginHost";
import { UNKNOWN } from "../../provider/orchestrator/connection";
import { OrchestratorClient } from "../../provider/orchestrator/client";
import { OrchestratorServer, createOrchestratorServer } from "../../tools/local-orchestrator";

const PASSWORD = "deployment-host-pass-5";

/** A copy without `keys`: the engine omits absent inputs, it never sends undefined. */
function without(o: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
    return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
}
const PROJECT = "sample-project";

describe("deployments provider through the provider plugin", function () {
    let server: OrchestratorServer;
    let host: ProviderPluginHost;
    let client: OrchestratorClient;
    let backend: Record<string, unknown>;

    before(async () => {
        server = await createOrchestratorServer({ users: [{ username: "edge-admin", password: PASSWORD }] });
        host = await ProviderPluginHost.start("Deployment", {
            env: { PATH: process.env.PATH, EDGE_ORCH_USERNAME: "edge-admin", EDGE_ORCH_PASSWORD: PASSWORD },
        });
        await host.configure({});
        client = new OrchestratorClient({ apiUrl: server.url, username: "edge-admin", password: PASSWORD });
        backend = {
            apiUrl: server.url,
            project: PROJECT,
            appName: "skupper-backend",
            appVersion: "0.0.1",
            displayName: "backend",
            targetClusters: [{ appName: "skupper-backend", clusterId: "cluster-dc" }],
            networkName: "shop-mesh",
            serviceExports: [{ appName: "skupper-backend", enabled: true }],
        };
    });
    after(async () => {
        await host?.close();
        await server?.close();
    });

    it("Check fills defaults and accepts valid inputs", async () => {
        assert.deepEqual(await host.check({}, backend), { inputs: { ...backend, deploymentType: "targeted", deleteType: "PARENT_ONLY" }, failures: [] });
    });

    it("Check names each invalid field, and refuses the network for an extension", async () => {
        const { failures } = await host.check({}, { ...backend, appName: "Skupper_Backend", appVersion: "", targetClusters: [{ clusterId: "bad id!" }] });
        assert.deepEqual(
            failures.map((f) => f.property),
            ["appName", "appVersion", "targetClusters.0.clusterId"],
        );
        const ext = await host.check({}, { ...without(backend, "serviceExports"), appName: "skupper", appVersion: "0.3.1" });
        assert.deepEqual(ext.failures, [
            {
                property: "networkName",
                reason: "must not be set for the skupper or loadbalancer extension: the product documentation says not to select the network when deploying them (steps 4 and 5); only applications join it",
            },
        ]);
        const exportsWithoutNetwork = await host.check({}, without(backend, "networkName"));
        assert.deepEqual(exportsWithoutNetwork.failures, [{ property: "serviceExports", reason: "needs networkName: applications are exposed on a network" }]);
    });

    it("Diff replaces on package, network or project and updates the rest in place", async () => {
        const olds = { ...backend, deploymentType: "targeted", deleteType: "PARENT_ONLY", deployId: "x" };
        const news = { ...backend, deploymentType: "targeted", deleteType: "PARENT_ONLY" };
        assert.deepEqual(await host.diff("x", olds, news), { changes: "NONE", replaces: [], deleteBeforeReplace: false });
        assert.deepEqual(await host.diff("x", olds, { ...news, appVersion: "0.0.2" }), { changes: "SOME", replaces: [], deleteBeforeReplace: false });
        // Replacements delete first: ADM refuses a second deployment with the same package and displayName (issue 12.2).
        assert.deepEqual(await host.diff("x", olds, { ...news, networkName: "other-mesh" }), {
            changes: "SOME",
            replaces: ["networkName"],
            deleteBeforeReplace: true,
        });
        assert.deepEqual(await host.diff("x", olds, { ...news, appName: UNKNOWN }), { changes: "SOME", replaces: ["appName"], deleteBeforeReplace: true });
    });

    it("Diff always updates the record of a create whose outcome was unknown, so the update settles it (issue 13.1)", async () => {
        const olds = { ...backend, deploymentType: "targeted", deleteType: "PARENT_ONLY", createUnconfirmed: true };
        const news = { ...backend, deploymentType: "targeted", deleteType: "PARENT_ONLY" };
        assert.deepEqual(await host.diff("unconfirmed/sample-project/skupper-backend/backend", olds, news), {
            changes: "SOME",
            replaces: [],
            deleteBeforeReplace: false,
        });
    });

    for (const [depth, ok] of [
        [1, true],
        [100, true],
        [101, false],
        // Far deeper values never reach the provider: protobuf's Struct conversion itself overflows first.
        [300, false],
    ] as [number, boolean][]) {
        it(`Check ${ok ? "accepts" : "refuses"} override values nested ${depth} levels (issue 13.6)`, async () => {
            let values: Record<string, unknown> = { leaf: 1 };
            for (let i = 1; i < depth; i++) values = { a: values };
            const { failures } = await host.check({}, { ...backend, overrideValues: [{ appName: "skupper-backend", values }] });
            assert.deepEqual(
                failures,
                ok
                    ? []
                    : [
                          {
                              property: "overrideValues.0.values",
                              reason: "must not nest deeper than 100 levels (Helm values; the orchestrator refuses deeper ones)",
                          },
                      ],
            );
        });
    }

    it("Create keeps networkName and serviceExports in state, which the API never returns", async () => {
        const inputs = (await host.check({}, backend)).inputs;
        const created = await host.create(inputs);
        assert.match(created.id, /^[0-9a-f-]{36}$/);
        assert.deepEqual(created.properties, { ...inputs, deployId: created.id });
        const stored = server.deployments(PROJECT).find((d) => d.deployId === created.id)!;
        assert.equal(stored.networkName, "shop-mesh");
        assert.deepEqual(stored.serviceExports, [{ appName: "skupper-backend", enabled: true }]);
        const fromApi = await client.getDeployment(PROJECT, created.id);
        assert.equal((fromApi as unknown as Record<string, unknown>).networkName, undefined);

        const read = await host.read(created.id, created.properties);
        assert.equal(read.id, created.id);
        assert.equal(read.properties.networkName, "shop-mesh", "kept from state");
        assert.deepEqual(read.properties.serviceExports, [{ appName: "skupper-backend", enabled: true }]);
        await host.delete(created.id, created.properties);
        assert.equal(server.deployments(PROJECT).filter((d) => d.deployId === created.id).length, 0);
    });

    it("Read detects drift and a deleted deployment; Update puts the new spec; Delete of a gone one succeeds", async () => {
        const inputs = (await host.check({}, { ...backend, displayName: "drifting" })).inputs;
        const created = await host.create(inputs);
        const { networkName: _n, serviceExports: _e, apiUrl: _a, project: _p, deleteType: _d, ...spec } = inputs as Record<string, any>;
        await client.updateDeployment(PROJECT, created.id, { ...spec, appVersion: "0.0.9" } as any);
        const drifted = await host.read(created.id, created.properties);
        assert.equal(drifted.properties.appVersion, "0.0.9");
        assert.equal(drifted.properties.networkName, "shop-mesh");

        const updated = await host.update(created.id, drifted.properties, { ...inputs, appVersion: "0.0.2" });
        assert.equal(updated.properties.appVersion, "0.0.2");
        assert.equal((await client.getDeployment(PROJECT, created.id))?.appVersion, "0.0.2");

        await client.deleteDeployment(PROJECT, created.id);
        assert.deepEqual(await host.read(created.id, updated.properties), { id: "", properties: {} });
        await host.delete(created.id, updated.properties);
    });

    it("Create of a duplicate fails with one line that says what to change", async () => {
        const inputs = (await host.check({}, { ...backend, displayName: "twice" })).inputs;
        const first = await host.create(inputs);
        try {
            const err = await host.create(inputs).then(
                () => assert.fail("a duplicate must fail"),
                (e: HostCallError) => e,
            );
            assert.match(
                err.details,
                /^creating deployment of "skupper-backend" failed: POST \/v1\/projects\/sample-project\/appdeployment\/deployments failed with HTTP 409: Duplicate deployment exists with same name twice, deployID: [0-9a-f-]{36}\. A deployment of the same package, version, profile and display name exists: choose another displayName, or delete that deployment\.$/,
            );
            assert.equal(/\n\s+at /.test(host.stderr), false);
        } finally {
            await host.delete(first.id, first.properties);
        }
    });
});
