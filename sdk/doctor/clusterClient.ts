/**
 * What `edge-interconnect doctor` needs from a Kubernetes client: read access
 * to one cluster, answering with the plain objects of `clusterObjects.ts`.
 *
 * The client itself is @edge-interconnect/kube-client (tools/kube-client), a
 * workspace package of the repository built on @kubernetes/client-node. It is
 * not part of the library (issue 14 §3): the CLI loads it when doctor runs
 * (`cli/kubeClient.ts`) and hands its constructor to the checks. So the
 * contract lives here, on the library's side, and the workspace package
 * imports it type-only from the library's declarations (dist/sdk/doctor/*.d.ts)
 * and `implements` it. The other direction would make the library's published
 * declarations import a package that is never published.
 */
import type { KubeRequestFailure } from "./clusterFailures";
import type { ConfigMapInfo, DeploymentInfo, PodInfo, SecretInfo, ServiceInfo, SkupperResourceInfo } from "./clusterObjects";

/** Where a cluster's kubeconfig comes from. */
export type KubeconfigSource =
    | { kind: "yaml"; text: string; context?: string }
    | { kind: "file"; path: string; context?: string }
    /** `$KUBECONFIG` or `~/.kube/config`, as kubectl reads them. */
    | { kind: "default"; context?: string };

/** How one client reaches its cluster, and its limits. */
export interface ClusterClientOptions {
    kubeconfig: KubeconfigSource;
    /** Deadline of one request (default 10 s). */
    requestTimeoutMs?: number;
    /** Aborting it ends every pending and later request of this client. */
    signal?: AbortSignal;
    /** The time budget behind `signal`, named in messages. */
    budgetMs?: number;
    /** Largest answer read (default 32 MiB). */
    maxResponseBytes?: number;
    /** Called once per exchange, without headers or bodies. */
    onExchange?: (e: { method: string; path: string; status: number | string; ms: number }) => void;
}

/**
 * Read access to one cluster's API server: the calls doctor's checks make.
 * Every call has a deadline; a 404 on a single object is `undefined`, other
 * failures reject with a {@link KubeRequestFailure}.
 */
export interface ClusterClient {
    /** The API server URL of the selected context. */
    readonly server: string;
    /** The selected context's name. */
    readonly context: string;
    /** `GET /version`; a 404 here means the server is not a Kubernetes API server. */
    version(): Promise<{ gitVersion: string; platform?: string }>;
    /** `GET /api/v1/namespaces/{ns}/pods`, with container statuses. */
    listPods(namespace: string, labelSelector?: string): Promise<PodInfo[]>;
    /** `GET /api/v1/namespaces/{ns}/services/{name}`; undefined when it does not exist. */
    getService(namespace: string, name: string): Promise<ServiceInfo | undefined>;
    /** `GET /api/v1/namespaces/{ns}/services`. */
    listServices(namespace: string): Promise<ServiceInfo[]>;
    /** `GET /api/v1/namespaces/{ns}/configmaps/{name}`; undefined when it does not exist. */
    getConfigMap(namespace: string, name: string): Promise<ConfigMapInfo | undefined>;
    /** `GET /api/v1/namespaces/{ns}/secrets?labelSelector=…`: metadata and key names only. */
    listSecrets(namespace: string, labelSelector: string): Promise<SecretInfo[]>;
    /** `GET /apis/apps/v1/namespaces/{ns}/deployments/{name}`; undefined when it does not exist. */
    getDeployment(namespace: string, name: string): Promise<DeploymentInfo | undefined>;
    /** `GET /api/v1/namespaces/{ns}/secrets/{name}`: metadata and key names only; undefined when it does not exist. */
    getSecret(namespace: string, name: string): Promise<SecretInfo | undefined>;
    /** `GET /apis/skupper.io/v2alpha1/namespaces/{ns}/{plural}`; undefined when the skupper.io CRDs are not installed (404). */
    listSkupperResources(namespace: string, plural: "sites" | "links" | "connectors" | "listeners"): Promise<SkupperResourceInfo[] | undefined>;
}

/**
 * Makes the client of one cluster; throws a `KubeConfigFailure`
 * (`clusterFailures.ts`) when the kubeconfig cannot be read or has no usable cluster.
 */
export type ClusterClientConstructor = new (options: ClusterClientOptions) => ClusterClient;

/**
 * What the CLI takes from @edge-interconnect/kube-client once loaded. The
 * dynamic import is typed by this interface, not by the package's own
 * declarations; tests/doctor/kubeClientContract.spec.ts checks at compile
 * time that the package's exports satisfy it.
 */
export interface KubeClientModule {
    KubeClusterClient: ClusterClientConstructor;
}
