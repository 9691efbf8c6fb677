/**
 * What `edge-interconnect doctor` expects, what it fetched, and what it
 * concluded. The checks (`checks/*.ts`) are pure functions from the first two
 * to the last.
 */
import type { ConfigMapInfo, DeploymentInfo, PodInfo, SecretInfo, ServiceInfo, SkupperResourceInfo } from "./clusterObjects";
import type { Deployment, NetworkObject } from "../../provider/orchestrator/types";

export type CheckStatus = "OK" | "FAIL" | "WARN" | "SKIP";

export interface CheckResult {
    /** Stable check name, e.g. `router-service`. */
    id: string;
    /** Member name, or `orchestrator`. */
    cluster: string;
    status: CheckStatus;
    message: string;
    /** The concrete next step; every FAIL has one. */
    fix?: string;
}

/** A value read from a cluster or the orchestrator, or why it could not be. */
export type Fetched<T> = { ok: true; value: T } | { ok: false; error: string };

export const fetched = <T>(value: T): Fetched<T> => ({ ok: true, value });
export const fetchFailed = <T>(error: string): Fetched<T> => ({ ok: false, error });

/** A hub as the stack configures it; fields are undefined when no stack file says. */
export interface HubExpectation {
    name: string;
    /** The configured `loadBalancer.routerIp`. */
    routerIp?: string;
    allowedSourceRanges?: string[];
    allowPublicExposure: boolean;
    /** Names of the exposed services. */
    exposedServices?: string[];
    /** Orchestrator-managed hub: the orchestrator's load balancer extension owns the router Service. */
    managed: boolean;
}

export interface SpokeExpectation {
    name: string;
    hub: string;
    routerMode: "interior" | "edge";
    managed: boolean;
}

export interface DoctorTopology {
    /** Namespace of every Skupper site (`network.naming.siteNamespace`). */
    siteNamespace: string;
    networkName?: string;
    /** The network's `skupperVersion` (`network.skupperVersion`); v1 when no stack file says. */
    skupperVersion?: "v1" | "v2";
    hubs: HubExpectation[];
    spokes: SpokeExpectation[];
}

/** Everything read from one member, for the checks. */
export interface ClusterSnapshot {
    cluster: string;
    role: "hub" | "spoke";
    /** The API server URL, when the kubeconfig could be read. */
    server?: string;
    /** `gitVersion` of the API server's `/version`, once it answered. */
    kubernetesVersion?: string;
    /** Whether the cluster could be asked at all; when not, the other fields are absent. */
    access: { ok: true } | { ok: false; status: "FAIL" | "SKIP"; message: string; fix?: string };
    /** Pods of the site namespace. */
    pods?: Fetched<PodInfo[]>;
    /**
     * The controller's Deployment, and the namespace it was found in (or looked for):
     * v1 `skupper-site-controller`, v2 `skupper-controller` (cluster scope, namespace `skupper`).
     */
    siteController?: Fetched<{ namespace: string; deployment?: DeploymentInfo }>;
    /** Services of the site namespace (exposed and synced services). */
    services?: Fetched<ServiceInfo[]>;
    /** Hubs: Service `skupper-router` (undefined when absent). */
    routerService?: Fetched<ServiceInfo | undefined>;
    /** Spokes: Secrets labelled `skupper.io/type=connection-token` in the site namespace. */
    linkTokens?: Fetched<SecretInfo[]>;
    /** Spokes: ConfigMap `skupper-network-status` (undefined when absent). */
    networkStatus?: Fetched<ConfigMapInfo | undefined>;
    /**
     * Skupper v2 only (see `checks/v2.ts`); a list is undefined when the
     * API server does not know the kind (the skupper.io CRDs are missing).
     * `Site`s of the site namespace.
     */
    sites?: Fetched<SkupperResourceInfo[] | undefined>;
    /** v2 spokes: `Link`s of the site namespace. */
    links?: Fetched<SkupperResourceInfo[] | undefined>;
    /** v2 spokes: the Secret each Link names in `spec.tlsCredentials`, by name (undefined when absent). */
    linkSecrets?: Fetched<Record<string, SecretInfo | undefined>>;
    /** v2 hubs: `Connector`s of the site namespace. */
    connectors?: Fetched<SkupperResourceInfo[] | undefined>;
    /** v2 spokes: `Listener`s of the site namespace. */
    listeners?: Fetched<SkupperResourceInfo[] | undefined>;
    elapsedMs?: number;
}

/** What the orchestrator said, for the orchestrator checks. */
export interface OrchestratorSnapshot {
    apiUrl: string;
    project: string;
    network?: Fetched<NetworkObject | undefined>;
    /** Managed mode only. */
    deployments?: Fetched<Deployment[]>;
    /** Why nothing was asked (no credentials). */
    skipped?: string;
}
