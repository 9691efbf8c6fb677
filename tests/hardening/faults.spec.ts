/**
 * Faults between the networks provider and the orchestrator, through
 * the provider plugin over gRPC: retries stay within their budget, a
 * network is never created twice, the provider never loses the record of a
 * network it may have created (its state matches the server's), and an
 * exhausted budget is one clear error. Also: a server killed in the middle
 * of an operation and restarted loses no data.
 */
import * as assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { ProviderPluginHost, HostCallError } from "../../tools/provider-host/pluginHost";
import { OrchestratorServer, createOrchestratorServer } from "../../tools/local-orchestrator";
import type { FaultSettings } from "../../tools/local-orchestrator/faults";
import { TOOLS_CLI } from "../support/cli";

const ROOT = path.resolve(__dirname, "../..");
const PASSWORD = "faults-pass-1";
const PROJECT = "sample-project";

describe("faults: networks provider against a misbehaving orchestrator", function () {
    this.timeout(60_000);
    let server: OrchestratorServer;
    let host: ProviderPluginHost;
    const inputs = (name: string, extra: Record<string, unknown> = {}) => ({
        apiUrl: server.url,
        project: PROJECT,
        networkName: name,
        description: "d",
        ...extra,
    });
    /** The provider's view and the server's must agree: one network per name, same spec. */
    const assertStateMatchesServer = (name: string, outs: Record<string, unknown> | undefined) => {
        const onServer = server.networks(PROJECT).filter((n) => n.name === name);
        if (outs) {
            assert.equal(onServer.length, 1, `exactly one "${name}" on the server`);
            assert.deepEqual(onServer[0].spec, { description: outs.description, type: outs.type });
        } else assert.equal(onServer.length, 0, `no "${name}" on the server`);
    };

    before(async () => {
        server = await createOrchestratorServer({ users: [{ username: "edge-admin", password: PASSWORD }] });
        host = await ProviderPluginHost.start("Network", {
            env: { PATH: process.env.PATH, EDGE_ORCH_USERNAME: "edge-admin", EDGE_ORCH_PASSWORD: PASSWORD },
        });
        await host.configure({});
    });
    afterEach(() => server.faults.clear());
    after(async () => {
        await host?.close();
        await server?.close();
    });

    it("retries 5xx and creates exactly once", async () => {
        server.faults.set({ status5xx: { status: 503, times: 2, pathPrefix: "/v1/", method: "PUT" } });
        const created = await host.create(inputs("after-503"));
        assert.equal(server.faults.fired("status5xx"), 2);
        assertStateMatchesServer("after-503", created.properties);
        await host.delete(created.id, created.properties);
        assertStateMatchesServer("after-503", undefined);
    });

    it("waits out a 429 and creates exactly once", async () => {
        server.faults.set({ status429: { retryAfterSec: 1, times: 1, pathPrefix: "/v1/", method: "PUT" } });
        const created = await host.create(inputs("after-429"));
        assert.equal(server.faults.fired("status429"), 1);
        assertStateMatchesServer("after-429", created.properties);
        await host.delete(created.id, created.properties);
    });

    it("retries a reset connection and creates exactly once", async () => {
        server.faults.set({ drop: { times: 2, pathPrefix: "/v1/", method: "PUT" } });
        const created = await host.create(inputs("after-reset"));
        assert.equal(server.faults.fired("drop"), 2);
        assertStateMatchesServer("after-reset", created.properties);
        await host.delete(created.id, created.properties);
    });

    it("recognises its own network when the answer to a committed create is lost", async () => {
        server.faults.set({ failAfterCommit: { times: 1 } });
        const created = await host.create(inputs("lost-answer"));
        assert.equal(created.properties.adopted, false);
        assertStateMatchesServer("lost-answer", created.properties);
        await host.delete(created.id, created.properties);
    });

    it("keeps the record when the budget runs out after a create may have landed", async () => {
        // Every PUT commits and then loses its answer: the create is ambiguous to the end.
        server.faults.set({ failAfterCommit: { times: 20 }, status5xx: { status: 503, pathPrefix: "/v1/", method: "GET" } });
        const err = await host.create(inputs("ambiguous", { operationTimeoutSeconds: 2 })).then(
            () => assert.fail("create must fail"),
            (e: HostCallError) => e,
        );
        assert.match(err.details, /^creating network "ambiguous" failed: /);
        assert.equal(err.initFailedId, "sample-project/ambiguous", "the engine records the network, so refresh and destroy can find it");
        server.faults.clear();
        assertStateMatchesServer("ambiguous", { description: "d", type: "application-mesh" });
        await host.delete("sample-project/ambiguous", { ...inputs("ambiguous"), type: "application-mesh", adopted: false });
        assertStateMatchesServer("ambiguous", undefined);
    });

    it("times out a slow orchestrator and reports the exhausted budget in one line", async () => {
        server.faults.set({ latency: { ms: 1_500, pathPrefix: "/v1/", method: "PUT" } });
        const started = Date.now();
        const err = await host.create(inputs("too-slow", { requestTimeoutSeconds: 1, operationTimeoutSeconds: 2 })).then(
            () => assert.fail("create must fail"),
            (e: HostCallError) => e,
        );
        const elapsed = Date.now() - started;
        assert.ok(elapsed < 10_000, `bounded: took ${elapsed} ms`);
        assert.match(
            err.details,
            /^creating network "too-slow" failed: PUT \/v1\/projects\/sample-project\/networks\/too-slow gave up after \d attempt\(s\) in \ds; last error: .*no response from http:\/\/127\.0\.0\.1:\d+ within the request timeout$/,
        );
        assert.equal(err.details.includes("\n"), false);
        // The slow PUTs still land after the client gave up; the record was kept, so nothing is orphaned.
        assert.equal(err.initFailedId, "sample-project/too-slow");
        server.faults.clear();
        await new Promise((r) => setTimeout(r, 1_600));
        await host.delete("sample-project/too-slow", { ...inputs("too-slow"), type: "application-mesh", adopted: false });
        assertStateMatchesServer("too-slow", undefined);
    });

    it("fails a delete cleanly when the budget runs out, and leaves the network for the next try", async () => {
        const created = await host.create(inputs("hard-to-delete"));
        server.faults.set({ status5xx: { status: 502, pathPrefix: "/v1/", method: "DELETE" } });
        const err = await host.delete(created.id, { ...created.properties, operationTimeoutSeconds: 1 }).then(
            () => assert.fail("delete must fail"),
            (e: HostCallError) => e,
        );
        assert.match(
            err.details,
            /^deleting network "hard-to-delete" failed: DELETE \/v1\/projects\/sample-project\/networks\/hard-to-delete gave up after \d attempt\(s\)/,
        );
        assertStateMatchesServer("hard-to-delete", created.properties);
        server.faults.clear();
        await host.delete(created.id, created.properties);
        assertStateMatchesServer("hard-to-delete", undefined);
    });
});

