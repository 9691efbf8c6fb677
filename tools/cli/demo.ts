/**
 * `edge-interconnect demo`: the package's main job on a machine with no
 * cluster and no Pulumi CLI. It starts the local orchestrator, then drives the
 * networks provider through the package's provider plugin over gRPC, as
 * `pulumi up`, `pulumi refresh` and `pulumi destroy` would.
 */
import { randomBytes } from "node:crypto";
import { ProviderPluginHost } from "../provider-host/pluginHost";
import { createOrchestratorServer } from "../local-orchestrator";

export async function runDemo(_argv: string[]): Promise<number> {
    const out = (line: string) => process.stdout.write(`${line}\n`);
    const password = randomBytes(18).toString("base64url");
    const server = await createOrchestratorServer({ users: [{ username: "edge-admin", password }] });
    out(`1. local orchestrator on ${server.url} (project "${server.projects[0].name}")`);
    // The provider reads credentials from its environment when each operation runs.
    const host = await ProviderPluginHost.start("Network", {
        env: { ...process.env, EDGE_ORCH_USERNAME: "edge-admin", EDGE_ORCH_PASSWORD: password, EDGE_ORCH_TOKEN: "" },
    });
    try {
        await host.configure({});
        const inputs = { apiUrl: server.url, project: server.projects[0].name, networkName: "demo-mesh", description: "Network for Interconnect" };

        const checked = await host.check({}, inputs);
        if (checked.failures.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
        out(`2. check     ok: ${JSON.stringify(checked.inputs)}`);

        const created = await host.create(checked.inputs);
        out(`3. create    id=${created.id} type=${created.properties.type} (PUT …/networks/demo-mesh?update_if_exists=false)`);

        const listed = server.networks(inputs.project).map((n) => `${n.name}: ${JSON.stringify(n.spec)}`);
        out(`4. server    now holds ${listed.length} network(s): ${listed.join("; ")}`);

        const read = await host.read(created.id, created.properties);
        out(`5. read      id=${read.id} description="${read.properties.description}"`);

        const news = { ...checked.inputs, description: "Interconnect for the demo stores" };
        const diff = await host.diff(created.id, created.properties, news);
        const updated = await host.update(created.id, created.properties, news);
        out(`6. update    diff=${diff.changes} replaces=[${diff.replaces.join(",")}] → description="${updated.properties.description}"`);

        await host.delete(created.id, updated.properties);
        const gone = await host.read(created.id, updated.properties);
        out(`7. delete    ok; a refresh now reports ${gone.id === "" ? "the network gone" : `id ${gone.id} (unexpected)`}`);

        const counts = server.requests.entries.reduce<Record<string, number>>((acc, r) => {
            const key = `${r.method} ${r.path.startsWith("/realms") ? "token" : "networks"} ${r.status}`;
            acc[key] = (acc[key] ?? 0) + 1;
            return acc;
        }, {});
        out(
            `8. requests  ${Object.entries(counts)
                .map(([k, n]) => `${k} ×${n}`)
                .join(", ")}`,
        );
        return gone.id === "" ? 0 : 1;
    } finally {
        await host.close();
        await server.close();
    }
}
