/**
 * A fake Kubernetes API server on 127.0.0.1 (ephemeral port) answering the
 * read paths `edge-interconnect doctor` uses, with the API server's shapes:
 * `<Kind>List` bodies (items without kind/apiVersion, as the API server
 * writes them), single objects with kind/apiVersion, and `Status` objects for
 * 404/401/403. One server stands for one cluster.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";

export type KubeObj = { metadata: { name: string; namespace?: string; labels?: Record<string, string>; [field: string]: unknown } } & Record<string, unknown>;

export interface FakeClusterState {
    pods?: KubeObj[];
    services?: KubeObj[];
    configMaps?: KubeObj[];
    secrets?: KubeObj[];
    deployments?: KubeObj[];
    /** Skupper v2 resources (skupper.io/v2alpha1); the API server knows these kinds only when `skupperCrds` is true. */
    sites?: KubeObj[];
    links?: KubeObj[];
    connectors?: KubeObj[];
    listeners?: KubeObj[];
    /** Whether the skupper.io CRDs are installed: without them the API server answers 404 for their paths. */
    skupperCrds?: boolean;
    /** Paths (without query) answered 403 Forbidden. */
    forbidden?: string[];
    /** `gitVersion` `/version` answers (default v1.31.4); null: 404 there, as a server that is not Kubernetes. */
    version?: string | null;
}

export interface FakeCluster {
    url: string;
    port: number;
    state: FakeClusterState;
    /** Requests seen: method, path, query, and whether the bearer token came with them. */
    requests: { method: string; path: string; query: string; authorized: boolean }[];
    kubeconfig(context?: string): string;
    writeKubeconfig(dir: string, name: string): string;
    close(): Promise<void>;
}

export const TOKEN = "doctor-test-token-31c9";

let resourceVersion = 48210;

function status(code: number, reason: string, message: string, details?: object): object {
    return { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason, ...(details ? { details } : {}), code };
}

/** `k=v` and `k!=v` terms joined by commas, as the API server's equality-based selectors. */
function matches(labels: Record<string, string> | undefined, selector: string | null): boolean {
    if (!selector) return true;
    return selector.split(",").every((term) => {
        const neq = term.split("!=");
        if (neq.length === 2) return (labels ?? {})[neq[0].trim()] !== neq[1].trim();
        const [k, v] = term.split("=").map((s) => s.trim());
        return v === undefined ? k in (labels ?? {}) : (labels ?? {})[k] === v;
    });
}

const KINDS: Record<string, { kind: string; apiVersion: string; field: keyof FakeClusterState }> = {
    pods: { kind: "Pod", apiVersion: "v1", field: "pods" },
    services: { kind: "Service", apiVersion: "v1", field: "services" },
    configmaps: { kind: "ConfigMap", apiVersion: "v1", field: "configMaps" },
    secrets: { kind: "Secret", apiVersion: "v1", field: "secrets" },
    deployments: { kind: "Deployment", apiVersion: "apps/v1", field: "deployments" },
    sites: { kind: "Site", apiVersion: "skupper.io/v2alpha1", field: "sites" },
    links: { kind: "Link", apiVersion: "skupper.io/v2alpha1", field: "links" },
    connectors: { kind: "Connector", apiVersion: "skupper.io/v2alpha1", field: "connectors" },
    listeners: { kind: "Listener", apiVersion: "skupper.io/v2alpha1", field: "listeners" },
};

/** The URL prefix of an API group version: the core group under /api, the others under /apis. */
const prefixOf = (apiVersion: string) => (apiVersion === "v1" ? "/api/v1" : `/apis/${apiVersion}`);

export function kubeconfigFor(url: string, name = "fake", context = `${name}-admin@${name}`): string {
    return [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        `- name: ${name}`,
        "  cluster:",
        `    server: ${url}`,
        "    insecure-skip-tls-verify: true",
        "users:",
        `- name: ${name}-admin`,
        "  user:",
        `    token: ${TOKEN}`,
        "contexts:",
        `- name: ${context}`,
        "  context:",
        `    cluster: ${name}`,
        `    user: ${name}-admin`,
        "    namespace: interconnect",
        `current-context: ${context}`,
        "",
    ].join("\n");
}

