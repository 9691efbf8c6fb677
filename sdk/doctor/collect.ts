/**
 * Reads what the checks need from each cluster and from the orchestrator.
 * Clusters are read concurrently, each within its own time budget: one
 * unreachable cluster costs at most the budget and never holds up the others.
 */
import type { ClusterClient, ClusterClientConstructor } from "./clusterClient";
import { KubeRequestFailure, deadlineFailure, isKubeConfigFailure, isKubeRequestFailure } from "./clusterFailures";
import { OrchestratorClient } from "../../provider/orchestrator/client";
import { CONTROLLER_V2, NETWORK_STATUS_CONFIGMAP, ROUTER_SERVICE, SITE_CONTROLLER, TOKEN_SELECTOR } from "./checks/common";
import type { SecretInfo } from "./clusterObjects";
import type { DoctorCluster, DoctorPlan } from "./targets";
import { clip } from "../topology/names";
import {
    cleanStrings,
    configMapProblem,
    deploymentsProblem,
    networkObjectProblem,
    optional,
    podsProblem,
    secretsProblem,
    serviceProblem,
    servicesProblem,
    secretProblem,
    siteControllerProblem,
    skupperResourcesProblem,
    versionProblem,
} from "./shape";
import { ClusterSnapshot, Fetched, OrchestratorSnapshot, fetchFailed, fetched } from "./types";

export interface CollectOptions {
    /** Time budget per cluster (and for the orchestrator). */
    timeoutMs: number;
    progress?: (line: string) => void;
    /**
     * Makes each cluster's client: @edge-interconnect/kube-client's
     * `KubeClusterClient`, which the CLI loads when doctor runs, so the
     * library never loads it (see `clusterClient.ts`).
     */
    clusterClient: ClusterClientConstructor;
}

/** The Secrets the Links name, by name; undefined for one that does not exist. */
function linkSecretsProblem(v: unknown): string | undefined {
    if (typeof v !== "object" || v === null) return "the Secrets lookup has the wrong shape";
    for (const [name, s] of Object.entries(v)) {
        const p = optional(secretProblem)(s);
        if (p) return `Secret ${name}: ${p}`;
    }
    return undefined;
}

type Attempt<T> = { fetched: Fetched<T>; error?: KubeRequestFailure };

/** A JSON parser's complaint, as the Kubernetes client passes it on for an answer that is not JSON. */
const NOT_JSON = /JSON|Unexpected token|Unexpected end of|mediaType/i;
/** What JavaScript says when the Kubernetes client maps an answer of the wrong shape. */
const WRONG_SHAPE = /Cannot read propert|is not a function|is not iterable|Cannot convert|of undefined|of null/;

/** One line for a failed read: the server's own words, cut and terminal-safe, or what kind of answer it was. */
function failureText(e: unknown, what: string, check = "the kubeconfig's server URL"): string {
    if (isKubeRequestFailure(e)) {
        if (e.kind === "transport" && !e.code && NOT_JSON.test(e.message))
            return `the answer for ${what} is not JSON (an HTML page? check ${check} and any proxy in between)`;
        if (e.kind === "transport" && !e.code && WRONG_SHAPE.test(e.message))
            return `unexpected answer for ${what}: not a Kubernetes object of the expected shape (an HTML page or a proxy's answer? check ${check})`;
        return clip(cleanStrings(e.message), 300);
    }
    if (e instanceof SyntaxError) return `the answer for ${what} is not JSON (an HTML page? check ${check} and any proxy in between)`;
    if (e instanceof TypeError) return `the answer for ${what} does not have the shape of a Kubernetes object`;
    return clip(cleanStrings(String((e as Error)?.message ?? e)), 300);
}

/**
 * Reads one value within the cluster's deadline, checks its shape, and keeps
 * a terminal-safe copy. `deadline` rejects when the budget is used up, which
 * also bounds what runs before a request is sent (exec credential plugins).
 */
