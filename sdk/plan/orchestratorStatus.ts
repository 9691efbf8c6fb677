/**
 * What a plan can say about the network on the orchestrator: whether it
 * would be created, and that an existing one needs adoptExisting. It asks
 * only when the stack names an orchestrator and the environment gives
 * credentials, binds no port, and says "not checked" otherwise: a plan
 * reports what the orchestrator answered, never what a stand-in would.
 */
import { OrchestratorClient } from "../../provider/orchestrator/client";
import { errorText } from "../../provider/orchestrator/connection";
import type { StackConfig } from "../stack/config";

export async function orchestratorStatus(config: StackConfig, env: NodeJS.ProcessEnv): Promise<string | undefined> {
    const o = config.orchestrator;
    if (!o) return undefined;
    const creds = { token: env.EDGE_ORCH_TOKEN || undefined, username: env.EDGE_ORCH_USERNAME || undefined, password: env.EDGE_ORCH_PASSWORD || undefined };
    if (!creds.token && !(creds.username && creds.password))
        return "not checked: no EDGE_ORCH_TOKEN or EDGE_ORCH_USERNAME/EDGE_ORCH_PASSWORD set";
    const client = new OrchestratorClient({
        apiUrl: o.apiUrl,
        keycloakUrl: o.keycloakUrl,
        caCert: o.caCert,
        ...creds,
        retry: { maxAttempts: 1 },
        requestTimeoutMs: 5_000,
    });
    let existing: unknown;
    try {
        existing = await client.getNetwork(o.project, config.topology.network.name);
    } catch (e) {
        return `not checked: ${errorText(e)}`;
    }
    if (!existing) return `will be created on ${o.apiUrl}`;
    return config.network.adoptExisting
        ? `exists on ${o.apiUrl}; it will be adopted (adoptExisting)`
        : `ALREADY EXISTS on ${o.apiUrl}: set network.adoptExisting: true or choose another name`;
}
