/**
 * The networks provider through the package's provider plugin, over
 * gRPC, against the local orchestrator: what `pulumi up`, `refresh` and
 * `destroy` would do.
 */
import * as assert from "node:assert/strict";
import { ProviderPluginHost, HostCallError } from "../../tools/provider-host/pluginHost";
import { UNKNOWN } from "../../provider/network/inputs";
import { OrchestratorServer, createOrchestratorServer } from "../../tools/local-orchestrator";

const PASSWORD = "host-spec-password-71c";
const PROJECT = "sample-project";

describe("networks provider through the provider plugin", function () {
    let server: OrchestratorServer;
    let host: ProviderPluginHost;
    let inputs: Record<string, unknown>;

    before(async () => {
        server = await createOrchestratorServer({ users: [{ username: "edge-admin", password: PASSWORD }] });
        // Credentials reach the provider only through its environment, as with EDGE_ORCH_* in a real run.
        host = await ProviderPluginHost.start("Network", {
            env: { PATH: process.env.PATH, EDGE_ORCH_USERNAME: "edge-admin", EDGE_ORCH_PASSWORD: PASSWORD },
        });
        await host.configure({});
        inputs = { apiUrl: server.url, project: PROJECT, networkName: "host-mesh", description: "Network for Interconnect" };
    });
    after(async () => {
        await host?.close();
        await server?.close();
    });

    it("Check accepts valid inputs and returns them normalised", async () => {
        assert.deepEqual(await host.check({}, inputs), { inputs, failures: [] });
    });

    it("Check reports each invalid field by name", async () => {
        const { failures } = await host.check({}, { ...inputs, networkName: "Host_Mesh", apiUrl: "http://orch.example.com", project: "" });
        assert.deepEqual(failures, [
            { property: "apiUrl", reason: `must use https; plain http is allowed only to a loopback address (got "http://orch.example.com")` },
            { property: "project", reason: "must not be empty" },
            {
                property: "networkName",
                reason: `"Host_Mesh" is not allowed; use lowercase letters, digits and '-', starting and ending with a letter or digit, at most 40 characters`,
            },
        ]);
    });

    it("Check passes preview's unknown values through", async () => {
        const news = { ...inputs, networkName: UNKNOWN, description: UNKNOWN };
        assert.deepEqual(await host.check({}, news), { inputs: news, failures: [] });
    });

    it("Diff distinguishes nothing, in-place updates, replacements and unknowns", async () => {
        const olds = { ...inputs, type: "application-mesh", adopted: false };
        assert.deepEqual(await host.diff("id", olds, inputs), { changes: "NONE", replaces: [], deleteBeforeReplace: false });
        assert.deepEqual(await host.diff("id", olds, { ...inputs, description: "new" }), { changes: "SOME", replaces: [], deleteBeforeReplace: false });
        assert.deepEqual(await host.diff("id", olds, { ...inputs, project: "other" }), { changes: "SOME", replaces: ["project"], deleteBeforeReplace: false });
        assert.deepEqual(await host.diff("id", olds, { ...inputs, apiUrl: "https://api.b.example.com", networkName: "b" }), {
            changes: "SOME",
            replaces: ["apiUrl", "networkName"],
            deleteBeforeReplace: false,
        });
        assert.deepEqual(await host.diff("id", olds, { ...inputs, networkName: UNKNOWN }), {
            changes: "SOME",
            replaces: ["networkName"],
            deleteBeforeReplace: false,
        });
    });

    it("Diff always updates the record of a create whose outcome was unknown (issue 13.1)", async () => {
        const olds = { ...inputs, type: "application-mesh", adopted: false, createUnconfirmed: true };
        assert.deepEqual(await host.diff("id", olds, inputs), { changes: "SOME", replaces: [], deleteBeforeReplace: false });
    });

    it("Create, Read, Update and Delete a network, one HTTP call each besides the token", async () => {
        const before = server.requests.total;
        const created = await host.create(inputs);
        assert.deepEqual(created, { id: "sample-project/host-mesh", properties: { ...inputs, type: "application-mesh", adopted: false } });
        assert.deepEqual(
            server.networks(PROJECT).map((n) => [n.name, n.spec]),
            [["host-mesh", { description: "Network for Interconnect", type: "application-mesh" }]],
        );

        const read = await host.read(created.id, created.properties);
        assert.deepEqual(read, created);

        const updated = await host.update(created.id, created.properties, { ...inputs, description: "Stores mesh" });
        assert.deepEqual(updated.properties, { ...inputs, description: "Stores mesh", type: "application-mesh", adopted: false });
        assert.deepEqual(server.networks(PROJECT)[0].spec, { description: "Stores mesh", type: "application-mesh" });

        await host.delete(created.id, updated.properties);
        assert.deepEqual(server.networks(PROJECT), []);

        const calls = server.requests.entries
            .filter((r) => r.seq > before)
            .map((r) => `${r.method} ${r.path.startsWith("/realms") ? "token" : r.path + (r.query ? "?" + r.query : "")} ${r.status}`);
        assert.deepEqual(calls, [
            "POST token 200",
            "PUT /v1/projects/sample-project/networks/host-mesh?update_if_exists=false 200",
            "POST token 200",
            "GET /v1/projects/sample-project/networks/host-mesh 200",
            "POST token 200",
            "PUT /v1/projects/sample-project/networks/host-mesh 200",
            "POST token 200",
            "DELETE /v1/projects/sample-project/networks/host-mesh 200",
        ]);
    });

    it("Update with only connection settings changed makes no HTTP call", async () => {
        const created = await host.create({ ...inputs, networkName: "quiet-mesh" });
        const before = server.requests.total;
        const updated = await host.update(created.id, created.properties, { ...inputs, networkName: "quiet-mesh", requestTimeoutSeconds: 10 });
        assert.equal(updated.properties.requestTimeoutSeconds, 10);
        assert.equal(server.requests.total, before);
        await host.delete(created.id, updated.properties);
    });

    it("Read reports drift of the description, and an empty id once the network is gone", async () => {
        const created = await host.create({ ...inputs, networkName: "drift-mesh" });
        const token = await server.issueToken({ username: "edge-admin" });
        const res = await fetch(`${server.url}/v1/projects/${PROJECT}/networks/drift-mesh`, {
            method: "PUT",
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
            body: JSON.stringify({ description: "edited by hand", type: "application-mesh" }),
        });
        assert.equal(res.status, 200);
        assert.equal((await host.read(created.id, created.properties)).properties.description, "edited by hand");

        await fetch(`${server.url}/v1/projects/${PROJECT}/networks/drift-mesh`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });
        assert.deepEqual(await host.read(created.id, created.properties), { id: "", properties: {} });
        // Deleting what is already gone succeeds: a 404 counts as deleted.
        await host.delete(created.id, created.properties);
    });

    it("Create of an existing network fails and says how to adopt it; adoptExisting adopts", async () => {
        const token = await server.issueToken({ username: "edge-admin" });
        await fetch(`${server.url}/v1/projects/${PROJECT}/networks/taken-mesh`, {
            method: "PUT",
            headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
            body: JSON.stringify({ description: "someone else's", type: "application-mesh" }),
        });
        const err = await host.create({ ...inputs, networkName: "taken-mesh" }).then(
            () => assert.fail("create must fail"),
            (e: HostCallError) => e,
        );
        assert.equal(
            err.details,
            `network "taken-mesh" already exists in project "sample-project" at ${server.url}. To manage the existing network with this stack, set adoptExisting: true on the InterconnectNetwork (it is then updated to this description and deleted with the stack), or choose another networkName.`,
        );
        assert.equal(err.initFailedId, undefined, "nothing is recorded as created");
        assert.deepEqual(server.networks(PROJECT).find((n) => n.name === "taken-mesh")?.spec, { description: "someone else's", type: "application-mesh" });

        const adopted = await host.create({ ...inputs, networkName: "taken-mesh", adoptExisting: true });
        assert.equal(adopted.properties.adopted, true);
        assert.deepEqual(server.networks(PROJECT).find((n) => n.name === "taken-mesh")?.spec, {
            description: "Network for Interconnect",
            type: "application-mesh",
        });
        await host.delete(adopted.id, adopted.properties);
    });

    it("Create never creates twice when the first answer is lost after the server committed", async () => {
        server.faults.set({ failAfterCommit: { times: 1 } });
        try {
            const created = await host.create({ ...inputs, networkName: "lost-answer" });
            assert.equal(created.properties.adopted, false, "the network the first attempt created is recognised as ours");
            assert.equal(server.networks(PROJECT).filter((n) => n.name === "lost-answer").length, 1);
            await host.delete(created.id, created.properties);
        } finally {
            server.faults.clear();
        }
    });

    it("reports operation failures as one line, with no JavaScript stack", async () => {
        const offline = { ...inputs, apiUrl: "http://127.0.0.1:1", operationTimeoutSeconds: 1 };
        const err = await host.delete("x/y", offline).then(
            () => assert.fail("delete must fail"),
            (e: HostCallError) => e,
        );
        assert.match(
            err.details,
            /^deleting network "host-mesh" failed: POST \/realms\/master\/protocol\/openid-connect\/token gave up after \d attempt\(s\) in \ds; last error: POST \/realms\/master\/protocol\/openid-connect\/token failed: connection to http:\/\/127\.0\.0\.1:1 refused$/,
        );
        assert.equal(/\n\s+at /.test(host.stderr), false, `stack trace in host output:\n${host.stderr}`);
        assert.equal(host.stderr.includes(PASSWORD), false);
    });
});
