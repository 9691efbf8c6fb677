/**
 * A small typed wrapper over @kubernetes/client-node exposing what
 * `edge-interconnect doctor` reads: pods, Services, a ConfigMap, Secrets by
 * label and a Deployment, and Skupper v2's custom resources. Every call has a
 * deadline (see `http.ts`); a 404 is `undefined`, other failures are
 * {@link KubeRequestError}s.
 *
 * This package is loaded by the CLI only when doctor runs, so it imports
 * @kubernetes/client-node directly. That package is ESM-only; Node >= 20.19
 * loads ES modules through require
 * (https://nodejs.org/api/modules.html#loading-ecmascript-modules-using-require),
 * which is what the import compiles to under CommonJS.
 */
import * as k8s from "@kubernetes/client-node";
import type * as K8s from "@kubernetes/client-node";
import type { ClusterClient, ClusterClientOptions } from "pulumi-edge-interconnect/dist/sdk/doctor/clusterClient";
import type {
    ConfigMapInfo,
    DeploymentInfo,
    PodInfo,
    SecretInfo,
    ServiceInfo,
    SkupperResourceInfo,
} from "pulumi-edge-interconnect/dist/sdk/doctor/clusterObjects";
import { KubeRequestError } from "./errors";
import { deadlineHttpLibrary } from "./http";
import { loadKubeConfig } from "./kubeconfig";
import { deploymentInfo, meta, podInfo, serviceInfo, skupperResourceInfo } from "./objects";

const SKUPPER_GROUP = "skupper.io";
const SKUPPER_VERSION = "v2alpha1";

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

/**
 * Read access to one cluster's API server: the library's `ClusterClient`
 * contract (sdk/doctor/clusterClient.ts), which doctor's checks are written against.
 */
export class KubeClusterClient implements ClusterClient {
    /** The API server URL of the selected context. */
    readonly server: string;
    /** The selected context's name. */
    readonly context: string;
    private readonly core: K8s.CoreV1Api;
    private readonly apps: K8s.AppsV1Api;
    private readonly versionApi: K8s.VersionApi;
    private readonly custom: K8s.CustomObjectsApi;

    constructor(opts: ClusterClientOptions) {
        const kc = loadKubeConfig(opts.kubeconfig);
        this.server = kc.getCurrentCluster()!.server;
        this.context = kc.getCurrentContext();
        const configuration = k8s.createConfiguration({
            baseServer: new k8s.ServerConfiguration(this.server, {}),
            authMethods: { default: kc },
            httpApi: k8s.wrapHttpLibrary(
                deadlineHttpLibrary({
                    requestTimeoutMs: opts.requestTimeoutMs ?? 10_000,
                    signal: opts.signal,
                    budgetMs: opts.budgetMs,
                    maxResponseBytes: opts.maxResponseBytes,
                    onExchange: opts.onExchange,
                }),
            ),
        });
        this.core = new k8s.CoreV1Api(configuration);
        this.apps = new k8s.AppsV1Api(configuration);
        this.versionApi = new k8s.VersionApi(configuration);
        this.custom = new k8s.CustomObjectsApi(configuration);
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
