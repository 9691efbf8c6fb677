/**
 * OrchestratorClient against the local orchestrator server: every status-code
 * path of the networks API, authentication and refresh, retries within their
 * budget, and TLS with the right and the wrong CA.
 */
import * as assert from "node:assert/strict";
import * as http from "node:http";
import { AddressInfo } from "node:net";
import { OrchestratorClient, OrchestratorClientOptions } from "../../provider/orchestrator/client";
import { OrchestratorApiError, OrchestratorAuthError, OrchestratorConnectionError, RetryBudgetExhaustedError } from "../../provider/orchestrator/errors";
import { OrchestratorServer, createOrchestratorServer } from "../../tools/local-orchestrator";
import { createTestPki } from "../server/support/pki";

const PASSWORD = "client-spec-password-9f3";
const PROJECT = "sample-project";
const SPEC = { description: "Network for Interconnect", type: "application-mesh" };
const TOKEN_PATH = "/realms/master/protocol/openid-connect/token";

/** Every error message a test saw, to prove no credential leaks into one. */
const seenMessages: string[] = [];
async function rejectsWith<T extends Error>(p: Promise<unknown>, type: new (...a: any[]) => T): Promise<T> {
    try {
        await p;
    } catch (e) {
        seenMessages.push(String((e as Error).message));
        assert.ok(e instanceof type, `expected ${type.name}, got ${(e as Error).name}: ${(e as Error).message}`);
        return e as T;
    }
    assert.fail(`expected ${type.name}, but the call succeeded`);
}