describe("faults: the orchestrator killed mid-operation and restarted", function () {
    this.timeout(60_000);
    let dir: string;
    let child: ChildProcess | undefined;
    const serve = (port: number, stateFile: string, extra: string[] = []) =>
        new Promise<ChildProcess>((resolve, reject) => {
            const p = spawn(
                TOOLS_CLI[0],
                [...TOOLS_CLI.slice(1), "orchestrator", "serve", "--port", String(port), "--state", stateFile, "--user", "edge-admin", ...extra],
                // The password from the environment: never on the command line (issue 13.4).
                { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, EDGE_ORCH_PASSWORD: PASSWORD } },
            );
            let out = "";
            const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
            p.stdout!.on("data", (c: Buffer) => {
                out += c.toString();
                if (out.includes("login")) {
                    clearTimeout(timer);
                    resolve(p);
                }
            });
            p.on("exit", () => clearTimeout(timer));
        });
    const freePort = () =>
        new Promise<number>((resolve) => {
            const s = net.createServer();
            s.listen(0, "127.0.0.1", () => {
                const port = (s.address() as net.AddressInfo).port;
                s.close(() => resolve(port));
            });
        });

    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "faults-kill-"));
    });
    after(() => {
        child?.kill("SIGKILL");
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("loses no data and creates exactly once when killed during a create", async () => {
        const port = await freePort();
        const stateFile = path.join(dir, "state.json");
        const host = await ProviderPluginHost.start("Network", {
            env: { PATH: process.env.PATH, EDGE_ORCH_USERNAME: "edge-admin", EDGE_ORCH_PASSWORD: PASSWORD },
        });
        try {
            // A first network is acknowledged before the crash and must survive it.
            child = await serve(port, stateFile);
            const url = `http://127.0.0.1:${port}`;
            const first = await host.create({ apiUrl: url, project: PROJECT, networkName: "before-crash", description: "d" });
            child.kill("SIGKILL");
            child = await serve(port, stateFile, ["--latency-ms", "1500"]);
            // The create is in flight (held by the latency) when the server dies.
            const creating = host.create({ apiUrl: url, project: PROJECT, networkName: "during-crash", description: "d", operationTimeoutSeconds: 30 });
            creating.catch(() => undefined); // awaited below; keeps Node from reporting it as unhandled meanwhile
            await new Promise((r) => setTimeout(r, 500));
            child.kill("SIGKILL");
            await new Promise((r) => setTimeout(r, 500));
            child = await serve(port, stateFile);
            const second = await creating;
            const state = JSON.parse(fs.readFileSync(stateFile, "utf8"));
            assert.deepEqual(Object.keys(state.networks).sort(), ["sample-project/before-crash", "sample-project/during-crash"]);
            assert.equal(first.id, "sample-project/before-crash");
            assert.equal(second.id, "sample-project/during-crash");
            assert.deepEqual(
                fs.readdirSync(dir).filter((f) => f !== "state.json"),
                [],
                "no temporary file is left behind",
            );
        } finally {
            await host.close();
        }
    });
});

