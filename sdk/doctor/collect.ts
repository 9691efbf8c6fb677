/**
 * Reads what the checks need from each cluster and from the orchestrator.
 * Clusters are read concurrently, each within its own time budget: one
 * unreachable cluster costs at most the budget and never holds up the others.
 */
import { KubeClusterClient } from "../../provider/kube/client";
import { KubeConfigError, KubeRequestError } from "../../provider/kube/errors";
import { OrchestratorClient } from "../../provider/orchestrator/client";
import { NETWORK_STATUS_CONFIGMAP, ROUTER_SERVICE, SITE_CONTROLLER, TOKEN_SELECTOR } from "./checks/common";
import type { DoctorCluster, DoctorPlan } from "./targets";
import { ClusterSnapshot, Fetched, OrchestratorSnapshot, fetchFailed, fetched } from "./types";

export interface CollectOptions {
    /** Time budget per cluster (and for the orchestrator). */
    timeoutMs: number;
    progress?: (line: string) => void;
}

type Attempt<T> = { fetched: Fetched<T>; error?: KubeRequestError };

async function attempt<T>(p: Promise<T>): Promise<Attempt<T>> {
    try {
        return { fetched: fetched(await p) };
    } catch (e) {
        const error = e instanceof KubeRequestError ? e : undefined;
        return { fetched: fetchFailed(error?.message ?? String((e as Error)?.message ?? e)), error };
    }
}

export function seconds(ms: number): string {
    return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}

/** Everything one member's checks need, within `timeoutMs`. */
export async function collectCluster(cluster: DoctorCluster, siteNamespace: string, opts: CollectOptions): Promise<ClusterSnapshot> {
    const started = Date.now();
    const base = { cluster: cluster.name, role: cluster.role };
    const access = cluster.access;
    if (access.kind === "unavailable") return { ...base, access: { ok: false, status: access.status, message: access.message, fix: access.fix } };
    const controller = new AbortController();
    let client: KubeClusterClient;
    try {
        client = new KubeClusterClient({ kubeconfig: access.source, requestTimeoutMs: opts.timeoutMs, signal: controller.signal, budgetMs: opts.timeoutMs });
    } catch (e) {
        if (!(e instanceof KubeConfigError)) throw e;
        return { ...base, access: { ok: false, status: "FAIL", message: e.message, fix: `fix ${access.origin}, or pass --kubeconfig ${cluster.name}=FILE` } };
    }
    // The request deadline fires first for a silent server; the abort then ends whatever is left of the budget.
    const budget = setTimeout(() => controller.abort(), opts.timeoutMs + 50);
    try {
        const server = client.server;
        opts.progress?.(`${cluster.name}: asking ${server} (${cluster.role}, budget ${seconds(opts.timeoutMs)})`);
        const ns = siteNamespace;
        // The pod list doubles as the reachability probe: an unreachable cluster costs one request.
        const pods = await attempt(client.listPods(ns));
        const e = pods.error;
        if (e && (e.unreachable || (e.kind === "http" && e.status === 401))) {
            opts.progress?.(`${cluster.name}: ${e.message}`);
            return {
                ...base,
                server,
                access: {
                    ok: false,
                    status: "FAIL",
                    message: e.message,
                    fix:
                        e.status === 401
                            ? `the credentials of ${access.origin} were refused; renew them or pass --kubeconfig ${cluster.name}=FILE`
                            : `check that this machine reaches ${server} (VPN, firewall) and the kubeconfig's server address (${access.origin})`,
                },
                elapsedMs: Date.now() - started,
            };
        }
        const siteController = async () => {
            const own = await client.getDeployment(SITE_CONTROLLER, SITE_CONTROLLER);
            if (own) return { namespace: SITE_CONTROLLER, deployment: own };
            // The orchestrator's skupper extension may install it next to the site.
            const local = ns === SITE_CONTROLLER ? undefined : await client.getDeployment(ns, SITE_CONTROLLER);
            return local ? { namespace: ns, deployment: local } : { namespace: SITE_CONTROLLER };
        };
        const hub = cluster.role === "hub";
        const [controllerDeployment, services, routerService, linkTokens, networkStatus] = await Promise.all([
            attempt(siteController()),
            attempt(client.listServices(ns)),
            hub ? attempt(client.getService(ns, ROUTER_SERVICE)) : undefined,
            hub ? undefined : attempt(client.listSecrets(ns, TOKEN_SELECTOR)),
            hub ? undefined : attempt(client.getConfigMap(ns, NETWORK_STATUS_CONFIGMAP)),
        ]);
        const elapsedMs = Date.now() - started;
        opts.progress?.(`${cluster.name}: read in ${(elapsedMs / 1000).toFixed(1)}s`);
        return {
            ...base,
            server,
            access: { ok: true },
            pods: pods.fetched,
            siteController: controllerDeployment.fetched,
            services: services.fetched,
            ...(routerService ? { routerService: routerService.fetched } : {}),
            ...(linkTokens ? { linkTokens: linkTokens.fetched } : {}),
            ...(networkStatus ? { networkStatus: networkStatus.fetched } : {}),
            elapsedMs,
        };
    } finally {
        clearTimeout(budget);
    }
}

/** The orchestrator's network (and, in managed mode, deployments), within `timeoutMs`. */
export async function collectOrchestrator(plan: DoctorPlan, env: NodeJS.ProcessEnv, opts: CollectOptions): Promise<OrchestratorSnapshot | undefined> {
    const o = plan.orchestrator;
    if (!o) return undefined;
    const base = { apiUrl: o.apiUrl, project: o.project };
    const token = env.EDGE_ORCH_TOKEN || undefined;
    const username = env.EDGE_ORCH_USERNAME || o.username || undefined;
    const password = env.EDGE_ORCH_PASSWORD || undefined;
    if (!token && !(username && password)) {
        return { ...base, skipped: "no credentials: set EDGE_ORCH_TOKEN, or EDGE_ORCH_USERNAME and EDGE_ORCH_PASSWORD, to check the orchestrator" };
    }
    opts.progress?.(`orchestrator: asking ${o.apiUrl} (project ${o.project})`);
    let client: OrchestratorClient;
    try {
        client = new OrchestratorClient({
            apiUrl: o.apiUrl,
            keycloakUrl: o.keycloakUrl,
            caCert: o.caCert,
            ...(token ? { token } : { username, password }),
            retry: { maxAttempts: 1 },
            // A password login is two exchanges (token, then the call): each gets half the budget.
            requestTimeoutMs: token ? opts.timeoutMs : Math.max(100, Math.floor(opts.timeoutMs / 2)),
        });
    } catch (e) {
        const error = String((e as Error).message);
        return { ...base, network: fetchFailed(error), ...(plan.expectedDeployments.length ? { deployments: fetchFailed(error) } : {}) };
    }
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer from ${o.apiUrl} within ${seconds(opts.timeoutMs)}`)), opts.timeoutMs);
    });
    deadline.catch(() => undefined);
    const bounded = async <T>(p: Promise<T>): Promise<Fetched<T>> => {
        try {
            return fetched(await Promise.race([p, deadline]));
        } catch (e) {
            return fetchFailed(String((e as Error)?.message ?? e));
        }
    };
    try {
        const name = plan.topology.networkName ?? "";
        const [network, deployments] = await Promise.all([
            bounded(client.getNetwork(o.project, name)),
            plan.expectedDeployments.length ? bounded(client.listDeployments(o.project)) : undefined,
        ]);
        return { ...base, network, ...(deployments ? { deployments } : {}) };
    } finally {
        clearTimeout(timer);
    }
}
