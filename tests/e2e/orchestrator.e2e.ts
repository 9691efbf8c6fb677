/**
 * examples/orchestrator-network through the real Pulumi CLI against the local
 * orchestrator: create, update, refresh after an out-of-band delete, destroy,
 * and the fault matrix of issues 12.3 and 13.1. The engine, not a test double,
 * records what a failed create leaves, so this proves that such a state
 * refreshes, updates and destroys without "code must be a string" and
 * without orphans on the orchestrator.
 *
 * No cluster is needed: the example registers the network only. Nothing is
 * downloaded: the CLI comes from the toolchain, the package's provider plugin
 * from bin/ (dist/ must be built).
 *
 *   npm run test:e2e
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { ConfigMap, Stack } from "@pulumi/pulumi/automation";
import { OrchestratorServer, createOrchestratorServer } from "../../tools/local-orchestrator";
import type { FaultSettings } from "../../tools/local-orchestrator/faults";
import { aliasPackageName } from "../support/packageAlias";
import { ensureToolchain } from "./toolchain";
import { changes, inlineStack, programOf, pulumiEnv, PulumiEnv, REPO, stepRecorder } from "./support/pulumi";

const EXAMPLE = path.join(REPO, "examples/orchestrator-network/index.ts");
const PROJECT_NAME = "orchestrator-network";
const PROJECT = "sample-project";
const NETWORK = "retail-mesh";
const USER = "edge-admin";
const PASSWORD = "e2e-orch-pass-3141";
const TOKEN = "/realms/master/protocol/openid-connect/token";
const REGISTRATION = "edge-interconnect:index:Network";
const log = (line: string) => console.log(`      ${line}`);

/**
 * A local orchestrator and a stack on it, for one describe block: started
 * before its tests (skipped without a Pulumi CLI), destroyed and closed after.
 * The provider reads its credentials from the environment, as with a real
 * orchestrator; the kubernetes plugin is left out, since no cluster is used.
 */
function orchestratorStack(projectName: string, program: () => Promise<Record<string, unknown>>, config: (url: string) => ConfigMap) {
    const o = {} as { server: OrchestratorServer; env: PulumiEnv; stack: Stack };
    before(async function () {
        const toolchain = await ensureToolchain();
        if (!toolchain.pulumi || !toolchain.pulumiBinDir) {
            log(`skipped: no Pulumi CLI (${JSON.stringify(toolchain.unavailable)})`);
            this.skip();
        }
        o.server = await createOrchestratorServer({ users: [{ username: USER, password: PASSWORD }] });
        o.env = await pulumiEnv(toolchain, projectName, { kubernetesPlugin: false, env: { EDGE_ORCH_USERNAME: USER, EDGE_ORCH_PASSWORD: PASSWORD } });
        o.stack = await inlineStack(o.env, projectName, "e2e", program);
        await o.stack.setAllConfig(config(o.server.url));
    });
    after(async () => {
        try {
            if (o.stack) await o.stack.destroy({ color: "never" }).catch(() => undefined);
        } finally {
            await o.server?.close();
            o.env?.cleanup();
        }
    });
    return o;
}

