/**
 * A plan: what `pulumi up` would create on each cluster, the topology it
 * builds, and the guardrail findings, as plain data for text, JSON, YAML
 * and pictures.
 */
import { networkAddress } from "../manifests/exposure";
import type { StackConfig } from "../stack/config";
import { PlanContent, PlanDeployment, PlanObject } from "./core";
import { Finding, guardrailFindings } from "./guardrails";

export type { PlanDeployment, PlanObject };

export interface PlanCluster {
    name: string;
    role: "hub" | "spoke";
    /** Orchestrator cluster id, for members of the orchestrator-managed mode. */
    orchestratorClusterId?: string;
    objects: PlanObject[];
}

export interface Plan {
    stack: string;
    network: {
        name: string;
        naming: { annotationPrefix: string; siteNamespace: string };
        /** Present when the network runs Skupper v2. */
        skupperVersion?: "v2";
        orchestrator?: { apiUrl: string; project: string; status: string };
    };
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

/** Roughly the order kubectl and Helm apply kinds in: what others need comes first. */
const KIND_ORDER = [
    // Skupper v2's CRDs before anything: the controller and every skupper.io object need them.
    "CustomResourceDefinition",
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
    // Skupper v2: the site, then what joins it.
    "Site",
    "Link",
    "Connector",
    "Listener",
];

function byApplyOrder(a: PlanObject, b: PlanObject): number {
    const rank = (o: PlanObject) => (KIND_ORDER.indexOf(o.kind) + 1 || KIND_ORDER.length + 1) * 2 + (o.patch ? 1 : 0);
    return rank(a) - rank(b) || (a.namespace ?? "").localeCompare(b.namespace ?? "") || a.name.localeCompare(b.name);
}

/** Builds the plan of a stack from its content (each cluster's objects, the deployments). */
export function buildPlan(stackName: string, config: StackConfig, content: PlanContent, orchestratorStatus?: string): Plan {
    const t = config.topology;
    const naming = t.network.naming;
    const managedId = (name: string) => config.access[name]?.orchestratorClusterId;
    const cluster = (name: string, role: "hub" | "spoke"): PlanCluster => ({
        name,
        role,
        ...(managedId(name) ? { orchestratorClusterId: managedId(name) } : {}),
        objects: [...(content.clusters[name] ?? [])],
    });
    const clusters: PlanCluster[] = [...t.hubs.map((h) => cluster(h.name, "hub")), ...t.spokes.map((s) => cluster(s.name, "spoke"))];
    // An order of its own, whatever order the content came in.
    for (const c of clusters) c.objects.sort(byApplyOrder);
    return {
        stack: stackName,
        network: {
            name: t.network.name,
            naming: { ...naming },
            // Only for v2, so that v1 plans read as they always have.
            ...(t.network.skupperVersion === "v2" ? { skupperVersion: "v2" as const } : {}),
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
        deployments: [...content.deployments].sort(
            (a, b) => (a.networkName ? 1 : 0) - (b.networkName ? 1 : 0) || (a.displayName ?? a.resource).localeCompare(b.displayName ?? b.resource),
        ),
        // Notes of the configuration (accepted, worth saying) first, then the guardrails.
        findings: [...(config.notes ?? []).map((n): Finding => ({ level: "info", message: `${n.path} ${n.message}` })), ...guardrailFindings(config)],
    };
}
