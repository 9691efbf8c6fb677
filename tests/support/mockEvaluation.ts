/**
 * Not the CLI's plan path (that is sdk/plan/core.ts, without any Pulumi
 * runtime): the reference it is tested against, and the components'
 * benchmark (bench/evaluate-case.ts).
 *
 * Runs the real components offline: Pulumi's mock monitor records every
 * resource they register, no engine, cluster or CLI involved. Certificates
 * are not generated (that happens at deploy); their PEM stands as a
 * placeholder, and secret values never leave as plain text.
 */
import * as pulumi from "@pulumi/pulumi";
import { GENERATED, PlanContent, PlanDeployment, PlanObject, REDACTED } from "../../sdk/plan/core";
import type { StackConfig } from "../../sdk/stack/config";
import { buildInterconnect, stackOutputs } from "../../sdk/stack/program";

/** Marker Pulumi uses for secret values in registered inputs. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
export { GENERATED, REDACTED };

/** One registered resource, with secrets redacted. */
export interface RegisteredResource {
    type: string;
    name: string;
    /** Cluster it lands on (its Kubernetes provider), if any. */
    cluster?: string;
    inputs: Record<string, unknown>;
    /** The `replaceOnChanges` option it was registered with, when not empty. */
    replaceOnChanges?: string[];
    /** The names of the resources its `replaceWith` option names, when not empty. */
    replaceWith?: string[];
}

export interface Evaluation {
    resources: RegisteredResource[];
    outputs: ReturnType<typeof stackOutputs>;
}

/** Replaces secret values (recursively) with {@link REDACTED}. */
export function redact(value: unknown): unknown {
    if (value && typeof value === "object") {
        if ((value as Record<string, unknown>)[SECRET_SIG] !== undefined) return REDACTED;
        if (Array.isArray(value)) return value.map(redact);
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v)]));
    }
    return value;
}

const PKI_TYPES = ["edge-interconnect:index:CertificateAuthority", "edge-interconnect:index:SignedCertificate"];

/**
 * Evaluates the stack's components offline. `onProgress` hears about each
 * registration, so a long evaluation (hundreds of spokes) shows it is moving.
 */
export async function evaluateOffline(stack: StackConfig, onProgress?: (registered: number) => void): Promise<Evaluation> {
    const resources: RegisteredResource[] = [];
    const mocks: pulumi.runtime.Mocks = {
        newResource(args) {
            const cluster = args.provider ? args.provider.split("::").slice(-2)[0].replace(/-k8s$/, "") : undefined;
            const { __provider: _p, ...inputs } = args.inputs as Record<string, unknown>;
            resources.push({ type: args.type, name: args.name, ...(cluster ? { cluster } : {}), inputs: redact(inputs) as Record<string, unknown> });
            onProgress?.(resources.length);
            const state: Record<string, unknown> = { ...args.inputs };
            if (PKI_TYPES.includes(args.type)) Object.assign(state, { certPem: GENERATED, keyPem: GENERATED, caCertPem: args.inputs.caCertPem ?? GENERATED });
            return { id: `${args.name}-id`, state };
        },
        call(args) {
            // Nothing the components use needs an invoke; an unexpected one must not pass silently.
            throw new Error(`offline evaluation cannot answer invoke ${args.token}`);
        },
    };
    await pulumi.runtime.setMocks(mocks, "edge-interconnect", "plan", false);
    // The mocks see inputs, not resource options; the mock monitor's requests carry both. Record the
    // replacement options each resource is registered with, so the plan's replaceOn/replacedWith are
    // compared with what the components really ask of the engine.
    const options = new Map<string, { replaceOnChanges: string[]; replaceWith: string[] }>();
    const monitor = (pulumi.runtime as unknown as { getMonitor(): { registerResource(req: any, cb: unknown): unknown } }).getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, cb: unknown) => {
        options.set(`${req.getType()}::${req.getName()}`, {
            replaceOnChanges: req.getReplaceonchangesList(),
            replaceWith: (req.getReplaceWithList() as string[]).map((urn) => urn.split("::").pop()!),
        });
        return register(req, cb);
    };
    const interconnect = buildInterconnect(stack, {}, { offline: true });
    const outputs = stackOutputs(interconnect);
    // Waits for every registration the components started.
    await (pulumi.runtime as unknown as { disconnect(): Promise<void> }).disconnect();
    for (const r of resources) {
        const o = options.get(`${r.type}::${r.name}`);
        if (o?.replaceOnChanges.length) r.replaceOnChanges = o.replaceOnChanges;
        if (o?.replaceWith.length) r.replaceWith = o.replaceWith;
    }
    return { resources, outputs };
}

/** The plan object of one registration: a Kubernetes object, a Helm release (cert-manager's component included), or nothing. */
function planObjectOf(r: RegisteredResource): PlanObject | undefined {
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
        ...(r.replaceOnChanges ? { replaceOn: r.replaceOnChanges } : {}),
        ...(r.replaceWith ? { replacedWith: r.replaceWith } : {}),
    };
}

function planDeploymentOf(r: RegisteredResource): PlanDeployment {
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

/**
 * The plan content of an evaluation under mocks, as the plan used to be made
 * before it came from the core: each registration on its cluster (its
 * provider; cert-manager's component by its name), deployments by type.
 */
export function contentOfRegistrations(stack: StackConfig, evaluation: Evaluation): PlanContent {
    const clusters: Record<string, PlanObject[]> = Object.create(null);
    for (const m of [...stack.topology.hubs, ...stack.topology.spokes]) clusters[m.name] = [];
    for (const r of evaluation.resources) {
        const cluster = r.cluster ?? (r.type === "kubernetes-cert-manager:index:CertManager" ? r.name.replace(/-cert-manager$/, "") : undefined);
        const obj = cluster !== undefined && clusters[cluster] ? planObjectOf(r) : undefined;
        if (obj) clusters[cluster!].push(obj);
    }
    const deployments = evaluation.resources.filter((r) => r.type === "edge-interconnect:index:Deployment").map(planDeploymentOf);
    return { clusters, deployments };
}
