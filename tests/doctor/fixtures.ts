/**
 * Skupper v1 objects as a site looks on a cluster, following upstream shapes
 * (skupperproject/skupper 1.9 `client/router_create.go` labels and ports, the
 * v1 site controller's Deployment, connection-token annotations, the
 * `NetworkStatusInfo` JSON of `pkg/network/types.go`).
 */
import type { FakeClusterState, KubeObj } from "./fakeKube";

export const NS = "interconnect";
const T0 = "2026-06-30T08:12:41Z";

let uidCounter = 0;
function uid(): string {
    uidCounter++;
    return `6f1c2a0e-${String(uidCounter).padStart(4, "0")}-4c7e-9d3b-2b8e5f0a${String(uidCounter).padStart(4, "0")}`;
}

/** Pod name of the router of `site` (also its router id's suffix). */
export function routerPodName(site: string): string {
    const alphabet = "bcdfghjklmnpqrstvwxz2456789";
    let h = 7;
    for (const c of site) h = (h * 31 + c.charCodeAt(0)) % 1_000_003;
    const suffix = Array.from({ length: 5 }, (_, i) => alphabet[Math.floor(h / alphabet.length ** i) % alphabet.length]).join("");
    return `skupper-router-7c9d8b6f5-${suffix}`;
}

function running(name: string, image: string, restartCount = 0): object {
    return {
        name,
        state: { running: { startedAt: T0 } },
        lastState: {},
        ready: true,
        restartCount,
        image,
        imageID: `${image.split(":")[0]}@sha256:${"ab12".repeat(16)}`,
        containerID: `containerd://${"9e7f".repeat(16)}`,
        started: true,
    };
}

function crashLooping(name: string, image: string, pod: string, restartCount: number): object {
    return {
        name,
        state: { waiting: { reason: "CrashLoopBackOff", message: `back-off 5m0s restarting failed container=${name} pod=${pod}_${NS}(${uid()})` } },
        lastState: {
            terminated: {
                exitCode: 1,
                reason: "Error",
                startedAt: "2026-06-30T09:01:02Z",
                finishedAt: "2026-06-30T09:01:04Z",
                containerID: `containerd://${"41ac".repeat(16)}`,
            },
        },
        ready: false,
        restartCount,
        image,
        imageID: `${image.split(":")[0]}@sha256:${"cd34".repeat(16)}`,
        containerID: `containerd://${"41ac".repeat(16)}`,
        started: false,
    };
}

function pod(
    name: string,
    labels: Record<string, string>,
    containers: { name: string; image: string }[],
    statuses: object[],
    ready: boolean,
    phase = "Running",
): KubeObj {
    const rs = name.split("-").slice(0, -1).join("-");
    return {
        metadata: {
            name,
            generateName: `${rs}-`,
            namespace: NS,
            uid: uid(),
            resourceVersion: "48133",
            creationTimestamp: T0,
            labels: { ...labels, "pod-template-hash": rs.split("-").pop()! },
            ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: rs, uid: uid(), controller: true, blockOwnerDeletion: true }],
        },
        spec: { containers: containers.map((c) => ({ ...c, imagePullPolicy: "IfNotPresent" })), restartPolicy: "Always", nodeName: "edge-node-1" },
        status: {
            phase,
            conditions: [
                { type: "Initialized", status: "True", lastTransitionTime: T0 },
                { type: "Ready", status: ready ? "True" : "False", lastTransitionTime: T0, ...(ready ? {} : { reason: "ContainersNotReady" }) },
                { type: "ContainersReady", status: ready ? "True" : "False", lastTransitionTime: T0 },
                { type: "PodScheduled", status: "True", lastTransitionTime: T0 },
            ],
            hostIP: "192.168.50.11",
            podIP: "10.42.0.17",
            startTime: T0,
            containerStatuses: statuses,
        },
    };
}

const ROUTER_IMAGE = "quay.io/skupper/skupper-router:2.7.6";
const CONFIG_SYNC_IMAGE = "quay.io/skupper/config-sync:1.9.6";
const CONTROLLER_IMAGE = "quay.io/skupper/service-controller:1.9.6";

export const ROUTER_LABELS = {
    "app.kubernetes.io/name": "skupper-router",
    "app.kubernetes.io/part-of": "skupper",
    application: "skupper-router",
    "skupper.io/component": "router",
};

