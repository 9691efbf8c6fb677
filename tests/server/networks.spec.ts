import assert from "node:assert/strict";
import { createOrchestratorServer, type OrchestratorServer } from "../../tools/local-orchestrator";
import { hashedNetworkName } from "../../tools/local-orchestrator/networks";
import { ADMIN, ALPHA, BETA, JSON_HEADERS, ORG, bearer, passwordToken, tenancyOptions } from "./support/fixtures";
import { httpRequest, type HttpInit } from "./support/http-client";

const KIND = "Network.network.edge-orchestrator.intel.com";

describe("server: networks API", () => {
    let server: OrchestratorServer;
    let token: string;

    before(async () => {
        server = await createOrchestratorServer(tenancyOptions());
        token = await passwordToken(server.url, ADMIN);
    });
    after(() => server.close());

    const networksUrl = (project: string, rest = "") => `${server.url}/v1/projects/${project}/networks${rest}`;
    const call = (url: string, init: HttpInit = {}) => httpRequest(url, { ...init, headers: { ...bearer(token), ...init.headers } });
    const put = (project: string, name: string, body: unknown, query = "") =>
        call(networksUrl(project, `/${name}${query}`), {
            method: "PUT",
            headers: JSON_HEADERS,
            body: typeof body === "string" ? body : JSON.stringify(body),
        });
    const hashedName = (project: string, name: string) => {
        const record = server.networks(project).find((n) => n.name === name);
        assert.ok(record, `${project}/${name} should be stored`);
        return record.hashedName;
    };

    it("creates a network with 200 {message: name}, pruning unknown fields", async () => {
        const res = await put(ALPHA.name, "mesh-one", { description: "first", type: "application-mesh", extra: 7 });
        assert.equal(res.status, 200);
        assert.deepEqual(res.json(), { message: "mesh-one" });
        assert.match(String(res.headers["content-type"]), /^application\/json/);
        const [stored] = server.networks(ALPHA.name);
        assert.ok(stored);
        assert.deepEqual(stored.spec, { description: "first", type: "application-mesh" });
        assert.deepEqual(stored.status, {});
        assert.match(stored.hashedName, /^[0-9a-f]{40}$/);
        assert.equal(stored.labels["nexus/display_name"], "mesh-one");
        assert.equal(stored.labels["nexus/is_name_hashed"], "true");
        assert.equal(stored.labels["network.Network"], "mesh-one");
        assert.equal(stored.labels["projects.project.edge-orchestrator.intel.com"], ALPHA.name);
        assert.equal(stored.labels["orgs.org.edge-orchestrator.intel.com"], ORG.name);
    });

    it("gets a network as {spec, status} without a name", async () => {
        const res = await call(networksUrl(ALPHA.name, "/mesh-one"));
        assert.equal(res.status, 200);
        assert.deepEqual(res.json(), { spec: { description: "first", type: "application-mesh" }, status: {} });
    });

    it("replaces the spec wholesale on PUT of an existing network: 200 Updated successfully", async () => {
        const before = hashedName(ALPHA.name, "mesh-one");
        const res = await put(ALPHA.name, "mesh-one", { type: "application-mesh" });
        assert.equal(res.status, 200);
        assert.deepEqual(res.json(), { message: "Updated successfully" });
        const got = await call(networksUrl(ALPHA.name, "/mesh-one"));
        assert.deepEqual(got.json(), { spec: { type: "application-mesh" }, status: {} });
        assert.equal(hashedName(ALPHA.name, "mesh-one"), before);
    });

    it("answers 403 Already Exists. for update_if_exists=false on an existing network, without changing it", async () => {
        const res = await put(ALPHA.name, "mesh-one", { description: "changed", type: "other" }, "?update_if_exists=false");
        assert.equal(res.status, 403);
        assert.deepEqual(res.json(), { message: "Already Exists." });
        assert.deepEqual(server.networks(ALPHA.name)[0]?.spec, { type: "application-mesh" });
    });

    it("creates with update_if_exists=false when the network is new", async () => {
        const res = await put(ALPHA.name, "mesh-two", { type: "application-mesh" }, "?update_if_exists=false");
        assert.equal(res.status, 200);
        assert.deepEqual(res.json(), { message: "mesh-two" });
    });

    it("rejects a non-boolean update_if_exists with 400", async () => {
        const res = await put(ALPHA.name, "mesh-two", { type: "application-mesh" }, "?update_if_exists=maybe");
        assert.equal(res.status, 400);
        assert.deepEqual(res.json(), { message: 'strconv.ParseBool: parsing "maybe": invalid syntax' });
    });

    it("answers 422 with the Kubernetes Invalid text when type is missing (create and update)", async () => {
        const created = await put(ALPHA.name, "no-type", { description: "x" });
        assert.equal(created.status, 422);
        const expectedHash = hashedNetworkName({ name: ALPHA.name, uid: ALPHA.uid, orgName: ORG.name, orgUid: ORG.uid }, "no-type");
        assert.deepEqual(created.json(), { message: `${KIND} "${expectedHash}" is invalid: spec.type: Required value` });
        assert.equal(
            server.networks(ALPHA.name).some((n) => n.name === "no-type"),
            false,
        );

        const updated = await put(ALPHA.name, "mesh-one", { type: null });
        assert.equal(updated.status, 422);
        assert.deepEqual(updated.json(), {
            message: `${KIND} "${hashedName(ALPHA.name, "mesh-one")}" is invalid: spec.type: Required value`,
        });
    });

    it("treats an empty body as an empty map (422, not 400)", async () => {
        const res = await call(networksUrl(ALPHA.name, "/empty-body"), { method: "PUT" });
        assert.equal(res.status, 422);
        assert.match(String((res.json() as { message: string }).message), /is invalid: spec\.type: Required value$/);
    });

    it("answers 422 listing every schema violation", async () => {
        const res = await put(ALPHA.name, "mesh-one", { description: 5, type: true });
        assert.equal(res.status, 422);
        assert.deepEqual(res.json(), {
            message:
                `${KIND} "${hashedName(ALPHA.name, "mesh-one")}" is invalid: [` +
                'spec.description: Invalid value: "integer": spec.description in body must be of type string: "integer", ' +
                'spec.type: Invalid value: "boolean": spec.type in body must be of type string: "boolean"]',
        });
    });

    it("answers 422 for a name that is not a valid label value", async () => {
        const res = await put(ALPHA.name, "-bad-", { type: "application-mesh" });
        assert.equal(res.status, 422);
        const { message } = res.json() as { message: string };
        assert.match(
            message,
            /^Network\.network\.edge-orchestrator\.intel\.com "[0-9a-f]{40}" is invalid: metadata\.labels: Invalid value: "-bad-": a valid label must be/,
        );
    });

    it("answers 400 with the binder error for invalid JSON and for non-object JSON", async () => {
        const garbage = await put(ALPHA.name, "bad-json", "{not json");
        assert.equal(garbage.status, 400);
        assert.deepEqual(garbage.json(), { message: "code=400, message=Syntax error: request body is not valid JSON" });

        const array = await put(ALPHA.name, "bad-json", "[1,2]");
        assert.equal(array.status, 400);
        assert.deepEqual(array.json(), {
            message: "code=400, message=Unmarshal type error: expected=map[string]interface {}, got=array, field=, offset=1",
        });

        const text = await put(ALPHA.name, "bad-json", '"hello"');
        assert.equal(text.status, 400);
        assert.deepEqual(text.json(), {
            message: "code=400, message=Unmarshal type error: expected=map[string]interface {}, got=string, field=, offset=7",
        });
        assert.equal(
            server.networks(ALPHA.name).some((n) => n.name === "bad-json"),
            false,
        );
    });

    it("answers 415 for a body that is not JSON", async () => {
        const res = await call(networksUrl(ALPHA.name, "/form-body"), {
            method: "PUT",
            headers: { "content-type": "text/plain" },
            body: "type=application-mesh",
        });
        assert.equal(res.status, 415);
        assert.deepEqual(res.json(), { message: "Unsupported Media Type" });
    });

    it("answers 404 Not Found for GET and DELETE of a missing network", async () => {
        const got = await call(networksUrl(ALPHA.name, "/missing"));
        assert.equal(got.status, 404);
        assert.deepEqual(got.json(), { message: "Not Found" });
        const deleted = await call(networksUrl(ALPHA.name, "/missing"), { method: "DELETE" });
        assert.equal(deleted.status, 404);
        assert.deepEqual(deleted.json(), { message: "Not Found" });
    });

    it("keeps projects apart: the same name in another project is another network", async () => {
        const other = await call(networksUrl(BETA.name, "/mesh-one"));
        assert.equal(other.status, 404);
        const res = await put(BETA.name, "mesh-one", { type: "application-mesh", description: "beta" });
        assert.equal(res.status, 200);
        assert.deepEqual(res.json(), { message: "mesh-one" });
        assert.notEqual(hashedName(BETA.name, "mesh-one"), hashedName(ALPHA.name, "mesh-one"));
    });

    it("lists only the project's networks, sorted by name, as a bare array", async () => {
        const res = await call(networksUrl(ALPHA.name));
        assert.equal(res.status, 200);
        assert.deepEqual(res.json(), [
            { name: "mesh-one", spec: { type: "application-mesh" }, status: {} },
            { name: "mesh-two", spec: { type: "application-mesh" }, status: {} },
        ]);
        const beta = await call(networksUrl(BETA.name));
        assert.deepEqual(beta.json(), [{ name: "mesh-one", spec: { type: "application-mesh", description: "beta" }, status: {} }]);
    });

    it("honours limit (0 = unlimited) and rejects bad limit and continue values", async () => {
        for (const name of ["a-net", "b-net", "c-net"]) {
            assert.equal((await put(BETA.name, name, { type: "application-mesh" })).status, 200);
        }
        const limited = await call(networksUrl(BETA.name, "?limit=2"));
        assert.equal(limited.status, 200);
        assert.deepEqual(
            (limited.json() as Array<{ name: string }>).map((n) => n.name),
            ["a-net", "b-net"],
        );
        const unlimited = await call(networksUrl(BETA.name, "?limit=0"));
        assert.deepEqual(
            (unlimited.json() as Array<{ name: string }>).map((n) => n.name),
            ["a-net", "b-net", "c-net", "mesh-one"],
        );
        const badLimit = await call(networksUrl(BETA.name, "?limit=-1"));
        assert.equal(badLimit.status, 400);
        assert.deepEqual(badLimit.json(), { message: 'invalid limit "-1": must be a non-negative integer' });
        const badContinue = await call(networksUrl(BETA.name, "?continue=abc"));
        assert.equal(badContinue.status, 400);
        assert.deepEqual(badContinue.json(), { message: "continue key is not valid: this server never issues continue tokens" });
    });

    it("caps the list at the default limit of 500", async function () {
        const big = await createOrchestratorServer(tenancyOptions());
        try {
            const bigToken = await big.issueToken({ username: ADMIN.username });
            for (let i = 0; i < 501; i += 1) {
                const res = await httpRequest(`${big.url}/v1/projects/${ALPHA.name}/networks/n${String(i).padStart(3, "0")}`, {
                    method: "PUT",
                    headers: { ...bearer(bigToken), ...JSON_HEADERS },
                    body: '{"type":"application-mesh"}',
                });
                assert.equal(res.status, 200);
            }
            const res = await httpRequest(`${big.url}/v1/projects/${ALPHA.name}/networks`, { headers: bearer(bigToken) });
            const items = res.json() as Array<{ name: string }>;
            assert.equal(items.length, 500);
            assert.equal(items[499]?.name, "n499");
        } finally {
            await big.close();
        }
    });

    it("serves the status subresource: GET returns it, PUT merges it", async () => {
        const empty = await call(networksUrl(ALPHA.name, "/mesh-two/status"));
        assert.equal(empty.status, 200);
        assert.deepEqual(empty.json(), {});
        const set = await call(networksUrl(ALPHA.name, "/mesh-two/status"), {
            method: "PUT",
            headers: JSON_HEADERS,
            body: JSON.stringify({ status: { currentState: "ready" }, ignored: true }),
        });
        assert.equal(set.status, 200);
        assert.deepEqual(set.json(), { message: "Status Updated successfully" });
        const got = await call(networksUrl(ALPHA.name, "/mesh-two"));
        assert.deepEqual(got.json(), { spec: { type: "application-mesh" }, status: { status: { currentState: "ready" } } });
        const listed = await call(networksUrl(ALPHA.name));
        assert.deepEqual((listed.json() as Array<{ status: unknown }>)[1]?.status, { status: { currentState: "ready" } });
        const missing = await call(networksUrl(ALPHA.name, "/missing/status"), {
            method: "PUT",
            headers: JSON_HEADERS,
            body: '{"status":{"currentState":"x"}}',
        });
        assert.equal(missing.status, 404);
        assert.deepEqual(missing.json(), { message: "Not Found" });
        const wrong = await call(networksUrl(ALPHA.name, "/mesh-two/status"), {
            method: "PUT",
            headers: JSON_HEADERS,
            body: '{"status":{"currentState":3}}',
        });
        assert.equal(wrong.status, 422);
    });

    it("deletes with 200 and an empty body, after which GET is 404", async () => {
        const res = await call(networksUrl(ALPHA.name, "/mesh-two"), { method: "DELETE" });
        assert.equal(res.status, 200);
        assert.equal(res.text, "");
        assert.equal((await call(networksUrl(ALPHA.name, "/mesh-two"))).status, 404);
        assert.deepEqual(
            server.networks(ALPHA.name).map((n) => n.name),
            ["mesh-one"],
        );
    });

    it("answers 405 for methods a route does not serve and 404 for unknown /v1 paths", async () => {
        const post = await call(networksUrl(ALPHA.name), { method: "POST", headers: JSON_HEADERS, body: "{}" });
        assert.equal(post.status, 405);
        assert.deepEqual(post.json(), { message: "Method Not Allowed" });
        const unknown = await call(`${server.url}/v1/projects/${ALPHA.name}/widgets`);
        assert.equal(unknown.status, 404);
        assert.deepEqual(unknown.json(), { message: "Not Found" });
    });

    describe("PUT precondition on the org", () => {
        afterEach(() => server.setOrgState(ORG.name, "idle"));

        it("answers 409 when the org is not idle, for network and status PUTs", async () => {
            server.setOrgState(ORG.name, "creating");
            const res = await put(ALPHA.name, "blocked", { type: "application-mesh" });
            assert.equal(res.status, 409);
            assert.deepEqual(res.json(), { message: "Org Not in IDLE State. Project create not permitted." });
            const status = await call(networksUrl(ALPHA.name, "/mesh-one/status"), {
                method: "PUT",
                headers: JSON_HEADERS,
                body: '{"status":{"currentState":"x"}}',
            });
            assert.equal(status.status, 409);
            // Reads and deletes are not subject to the precondition.
            assert.equal((await call(networksUrl(ALPHA.name))).status, 200);
        });

        it("answers 409 when the org no longer exists", async () => {
            server.setOrgState(ORG.name, "absent");
            const res = await put(ALPHA.name, "blocked", { type: "application-mesh" });
            assert.equal(res.status, 409);
            assert.deepEqual(res.json(), { message: "Org Not found. Project create not permitted." });
            assert.equal(
                server.networks(ALPHA.name).some((n) => n.name === "blocked"),
                false,
            );
        });
    });

    it("serialises concurrent creates of one name: exactly one creates", async () => {
        const results = await Promise.all(Array.from({ length: 5 }, () => put(ALPHA.name, "race", { type: "application-mesh" }, "?update_if_exists=false")));
        const statuses = results.map((r) => r.status).sort();
        assert.deepEqual(statuses, [200, 403, 403, 403, 403]);
    });
});
