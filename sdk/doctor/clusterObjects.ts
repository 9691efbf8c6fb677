/**
 * The few Kubernetes object shapes `edge-interconnect doctor` reads, reduced
 * to the fields its checks look at. Secrets carry their metadata and the
 * names of their data keys only: values are dropped as soon as they arrive.
 *
 * Part of the contract in `clusterClient.ts`: the Kubernetes client
 * (@edge-interconnect/kube-client, tools/kube-client) returns these plain
 * objects, so the checks never see a type of @kubernetes/client-node.
 */

/** `metadata` of any object. */
export interface ObjectMetaInfo {
    name: string;
    namespace?: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    /** Set while the object is being deleted (RFC 3339). */
    deletionTimestamp?: string;
}

/** One container of a pod, from `status.containerStatuses[]`. */
export interface ContainerStatusInfo {
    name: string;
    ready: boolean;
    restartCount: number;
    state: "running" | "waiting" | "terminated" | "unknown";
    /** `state.waiting.reason` or `state.terminated.reason`, e.g. CrashLoopBackOff. */
    reason?: string;
    message?: string;
    /** `lastState.terminated`: why the previous run ended. */
    lastTermination?: { reason?: string; exitCode?: number };
}

/** A pod of the site namespace. */
export interface PodInfo {
    metadata: ObjectMetaInfo;
    /** `status.phase`: Pending, Running, Succeeded, Failed, Unknown. */
    phase?: string;
    /** The pod's `Ready` condition. */
    ready: boolean;
    containers: ContainerStatusInfo[];
}

/** A Service: its type, load balancer fields and ports. */
export interface ServiceInfo {
    metadata: ObjectMetaInfo;
    /** `spec.type`: ClusterIP, NodePort, LoadBalancer, ExternalName. */
    type: string;
    loadBalancerIP?: string;
    /** `spec.loadBalancerSourceRanges` (empty when unset). */
    loadBalancerSourceRanges: string[];
    ports: { name?: string; port: number; protocol?: string }[];
    /** `status.loadBalancer.ingress[]`. */
    ingress: { ip?: string; hostname?: string }[];
}

/** A ConfigMap with its data. */
export interface ConfigMapInfo {
    metadata: ObjectMetaInfo;
    data: Record<string, string>;
}

/** A Secret without its values. */
export interface SecretInfo {
    metadata: ObjectMetaInfo;
    type?: string;
    /** Names of the keys in `data`; never their values. */
    dataKeys: string[];
}

/** A Deployment's replica counts and conditions. */
export interface DeploymentInfo {
    metadata: ObjectMetaInfo;
    replicas: number;
    readyReplicas: number;
    availableReplicas: number;
    conditions: { type: string; status: string; reason?: string; message?: string }[];
}

/** One entry of a `status.conditions[]` (metav1.Condition, as every skupper.io/v2alpha1 CRD declares it). */
export interface ConditionInfo {
    type: string;
    /** "True", "False" or "Unknown". */
    status: string;
    reason?: string;
    message?: string;
}

/**
 * A Skupper v2 resource (`Site`, `Link`, `Connector`, `Listener`, group
 * skupper.io/v2alpha1), reduced to the spec and status fields doctor reads.
 * The status fields are declared by the CRDs under sdk/manifests/v2/crds
 * (Skupper 2.2.1); `checks/v2.ts` names the file and line of each one it reads.
 */
export interface SkupperResourceInfo {
    metadata: ObjectMetaInfo;
    spec: {
        /** Connector, Listener: `spec.routingKey`. */
        routingKey?: string;
        /** Listener: the Service it makes; Connector: where the router connects to. */
        host?: string;
        /** Link, Connector, Listener: the Secret of certificates. */
        tlsCredentials?: string;
        /** Link: `spec.endpoints[]` (name, host, port as a string). */
        endpoints: { name?: string; host?: string; port?: string }[];
    };
    status: {
        /** `status.status`: Pending, Error or Ready. */
        status?: string;
        message?: string;
        conditions: ConditionInfo[];
        /** Link: `status.remoteSiteName`. */
        remoteSiteName?: string;
        /** Site: `status.sitesInNetwork`. */
        sitesInNetwork?: number;
    };
}
