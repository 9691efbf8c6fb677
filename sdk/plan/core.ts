/**
 * The plan's content from the pure core: the validated model → each
 * cluster's `PlannedObject[]` (the same lists the components turn into
 * resources), the Helm releases the hub components add, and, in the
 * orchestrator-managed mode, the deployments. No Pulumi runtime: nothing is
 * registered, nothing is resolved. Certificates and keys are made at deploy,
 * so they stand as {@link GENERATED}; Secret contents as {@link REDACTED}.
 *
 * tests/plan/planMatchesComponents.spec.ts checks, topology by topology,
 * that this equals what the components register under Pulumi's mocks.
 */
import { HubMaterial, PlannedObject, ROLE_REPLACED_ON, ROLE_REPLACED_WITH, SpokeMaterial, hubObjects, spokeObjects } from "../manifests/cluster";
import { metallbRelease, metallbReleaseArgs } from "../manifests/metallb";
import { certManagerArgs, certManagerRelease } from "../manifests/tls";
import { extensionPackagesFor, loadBalancerDeployment, skupperDeployment, targetsFor } from "../managed/extensions";
import { patchResourceName, resourceName } from "../kube/resourceNames";
import { AddOnsModel, validateHubAddOns, validateSpokeAddOns } from "../topology/addons";
import type { StackConfig } from "../stack/config";
import type { DeploymentSpec } from "../../provider/orchestrator/types";

/** What stands for a secret value in plans and manifests. */
export const REDACTED = "(secret)";
/** What stands for a value only known after `pulumi up` (certificates, keys, their fingerprints). */
export const GENERATED = "(generated at deploy)";

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
    /** Field paths whose change replaces the object (delete, then create) instead of updating it (`replaceOnChanges`). */
    replaceOn?: string[];
    /** Resources (Pulumi names, same cluster) whose replacement replaces this object too (`replaceWith`). */
    replacedWith?: string[];
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

/** Each cluster's objects (in no particular order) and the orchestrator deployments. */
export interface PlanContent {
    clusters: Record<string, PlanObject[]>;
    deployments: PlanDeployment[];
}

/**
 * A value as the plan prints it: keys sorted at every level, undefined
 * members left out (as Pulumi serialises resource inputs, so that plans
 * read the same whichever way they were made).
 */
export function canonical(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : canonical(v)));
    if (value && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(value).sort()) {
            const v = (value as Record<string, unknown>)[k];
            if (v !== undefined) out[k] = canonical(v);
        }
        return out;
    }
    return value;
}

const hubMaterial: HubMaterial<string> = {
    // The fingerprint of a certificate not generated yet is not known either.
    siteCa: { certPem: GENERATED, keyPem: GENERATED, fingerprint: GENERATED },
    networkCa: { certPem: GENERATED, keyPem: GENERATED },
};
const spokeMaterial: SpokeMaterial<string> = {
    link: { certPem: GENERATED, keyPem: GENERATED, caCertPem: GENERATED },
    networkCa: { certPem: GENERATED, keyPem: GENERATED },
};

/** A cluster's planned objects as plan objects, with the replacement rules the components give their resources (sdk/kube/objects.ts). */
function planObjects(component: string, planned: PlannedObject[]): PlanObject[] {
    const objects = planned.map((p) => planObject(component, p));
    return objects.map((o, i) => {
        const role = planned[i].role;
        const replaceOn = ROLE_REPLACED_ON[role];
        const withRole = ROLE_REPLACED_WITH[role];
        const replacedWith = withRole ? objects.filter((_, j) => planned[j].role === withRole).map((x) => x.resource) : [];
        return { ...o, ...(replaceOn ? { replaceOn: [...replaceOn] } : {}), ...(replacedWith.length ? { replacedWith } : {}) };
    });
}

/** The object as the component applies it: Secret contents are secrets (the typed Secret class marks data and stringData so). */
function planObject(component: string, p: PlannedObject): PlanObject {
    const obj = p.obj as unknown as Record<string, unknown> & { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };
    let body: Record<string, unknown> = obj;
    if (!p.patch && obj.apiVersion === "v1" && obj.kind === "Secret") {
        body = { ...obj, data: obj.data ? REDACTED : undefined, stringData: obj.stringData ? REDACTED : undefined };
    }
    return {
        kind: obj.kind,
        apiVersion: obj.apiVersion ?? "",
        ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}),
        name: obj.metadata.name,
        patch: p.patch,
        resource: p.patch ? patchResourceName(component, p.obj) : resourceName(component, p.obj),
        body: canonical(body) as Record<string, unknown>,
    };
}

function helmRelease(resource: string, namespace: string | undefined, name: string, body: Record<string, unknown>): PlanObject {
    return { kind: "HelmRelease", apiVersion: "helm.sh/v3", namespace, name, patch: false, resource, body: canonical(body) as Record<string, unknown> };
}

/** The Helm releases HubCluster adds beside its planned objects, with the arguments it gives them. */
function hubReleases(hub: string, addOns: AddOnsModel, tls: boolean): PlanObject[] {
    const out: PlanObject[] = [];
    if (addOns.metallb.install) {
        const r = metallbRelease(addOns);
        // @pulumi/kubernetes's Release sends `compat: "true"` with every release.
        out.push(helmRelease(`${hub}-metallb`, r.namespace, `${r.chart}@${r.version}`, { ...metallbReleaseArgs(addOns), compat: "true" }));
    }
    if (addOns.certManager.install && tls) {
        const cm = certManagerRelease(addOns);
        out.push(helmRelease(`${hub}-cert-manager`, cm.namespace, `cert-manager@${cm.version}`, certManagerArgs(addOns)));
    }
    return out;
}

