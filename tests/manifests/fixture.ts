/**
 * A realistic topology and every object the pure builders of
 * `sdk/manifests/` produce for it, per cluster: one hub exposing two
 * services (one with TLS in the default namespace, one in namespace `shop`),
 * with an L2 interface set, and two spokes, one of them an edge router.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { hubObjects, spokeObjects } from "../../sdk/manifests/cluster";
import { KubeObject, Naming, TopologyModel } from "../../sdk/topology/model";
import { TopologyInput, validateTopology } from "../../sdk/topology/validate";
import { CRD_ROOT } from "../support/schemas";

export const NETWORK = "edge-net";

export const TOPOLOGY_INPUT: TopologyInput = {
    network: { name: NETWORK },
    hubs: [
        {
            name: "hub-west",
            loadBalancer: { addresses: ["10.20.0.0/28", "10.20.1.5-10.20.1.9"], l2Interfaces: ["eth1"] },
            allowedSourceRanges: ["192.168.10.0/24", "192.168.20.0/24"],
            exposedServices: [
                { name: "inventory", port: 8443, tls: true },
                { name: "orders-db", namespace: "shop", port: 5432 },
            ],
        },
    ],
    spokes: [
        { name: "store-1", hub: "hub-west" },
        { name: "store-2", hub: "hub-west", routerMode: "edge" },
    ],
};

export function topology(): TopologyModel {
    return validateTopology(TOPOLOGY_INPUT);
}

/** PEM stand-ins: the builders pass them through unchanged. */
export const PEM = {
    networkCaCert: "-----BEGIN CERTIFICATE-----\nnetwork-ca\n-----END CERTIFICATE-----\n",
    networkCaKey: "-----BEGIN RSA PRIVATE KEY-----\nnetwork-ca-key\n-----END RSA PRIVATE KEY-----\n",
    siteCaCert: "-----BEGIN CERTIFICATE-----\nsite-ca\n-----END CERTIFICATE-----\n",
    siteCaKey: "-----BEGIN RSA PRIVATE KEY-----\nsite-ca-key\n-----END RSA PRIVATE KEY-----\n",
    linkCert: (spoke: string) => `-----BEGIN CERTIFICATE-----\nlink-${spoke}\n-----END CERTIFICATE-----\n`,
    linkKey: (spoke: string) => `-----BEGIN RSA PRIVATE KEY-----\nlink-${spoke}-key\n-----END RSA PRIVATE KEY-----\n`,
    listenerCert: (svc: string) => `-----BEGIN CERTIFICATE-----\nlistener-${svc}\n-----END CERTIFICATE-----\n`,
    listenerKey: (svc: string) => `-----BEGIN RSA PRIVATE KEY-----\nlistener-${svc}-key\n-----END RSA PRIVATE KEY-----\n`,
};

export interface BuiltObject {
    cluster: string;
    /** The object's role in its cluster's plan. */
    builder: string;
    obj: KubeObject;
}

/** Every object of every cluster, exactly as the components plan them. */
export function buildAll(model: TopologyModel = topology()): BuiltObject[] {
    const naming: Naming = model.network.naming;
    const network = model.network.name;
    const out: BuiltObject[] = [];
    for (const hub of model.hubs) {
        const material = { siteCa: { certPem: PEM.siteCaCert, keyPem: PEM.siteCaKey, fingerprint: "0f".repeat(32) }, networkCa: { certPem: PEM.networkCaCert, keyPem: PEM.networkCaKey } };
        for (const p of hubObjects(hub, naming, network, material, { annotateServices: true })) out.push({ cluster: hub.name, builder: p.role, obj: p.obj });
    }
    for (const spoke of model.spokes) {
        const hub = model.hubs.find((h) => h.name === spoke.hub)!;
        const material = {
            link: { certPem: PEM.linkCert(spoke.name), keyPem: PEM.linkKey(spoke.name), caCertPem: PEM.siteCaCert },
            networkCa: { certPem: PEM.networkCaCert, keyPem: PEM.networkCaKey },
        };
        for (const p of spokeObjects(spoke, hub, naming, network, material)) out.push({ cluster: spoke.name, builder: p.role, obj: p.obj });
    }
    return out;
}

/** `kind/namespace/name` of an object, for readable assertions. */
export function ref(obj: KubeObject): string {
    return `${obj.kind}/${obj.metadata.namespace ?? "-"}/${obj.metadata.name}`;
}

/** Parses every document of a saved upstream YAML file under `tests/fixtures/upstream`. */
export function upstreamYaml(relative: string): any[] {
    return YAML.parseAllDocuments(fs.readFileSync(path.join(CRD_ROOT, relative), "utf8"))
        .map((d) => d.toJS())
        .filter((d) => d);
}

export const LABELS = (component: string) => ({
    "app.kubernetes.io/managed-by": "pulumi-edge-interconnect",
    "app.kubernetes.io/part-of": NETWORK,
    "app.kubernetes.io/component": component,
});
