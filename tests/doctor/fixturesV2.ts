/**
 * Skupper v2 objects as a site of this package looks on a cluster: the
 * resources the v2 builders write (sdk/manifests/v2: Site named after the
 * member, Link and Secret `link-to-<hub>`, Connector/Listener named after the
 * service), with the status the CRDs declare (sdk/manifests/v2/crds,
 * Skupper 2.2.1: `status.status`, `status.message`, `status.conditions[]`
 * as metav1.Condition, Link `remoteSiteName`, Site `sitesInNetwork`). The
 * condition reasons are the schema's examples, not captured from a running
 * controller (README "What is inferred").
 */
import type { FakeClusterState, KubeObj } from "./fakeKube";
import { EXPOSED, HUB, NS, RANGES, ROUTER_IP, SPOKE, routerService, siteControllerDeployment } from "./fixtures";

const T0 = "2026-06-30T08:12:41Z";
const API = "skupper.io/v2alpha1";

type Cond = [type: string, status: "True" | "False" | "Unknown", reason?: string, message?: string];

function conditions(list: Cond[]): object[] {
    return list.map(([type, status, reason, message]) => ({
        type,
        status,
        reason: reason ?? (status === "True" ? "Ready" : "Pending"),
        message: message ?? (status === "True" ? "OK" : "Pending"),
        lastTransitionTime: T0,
        observedGeneration: 1,
    }));
}

function resource(kind: string, name: string, spec: object, status: object, labels: Record<string, string> = {}): KubeObj {
    return {
        apiVersion: API,
        kind,
        metadata: {
            name,
            namespace: NS,
            uid: `0d3e5f7a-${name.length.toString().padStart(4, "0")}-4b1c-8d2e-${kind.toLowerCase().padEnd(12, "0").slice(0, 12)}`,
            generation: 1,
            creationTimestamp: T0,
            labels: { "app.kubernetes.io/managed-by": "pulumi-edge-interconnect", ...labels },
        },
        spec,
        status,
    };
}

/** The member's `Site`: Ready unless `failing` names a condition that is False (Ready then False too). */
export function site(
    member: string,
    opts: { hub?: boolean; failing?: { type: "Configured" | "Running" | "Resolved"; reason: string; message: string }; noStatus?: boolean } = {},
): KubeObj {
    const spec = opts.hub ? { linkAccess: "loadbalancer" } : { linkAccess: "none" };
    if (opts.noStatus) return resource("Site", member, spec, {});
    const f = opts.failing;
    const list: Cond[] = (["Configured", "Running", "Resolved"] as const).map((t) => (f?.type === t ? [t, "False", f.reason, f.message] : [t, "True"]));
    list.push(f ? ["Ready", "False", f.reason, f.message] : ["Ready", "True"]);
    return resource(
        "Site",
        member,
        spec,
        {
            status: f ? "Pending" : "Ready",
            message: f ? f.message : "OK",
            defaultIssuer: "skupper-site-ca",
            sitesInNetwork: f ? 1 : 2,
            conditions: conditions(list),
        },
        { "app.kubernetes.io/component": "skupper-site" },
    );
}

/** Deployment `skupper/skupper-controller`, as the package's cluster-scope install makes it. */
export function controllerV2Deployment(available = true): KubeObj {
    const d = siteControllerDeployment(available);
    return {
        ...d,
        metadata: {
            ...d.metadata,
            name: "skupper-controller",
            namespace: "skupper",
            labels: { application: "skupper-controller", "app.kubernetes.io/managed-by": "pulumi-edge-interconnect" },
        },
    };
}

/** A v2 router pod: the controller's labels (selector of the router Service: skupper.io/component, skupper.io/group). */
export function routerPodV2(member: string): KubeObj {
    const name = `skupper-router-6d9f7c8b5-${member
        .replace(/[^a-z0-9]/g, "")
        .slice(-5)
        .padStart(5, "x")}`;
    const running = (c: string, image: string) => ({
        name: c,
        state: { running: { startedAt: T0 } },
        lastState: {},
        ready: true,
        restartCount: 0,
        image,
        imageID: `${image}@sha256:${"ab12".repeat(16)}`,
        started: true,
    });
    return {
        metadata: {
            name,
            namespace: NS,
            uid: `7a1b2c3d-0000-4e5f-8a9b-${member.length.toString().padStart(12, "0")}`,
            creationTimestamp: T0,
            labels: {
                "app.kubernetes.io/name": "skupper-router",
                "app.kubernetes.io/part-of": "skupper",
                application: "skupper-router",
                "skupper.io/component": "router",
                "skupper.io/group": "skupper-router",
                "skupper.io/type": "site",
            },
        },
        spec: { containers: [{ name: "router" }, { name: "kube-adaptor" }] },
        status: {
            phase: "Running",
            conditions: [
                { type: "Ready", status: "True", lastTransitionTime: T0 },
                { type: "ContainersReady", status: "True", lastTransitionTime: T0 },
            ],
            containerStatuses: [running("router", "quay.io/skupper/skupper-router:3.5.1"), running("kube-adaptor", "quay.io/skupper/kube-adaptor:2.2.1")],
        },
    };
}

