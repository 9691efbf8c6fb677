/**
 * What `plan` says about the network on the orchestrator: it asks only with
 * credentials, reports the orchestrator's own answer, and never starts a
 * stand-in or binds a port (issue 14, "no fabricated facts").
 */
import * as assert from "node:assert/strict";
import * as net from "node:net";
import { OrchestratorClient } from "../../provider/orchestrator/client";
import { createOrchestratorServer } from "../../tools/local-orchestrator";
import type { OrchestratorServer } from "../../tools/local-orchestrator/types";
import { orchestratorStatus } from "../../sdk/plan/orchestratorStatus";
import type { StackConfig } from "../../sdk/stack/config";

const USER = { username: "planner", password: "plan-password-not-a-secret" };

function config(apiUrl: string, adoptExisting = false): StackConfig {
    return {
        orchestrator: { apiUrl, project: "sample-project" },
        network: { adoptExisting },
        topology: { network: { name: "retail-mesh" } },
    } as unknown as StackConfig;
}

/** A loopback port nobody listens on (bound, then released). */
async function closedPort(): Promise<number> {
    const s = net.createServer();
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    const port = (s.address() as net.AddressInfo).port;
    await new Promise((r) => s.close(r));
    return port;
}

describe("plan: the orchestrator's answer about the network", function () {
    this.timeout(30_000);
    let server: OrchestratorServer;
    const creds = { EDGE_ORCH_USERNAME: USER.username, EDGE_ORCH_PASSWORD: USER.password };

    before(async () => {
        server = await createOrchestratorServer({ projects: [{ name: "sample-project" }], users: [USER] });
    });
    after(async () => server.close());

    it("without credentials: not checked, and no request reaches the orchestrator", async () => {
        const before = server.requests.total;
        assert.equal(
            await orchestratorStatus(config(server.url), {}),
            "not checked: no EDGE_ORCH_TOKEN or EDGE_ORCH_USERNAME/EDGE_ORCH_PASSWORD set",
        );
        assert.equal(server.requests.total, before);
    });

    it("with credentials: what the orchestrator answers, for a missing, an existing and an adopted network", async () => {
        assert.equal(await orchestratorStatus(config(server.url), creds), `will be created on ${server.url}`);
        const client = new OrchestratorClient({ apiUrl: server.url, ...USER });
        await client.putNetwork("sample-project", "retail-mesh", { description: "", type: "application-mesh" });
        assert.equal(
            await orchestratorStatus(config(server.url), creds),
            `ALREADY EXISTS on ${server.url}: set network.adoptExisting: true or choose another name`,
        );
        assert.equal(await orchestratorStatus(config(server.url, true), creds), `exists on ${server.url}; it will be adopted (adoptExisting)`);
    });

    it("when nothing answers: not checked, naming why, and the port stays free (no stand-in is started)", async () => {
        const port = await closedPort();
        const url = `http://127.0.0.1:${port}`;
        const status = await orchestratorStatus(config(url), creds);
        assert.match(status!, /^not checked: .*(refused|ECONNREFUSED)/i);
        // Nobody holds the port: binding it succeeds.
        const probe = net.createServer();
        await new Promise<void>((resolve, reject) => probe.once("error", reject).listen(port, "127.0.0.1", resolve));
        await new Promise((r) => probe.close(r));
    });
});
