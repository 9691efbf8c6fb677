import * as k8s from "@pulumi/kubernetes";
import { CertManager, CertManagerArgs } from "@pulumi/kubernetes-cert-manager";
import * as pulumi from "@pulumi/pulumi";
import { OrchestratorDeployment } from "../../provider/deployment/resource";
import { CertificateAuthority, IntermediateAuthority } from "../../provider/pki";
import { ClusterAccessArgs, clusterProvider } from "../kube/clusterProvider";
import { argumentFailure } from "../component/argumentError";
import { validatedModelOf } from "../component/validatedModel";
import { ClusterPlan } from "../kube/objects";
import { hubObjects } from "../manifests/cluster";
import { networkAddress } from "../manifests/exposure";
import { metallbReleaseArgs } from "../manifests/metallb";
import { certManagerArgs } from "../manifests/tls";
import { networkDeployment } from "../managed/deployments";
import { loadBalancerDeployment, skupperDeployment } from "../managed/extensions";
import { AddOnsModel, HubAddOnArgs, validateHubAddOns } from "../topology/addons";
import { HubModel, ROUTER_PORTS } from "../topology/model";
import { certificateFingerprint } from "../kube/fingerprint";
import { TopologyError, validateHub } from "../topology/validate";
import type { InterconnectNetwork } from "../network/interconnectNetwork";
import { NetworkArg, memberNetwork } from "../network/memberNetwork";
import { JoinFacts, JoinInfo, SHARD_NAME, joinFacts, shardDnsDomain } from "../join/joinInfo";

/** A server application's Service to expose on the network. */
export interface ExposedServiceArgs {
    /** Name of the server's Service; clients reach it as `<name>.interconnect.svc.cluster.local:<port>`. */
    name: string;
    /** Namespace of the server's Service (default "default"). */
    namespace?: string;
    /** Port to expose (1–65535). */
    port: number;
    /** Issue `skupper-tls-<name>` for the server and route with TLS (default false). */
    tls?: boolean;
    /** Type of the server's Service. Only ClusterIP can be exposed; anything else is refused. */
    type?: string;
}

/**
 * Arguments of {@link HubCluster}. Addresses, ranges and services are plain
 * values, not Inputs: they decide which resources exist, and a preview must
 * show them.
 */
export interface HubClusterArgs extends ClusterAccessArgs, HubAddOnArgs {
    /**
     * The network this hub serves: the `InterconnectNetwork` of this
     * program, or its network information from another stack
     * (`await readNetworkInfo(networkStack, "networkInfo")`, direct mode
     * only). The hub reads the network only through that information
     * (`network.info`).
     */
    network: NetworkArg;
    /** MetalLB pool of the hub and the router's pinned address. */
    loadBalancer: {
        /** CIDRs (`10.1.0.32/28`) or ranges (`10.1.0.30-10.1.0.79`) MetalLB may assign. */
        addresses: string[];
        /** The router's LoadBalancer IP, which spokes link to. Default: the pool's first host address. */
        routerIp?: string;
        /** Interfaces MetalLB announces on (default: all). */
        l2Interfaces?: string[];
    };
    /**
     * CIDRs allowed to reach the router's LoadBalancer, normally the spokes'
     * egress ranges. Applied as `loadBalancerSourceRanges` (enforced by
     * kube-proxy or Cilium, not by MetalLB).
     */
    allowedSourceRanges?: string[];
    /** Accept an empty `allowedSourceRanges`, `0.0.0.0/0` or `::/0`. Default false: the product documentation forbids exposing the router to the Internet. */
    allowPublicExposure?: boolean;
    /** Server Services to expose on the network. */
    exposedServices?: ExposedServiceArgs[];
    /**
     * Patch the orchestrator's exposure annotations onto each exposed Service
     * (server-side apply; the Service must exist). Default true. Set false
     * when the program declares the Services itself with {@link interconnectServiceAnnotations}.
     */
    annotateServices?: boolean;
    /**
     * Orchestrator-managed mode: the hub's cluster id in the orchestrator,
     * instead of a kubeconfig. The hub then gets the `loadbalancer` and
     * `skupper` extension deployments (steps 4 and 5 of the product
     * documentation) through the network's orchestrator, whose own
     * interconnect controller builds the mesh. Exposure is then per
     * application, with {@link InterconnectApplication}.
     */
    orchestratorClusterId?: string;
    /**
     * Shards of spokes that live in other stacks (direct mode). Each gets an
     * intermediate CA under the site CA (`<name>-shard-<shard>-ca`) and its
     * join information, {@link HubCluster.joinInfoFor}, to export as a secret
     * stack output: a shard stack signs its links with that CA and never sees
     * the site CA's key. Names: lowercase letters, digits and '-', at most 40.
     */
    shards?: string[];
}

