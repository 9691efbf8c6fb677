import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { OrchestratorDeployment } from "../../provider/deployment/resource";
import { KeyAlgorithm, SignedCertificate } from "../../provider/pki";
import { networkDeployment } from "../managed/deployments";
import { skupperDeployment } from "../managed/extensions";
import type { HubCluster } from "../hub/hubCluster";
import { ClusterAccessArgs, clusterProvider } from "../kube/clusterProvider";
import { argumentFailure } from "../component/argumentError";
import { ClusterPlan } from "../kube/objects";
import { spokeObjects } from "../manifests/cluster";
import { linkCommonName, linkName } from "../manifests/skupper";
import { listenerDnsNames } from "../manifests/v2/services";
import { MemberAddOnArgs, validateSpokeAddOns } from "../topology/addons";
import { SpokeModel } from "../topology/model";
import { TopologyError, validateSpoke } from "../topology/validate";
import type { InterconnectNetwork } from "../network/interconnectNetwork";

/** Arguments of {@link SpokeCluster}. */
export interface SpokeClusterArgs extends ClusterAccessArgs, MemberAddOnArgs {
    /** The network this spoke joins. */
    network: InterconnectNetwork;
    /** The hub this spoke links to. */
    hub: HubCluster;
    /**
     * Router mode of the spoke's site (default `interior`). Edge routers keep
     * no routing state and scale better in networks beyond about 16 sites.
     */
    routerMode?: "interior" | "edge";
    /**
     * Orchestrator-managed mode: the spoke's cluster id in the orchestrator,
     * instead of a kubeconfig. The spoke then gets the `skupper` extension
     * deployment (step 5), and the orchestrator's controller links it.
     */
    orchestratorClusterId?: string;
    /**
     * Key type of the link's client certificate (direct mode): "ECDSA-P256"
     * or "RSA" (2048-bit, PKCS#1), for sites whose policy requires RSA. When
     * omitted, a new link gets ECDSA P-256 and an existing link keeps the key
     * type it has (RSA for links created before this option), so upgrading
     * the package replaces no link. Only the router's OpenSSL reads this key;
     * the hub's site CA that signs it stays RSA (Skupper parses that one as PKCS#1).
     */
    linkKeyAlgorithm?: pulumi.Input<KeyAlgorithm>;
}

/**
 * A spoke cluster: the Skupper site controller, a site without ingress, and
 * a link to its hub made from a connection token the package mints itself,
 * signed by the hub's site CA. Clients reach the hub's exposed services as
 * `<service>.interconnect.svc.cluster.local:<port>`.
 *
 * Spokes depend only on their hub's CA, never on each other, so they link in
 * parallel, and adding or removing one changes only its own resources.
 */
export class SpokeCluster extends pulumi.ComponentResource {
    readonly model: SpokeModel;
    /** The Kubernetes provider of the spoke cluster (direct mode only). */
    readonly provider?: k8s.Provider;
    /** Orchestrator cluster id (orchestrator-managed mode only). */
    readonly orchestratorClusterId?: string;
    /** The skupper extension deployment (orchestrator-managed mode only). */
    readonly deployments: OrchestratorDeployment[];
    /** Skupper site name (the component name). */
    readonly siteName: string;
    /** Name of the link (and of its connection-token Secret). */
    readonly linkName: string;
    /** Where the link points: `<hub router IP>:55671`. */
    readonly hubAddress: string;
    /** The link's client certificate, signed by the hub's site CA (direct mode only). */
    readonly linkCertificate?: SignedCertificate;
    /** Addresses of the hub's exposed services as clients here use them. */
    readonly serviceAddresses: Record<string, string>;

