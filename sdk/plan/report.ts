/**
 * A plan: what `pulumi up` would create on each cluster, the topology it
 * builds, and the guardrail findings, as plain data for text, JSON, YAML
 * and pictures.
 */
import { networkAddress } from "../manifests/exposure";
import type { StackConfig } from "../stack/config";
import { Evaluation, RegisteredResource } from "./evaluate";
import { Finding, guardrailFindings } from "./guardrails";

/** One object on one cluster. */
export interface PlanObject {
    kind: string;
    apiVersion: string;
    namespace?: string;
    name: string;
    /** A patch of an object the package does not own. */
    patch: boolean;
    /** Pulumi resource name. */
    resource: string;
    /** The object as it would be applied (secrets redacted). */
    body: Record<string, unknown>;
}

export interface PlanCluster {
    name: string;
    role: "hub" | "spoke";
    /** Orchestrator cluster id, for members of the orchestrator-managed mode. */
    orchestratorClusterId?: string;
    objects: PlanObject[];
}

/** A deployment the App Deployment Manager would get (orchestrator-managed mode). */
export interface PlanDeployment {
    resource: string;
    appName: string;
    appVersion: string;
    profileName?: string;
    displayName?: string;
    clusterIds: string[];
    networkName?: string;
    serviceExports: string[];
    overrideValues?: unknown[];
}

export interface Plan {
    stack: string;
    network: { name: string; naming: { annotationPrefix: string; siteNamespace: string }; orchestrator?: { apiUrl: string; project: string; status: string } };
    hubs: {
        name: string;
        routerIp: string;
        routerPort: number;
        pool: string[];
        allowedSourceRanges: string[];
        services: { name: string; namespace: string; port: number; tls: boolean; address: string }[];
        /** Orchestrator cluster id when the hub is orchestrator-managed. */
        orchestratorClusterId?: string;
    }[];
    spokes: { name: string; hub: string; routerMode: string; link: string; hubAddress: string; orchestratorClusterId?: string }[];
    clusters: PlanCluster[];
    deployments: PlanDeployment[];
    findings: Finding[];
}

function planObject(r: RegisteredResource): PlanObject | undefined {
    const i = r.inputs as {
        apiVersion?: string;
        kind?: string;
        metadata?: { name?: string; namespace?: string };
        chart?: string;
        version?: string;
        namespace?: string;
    };
    if (r.type === "kubernetes:helm.sh/v3:Release") {
        return {
            kind: "HelmRelease",
            apiVersion: "helm.sh/v3",
            namespace: i.namespace,
            name: `${i.chart}@${i.version}`,
            patch: false,
            resource: r.name,
            body: r.inputs,
        };
    }
    if (r.type === "kubernetes-cert-manager:index:CertManager") {
        const helm = (r.inputs.helmOptions ?? {}) as { version?: string; namespace?: string };
        return {
            kind: "HelmRelease",
            apiVersion: "helm.sh/v3",
            namespace: helm.namespace,
            name: `cert-manager@${helm.version}`,
            patch: false,
            resource: r.name,
            body: r.inputs,
        };
    }
    if (!r.type.startsWith("kubernetes:") || !i.kind || !i.metadata?.name) return undefined;
    return {
        kind: i.kind,
        apiVersion: i.apiVersion ?? "",
        ...(i.metadata.namespace ? { namespace: i.metadata.namespace } : {}),
        name: i.metadata.name,
        patch: r.type.endsWith("Patch"),
        resource: r.name,
        body: r.inputs,
    };
}

function planDeployment(r: RegisteredResource): PlanDeployment {
    const i = r.inputs as Record<string, any>;
    return {
        resource: r.name,
        appName: i.appName,
        appVersion: i.appVersion,
        ...(i.profileName ? { profileName: i.profileName } : {}),
        ...(i.displayName ? { displayName: i.displayName } : {}),
        clusterIds: [...new Set<string>((i.targetClusters ?? []).map((t: { clusterId?: string }) => t.clusterId ?? "(labels)"))],
        ...(i.networkName ? { networkName: i.networkName } : {}),
        serviceExports: (i.serviceExports ?? []).map((e: { appName: string }) => e.appName),
        ...(i.overrideValues ? { overrideValues: i.overrideValues } : {}),
    };
}

