import * as k8s from "@pulumi/kubernetes";
import { CertManager, CertManagerArgs } from "@pulumi/kubernetes-cert-manager";
import * as pulumi from "@pulumi/pulumi";
import { OrchestratorDeployment } from "../../provider/deployment/resource";
import { CertificateAuthority } from "../../provider/pki";
import { ClusterAccessArgs, clusterProvider } from "../kube/clusterProvider";
import { argumentFailure } from "../component/argumentError";
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
    /** The network this hub serves. */
    network: InterconnectNetwork;
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
    /** The network the hub belongs to. */
    readonly network: InterconnectNetwork;
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
    /** The `skupper-site` ConfigMap; the site exists once it does (direct mode only). */
    readonly site?: k8s.core.v1.ConfigMap;
    /** The router's LoadBalancer Service, created by the package with its address assigned (direct mode only). */
    readonly routerService?: k8s.core.v1.Service;
    /** What is installed on the cluster besides the mesh, after defaults (direct mode only). */
    readonly addOns?: AddOnsModel;

    constructor(name: string, args: HubClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("edge-interconnect:index:HubCluster", name, {}, opts);
        const fail = argumentFailure(this, `HubCluster "${name}"`);
        if (!args?.network) fail("network", "is required: pass the InterconnectNetwork this hub belongs to");
        const managed = args.orchestratorClusterId !== undefined;
        if (managed) {
            const other = (["kubeconfig", "provider", "context", "exposedServices"] as const).find((k) => args[k] !== undefined);
            if (other === "exposedServices")
                fail(other, "apply to the direct mode; with orchestratorClusterId, expose applications with InterconnectApplication (serviceExports)");
            if (other) fail("orchestratorClusterId", `and ${other} are both given: a managed hub is reached through the orchestrator, not a kubeconfig`);
        }
        try {
            this.model = validateHub({
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
        this.network = args.network;
        this.siteName = name;
        this.routerIp = this.model.loadBalancer.routerIp;
        this.routerPort = ROUTER_PORTS.interRouter;
        this.edgePort = ROUTER_PORTS.edge;
        this.deployments = [];
        if (managed) {
            this.orchestratorClusterId = args.orchestratorClusterId;
            this.network.addMember({ role: "hub", name, orchestratorClusterId: args.orchestratorClusterId }, this);
            const packages = this.network.extensionPackages;
            this.deployments = [
                networkDeployment(
                    this.network,
                    `${name}-loadbalancer`,
                    loadBalancerDeployment(name, args.orchestratorClusterId!, this.model.loadBalancer.addresses, packages),
                    { parent: this },
                    fail,
                    "orchestratorClusterId",
                ),
                networkDeployment(
                    this.network,
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
                this.network.skupperVersion,
            );
        } catch (e) {
            if (e instanceof TopologyError) fail(e.issues[0].path, e.issues[0].message);
            throw e;
        }
        this.addOns = addOns;
        const naming = this.network.naming;
        // cert-manager writes the server's skupper-tls-<name> into the server's namespace; in the site
        // namespace Skupper would take it for one it generated and add no sslProfile (pkg/kube/qdr/tls_handler.go).
        const clash = this.model.exposedServices.findIndex((s) => s.tls && s.namespace === naming.siteNamespace);
        if (clash >= 0)
            fail(
                `exposedServices[${clash}].namespace`,
                `is the site namespace "${naming.siteNamespace}"; a TLS server must run in a namespace of its own, where its skupper-tls-${this.model.exposedServices[clash].name} certificate lives`,
            );
        this.network.addMember({ role: "hub", name }, this);
        const net = this.network.labelName;
        this.provider = clusterProvider(this, name, args, fail);
        const on = { parent: this, provider: this.provider };

        this.siteCa = new CertificateAuthority(
            `${name}-site-ca`,
            { commonName: `${name} site CA`, organization: "pulumi-edge-interconnect" },
            { parent: this },
        );
        const planned = hubObjects(
            this.model,
            naming,
            net,
            {
                siteCa: { certPem: this.siteCa.certPem, keyPem: this.siteCa.keyPem, fingerprint: this.siteCa.certPem.apply(certificateFingerprint) },
                networkCa: { certPem: this.network.ca.certPem, keyPem: this.network.ca.keyPem },
            },
            { annotateServices: args.annotateServices !== false, addOns, skupperVersion: this.network.skupperVersion },
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
        this.site = plan.resourcesOf("site")[0] as k8s.core.v1.ConfigMap;
        this.routerService = plan.resourcesOf("router-service")[0] as k8s.core.v1.Service;
        this.serviceAddresses = Object.fromEntries(this.model.exposedServices.map((svc) => [svc.name, networkAddress(svc, naming)]));

        this.registerOutputs({
            siteName: this.siteName,
            routerIp: this.routerIp,
            routerPort: this.routerPort,
            edgePort: this.edgePort,
            serviceAddresses: this.serviceAddresses,
            siteCaCertPem: this.siteCa!.certPem,
        });
    }
}
