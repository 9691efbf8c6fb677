import assert from "node:assert/strict";
import * as http from "node:http";
import { createOrchestratorServer, deterministicUid, isLoopbackHost } from "../../tools/local-orchestrator";
import { ADMIN, ALPHA, bearer, passwordToken, tenancyOptions } from "./support/fixtures";
import { form, httpRequest } from "./support/http-client";

describe("server: lifecycle, defaults and request log", () => {
    it("refuses non-loopback hosts unless allowed", async () => {
        await assert.rejects(createOrchestratorServer({ host: "0.0.0.0" }), /refusing to bind non-loopback host "0\.0\.0\.0"/);
        await assert.rejects(createOrchestratorServer({ host: "10.1.2.3" }), /allowNonLoopback/);
        assert.equal(isLoopbackHost("127.0.0.1"), true);
        assert.equal(isLoopbackHost("127.10.0.1"), true);
        assert.equal(isLoopbackHost("::1"), true);
        assert.equal(isLoopbackHost("localhost"), true);
        assert.equal(isLoopbackHost("192.168.1.1"), false);
        assert.equal(isLoopbackHost("example.com"), false);
    });

    it("rejects invalid configuration with a message naming it", async () => {
        await assert.rejects(createOrchestratorServer({ port: 70000 }), /port must be an integer from 0 to 65535/);
        await assert.rejects(createOrchestratorServer({ accessTokenLifespanSec: 0 }), /accessTokenLifespanSec/);
        await assert.rejects(createOrchestratorServer({ projects: [{ name: "p", org: "nope" }] }), /unknown org "nope"/);
        await assert.rejects(createOrchestratorServer({ projects: [{ name: "p" }, { name: "p" }] }), /duplicate project name "p"/);
        await assert.rejects(createOrchestratorServer({ orgs: [{ name: "o", uid: "NOT-HEX" }] }), /org uid "NOT-HEX"/);
        await assert.rejects(createOrchestratorServer({ faults: { drop: { probability: -1 } } }), /invalid fault settings/);
    });

    it("defaults to sample-org / sample-project / edge-admin with a random password", async () => {
        const server = await createOrchestratorServer();
        try {
            assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
            assert.equal(server.url, `http://127.0.0.1:${server.port}`);
            assert.deepEqual(
                server.orgs.map((o) => [o.name, o.state]),
                [["sample-org", "idle"]],
            );
            const [project] = server.projects;
            assert.equal(project?.name, "sample-project");
            assert.equal(project?.orgUid, deterministicUid("org", "sample-org"));
            const [admin] = server.users;
            assert.equal(admin?.username, "edge-admin");
            assert.ok((admin?.password.length ?? 0) >= 20);
            const token = await passwordToken(server.url, { username: "edge-admin", password: admin?.password ?? "" });
            const res = await httpRequest(`${server.url}/v1/projects/sample-project/networks`, { headers: bearer(token) });
            assert.equal(res.status, 200);
            assert.deepEqual(res.json(), []);
        } finally {
            await server.close();
        }
    });

    it("logs method, path, query and status, but never credentials", async () => {
        const server = await createOrchestratorServer(tenancyOptions());
        try {
            const token = await passwordToken(server.url, ADMIN);
            await httpRequest(`${server.url}/v1/projects/${ALPHA.name}/networks?limit=5`, { headers: bearer(token) });
            await httpRequest(
                `${server.url}/realms/master/protocol/openid-connect/token`,
                form({ grant_type: "password", client_id: "system-client", username: ADMIN.username, password: "wrong" }),
            );
            assert.equal(server.requests.total, 3);
            assert.deepEqual(
                server.requests.entries.map(({ seq, method, path, query, status }) => ({ seq, method, path, query, status })),
                [
                    { seq: 1, method: "POST", path: "/realms/master/protocol/openid-connect/token", query: "", status: 200 },
                    { seq: 2, method: "GET", path: `/v1/projects/${ALPHA.name}/networks`, query: "limit=5", status: 200 },
                    { seq: 3, method: "POST", path: "/realms/master/protocol/openid-connect/token", query: "", status: 401 },
                ],
            );
            const serialized = JSON.stringify(server.requests.entries);
            assert.equal(serialized.includes(ADMIN.password), false);
            assert.equal(serialized.includes(token), false);
            assert.equal(server.requests.count({ method: "POST" }), 2);
            assert.equal(server.requests.count({ pathPrefix: "/v1/" }), 1);
            server.requests.clear();
            assert.equal(server.requests.entries.length, 0);
            assert.equal(server.requests.total, 3);
        } finally {
            await server.close();
        }
    });

    it("closes promptly even with idle keep-alive connections open", async () => {
        const server = await createOrchestratorServer(tenancyOptions());
        const agent = new http.Agent({ keepAlive: true });
        try {
            for (let i = 0; i < 3; i += 1) {
                const res = await httpRequest(`${server.url}/realms/master/.well-known/openid-configuration`, { agent });
                assert.equal(res.status, 200);
            }
            const start = performance.now();
            await server.close();
            assert.ok(performance.now() - start < 500, "close should not wait for keep-alive timeouts");
            await assert.rejects(httpRequest(`${server.url}/realms/master/.well-known/openid-configuration`), /ECONNREFUSED/);
            await server.close();
        } finally {
            agent.destroy();
        }
    });

    it("runs several servers side by side without sharing state", async () => {
        const [a, b] = await Promise.all([createOrchestratorServer(tenancyOptions()), createOrchestratorServer(tenancyOptions())]);
        try {
            assert.notEqual(a.port, b.port);
            const tokenA = await a.issueToken({ username: ADMIN.username });
            const put = await httpRequest(`${a.url}/v1/projects/${ALPHA.name}/networks/only-a`, {
                method: "PUT",
                headers: { ...bearer(tokenA), "content-type": "application/json" },
                body: '{"type":"application-mesh"}',
            });
            assert.equal(put.status, 200);
            assert.equal(a.networks().length, 1);
            assert.equal(b.networks().length, 0);
            // Each server has its own key: a's token means nothing to b.
            const cross = await httpRequest(`${b.url}/v1/projects/${ALPHA.name}/networks`, { headers: bearer(tokenA) });
            assert.equal(cross.status, 401);
            a.faults.set({ status5xx: {} });
            assert.equal((await httpRequest(`${b.url}/realms/master/.well-known/openid-configuration`)).status, 200);
        } finally {
            await Promise.all([a.close(), b.close()]);
        }
    });
});
