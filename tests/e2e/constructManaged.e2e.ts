/**
 * The orchestrator-managed mode through construct, with the real Pulumi CLI
 * against the local orchestrator (tools/local-orchestrator, on 127.0.0.1):
 * a program declares the network, a managed hub and spoke and an
 * InterconnectApplication REMOTELY (as every generated SDK does,
 * tests/e2e/support/remoteComponents.ts), the plugin constructs them. The
 * same program with the package's own (local) TypeScript components runs
 * first against the same orchestrator: the remote one must send the same
 * requests and leave the same network and deployments. No cluster is needed:
 * everything goes through the orchestrator's APIs.
 *
 * Needs `npx tsc -p tsconfig.json` first (the plugin runs dist/).
 *
 *   npx mocha --no-config -r ts-node/register/transpile-only --timeout 2700000 tests/e2e/constructManaged.e2e.ts
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Stack } from "@pulumi/pulumi/automation";
import { createOrchestratorServer, OrchestratorServer } from "../../tools/local-orchestrator";
import { ensureToolchain } from "./harness";
import { filesUnder } from "./support/files";
import { created } from "./support/hubAndSpokes";
import { inlineStack, pulumiEnv, PulumiEnv, REPO, stepRecorder } from "./support/pulumi";
import { RemoteApplication, RemoteHub, RemoteNetwork, RemoteSpoke } from "./support/remoteComponents";

const PROJECT_NAME = "construct-managed";
const PROJECT = "sample-project";
const NETWORK = "managed-mesh";
const USER = "edge-admin";
const PASSWORD = "e2e-managed-pass-2718";
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const T = (name: string) => `edge-interconnect:index:${name}`;
const NETWORKS = `/v1/projects/${PROJECT}/networks`;
const DEPLOYMENTS = `/v1/projects/${PROJECT}/appdeployment/deployments`;
const TOKEN = "/realms/master/protocol/openid-connect/token";
/** A JWT as the local orchestrator's realm mints them (base64url of `{"` twice). */
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}/;
const log = (line: string) => console.log(`      ${line}`);

/** The application's arguments both programs share (the local class takes `clusters`, the schema hubs, spokes and clusterIds). */
const APP = { role: "server", appName: "skupper-backend", appVersion: "0.0.1", profileName: "backend-profile" } as const;
const CLUSTER_IDS = ["cluster-dc", "cluster-store-1", "cluster-edge-9"];

/** One program, with the package's own components (`local`) or declared remotely (construct). */
function program(kind: "local" | "remote") {
    return async () => {
        const cfg = new pulumi.Config();
        const orchestrator = {
            apiUrl: cfg.require("apiUrl"),
            project: PROJECT,
            username: USER,
            password: cfg.requireSecret("password"),
            operationTimeoutSeconds: 20,
        };
        const networkArgs = { networkName: NETWORK, description: "Stores mesh", orchestrator };
        const hubArgs = { orchestratorClusterId: "cluster-dc", loadBalancer: { addresses: ["10.1.0.30-10.1.0.79"] } };
        if (kind === "local") {
            const sdk = await import("../../sdk");
            const network = new sdk.InterconnectNetwork("shop", networkArgs);
            const hub = new sdk.HubCluster("dc-hub", { network, ...hubArgs });
            const spoke = new sdk.SpokeCluster("store-1", { network, hub, orchestratorClusterId: "cluster-store-1" });
            const app = new sdk.InterconnectApplication("backend", { network, ...APP, clusters: [hub, spoke, "cluster-edge-9"] });
            return { networkName: network.networkName, deployId: app.deployId, clusterIds: app.clusterIds, applicationName: app.applicationName };
        }
        const network = new RemoteNetwork("shop", networkArgs);
        const hub = new RemoteHub("dc-hub", { network, ...hubArgs });
        const spoke = new RemoteSpoke("store-1", { network, hub, orchestratorClusterId: "cluster-store-1" });
        const app = new RemoteApplication("backend", { network, ...APP, hubs: [hub], spokes: [spoke], clusterIds: ["cluster-edge-9"] });
        return { networkName: network.networkName, deployId: app.deployId, clusterIds: app.clusterIds, applicationName: app.applicationName };
    };
}

