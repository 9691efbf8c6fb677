import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { OrchestratorDeployment } from "../../provider/deployment/resource";
import { KeyAlgorithm, SignedCertificate } from "../../provider/pki";
import { networkDeployment } from "../managed/deployments";
import { skupperDeployment } from "../managed/extensions";
import type { HubCluster } from "../hub/hubCluster";
import { ClusterAccessArgs, clusterProvider } from "../kube/clusterProvider";
import { ArgumentFailure, argumentFailure, failOnIssues, refusePending } from "../component/argumentError";
import { validatedModelOf } from "../component/validatedModel";
import { ClusterPlan } from "../kube/objects";
import { spokeObjects } from "../manifests/cluster";
import { networkAddress } from "../manifests/exposure";
import { linkCommonName, linkName } from "../manifests/skupper";
import { JoinFacts, JoinInfo, hubModelOf, joinInfoProblems } from "../join/joinInfo";
import { sameNetwork } from "../network/networkInfo";
import { listenerDnsNames } from "../manifests/v2/services";
import { MemberAddOnArgs, validateSpokeAddOns } from "../topology/addons";
import { SpokeModel } from "../topology/model";
import { TopologyError, validateSpoke } from "../topology/validate";
import type { InterconnectNetwork } from "../network/interconnectNetwork";

/** Arguments of {@link SpokeCluster}. */
export interface SpokeClusterArgs extends ClusterAccessArgs, MemberAddOnArgs {
    /**
     * The network this spoke joins. Required with a `HubCluster`; optional
     * with join information (which names the network), where it only records
     * the spoke as a member and must be the same network.
     */
    network?: InterconnectNetwork;
    /**
     * The hub this spoke links to: a `HubCluster` of this program, or its join
     * information, e.g. `await readJoinInfo(hubStack, "joinInfo")` in a shard
     * stack, or `hub.joinFor("shard-a")`. Its facts must be plain values (they
     * decide the spoke's objects); its PEM fields may be Outputs.
     */
    hub: HubCluster | JoinInfo<pulumi.Input<string>>;
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
     * the CA that signs it stays RSA (Skupper parses the site CA as PKCS#1).
     */
    linkKeyAlgorithm?: pulumi.Input<KeyAlgorithm>;
}

/**
 * The hub as this spoke reads it, or a failure naming the field: a HubCluster
 * only through what it publishes (its join information in the direct mode,
 * its facts in the managed mode), join information checked field by field
 * (facts now, PEM material when it resolves, by the certificate's provider).
 */
function hubOf(
    hub: SpokeClusterArgs["hub"],
    network: InterconnectNetwork | undefined,
    fail: ArgumentFailure,
): { facts: JoinFacts; join?: JoinInfo<pulumi.Input<string>>; inProgram: boolean } {
    refusePending(
        fail,
        "hub",
        hub,
        "the hub's name, address and services decide the spoke's objects",
        'In a shard stack, pass `await readJoinInfo(new pulumi.StackReference("org/project/hub-stack"), "<output>")`',
    );
    if (pulumi.Resource.isInstance(hub)) {
        const h = hub as HubCluster;
        if (!network) fail("network", "is required with a HubCluster: pass the InterconnectNetwork this spoke joins");
        // Whether the hub is a member of this network is the network's to say (addMember).
        return { facts: h.facts, join: h.join, inProgram: true };
    }
    failOnIssues(fail, joinInfoProblems(hub, "hub", false));
    const join = hub as JoinInfo<pulumi.Input<string>>;
    const net = network?.info;
    if (net && !sameNetwork(net, join)) {
        const backend = net.skupperVersion !== (join.skupperVersion ?? "v1");
        fail(
            "network",
            `is "${net.network}" (site namespace ${net.naming.siteNamespace}${backend ? `, Skupper ${net.skupperVersion}` : ""}), but the hub's join information is for network "${join.network}" (site namespace ${join.naming.siteNamespace}${backend ? `, Skupper ${join.skupperVersion ?? "v1"}` : ""}); omit network, or pass the same one`,
        );
    }
    return { facts: join, join, inProgram: false };
}

/**
 * A spoke cluster: the Skupper site controller, a site without ingress, and
 * a link to its hub made from a connection token the package mints itself,
 * signed by the hub's site CA (or, in a shard stack, by the shard's CA under
 * it, with the chain in the link). Clients reach the hub's exposed services as
 * `<service>.interconnect.svc.cluster.local:<port>`.
 *
 * Spokes depend only on their hub's join information, never on each other,
 * so they link in parallel, and adding or removing one changes only its own resources.
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
    /** The link's client certificate, signed by the hub's site CA or a shard CA under it (direct mode only). */
    readonly linkCertificate?: SignedCertificate;
    /** Addresses of the hub's exposed services as clients here use them. */
    readonly serviceAddresses: Record<string, string>;

