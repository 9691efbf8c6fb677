/**
 * A spoke's link to its hub in Skupper v2, written by the package ("path C"
 * of SKUPPER-V2.md §7, upstream doc/tls/README.md): a `kubernetes.io/tls`
 * Secret with a client certificate signed by the hub's site CA, and a
 * `Link` that names it and the hub router's address. No AccessGrant, no
 * AccessToken, no grant server.
 */
import { HubModel, KubeObject, Naming, ROUTER_PORTS, SpokeModel } from "../../topology/model";
import { commonLabels } from "../labels";
import { linkName, TlsMaterial } from "../skupper";
import { ROUTER_GROUP_V2, SKUPPER_V2_API } from "./site";

/** The link's Secret: certificate, key (RSA PKCS#1) and the hub's site CA as `ca.crt`. */
export function linkSecretV2<S>(hub: HubModel, naming: Naming, network: string, material: TlsMaterial<S>): KubeObject {
    return {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: linkName(hub.name), namespace: naming.siteNamespace, labels: commonLabels(network, "skupper-link") },
        type: "kubernetes.io/tls",
        stringData: { "tls.crt": material.certPem, "tls.key": material.keyPem, "ca.crt": material.caCertPem },
    };
}

/**
 * The `Link` to the hub's router: both roles of its one router group (the
 * shape the controller gives a redeemed token, config/samples/skupper_v2alpha1_link.yaml),
 * port numbers as strings as the CRD wants them. The router picks the
 * endpoint by its mode: `edge` for an edge spoke, `inter-router` otherwise.
 * Cost 1, v1's default.
 */
export function linkV2(spoke: SpokeModel, hub: HubModel, naming: Naming, network: string): KubeObject {
    const host = hub.loadBalancer.routerIp;
    const name = linkName(hub.name);
    return {
        apiVersion: SKUPPER_V2_API,
        kind: "Link",
        metadata: { name, namespace: naming.siteNamespace, labels: commonLabels(network, "skupper-link") },
        spec: {
            tlsCredentials: name,
            cost: 1,
            endpoints: [
                { name: "inter-router", host, port: String(ROUTER_PORTS.interRouter), group: ROUTER_GROUP_V2 },
                { name: "edge", host, port: String(ROUTER_PORTS.edge), group: ROUTER_GROUP_V2 },
            ],
        },
    };
}