describe("orchestrator-registered network through the Pulumi CLI (examples/orchestrator-network)", function () {
    this.timeout(20 * 60_000);
    const o = orchestratorStack(PROJECT_NAME, programOf(EXAMPLE, aliasPackageName), (url) => ({
        [`${PROJECT_NAME}:apiUrl`]: { value: url },
        [`${PROJECT_NAME}:project`]: { value: PROJECT },
        [`${PROJECT_NAME}:operationTimeoutSeconds`]: { value: "3" },
    }));

    /** The one network of the example on the orchestrator: [name, spec] pairs. */
    const onServer = () => o.server.networks(PROJECT).map((n) => [n.name, n.spec]);
    /** The registration's record in the state, if any. */
    const record = async () => {
        const state = await o.stack.exportStack();
        const resources = (state.deployment as { resources?: Record<string, any>[] }).resources ?? [];
        return resources.find((r) => r.type === REGISTRATION && String(r.urn).endsWith(`::${NETWORK}-network`));
    };
    /** The CLI's whole output of a failed operation. */
    const failure = async (op: Promise<unknown>) =>
        op.then(
            () => assert.fail("the operation must fail"),
            (e: { stdout?: string; stderr?: string; message?: string }) => `${e.stdout ?? ""}\n${e.stderr ?? ""}\n${e.message ?? ""}`,
        );

    afterEach(() => o.server?.faults.clear());

    it("up creates the network; a second up changes nothing", async () => {
        const rec = stepRecorder();
        const res = await o.stack.up({ onEvent: rec.onEvent, color: "never" });
        assert.equal(res.summary.result, "succeeded");
        assert.equal(res.outputs.networkName.value, NETWORK);
        assert.deepEqual(onServer(), [[NETWORK, { description: "Network for Interconnect", type: "application-mesh" }]]);
        const again = stepRecorder();
        await o.stack.up({ onEvent: again.onEvent, color: "never" });
        assert.deepEqual(changes(again.steps), []);
        assert.equal(res.stdout.includes(PASSWORD), false);
    });

    it("a new description updates the network in place", async () => {
        await o.stack.setConfig(`${PROJECT_NAME}:description`, { value: "Stores mesh" });
        try {
            const rec = stepRecorder();
            await o.stack.up({ onEvent: rec.onEvent, color: "never" });
            assert.deepEqual(changes(rec.steps), [`update ${NETWORK}-network`]);
            assert.deepEqual(onServer(), [[NETWORK, { description: "Stores mesh", type: "application-mesh" }]]);
        } finally {
            await o.stack.removeConfig(`${PROJECT_NAME}:description`);
            await o.stack.up({ color: "never" });
        }
    });

    it("refresh after an out-of-band delete drops the record; up creates the network again", async () => {
        const token = await o.server.issueToken({ username: USER });
        const res = await fetch(`${o.server.url}/v1/projects/${PROJECT}/networks/${NETWORK}`, {
            method: "DELETE",
            headers: { authorization: `Bearer ${token}` },
        });
        assert.equal(res.status, 200);
        const refreshed = await o.stack.refresh({ color: "never" });
        assert.equal(refreshed.summary.resourceChanges?.delete, 1);
        assert.equal(await record(), undefined);
        const rec = stepRecorder();
        await o.stack.up({ onEvent: rec.onEvent, color: "never" });
        assert.deepEqual(changes(rec.steps), [`create ${NETWORK}-network`]);
        assert.deepEqual(onServer(), [[NETWORK, { description: "Network for Interconnect", type: "application-mesh" }]]);
    });

    it("destroy removes the network", async () => {
        await o.stack.destroy({ color: "never" });
        assert.deepEqual(onServer(), []);
        assert.equal(await record(), undefined);
    });

    // ---- the fault matrix (issues 12.3 and 13.1) -----------------------------------------------

    /** Each case starts from an empty stack and an empty orchestrator, whatever the one before left. */
    const reset = async () => {
        o.server.faults.clear();
        await o.stack.destroy({ color: "never" }).catch(() => undefined);
        const token = await o.server.issueToken({ username: USER });
        for (const [name] of onServer()) {
            await fetch(`${o.server.url}/v1/projects/${PROJECT}/networks/${String(name)}`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
        }
    };

    const cases: { label: string; faults: FaultSettings; recorded: boolean; onServer: boolean }[] = [
        {
            label: "the token endpoint answers 503 (no PUT is sent)",
            faults: { status5xx: { status: 503, pathPrefix: TOKEN } },
            recorded: false,
            onServer: false,
        },
        { label: "every PUT answers 503", faults: { status5xx: { status: 503, pathPrefix: "/v1/", method: "PUT" } }, recorded: true, onServer: false },
        {
            label: "the PUT is applied, its answer lost, and the follow-up check throttled",
            faults: { failAfterCommit: { times: 1, method: "PUT" }, status429: { retryAfterSec: 1, pathPrefix: "/v1/", method: "GET" } },
            recorded: true,
            onServer: true,
        },
    ];
    for (const c of cases) {
        for (const follow of ["refresh", "up", "destroy"] as const) {
            it(`${c.label}: up fails ${c.recorded ? "and records the network" : "recording nothing"}; then ${follow} settles it`, async () => {
                await reset();
                o.server.faults.set(c.faults);
                const output = await failure(o.stack.up({ color: "never" }));
                o.server.faults.clear();
                assert.match(output, new RegExp(`creating network "${NETWORK}" failed: `));
                assert.equal(output.includes(PASSWORD), false, "no password in the CLI's output");
                assert.equal(/\n\s+at .*\.(js|ts):\d+/.test(output), false, `no JavaScript stack in the CLI's output:\n${output}`);
                assert.deepEqual(onServer().length, c.onServer ? 1 : 0);

                const rec = await record();
                if (!c.recorded) {
                    assert.equal(rec, undefined, "nothing is recorded when no request reached the orchestrator");
                } else {
                    assert.ok(rec, "the engine recorded the network");
                    assert.equal(rec.id, `${PROJECT}/${NETWORK}`);
                    assert.equal(rec.outputs.createUnconfirmed, true);
                    assert.equal("__provider" in rec.outputs, false, "a custom resource's record carries no provider code");
                    assert.equal(rec.initErrors.length, 1);
                    assert.match(
                        rec.initErrors[0],
                        new RegExp(
                            `^creating network "${NETWORK}" failed: .* \\(the orchestrator may have created the network; pulumi refresh, up or destroy will settle it\\)$`,
                        ),
                    );
                }

                if (follow === "refresh") {
                    await o.stack.refresh({ color: "never" });
                    const after = await record();
                    if (c.onServer) {
                        assert.equal(after?.outputs.createUnconfirmed, undefined, "found: the marker is cleared");
                        assert.deepEqual(after?.initErrors ?? [], []);
                    } else assert.equal(after, undefined);
                    await o.stack.up({ color: "never" });
                    assert.equal(onServer().length, 1);
                    await o.stack.destroy({ color: "never" });
                } else if (follow === "up") {
                    await o.stack.up({ color: "never" });
                    assert.deepEqual(onServer(), [[NETWORK, { description: "Network for Interconnect", type: "application-mesh" }]]);
                    assert.equal((await record())?.outputs.createUnconfirmed, undefined);
                    await o.stack.destroy({ color: "never" });
                } else {
                    await o.stack.destroy({ color: "never" });
                }
                assert.deepEqual(onServer(), [], "nothing is orphaned on the orchestrator");
                assert.equal(await record(), undefined);
            });
        }
    }
});

/**
 * The orchestrator-managed mode through the Pulumi CLI (issues 12.1, 12.2): the
 * deployments join the name the orchestrator registered (networkName as an
 * Output), wait for the registration and the extensions on their clusters,
 * and a new network name replaces them delete-first, so ADM's duplicate
 * check never trips. No cluster is needed: everything goes through the
 * orchestrator's APIs.
 */
describe("orchestrator-managed mode through the Pulumi CLI (issues 12.1, 12.2)", function () {
    this.timeout(20 * 60_000);
    const MANAGED = "managed-mesh";
    const o = orchestratorStack(
        "managed",
        () => program(),
        (url) => ({ "managed:apiUrl": { value: url }, "managed:networkName": { value: MANAGED } }),
    );

    const program = async () => {
        const pulumi = await import("@pulumi/pulumi");
        const sdk = await import("../../sdk");
        const cfg = new pulumi.Config();
        const network = new sdk.InterconnectNetwork("shop", {
            // An Output: the registration's name, not the resource name, must reach the deployments.
            networkName: pulumi.output(cfg.require("networkName")),
            orchestrator: { apiUrl: cfg.require("apiUrl"), project: PROJECT, operationTimeoutSeconds: 10 },
            naming: { annotationPrefix: "network.app.edge-orchestrator.intel.com" },
        });
        const hub = new sdk.HubCluster("dc-hub", { network, orchestratorClusterId: "cluster-dc", loadBalancer: { addresses: ["10.1.0.30-10.1.0.79"] } });
        const spoke = new sdk.SpokeCluster("store-1", { network, hub, orchestratorClusterId: "cluster-store-1" });
        new sdk.InterconnectApplication("backend", { network, role: "server", appName: "skupper-backend", appVersion: "0.0.1", clusters: [hub] });
        new sdk.InterconnectApplication("frontend", { network, role: "client", appName: "skupper-frontend", appVersion: "0.0.1", clusters: [spoke] });
        return { networkName: network.networkName };
    };

    /** The engine's events in order: "pre <op> <name>" when a step starts, "out <name>" when a resource's outputs are final. */
    const eventLog = () => {
        const events: string[] = [];
        return {
            events,
            onEvent: (e: import("@pulumi/pulumi/automation").EngineEvent) => {
                const pre = e.resourcePreEvent?.metadata;
                if (pre && pre.op !== "same") events.push(`pre ${pre.op} ${pre.urn.split("::").pop()}`);
                const out = e.resOutputsEvent?.metadata;
                if (out && out.op !== "same") events.push(`out ${out.op} ${out.urn.split("::").pop()}`);
            },
        };
    };
    const before_ = (events: string[], a: string, b: string) => {
        const i = events.indexOf(a);
        const j = events.indexOf(b);
        assert.ok(i >= 0 && j >= 0 && i < j, `"${a}" (${i}) must come before "${b}" (${j}):\n${events.join("\n")}`);
    };
    const deployments = () =>
        o.server
            .deployments(PROJECT)
            .map((d) => [d.displayName, d.networkName || null])
            .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

    it("up: applications join the registered name, after the registration and their clusters' extensions", async () => {
        const log = eventLog();
        const res = await o.stack.up({ onEvent: log.onEvent, color: "never" });
        assert.equal(res.outputs.networkName.value, MANAGED);
        assert.deepEqual(
            o.server.networks(PROJECT).map((n) => n.name),
            [MANAGED],
        );
        assert.deepEqual(deployments(), [
            ["backend", MANAGED],
            ["dc-hub-loadbalancer", null],
            ["dc-hub-skupper", null],
            ["frontend", MANAGED],
            ["store-1-skupper", null],
        ]);
        for (const app of ["backend-deployment", "frontend-deployment"]) before_(log.events, "out create shop-network", `pre create ${app}`);
        before_(log.events, "out create dc-hub-loadbalancer", "pre create backend-deployment");
        before_(log.events, "out create dc-hub-skupper", "pre create backend-deployment");
        before_(log.events, "out create store-1-skupper", "pre create frontend-deployment");
    });

    it("a new network name replaces the applications' deployments delete-first: no duplicate, the old network goes last", async () => {
        await o.stack.setConfig("managed:networkName", { value: "other-mesh" });
        const log = eventLog();
        await o.stack.up({ onEvent: log.onEvent, color: "never" });
        assert.deepEqual(
            o.server.networks(PROJECT).map((n) => n.name),
            ["other-mesh"],
        );
        assert.deepEqual(deployments(), [
            ["backend", "other-mesh"],
            ["dc-hub-loadbalancer", null],
            ["dc-hub-skupper", null],
            ["frontend", "other-mesh"],
            ["store-1-skupper", null],
        ]);
        // Delete-first: the old deployment is gone before its replacement is created.
        before_(log.events, "pre delete-replaced backend-deployment", "pre create-replacement backend-deployment");
        before_(log.events, "pre delete-replaced frontend-deployment", "pre create-replacement frontend-deployment");
        // The new network exists before the applications join it; the old one goes after they left it.
        before_(log.events, "out create-replacement shop-network", "pre create-replacement backend-deployment");
        before_(log.events, "out create-replacement backend-deployment", "pre delete-replaced shop-network");
        before_(log.events, "out create-replacement frontend-deployment", "pre delete-replaced shop-network");
    });

    const DEPLOYMENTS = `/v1/projects/${PROJECT}/appdeployment/deployments`;
    const recorded = async () => {
        const state = await o.stack.exportStack();
        return ((state.deployment as { resources?: Record<string, any>[] }).resources ?? []).filter((r) => r.initErrors?.length);
    };

    it("a deployment POST applied with its answer lost is adopted: exactly one deployment each (issue 12.3)", async () => {
        await o.stack.setConfig("managed:networkName", { value: "lost-mesh" });
        o.server.faults.set({ failAfterCommit: { times: 1, method: "POST", pathPrefix: DEPLOYMENTS } });
        try {
            await o.stack.up({ color: "never" });
        } finally {
            o.server.faults.clear();
        }
        assert.equal(o.server.faults.fired("failAfterCommit"), 1);
        assert.deepEqual(deployments(), [
            ["backend", "lost-mesh"],
            ["dc-hub-loadbalancer", null],
            ["dc-hub-skupper", null],
            ["frontend", "lost-mesh"],
            ["store-1-skupper", null],
        ]);
        assert.deepEqual(await recorded(), []);
        const state = await o.stack.exportStack();
        const ids = ((state.deployment as { resources?: Record<string, any>[] }).resources ?? [])
            .filter((r) => r.type === "edge-interconnect:index:Deployment")
            .map((r) => r.id)
            .sort();
        assert.deepEqual(
            ids,
            o.server
                .deployments(PROJECT)
                .map((d) => d.deployId)
                .sort(),
            "the state holds the server's ids",
        );
    });

    it("a lost POST answer whose follow-up list is throttled is recorded, and the next up settles it without a duplicate (issue 12.3)", async () => {
        await o.stack.destroy({ color: "never" });
        o.server.faults.set({
            failAfterCommit: { times: 1, method: "POST", pathPrefix: DEPLOYMENTS },
            status429: { retryAfterSec: 5, method: "GET", pathPrefix: DEPLOYMENTS },
        });
        let output = "";
        try {
            output = await o.stack.up({ color: "never" }).then(
                () => assert.fail("up must fail"),
                (e: { stdout?: string; stderr?: string; message?: string }) => `${e.stdout ?? ""}\n${e.stderr ?? ""}\n${e.message ?? ""}`,
            );
        } finally {
            o.server.faults.clear();
        }
        assert.match(output, /creating deployment of "[a-z-]+" failed: .*looking for it afterwards failed: .*HTTP 429/);
        assert.equal(output.includes(PASSWORD), false);
        const records = await recorded();
        assert.equal(records.length, 1, "one deployment recorded with a placeholder id");
        assert.match(records[0].id, /^unconfirmed\/sample-project\/[a-z-]+\/[a-z0-9-]+$/);
        assert.equal("__provider" in records[0].outputs, false);
        await o.stack.up({ color: "never" });
        assert.deepEqual(deployments(), [
            ["backend", "lost-mesh"],
            ["dc-hub-loadbalancer", null],
            ["dc-hub-skupper", null],
            ["frontend", "lost-mesh"],
            ["store-1-skupper", null],
        ]);
        assert.deepEqual(await recorded(), []);
        // A refresh swaps the placeholder for the deployment's id.
        await o.stack.refresh({ color: "never" });
        const state = await o.stack.exportStack();
        const ids = ((state.deployment as { resources?: Record<string, any>[] }).resources ?? [])
            .filter((r) => r.type === "edge-interconnect:index:Deployment")
            .map((r) => r.id)
            .sort();
        assert.deepEqual(
            ids,
            o.server
                .deployments(PROJECT)
                .map((d) => d.deployId)
                .sort(),
        );
    });

    it("destroy deletes the applications before the network and the extensions", async () => {
        const log = eventLog();
        await o.stack.destroy({ onEvent: log.onEvent, color: "never" });
        assert.deepEqual(o.server.networks(PROJECT), []);
        assert.deepEqual(o.server.deployments(PROJECT), []);
        before_(log.events, "out delete backend-deployment", "pre delete shop-network");
        before_(log.events, "out delete backend-deployment", "pre delete dc-hub-skupper");
        before_(log.events, "out delete frontend-deployment", "pre delete store-1-skupper");
    });
});