/**
 * A hub cluster: MetalLB in L2 mode, the Skupper site controller and an
 * interior site whose router listens on a pinned LoadBalancer IP restricted to
 * the allowed source ranges, the site CA that spokes' links are signed with,
 * and the exposed server Services (with TLS secrets from cert-manager when asked).
 *
 * @example
 * const hub = new HubCluster("store-hub", {
 *     network, kubeconfig: cfg.requireSecret("hubKubeconfig"),
 *     loadBalancer: { addresses: ["10.1.0.32/28"] },
 *     allowedSourceRanges: ["10.2.0.0/16"],
 *     exposedServices: [{ name: "my-backend", namespace: "shop", port: 8080 }],
 * });
 */
export class HubCluster extends pulumi.ComponentResource {
    /** The validated hub, as plain data. */
    readonly model: HubModel;
    /** The network component the hub joined; undefined when it was given network information instead. */
    readonly network?: InterconnectNetwork;
    /**
     * What other members may read of the hub, as plain values, in both modes:
     * its network's facts, its name, router address and ports, and its
     * exposed services. Spokes of a managed hub read the hub only through this.
     */
    readonly facts: JoinFacts;
    /** The Kubernetes provider of the hub cluster (direct mode only). */
    readonly provider?: k8s.Provider;
    /** Skupper site name (the component name). */
    readonly siteName: string;
    /** The router's LoadBalancer IP, which spokes link to. */
    readonly routerIp: string;
    /** Inter-router port spokes link to (55671). */
    readonly routerPort: number;
    /** Edge port, for spokes in edge mode (45671). */
    readonly edgePort: number;
    /** The hub's site CA, which signs the router certificate and the spokes' link certificates (direct mode only). */
    readonly siteCa?: CertificateAuthority;
    /** Orchestrator cluster id (orchestrator-managed mode only). */
    readonly orchestratorClusterId?: string;
    /** The extension deployments: loadbalancer and skupper (orchestrator-managed mode only). */
    readonly deployments: OrchestratorDeployment[];
    /** Network addresses of the exposed services: name → `<name>.interconnect.svc.cluster.local:<port>`. */
    readonly serviceAddresses: Record<string, string>;
    /**
     * The site; it exists once this does (direct mode only): Skupper v1's
     * `skupper-site` ConfigMap, or Skupper v2's `Site` custom resource.
     */
    readonly site?: k8s.core.v1.ConfigMap | k8s.apiextensions.CustomResource;
    /** The router's LoadBalancer Service, created by the package with its address assigned (direct mode only). */
    readonly routerService?: k8s.core.v1.Service;
    /** What is installed on the cluster besides the mesh, after defaults (direct mode only). */
    readonly addOns?: AddOnsModel;
    /**
     * What a spoke in this program needs from the hub (direct mode only):
     * plain facts, and PEM material as Outputs; its signer is the site CA
     * itself. {@link SpokeCluster} reads the hub only through this.
     */
    readonly join?: JoinInfo<pulumi.Input<string>>;
    /**
     * {@link join} as one secret Output. It carries the site CA's key: keep it
     * in this program. Export {@link joinInfoFor} a shard instead.
     */
    readonly joinInfo?: pulumi.Output<JoinInfo>;
    /** The intermediate CA of each shard (direct mode, `shards` only). */
    readonly shardCas: Record<string, IntermediateAuthority>;
    private readonly shardJoins: Record<string, JoinInfo<pulumi.Input<string>>>;

