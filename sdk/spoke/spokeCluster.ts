import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { SignedCertificate } from "../../provider/pki";
import type { HubCluster } from "../hub/hubCluster";
import { ClusterAccessArgs, clusterProvider } from "../kube/clusterProvider";
import { ClusterPlan } from "../kube/objects";
import { spokeObjects } from "../manifests/cluster";
import { linkName } from "../manifests/skupper";
import { SpokeModel } from "../topology/model";
import { TopologyError, validateSpoke } from "../topology/validate";
import type { InterconnectNetwork } from "../network/interconnectNetwork";

/** Arguments of {@link SpokeCluster}. */
export interface SpokeClusterArgs extends ClusterAccessArgs {
    /** The network this spoke joins. */
    network: InterconnectNetwork;
    /** The hub this spoke links to. */
    hub: HubCluster;
    /**
     * Router mode of the spoke's site (default `interior`). Edge routers keep
     * no routing state and scale better in networks beyond about 16 sites.
     */
    routerMode?: "interior" | "edge";
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
    readonly provider: k8s.Provider;
    /** Skupper site name (the component name). */
    readonly siteName: string;
    /** Name of the link (and of its connection-token Secret). */
    readonly linkName: string;
    /** Where the link points: `<hub router IP>:55671`. */
    readonly hubAddress: string;
    /** The link's client certificate, signed by the hub's site CA. */
    readonly linkCertificate: SignedCertificate;
    /** Addresses of the hub's exposed services as clients here use them. */
    readonly serviceAddresses: Record<string, string>;

    constructor(name: string, args: SpokeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("edge-interconnect:index:SpokeCluster", name, {}, opts);
        const fail = (field: string, problem: string): never => {
            throw new pulumi.ResourceError(`SpokeCluster "${name}": ${field} ${problem}`, this, true);
        };
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
        network.addMember({ role: "spoke", name, hub: hub.siteName }, this);
        const naming = network.naming;
        const net = network.labelName;
        this.provider = clusterProvider(this, name, args, fail);
        const on = { parent: this, provider: this.provider };

        // The token the hub's controller would issue, minted here from the hub's site CA.
        this.linkName = linkName(hub.siteName);
        this.linkCertificate = new SignedCertificate(
            `${name}-link-cert`,
            { caCertPem: hub.siteCa.certPem, caKeyPem: hub.siteCa.keyPem, commonName: this.linkName, usages: ["client", "server"] },
            { parent: this },
        );
        // TLS services: the local router's listener presents a certificate from the network CA.
        const listeners: Record<string, { certPem: pulumi.Output<string>; keyPem: pulumi.Output<string> }> = {};
        for (const svc of hub.model.exposedServices.filter((s) => s.tls)) {
            const cert = new SignedCertificate(
                `${name}-${svc.name}-listener-cert`,
                {
                    caCertPem: network.ca.certPem,
                    caKeyPem: network.ca.keyPem,
                    commonName: svc.name,
                    dnsNames: [svc.name, `${svc.name}.${naming.siteNamespace}.svc`, `${svc.name}.${naming.siteNamespace}.svc.cluster.local`],
                    usages: ["server"],
                },
                { parent: this },
            );
            listeners[svc.name] = { certPem: cert.certPem, keyPem: cert.keyPem };
        }
        new ClusterPlan(name, on).apply(
            spokeObjects(this.model, hub.model, naming, net, {
                link: { certPem: this.linkCertificate.certPem, keyPem: this.linkCertificate.keyPem, caCertPem: hub.siteCa.certPem },
                networkCaCertPem: network.ca.certPem,
                listeners,
            }),
        );

        this.siteName = name;
        this.hubAddress = `${hub.routerIp}:${hub.routerPort}`;
        this.serviceAddresses = { ...hub.serviceAddresses };
        this.registerOutputs({
            siteName: this.siteName,
            linkName: this.linkName,
            hubAddress: this.hubAddress,
            serviceAddresses: this.serviceAddresses,
        });
    }
}