export const CONTROLLER_LABELS = {
    "app.kubernetes.io/name": "skupper-service-controller",
    "app.kubernetes.io/part-of": "skupper",
    "skupper.io/component": "service-controller",
};

export function routerPod(site: string, opts: { crashLoop?: number } = {}): KubeObj {
    const name = routerPodName(site);
    const containers = [
        { name: "router", image: ROUTER_IMAGE },
        { name: "config-sync", image: CONFIG_SYNC_IMAGE },
    ];
    const statuses = opts.crashLoop
        ? [crashLooping("router", ROUTER_IMAGE, name, opts.crashLoop), running("config-sync", CONFIG_SYNC_IMAGE)]
        : [running("router", ROUTER_IMAGE), running("config-sync", CONFIG_SYNC_IMAGE)];
    return pod(name, ROUTER_LABELS, containers, statuses, !opts.crashLoop);
}

export function controllerPod(): KubeObj {
    const name = "skupper-service-controller-5b6d7f8c9-qk4tz";
    return pod(name, CONTROLLER_LABELS, [{ name: "service-controller", image: CONTROLLER_IMAGE }], [running("service-controller", CONTROLLER_IMAGE)], true);
}

export function siteControllerDeployment(available = true): KubeObj {
    return {
        metadata: {
            name: "skupper-site-controller",
            namespace: "skupper-site-controller",
            uid: uid(),
            generation: 1,
            creationTimestamp: T0,
            labels: { application: "skupper-site-controller", "app.kubernetes.io/managed-by": "pulumi-edge-interconnect" },
        },
        spec: {
            replicas: 1,
            selector: { matchLabels: { application: "skupper-site-controller" } },
            template: {
                metadata: { labels: { application: "skupper-site-controller" } },
                spec: {
                    serviceAccountName: "skupper-site-controller",
                    containers: [{ name: "site-controller", image: "quay.io/skupper/site-controller:1.9.6" }],
                },
            },
        },
        status: {
            observedGeneration: 1,
            replicas: 1,
            updatedReplicas: 1,
            readyReplicas: available ? 1 : 0,
            availableReplicas: available ? 1 : 0,
            ...(available ? {} : { unavailableReplicas: 1 }),
            conditions: [
                available
                    ? {
                          type: "Available",
                          status: "True",
                          reason: "MinimumReplicasAvailable",
                          message: "Deployment has minimum availability.",
                          lastUpdateTime: T0,
                          lastTransitionTime: T0,
                      }
                    : {
                          type: "Available",
                          status: "False",
                          reason: "MinimumReplicasUnavailable",
                          message: "Deployment does not have minimum availability.",
                          lastUpdateTime: T0,
                          lastTransitionTime: T0,
                      },
                {
                    type: "Progressing",
                    status: "True",
                    reason: "NewReplicaSetAvailable",
                    message: 'ReplicaSet "skupper-site-controller-84f7d9c6b8" has successfully progressed.',
                    lastUpdateTime: T0,
                    lastTransitionTime: T0,
                },
            ],
        },
    };
}

/** The hub's `skupper-router` Service; `ip: undefined` leaves the LoadBalancer pending. */
export function routerService(opts: { ip?: string; pinned?: string; ranges?: string[]; type?: string }): KubeObj {
    const type = opts.type ?? "LoadBalancer";
    return {
        metadata: {
            name: "skupper-router",
            namespace: NS,
            uid: uid(),
            creationTimestamp: T0,
            labels: { "app.kubernetes.io/part-of": "skupper" },
            annotations: opts.pinned ? { "metallb.io/loadBalancerIPs": opts.pinned } : {},
            ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "skupper-router", uid: uid() }],
        },
        spec: {
            type,
            clusterIP: "10.43.118.20",
            clusterIPs: ["10.43.118.20"],
            ports: [
                { name: "inter-router", protocol: "TCP", port: 55671, targetPort: 55671, ...(type === "LoadBalancer" ? { nodePort: 31671 } : {}) },
                { name: "edge", protocol: "TCP", port: 45671, targetPort: 45671, ...(type === "LoadBalancer" ? { nodePort: 30671 } : {}) },
                { name: "claims", protocol: "TCP", port: 8081, targetPort: 8081, ...(type === "LoadBalancer" ? { nodePort: 32081 } : {}) },
            ],
            selector: { ...ROUTER_LABELS },
            sessionAffinity: "None",
            ...(type === "LoadBalancer" ? { externalTrafficPolicy: "Cluster", allocateLoadBalancerNodePorts: true } : {}),
            ...(opts.pinned ? { loadBalancerIP: opts.pinned } : {}),
            ...(opts.ranges ? { loadBalancerSourceRanges: opts.ranges } : {}),
        },
        status: { loadBalancer: opts.ip ? { ingress: [{ ip: opts.ip, ipMode: "VIP" }] } : {} },
    };
}

