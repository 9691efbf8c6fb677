/**
 * OrchestratorClient's deployments methods against the local orchestrator:
 * the App Deployment Manager's paths, bodies and errors.
 */
import * as assert from "node:assert/strict";
import { OrchestratorClient } from "../../provider/orchestrator/client";
import { OrchestratorApiError } from "../../provider/orchestrator/errors";
import { OrchestratorServer, createOrchestratorServer } from "../../tools/local-orchestrator";

const PASSWORD = "deployments-client-pass-3";
const PROJECT = "sample-project";
const BACKEND = {
    appName: "skupper-backend",
    appVersion: "0.0.1",
    profileName: "default",
    displayName: "backend",
    deploymentType: "targeted" as const,
    targetClusters: [{ appName: "skupper-backend", clusterId: "cluster-dc" }],
    networkName: "shop-mesh",
    serviceExports: [{ appName: "skupper-backend", enabled: true }],
};

describe("OrchestratorClient deployments against the local orchestrator", function () {
    let server: OrchestratorServer;
    let client: OrchestratorClient;
    before(async () => {
        server = await createOrchestratorServer({ users: [{ username: "edge-admin", password: PASSWORD }] });
        client = new OrchestratorClient({
            apiUrl: server.url,
            username: "edge-admin",
            password: PASSWORD,
            retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 3 },
        });
    });
    after(async () => server.close());

    it("creates, reads, lists, updates and deletes a deployment", async () => {
        const id = await client.createDeployment(PROJECT, BACKEND);
        assert.match(id, /^[0-9a-f-]{36}$/);
        const got = await client.getDeployment(PROJECT, id);
        assert.equal(got?.deployId, id);
        assert.equal(got?.appName, "skupper-backend");
        assert.deepEqual(got?.targetClusters, BACKEND.targetClusters);
        assert.equal("networkName" in (got ?? {}), false, "GET never returns networkName");
        assert.equal("serviceExports" in (got ?? {}), false, "GET never returns serviceExports");
        assert.deepEqual(
            (await client.listDeployments(PROJECT)).map((d) => d.deployId),
            [id],
        );
        await client.updateDeployment(PROJECT, id, { ...BACKEND, appVersion: "0.0.2" });
        assert.equal((await client.getDeployment(PROJECT, id))?.appVersion, "0.0.2");
        assert.equal(await client.deleteDeployment(PROJECT, id, "ALL"), true);
        assert.equal(await client.getDeployment(PROJECT, id), undefined);
        assert.equal(await client.deleteDeployment(PROJECT, id), false);
    });

    it("surfaces a duplicate as HTTP 409 with the server's message", async () => {
        const id = await client.createDeployment(PROJECT, { ...BACKEND, displayName: "dup" });
        try {
            const err = await client.createDeployment(PROJECT, { ...BACKEND, displayName: "dup" }).then(
                () => assert.fail("a duplicate must fail"),
                (e) => e as OrchestratorApiError,
            );
            assert.equal(err.status, 409);
            assert.match(err.serverMessage, /^Duplicate deployment exists/);
        } finally {
            await client.deleteDeployment(PROJECT, id);
        }
    });

    it("surfaces a validation failure as HTTP 400 naming the field", async () => {
        const err = await client.createDeployment(PROJECT, { ...BACKEND, appName: "Skupper_Backend" }).then(
            () => assert.fail("must fail"),
            (e) => e as OrchestratorApiError,
        );
        assert.equal(err.status, 400);
        assert.match(err.serverMessage, /appName/);
    });

    it("requires the loadbalancer's mandatory ipAddressRange", async () => {
        const lb = {
            appName: "loadbalancer",
            appVersion: "0.7.1",
            profileName: "default-profile",
            displayName: "hub-lb",
            deploymentType: "targeted" as const,
            targetClusters: ["metallb", "metallb-base", "metallb-config"].map((appName) => ({ appName, clusterId: "cluster-dc" })),
        };
        const err = await client.createDeployment(PROJECT, lb).then(
            () => assert.fail("must fail"),
            (e) => e as OrchestratorApiError,
        );
        assert.equal(err.status, 400);
        assert.match(err.serverMessage, /ipAddressRange/);
        const id = await client.createDeployment(PROJECT, {
            ...lb,
            overrideValues: [{ appName: "metallb-config", values: { ipAddressRange: "10.1.0.30-10.1.0.79" } }],
        });
        await client.deleteDeployment(PROJECT, id);
    });

    it("re-authenticates once when the gateway answers 403 to a refused token, as for networks", async () => {
        const forged = await server.issueForgedToken({ username: "edge-admin" });
        const c = new OrchestratorClient({
            apiUrl: server.url,
            token: forged,
            username: "edge-admin",
            password: PASSWORD,
            retry: { baseDelayMs: 1, maxAttempts: 2 },
        });
        const before = server.requests.total;
        assert.deepEqual(await c.listDeployments(PROJECT), []);
        assert.deepEqual(
            server.requests.entries.filter((r) => r.seq > before).map((r) => [r.method, r.path.startsWith("/realms") ? "token" : "deployments", r.status]),
            [
                ["GET", "deployments", 403],
                ["POST", "token", 200],
                ["GET", "deployments", 200],
            ],
        );
    });

    it("retries a 503 on create and creates exactly once", async () => {
        server.faults.set({ status5xx: { status: 503, times: 1, pathPrefix: "/v1/projects/sample-project/appdeployment" } });
        try {
            const id = await client.createDeployment(PROJECT, { ...BACKEND, displayName: "retried" });
            assert.equal(server.deployments(PROJECT).filter((d) => d.displayName === "retried").length, 1);
            await client.deleteDeployment(PROJECT, id);
        } finally {
            server.faults.clear();
        }
    });

    it("pages through a long list", async () => {
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) ids.push(await client.createDeployment(PROJECT, { ...BACKEND, displayName: `page-${i}` }));
        try {
            const listed = await client.listDeployments(PROJECT, { pageSize: 2 });
            assert.deepEqual(listed.map((d) => d.deployId).sort(), [...ids].sort());
            const gets = server.requests.entries.filter((r) => r.method === "GET" && r.path.endsWith("/deployments")).slice(-3);
            assert.deepEqual(
                gets.map((r) => r.query),
                ["pageSize=2&offset=0", "pageSize=2&offset=2", "pageSize=2&offset=4"],
            );
        } finally {
            for (const id of ids) await client.deleteDeployment(PROJECT, id);
        }
    });
});
