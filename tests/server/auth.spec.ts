import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { createOrchestratorServer, projectRoles, type OrchestratorServer } from "../../tools/local-orchestrator";
import { ADMIN, ALPHA, BETA, JSON_HEADERS, ORG, READER, bearer, passwordToken, tenancyOptions } from "./support/fixtures";
import { httpRequest } from "./support/http-client";

const MISSING = { message: "Authorization header is missing. Unauthorized" };
const SCHEME = { message: 'Expecting "Bearer" scheme. Unauthorized' };
const INVALID = { message: "JWT token is invalid or expired. Unauthorized" };
const DENIED = { message: "Unauthorized" };

describe("server: gateway authentication and authorization", () => {
    let server: OrchestratorServer;
    const listUrl = () => `${server.url}/v1/projects/${ALPHA.name}/networks`;
    const itemUrl = (name: string) => `${listUrl()}/${name}`;
    const list = (headers: Record<string, string>) => httpRequest(listUrl(), { headers });
    const create = (headers: Record<string, string>, name = "authz-net") =>
        httpRequest(itemUrl(name), { method: "PUT", headers: { ...headers, ...JSON_HEADERS }, body: '{"type":"application-mesh"}' });

    before(async () => {
        server = await createOrchestratorServer(tenancyOptions());
    });
    after(() => server.close());

    it("answers 401 when the Authorization header is missing or empty", async () => {
        for (const headers of [{}, { authorization: "" }] as Array<Record<string, string>>) {
            const res = await list(headers);
            assert.equal(res.status, 401);
            assert.deepEqual(res.json(), MISSING);
        }
    });

    it("answers 401 for a scheme other than Bearer", async () => {
        const res = await list({ authorization: `Basic ${Buffer.from("edge-admin:x").toString("base64")}` });
        assert.equal(res.status, 401);
        assert.deepEqual(res.json(), SCHEME);
    });

    it("authenticates before routing, so unknown /v1 paths also need a token", async () => {
        const res = await httpRequest(`${server.url}/v1/anything`);
        assert.equal(res.status, 401);
        assert.deepEqual(res.json(), MISSING);
    });

    it("answers 401 invalid-or-expired for malformed, forged, expired, wrong-issuer and non-access tokens", async () => {
        const alien = await new SignJWT({ sub: "x" }).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode("0123456789abcdef0123456789abcdef"));
        const tokens = {
            malformed: "not.a.jwt",
            empty: "",
            forged: await server.issueForgedToken({ username: ADMIN.username }),
            expired: await server.issueToken({ username: ADMIN.username, expiresInSec: -5 }),
            wrongIssuer: await server.issueToken({ username: ADMIN.username, issuer: "https://keycloak.example.com/realms/master" }),
            refreshTyped: await server.issueToken({ username: ADMIN.username, typ: "Refresh" }),
            hs256: alien,
        };
        for (const [label, token] of Object.entries(tokens)) {
            const res = await list({ authorization: `Bearer ${token}` });
            assert.equal(res.status, 401, label);
            assert.deepEqual(res.json(), INVALID, label);
        }
    });

    it("accepts a token minted in process and one from the token endpoint", async () => {
        const minted = await server.issueToken({ username: ADMIN.username });
        assert.equal((await list(bearer(minted))).status, 200);
        const fromEndpoint = await passwordToken(server.url, ADMIN);
        assert.equal((await list(bearer(fromEndpoint))).status, 200);
        assert.equal((await list({ authorization: `bearer ${fromEndpoint}` })).status, 200);
    });

    it("answers 401 Unauthorized for an unknown project name", async () => {
        const token = await server.issueToken({ username: ADMIN.username });
        const res = await httpRequest(`${server.url}/v1/projects/no-such-project/networks`, { headers: bearer(token) });
        assert.equal(res.status, 401);
        assert.deepEqual(res.json(), DENIED);
    });

    it("lets a reader list but not write: 401 Unauthorized on PUT and DELETE", async () => {
        const token = await passwordToken(server.url, READER);
        assert.equal((await list(bearer(token))).status, 200);
        const put = await create(bearer(token));
        assert.equal(put.status, 401);
        assert.deepEqual(put.json(), DENIED);
        const del = await httpRequest(itemUrl("authz-net"), { method: "DELETE", headers: bearer(token) });
        assert.equal(del.status, 401);
        assert.deepEqual(del.json(), DENIED);
        assert.equal(server.networks().length, 0);
    });

    it("denies a reader the projects it is not a member of", async () => {
        const token = await passwordToken(server.url, READER);
        const res = await httpRequest(`${server.url}/v1/projects/${BETA.name}/networks`, { headers: bearer(token) });
        assert.equal(res.status, 401);
        assert.deepEqual(res.json(), DENIED);
    });

    it("requires membership, an app-orch project role and the method role together", async () => {
        const full = projectRoles(ORG.uid, ALPHA.uid);
        const cases: Array<[string, string[]]> = [
            // The org-level role lets the gateway find the org; only membership is missing.
            ["no membership", [...full.filter((r) => !r.endsWith("_m")), `${ORG.uid}_project-read-role`]],
            ["no ao-rw", full.filter((r) => !r.endsWith("_ao-rw"))],
            ["no write role", full.filter((r) => r !== "app-deployment-manager-write-role")],
        ];
        for (const [label, roles] of cases) {
            const token = await server.issueToken({ username: "partial", roles });
            const res = await create(bearer(token));
            assert.equal(res.status, 401, label);
            assert.deepEqual(res.json(), DENIED, label);
        }
        const memberRole = [`${ORG.uid}_${ALPHA.uid}_member-role`, `${ALPHA.uid}_app-deployment-manager-write-role`, "app-deployment-manager-write-role"];
        const ok = await create(bearer(await server.issueToken({ username: "alt", roles: memberRole })), "alt-roles");
        assert.equal(ok.status, 200);
        assert.deepEqual(ok.json(), { message: "alt-roles" });
    });

    it("answers 400 when the token names no organization at all", async () => {
        const token = await server.issueToken({ username: "nobody", roles: ["app-deployment-manager-read-role"] });
        const res = await list(bearer(token));
        assert.equal(res.status, 400);
        assert.deepEqual(res.json(), { message: "Unable to determine the organizations. Bad Request" });
    });
});
