/**
 * Faults between the networks provider and the orchestrator, through
 * Pulumi's dynamic-provider host: retries stay within their budget, a
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
import { DynamicProviderHost, HostCallError } from "../../provider/host/dynamicProviderHost";
import { networkProvider } from "../../provider/network/provider";
import { OrchestratorServer, createOrchestratorServer } from "../../provider/server";

const ROOT = path.resolve(__dirname, "../..");
const PASSWORD = "faults-pass-1";
const PROJECT = "sample-project";

describe("faults: networks provider against a misbehaving orchestrator", function () {
    this.timeout(60_000);
    let server: OrchestratorServer;
    let host: DynamicProviderHost;
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
        host = await DynamicProviderHost.start(networkProvider, {
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
                process.execPath,
                [
                    "-r",
                    "ts-node/register/transpile-only",
                    path.join(ROOT, "sdk/cli/main.ts"),
                    "orchestrator",
                    "serve",
                    "--port",
                    String(port),
                    "--state",
                    stateFile,
                    "--user",
                    `edge-admin:${PASSWORD}`,
                    ...extra,
                ],
                { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
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
        const host = await DynamicProviderHost.start(networkProvider, {
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