/** Roughly the order kubectl and Helm apply kinds in: what others need comes first. */
const KIND_ORDER = [
    "Namespace",
    "HelmRelease",
    "ServiceAccount",
    "ClusterRole",
    "ClusterRoleBinding",
    "Secret",
    "ConfigMap",
    "Deployment",
    "IPAddressPool",
    "L2Advertisement",
    "ClusterIssuer",
    "Certificate",
    "Service",
];

function byApplyOrder(a: PlanObject, b: PlanObject): number {
    const rank = (o: PlanObject) => (KIND_ORDER.indexOf(o.kind) + 1 || KIND_ORDER.length + 1) * 2 + (o.patch ? 1 : 0);
    return rank(a) - rank(b) || (a.namespace ?? "").localeCompare(b.namespace ?? "") || a.name.localeCompare(b.name);
}

/** Builds the plan of an evaluated stack. */
export function buildPlan(stackName: string, config: StackConfig, evaluation: Evaluation, orchestratorStatus?: string): Plan {
    const t = config.topology;
    const naming = t.network.naming;
    const clusterOf = (r: RegisteredResource) =>
        r.cluster ?? (r.type === "kubernetes-cert-manager:index:CertManager" ? r.name.replace(/-cert-manager$/, "") : undefined);
    const managedId = (name: string) => config.access[name]?.orchestratorClusterId;
    const cluster = (name: string, role: "hub" | "spoke"): PlanCluster => ({
        name,
        role,
        ...(managedId(name) ? { orchestratorClusterId: managedId(name) } : {}),
        objects: [],
    });
    const clusters: PlanCluster[] = [...t.hubs.map((h) => cluster(h.name, "hub")), ...t.spokes.map((s) => cluster(s.name, "spoke"))];
    for (const r of evaluation.resources) {
        const target = clusters.find((c) => c.name === clusterOf(r));
        const obj = target && planObject(r);
        if (target && obj) target.objects.push(obj);
    }
    // Registration order depends on timing; a plan must not.
    for (const c of clusters) c.objects.sort(byApplyOrder);
    return {
        stack: stackName,
        network: {
            name: t.network.name,
            naming: { ...naming },
            ...(config.orchestrator
                ? { orchestrator: { apiUrl: config.orchestrator.apiUrl, project: config.orchestrator.project, status: orchestratorStatus ?? "not checked" } }
                : {}),
        },
        hubs: t.hubs.map((h) => ({
            name: h.name,
            routerIp: h.loadBalancer.routerIp,
            routerPort: 55671,
            pool: h.loadBalancer.addresses,
            allowedSourceRanges: h.allowedSourceRanges,
            services: h.exposedServices.map((s) => ({ name: s.name, namespace: s.namespace, port: s.port, tls: s.tls, address: networkAddress(s, naming) })),
            ...(managedId(h.name) ? { orchestratorClusterId: managedId(h.name) } : {}),
        })),
        spokes: t.spokes.map((s) => {
            const hub = t.hubs.find((h) => h.name === s.hub)!;
            return {
                name: s.name,
                hub: s.hub,
                routerMode: s.routerMode,
                link: `link-to-${s.hub}`,
                hubAddress: `${hub.loadBalancer.routerIp}:55671`,
                ...(managedId(s.name) ? { orchestratorClusterId: managedId(s.name) } : {}),
            };
        }),
        clusters,
        deployments: evaluation.resources
            .filter((r) => r.type === "pulumi-nodejs:dynamic/edge-interconnect:Deployment")
            .map(planDeployment)
            .sort((a, b) => (a.networkName ? 1 : 0) - (b.networkName ? 1 : 0) || (a.displayName ?? a.resource).localeCompare(b.displayName ?? b.resource)),
        findings: guardrailFindings(config),
    };
}
