/**
 * MetalLB in L2 mode on a hub: the Helm release, its namespace, and the
 * address pool and advertisement the router's LoadBalancer IP comes from.
 */
import { HubModel, KubeObject, VERSIONS } from "../topology/model";
import { commonLabels } from "./labels";

export const METALLB_NAMESPACE = "metallb-system";

/** What a `helm.v3.Release` of MetalLB needs. */
export interface HelmReleaseSpec {
    chart: string;
    version: string;
    repository: string;
    namespace: string;
    values: Record<string, unknown>;
}

/** MetalLB's speaker needs host networking and NET_RAW: the namespace must admit privileged pods. */
export function metallbNamespace(network: string): KubeObject {
    return {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: {
            name: METALLB_NAMESPACE,
            labels: {
                ...commonLabels(network, "metallb"),
                "pod-security.kubernetes.io/enforce": "privileged",
                "pod-security.kubernetes.io/audit": "privileged",
                "pod-security.kubernetes.io/warn": "privileged",
            },
        },
    };
}

export function metallbRelease(): HelmReleaseSpec {
    return {
        chart: "metallb",
        version: VERSIONS.metallbChart,
        repository: VERSIONS.metallbRepo,
        namespace: METALLB_NAMESPACE,
        values: {
            // Skupper sets no spec.loadBalancerClass, so MetalLB must serve class-less Services.
            loadBalancerClass: "",
            crds: { enabled: true, validationFailurePolicy: "Fail" },
            controller: { webhookMode: "enabled" },
            // L2 only: no FRR.
            speaker: { frr: { enabled: false }, tolerateMaster: true, ignoreExcludeLB: true },
        },
    };
}

export function ipAddressPool(hub: HubModel, network: string): KubeObject {
    return {
        apiVersion: "metallb.io/v1beta1",
        kind: "IPAddressPool",
        metadata: { name: `${hub.name}-pool`, namespace: METALLB_NAMESPACE, labels: commonLabels(network, "metallb") },
        spec: { addresses: [...hub.loadBalancer.addresses], autoAssign: true, avoidBuggyIPs: false },
    };
}

export function l2Advertisement(hub: HubModel, network: string): KubeObject {
    const spec: Record<string, unknown> = { ipAddressPools: [`${hub.name}-pool`] };
    if (hub.loadBalancer.l2Interfaces.length) spec.interfaces = [...hub.loadBalancer.l2Interfaces];
    return {
        apiVersion: "metallb.io/v1beta1",
        kind: "L2Advertisement",
        metadata: { name: `${hub.name}-l2`, namespace: METALLB_NAMESPACE, labels: commonLabels(network, "metallb") },
        spec,
    };
}

/**
 * A no-op patch of MetalLB's webhook Service. Pulumi waits for a patched
 * Service's endpoints to be ready, so the address pool is created only once
 * the admission webhook has a serving pod: the install race of metallb#1540.
 */
export function metallbWebhookGate(): KubeObject {
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: {
            name: "metallb-webhook-service",
            namespace: METALLB_NAMESPACE,
            annotations: { "edge-interconnect.pulumi.com/waits-for": "webhook endpoints before address pools" },
        },
    };
}