function planDeployment(resource: string, spec: DeploymentSpec): PlanDeployment {
    const s = canonical(spec) as DeploymentSpec & { networkName?: string };
    return {
        resource,
        appName: s.appName,
        appVersion: s.appVersion,
        ...(s.profileName ? { profileName: s.profileName } : {}),
        ...(s.displayName ? { displayName: s.displayName } : {}),
        clusterIds: [...new Set<string>((s.targetClusters ?? []).map((t) => t.clusterId ?? "(labels)"))],
        ...(s.networkName ? { networkName: s.networkName } : {}),
        serviceExports: (s.serviceExports ?? []).map((e) => e.appName),
        ...(s.overrideValues ? { overrideValues: s.overrideValues as unknown[] } : {}),
    };
}

function defined<T extends object>(o: T): T {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Each cluster's objects and the deployments of a validated stack configuration, as `pulumi up` would create them. */
export function planContent(stack: StackConfig): PlanContent {
    const t = stack.topology;
    const naming = t.network.naming;
    const network = t.network.name;
    const clusters: Record<string, PlanObject[]> = Object.create(null);
    const deployments: PlanDeployment[] = [];
    const managedId = (name: string) => stack.access[name]?.orchestratorClusterId;
    const o = stack.orchestrator;
    const packages = () => {
        const p = extensionPackagesFor(o?.release, o?.extensionPackages ?? {});
        if (typeof p === "string") throw new Error(`orchestrator release: ${p}`);
        return p;
    };
    // Most members share their add-on settings (none given): validate each distinct setting once.
    const addOnsCache = new Map<string, AddOnsModel>();
    const addOnsOf = (kind: "hub" | "spoke", args: object): AddOnsModel => {
        const key = `${kind}:${JSON.stringify(args)}`;
        let model = addOnsCache.get(key);
        const version = t.network.skupperVersion;
        if (!model) addOnsCache.set(key, (model = kind === "hub" ? validateHubAddOns(args, [], version) : validateSpokeAddOns(args, [], version)));
        return model;
    };
    for (const hub of t.hubs) {
        const id = managedId(hub.name);
        if (id !== undefined) {
            clusters[hub.name] = [];
            deployments.push(
                planDeployment(`${hub.name}-loadbalancer`, loadBalancerDeployment(hub.name, id, hub.loadBalancer.addresses, packages())),
                planDeployment(`${hub.name}-skupper`, skupperDeployment(hub.name, id, packages())),
            );
            continue;
        }
        const { metallb, certManager, skupperController, imageRegistry } = stack.addOns?.[hub.name] ?? {};
        const addOns = addOnsOf("hub", defined({ metallb, certManager, skupperController, imageRegistry }));
        const planned = hubObjects(hub, naming, network, hubMaterial, {
            annotateServices: stack.annotateServices[hub.name] ?? true,
            addOns,
            skupperVersion: t.network.skupperVersion,
        });
        clusters[hub.name] = [
            ...planObjects(hub.name, planned),
            ...hubReleases(
                hub.name,
                addOns,
                hub.exposedServices.some((s) => s.tls),
            ),
        ];
    }
    for (const spoke of t.spokes) {
        const id = managedId(spoke.name);
        if (id !== undefined) {
            clusters[spoke.name] = [];
            deployments.push(planDeployment(`${spoke.name}-skupper`, skupperDeployment(spoke.name, id, packages())));
            continue;
        }
        const hub = t.hubs.find((h) => h.name === spoke.hub)!;
        const { skupperController, imageRegistry } = stack.addOns?.[spoke.name] ?? {};
        const addOns = addOnsOf("spoke", defined({ skupperController, imageRegistry }));
        // Skupper v2: the certificate each spoke router presents per TLS service, made at deploy like the others.
        const material: SpokeMaterial<string> =
            t.network.skupperVersion === "v2"
                ? {
                      ...spokeMaterial,
                      serviceCertificates: Object.fromEntries(
                          hub.exposedServices.filter((s) => s.tls).map((s) => [s.name, { certPem: GENERATED, keyPem: GENERATED }]),
                      ),
                  }
                : spokeMaterial;
        clusters[spoke.name] = planObjects(spoke.name, spokeObjects(spoke, hub, naming, network, material, addOns, t.network.skupperVersion));
    }
    for (const a of stack.applications) {
        const exposed = a.role === "server" ? (a.exposedApplications ?? [a.appName]) : [];
        const clusterIds = a.clusters.map((c) => managedId(c)!);
        deployments.push(
            planDeployment(`${a.name}-deployment`, {
                appName: a.appName,
                appVersion: a.appVersion,
                profileName: a.profileName,
                displayName: a.displayName ?? a.name,
                deploymentType: "targeted",
                targetClusters: targetsFor([a.appName], clusterIds),
                networkName: network,
                serviceExports: exposed.length ? exposed.map((appName) => ({ appName, enabled: true })) : undefined,
            } as DeploymentSpec),
        );
    }
    return { clusters, deployments };
}