/**
 * The fault matrix of issues 12.3 and 13.1, through the provider plugin over
 * gRPC: for every fault, a create either succeeds (exactly one object on the
 * server), or fails leaving nothing behind, or fails with an init failure whose
 * record lets refresh, up and destroy settle the object.
 * A record is written only when the request may have reached the server.
 */
describe("fault matrix: failed creates leave a usable state (issues 12.3, 13.1)", function () {
    this.timeout(120_000);
    let server: OrchestratorServer;
    let netHost: ProviderPluginHost;
    let depHost: ProviderPluginHost;
    const env = () => ({ PATH: process.env.PATH, EDGE_ORCH_USERNAME: "edge-admin", EDGE_ORCH_PASSWORD: PASSWORD });

    before(async () => {
        server = await createOrchestratorServer({ users: [{ username: "edge-admin", password: PASSWORD }] });
        netHost = await ProviderPluginHost.start("Network", { env: env() });
        depHost = await ProviderPluginHost.start("Deployment", { env: env() });
        await netHost.configure({});
        await depHost.configure({});
    });
    afterEach(() => server.faults.clear());
    after(async () => {
        await netHost?.close();
        await depHost?.close();
        await server?.close();
    });

    const TOKEN = "/realms/master/protocol/openid-connect/token";
    /** What the create does under the fault: succeed, fail with nothing recorded, or fail recorded. */
    type Outcome = "created" | "refused" | "recorded";

    // ---- networks ---------------------------------------------------------------------------

    const networkCases: { label: string; faults: FaultSettings; outcome: Outcome; onServer: boolean; message: RegExp }[] = [
        {
            label: "the token endpoint answers 503 until the budget is spent",
            faults: { status5xx: { status: 503, pathPrefix: TOKEN } },
            outcome: "refused",
            onServer: false,
            message:
                /^creating network "[a-z0-9-]+" failed: POST \/realms\/master\/protocol\/openid-connect\/token gave up after \d+ attempt\(s\) in \ds; last error: POST \/realms\/master\/protocol\/openid-connect\/token failed with HTTP 503: Service Unavailable$/,
        },
        {
            label: "the token endpoint drops every connection",
            faults: { drop: { pathPrefix: TOKEN } },
            outcome: "refused",
            onServer: false,
            message:
                /^creating network "[a-z0-9-]+" failed: POST \/realms\/master\/protocol\/openid-connect\/token gave up after \d+ attempt\(s\) in \ds; last error: POST \/realms\/master\/protocol\/openid-connect\/token failed: connection to http:\/\/127\.0\.0\.1:\d+ failed \(ECONNRESET\)$/,
        },
        {
            label: "every PUT is throttled (429: the server did not act)",
            faults: { status429: { retryAfterSec: 1, pathPrefix: "/v1/", method: "PUT" } },
            outcome: "refused",
            onServer: false,
            message:
                /^creating network "[a-z0-9-]+" failed: PUT \/v1\/projects\/sample-project\/networks\/[a-z0-9-]+ gave up after \d+ attempt\(s\) in \ds; last error: PUT \/v1\/projects\/sample-project\/networks\/[a-z0-9-]+ failed with HTTP 429: Too Many Requests$/,
        },
        {
            label: "every PUT answers 503 (a 5xx may come after the server acted)",
            faults: { status5xx: { status: 503, pathPrefix: "/v1/", method: "PUT" } },
            outcome: "recorded",
            onServer: false,
            message:
                /^creating network "[a-z0-9-]+" failed: PUT \/v1\/projects\/sample-project\/networks\/[a-z0-9-]+ gave up after \d+ attempt\(s\) in \ds; last error: PUT \/v1\/projects\/sample-project\/networks\/[a-z0-9-]+ failed with HTTP 503: Service Unavailable$/,
        },
        {
            // The retry meets "Already Exists." and the follow-up GET shows the spec it sent: adopted as its own.
            label: "every PUT is applied and its answer lost",
            faults: { failAfterCommit: { times: 50, method: "PUT" } },
            outcome: "created",
            onServer: true,
            message: /^$/,
        },
        {
            label: "the PUT's answer is lost and the follow-up check is throttled",
            faults: { failAfterCommit: { times: 1, method: "PUT" }, status429: { retryAfterSec: 1, pathPrefix: "/v1/", method: "GET" } },
            outcome: "recorded",
            onServer: true,
            message:
                /^creating network "[a-z0-9-]+" failed: GET \/v1\/projects\/sample-project\/networks\/[a-z0-9-]+ gave up after \d+ attempt\(s\) in \ds; last error: GET \/v1\/projects\/sample-project\/networks\/[a-z0-9-]+ failed with HTTP 429: Too Many Requests$/,
        },
        {
            label: "the PUT's answer is lost once",
            faults: { failAfterCommit: { times: 1, method: "PUT" } },
            outcome: "created",
            onServer: true,
            message: /^$/,
        },
        {
            label: "the token endpoint drops twice, then answers",
            faults: { drop: { times: 2, pathPrefix: TOKEN } },
            outcome: "created",
            onServer: true,
            message: /^$/,
        },
    ];

    networkCases.forEach((c, i) => {
        for (const follow of ["refresh", "up", "destroy"] as const) {
            it(`network, ${c.label}: the create is ${c.outcome}; then ${follow} settles it`, async () => {
                const name = `fm-net-${i}-${follow}`;
                const inputs = { apiUrl: server.url, project: PROJECT, networkName: name, description: "d", operationTimeoutSeconds: 2 };
                const expectedOuts = { ...inputs, type: "application-mesh", adopted: false };
                const onServer = () => server.networks(PROJECT).filter((n) => n.name === name);
                server.faults.set(c.faults);
                let recorded: Record<string, unknown> | undefined;
                let id = `${PROJECT}/${name}`;
                const result = await netHost.create(inputs).then(
                    (created) => ({ created, err: undefined }),
                    (err: HostCallError) => ({ created: undefined, err }),
                );
                if (result.created) {
                    const created = result.created;
                    assert.equal(c.outcome, "created");
                    assert.deepEqual(created, { id, properties: expectedOuts });
                    recorded = created.properties;
                } else {
                    const err = result.err!;
                    assert.ok(err instanceof HostCallError, String(err));
                    assert.match(err.details, c.message);
                    assert.equal(err.details.includes(PASSWORD), false);
                    if (c.outcome === "refused") {
                        assert.equal(err.initFailedId, undefined, "nothing is recorded when the request cannot have landed");
                    } else {
                        assert.equal(c.outcome, "recorded", `unexpected failure: ${err.details}`);
                        assert.equal(err.initFailedId, id);
                        // The record the engine keeps: the outputs and the marker, nothing secret here.
                        assert.deepEqual(err.initFailedProperties, { ...expectedOuts, createUnconfirmed: true });
                        assert.deepEqual(err.initFailedSecretKeys, []);
                        // The engine prints only the reasons: the cause leads.
                        assert.deepEqual(err.initFailedReasons, [
                            `${err.details} (the orchestrator may have created the network; pulumi refresh, up or destroy will settle it)`,
                        ]);
                        recorded = err.initFailedProperties!;
                    }
                }
                server.faults.clear();
                // Latency or retries may still be landing: wait for the server to settle before asserting.
                await new Promise((r) => setTimeout(r, 200));
                assert.equal(onServer().length, c.onServer ? 1 : 0, "what the create left on the server");
                if (recorded === undefined) return;

                if (follow === "refresh") {
                    const read = await netHost.read(id, recorded);
                    if (c.onServer) assert.deepEqual(read, { id, properties: expectedOuts }, "found: the marker is cleared");
                    else assert.deepEqual(read, { id: "", properties: {} }, "gone: the engine drops the record");
                } else if (follow === "up") {
                    // After an init failure the engine updates with the same inputs.
                    const before = server.requests.total;
                    const updated = await netHost.update(id, recorded, inputs);
                    assert.deepEqual(updated.properties, expectedOuts);
                    assert.equal(onServer().length, 1);
                    assert.deepEqual(onServer()[0].spec, { description: "d", type: "application-mesh" });
                    const calls = server.requests.entries.filter((r) => r.seq > before && !r.path.startsWith("/realms")).map((r) => `${r.method} ${r.status}`);
                    const wasMarked = recorded.createUnconfirmed === true;
                    assert.deepEqual(calls, !wasMarked ? [] : c.onServer ? ["GET 200"] : ["GET 404", "PUT 200"]);
                } else {
                    await netHost.delete(id, recorded);
                }
                if (follow !== "refresh") {
                    await netHost.delete(id, { ...expectedOuts });
                }
                if (follow === "refresh" && c.onServer) await netHost.delete(id, expectedOuts);
                assert.equal(onServer().length, 0);
            });
        }
    });

    // ---- deployments ------------------------------------------------------------------------

    const deploymentInputs = (displayName: string) => ({
        apiUrl: server.url,
        project: PROJECT,
        appName: "skupper-backend",
        appVersion: "0.0.1",
        displayName,
        deploymentType: "targeted",
        deleteType: "PARENT_ONLY",
        targetClusters: [{ appName: "skupper-backend", clusterId: "cluster-dc" }],
        networkName: "shop-mesh",
        serviceExports: [{ appName: "skupper-backend", enabled: true }],
        operationTimeoutSeconds: 2,
    });
    const DEPLOYMENTS = "/v1/projects/sample-project/appdeployment/deployments";

    const deploymentCases: { label: string; faults: FaultSettings; outcome: Outcome; onServer: boolean; message: RegExp }[] = [
        {
            label: "the token endpoint answers 503 until the budget is spent",
            faults: { status5xx: { status: 503, pathPrefix: TOKEN } },
            outcome: "refused",
            onServer: false,
            message:
                /^creating deployment of "skupper-backend" failed: POST \/realms\/master\/protocol\/openid-connect\/token gave up after \d+ attempt\(s\) in \ds; last error: POST \/realms\/master\/protocol\/openid-connect\/token failed with HTTP 503: Service Unavailable\.$/,
        },
        {
            label: "every POST is throttled",
            faults: { status429: { retryAfterSec: 1, pathPrefix: DEPLOYMENTS, method: "POST" } },
            outcome: "refused",
            onServer: false,
            message:
                /^creating deployment of "skupper-backend" failed: POST \/v1\/projects\/sample-project\/appdeployment\/deployments gave up after \d+ attempt\(s\) in \ds; last error: POST \/v1\/projects\/sample-project\/appdeployment\/deployments failed with HTTP 429: Too Many Requests\.$/,
        },
        {
            label: "every POST answers 503",
            faults: { status5xx: { status: 503, pathPrefix: DEPLOYMENTS, method: "POST" } },
            outcome: "recorded",
            onServer: false,
            message:
                /^creating deployment of "skupper-backend" failed: POST \/v1\/projects\/sample-project\/appdeployment\/deployments gave up after \d+ attempt\(s\) in \ds; last error: POST \/v1\/projects\/sample-project\/appdeployment\/deployments failed with HTTP 503: Service Unavailable$/,
        },
        {
            label: "the POST is applied and its answer lost, and the follow-up list is throttled",
            faults: {
                failAfterCommit: { times: 1, method: "POST", pathPrefix: DEPLOYMENTS },
                status429: { retryAfterSec: 1, pathPrefix: DEPLOYMENTS, method: "GET" },
            },
            outcome: "recorded",
            onServer: true,
            message:
                /^creating deployment of "skupper-backend" failed: POST .* failed with HTTP 409: Duplicate deployment exists with same name fm-dep-\d+-[a-z]+, deployID: [0-9a-f-]{36}; looking for it afterwards failed: GET \/v1\/projects\/sample-project\/appdeployment\/deployments gave up after \d+ attempt\(s\) in \ds; last error: GET \/v1\/projects\/sample-project\/appdeployment\/deployments failed with HTTP 429: Too Many Requests$/,
        },
        {
            label: "the POST is applied and its answer lost once",
            faults: { failAfterCommit: { times: 1, method: "POST", pathPrefix: DEPLOYMENTS } },
            outcome: "created",
            onServer: true,
            message: /^$/,
        },
    ];

    deploymentCases.forEach((c, i) => {
        for (const follow of ["refresh", "up", "destroy"] as const) {
            it(`deployment, ${c.label}: the create is ${c.outcome}; then ${follow} settles it`, async () => {
                const displayName = `fm-dep-${i}-${follow}`;
                const inputs = deploymentInputs(displayName);
                const placeholder = `unconfirmed/${PROJECT}/skupper-backend/${displayName}`;
                const onServer = () => server.deployments(PROJECT).filter((d) => d.displayName === displayName);
                server.faults.set(c.faults);
                let recorded: Record<string, unknown> | undefined;
                let id = placeholder;
                const result = await depHost.create(inputs).then(
                    (created) => ({ created, err: undefined }),
                    (err: HostCallError) => ({ created: undefined, err }),
                );
                if (result.created) {
                    const created = result.created;
                    assert.equal(c.outcome, "created");
                    assert.equal(onServer().length, 1);
                    id = onServer()[0].deployId;
                    assert.deepEqual(created, { id, properties: { ...inputs, deployId: id } }, "the deployment the lost answer created is adopted");
                    recorded = created.properties;
                } else {
                    const err = result.err!;
                    assert.ok(err instanceof HostCallError, String(err));
                    assert.match(err.details, c.message);
                    assert.equal(err.details.includes(PASSWORD), false);
                    if (c.outcome === "refused") {
                        assert.equal(err.initFailedId, undefined);
                    } else {
                        assert.equal(c.outcome, "recorded", `unexpected failure: ${err.details}`);
                        assert.equal(err.initFailedId, placeholder);
                        assert.deepEqual(err.initFailedProperties, { ...inputs, createUnconfirmed: true });
                        assert.deepEqual(err.initFailedSecretKeys, []);
                        recorded = err.initFailedProperties!;
                    }
                }
                server.faults.clear();
                assert.equal(onServer().length, c.onServer ? 1 : 0);
                if (recorded === undefined) return;

                if (follow === "refresh") {
                    const read = await depHost.read(id, recorded);
                    if (c.onServer) {
                        const realId = onServer()[0].deployId;
                        assert.deepEqual(
                            read,
                            { id: realId, properties: { ...inputs, deployId: realId } },
                            "found by its fields: the real id replaces the placeholder",
                        );
                        await depHost.delete(realId, read.properties);
                    } else assert.deepEqual(read, { id: "", properties: {} });
                } else if (follow === "up") {
                    const updated = await depHost.update(id, recorded, inputs);
                    assert.equal(onServer().length, 1, "exactly one deployment after up");
                    const realId = onServer()[0].deployId;
                    assert.deepEqual(updated.properties, { ...inputs, deployId: realId });
                    // The engine keeps the placeholder id until a refresh; the provider follows deployId.
                    await depHost.delete(id, updated.properties);
                } else {
                    await depHost.delete(id, recorded);
                }
                assert.equal(onServer().length, 0);
            });
        }
    });

    it("a deployment someone else made is refused, not adopted and not recorded", async () => {
        const inputs = deploymentInputs("theirs");
        const first = await depHost.create(inputs);
        try {
            const err = await depHost.create(inputs).then(
                () => assert.fail("a duplicate must fail"),
                (e: HostCallError) => e,
            );
            assert.equal(err.initFailedId, undefined);
            assert.match(err.details, /HTTP 409: Duplicate deployment exists/);
            assert.equal(server.deployments(PROJECT).filter((d) => d.displayName === "theirs").length, 1);
        } finally {
            await depHost.delete(first.id, first.properties);
        }
    });

    it("a replacement deletes first, so ADM's duplicate check cannot trip (issue 12.2)", async () => {
        const olds = (await depHost.create(deploymentInputs("replaced"))).properties;
        const news = { ...deploymentInputs("replaced"), networkName: "other-mesh" };
        const diff = await depHost.diff(String(olds.deployId), olds, news);
        assert.deepEqual(diff, { changes: "SOME", replaces: ["networkName"], deleteBeforeReplace: true });
        // Create-first, what the engine does without deleteBeforeReplace, is refused by ADM:
        const createFirst = await depHost.create(news).then(
            () => assert.fail("create-first must trip the duplicate check"),
            (e: HostCallError) => e,
        );
        assert.match(createFirst.details, /HTTP 409: Duplicate deployment exists/);
        // Delete-first, what the engine does with it, succeeds:
        await depHost.delete(String(olds.deployId), olds);
        const replacement = await depHost.create(news);
        assert.deepEqual(
            server
                .deployments(PROJECT)
                .filter((d) => d.displayName === "replaced")
                .map((d) => [d.deployId, d.networkName]),
            [[replacement.id, "other-mesh"]],
        );
        await depHost.delete(replacement.id, replacement.properties);
    });
});