/** The spoke's Link to the hub (manifests/v2/link.ts linkV2): Operational unless `down` says why not. */
export function linkV2(host = ROUTER_IP, down?: { reason: string; message: string }): KubeObj {
    const name = `link-to-${HUB}`;
    const list: Cond[] = down
        ? [
              ["Configured", "True"],
              ["Operational", "False", down.reason, down.message],
              ["Ready", "False", down.reason, down.message],
          ]
        : [
              ["Configured", "True"],
              ["Operational", "True"],
              ["Ready", "True"],
          ];
    return resource(
        "Link",
        name,
        {
            tlsCredentials: name,
            cost: 1,
            endpoints: [
                { name: "inter-router", host, port: "55671", group: "skupper-router" },
                { name: "edge", host, port: "45671", group: "skupper-router" },
            ],
        },
        { status: down ? "Pending" : "Ready", message: down ? down.message : "OK", ...(down ? {} : { remoteSiteName: HUB }), conditions: conditions(list) },
        { "app.kubernetes.io/component": "skupper-link" },
    );
}

/** The Link's kubernetes.io/tls Secret (manifests/v2/link.ts linkSecretV2). */
export function linkSecretV2(opts: { type?: string; keys?: string[] } = {}): KubeObj {
    const pem = (what: string) => Buffer.from(`-----BEGIN ${what}-----\nTEST\n-----END ${what}-----\n`).toString("base64");
    const all: Record<string, string> = { "ca.crt": pem("CERTIFICATE"), "tls.crt": pem("CERTIFICATE"), "tls.key": pem("RSA PRIVATE KEY") };
    const keys = opts.keys ?? Object.keys(all);
    return {
        metadata: { name: `link-to-${HUB}`, namespace: NS, creationTimestamp: T0, labels: { "app.kubernetes.io/component": "skupper-link" } },
        type: opts.type ?? "kubernetes.io/tls",
        data: Object.fromEntries(keys.map((k) => [k, all[k]])),
    };
}

/** A Connector (hub) or Listener (spoke) for an exposed service; `matched: false` leaves its other side unmatched. */
export function serviceResource(kind: "Connector" | "Listener", name: string, port: number, opts: { matched?: boolean } = {}): KubeObj {
    const matched = opts.matched ?? true;
    const other = kind === "Connector" ? "Matched" : "Operational";
    const why = kind === "Connector" ? "No matching listeners" : "No matching connectors";
    const list: Cond[] = [
        ["Configured", "True"],
        matched ? [other, "True"] : [other, "False", "Pending", why],
        matched ? ["Ready", "True"] : ["Ready", "False", "Pending", why],
    ];
    const spec = kind === "Connector" ? { routingKey: name, port, host: `${name}.shop.svc` } : { routingKey: name, host: name, port };
    return resource(
        kind,
        name,
        spec,
        {
            status: matched ? "Ready" : "Pending",
            message: matched ? "OK" : why,
            ...(kind === "Connector" ? { hasMatchingListener: matched } : { hasMatchingConnector: matched }),
            conditions: conditions(list),
        },
        { "app.kubernetes.io/component": "skupper-service" },
    );
}

/** The Service a Listener makes (`spec.host`), as the controller writes it. */
function listenerService(name: string, port: number): KubeObj {
    return {
        metadata: {
            name,
            namespace: NS,
            creationTimestamp: T0,
            labels: { "internal.skupper.io/listener": "true" },
            annotations: { "internal.skupper.io/controlled": "true" },
        },
        spec: {
            type: "ClusterIP",
            clusterIP: `10.43.9.${port % 250}`,
            ports: [{ name: name, protocol: "TCP", port, targetPort: 1024 }],
            selector: { "skupper.io/component": "router" },
        },
        status: { loadBalancer: {} },
    };
}

/** A healthy v2 hub; `routerIp: null` leaves the LoadBalancer pending (and the Site not Resolved, as the controller reports it). */
export function healthyHubV2(over: { routerIp?: null; site?: KubeObj; matched?: boolean } = {}): FakeClusterState {
    const pending = over.routerIp === null;
    const svc = routerService({ ip: pending ? undefined : ROUTER_IP, pinned: ROUTER_IP, ranges: RANGES });
    return {
        skupperCrds: true,
        pods: [routerPodV2(HUB)],
        deployments: [controllerV2Deployment()],
        services: [svc],
        secrets: [],
        sites: [
            over.site ??
                site(HUB, {
                    hub: true,
                    ...(pending ? { failing: { type: "Resolved", reason: "Pending", message: "No addresses for link access" } } : {}),
                }),
        ],
        connectors: EXPOSED.map((s) => serviceResource("Connector", s.name, s.port, { matched: over.matched })),
    };
}

/** A healthy v2 spoke: Site, Link and its Secret, a Listener per exposed service and the Service it made. */
export function healthySpokeV2(
    over: { link?: KubeObj | null; secret?: KubeObj | null; listeners?: string[]; matched?: boolean; site?: KubeObj } = {},
): FakeClusterState {
    const names = over.listeners ?? EXPOSED.map((s) => s.name);
    const exposed = EXPOSED.filter((s) => names.includes(s.name));
    return {
        skupperCrds: true,
        pods: [routerPodV2(SPOKE)],
        deployments: [controllerV2Deployment()],
        services: exposed.map((s) => listenerService(s.name, s.port)),
        secrets: over.secret === null ? [] : [over.secret ?? linkSecretV2()],
        sites: [over.site ?? site(SPOKE)],
        links: over.link === null ? [] : [over.link ?? linkV2()],
        listeners: exposed.map((s) => serviceResource("Listener", s.name, s.port, { matched: over.matched })),
    };
}