/** `hang: true` accepts connections and never answers. */
export async function startFakeCluster(state: FakeClusterState, opts: { hang?: boolean } = {}): Promise<FakeCluster> {
    const requests: FakeCluster["requests"] = [];
    const server = http.createServer((req, res) => {
        const url = new URL(req.url ?? "/", "http://localhost");
        const authorized = req.headers.authorization === `Bearer ${TOKEN}`;
        requests.push({ method: req.method ?? "", path: url.pathname, query: url.search, authorized });
        if (opts.hang) return;
        const send = (code: number, body: object) => {
            res.writeHead(code, { "content-type": "application/json", "audit-id": `a-${requests.length}` });
            res.end(JSON.stringify(body));
        };
        if (!authorized) return send(401, status(401, "Unauthorized", "Unauthorized"));
        if (req.method !== "GET") return send(405, status(405, "MethodNotAllowed", `${req.method} is not supported`));
        if (url.pathname === "/version" && state.version !== null && !(state.forbidden ?? []).includes("/version")) {
            // The shape of k8s.io/apimachinery/pkg/version.Info, as GET /version answers it.
            const gitVersion = state.version ?? "v1.31.4";
            return send(200, {
                major: gitVersion.replace(/^v(\d+).*/, "$1"),
                minor: gitVersion.replace(/^v\d+\.(\d+).*/, "$1"),
                gitVersion,
                gitCommit: "a78aa47129b8539636eb86a9d00e31b2720fe06b",
                gitTreeState: "clean",
                buildDate: "2024-12-10T18:30:43Z",
                goVersion: "go1.22.9",
                compiler: "gc",
                platform: "linux/amd64",
            });
        }
        if ((state.forbidden ?? []).includes(url.pathname)) {
            const m = /^\/apis?\/(?:[^/]+\/)?v[^/]+\/namespaces\/([^/]+)\/([^/]+)/.exec(url.pathname);
            return send(
                403,
                status(
                    403,
                    "Forbidden",
                    `${m?.[2] ?? "resource"} is forbidden: User "system:serviceaccount:ops:doctor" cannot list resource "${m?.[2]}" in API group "" in the namespace "${m?.[1]}"`,
                ),
            );
        }
        const m = /^(\/api\/v1|\/apis\/apps\/v1|\/apis\/skupper\.io\/v2alpha1)\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?$/.exec(url.pathname);
        const kind = m && KINDS[m[3]];
        const known = kind && prefixOf(kind.apiVersion) === m[1] && (kind.apiVersion !== "skupper.io/v2alpha1" || state.skupperCrds === true);
        if (!m || !kind || !known) {
            return send(404, status(404, "NotFound", "the server could not find the requested resource", {}));
        }
        const [, , namespace, plural, name] = m;
        const objects = ((state[kind.field] as KubeObj[] | undefined) ?? []).filter((o) => (o.metadata.namespace ?? "default") === namespace);
        if (name) {
            const found = objects.find((o) => o.metadata.name === name);
            if (!found) return send(404, status(404, "NotFound", `${plural} "${name}" not found`, { name, kind: plural }));
            return send(200, { kind: kind.kind, apiVersion: kind.apiVersion, ...found });
        }
        const items = objects.filter((o) => matches(o.metadata.labels, url.searchParams.get("labelSelector")));
        return send(200, { kind: `${kind.kind}List`, apiVersion: kind.apiVersion, metadata: { resourceVersion: String(resourceVersion++) }, items });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const url = `http://127.0.0.1:${port}`;
    return {
        url,
        port,
        state,
        requests,
        kubeconfig: (context?: string) => kubeconfigFor(url, "fake", context),
        writeKubeconfig(dir: string, name: string) {
            const file = path.join(dir, `${name}.kubeconfig`);
            fs.writeFileSync(file, kubeconfigFor(url, name), { mode: 0o600 });
            return file;
        },
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}

/** A port on 127.0.0.1 that nothing listens on. */
export async function closedPort(): Promise<number> {
    const s = http.createServer();
    await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
    const port = (s.address() as AddressInfo).port;
    await new Promise<void>((resolve) => s.close(() => resolve()));
    return port;
}
