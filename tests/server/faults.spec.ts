import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createOrchestratorServer, type OrchestratorServer, type StateDocument } from "../../tools/local-orchestrator";
import { ADMIN, ALPHA, JSON_HEADERS, bearer, tenancyOptions } from "./support/fixtures";
import { httpRequest } from "./support/http-client";

const NETWORKS_PREFIX = `/v1/projects/${ALPHA.name}/networks`;

describe("server: fault injection", () => {
    let server: OrchestratorServer;
    let token: string;

    before(async () => {
        server = await createOrchestratorServer(tenancyOptions());
        token = await server.issueToken({ username: ADMIN.username });
    });
    after(() => server.close());
    afterEach(() => {
        server.faults.clear();
        server.requests.clear();
    });

    const list = () => httpRequest(`${server.url}${NETWORKS_PREFIX}`, { headers: bearer(token) });
    const put = (name: string, query = "") =>
        httpRequest(`${server.url}${NETWORKS_PREFIX}/${name}${query}`, {
            method: "PUT",
            headers: { ...bearer(token), ...JSON_HEADERS },
            body: '{"type":"application-mesh"}',
        });
    const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
        const start = performance.now();
        const result = await work();
        return [result, performance.now() - start];
    };

    it("adds latency to every matching request, or to the next N", async () => {
        server.faults.set({ latency: { ms: 120 } });
        for (let i = 0; i < 2; i += 1) {
            const [res, elapsed] = await timed(list);
            assert.equal(res.status, 200);
            assert.ok(elapsed >= 110, `request ${i} took ${elapsed} ms`);
        }
        server.faults.set({ latency: { ms: 200, times: 1 } });
        const [, slow] = await timed(list);
        const [, fast] = await timed(list);
        assert.ok(slow >= 190, `first took ${slow} ms`);
        assert.ok(fast < 150, `second took ${fast} ms`);
        assert.equal(server.faults.active().latency?.times, 0);
    });

    it("answers 503 for the next N requests, then recovers", async () => {
        const firedBefore = server.faults.fired("status5xx");
        server.faults.set({ status5xx: { times: 2 } });
        const statuses: number[] = [];
        for (let i = 0; i < 3; i += 1) {
            const res = await list();
            statuses.push(res.status);
            if (res.status === 503) assert.deepEqual(res.json(), { message: "Service Unavailable" });
        }
        assert.deepEqual(statuses, [503, 503, 200]);
        assert.equal(server.faults.fired("status5xx") - firedBefore, 2);
        assert.deepEqual(
            server.requests.entries.map((r) => [r.status, r.fault]),
            [
                [503, "status5xx"],
                [503, "status5xx"],
                [200, undefined],
            ],
        );
    });

    it("limits a fault to a path prefix and method", async () => {
        server.faults.set({ status5xx: { status: 500, method: "PUT", pathPrefix: NETWORKS_PREFIX } });
        assert.equal((await list()).status, 200);
        const failed = await put("scoped");
        assert.equal(failed.status, 500);
        assert.deepEqual(failed.json(), { message: "Internal Server Error" });
        const tokenRes = await httpRequest(`${server.url}/realms/master/.well-known/openid-configuration`);
        assert.equal(tokenRes.status, 200);
        assert.equal(
            server.networks(ALPHA.name).some((n) => n.name === "scoped"),
            false,
        );
    });

    it("answers 429 with Retry-After", async () => {
        server.faults.set({ status429: { times: 1, retryAfterSec: 7 } });
        const throttled = await list();
        assert.equal(throttled.status, 429);
        assert.equal(throttled.headers["retry-after"], "7");
        assert.deepEqual(throttled.json(), { message: "Too Many Requests" });
        assert.equal((await list()).status, 200);
        assert.equal(server.requests.count({ status: 429 }), 1);
    });

    it("drops the connection without a response", async () => {
        server.faults.set({ drop: { times: 1 } });
        await assert.rejects(list(), (error: NodeJS.ErrnoException) => error.code === "ECONNRESET" || /socket hang up/.test(error.message));
        assert.equal((await list()).status, 200);
        assert.deepEqual(
            server.requests.entries.map((r) => [r.status, r.fault]),
            [
                [null, "drop"],
                [200, undefined],
            ],
        );
    });

    it("reproduces probabilistic faults from the seed", async () => {
        const sample = async (target: OrchestratorServer) => {
            const statuses: number[] = [];
            for (let i = 0; i < 24; i += 1) {
                const res = await httpRequest(`${target.url}/realms/master/.well-known/openid-configuration`);
                statuses.push(res.status);
            }
            return statuses;
        };
        server.faults.set({ seed: 42, status5xx: { probability: 0.5 } });
        const first = await sample(server);
        server.faults.set({ seed: 42 });
        const replay = await sample(server);
        assert.deepEqual(replay, first);
        assert.ok(first.includes(503) && first.includes(200), `expected a mix, got ${first.join(",")}`);

        const twin = await createOrchestratorServer({ ...tenancyOptions(), faults: { seed: 42, status5xx: { probability: 0.5 } } });
        try {
            assert.deepEqual(await sample(twin), first);
        } finally {
            await twin.close();
        }
    });

    it("commits the mutation and then drops the connection (failAfterCommit)", async () => {
        const dir = await fs.mkdtemp(path.join(os.tmpdir(), "orch-fault-"));
        const stateFile = path.join(dir, "state.json");
        const durable = await createOrchestratorServer({ ...tenancyOptions(), stateFile, faults: { failAfterCommit: {} } });
        try {
            const url = `${durable.url}${NETWORKS_PREFIX}/once`;
            const headers = { ...bearer(await durable.issueToken({ username: ADMIN.username })), ...JSON_HEADERS };
            // A request that commits nothing does not use up the fault.
            const invalid = await httpRequest(url, { method: "PUT", headers, body: "{}" });
            assert.equal(invalid.status, 422);
            // Reads are never affected.
            assert.equal((await httpRequest(url, { headers })).status, 404);

            const create = () => httpRequest(`${url}?update_if_exists=false`, { method: "PUT", headers, body: '{"type":"application-mesh"}' });
            await assert.rejects(create());
            const doc = JSON.parse(await fs.readFile(stateFile, "utf8")) as StateDocument;
            assert.deepEqual(Object.keys(doc.networks), [`${ALPHA.name}/once`]);
            const retry = await create();
            assert.equal(retry.status, 403);
            assert.deepEqual(retry.json(), { message: "Already Exists." });
            assert.equal(durable.networks().length, 1);
            assert.equal(durable.faults.fired("failAfterCommit"), 1);
            assert.deepEqual(
                durable.requests.entries.map((r) => [r.method, r.status, r.fault]),
                [
                    ["PUT", 422, undefined],
                    ["GET", 404, undefined],
                    ["PUT", null, "failAfterCommit"],
                    ["PUT", 403, undefined],
                ],
            );
        } finally {
            await durable.close();
            await fs.rm(dir, { recursive: true, force: true });
        }
    });

    it("applies failAfterCommit to DELETE too", async () => {
        assert.equal((await put("to-delete")).status, 200);
        server.faults.set({ failAfterCommit: { method: "DELETE" } });
        const del = () => httpRequest(`${server.url}${NETWORKS_PREFIX}/to-delete`, { method: "DELETE", headers: bearer(token) });
        await assert.rejects(del());
        assert.equal(
            server.networks(ALPHA.name).some((n) => n.name === "to-delete"),
            false,
        );
        const again = await del();
        assert.equal(again.status, 404);
    });

    it("validates fault settings, naming the bad field", () => {
        assert.throws(() => server.faults.set({ status5xx: { probability: 2 } }), /invalid fault settings[\s\S]*probability/);
        assert.throws(() => server.faults.set({ drop: { times: -1 } }), /invalid fault settings[\s\S]*times/);
        assert.throws(() => server.faults.set({ latency: { ms: 5, method: "get" } }), /upper-case HTTP method/);
        assert.throws(() => server.faults.set({ drop: { pathPrefix: "v1" } }), /invalid fault settings[\s\S]*pathPrefix/);
        assert.deepEqual(server.faults.active(), {});
    });

    it("releases requests held by latency when the server closes", async () => {
        const held = await createOrchestratorServer({ ...tenancyOptions(), faults: { latency: { ms: 60_000 } } });
        const pending = httpRequest(`${held.url}/realms/master/.well-known/openid-configuration`);
        const outcome = pending.then(
            () => "answered",
            () => "dropped",
        );
        await new Promise((resolve) => setTimeout(resolve, 50));
        const [, elapsed] = await timed(() => held.close());
        assert.ok(elapsed < 1000, `close took ${elapsed} ms`);
        assert.equal(await outcome, "dropped");
    });
});
