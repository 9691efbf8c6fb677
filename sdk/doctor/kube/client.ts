/**
 * A small typed wrapper over @kubernetes/client-node exposing what
 * `edge-interconnect doctor` reads: pods, Services, a ConfigMap, Secrets by
 * label and a Deployment. Every call has a deadline (see `http.ts`); a 404
 * is `undefined`, other failures are {@link KubeRequestError}s.
 *
 * @kubernetes/client-node is an optional peer dependency, loaded by
 * `loadKubeLibrary()` (./load.ts) before the first client is made, so the
 * library and `plan` never load it.
 */
import * as fs from "node:fs";
import type * as K8s from "@kubernetes/client-node";
import { KubeConfigError, KubeRequestError } from "./errors";
import { deadlineHttpLibrary } from "./http";
import { kubeLibrary } from "./load";
import { ConfigMapInfo, ContainerStatusInfo, DeploymentInfo, ObjectMetaInfo, PodInfo, SecretInfo, ServiceInfo } from "./types";

/** Where a cluster's kubeconfig comes from. */
export type KubeconfigSource =
    | { kind: "yaml"; text: string; context?: string }
    | { kind: "file"; path: string; context?: string }
    /** `$KUBECONFIG` or `~/.kube/config`, as kubectl reads them. */
    | { kind: "default"; context?: string };

export interface KubeClientOptions {
    kubeconfig: KubeconfigSource;
    /** Deadline of one request (default 10 s). */
    requestTimeoutMs?: number;
    /** Aborting it ends every pending and later request of this client. */
    signal?: AbortSignal;
    /** The time budget behind `signal`, named in messages. */
    budgetMs?: number;
    /** Largest answer read (default 32 MiB). */
    maxResponseBytes?: number;
    onExchange?: (e: { method: string; path: string; status: number | string; ms: number }) => void;
}

const k8s = kubeLibrary;

