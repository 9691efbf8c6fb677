/**
 * MetalLB in L2 mode on a hub: the Helm release, its namespace, and the
 * address pool and advertisement the router's LoadBalancer IP comes from.
 */
import { parseIp, parsePoolEntry, spanToRange } from "../topology/addresses";
import { AddOnsModel, DEFAULT_ADD_ONS, mirroredImage } from "../topology/addons";
import { HubModel, KubeObject } from "../topology/model";
import { commonLabels } from "./labels";

export const METALLB_NAMESPACE = "metallb-system";

/** What a `helm.v3.Release` of MetalLB needs. */
export interface HelmReleaseSpec {
    /** Chart name in the repository, or a local path. */
    chart: string;
    version: string;
    /** Absent for a local chart. */
    repository?: string;
    namespace: string;
    values: Record<string, unknown>;
}

/** The arguments of a `helm.v3.Release`, the subset the package sets. */
export interface HelmReleaseArgs {
    chart: string;
    version: string;
    namespace: string;
    repositoryOpts?: { repo: string };
    values: Record<string, unknown>;
    skipAwait: boolean;
    timeout: number;
}

/** MetalLB's speaker needs host networking and NET_RAW: the namespace must admit privileged pods. */
export function metallbNamespace(network: string, addOns: AddOnsModel = DEFAULT_ADD_ONS): KubeObject {
    return {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: {
            name: addOns.metallb.namespace,
            labels: {
                ...commonLabels(network, "metallb"),
                "pod-security.kubernetes.io/enforce": "privileged",
                "pod-security.kubernetes.io/audit": "privileged",
                "pod-security.kubernetes.io/warn": "privileged",
            },
        },
    };
}

/**
 * The MetalLB Helm release: the pinned chart from its repository, or a local
 * chart for air-gapped sites; images from the mirror registry when one is set;
 * the user's values merged over the package's.
 */
export function metallbRelease(addOns: AddOnsModel = DEFAULT_ADD_ONS): HelmReleaseSpec {
    const { chart } = addOns.metallb;
    const values: Record<string, unknown> = {
        // Skupper sets no spec.loadBalancerClass, so MetalLB must serve class-less Services.
        loadBalancerClass: "",
        crds: { enabled: true, validationFailurePolicy: "Fail" },
        controller: { webhookMode: "enabled" },
        // L2 only: no FRR.
        speaker: { frr: { enabled: false }, tolerateMaster: true, ignoreExcludeLB: true },
    };
    if (addOns.imageRegistry) {
        // values.yaml of chart 0.15.3: controller.image.repository quay.io/metallb/controller, speaker.image.repository quay.io/metallb/speaker.
        (values.controller as Record<string, unknown>).image = { repository: mirroredImage("quay.io/metallb/controller", addOns.imageRegistry) };
        (values.speaker as Record<string, unknown>).image = { repository: mirroredImage("quay.io/metallb/speaker", addOns.imageRegistry) };
    }
    return {
        chart: chart.path ?? "metallb",
        version: chart.version,
        ...(chart.path === undefined ? { repository: chart.repository! } : {}),
        namespace: addOns.metallb.namespace,
        values: mergeValues(values, chart.values),
    };
}

/**
 * The arguments of the `helm.v3.Release` that installs MetalLB, as plain data:
 * HubCluster passes them to @pulumi/kubernetes, the plan prints them. The
 * release waits for its pods (`skipAwait: false`), up to ten minutes.
 */
export function metallbReleaseArgs(addOns: AddOnsModel = DEFAULT_ADD_ONS): HelmReleaseArgs {
    const r = metallbRelease(addOns);
    return {
        chart: r.chart,
        version: r.version,
        namespace: r.namespace,
        ...(r.repository ? { repositoryOpts: { repo: r.repository } } : {}),
        values: r.values,
        skipAwait: false,
        timeout: 600,
    };
}

/** Helm's own rule for layered values: mappings merge key by key, anything else is replaced. */
export function mergeValues(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) {
        const b = out[k];
        const isMap = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
        out[k] = isMap(b) && isMap(v) ? mergeValues(b, v) : v;
    }
    return out;
}

/** Name of the pool that holds only the router's address. */
export function routerPoolName(hub: Pick<HubModel, "name">): string {
    return `${hub.name}-router`;
}

/** Name of the hub's auto-assign pool. */
export function servicePoolName(hub: Pick<HubModel, "name">): string {
    return `${hub.name}-pool`;
}

/**
 * The pool entries left for other LoadBalancers once the router's address is
 * taken out. MetalLB refuses overlapping pools ("CIDR … overlaps with already
 * defined CIDR", internal/config/config.go of v0.15.3), so the router's
 * address cannot stay in the auto-assign pool; entries that do not hold it
 * are kept as written, the one that does is split into ranges around it.
 */
