/**
 * HTTP requests per operation of the networks provider: the local
 * orchestrator server runs in this process on 127.0.0.1 (random port), the
 * provider runs in the package's provider plugin (a child process,
 * driven over gRPC), and the server's request log is read after each
 * operation.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { ProviderPluginHost } from "../tools/provider-host/pluginHost";
import { createOrchestratorServer } from "../tools/local-orchestrator";
import type { RequestRecord } from "../tools/local-orchestrator";
import { REALM_PATH, TOKEN_PATH } from "../tools/local-orchestrator/keycloak";

/** Requests the server logged during one provider operation. */
export interface OperationCount {
    operation: string;
    /** Networks API requests (`/v1/...`). */
    api: number;
    /** Token requests (`POST …/protocol/openid-connect/token`). */
    token: number;
    /** Any other Keycloak request (discovery, JWKS) the server logged. */
    otherKeycloak: number;
    /** The requests, as `METHOD path status`. */
    requests: string[];
    /** Wall time of the gRPC call, in milliseconds. */
    ms: number;
}

/** Bounds a promise; the timer never keeps the process alive. */
export function within<T>(what: string, ms: number, p: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
        timer.unref();
    });
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function describe(r: RequestRecord): string {
    return `${r.method} ${r.path}${r.query ? `?${r.query}` : ""} ${r.status ?? "dropped"}`;
}

/** Runs check, create, read, diff, update (description), delete and counts the requests of each. */
export async function measureRequests(opTimeoutMs = 30_000): Promise<OperationCount[]> {
    const password = randomBytes(18).toString("base64url");
    const server = await within(
        "starting the local orchestrator",
        opTimeoutMs,
        createOrchestratorServer({ host: "127.0.0.1", port: 0, users: [{ username: "bench-admin", password }] }),
    );
    let host: ProviderPluginHost | undefined;
    const counts: OperationCount[] = [];
    let seen = 0;
    const op = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
        const t0 = performance.now();
        const result = await within(`provider ${operation}`, opTimeoutMs, run());
        const ms = performance.now() - t0;
        const fresh = server.requests.entries.filter((r) => r.seq > seen).sort((a, b) => a.seq - b.seq);
        seen = Math.max(seen, ...fresh.map((r) => r.seq));
        counts.push({
            operation,
            api: fresh.filter((r) => r.path === "/v1" || r.path.startsWith("/v1/")).length,
            token: fresh.filter((r) => r.path === TOKEN_PATH).length,
            otherKeycloak: fresh.filter((r) => r.path !== TOKEN_PATH && r.path.startsWith(REALM_PATH)).length,
            requests: fresh.map(describe),
            ms,
        });
        return result;
    };
    try {
        // The provider reads its credentials from the host's environment when each operation runs.
        host = await ProviderPluginHost.start("Network", {
            env: { ...process.env, EDGE_ORCH_USERNAME: "bench-admin", EDGE_ORCH_PASSWORD: password, EDGE_ORCH_TOKEN: "" },
            startTimeoutMs: opTimeoutMs,
        });
        const h = host;
        await within("provider configure", opTimeoutMs, h.configure({}));
        const project = server.projects[0].name;
        const inputs = { apiUrl: server.url, project, networkName: "bench-mesh", description: "benchmark network" };
        const checked = await op("check", () => h.check({}, inputs));
        if (checked.failures.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
        const created = await op("create", () => h.create(checked.inputs));
        await op("read (refresh)", () => h.read(created.id, created.properties));
        const news = { ...checked.inputs, description: "benchmark network, updated" };
        const diff = await op("diff", () => h.diff(created.id, created.properties, news));
        if (diff.changes !== "SOME" || diff.replaces.length) throw new Error(`unexpected diff for a description change: ${JSON.stringify(diff)}`);
        const updated = await op("update (description)", () => h.update(created.id, created.properties, news));
        const stored = server.networks(project).find((n) => n.name === "bench-mesh");
        if (stored?.spec?.description !== news.description) throw new Error(`the update did not reach the server: ${JSON.stringify(stored?.spec)}`);
        await op("delete", () => h.delete(created.id, updated.properties));
        if (server.networks(project).some((n) => n.name === "bench-mesh")) throw new Error("the delete did not remove the network");
        return counts;
    } catch (e) {
        const stderr = host?.stderr.trim();
        throw new Error(`${e instanceof Error ? e.message : String(e)}${stderr ? `\nprovider host stderr:\n${stderr}` : ""}`);
    } finally {
        await within("stopping the provider host", 10_000, host?.close() ?? Promise.resolve()).catch(() => undefined);
        await within("stopping the local orchestrator", 10_000, server.close()).catch(() => undefined);
    }
}
