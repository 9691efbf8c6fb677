/**
 * The product documentation's client/server example in direct mode: the
 * server ("my-backend") runs on the hub and is exposed on the network; the
 * client on the spoke reaches it as http://my-backend.interconnect.svc.cluster.local:8080.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { HubCluster, InterconnectNetwork, SpokeCluster, interconnectServiceAnnotations } from "pulumi-edge-interconnect";

const config = new pulumi.Config();
const BACKEND = { name: "my-backend", namespace: "shop", port: 8080 };

const network = new InterconnectNetwork("shop-mesh", { description: "Shop backends for the stores" });

const hub = new HubCluster("store-hub", {
    network,
    kubeconfig: config.requireSecret("hubKubeconfig"),
    loadBalancer: { addresses: [config.get("hubPool") ?? "10.1.0.32/28"] },
    // Only the spokes' egress range may reach the router: never the Internet.
    allowedSourceRanges: [config.get("spokeEgress") ?? "10.2.0.0/16"],
    exposedServices: [BACKEND],
    // This program declares the Service itself, with the annotations below.
    annotateServices: false,
});

const spoke = new SpokeCluster("store-1", { network, hub, kubeconfig: config.requireSecret("spokeKubeconfig") });

// The server, on the hub.
const onHub = { provider: hub.provider };
const shop = new k8s.core.v1.Namespace("shop", { metadata: { name: BACKEND.namespace } }, onHub);
const labels = { app: BACKEND.name };
new k8s.apps.v1.Deployment(
    "backend",
    {
        metadata: { name: BACKEND.name, namespace: BACKEND.namespace },
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
            annotations: interconnectServiceAnnotations({ port: BACKEND.port, annotationPrefix: network.naming.annotationPrefix }),
        },
        spec: { type: "ClusterIP", selector: labels, ports: [{ port: BACKEND.port, targetPort: BACKEND.port }] },
    },
    { ...onHub, dependsOn: [shop] },
);

// The client, on the spoke: it talks to its local router, which forwards to the hub.
const backendUrl = `http://${spoke.serviceAddresses[BACKEND.name]}`;
new k8s.apps.v1.Deployment(
    "frontend",
    {
        metadata: { name: "frontend", namespace: "default" },
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
    { provider: spoke.provider },
);

export const routerAddress = spoke.hubAddress;
export const backendAddress = backendUrl;
export const link = spoke.linkName;
