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
import { ConfigMapInfo, ContainerStatusInfo, DeploymentInfo, ObjectMetaInfo, PodInfo, SecretInfo, ServiceInfo, SkupperResourceInfo } from "./types";

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

const SKUPPER_GROUP = "skupper.io";
const SKUPPER_VERSION = "v2alpha1";

type Loose = Record<string, unknown>;
const loose = (v: unknown): Loose => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Loose) : {});

/**
 * A custom resource arrives as plain JSON (no typed model maps it), so only
 * fields of the expected type are kept; `shape.ts` refuses what is left wrong.
 */
export function skupperResourceInfo(o: unknown): SkupperResourceInfo {
    const obj = loose(o);
    const m = loose(obj.metadata);
    const spec = loose(obj.spec);
    const status = loose(obj.status);
    const stringMap = (v: unknown): Record<string, string> =>
        Object.fromEntries(Object.entries(loose(v)).filter((e): e is [string, string] => typeof e[1] === "string"));
    return {
        metadata: {
            name: typeof m.name === "string" ? m.name : "",
            ...(typeof m.namespace === "string" ? { namespace: m.namespace } : {}),
            labels: stringMap(m.labels),
            annotations: stringMap(m.annotations),
            ...(typeof m.deletionTimestamp === "string" ? { deletionTimestamp: m.deletionTimestamp } : {}),
        },
        spec: {
            ...(str(spec.routingKey) ? { routingKey: spec.routingKey as string } : {}),
            ...(str(spec.host) ? { host: spec.host as string } : {}),
            ...(str(spec.tlsCredentials) ? { tlsCredentials: spec.tlsCredentials as string } : {}),
            endpoints: (Array.isArray(spec.endpoints) ? spec.endpoints : []).map((e) => {
                const x = loose(e);
                return {
                    ...(str(x.name) ? { name: x.name as string } : {}),
                    ...(str(x.host) ? { host: x.host as string } : {}),
                    ...(str(x.port) ? { port: x.port as string } : {}),
                };
            }),
        },
        status: {
            ...(str(status.status) ? { status: status.status as string } : {}),
            ...(str(status.message) ? { message: status.message as string } : {}),
            // Kept as sent: shape.ts refuses a condition without string type and status.
            conditions: (Array.isArray(status.conditions) ? status.conditions : []).map((c) => {
                const x = loose(c);
                return {
                    type: x.type as string,
                    status: x.status as string,
                    ...(str(x.reason) ? { reason: x.reason as string } : {}),
                    ...(str(x.message) ? { message: x.message as string } : {}),
                };
            }),
            ...(str(status.remoteSiteName) ? { remoteSiteName: status.remoteSiteName as string } : {}),
            ...(typeof status.sitesInNetwork === "number" ? { sitesInNetwork: status.sitesInNetwork } : {}),
        },
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
    private readonly custom: K8s.CustomObjectsApi;

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
        this.custom = new lib.CustomObjectsApi(configuration);
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

    /** `GET /api/v1/namespaces/{ns}/secrets/{name}`: metadata and key names only; undefined when it does not exist. */
    async getSecret(namespace: string, name: string): Promise<SecretInfo | undefined> {
        return this.orUndefined(`/api/v1/namespaces/${namespace}/secrets/${name}`, async () => {
            const s = await this.core.readNamespacedSecret({ namespace, name });
            return { metadata: meta(s.metadata), type: s.type, dataKeys: Object.keys(s.data ?? {}).sort() };
        });
    }

    /**
     * `GET /apis/skupper.io/v2alpha1/namespaces/{ns}/{plural}`: Skupper v2
     * resources of one kind; undefined when the API server does not know the
     * kind (404: the skupper.io CRDs are not installed).
     */
    async listSkupperResources(namespace: string, plural: "sites" | "links" | "connectors" | "listeners"): Promise<SkupperResourceInfo[] | undefined> {
        const path = `/apis/${SKUPPER_GROUP}/${SKUPPER_VERSION}/namespaces/${namespace}/${plural}`;
        return this.orUndefined(path, async () => {
            const list = (await this.custom.listNamespacedCustomObject({ group: SKUPPER_GROUP, version: SKUPPER_VERSION, namespace, plural })) as {
                items?: unknown;
            };
            if (!Array.isArray(list?.items)) throw new KubeRequestError({ kind: "transport", path, message: `the ${plural} list is not a list` });
            return list.items.map(skupperResourceInfo);
        });
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
