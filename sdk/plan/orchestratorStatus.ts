/**
 * What a plan can say about the network on the orchestrator: whether it
 * would be created, and that an existing one needs adoptExisting. A loopback
 * orchestrator that is not running is replaced by the embedded local server,
 * so a fresh machine plans the orchestrator-registered path too.
 */
import { randomBytes } from "node:crypto";
import { OrchestratorClient } from "../../provider/orchestrator/client";
import { errorText } from "../../provider/orchestrator/connection";
import { isLoopbackHost } from "../../provider/orchestrator/urls";
import { createOrchestratorServer } from "../../provider/server";
import type { StackConfig } from "../stack/config";

export async function orchestratorStatus(config: StackConfig, env: NodeJS.ProcessEnv, onProgress?: (line: string) => void): Promise<string | undefined> {
    const o = config.orchestrator;
    if (!o) return undefined;
    const name = config.topology.network.name;
    const url = new URL(o.apiUrl);
    const hasCredentials = Boolean(env.EDGE_ORCH_TOKEN || (env.EDGE_ORCH_USERNAME && env.EDGE_ORCH_PASSWORD));
    const probe = async (apiUrl: string, creds: { token?: string; username?: string; password?: string }) => {
        const client = new OrchestratorClient({
            apiUrl,
            keycloakUrl: o.keycloakUrl,
            caCert: o.caCert,
            ...creds,
            retry: { maxAttempts: 1 },
            requestTimeoutMs: 5_000,
        });
        return client.getNetwork(o.project, name);
    };
    const describe = (existing: unknown, where: string) =>
        existing
            ? config.network.adoptExisting
                ? `exists on ${where}; it will be adopted (adoptExisting)`
                : `ALREADY EXISTS on ${where}: set network.adoptExisting: true or choose another name`
            : `will be created on ${where}`;
    const envCreds = { token: env.EDGE_ORCH_TOKEN || undefined, username: env.EDGE_ORCH_USERNAME || undefined, password: env.EDGE_ORCH_PASSWORD || undefined };
    if (isLoopbackHost(url.hostname)) {
        try {
            if (hasCredentials) return describe(await probe(o.apiUrl, envCreds), o.apiUrl);
        } catch (e) {
            if (!/refused/.test(errorText(e))) return `not checked: ${errorText(e)}`;
        }
        if (hasCredentials) onProgress?.(`no orchestrator answers on ${url.origin}; starting the embedded local orchestrator there`);
        else onProgress?.(`starting the embedded local orchestrator on ${url.origin} (no EDGE_ORCH_* credentials set)`);
        const password = randomBytes(18).toString("base64url");
        const server = await createOrchestratorServer({
            port: Number(url.port || 80),
            host: url.hostname === "localhost" ? "127.0.0.1" : url.hostname,
            projects: [{ name: o.project }],
            users: [{ username: "plan", password }],
        });
        try {
            return describe(await probe(o.apiUrl, { username: "plan", password }), `${o.apiUrl} (embedded local orchestrator)`);
        } catch (e) {
            return `not checked: ${errorText(e)}`;
        } finally {
            await server.close();
        }
    }
    if (!hasCredentials) return "not checked: set EDGE_ORCH_TOKEN or EDGE_ORCH_USERNAME/EDGE_ORCH_PASSWORD to let plan look";
    try {
        return describe(await probe(o.apiUrl, envCreds), o.apiUrl);
    } catch (e) {
        return `not checked: ${errorText(e)}`;
    }
}