    constructor(name: string, args: SpokeClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("edge-interconnect:index:SpokeCluster", name, {}, opts);
        const fail = argumentFailure(this, `SpokeCluster "${name}"`);
        if (!args?.hub) fail("hub", "is required: pass the HubCluster this spoke links to, or its join information");
        const network = args.network;
        const { facts, join, inProgram } = hubOf(args.hub, network, fail);
        const managed = args.orchestratorClusterId !== undefined;
        this.deployments = [];
        this.siteName = name;
        this.linkName = linkName(facts.hub);
        this.hubAddress = `${facts.routerIp}:${facts.interRouterPort}`;
        this.serviceAddresses = Object.fromEntries(facts.exposedServices.map((svc) => [svc.name, networkAddress(svc, facts.naming)]));
        if (managed || !join) {
            // The orchestrator-managed mode: the orchestrator's controller links the spoke; no join information exists.
            if (!inProgram)
                fail("orchestratorClusterId", "cannot be used with join information: spokes of an orchestrator-managed hub are linked by the orchestrator");
            if (!managed) fail("orchestratorClusterId", `is missing: hub "${facts.hub}" is orchestrator-managed, so its spokes are too`);
            if (join) fail("orchestratorClusterId", `is given but hub "${facts.hub}" is a direct-mode hub; use one mode per network`);
            this.model = validatedModelOf<SpokeModel>(args) ?? this.validated(name, facts.hub, args.routerMode, fail);
            const other = (["kubeconfig", "provider", "context"] as const).find((k) => args[k] !== undefined);
            if (other) fail("orchestratorClusterId", `and ${other} are both given: a managed spoke is reached through the orchestrator, not a kubeconfig`);
            this.orchestratorClusterId = args.orchestratorClusterId;
            network!.addMember({ role: "spoke", name, hub: facts.hub, orchestratorClusterId: args.orchestratorClusterId }, this, { hubInProgram: true });
            this.deployments = [
                networkDeployment(
                    network!,
                    `${name}-skupper`,
                    skupperDeployment(name, args.orchestratorClusterId!, network!.extensionPackages),
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
        this.model = validatedModelOf<SpokeModel>(args) ?? this.validated(name, join.hub, args.routerMode, fail);
        // The hub's backend, from its join information (a shard stack has no network object to ask).
        const skupperVersion = join.skupperVersion ?? "v1";
        const v2 = skupperVersion === "v2";
        let addOns;
        try {
            addOns = validateSpokeAddOns({ skupperController: args.skupperController, imageRegistry: args.imageRegistry }, [], skupperVersion);
        } catch (e) {
            if (e instanceof TopologyError) fail(e.issues[0].path, e.issues[0].message);
            throw e;
        }
        network?.addMember({ role: "spoke", name, hub: join.hub }, this, { hubInProgram: inProgram });
        this.provider = clusterProvider(this, name, args, fail, opts);
        const on = { parent: this, provider: this.provider };

        // The token the hub's controller would issue, minted here from the hub's site CA or the shard's CA.
        this.linkCertificate = new SignedCertificate(
            `${name}-link-cert`,
            // Its own name per spoke, so that the hub router's logs and certificate audits tell the spokes apart.
            {
                caCertPem: join.signer.certPem,
                caKeyPem: join.signer.keyPem,
                commonName: linkCommonName(name),
                usages: ["client", "server"],
                // Skupper v2 reads tls.key as PKCS#1 RSA (SKUPPER-V2.md, pitfalls), so v2 links default to RSA.
                keyAlgorithm: args.linkKeyAlgorithm ?? (v2 ? "RSA" : undefined),
            },
            { parent: this },
        );
        const leaf = this.linkCertificate.certPem;
        // A shard-signed link sends its chain (leaf, then the shard CA); the router trusts only the site CA (ca.crt).
        const chain = join.signer.chainPem;
        const certPem = chain === "" ? leaf : pulumi.all([leaf, chain]).apply(([l, c]) => (c ? `${l.trimEnd()}\n${c}` : l));
        // Skupper v2 makes no application certificates: each spoke router presents one the package signs with the network CA.
        const networkCa = join.networkCa;
        const serviceCertificates =
            v2 && networkCa
                ? Object.fromEntries(
                      join.exposedServices
                          .filter((s) => s.tls)
                          .map((s) => {
                              const cert = new SignedCertificate(
                                  `${name}-${s.name}-listener-cert`,
                                  {
                                      caCertPem: networkCa.certPem,
                                      caKeyPem: networkCa.keyPem,
                                      commonName: s.name,
                                      dnsNames: listenerDnsNames(s, join.naming),
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
                hubModelOf(join),
                join.naming,
                join.network,
                {
                    link: { certPem, keyPem: this.linkCertificate.keyPem, caCertPem: join.siteCaCertPem },
                    // Read only when a service uses TLS, and then the join information carries it.
                    networkCa: networkCa ?? { certPem: "", keyPem: "" },
                    ...(serviceCertificates ? { serviceCertificates } : {}),
                },
                addOns,
                skupperVersion,
            ),
        );

        this.registerOutputs({
            siteName: this.siteName,
            linkName: this.linkName,
            hubAddress: this.hubAddress,
            serviceAddresses: this.serviceAddresses,
        });
    }

    private validated(name: string, hub: string, routerMode: SpokeClusterArgs["routerMode"], fail: ArgumentFailure): SpokeModel {
        try {
            return validateSpoke({ name, hub, routerMode });
        } catch (e) {
            if (e instanceof TopologyError) fail(e.issues[0].path, e.issues[0].message);
            throw e;
        }
    }
}
