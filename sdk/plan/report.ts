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
    objects: PlanObject[];
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
    }[];
    spokes: { name: string; hub: string; routerMode: string; link: string; hubAddress: string }[];
    clusters: PlanCluster[];
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
    const clusters: PlanCluster[] = [
        ...t.hubs.map((h) => ({ name: h.name, role: "hub" as const, objects: [] as PlanObject[] })),
        ...t.spokes.map((s) => ({ name: s.name, role: "spoke" as const, objects: [] as PlanObject[] })),
    ];
    for (const r of evaluation.resources) {
        const cluster = clusters.find((c) => c.name === clusterOf(r));
        const obj = cluster && planObject(r);
        if (cluster && obj) cluster.objects.push(obj);
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
        })),
        spokes: t.spokes.map((s) => {
            const hub = t.hubs.find((h) => h.name === s.hub)!;
            return { name: s.name, hub: s.hub, routerMode: s.routerMode, link: `link-to-${s.hub}`, hubAddress: `${hub.loadBalancer.routerIp}:55671` };
        }),
        clusters,
        findings: guardrailFindings(config),
    };
}
