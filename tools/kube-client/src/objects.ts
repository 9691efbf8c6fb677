/**
 * @kubernetes/client-node's typed objects (and the JSON of Skupper's custom
 * resources) reduced to the plain shapes doctor's checks read
 * (`ObjectMetaInfo`, `PodInfo`, … of the library's
 * sdk/doctor/clusterObjects.ts). Secrets never pass through here with their
 * values: the client keeps only the names of their keys.
 */
import type * as K8s from "@kubernetes/client-node";
import type {
    ContainerStatusInfo,
    DeploymentInfo,
    ObjectMetaInfo,
    PodInfo,
    ServiceInfo,
    SkupperResourceInfo,
} from "pulumi-edge-interconnect/dist/sdk/doctor/clusterObjects";

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const time = (v: unknown): string | undefined => (v instanceof Date ? v.toISOString() : str(v));

/** `metadata`, with copies of its label and annotation maps. */
export function meta(m: K8s.V1ObjectMeta | undefined): ObjectMetaInfo {
    return {
        name: m?.name ?? "",
        ...(m?.namespace ? { namespace: m.namespace } : {}),
        labels: { ...(m?.labels ?? {}) },
        annotations: { ...(m?.annotations ?? {}) },
        ...(m?.deletionTimestamp ? { deletionTimestamp: time(m.deletionTimestamp) } : {}),
    };
}

function container(c: K8s.V1ContainerStatus): ContainerStatusInfo {
    const s = c.state;
    const state = s?.running ? "running" : s?.waiting ? "waiting" : s?.terminated ? "terminated" : "unknown";
    const reason = str(s?.waiting?.reason) ?? str(s?.terminated?.reason);
    const message = str(s?.waiting?.message) ?? str(s?.terminated?.message);
    const last = c.lastState?.terminated;
    return {
        name: c.name,
        ready: c.ready === true,
        restartCount: c.restartCount ?? 0,
        state,
        ...(reason ? { reason } : {}),
        ...(message ? { message } : {}),
        ...(last ? { lastTermination: { reason: str(last.reason), exitCode: last.exitCode } } : {}),
    };
}

/** A pod, reduced to its phase, readiness and container states. */
export function podInfo(p: K8s.V1Pod): PodInfo {
    return {
        metadata: meta(p.metadata),
        phase: str(p.status?.phase),
        ready: (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"),
        containers: (p.status?.containerStatuses ?? []).map(container),
    };
}

/** A Service, reduced to its type, load balancer fields and ports. */
export function serviceInfo(s: K8s.V1Service): ServiceInfo {
    return {
        metadata: meta(s.metadata),
        type: s.spec?.type ?? "ClusterIP",
        ...(s.spec?.loadBalancerIP ? { loadBalancerIP: s.spec.loadBalancerIP } : {}),
        loadBalancerSourceRanges: [...(s.spec?.loadBalancerSourceRanges ?? [])],
        ports: (s.spec?.ports ?? []).map((p) => ({ name: p.name, port: p.port, protocol: p.protocol })),
        ingress: (s.status?.loadBalancer?.ingress ?? []).map((i) => ({
            ...(i.ip ? { ip: i.ip } : {}),
            ...(i.hostname ? { hostname: i.hostname } : {}),
        })),
    };
}

/** A Deployment, reduced to its replica counts and conditions. */
export function deploymentInfo(d: K8s.V1Deployment): DeploymentInfo {
    return {
        metadata: meta(d.metadata),
        replicas: d.spec?.replicas ?? 1,
        readyReplicas: d.status?.readyReplicas ?? 0,
        availableReplicas: d.status?.availableReplicas ?? 0,
        conditions: (d.status?.conditions ?? []).map((c) => ({ type: c.type, status: c.status, reason: str(c.reason), message: str(c.message) })),
    };
}

type Loose = Record<string, unknown>;
const loose = (v: unknown): Loose => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Loose) : {});

/**
 * A custom resource arrives as plain JSON (no typed model maps it), so only
 * fields of the expected type are kept; the library's sdk/doctor/shape.ts refuses what is left wrong.
 */
export function skupperResourceInfo(o: unknown): SkupperResourceInfo {
    const obj = loose(o);
    const m = loose(obj.metadata);
    const spec = loose(obj.spec);
    const status = loose(obj.status);
    const stringMap = (v: unknown): Record<string, string> =>
        Object.fromEntries(Object.entries(loose(v)).filter((e): e is [string, string] => typeof e[1] === "string"));
    return {
        metadata: {
            name: typeof m.name === "string" ? m.name : "",
            ...(typeof m.namespace === "string" ? { namespace: m.namespace } : {}),
            labels: stringMap(m.labels),
            annotations: stringMap(m.annotations),
            ...(typeof m.deletionTimestamp === "string" ? { deletionTimestamp: m.deletionTimestamp } : {}),
        },
        spec: {
            ...(str(spec.routingKey) ? { routingKey: spec.routingKey as string } : {}),
            ...(str(spec.host) ? { host: spec.host as string } : {}),
            ...(str(spec.tlsCredentials) ? { tlsCredentials: spec.tlsCredentials as string } : {}),
            endpoints: (Array.isArray(spec.endpoints) ? spec.endpoints : []).map((e) => {
                const x = loose(e);
                return {
                    ...(str(x.name) ? { name: x.name as string } : {}),
                    ...(str(x.host) ? { host: x.host as string } : {}),
                    ...(str(x.port) ? { port: x.port as string } : {}),
                };
            }),
        },
        status: {
            ...(str(status.status) ? { status: status.status as string } : {}),
            ...(str(status.message) ? { message: status.message as string } : {}),
            // Kept as sent: shape.ts refuses a condition without string type and status.
            conditions: (Array.isArray(status.conditions) ? status.conditions : []).map((c) => {
                const x = loose(c);
                return {
                    type: x.type as string,
                    status: x.status as string,
                    ...(str(x.reason) ? { reason: x.reason as string } : {}),
                    ...(str(x.message) ? { message: x.message as string } : {}),
                };
            }),
            ...(str(status.remoteSiteName) ? { remoteSiteName: status.remoteSiteName as string } : {}),
            ...(typeof status.sitesInNetwork === "number" ? { sitesInNetwork: status.sitesInNetwork } : {}),
        },
    };
}