    constructor(name: string, args: HubClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("edge-interconnect:index:HubCluster", name, {}, opts);
        const fail = argumentFailure(this, `HubCluster "${name}"`);
        this.shardCas = {};
        this.shardJoins = {};
        if (!args?.network) fail("network", "is required: pass the InterconnectNetwork this hub belongs to");
        const { info: net, component: network } = memberNetwork(args.network, fail);
        const managed = args.orchestratorClusterId !== undefined;
        if (managed) {
            const other = (["kubeconfig", "provider", "context", "exposedServices"] as const).find((k) => args[k] !== undefined);
            if (other === "exposedServices")
                fail(other, "apply to the direct mode; with orchestratorClusterId, expose applications with InterconnectApplication (serviceExports)");
            if (other) fail("orchestratorClusterId", `and ${other} are both given: a managed hub is reached through the orchestrator, not a kubeconfig`);
            if (args.shards !== undefined) fail("shards", "apply to the direct mode; a managed hub's spokes are linked by the orchestrator");
            if (!network)
                fail(
                    "network",
                    "must be the InterconnectNetwork itself in the orchestrator-managed mode: the hub's extensions deploy through its orchestrator connection, which network information does not carry",
                );
        }
        const shards = checkedShards(args.shards, fail);
        try {
            this.model =
                validatedModelOf<HubModel>(args) ??
                validateHub({
                    name,
                    loadBalancer: args.loadBalancer,
                    // The orchestrator's load balancer cannot be restricted from here; a warning says so.
                    allowedSourceRanges: managed ? (args.allowedSourceRanges ?? []) : args.allowedSourceRanges,
                    allowPublicExposure: managed ? true : args.allowPublicExposure,
                    exposedServices: args.exposedServices,
                });
        } catch (e) {
            if (e instanceof TopologyError) fail(e.issues[0].path, e.issues[0].message);
            throw e;
        }
        this.network = network;
        this.siteName = name;
        this.routerIp = this.model.loadBalancer.routerIp;
        this.routerPort = ROUTER_PORTS.interRouter;
        this.edgePort = ROUTER_PORTS.edge;
        this.deployments = [];
        if (managed) {
            this.orchestratorClusterId = args.orchestratorClusterId;
            // Joining decides the managed annotation prefix, so the published facts are read after it.
            network!.addMember({ role: "hub", name, orchestratorClusterId: args.orchestratorClusterId }, this, {
                hub: joinFacts(this.model, net, null),
            });
            this.facts = joinFacts(this.model, network!.info, null);
            const packages = network!.extensionPackages;
            this.deployments = [
                networkDeployment(
                    network!,
                    `${name}-loadbalancer`,
                    loadBalancerDeployment(name, args.orchestratorClusterId!, this.model.loadBalancer.addresses, packages),
                    { parent: this },
                    fail,
                    "orchestratorClusterId",
                ),
                networkDeployment(
                    network!,
                    `${name}-skupper`,
                    skupperDeployment(name, args.orchestratorClusterId!, packages),
                    { parent: this },
                    fail,
                    "orchestratorClusterId",
                ),
            ];
            pulumi.log.warn(
                `HubCluster "${name}": in the orchestrator-managed mode the router's LoadBalancer cannot be restricted by this package; isolate it with firewalls or a VPN (product documentation, Best Practices)`,
                this,
            );
            this.serviceAddresses = {};
            this.registerOutputs({
                siteName: this.siteName,
                orchestratorClusterId: this.orchestratorClusterId,
                deployIds: this.deployments.map((d) => d.deployId),
            });
            return;
        }
        let addOns: AddOnsModel;
        try {
            addOns = validateHubAddOns(
                {
                    metallb: args.metallb,
                    certManager: args.certManager,
                    skupperController: args.skupperController,
                    imageRegistry: args.imageRegistry,
                },
                [],
                net.skupperVersion,
            );
        } catch (e) {
            if (e instanceof TopologyError) fail(e.issues[0].path, e.issues[0].message);
            throw e;
        }
        this.addOns = addOns;
        const naming = net.naming;
        // cert-manager writes the server's skupper-tls-<name> into the server's namespace; in the site
        // namespace Skupper would take it for one it generated and add no sslProfile (pkg/kube/qdr/tls_handler.go).
        const clash = this.model.exposedServices.findIndex((s) => s.tls && s.namespace === naming.siteNamespace);
        if (clash >= 0)
            fail(
                `exposedServices[${clash}].namespace`,
                `is the site namespace "${naming.siteNamespace}"; a TLS server must run in a namespace of its own, where its skupper-tls-${this.model.exposedServices[clash].name} certificate lives`,
            );
        this.facts = joinFacts(this.model, net, null);
        network?.addMember({ role: "hub", name }, this, { hub: this.facts });
        this.provider = clusterProvider(this, name, args, fail, opts);
        const on = { parent: this, provider: this.provider };

        this.siteCa = new CertificateAuthority(
            `${name}-site-ca`,
            { commonName: `${name} site CA`, organization: "pulumi-edge-interconnect" },
            { parent: this },
        );
        const planned = hubObjects(
            this.model,
            naming,
            net.network,
            {
                siteCa: { certPem: this.siteCa.certPem, keyPem: this.siteCa.keyPem, fingerprint: this.siteCa.certPem.apply(certificateFingerprint) },
                networkCa: net.ca,
            },
            { annotateServices: args.annotateServices !== false, addOns, skupperVersion: net.skupperVersion },
        );

        // MetalLB's Helm release goes between the plan's first object (its namespace) and the rest.
        const plan = new ClusterPlan(name, on);
        plan.apply(planned.filter((p) => p.role === "metallb-namespace"));
        if (addOns.metallb.install) {
            plan.addRelease(
                "metallb",
                new k8s.helm.v3.Release(`${name}-metallb`, metallbReleaseArgs(addOns), {
                    ...on,
                    dependsOn: plan.resourcesOf("metallb-namespace"),
                }),
            );
        }
        if (addOns.certManager.install && this.model.exposedServices.some((s) => s.tls)) {
            plan.addRelease(
                "cert-manager",
                new CertManager(`${name}-cert-manager`, certManagerArgs(addOns) as CertManagerArgs, { parent: this, providers: [this.provider] }),
            );
        }
        plan.apply(planned.filter((p) => p.role !== "metallb-namespace"));
        this.site = plan.resourcesOf("site")[0] as k8s.core.v1.ConfigMap | k8s.apiextensions.CustomResource;
        this.routerService = plan.resourcesOf("router-service")[0] as k8s.core.v1.Service;
        this.serviceAddresses = Object.fromEntries(this.model.exposedServices.map((svc) => [svc.name, networkAddress(svc, naming)]));

        const siteCa = this.siteCa;
        const tls = this.model.exposedServices.some((s) => s.tls);
        const joinFor = (shard: string | null, signer: JoinInfo<pulumi.Input<string>>["signer"]): JoinInfo<pulumi.Input<string>> => ({
            ...joinFacts(this.model, net, shard),
            siteCaCertPem: siteCa.certPem,
            signer,
            networkCa: tls ? { certPem: net.ca.certPem, keyPem: net.ca.keyPem } : null,
        });
        this.join = joinFor(null, { certPem: siteCa.certPem, keyPem: siteCa.keyPem, chainPem: "" });
        this.joinInfo = pulumi.secret(pulumi.output(this.join)) as pulumi.Output<JoinInfo>;
        for (const shard of shards) {
            const ca = new IntermediateAuthority(
                `${name}-shard-${shard}-ca`,
                {
                    caCertPem: siteCa.certPem,
                    caKeyPem: siteCa.keyPem,
                    // X.509 allows 64 characters in a CN; hub (≤ 50) and shard (≤ 40) names can exceed that together.
                    commonName: shardCaName(name, shard),
                    organization: "pulumi-edge-interconnect",
                    permittedDnsDomain: shardDnsDomain(net.network, name, shard),
                },
                { parent: this },
            );
            this.shardCas[shard] = ca;
            this.shardJoins[shard] = joinFor(shard, { certPem: ca.certPem, keyPem: ca.keyPem, chainPem: ca.certPem });
        }

        this.registerOutputs({
            siteName: this.siteName,
            routerIp: this.routerIp,
            routerPort: this.routerPort,
            edgePort: this.edgePort,
            serviceAddresses: this.serviceAddresses,
            siteCaCertPem: siteCa.certPem,
            shards,
        });
    }

