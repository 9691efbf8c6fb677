/**
 * The topology the construct end-to-end tests build in every language: one
 * network, one hub exposing my-backend, two spokes, with the add-ons off (the
 * harness runs MetalLB's controller out of cluster; no kubelet runs pods).
 * The TypeScript program with the package's own (local) components is the
 * reference the other languages' objects are compared with.
 */
import * as pulumi from "@pulumi/pulumi";
import { Cluster } from "../harness";
import { Step } from "./pulumi";
import { packageObjects } from "./objects";

export const HUB = "store-hub";
export const SPOKES = ["store-1", "store-2"];
export const POOL = "10.1.0.32/28";
export const ROUTER_IP = "10.1.0.33";
export const EGRESS = "10.2.0.0/16";
export const BACKEND_ADDRESS = "my-backend.interconnect.svc.cluster.local:8080";

export const NETWORK_ARGS = { description: "Shop backends for the stores" };
export const hubArgs = (kubeconfig: pulumi.Input<string>) => ({
    kubeconfig,
    loadBalancer: { addresses: [POOL], routerIp: ROUTER_IP },
    allowedSourceRanges: [EGRESS],
    exposedServices: [{ name: "my-backend", namespace: "shop", port: 8080 }],
    annotateServices: false,
    metallb: { install: false },
    skupperController: { install: false },
});
export const spokeArgs = (kubeconfig: pulumi.Input<string>) => ({ kubeconfig, skupperController: { install: false } });

/** The TypeScript program: the package's own (local) components; the kubeconfigs are secret configuration keyed by cluster name. */
export async function localProgram() {
    const sdk = await import("../../../sdk");
    const cfg = new pulumi.Config();
    const network = new sdk.InterconnectNetwork("shop-mesh", NETWORK_ARGS);
    const hub = new sdk.HubCluster(HUB, { network, ...hubArgs(cfg.requireSecret(HUB)) });
    const spokes = SPOKES.map((s) => new sdk.SpokeCluster(s, { network, hub, ...spokeArgs(cfg.requireSecret(s)) }));
    return { hubAddress: spokes[0].hubAddress, links: spokes.map((s) => s.linkName) };
}

/** The labelled objects the reference program makes on each cluster. */
export const HUB_OBJECTS = [
    "ConfigMap interconnect/skupper-site",
    "ConfigMap metallb-system/store-hub-router-address",
    "IPAddressPool metallb-system/store-hub-pool",
    "IPAddressPool metallb-system/store-hub-router",
    "L2Advertisement metallb-system/store-hub-l2",
    "Namespace interconnect",
    "Secret interconnect/skupper-site-ca",
    "Service interconnect/my-backend",
    "Service interconnect/skupper-router",
];
export const SPOKE_OBJECTS = ["ConfigMap interconnect/skupper-site", "Namespace interconnect", "Secret interconnect/link-to-store-hub"];

/** `<type> <name>` of every resource an operation creates, sorted (the stack itself left out). */
export const created = (steps: Pick<Step, "op" | "type" | "name">[]) =>
    steps
        .filter((s) => s.op === "create" && s.type !== "pulumi:pulumi:Stack")
        .map((s) => `${s.type} ${s.name}`)
        .sort();

/**
 * The resources plus the package's default provider, which the engine starts
 * for construct (the TypeScript program starts it too once the package's own
 * resources are custom resources of the plugin).
 */
export const withPackageProvider = (resources: string[]) => [...new Set([...resources, "pulumi:providers:edge-interconnect default"])].sort();

/** The package's objects on each cluster (tests/e2e/support/objects.ts). */
export async function objectsOnClusters(clusters: Record<string, Cluster>): Promise<Record<string, Record<string, unknown>>> {
    const out: Record<string, Record<string, unknown>> = {};
    for (const n of [HUB, ...SPOKES]) out[n] = await packageObjects(clusters[n]);
    return out;
}

/** The distinctive middle of each cluster's embedded client key, which must never appear in plain text. */
export function kubeconfigMarkers(clusters: Record<string, Cluster>): string[] {
    return [HUB, ...SPOKES].map((n) => (JSON.parse(clusters[n].kubeconfig).users[0].user["client-key-data"] as string).slice(100, 160));
}

/**
 * Every piece of each cluster's kubeconfig that must never appear in plain
 * text: the whole text, each line carrying key or certificate data (the
 * kubeconfig is pretty-printed JSON; its other lines, such as `"kind": "Config",`,
 * are not secret and too common to look for), the client key's base64 whole,
 * and each line of the key's PEM body.
 */
export function kubeconfigSecrets(clusters: Record<string, Cluster>): { cluster: string; what: string; text: string }[] {
    return [HUB, ...SPOKES].flatMap((n) => {
        const text = clusters[n].kubeconfig;
        const key = JSON.parse(text).users[0].user["client-key-data"] as string;
        const pemLines = Buffer.from(key, "base64")
            .toString("utf8")
            .split("\n")
            .filter((l) => l.length >= 40 && !l.startsWith("-----"));
        return [
            { cluster: n, what: "the whole kubeconfig", text },
            ...text
                .split("\n")
                .map((l) => l.trim())
                .filter((l) => l.includes('-data": "'))
                .map((l) => ({ cluster: n, what: `the line ${l.slice(0, 30)}…`, text: l })),
            { cluster: n, what: "the client key's base64", text: key },
            ...pemLines.map((l, i) => ({ cluster: n, what: `line ${i + 1} of the client key's PEM body`, text: l })),
        ];
    });
}

/** Fails naming the file and the piece when any piece of a kubeconfig appears in the texts. */
export function assertNoKubeconfigIn(clusters: Record<string, Cluster>, texts: { file: string; text: string }[]): void {
    const secrets = kubeconfigSecrets(clusters);
    for (const { file, text } of texts) {
        for (const s of secrets) if (text.includes(s.text)) throw new Error(`${s.what} of ${s.cluster}'s kubeconfig is in plain text in ${file}`);
    }
}