export function addressesWithout(addresses: readonly string[], ip: string): string[] {
    const target = parseIp(ip);
    const out: string[] = [];
    for (const entry of addresses) {
        const span = parsePoolEntry(entry);
        if (typeof span === "string" || !target || span.family !== target.family || target.value < span.first || target.value > span.last) {
            out.push(entry);
            continue;
        }
        if (span.first < target.value) out.push(spanToRange({ ...span, last: target.value - 1n }));
        if (target.value < span.last) out.push(spanToRange({ ...span, first: target.value + 1n }));
    }
    return out;
}

/**
 * The hub's pools. The router's address gets a pool of its own with
 * `autoAssign: false`: MetalLB hands out the lowest free address of an
 * auto-assign pool to any LoadBalancer (internal/allocator/allocator.go,
 * `Allocate` skips pools whose AutoAssign is false), so nothing else can take
 * it, while an explicit `metallb.io/loadBalancerIPs` request is served from
 * any pool (`Assign` does not look at AutoAssign). The rest of the addresses
 * stay in an auto-assign pool, omitted when nothing is left.
 */
export function ipAddressPools(hub: HubModel, network: string, addOns: AddOnsModel = DEFAULT_ADD_ONS): KubeObject[] {
    const ip = hub.loadBalancer.routerIp;
    const prefix = ip.includes(":") ? 128 : 32;
    const pool = (name: string, addresses: string[], autoAssign: boolean): KubeObject => ({
        apiVersion: "metallb.io/v1beta1",
        kind: "IPAddressPool",
        metadata: { name, namespace: addOns.metallb.namespace, labels: commonLabels(network, "metallb") },
        spec: { addresses, autoAssign, avoidBuggyIPs: false },
    });
    const rest = addressesWithout(hub.loadBalancer.addresses, ip);
    return [pool(routerPoolName(hub), [`${ip}/${prefix}`], false), ...(rest.length ? [pool(servicePoolName(hub), rest, true)] : [])];
}

/** Name of the ConfigMap that records the router's address (see {@link routerAddressRecord}). */
export function routerAddressRecordName(hub: Pick<HubModel, "name">): string {
    return `${hub.name}-router-address`;
}

/**
 * A ConfigMap in MetalLB's namespace holding the router's address, so that a
 * change of `routerIp` can pass MetalLB's admission webhook.
 *
 * The address moves between the two pools: out of the router pool, into the
 * auto-assign pool, and the other way for the new one. MetalLB's webhook
 * validates every IPAddressPool create and update against all the pools
 * there are (internal/k8s/webhooks/webhookv1beta1/ipaddresspool_webhook.go,
 * `validateIPAddressPoolUpdate`) and refuses overlaps (internal/config/config.go
 * "CIDR … overlaps with already defined CIDR"), while it lets any delete
 * through (`validateIPAddressPoolDelete` returns nil). Updating either pool
 * first overlaps the other, so the only order that passes is: delete the router
 * pool, update the auto-assign pool, create the router pool.
 *
 * Pulumi gives that order when this record is registered before both pools
 * and replaced delete-first on a change of its data: the engine then deletes
 * the resources whose `replaceWith` names it (the router pool) before it
 * deletes the record itself (pkg/v3@v3.248.0 resource/deploy/step_generator.go,
 * the delete-before-replace branch and `findResourcesReplacedWith`). The
 * auto-assign pool waits for the record, so it is updated in place after the
 * router pool is gone, and the router pool, waiting for it in turn, is created
 * last. The auto-assign pool is never deleted, so no other LoadBalancer loses
 * its address. tests/e2e/metallbWebhook.e2e.ts runs this with the webhook on.
 */
export function routerAddressRecord(hub: HubModel, network: string, addOns: AddOnsModel = DEFAULT_ADD_ONS): KubeObject {
    return {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: routerAddressRecordName(hub), namespace: addOns.metallb.namespace, labels: commonLabels(network, "metallb") },
        data: { address: hub.loadBalancer.routerIp },
    };
}

export function l2Advertisement(hub: HubModel, network: string, addOns: AddOnsModel = DEFAULT_ADD_ONS): KubeObject {
    const pools = ipAddressPools(hub, network, addOns).map((p) => p.metadata.name);
    const spec: Record<string, unknown> = { ipAddressPools: pools };
    if (hub.loadBalancer.l2Interfaces.length) spec.interfaces = [...hub.loadBalancer.l2Interfaces];
    return {
        apiVersion: "metallb.io/v1beta1",
        kind: "L2Advertisement",
        metadata: { name: `${hub.name}-l2`, namespace: addOns.metallb.namespace, labels: commonLabels(network, "metallb") },
        spec,
    };
}

/**
 * A no-op patch of MetalLB's webhook Service. Pulumi waits for a patched
 * Service's endpoints to be ready, so the address pool is created only once
 * the admission webhook has a serving pod: the install race of metallb#1540.
 */
export function metallbWebhookGate(addOns: AddOnsModel = DEFAULT_ADD_ONS): KubeObject {
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: {
            name: "metallb-webhook-service",
            namespace: addOns.metallb.namespace,
            annotations: { "edge-interconnect.pulumi.com/waits-for": "webhook endpoints before address pools" },
        },
    };
}