    /** The join information of a declared shard, as the spokes' own program would receive it: plain facts, Output material. */
    joinFor(shard: string): JoinInfo<pulumi.Input<string>> {
        const join = this.shardJoins[shard];
        if (!join) {
            const known = Object.keys(this.shardJoins);
            argumentFailure(this, `HubCluster "${this.siteName}"`)(
                "shards",
                `do not include "${shard}"; declared: ${known.length ? known.join(", ") : "(none)"}. Add it to shards so the hub issues its CA`,
            );
        }
        return join;
    }

    /**
     * The join information of a declared shard as one secret Output, for a
     * stack output the shard's stack reads (`readJoinInfo`). Its signer is
     * the shard's CA; the site CA's key is not in it.
     */
    joinInfoFor(shard: string): pulumi.Output<JoinInfo> {
        return pulumi.secret(pulumi.output(this.joinFor(shard))) as pulumi.Output<JoinInfo>;
    }
}

/** The shard CA's common name: `<hub> shard <shard> CA`, or `shard <shard> CA` when that would pass 64 characters. */
export function shardCaName(hub: string, shard: string): string {
    const full = `${hub} shard ${shard} CA`;
    return full.length <= 64 ? full : `shard ${shard} CA`;
}

/** The shard names, checked: each a DNS label of at most 40 characters, each once. */
function checkedShards(shards: unknown, fail: (field: string, problem: string) => never): string[] {
    if (shards === undefined) return [];
    if (!Array.isArray(shards)) fail("shards", "must be a list of shard names");
    const list = shards as unknown[];
    list.forEach((s, i) => {
        if (typeof s !== "string" || !SHARD_NAME.test(s))
            fail(
                `shards[${i}]`,
                `must be a shard name: lowercase letters, digits and '-', at most 40, starting and ending with a letter or digit (got ${JSON.stringify(s)})`,
            );
        if (list.indexOf(s) !== i) fail(`shards[${i}]`, `"${s}" is listed twice`);
    });
    return list as string[];
}