/** Reads a kubeconfig and selects its context; throws {@link KubeConfigError} with one line. */
export function loadKubeConfig(source: KubeconfigSource): K8s.KubeConfig {
    const kc = new (k8s().KubeConfig)();
    try {
        if (source.kind === "yaml") kc.loadFromString(source.text);
        else if (source.kind === "file") {
            if (!fs.existsSync(source.path)) throw new KubeConfigError(`kubeconfig file ${source.path} does not exist`);
            kc.loadFromFile(source.path);
        } else kc.loadFromDefault();
    } catch (e) {
        if (e instanceof KubeConfigError) throw e;
        const where = source.kind === "file" ? source.path : source.kind === "yaml" ? "the kubeconfig" : "the default kubeconfig";
        throw new KubeConfigError(`${where} is not a valid kubeconfig (${String((e as Error).message).split("\n")[0]})`);
    }
    if (source.context !== undefined) {
        if (!kc.getContextObject(source.context)) {
            const known = kc.getContexts().map((c) => c.name);
            throw new KubeConfigError(`context "${source.context}" is not in the kubeconfig${known.length ? ` (contexts: ${known.join(", ")})` : ""}`);
        }
        kc.setCurrentContext(source.context);
    }
    const cluster = kc.getCurrentCluster();
    if (!cluster || !cluster.server) throw new KubeConfigError("the kubeconfig has no current context with a cluster server");
    return kc;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const time = (v: unknown): string | undefined => (v instanceof Date ? v.toISOString() : str(v));

function meta(m: K8s.V1ObjectMeta | undefined): ObjectMetaInfo {
    return {
        name: m?.name ?? "",
        ...(m?.namespace ? { namespace: m.namespace } : {}),
        labels: { ...(m?.labels ?? {}) },
        annotations: { ...(m?.annotations ?? {}) },
        ...(m?.deletionTimestamp ? { deletionTimestamp: time(m.deletionTimestamp) } : {}),
    };
}

function container(c: K8s.V1ContainerStatus): ContainerStatusInfo {
    const s = c.state;
    const state = s?.running ? "running" : s?.waiting ? "waiting" : s?.terminated ? "terminated" : "unknown";
    const reason = str(s?.waiting?.reason) ?? str(s?.terminated?.reason);
    const message = str(s?.waiting?.message) ?? str(s?.terminated?.message);
    const last = c.lastState?.terminated;
    return {
        name: c.name,
        ready: c.ready === true,
        restartCount: c.restartCount ?? 0,
        state,
        ...(reason ? { reason } : {}),
        ...(message ? { message } : {}),
        ...(last ? { lastTermination: { reason: str(last.reason), exitCode: last.exitCode } } : {}),
    };
}

export function podInfo(p: K8s.V1Pod): PodInfo {
    return {
        metadata: meta(p.metadata),
        phase: str(p.status?.phase),
        ready: (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"),
        containers: (p.status?.containerStatuses ?? []).map(container),
    };
}

export function serviceInfo(s: K8s.V1Service): ServiceInfo {
    return {
        metadata: meta(s.metadata),
        type: s.spec?.type ?? "ClusterIP",
        ...(s.spec?.loadBalancerIP ? { loadBalancerIP: s.spec.loadBalancerIP } : {}),
        loadBalancerSourceRanges: [...(s.spec?.loadBalancerSourceRanges ?? [])],
        ports: (s.spec?.ports ?? []).map((p) => ({ name: p.name, port: p.port, protocol: p.protocol })),
        ingress: (s.status?.loadBalancer?.ingress ?? []).map((i) => ({
            ...(i.ip ? { ip: i.ip } : {}),
            ...(i.hostname ? { hostname: i.hostname } : {}),
        })),
    };
}

export function deploymentInfo(d: K8s.V1Deployment): DeploymentInfo {
    return {
        metadata: meta(d.metadata),
        replicas: d.spec?.replicas ?? 1,
        readyReplicas: d.status?.readyReplicas ?? 0,
        availableReplicas: d.status?.availableReplicas ?? 0,
        conditions: (d.status?.conditions ?? []).map((c) => ({ type: c.type, status: c.status, reason: str(c.reason), message: str(c.message) })),
    };
}

/** The server's `Status.message` of a failed call, or the HTTP status. */
function apiFailure(e: unknown, path: string): KubeRequestError {
    if (e instanceof KubeRequestError) return e;
    const code = (e as { code?: unknown })?.code;
    if (typeof code === "number") {
        let body = (e as { body?: unknown }).body;
        if (typeof body === "string") {
            try {
                body = JSON.parse(body);
            } catch {
                /* keep the text */
            }
        }
        const serverMessage =
            typeof body === "object" && body !== null && typeof (body as { message?: unknown }).message === "string"
                ? (body as { message: string }).message
                : typeof body === "string" && body.trim()
                  ? body.trim().slice(0, 200)
                  : code === 401
                    ? "Unauthorized: the kubeconfig's credentials were refused"
                    : "no message";
        return new KubeRequestError({ kind: "http", path, status: code, message: `HTTP ${code}: ${serverMessage}` });
    }
    return new KubeRequestError({ kind: "transport", path, message: String((e as Error)?.message ?? e).split("\n")[0] });
}

/** Read access to one cluster's API server. */
export class KubeClusterClient {
    /** The API server URL of the selected context. */
    readonly server: string;
    /** The selected context's name. */
    readonly context: string;
    private readonly core: K8s.CoreV1Api;
    private readonly apps: K8s.AppsV1Api;
    private readonly versionApi: K8s.VersionApi;

    constructor(opts: KubeClientOptions) {
        const lib = k8s();
        const kc = loadKubeConfig(opts.kubeconfig);
        this.server = kc.getCurrentCluster()!.server;
        this.context = kc.getCurrentContext();
        const configuration = lib.createConfiguration({
            baseServer: new lib.ServerConfiguration(this.server, {}),
            authMethods: { default: kc },
            httpApi: lib.wrapHttpLibrary(
                deadlineHttpLibrary(lib, {
                    requestTimeoutMs: opts.requestTimeoutMs ?? 10_000,
                    signal: opts.signal,
                    budgetMs: opts.budgetMs,
                    maxResponseBytes: opts.maxResponseBytes,
                    onExchange: opts.onExchange,
                }),
            ),
        });
        this.core = new lib.CoreV1Api(configuration);
        this.apps = new lib.AppsV1Api(configuration);
        this.versionApi = new lib.VersionApi(configuration);
    }

    /**
     * `GET /version`: every Kubernetes API server answers it, to anyone
     * authenticated (the system:public-info-viewer ClusterRole,
     * https://kubernetes.io/docs/reference/access-authn-authz/rbac/#discovery-roles).
     * A 404 here means the server is not a Kubernetes API server.
     */
    async version(): Promise<{ gitVersion: string; platform?: string }> {
        try {
            const v = await this.versionApi.getCode();
            return { gitVersion: String(v.gitVersion ?? ""), ...(v.platform ? { platform: v.platform } : {}) };
        } catch (e) {
            throw apiFailure(e, "/version");
        }
    }

    /** `GET /api/v1/namespaces/{ns}/pods`, with container statuses. */
    async listPods(namespace: string, labelSelector?: string): Promise<PodInfo[]> {
        const path = `/api/v1/namespaces/${namespace}/pods`;
        try {
            const list = await this.core.listNamespacedPod({ namespace, ...(labelSelector ? { labelSelector } : {}) });
            return list.items.map(podInfo);
        } catch (e) {
            throw apiFailure(e, path);
        }
    }

    /** `GET /api/v1/namespaces/{ns}/services/{name}`; undefined when it does not exist. */
    async getService(namespace: string, name: string): Promise<ServiceInfo | undefined> {
        return this.orUndefined(`/api/v1/namespaces/${namespace}/services/${name}`, async () =>
            serviceInfo(await this.core.readNamespacedService({ namespace, name })),
        );
    }

    /** `GET /api/v1/namespaces/{ns}/services`. */
    async listServices(namespace: string): Promise<ServiceInfo[]> {
        const path = `/api/v1/namespaces/${namespace}/services`;
        try {
            return (await this.core.listNamespacedService({ namespace })).items.map(serviceInfo);
        } catch (e) {
            throw apiFailure(e, path);
        }
    }

    /** `GET /api/v1/namespaces/{ns}/configmaps/{name}`; undefined when it does not exist. */
    async getConfigMap(namespace: string, name: string): Promise<ConfigMapInfo | undefined> {
        return this.orUndefined(`/api/v1/namespaces/${namespace}/configmaps/${name}`, async () => {
            const cm = await this.core.readNamespacedConfigMap({ namespace, name });
            return { metadata: meta(cm.metadata), data: { ...(cm.data ?? {}) } };
        });
    }

    /** `GET /api/v1/namespaces/{ns}/secrets?labelSelector=…`: metadata and key names only. */
    async listSecrets(namespace: string, labelSelector: string): Promise<SecretInfo[]> {
        const path = `/api/v1/namespaces/${namespace}/secrets`;
        try {
            const list = await this.core.listNamespacedSecret({ namespace, labelSelector });
            return list.items.map((s) => ({ metadata: meta(s.metadata), type: s.type, dataKeys: Object.keys(s.data ?? {}).sort() }));
        } catch (e) {
            throw apiFailure(e, path);
        }
    }

    /** `GET /apis/apps/v1/namespaces/{ns}/deployments/{name}`; undefined when it does not exist. */
    async getDeployment(namespace: string, name: string): Promise<DeploymentInfo | undefined> {
        return this.orUndefined(`/apis/apps/v1/namespaces/${namespace}/deployments/${name}`, async () =>
            deploymentInfo(await this.apps.readNamespacedDeployment({ namespace, name })),
        );
    }

    private async orUndefined<T>(path: string, read: () => Promise<T>): Promise<T | undefined> {
        try {
            return await read();
        } catch (e) {
            const failure = apiFailure(e, path);
            if (failure.kind === "http" && failure.status === 404) return undefined;
            throw failure;
        }
    }
}