describe("InterconnectApplication through construct, orchestrator-managed, against the local orchestrator (real CLI)", function () {
    this.timeout(30 * 60_000);
    let server: OrchestratorServer;
    let env: PulumiEnv;
    let local: Stack;
    let remote: Stack;
    let cliOutput = "";
    const onOutput = (out: string) => (cliOutput += out);
    /** What the local program's up sent and left, for the remote program to match. */
    let expected: ReturnType<typeof snapshot>;
    let localResources: string[];

    /**
     * The requests that change something, in arrival order, as "METHOD path"
     * with deployment ids replaced by <id> (token requests and GETs, whose
     * number depends on polling, are counted apart).
     */
    const writes = () =>
        [...server.requests.entries]
            .sort((a, b) => a.seq - b.seq)
            .filter((r) => r.method !== "GET" && r.path !== TOKEN)
            .map((r) => `${r.method} ${r.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/, "<id>")} ${r.status}`);
    /** The orchestrator's network and deployments, without what the server generates (ids, times, status). */
    const snapshot = () => ({
        networks: server.networks(PROJECT).map((n) => ({ name: n.name, spec: n.spec })),
        deployments: server
            .deployments(PROJECT)
            .map(({ deployId: _i, name: _n, createTime: _c, status: _s, project: _p, ...d }) => d)
            .sort((a, b) => a.displayName.localeCompare(b.displayName)),
        writes: writes().sort(),
    });

    before(async function () {
        const toolchain = await ensureToolchain({ only: ["pulumi"], log });
        assert.ok(fs.existsSync(path.join(REPO, "dist/provider/plugin/main.js")), "the plugin is built (npx tsc -p tsconfig.json)");
        server = await createOrchestratorServer({ host: "127.0.0.1", users: [{ username: USER, password: PASSWORD }] });
        env = await pulumiEnv(toolchain, "construct-managed", {
            log,
            kubernetesPlugin: false,
            env: { PATH: `${path.join(REPO, "bin")}:${toolchain.pulumiBinDir}:${process.env.PATH}` },
        });
        local = await inlineStack(env, PROJECT_NAME, "local", program("local"));
        remote = await inlineStack(env, PROJECT_NAME, "remote", program("remote"));
        for (const s of [local, remote]) {
            await s.setAllConfig({
                [`${PROJECT_NAME}:apiUrl`]: { value: server.url },
                [`${PROJECT_NAME}:password`]: { value: PASSWORD, secret: true },
            });
        }
    });

    after(async () => {
        try {
            for (const s of [remote, local]) if (s) await s.destroy({ color: "never" }).catch(() => undefined);
        } finally {
            await server?.close();
            env?.cleanup();
        }
    });

    it("the TypeScript program (local components): network PUT, four deployment POSTs; recorded, then destroyed", async () => {
        server.requests.clear();
        const rec = stepRecorder();
        const started = Date.now();
        const res = await local.up({ onEvent: rec.onEvent, onOutput, color: "never" });
        log(`up (local) in ${Math.round((Date.now() - started) / 1000)} s`);
        assert.equal(res.summary.result, "succeeded");
        localResources = created(rec.steps);
        expected = snapshot();
        assert.deepEqual(expected.writes, [...Array(4).fill(`POST ${DEPLOYMENTS} 200`), `PUT ${NETWORKS}/${NETWORK} 200`]);
        assert.deepEqual(
            expected.deployments.map((d) => d.displayName),
            ["backend", "dc-hub-loadbalancer", "dc-hub-skupper", "store-1-skupper"],
        );
        const [backend] = server.deployments(PROJECT).filter((d) => d.displayName === "backend");
        assert.deepEqual(
            [res.outputs.networkName.value, res.outputs.deployId.value, res.outputs.clusterIds.value, res.outputs.applicationName.value],
            [NETWORK, backend.deployId, CLUSTER_IDS, "backend"],
        );
        const d = await local.destroy({ onOutput, color: "never" });
        assert.equal(d.summary.result, "succeeded");
        assert.deepEqual([server.networks(PROJECT), server.deployments(PROJECT)], [[], []]);
    });

    it("the remote program previews the same resources: the engine has the plugin construct the four components", async () => {
        const rec = stepRecorder();
        await remote.preview({ onEvent: rec.onEvent, onOutput, color: "never" });
        assert.deepEqual(
            rec.steps.filter((s) => s.type.startsWith("edge-interconnect:index:") && s.op === "create").map((s) => `${s.type} ${s.name}`).sort(),
            localResources.filter((r) => r.startsWith("edge-interconnect:index:")),
        );
        assert.deepEqual(
            rec.steps.filter((s) => s.op !== "create").map((s) => `${s.op} ${s.name}`),
            [],
        );
    });

    it("up through construct: exactly one network PUT and four deployment POSTs, the application's body as the TypeScript program's", async () => {
        server.requests.clear();
        const rec = stepRecorder();
        const started = Date.now();
        const res = await remote.up({ onEvent: rec.onEvent, onOutput, color: "never" });
        log(`up (remote) in ${Math.round((Date.now() - started) / 1000)} s`);
        assert.equal(res.summary.result, "succeeded");
        assert.deepEqual(created(rec.steps), localResources);

        // The write requests: one network PUT, four deployment POSTs. The extensions' POSTs need not
        // wait for the PUT (sdk/managed/deployments.ts); the application's waits for the registration
        // and the extensions on its clusters, so it arrives last, after the PUT.
        const w = writes();
        assert.deepEqual([...w].sort(), [...Array(4).fill(`POST ${DEPLOYMENTS} 200`), `PUT ${NETWORKS}/${NETWORK} 200`]);
        assert.equal(w[w.length - 1], `POST ${DEPLOYMENTS} 200`);
        assert.ok(w.indexOf(`PUT ${NETWORKS}/${NETWORK} 200`) < w.length - 1, w.join("\n"));
        assert.ok(server.requests.count({ method: "POST", path: TOKEN, status: 200 }) >= 1, "the plugin logged in with the password");

        // What the orchestrator holds: the network and the application's deployment exactly.
        assert.deepEqual(
            server.networks(PROJECT).map((n) => [n.name, n.spec]),
            [[NETWORK, { description: "Stores mesh", type: "application-mesh" }]],
        );
        const deployments = server.deployments(PROJECT);
        assert.deepEqual(deployments.map((d) => d.displayName).sort(), ["backend", "dc-hub-loadbalancer", "dc-hub-skupper", "store-1-skupper"]);
        const [backend] = deployments.filter((d) => d.displayName === "backend");
        assert.deepEqual(
            {
                appName: backend.appName,
                appVersion: backend.appVersion,
                profileName: backend.profileName,
                deploymentType: backend.deploymentType,
                networkName: backend.networkName,
                targetClusters: backend.targetClusters,
                serviceExports: backend.serviceExports,
                overrideValues: backend.overrideValues,
            },
            {
                appName: "skupper-backend",
                appVersion: "0.0.1",
                profileName: "backend-profile",
                deploymentType: "targeted",
                networkName: NETWORK,
                targetClusters: CLUSTER_IDS.map((clusterId) => ({ appName: "skupper-backend", clusterId })),
                serviceExports: [{ appName: "skupper-backend", enabled: true }],
                overrideValues: [],
            },
        );
        // The same requests and the same orchestrator objects as with the TypeScript components.
        assert.deepEqual(snapshot(), expected);

        // The component's outputs come back from the plugin.
        assert.deepEqual(
            [res.outputs.networkName.value, res.outputs.deployId.value, res.outputs.clusterIds.value, res.outputs.applicationName.value],
            [NETWORK, backend.deployId, CLUSTER_IDS, "backend"],
        );
    });

    it("the state: the application is the plugin's component, its deployment under it, the password only as a secret", async () => {
        const state = await remote.exportStack();
        const resources = (state.deployment as { resources: Record<string, any>[] }).resources;
        const app = resources.find((r) => r.type === T("InterconnectApplication"));
        assert.ok(app, "the application component is in the state");
        const deployment = resources.find((r) => r.type === T("Deployment") && String(r.urn).endsWith("::backend-deployment"));
        assert.equal(deployment?.parent, app.urn);
        assert.equal(deployment?.id, server.deployments(PROJECT).find((d) => d.displayName === "backend")?.deployId);
        const registration = resources.find((r) => r.type === T("Network"));
        assert.equal(registration?.inputs.password?.[SECRET_SIG], "1b47061264138c4ac30d75fd1eb44270", "the password is a secret");
    });

    it("destroy: the orchestrator holds no network and no deployment; no password or token in plain text anywhere", async () => {
        server.requests.clear();
        const res = await remote.destroy({ onOutput, color: "never" });
        assert.equal(res.summary.result, "succeeded");
        assert.deepEqual([server.networks(PROJECT), server.deployments(PROJECT)], [[], []]);
        assert.deepEqual(writes().sort(), [...Array(4).fill(`DELETE ${DEPLOYMENTS}/<id> 200`), `DELETE ${NETWORKS}/${NETWORK} 200`].sort());
        const files = filesUnder(path.join(env.dir, "backend"));
        assert.ok(files.length > 0, "the backend holds the stacks' files");
        for (const f of files) {
            assert.equal(f.text.includes(PASSWORD), false, `no password in ${f.file}`);
            assert.doesNotMatch(f.text, JWT, `no token in ${f.file}`);
        }
        assert.ok(cliOutput.length > 0, "the CLI's output was captured");
        assert.equal(cliOutput.includes(PASSWORD), false, "no password in the CLI's output");
        assert.doesNotMatch(cliOutput, JWT, "no token in the CLI's output");
    });
});
