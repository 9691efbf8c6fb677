/**
 * The interconnect topology as plain data: what the components are asked to
 * build, before any Pulumi resource exists. Validation lives in `validate.ts`,
 * the Kubernetes objects each cluster needs are built in `sdk/manifests/`.
 */

/** Names that differ between the product documentation and the upstream orchestrator. */
export interface Naming {
    /**
     * Prefix of the exposure annotations `<prefix>/expose-service` and
     * `<prefix>/expose-port`. Product documentation: `network.app.orchestrator.io`;
     * upstream orchestrator: `network.app.edge-orchestrator.intel.com`.
     */
    annotationPrefix: string;
    /** Namespace of the Skupper site on every member (the documentation's `interconnect`). */
    siteNamespace: string;
}

export const PRODUCT_DOC_NAMING: Naming = Object.freeze({ annotationPrefix: "network.app.orchestrator.io", siteNamespace: "interconnect" });
export const UPSTREAM_NAMING: Naming = Object.freeze({ annotationPrefix: "network.app.edge-orchestrator.intel.com", siteNamespace: "interconnect" });

/** Versions the package installs. Pinned: an unpinned install changes under a running mesh. */
export const VERSIONS = Object.freeze({
    /** MetalLB Helm chart; 0.15.3 gates controller readiness on the webhook (0.16.0 broke liveness). */
    metallbChart: "0.15.3",
    metallbRepo: "https://metallb.github.io/metallb",
    /** Skupper v1 site controller (latest v1; v1 and v2 sites do not interoperate). */
    skupperSiteControllerImage: "quay.io/skupper/site-controller:1.9.6",
    /** cert-manager Helm chart installed through @pulumi/kubernetes-cert-manager. */
    certManagerChart: "v1.21.1",
    certManagerRepo: "https://charts.jetstack.io",
    /** MetalLB's images, for a mirror registry (chart 0.15.3 defaults to the chart's appVersion). */
    metallbImageTag: "v0.15.3",
});

/** Skupper v1 router ports on the `skupper-router` Service. */
export const ROUTER_PORTS = Object.freeze({ interRouter: 55671, edge: 45671, claims: 8081 });

/** A service on a hub that clients on spokes reach through the network. */
export interface ExposedService {
    /** Service name; also the address clients use: `<name>.<siteNamespace>.svc.cluster.local`. */
    name: string;
    /** Namespace of the server's Service (default "default"). */
    namespace: string;
    /** Port exposed on the network (1–65535). */
    port: number;
    /** Issue `skupper-tls-<name>` for the server and `skupper-tls-client` trust for clients. */
    tls: boolean;
    /** Kubernetes Service type of the server's Service; only ClusterIP can be exposed. */
    type: string;
}

/** MetalLB address pool of a hub and the pinned router address. */
export interface LoadBalancerModel {
    /** CIDRs (`10.0.0.0/28`) or ranges (`10.0.0.10-10.0.0.20`). */
    addresses: string[];
    /** The router Service's LoadBalancer IP; default: the pool's first address. */
    routerIp: string;
    /** L2Advertisement interfaces (empty: all). */
    l2Interfaces: string[];
}

export interface HubModel {
    /** Component name; also the Skupper site name. */
    name: string;
    loadBalancer: LoadBalancerModel;
    /** CIDRs allowed to reach the router's LoadBalancer (spokes' egress ranges). */
    allowedSourceRanges: string[];
    /** Must be set to allow 0.0.0.0/0, ::/0 or an empty list. */
    allowPublicExposure: boolean;
    exposedServices: ExposedService[];
}

export interface SpokeModel {
    /** Component name; also the Skupper site name. */
    name: string;
    /** Name of the hub this spoke links to. */
    hub: string;
    /** Router mode of the spoke site; `edge` scales better beyond ~16 sites. */
    routerMode: "interior" | "edge";
}

/**
 * Which Skupper the network runs. "v1" (1.9.6, the site controller and the
 * `skupper-site` ConfigMap) or "v2" (2.2.1, the `skupper.io/v2alpha1`
 * custom resources). The two cannot share a network (Skupper's own release
 * notes); a network moves from one to the other side by side (README,
 * "Moving a network from Skupper v1 to v2").
 */
export type SkupperVersion = "v1" | "v2";

export const SKUPPER_VERSIONS: readonly SkupperVersion[] = Object.freeze(["v1", "v2"]);

export interface TopologyModel {
    network: { name: string; naming: Naming; skupperVersion: SkupperVersion };
    hubs: HubModel[];
    spokes: SpokeModel[];
}

/** A Kubernetes object as plain data, ready for @pulumi/kubernetes or YAML. */
export interface KubeObject {
    apiVersion: string;
    kind: string;
    metadata: {
        name: string;
        namespace?: string;
        labels?: Record<string, string>;
        annotations?: Record<string, string>;
    };
    [field: string]: unknown;
}