describe("OrchestratorClient against the local orchestrator", function () {
    let server: OrchestratorServer;
    const fast = { retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 4, totalBudgetMs: 10_000 } };
    const client = (extra: Partial<OrchestratorClientOptions> = {}) =>
        new OrchestratorClient({ apiUrl: server.url, username: "edge-admin", password: PASSWORD, ...fast, ...extra });

    before(async () => {
        server = await createOrchestratorServer({ users: [{ username: "edge-admin", password: PASSWORD }] });
    });
    after(async () => server.close());
    afterEach(() => {
        server.faults.clear();
        for (const n of server.networks()) void n;
    });

    describe("networks", () => {
        it("creates, reads, lists, updates and deletes a network with the documented bodies", async () => {
            const c = client();
            assert.deepEqual(await c.putNetwork(PROJECT, "crud-mesh", SPEC, { updateIfExists: false }), { outcome: "created", message: "crud-mesh" });
            assert.deepEqual(await c.getNetwork(PROJECT, "crud-mesh"), { spec: SPEC, status: {} });
            const listed = await c.listNetworks(PROJECT);
            assert.deepEqual(
                listed.filter((n) => n.name === "crud-mesh"),
                [{ name: "crud-mesh", spec: SPEC, status: {} }],
            );
            assert.deepEqual(await c.putNetwork(PROJECT, "crud-mesh", { ...SPEC, description: "changed" }), {
                outcome: "updated",
                message: "Updated successfully",
            });
            assert.deepEqual(await c.getNetwork(PROJECT, "crud-mesh"), { spec: { ...SPEC, description: "changed" }, status: {} });
            assert.equal(await c.deleteNetwork(PROJECT, "crud-mesh"), true);
            assert.equal(await c.getNetwork(PROJECT, "crud-mesh"), undefined);
            assert.equal(c.tokenRequests, 1, "one password grant serves the whole sequence");
        });

        it("answers 403 Already Exists for a create of an existing network, without changing it", async () => {
            const c = client();
            await c.putNetwork(PROJECT, "dup-mesh", SPEC, { updateIfExists: false });
            const err = await rejectsWith(
                c.putNetwork(PROJECT, "dup-mesh", { ...SPEC, description: "other" }, { updateIfExists: false }),
                OrchestratorApiError,
            );
            assert.equal(err.status, 403);
            assert.equal(err.method, "PUT");
            assert.equal(err.path, "/v1/projects/sample-project/networks/dup-mesh");
            assert.equal(err.serverMessage, "Already Exists.");
            assert.equal(err.afterAmbiguousAttempt, false);
            assert.equal(OrchestratorClient.isAlreadyExists(err), true);
            assert.deepEqual(await c.getNetwork(PROJECT, "dup-mesh"), { spec: SPEC, status: {} });
            await c.deleteNetwork(PROJECT, "dup-mesh");
        });

        it("reports 404 as undefined on get and false on delete", async () => {
            const c = client();
            assert.equal(await c.getNetwork(PROJECT, "never-there"), undefined);
            assert.equal(await c.deleteNetwork(PROJECT, "never-there"), false);
            assert.deepEqual(
                server.requests.entries.slice(-2).map((r) => [r.method, r.path, r.status]),
                [
                    ["GET", "/v1/projects/sample-project/networks/never-there", 404],
                    ["DELETE", "/v1/projects/sample-project/networks/never-there", 404],
                ],
            );
        });

        it("surfaces 422 for a body without type, with the server's message", async () => {
            const err = await rejectsWith(client().putNetwork(PROJECT, "typeless", { description: "x" } as any), OrchestratorApiError);
            assert.equal(err.status, 422);
            assert.match(err.serverMessage, /spec\.type: Required value/);
            assert.match(err.message, /^PUT \/v1\/projects\/sample-project\/networks\/typeless failed with HTTP 422: /);
        });

        it("surfaces 409 while the org is not idle", async () => {
            server.setOrgState(server.orgs[0].name, "creating");
            try {
                const err = await rejectsWith(client().putNetwork(PROJECT, "blocked", SPEC), OrchestratorApiError);
                assert.equal(err.status, 409);
                assert.equal(err.serverMessage, "Org Not in IDLE State. Project create not permitted.");
            } finally {
                server.setOrgState(server.orgs[0].name, "idle");
            }
        });

        it("lists past the gateway's page size by widening the limit, since the gateway drops its continue token", async () => {
            const c = client();
            const names = ["page-a", "page-b", "page-c", "page-d", "page-e"];
            for (const n of names) await c.putNetwork(PROJECT, n, SPEC);
            const before = server.requests.total;
            const listed = await c.listNetworks(PROJECT, { pageSize: 2 });
            assert.deepEqual(
                listed.map((n) => n.name),
                names,
            );
            const lists = server.requests.entries.filter((r) => r.seq > before && r.method === "GET");
            assert.deepEqual(
                lists.map((r) => r.query),
                ["limit=2", "limit=4", "limit=8"],
            );
            for (const n of names) await c.deleteNetwork(PROJECT, n);
        });

        it("follows a continue token when a server returns a Kubernetes-style list", async () => {
            const pages: Record<string, unknown> = {
                "": { items: [{ name: "a", spec: SPEC, status: {} }], metadata: { continue: "tok-1" } },
                "tok-1": { items: [{ name: "b", spec: SPEC, status: {} }], metadata: { continue: "" } },
            };
            const seen: string[] = [];
            const fake = http.createServer((req, res) => {
                const url = new URL(req.url!, "http://x");
                seen.push(url.search);
                res.setHeader("content-type", "application/json");
                res.end(JSON.stringify(pages[url.searchParams.get("continue") ?? ""]));
            });
            await new Promise<void>((r) => fake.listen(0, "127.0.0.1", r));
            try {
                const c = new OrchestratorClient({ apiUrl: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`, token: "static", ...fast });
                assert.deepEqual(
                    (await c.listNetworks("p")).map((n) => n.name),
                    ["a", "b"],
                );
                assert.deepEqual(seen, ["?limit=500", "?limit=500&continue=tok-1"]);
            } finally {
                await new Promise((r) => fake.close(r));
            }
        });
    });

    describe("authentication", () => {
        it("sends the password grant documented for system-client and reuses the token", async () => {
            const c = client();
            const before = server.requests.total;
            await c.listNetworks(PROJECT);
            await c.listNetworks(PROJECT);
            const recent = server.requests.entries.filter((r) => r.seq > before).map((r) => [r.method, r.path, r.status]);
            assert.deepEqual(recent, [
                ["POST", TOKEN_PATH, 200],
                ["GET", "/v1/projects/sample-project/networks", 200],
                ["GET", "/v1/projects/sample-project/networks", 200],
            ]);
        });

        it("refuses a wrong password with a message that names the user but not the password", async () => {
            const err = await rejectsWith(client({ password: "wrong-password-123" }).listNetworks(PROJECT), OrchestratorAuthError);
            assert.equal(
                err.message,
                `Keycloak at ${server.url} refused the login of user "edge-admin" from orchestrator.username/password (HTTP 401: invalid_grant: Invalid user credentials); check the username and password`,
            );
        });

        it("accepts a static token minted by the server", async () => {
            const token = await server.issueToken({ username: "edge-admin" });
            const c = new OrchestratorClient({ apiUrl: server.url, token, ...fast });
            assert.ok(Array.isArray(await c.listNetworks(PROJECT)));
            assert.equal(c.tokenRequests, 0);
        });

        it("rejects an expired static token before sending anything", async () => {
            const token = await server.issueToken({ username: "edge-admin", expiresInSec: -60 });
            const before = server.requests.total;
            const err = await rejectsWith(new OrchestratorClient({ apiUrl: server.url, token, ...fast }).listNetworks(PROJECT), OrchestratorAuthError);
            assert.match(err.message, /^the token from orchestrator\.token expired at \d{4}-\d\d-\d\dT/);
            assert.equal(server.requests.total, before);
        });

        it("reports a 401 for a forged token with the gateway's message", async () => {
            const token = await server.issueForgedToken({ username: "edge-admin" });
            const err = await rejectsWith(new OrchestratorClient({ apiUrl: server.url, token, ...fast }).listNetworks(PROJECT), OrchestratorApiError);
            assert.equal(err.status, 401);
            assert.equal(
                err.serverMessage,
                "JWT token is invalid or expired. Unauthorized (credentials from orchestrator.token were rejected; a token needs the project's member and app-deployment-manager roles)",
            );
        });

        it("reports a 401 for a token without the project's roles", async () => {
            const project = server.projects[0];
            // A project member without the app-deployment-manager roles (like a Host-Manager-Group member).
            const token = await server.issueToken({ username: "edge-admin", roles: [`${project.orgUid}_${project.uid}_m`] });
            const err = await rejectsWith(new OrchestratorClient({ apiUrl: server.url, token, ...fast }).listNetworks(PROJECT), OrchestratorApiError);
            assert.equal(err.status, 401);
            assert.match(err.serverMessage, /^Unauthorized /);
        });

        it("falls back to the next credential after a 401, once", async () => {
            const forged = await server.issueForgedToken({ username: "edge-admin" });
            const c = new OrchestratorClient({ apiUrl: server.url, token: forged, username: "edge-admin", password: PASSWORD, ...fast });
            const before = server.requests.total;
            assert.ok(Array.isArray(await c.listNetworks(PROJECT)));
            assert.deepEqual(
                server.requests.entries.filter((r) => r.seq > before).map((r) => [r.method, r.path, r.status]),
                [
                    ["GET", "/v1/projects/sample-project/networks", 401],
                    ["POST", TOKEN_PATH, 200],
                    ["GET", "/v1/projects/sample-project/networks", 200],
                ],
            );
        });

        it("re-authenticates once when the gateway rejects a cached token, then retries", async () => {
            // A restarted orchestrator signs with a new key, so a token the client still holds is refused.
            const first = await createOrchestratorServer({ users: [{ username: "edge-admin", password: PASSWORD }] });
            const port = first.port;
            const c = new OrchestratorClient({ apiUrl: first.url, username: "edge-admin", password: PASSWORD, ...fast });
            await c.listNetworks(PROJECT);
            await first.close();
            const second = await createOrchestratorServer({ port, users: [{ username: "edge-admin", password: PASSWORD }] });
            try {
                assert.ok(Array.isArray(await c.listNetworks(PROJECT)));
                assert.deepEqual(
                    second.requests.entries.map((r) => [r.method, r.path, r.status]),
                    [
                        ["GET", "/v1/projects/sample-project/networks", 401],
                        ["POST", TOKEN_PATH, 200],
                        ["GET", "/v1/projects/sample-project/networks", 200],
                    ],
                );
                assert.equal(c.tokenRequests, 2);
            } finally {
                await second.close();
            }
        });

        it("refreshes with the refresh token before the access token expires", async () => {
            let now = Date.now();
            const c = client({ now: () => now });
            await c.listNetworks(PROJECT);
            now += 3_590_000; // within the 30 s skew of the one-hour token
            await c.listNetworks(PROJECT);
            assert.equal(c.tokenRequests, 2);
            assert.deepEqual(
                server.requests.entries.slice(-4).map((r) => [r.method, r.path, r.status]),
                [
                    ["POST", TOKEN_PATH, 200],
                    ["GET", "/v1/projects/sample-project/networks", 200],
                    ["POST", TOKEN_PATH, 200],
                    ["GET", "/v1/projects/sample-project/networks", 200],
                ],
            );
        });
    });

    describe("retries", () => {
        it("retries 503 and succeeds within the budget", async () => {
            const c = client();
            await c.listNetworks(PROJECT);
            server.faults.set({ status5xx: { status: 503, times: 2, pathPrefix: "/v1/" } });
            const before = server.requests.total;
            await c.putNetwork(PROJECT, "retry-mesh", SPEC);
            assert.deepEqual(
                server.requests.entries.filter((r) => r.seq > before).map((r) => r.status),
                [503, 503, 200],
            );
            assert.deepEqual(await c.getNetwork(PROJECT, "retry-mesh"), { spec: SPEC, status: {} });
            await c.deleteNetwork(PROJECT, "retry-mesh");
        });

        it("retries 429 after Retry-After", async () => {
            const sleeps: number[] = [];
            const c = client({
                sleep: async (ms) => void sleeps.push(ms),
                random: () => 0,
                retry: { baseDelayMs: 1, maxDelayMs: 2_000, maxAttempts: 3, totalBudgetMs: 10_000 },
            });
            await c.listNetworks(PROJECT);
            server.faults.set({ status429: { retryAfterSec: 1, times: 1, pathPrefix: "/v1/" } });
            await c.listNetworks(PROJECT);
            assert.deepEqual(sleeps, [1000]);
        });

        it("retries a dropped connection", async () => {
            const c = client();
            await c.listNetworks(PROJECT);
            server.faults.set({ drop: { times: 1, pathPrefix: "/v1/" } });
            const before = server.requests.total;
            await c.listNetworks(PROJECT);
            assert.deepEqual(
                server.requests.entries.filter((r) => r.seq > before).map((r) => r.status),
                [null, 200],
            );
        });

        it("marks an answer that follows a possibly delivered attempt as ambiguous", async () => {
            const c = client();
            await c.listNetworks(PROJECT);
            server.faults.set({ failAfterCommit: { times: 1 } });
            const err = await rejectsWith(c.putNetwork(PROJECT, "ambiguous-mesh", SPEC, { updateIfExists: false }), OrchestratorApiError);
            assert.equal(err.status, 403);
            assert.equal(err.afterAmbiguousAttempt, true, "the first PUT committed and then lost its answer");
            assert.equal(server.networks(PROJECT).filter((n) => n.name === "ambiguous-mesh").length, 1);
            await c.deleteNetwork(PROJECT, "ambiguous-mesh");
        });

        it("gives up after maxAttempts with the last error", async () => {
            const c = client();
            await c.listNetworks(PROJECT);
            server.faults.set({ status5xx: { status: 502, pathPrefix: "/v1/" } });
            const before = server.requests.total;
            const err = await rejectsWith(c.listNetworks(PROJECT), RetryBudgetExhaustedError);
            assert.equal(err.attempts, 4);
            assert.ok(err.lastError instanceof OrchestratorApiError);
            assert.equal((err.lastError as OrchestratorApiError).status, 502);
            assert.match(
                err.message,
                /^GET \/v1\/projects\/sample-project\/networks gave up after 4 attempt\(s\) in \d+s; last error: GET \/v1\/projects\/sample-project\/networks failed with HTTP 502/,
            );
            assert.equal(server.requests.total - before, 4);
        });

        it("stops when the total time budget is spent, before the attempt limit", async () => {
            const c = client({ retry: { baseDelayMs: 200, maxDelayMs: 200, maxAttempts: 50, totalBudgetMs: 300 }, random: () => 1 });
            await c.listNetworks(PROJECT);
            server.faults.set({ status5xx: { status: 503, pathPrefix: "/v1/" } });
            const err = await rejectsWith(c.listNetworks(PROJECT), RetryBudgetExhaustedError);
            assert.equal(err.attempts, 2);
        });

        it("times out a slow answer and counts it against the budget", async () => {
            const c = client({ requestTimeoutMs: 100, retry: { baseDelayMs: 1, maxDelayMs: 1, maxAttempts: 2, totalBudgetMs: 5_000 } });
            await c.listNetworks(PROJECT);
            server.faults.set({ latency: { ms: 400, pathPrefix: "/v1/" } });
            const err = await rejectsWith(c.listNetworks(PROJECT), RetryBudgetExhaustedError);
            assert.ok(err.lastError instanceof OrchestratorConnectionError);
            assert.equal((err.lastError as OrchestratorConnectionError).code, "ETIMEDOUT");
            assert.equal(err.attempts, 2);
        });

        it("does not retry a 4xx", async () => {
            const c = client();
            await c.listNetworks(PROJECT);
            const before = server.requests.total;
            await c.getNetwork(PROJECT, "absent");
            assert.equal(server.requests.total - before, 1);
        });

        it("retries a refused connection and then reports it", async () => {
            const c = new OrchestratorClient({ apiUrl: "http://127.0.0.1:1", token: "t", ...fast });
            const err = await rejectsWith(c.listNetworks(PROJECT), RetryBudgetExhaustedError);
            assert.equal(err.attempts, 4);
            assert.equal((err.lastError as OrchestratorConnectionError).code, "ECONNREFUSED");
        });
    });

    describe("TLS", () => {
        let tlsServer: OrchestratorServer;
        let pki: ReturnType<typeof createTestPki>;
        before(async () => {
            pki = createTestPki();
            tlsServer = await createOrchestratorServer({
                users: [{ username: "edge-admin", password: PASSWORD }],
                tls: { cert: pki.serverCert, key: pki.serverKey },
            });
        });
        after(async () => tlsServer.close());

        it("verifies the server with the given CA bundle", async () => {
            const c = new OrchestratorClient({ apiUrl: tlsServer.url, username: "edge-admin", password: PASSWORD, caCert: pki.caCert, ...fast });
            assert.equal(tlsServer.url.startsWith("https://127.0.0.1:"), true);
            assert.ok(Array.isArray(await c.listNetworks(PROJECT)));
        });

        it("fails without retrying when the CA is missing, and says how to fix it", async () => {
            const before = tlsServer.requests.total;
            const c = new OrchestratorClient({ apiUrl: tlsServer.url, username: "edge-admin", password: PASSWORD, ...fast });
            const err = await rejectsWith(c.listNetworks(PROJECT), OrchestratorConnectionError);
            assert.equal(err.retryable, false);
            assert.match(
                err.message,
                /TLS verification of https:\/\/127\.0\.0\.1:\d+ failed \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\)\. If the orchestrator uses a private CA, pass its PEM bundle as orchestrator\.caCert; verification is never disabled\./,
            );
            assert.equal(tlsServer.requests.total, before, "no request got through the handshake");
        });

        it("fails with a wrong CA", async () => {
            const other = createTestPki();
            const c = new OrchestratorClient({ apiUrl: tlsServer.url, username: "edge-admin", password: PASSWORD, caCert: other.caCert, ...fast });
            const err = await rejectsWith(c.listNetworks(PROJECT), OrchestratorConnectionError);
            assert.equal(err.retryable, false);
        });
    });

    describe("construction", () => {
        it("refuses plain http to a remote host and half-given credentials", () => {
            assert.throws(() => new OrchestratorClient({ apiUrl: "http://api.edge.example.com", token: "t" }), {
                name: "TypeError",
                message: `orchestrator.apiUrl must use https; plain http is allowed only to a loopback address (got "http://api.edge.example.com")`,
            });
            assert.throws(() => new OrchestratorClient({ apiUrl: "https://api.edge.example.com", username: "u" }), {
                message: "orchestrator.username and orchestrator.password must be given together",
            });
            assert.throws(() => new OrchestratorClient({ apiUrl: "https://api.edge.example.com" }), OrchestratorAuthError);
        });
        it("derives the Keycloak URL from api.<fqdn>", () => {
            assert.equal(new OrchestratorClient({ apiUrl: "https://api.edge.example.com/", token: "t" }).keycloakUrl, "https://keycloak.edge.example.com");
            assert.equal(
                new OrchestratorClient({ apiUrl: "https://api.edge.example.com", keycloakUrl: "https://sso.example.com/", token: "t" }).keycloakUrl,
                "https://sso.example.com",
            );
        });
    });

    after(() => {
        assert.ok(seenMessages.length >= 12, `expected the suite to inspect many errors, saw ${seenMessages.length}`);
        for (const m of seenMessages) {
            assert.equal(m.includes(PASSWORD), false, `password leaked into: ${m}`);
            assert.equal(/eyJ[\w-]+\.[\w-]+\./.test(m), false, `a JWT leaked into: ${m}`);
        }
    });
});