    constructor(name: string, args: SpokeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("edge-interconnect:index:SpokeCluster", name, {}, opts);
        const fail = argumentFailure(this, `SpokeCluster "${name}"`);
        if (!args?.network) fail("network", "is required: pass the InterconnectNetwork this spoke joins");
        if (!args.hub) fail("hub", "is required: pass the HubCluster this spoke links to");
        if (args.hub.network !== args.network) fail("hub", `"${args.hub.siteName}" belongs to another network`);
        try {
            this.model = validateSpoke({ name, hub: args.hub.siteName, routerMode: args.routerMode });
        } catch (e) {
            if (e instanceof TopologyError) fail(e.issues[0].path, e.issues[0].message);
            throw e;
        }
        const network = args.network;
        const hub = args.hub;
        const managed = args.orchestratorClusterId !== undefined;
        this.siteName = name;
        this.linkName = linkName(hub.siteName);
        this.hubAddress = `${hub.routerIp}:${hub.routerPort}`;
        this.serviceAddresses = { ...hub.serviceAddresses };
        this.deployments = [];
        if (managed !== (hub.orchestratorClusterId !== undefined)) {
            fail(
                "orchestratorClusterId",
                managed
                    ? `is given but hub "${hub.siteName}" is a direct-mode hub; use one mode per network`
                    : `is missing: hub "${hub.siteName}" is orchestrator-managed, so its spokes are too`,
            );
        }
        if (managed) {
            const other = (["kubeconfig", "provider", "context"] as const).find((k) => args[k] !== undefined);
            if (other) fail("orchestratorClusterId", `and ${other} are both given: a managed spoke is reached through the orchestrator, not a kubeconfig`);
            this.orchestratorClusterId = args.orchestratorClusterId;
            network.addMember({ role: "spoke", name, hub: hub.siteName, orchestratorClusterId: args.orchestratorClusterId }, this);
            this.deployments = [
                networkDeployment(
                    network,
                    `${name}-skupper`,
                    skupperDeployment(name, args.orchestratorClusterId!, network.extensionPackages),
                    { parent: this },
                    fail,
                    "orchestratorClusterId",
                ),
            ];
            this.registerOutputs({
                siteName: this.siteName,
                orchestratorClusterId: this.orchestratorClusterId,
                deployIds: this.deployments.map((d) => d.deployId),
            });
            return;
        }
        const siteCa = hub.siteCa!;
        let addOns;
        try {
            addOns = validateSpokeAddOns({ skupperController: args.skupperController, imageRegistry: args.imageRegistry }, [], network.skupperVersion);
        } catch (e) {
            if (e instanceof TopologyError) fail(e.issues[0].path, e.issues[0].message);
            throw e;
        }
        network.addMember({ role: "spoke", name, hub: hub.siteName }, this);
        const naming = network.naming;
        const net = network.labelName;
        this.provider = clusterProvider(this, name, args, fail);
        const on = { parent: this, provider: this.provider };

        // The token the hub's controller would issue, minted here from the hub's site CA.
        this.linkCertificate = new SignedCertificate(
            `${name}-link-cert`,
            // Its own name per spoke, so that the hub router's logs and certificate audits tell the spokes apart.
            {
                caCertPem: siteCa.certPem,
                caKeyPem: siteCa.keyPem,
                commonName: linkCommonName(name),
                usages: ["client", "server"],
                // Skupper v2 reads tls.key as PKCS#1 RSA (SKUPPER-V2.md, pitfalls), so v2 links default to RSA.
                keyAlgorithm: args.linkKeyAlgorithm ?? (network.skupperVersion === "v2" ? "RSA" : undefined),
            },
            { parent: this },
        );
        const linkCertificate = this.linkCertificate;
        // Skupper v2 makes no application certificates: each spoke router presents one the package signs with the network CA.
        const v2 = network.skupperVersion === "v2";
        const serviceCertificates = v2
            ? Object.fromEntries(
                  hub.model.exposedServices
                      .filter((s) => s.tls)
                      .map((s) => {
                          const cert = new SignedCertificate(
                              `${name}-${s.name}-listener-cert`,
                              {
                                  caCertPem: network.ca.certPem,
                                  caKeyPem: network.ca.keyPem,
                                  commonName: s.name,
                                  dnsNames: listenerDnsNames(s, naming),
                                  usages: ["server"],
                                  keyAlgorithm: "RSA",
                              },
                              { parent: this },
                          );
                          return [s.name, { certPem: cert.certPem, keyPem: cert.keyPem }];
                      }),
              )
            : undefined;
        new ClusterPlan(name, on).apply(
            spokeObjects(
                this.model,
                hub.model,
                naming,
                net,
                {
                    link: { certPem: linkCertificate.certPem, keyPem: linkCertificate.keyPem, caCertPem: siteCa.certPem },
                    networkCa: { certPem: network.ca.certPem, keyPem: network.ca.keyPem },
                    ...(serviceCertificates ? { serviceCertificates } : {}),
                },
                addOns,
                network.skupperVersion,
            ),
        );

        this.registerOutputs({
            siteName: this.siteName,
            linkName: this.linkName,
            hubAddress: this.hubAddress,
            serviceAddresses: this.serviceAddresses,
        });
    }
}
