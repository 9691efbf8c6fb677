/**
 * The product documentation's client/server example in direct mode: the
 * server ("my-backend") runs on the hub and is exposed on the network; the
 * clients on the spokes reach it as http://my-backend.interconnect.svc.cluster.local:8080.
 *
 * Configuration (all but the kubeconfigs optional):
 * - `hubKubeconfig` (secret), `hubPool`, `routerIp`, `spokeEgress`;
 * - `spokes`: a list of `{ name, routerMode }` with their kubeconfigs in the
 *   secret map `spokeKubeconfigs` (`pulumi config set --secret --path
 *   'spokeKubeconfigs.store-2' "$(cat store-2.yaml)"`); without it, one spoke
 *   `store-1` whose kubeconfig is `spokeKubeconfig`;
 * - `hubAddOns` / `spokeAddOns`: what to install besides the mesh (for
 *   example `{"metallb": {"install": false}}` where MetalLB already runs);
 * - `awaitWorkloads: false` for clusters without nodes, where the example's
 *   own Deployments can never become ready;
 * - `skupperVersion`: "v1" (default) or "v2", the Skupper every member runs.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { HubAddOnArgs, HubCluster, InterconnectNetwork, MemberAddOnArgs, SpokeCluster, interconnectServiceAnnotations } from "pulumi-edge-interconnect";

const config = new pulumi.Config();
const BACKEND = { name: "my-backend", namespace: "shop", port: 8080 };

interface SpokeConfig {
    name: string;
    routerMode?: "interior" | "edge";
}

const network = new InterconnectNetwork("shop-mesh", {
    description: "Shop backends for the stores",
    // "v1" (default) or "v2": the same program runs on either Skupper.
    skupperVersion: config.get<"v1" | "v2">("skupperVersion"),
});

const hubPool = config.get("hubPool") ?? "10.1.0.32/28";
const hub = new HubCluster("store-hub", {
    network,
    kubeconfig: config.requireSecret("hubKubeconfig"),
    loadBalancer: { addresses: [hubPool], routerIp: config.get("routerIp") },
    // Only the spokes' egress range may reach the router: never the Internet.
    allowedSourceRanges: [config.get("spokeEgress") ?? "10.2.0.0/16"],
    exposedServices: [BACKEND],
    // This program declares the Service itself, with the annotations below.
    annotateServices: false,
    ...config.getObject<HubAddOnArgs>("hubAddOns"),
});

// Plain values decide which spokes exist, so that a preview lists them; only their kubeconfigs are secret.
const listed = config.getObject<SpokeConfig[]>("spokes");
const spokeList: SpokeConfig[] = listed ?? [{ name: "store-1" }];
const kubeconfigs = listed ? config.requireSecretObject<Record<string, string>>("spokeKubeconfigs") : undefined;
const spokeAddOns = config.getObject<MemberAddOnArgs>("spokeAddOns");
const spokes = spokeList.map(
    (s) =>
        new SpokeCluster(s.name, {
            network,
            hub,
            routerMode: s.routerMode,
            kubeconfig: kubeconfigs ? kubeconfigs.apply((k) => k[s.name] ?? "") : config.requireSecret("spokeKubeconfig"),
            ...spokeAddOns,
        }),
);
const spoke = spokes[0];

// Clusters without nodes (the end-to-end suite's) can never run the example's own pods.
const awaitWorkloads = config.getBoolean("awaitWorkloads") ?? true;
const skipAwait: Record<string, string> = awaitWorkloads ? {} : { "pulumi.com/skipAwait": "true" };

// The server, on the hub.
const onHub = { provider: hub.provider };
const shop = new k8s.core.v1.Namespace("shop", { metadata: { name: BACKEND.namespace } }, onHub);
const labels = { app: BACKEND.name };
new k8s.apps.v1.Deployment(
    "backend",
    {
        metadata: { name: BACKEND.name, namespace: BACKEND.namespace, annotations: skipAwait },
        spec: {
            selector: { matchLabels: labels },
            template: {
                metadata: { labels },
                spec: { containers: [{ name: "backend", image: "quay.io/skupper/hello-world-backend:latest", ports: [{ containerPort: BACKEND.port }] }] },
            },
        },
    },
    { ...onHub, dependsOn: [shop] },
);
new k8s.core.v1.Service(
    "backend",
    {
        metadata: {
            name: BACKEND.name,
            namespace: BACKEND.namespace,
            annotations: { ...interconnectServiceAnnotations({ port: BACKEND.port, annotationPrefix: network.naming.annotationPrefix }), ...skipAwait },
        },
        spec: { type: "ClusterIP", selector: labels, ports: [{ port: BACKEND.port, targetPort: BACKEND.port }] },
    },
    { ...onHub, dependsOn: [shop] },
);

// The client, on each spoke: it talks to its local router, which forwards to the hub.
const backendUrl = `http://${spoke.serviceAddresses[BACKEND.name]}`;
for (const sp of spokes) {
    new k8s.apps.v1.Deployment(
        sp.siteName === "store-1" ? "frontend" : `${sp.siteName}-frontend`,
        {
            metadata: { name: "frontend", namespace: "default", annotations: skipAwait },
            spec: {
                selector: { matchLabels: { app: "frontend" } },
                template: {
                    metadata: { labels: { app: "frontend" } },
                    spec: {
                        containers: [
                            {
                                name: "frontend",
                                image: "quay.io/skupper/hello-world-frontend:latest",
                                env: [{ name: "BACKEND", value: backendUrl }],
                                ports: [{ containerPort: 8080 }],
                            },
                        ],
                    },
                },
            },
        },
        { provider: sp.provider },
    );
}

export const routerAddress = spoke.hubAddress;
export const backendAddress = backendUrl;
export const link = spoke.linkName;
export const spokeNames = spokes.map((s) => s.siteName);