function clusterIpService(name: string, port: number, annotations: Record<string, string>, labels: Record<string, string> = {}): KubeObj {
    return {
        metadata: { name, namespace: NS, uid: uid(), creationTimestamp: T0, labels, annotations },
        spec: {
            type: "ClusterIP",
            clusterIP: `10.43.${port % 250}.${name.length}`,
            ports: [{ name: `port${port}`, protocol: "TCP", port, targetPort: port }],
            selector: { "skupper.io/component": "router", application: "skupper-router" },
        },
        status: { loadBalancer: {} },
    };
}

export function routerLocalService(): KubeObj {
    return clusterIpService("skupper-router-local", 5671, {});
}

/** What the hub's exposure creates: `interconnect/<name>` annotated for Skupper. */
export function exposedService(name: string, port: number, namespace = "shop"): KubeObj {
    return clusterIpService(
        name,
        port,
        { "skupper.io/proxy": "tcp", "skupper.io/target": `${name}.${namespace}`, "skupper.io/port": String(port) },
        {
            "app.kubernetes.io/managed-by": "pulumi-edge-interconnect",
        },
    );
}

/** What service sync creates on a linked site. */
export function syncedService(name: string, port: number): KubeObj {
    return clusterIpService(name, port, { "internal.skupper.io/controlled": "true" }, { "internal.skupper.io/type": "proxy" });
}

/** The spoke's connection token, as SpokeCluster writes it. */
export function linkSecret(hub: string, host: string, opts: { port?: string } = {}): KubeObj {
    return {
        metadata: {
            name: `link-to-${hub}`,
            namespace: NS,
            uid: uid(),
            creationTimestamp: T0,
            labels: { "skupper.io/type": "connection-token", "app.kubernetes.io/component": "skupper-link" },
            annotations: {
                "inter-router-host": host,
                "inter-router-port": opts.port ?? "55671",
                "edge-host": host,
                "edge-port": "45671",
                "skupper.io/cost": "1",
            },
        },
        type: "Opaque",
        data: {
            "tls.crt": Buffer.from("-----BEGIN CERTIFICATE-----\nTESTCERT\n-----END CERTIFICATE-----\n").toString("base64"),
            "tls.key": Buffer.from("-----BEGIN RSA PRIVATE KEY-----\nSECRET-KEY-MATERIAL-7Q\n-----END RSA PRIVATE KEY-----\n").toString("base64"),
            "ca.crt": Buffer.from("-----BEGIN CERTIFICATE-----\nTESTCA\n-----END CERTIFICATE-----\n").toString("base64"),
        },
    };
}

function siteEntry(site: string, links: { peer: string; direction: string }[] | null, listeners: string[]) {
    return {
        site: { identity: `${site}-id-${site.length}`, name: site, namespace: NS, platform: "kubernetes", siteVersion: "1.9.6" },
        routerStatus: [
            {
                router: {
                    name: `0/${site}-${routerPodName(site)}`,
                    namespace: NS,
                    mode: "interior",
                    imageName: "skupper-router",
                    imageVersion: "2.7.6",
                    hostname: routerPodName(site),
                },
                links: links ? links.map((l) => ({ mode: "interior", name: `${l.peer}-${routerPodName(l.peer)}`, linkCost: 1, direction: l.direction })) : null,
                listeners: listeners.map((a) => ({ name: `${a}:8080`, destHost: "0.0.0.0", destPort: "1024", protocol: "tcp", address: a })),
                connectors: null,
            },
        ],
    };
}

