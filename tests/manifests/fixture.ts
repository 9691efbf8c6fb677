/**
 * A realistic topology and every object the pure builders of
 * `sdk/manifests/` produce for it, per cluster: one hub exposing two
 * services (one with TLS in the default namespace, one in namespace `shop`),
 * with an L2 interface set, and two spokes, one of them an edge router.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { serviceAnnotationPatch, skupperServiceDefinition } from "../../sdk/manifests/exposure";
import { ipAddressPool, l2Advertisement, metallbNamespace } from "../../sdk/manifests/metallb";
import { linkSecret, routerSourceRangesPatch, siteCaSecret, siteConfigMap, siteControllerObjects, siteNamespace } from "../../sdk/manifests/skupper";
import { clientTrustSecret, listenerTlsSecret, networkCaSecret, networkClusterIssuer, serviceCertificate } from "../../sdk/manifests/tls";
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
    /** Which builder made it. */
    builder: string;
    obj: KubeObject;
}

/** Every object of every cluster, in a stable order. */
export function buildAll(model: TopologyModel = topology()): BuiltObject[] {
    const naming: Naming = model.network.naming;
    const network = model.network.name;
    const out: BuiltObject[] = [];
    const add = (cluster: string, builder: string, ...objs: KubeObject[]) => objs.forEach((obj) => out.push({ cluster, builder, obj }));
    for (const hub of model.hubs) {
        add(hub.name, "metallbNamespace", metallbNamespace(network));
        add(hub.name, "ipAddressPool", ipAddressPool(hub, network));
        add(hub.name, "l2Advertisement", l2Advertisement(hub, network));
        add(hub.name, "siteControllerObjects", ...siteControllerObjects(network));
        add(hub.name, "siteNamespace", siteNamespace(naming, network));
        add(hub.name, "siteConfigMap", siteConfigMap({ kind: "hub", hub }, naming, network));
        add(hub.name, "siteCaSecret", siteCaSecret(naming, network, { certPem: PEM.siteCaCert, keyPem: PEM.siteCaKey }));
        add(hub.name, "routerSourceRangesPatch", routerSourceRangesPatch(hub, naming));
        add(hub.name, "networkCaSecret", networkCaSecret(network, { certPem: PEM.networkCaCert, keyPem: PEM.networkCaKey }));
        add(hub.name, "networkClusterIssuer", networkClusterIssuer(network));
        add(hub.name, "clientTrustSecret", clientTrustSecret(naming, network, PEM.networkCaCert));
        for (const svc of hub.exposedServices) {
            add(hub.name, "serviceAnnotationPatch", serviceAnnotationPatch(svc, naming));
            add(hub.name, "skupperServiceDefinition", skupperServiceDefinition(svc, naming, network));
            if (svc.tls) {
                add(hub.name, "serviceCertificate", serviceCertificate(svc, svc.namespace, naming, network));
                add(hub.name, "serviceCertificate", serviceCertificate(svc, naming.siteNamespace, naming, network));
            }
        }
    }
    for (const spoke of model.spokes) {
        const hub = model.hubs.find((h) => h.name === spoke.hub)!;
        add(spoke.name, "siteControllerObjects", ...siteControllerObjects(network));
        add(spoke.name, "siteNamespace", siteNamespace(naming, network));
        add(spoke.name, "siteConfigMap", siteConfigMap({ kind: "spoke", spoke }, naming, network));
        add(
            spoke.name,
            "linkSecret",
            linkSecret(spoke, hub, naming, network, { certPem: PEM.linkCert(spoke.name), keyPem: PEM.linkKey(spoke.name), caCertPem: PEM.siteCaCert }),
        );
        add(spoke.name, "clientTrustSecret", clientTrustSecret(naming, network, PEM.networkCaCert));
        for (const svc of hub.exposedServices.filter((s) => s.tls)) {
            add(
                spoke.name,
                "listenerTlsSecret",
                listenerTlsSecret(svc, naming, network, {
                    certPem: PEM.listenerCert(svc.name),
                    keyPem: PEM.listenerKey(svc.name),
                    caCertPem: PEM.networkCaCert,
                }),
            );
        }
    }
    return out;
}

/** `kind/namespace/name` of an object, for readable assertions. */
export function ref(obj: KubeObject): string {
    return `${obj.kind}/${obj.metadata.namespace ?? "-"}/${obj.metadata.name}`;
}

/** Parses every document of a saved upstream YAML file under `shared/reference/crds`. */
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
