import assert from "node:assert/strict";
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, type JWK } from "jose";
import { createOrchestratorServer, type OrchestratorServer } from "../../tools/local-orchestrator";
import { ADMIN, ALPHA, ORG, bearer, tenancyOptions } from "./support/fixtures";
import { form, httpRequest } from "./support/http-client";

const TOKEN_PATH = "/realms/master/protocol/openid-connect/token";

interface TokenBody {
    access_token: string;
    expires_in: number;
    refresh_expires_in: number;
    refresh_token: string;
    token_type: string;
    id_token?: string;
    "not-before-policy": number;
    session_state: string;
    scope: string;
}

describe("server: Keycloak imitation", () => {
    let server: OrchestratorServer;
    const tokenRequest = (fields: Record<string, string>) => httpRequest(`${server.keycloakUrl}${TOKEN_PATH}`, form(fields));
    const passwordGrant = (overrides: Record<string, string> = {}) =>
        tokenRequest({
            grant_type: "password",
            client_id: "system-client",
            username: ADMIN.username,
            password: ADMIN.password,
            scope: "openid",
            ...overrides,
        });

    before(async () => {
        server = await createOrchestratorServer(tenancyOptions());
    });
    after(() => server.close());

    it("issues Keycloak-shaped tokens for the password grant", async () => {
        const res = await passwordGrant();
        assert.equal(res.status, 200);
        assert.equal(res.headers["cache-control"], "no-store");
        const body = res.json() as TokenBody;
        assert.deepEqual(Object.keys(body), [
            "access_token",
            "expires_in",
            "refresh_expires_in",
            "refresh_token",
            "token_type",
            "id_token",
            "not-before-policy",
            "session_state",
            "scope",
        ]);
        assert.equal(body.expires_in, 3600);
        assert.equal(body.refresh_expires_in, 5400);
        assert.equal(body.token_type, "Bearer");
        assert.equal(body["not-before-policy"], 0);
        assert.equal(body.scope, "openid profile email");

        const header = decodeProtectedHeader(body.access_token);
        assert.equal(header.alg, "RS256");
        const claims = decodeJwt(body.access_token);
        assert.equal(claims.iss, `${server.url}/realms/master`);
        assert.equal(claims.iss, server.issuer);
        assert.equal(claims["preferred_username"], ADMIN.username);
        assert.equal(claims["azp"], "system-client");
        assert.equal(claims["typ"], "Bearer");
        assert.equal(claims["session_state"], body.session_state);
        assert.equal(typeof claims.sub, "string");
        assert.equal((claims.exp ?? 0) - (claims.iat ?? 0), 3600);
        const roles = (claims["realm_access"] as { roles: string[] }).roles;
        for (const role of [`${ORG.uid}_${ALPHA.uid}_m`, `${ALPHA.uid}_ao-rw`, "app-deployment-manager-read-role", "app-deployment-manager-write-role"]) {
            assert.ok(roles.includes(role), role);
        }
        assert.equal(decodeJwt(body.id_token ?? "")["typ"], "ID");
    });

    it("omits the id_token without the openid scope", async () => {
        const res = await passwordGrant({ scope: "" });
        assert.equal(res.status, 200);
        const body = res.json() as TokenBody;
        assert.equal(body.id_token, undefined);
        assert.equal(body.scope, "profile email");
    });

    it("matches usernames case-insensitively", async () => {
        const res = await passwordGrant({ username: ADMIN.username.toUpperCase() });
        assert.equal(res.status, 200);
    });

    it("answers 401 invalid_grant for a wrong password or an unknown user", async () => {
        for (const overrides of [{ password: "wrong" }, { username: "ghost" }, { password: "" }] as Array<Record<string, string>>) {
            const res = await passwordGrant(overrides);
            assert.equal(res.status, 401);
            assert.deepEqual(res.json(), { error: "invalid_grant", error_description: "Invalid user credentials" });
        }
    });

    it("answers 401 invalid_client for an unknown or missing client_id", async () => {
        const unknown = await passwordGrant({ client_id: "other-client" });
        assert.equal(unknown.status, 401);
        assert.deepEqual(unknown.json(), { error: "invalid_client", error_description: "Invalid client or Invalid client credentials" });
        const missing = await tokenRequest({ grant_type: "password", username: ADMIN.username, password: ADMIN.password });
        assert.equal(missing.status, 401);
        assert.deepEqual(missing.json(), { error: "invalid_client", error_description: "Invalid client or Invalid client credentials" });
    });

    it("answers 400 for unsupported or missing grant types", async () => {
        const unsupported = await tokenRequest({ grant_type: "client_credentials", client_id: "system-client" });
        assert.equal(unsupported.status, 400);
        assert.deepEqual(unsupported.json(), { error: "unsupported_grant_type", error_description: "Unsupported grant_type" });
        const missing = await httpRequest(`${server.url}${TOKEN_PATH}`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ grant_type: "password" }),
        });
        assert.equal(missing.status, 400);
        assert.deepEqual(missing.json(), { error: "invalid_request", error_description: "Missing form parameter: grant_type" });
    });

    it("refreshes with the refresh_token grant, keeping the session", async () => {
        const first = (await passwordGrant()).json() as TokenBody;
        const res = await tokenRequest({ grant_type: "refresh_token", client_id: "system-client", refresh_token: first.refresh_token });
        assert.equal(res.status, 200);
        const body = res.json() as TokenBody;
        assert.equal(body.session_state, first.session_state);
        assert.equal(body.token_type, "Bearer");
        assert.notEqual(body.refresh_token, first.refresh_token);
        const listed = await httpRequest(`${server.url}/v1/projects/${ALPHA.name}/networks`, { headers: bearer(body.access_token) });
        assert.equal(listed.status, 200);
    });

    it("rejects bad refresh tokens with 400 invalid_grant", async () => {
        const access = await server.issueToken({ username: ADMIN.username });
        for (const refreshToken of ["garbage", access]) {
            const res = await tokenRequest({ grant_type: "refresh_token", client_id: "system-client", refresh_token: refreshToken });
            assert.equal(res.status, 400);
            assert.deepEqual(res.json(), { error: "invalid_grant", error_description: "Invalid refresh token" });
        }
        const missing = await tokenRequest({ grant_type: "refresh_token", client_id: "system-client" });
        assert.equal(missing.status, 400);
        assert.deepEqual(missing.json(), { error: "invalid_request", error_description: "Missing parameter: refresh_token" });
        const first = (await passwordGrant()).json() as TokenBody;
        const wrongClient = await tokenRequest({ grant_type: "refresh_token", client_id: "cli", refresh_token: first.refresh_token });
        assert.equal(wrongClient.status, 401);
        assert.deepEqual(wrongClient.json(), { error: "invalid_client", error_description: "Invalid client or Invalid client credentials" });
    });

    it("serves a JWKS that verifies its tokens, and an OpenID discovery document", async () => {
        // Tokens were verified above, so the server has fetched its own JWKS; those
        // internal fetches are neither logged nor subject to faults.
        const certsPath = "/realms/master/protocol/openid-connect/certs";
        assert.equal(server.requests.count({ path: certsPath }), 0);
        const jwksRes = await httpRequest(`${server.url}/realms/master/protocol/openid-connect/certs`);
        assert.equal(jwksRes.status, 200);
        const jwks = jwksRes.json() as { keys: JWK[] };
        assert.equal(jwks.keys.length, 1);
        const [key] = jwks.keys;
        assert.ok(key);
        assert.deepEqual(Object.keys(key).sort(), ["alg", "e", "kid", "kty", "n", "use"]);
        assert.equal(key.kty, "RSA");
        assert.equal(key.alg, "RS256");
        assert.equal(key.use, "sig");
        assert.equal(key.d, undefined);
        assert.equal(server.requests.count({ path: certsPath }), 1);
        const token = await server.issueToken({ username: ADMIN.username });
        assert.equal(decodeProtectedHeader(token).kid, key.kid);
        const { payload } = await jwtVerify(token, await importJWK(key, "RS256"), { issuer: server.issuer });
        assert.equal(payload["preferred_username"], ADMIN.username);

        const discovery = await httpRequest(`${server.url}/realms/master/.well-known/openid-configuration`);
        assert.equal(discovery.status, 200);
        const doc = discovery.json() as Record<string, unknown>;
        assert.equal(doc["issuer"], server.issuer);
        assert.equal(doc["token_endpoint"], `${server.issuer}/protocol/openid-connect/token`);
        assert.equal(doc["jwks_uri"], `${server.issuer}/protocol/openid-connect/certs`);

        const otherRealm = await httpRequest(`${server.url}/realms/edge/protocol/openid-connect/certs`);
        assert.equal(otherRealm.status, 404);
        assert.deepEqual(otherRealm.json(), { error: "Realm does not exist" });
    });

    describe("with one-second lifetimes", () => {
        let short: OrchestratorServer;
        before(async () => {
            short = await createOrchestratorServer({ ...tenancyOptions(), accessTokenLifespanSec: 1, refreshTokenLifespanSec: 1 });
        });
        after(() => short.close());

        it("expires access tokens (401) and refresh tokens (400 Token is not active)", async () => {
            const res = await httpRequest(
                `${short.url}${TOKEN_PATH}`,
                form({ grant_type: "password", client_id: "system-client", username: ADMIN.username, password: ADMIN.password }),
            );
            const body = res.json() as TokenBody;
            assert.equal(body.expires_in, 1);
            assert.equal(body.refresh_expires_in, 1);
            await new Promise((resolve) => setTimeout(resolve, 1100));
            const listed = await httpRequest(`${short.url}/v1/projects/${ALPHA.name}/networks`, { headers: bearer(body.access_token) });
            assert.equal(listed.status, 401);
            assert.deepEqual(listed.json(), { message: "JWT token is invalid or expired. Unauthorized" });
            const refreshed = await httpRequest(
                `${short.url}${TOKEN_PATH}`,
                form({ grant_type: "refresh_token", client_id: "system-client", refresh_token: body.refresh_token }),
            );
            assert.equal(refreshed.status, 400);
            assert.deepEqual(refreshed.json(), { error: "invalid_grant", error_description: "Token is not active" });
        });
    });
});