/** `NetworkStatusInfo` as config-sync writes it; `connected: false` leaves the spoke without links and the hub out. */
export function networkStatus(spoke: string, hub: string, connected: boolean, services: string[] = []): KubeObj {
    const doc = {
        addresses: services.map((s) => ({
            recType: "ADDRESS",
            identity: `addr-${s}`,
            name: s,
            protocol: "tcp",
            startTime: 1782806000000000,
            endTime: 0,
            listenerCount: 2,
            connectorCount: 1,
        })),
        siteStatus: connected
            ? [siteEntry(hub, [{ peer: spoke, direction: "incoming" }], services), siteEntry(spoke, [{ peer: hub, direction: "outgoing" }], services)]
            : [siteEntry(spoke, null, [])],
    };
    return {
        metadata: { name: "skupper-network-status", namespace: NS, uid: uid(), creationTimestamp: T0, labels: { "app.kubernetes.io/part-of": "skupper" } },
        data: { NetworkStatus: JSON.stringify(doc) },
    };
}

export const HUB = "store-hub";
export const SPOKE = "store-1";
export const ROUTER_IP = "10.1.0.33";
export const RANGES = ["10.2.0.0/16", "10.3.0.0/16"];
export const EXPOSED = [
    { name: "my-backend", port: 8080 },
    { name: "payments", port: 8443 },
];

export function healthyHub(over: { routerIp?: string | null; ranges?: string[] | null; crashLoop?: number } = {}): FakeClusterState {
    const ip = over.routerIp === null ? undefined : (over.routerIp ?? ROUTER_IP);
    return {
        pods: [routerPod(HUB, { crashLoop: over.crashLoop }), controllerPod()],
        deployments: [siteControllerDeployment()],
        services: [
            routerService({ ip, pinned: ROUTER_IP, ranges: over.ranges === null ? undefined : (over.ranges ?? RANGES) }),
            routerLocalService(),
            ...EXPOSED.map((s) => exposedService(s.name, s.port)),
        ],
        configMaps: [
            networkStatus(
                SPOKE,
                HUB,
                true,
                EXPOSED.map((s) => s.name),
            ),
        ],
        secrets: [],
    };
}

export function healthySpoke(over: { link?: boolean; connected?: boolean; synced?: boolean } = {}): FakeClusterState {
    const connected = over.connected ?? true;
    return {
        pods: [routerPod(SPOKE), controllerPod()],
        deployments: [siteControllerDeployment()],
        services: [routerLocalService(), ...((over.synced ?? connected) ? EXPOSED.map((s) => syncedService(s.name, s.port)) : [])],
        configMaps: [networkStatus(SPOKE, HUB, connected, connected ? EXPOSED.map((s) => s.name) : [])],
        secrets: over.link === false ? [] : [linkSecret(HUB, ROUTER_IP)],
    };
}

/** A stack file for one hub and one spoke, kubeconfigs next to it. */
export function stackYaml(opts: {
    orchestrator?: { apiUrl: string; keycloakUrl: string };
    hubKubeconfig: string;
    spokeKubeconfig: string;
    allowPublicExposure?: boolean;
    /** `network.skupperVersion`; left out (v1) when not given. */
    skupperVersion?: "v1" | "v2";
}): string {
    return [
        "config:",
        ...(opts.orchestrator
            ? [
                  "  edge-interconnect:orchestrator:",
                  `    apiUrl: ${opts.orchestrator.apiUrl}`,
                  `    keycloakUrl: ${opts.orchestrator.keycloakUrl}`,
                  "    project: sample-project",
              ]
            : []),
        "  edge-interconnect:network:",
        "    name: retail-mesh",
        ...(opts.skupperVersion ? [`    skupperVersion: ${opts.skupperVersion}`] : []),
        "  edge-interconnect:hubs:",
        `    - name: ${HUB}`,
        `      ${opts.hubKubeconfig}`,
        "      loadBalancer:",
        "        addresses: [10.1.0.32/28]",
        `        routerIp: ${ROUTER_IP}`,
        `      allowedSourceRanges: [${RANGES.join(", ")}]`,
        ...(opts.allowPublicExposure ? ["      allowPublicExposure: true"] : []),
        "      exposedServices:",
        "        - { name: my-backend, namespace: shop, port: 8080 }",
        "        - { name: payments, namespace: shop, port: 8443, tls: true }",
        "  edge-interconnect:spokes:",
        `    - name: ${SPOKE}`,
        `      hub: ${HUB}`,
        `      ${opts.spokeKubeconfig}`,
        "",
    ].join("\n");
}