async function attempt<T>(p: Promise<T>, what: string, problem: (v: unknown) => string | undefined, deadline: Promise<never>): Promise<Attempt<T>> {
    try {
        const value = await Promise.race([p, deadline]);
        const wrong = problem(value);
        if (wrong) return { fetched: fetchFailed(`unexpected answer for ${what}: ${wrong}`) };
        return { fetched: fetched(cleanStrings(value)) };
    } catch (e) {
        const error = isKubeRequestFailure(e) ? e : undefined;
        return { fetched: fetchFailed(failureText(e, what)), error };
    }
}

export function seconds(ms: number): string {
    return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}

/** Everything one member's checks need, within `timeoutMs`. */
export async function collectCluster(
    cluster: DoctorCluster,
    siteNamespace: string,
    opts: CollectOptions,
    skupperVersion: "v1" | "v2" = "v1",
): Promise<ClusterSnapshot> {
    const started = Date.now();
    const base = { cluster: cluster.name, role: cluster.role };
    const access = cluster.access;
    if (access.kind === "unavailable") return { ...base, access: { ok: false, status: access.status, message: access.message, fix: access.fix } };
    const controller = new AbortController();
    let client: ClusterClient;
    try {
        client = new opts.clusterClient({ kubeconfig: access.source, requestTimeoutMs: opts.timeoutMs, signal: controller.signal, budgetMs: opts.timeoutMs });
    } catch (e) {
        if (!isKubeConfigFailure(e)) throw e;
        return { ...base, access: { ok: false, status: "FAIL", message: e.message, fix: `fix ${access.origin}, or pass --kubeconfig ${cluster.name}=FILE` } };
    }
    // The request deadline fires first for a silent server; the abort then ends whatever is left of the budget.
    const budget = setTimeout(() => controller.abort(), opts.timeoutMs + 50);
    // Anything still pending a little later (an exec credential plugin that never returns runs before
    // any request exists, so no request deadline covers it) fails here.
    let deadlineTimer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
        deadlineTimer = setTimeout(
            () =>
                reject(deadlineFailure(`no answer within ${seconds(opts.timeoutMs)} (the server, or the kubeconfig's exec credential plugin, did not finish)`)),
            opts.timeoutMs + 100,
        );
    });
    deadline.catch(() => undefined);
    try {
        const server = client.server;
        opts.progress?.(`${cluster.name}: asking ${server} (${cluster.role}, budget ${seconds(opts.timeoutMs)})`);
        const ns = siteNamespace;
        const refused = (e: KubeRequestFailure, message: string) => {
            opts.progress?.(`${cluster.name}: ${message}`);
            const fix =
                e.kind === "http" && e.status === 401
                    ? `the credentials of ${access.origin} were refused; renew them or pass --kubeconfig ${cluster.name}=FILE`
                    : `check that this machine reaches ${server} (VPN, firewall) and the kubeconfig's server address (${access.origin})`;
            return { ...base, server, access: { ok: false as const, status: "FAIL" as const, message, fix }, elapsedMs: Date.now() - started };
        };
        // /version first: it tells a server that is not Kubernetes (404, or an answer that is no
        // version object) from credentials refused (401) and from RBAC (403), and doubles as the
        // reachability probe, so an unreachable cluster costs one request.
        const version = await attempt(client.version(), "/version", versionProblem, deadline);
        const v = version.error;
        if (v && (v.unreachable || (v.kind === "http" && v.status === 401))) return refused(v, version.fetched.ok ? v.message : version.fetched.error);
        if (v && v.kind === "http" && v.status === 403)
            return {
                ...base,
                server,
                access: {
                    ok: false,
                    status: "FAIL",
                    message: `RBAC: the API server accepts these credentials but denies them /version (${version.fetched.ok ? v.message : version.fetched.error})`,
                    fix: `every authenticated user may read /version through the system:public-info-viewer ClusterRole; restore its binding, or use credentials the cluster grants (${access.origin})`,
                },
                elapsedMs: Date.now() - started,
            };
        if (!version.fetched.ok)
            return {
                ...base,
                server,
                access: {
                    ok: false,
                    status: "FAIL",
                    message: `${server} is not a Kubernetes API server: ${v?.kind === "http" && v.status === 404 ? "it answers 404 for /version" : version.fetched.error}`,
                    fix: `point the kubeconfig's server at the cluster's API server (usually https://HOST:6443), not a web server, ingress or proxy (${access.origin})`,
                },
                elapsedMs: Date.now() - started,
            };
        const kubernetesVersion = version.fetched.value.gitVersion;
        const pods = await attempt(client.listPods(ns), `pods in ${ns}`, podsProblem, deadline);
        const e = pods.error;
        if (e && (e.unreachable || (e.kind === "http" && e.status === 401))) return refused(e, pods.fetched.ok ? e.message : pods.fetched.error);
        if (e && e.kind === "http" && e.status === 403) {
            const message = `RBAC: the credentials are accepted but may not list pods in ${ns} (${pods.fetched.ok ? e.message : pods.fetched.error})`;
            opts.progress?.(`${cluster.name}: ${message}`);
            return {
                ...base,
                server,
                kubernetesVersion,
                access: {
                    ok: false,
                    status: "FAIL",
                    message,
                    fix:
                        skupperVersion === "v2"
                            ? `grant the user of ${access.origin} get and list on pods, services and secrets and on skupper.io sites, links, connectors and listeners in ${ns}, and get on deployments in ${CONTROLLER_V2.namespace} (a Role and RoleBinding each), or use a kubeconfig that has them`
                            : `grant the user of ${access.origin} get and list on pods, services, secrets and configmaps in ${ns} and on deployments (a Role and RoleBinding), or use a kubeconfig that has them`,
                },
                elapsedMs: Date.now() - started,
            };
        }
        const hub = cluster.role === "hub";
        if (skupperVersion === "v2") {
            // Skupper v2 (checks/v2.ts): the cluster-scope controller, the Site, and on spokes
            // the Links (then the Secrets they name), on hubs the Connectors, on spokes the Listeners.
            const skupper = (plural: "sites" | "links" | "connectors" | "listeners", kind: string) =>
                attempt(client.listSkupperResources(ns, plural), `${kind}s in ${ns}`, skupperResourcesProblem(kind), deadline);
            const linksAndSecrets = async () => {
                const links = await skupper("links", "Link");
                if (!links.fetched.ok || !links.fetched.value) return { links, secrets: undefined };
                // Only the names the Links give, and at most a few: a spoke of this package has one Link.
                const names = [...new Set(links.fetched.value.map((l) => l.spec.tlsCredentials).filter((n): n is string => n !== undefined))].slice(0, 16);
                const read = async () => {
                    const out: Record<string, SecretInfo | undefined> = {};
                    for (const [name, secret] of await Promise.all(names.map(async (n) => [n, await client.getSecret(ns, n)] as const))) out[name] = secret;
                    return out;
                };
                return { links, secrets: await attempt(read(), `the Links' Secrets in ${ns}`, linkSecretsProblem, deadline) };
            };
            const [controllerDeployment, services, routerService, sites, linked, connectors, listeners] = await Promise.all([
                attempt(
                    client.getDeployment(CONTROLLER_V2.namespace, CONTROLLER_V2.name).then((d) => ({ namespace: CONTROLLER_V2.namespace, deployment: d })),
                    `Deployment ${CONTROLLER_V2.namespace}/${CONTROLLER_V2.name}`,
                    siteControllerProblem,
                    deadline,
                ),
                attempt(client.listServices(ns), `Services in ${ns}`, servicesProblem, deadline),
                hub ? attempt(client.getService(ns, ROUTER_SERVICE), `Service ${ns}/${ROUTER_SERVICE}`, optional(serviceProblem), deadline) : undefined,
                skupper("sites", "Site"),
                hub ? undefined : linksAndSecrets(),
                hub ? skupper("connectors", "Connector") : undefined,
                hub ? undefined : skupper("listeners", "Listener"),
            ]);
            const elapsedMs = Date.now() - started;
            opts.progress?.(`${cluster.name}: read in ${(elapsedMs / 1000).toFixed(1)}s`);
            return {
                ...base,
                server,
                ...(kubernetesVersion ? { kubernetesVersion } : {}),
                access: { ok: true },
                pods: pods.fetched,
                siteController: controllerDeployment.fetched,
                services: services.fetched,
                ...(routerService ? { routerService: routerService.fetched } : {}),
                sites: sites.fetched,
                ...(linked ? { links: linked.links.fetched, ...(linked.secrets ? { linkSecrets: linked.secrets.fetched } : {}) } : {}),
                ...(connectors ? { connectors: connectors.fetched } : {}),
                ...(listeners ? { listeners: listeners.fetched } : {}),
                elapsedMs,
            };
        }
        const siteController = async () => {
            const own = await client.getDeployment(SITE_CONTROLLER, SITE_CONTROLLER);
            if (own) return { namespace: SITE_CONTROLLER, deployment: own };
            // The orchestrator's skupper extension may install it next to the site.
            const local = ns === SITE_CONTROLLER ? undefined : await client.getDeployment(ns, SITE_CONTROLLER);
            return local ? { namespace: ns, deployment: local } : { namespace: SITE_CONTROLLER };
        };
        const [controllerDeployment, services, routerService, linkTokens, networkStatus] = await Promise.all([
            attempt(siteController(), `Deployment ${SITE_CONTROLLER}`, siteControllerProblem, deadline),
            attempt(client.listServices(ns), `Services in ${ns}`, servicesProblem, deadline),
            hub ? attempt(client.getService(ns, ROUTER_SERVICE), `Service ${ns}/${ROUTER_SERVICE}`, optional(serviceProblem), deadline) : undefined,
            hub ? undefined : attempt(client.listSecrets(ns, TOKEN_SELECTOR), `link tokens in ${ns}`, secretsProblem, deadline),
            hub
                ? undefined
                : attempt(
                      client.getConfigMap(ns, NETWORK_STATUS_CONFIGMAP),
                      `ConfigMap ${ns}/${NETWORK_STATUS_CONFIGMAP}`,
                      optional(configMapProblem),
                      deadline,
                  ),
        ]);
        const elapsedMs = Date.now() - started;
        opts.progress?.(`${cluster.name}: read in ${(elapsedMs / 1000).toFixed(1)}s`);
        return {
            ...base,
            server,
            ...(kubernetesVersion ? { kubernetesVersion } : {}),
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
        clearTimeout(deadlineTimer);
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
    // An answer of the wrong shape must not pass as a network that exists.
    const bounded = async <T>(p: Promise<T>, problem: (v: unknown) => string | undefined): Promise<Fetched<T>> => {
        try {
            const value = await Promise.race([p, deadline]);
            const wrong = problem(value);
            return wrong ? fetchFailed(wrong) : fetched(cleanStrings(value));
        } catch (e) {
            return fetchFailed(failureText(e, o.apiUrl, "orchestrator.apiUrl"));
        }
    };
    try {
        const name = plan.topology.networkName ?? "";
        const [network, deployments] = await Promise.all([
            bounded(client.getNetwork(o.project, name), networkObjectProblem),
            plan.expectedDeployments.length ? bounded(client.listDeployments(o.project), deploymentsProblem) : undefined,
        ]);
        return { ...base, network, ...(deployments ? { deployments } : {}) };
    } finally {
        clearTimeout(timer);
    }
}
