import * as pulumi from "@pulumi/pulumi";
import { NETWORK_TYPE, networkNameProblem } from "../../provider/network/inputs";
import { NetworkResource } from "../../provider/network/resource";
import { apiUrlProblem } from "../../provider/orchestrator/urls";
import { CertificateAuthority } from "../../provider/pki";
import { argumentFailure } from "../component/argumentError";
import { ExtensionPackage, ExtensionPackages, extensionPackagesFor } from "../managed/extensions";
import { Naming, PRODUCT_DOC_NAMING, SkupperVersion, UPSTREAM_NAMING } from "../topology/model";
import { namingSchema, skupperVersionSchema } from "../topology/validate";
import { HubFacts, crossHubProblems } from "../topology/crossHub";
import { clip } from "../topology/names";
import { NetworkInfo, networkInfo } from "./networkInfo";
import type { JoinFacts } from "../join/joinInfo";

/** The hubs of each network so far, for the cross-hub rules (kept outside the class: see addMember). */
const HUB_FACTS = new WeakMap<object, HubFacts[]>();

/** How to reach the orchestrator's networks API (step 3 of the product documentation). */
export interface OrchestratorConnectionArgs {
    /** API base URL, `https://api.<cluster-fqdn>`. Plain http is accepted only to a loopback address. */
    apiUrl: pulumi.Input<string>;
    /** Project name (not UID) that owns the network. */
    project: pulumi.Input<string>;
    /**
     * A JWT for the orchestrator. Kept as a secret. Tokens expire (an hour by
     * default), so prefer `username`/`password` or the `EDGE_ORCH_*`
     * environment variables for stacks that live longer than a token.
     */
    token?: pulumi.Input<string>;
    /** Keycloak user (member of the project's Edge-Manager-Group or Edge-Operator-Group). */
    username?: pulumi.Input<string>;
    /** Password of `username`. Kept as a secret. */
    password?: pulumi.Input<string>;
    /** Keycloak base URL. Default: `https://keycloak.<fqdn>` derived from `apiUrl`. */
    keycloakUrl?: pulumi.Input<string>;
    /** PEM bundle of the CA behind the orchestrator's certificate, when it is not publicly trusted. */
    caCert?: pulumi.Input<string>;
    /** Deadline of a single HTTP request, in seconds (default 30). */
    requestTimeoutSeconds?: pulumi.Input<number>;
    /** Deadline of one create, update or delete including retries, in seconds (default 120). */
    operationTimeoutSeconds?: pulumi.Input<number>;
}

/** Arguments of {@link InterconnectNetwork}. */
export interface InterconnectNetworkArgs {
    /**
     * Network name: lowercase letters, digits and '-', at most 40 characters,
     * so that it is also a valid deployment `networkName`. Default: the resource name.
     */
    networkName?: pulumi.Input<string>;
    /** Free text stored with the network. Default: "Network for Interconnect". */
    description?: pulumi.Input<string>;
    /**
     * Register the network with an orchestrator. Omit it for the direct mode,
     * where the package builds the mesh on the clusters itself and nothing
     * remote is registered (orchestrators from release 2026.0 on no longer
     * run the interconnect controller).
     */
    orchestrator?: OrchestratorConnectionArgs;
    /**
     * Take over a network of the same name that already exists instead of
     * failing. The adopted network is updated to `description` and deleted
     * together with the stack.
     */
    adoptExisting?: pulumi.Input<boolean>;
    /**
     * Names that differ between installations. Default: the product
     * documentation's `network.app.orchestrator.io` annotation prefix and the
     * `interconnect` site namespace. For the upstream orchestrator use
     * `{ annotationPrefix: "network.app.edge-orchestrator.intel.com" }`.
     */
    naming?: Partial<Naming>;
    /**
     * The orchestrator release whose catalog the orchestrator-managed mode
     * deploys from: "2025.2" (cluster-extensions manifest 1.4.12: loadbalancer
     * 0.6.3, skupper 0.3.1) or "1.5.1" (loadbalancer 0.7.0, skupper 0.3.1).
     * Default "2025.2". Both use the profile `default-profile`.
     */
    orchestratorRelease?: string;
    /**
     * Catalog packages of the `loadbalancer` and `skupper` extensions, field by
     * field over those of `orchestratorRelease`, e.g.
     * `{ loadbalancer: { appVersion: "0.7.0", applications: ["metallb", "metallb-base", "metallb-config"] } }`.
     */
    extensionPackages?: { loadbalancer?: Partial<ExtensionPackage>; skupper?: Partial<ExtensionPackage> };
    /**
     * The Skupper every member runs: "v1" (Skupper 1.9.6: the site controller
     * and `skupper-site` ConfigMaps; the default) or "v2" (Skupper 2.2.1: its
     * CRDs, the controller, `Site`, `Link`, `Connector` and `Listener`
     * resources). v1 and v2 sites cannot share a network; to move, build a
     * second network with "v2" in another site namespace beside the v1 one
     * (README, "Moving a network from Skupper v1 to v2"). Direct mode only:
     * the orchestrator's skupper extension is v1.
     */
    skupperVersion?: SkupperVersion;
}

/** A member as the network records it, for outputs and plans. */
export interface NetworkMember {
    role: "hub" | "spoke";
    name: string;
    /** For spokes: the hub they link to. */
    hub?: string;
    /** Orchestrator cluster id, for members in the orchestrator-managed mode. */
    orchestratorClusterId?: string;
}

/** Default description, as in the product documentation's example body. */
export const DEFAULT_NETWORK_DESCRIPTION = "Network for Interconnect";

/** Validates an input now when it is a plain value, or when it resolves. */
function validateInput<T>(
    resource: pulumi.Resource,
    field: string,
    value: pulumi.Input<T> | undefined,
    problem: (v: T) => string | undefined,
): pulumi.Output<T | undefined> {
    if (value !== undefined && !pulumi.Output.isInstance(value) && !(value instanceof Promise)) {
        const p = problem(value as T);
        if (p) argumentFailure(resource)(field, p);
    }
    return pulumi.output(value).apply((v) => {
        if (v !== undefined) {
            const p = problem(v as T);
            if (p) argumentFailure(resource)(field, p);
        }
        return v as T | undefined;
    });
}

/**
 * An interconnect network: the set of clusters whose applications reach each
 * other through Skupper routers in a hub-and-spoke pattern.
 *
 * With `orchestrator`, the network is also registered through the
 * orchestrator's REST API (`PUT /v1/projects/<project>/networks/<name>` with
 * `{"type": "application-mesh"}`), which is what the UI lists and what
 * deployments name as their `networkName`.
 *
 * @example
 * const net = new InterconnectNetwork("mesh", {
 *     orchestrator: { apiUrl: "https://api.edge.example.com", project: "retail", username: "ops", password: cfg.requireSecret("orchPassword") },
 * });
 * export const networkName = net.networkName;
 */
export class InterconnectNetwork extends pulumi.ComponentResource {
    /** The network's name, as deployments and the orchestrator know it. */
    readonly networkName: pulumi.Output<string>;
    /** The orchestrator project, or undefined in the direct mode. */
    readonly project: pulumi.Output<string | undefined>;
    /** The orchestrator API URL, or undefined in the direct mode. */
    readonly apiUrl: pulumi.Output<string | undefined>;
    /** True when the network is registered with an orchestrator. */
    readonly registered: boolean;
    /** True when an existing network was adopted rather than created. */
    readonly adopted: pulumi.Output<boolean>;
    /** The orchestrator registration, when there is one. */
    readonly registration?: NetworkResource;
    /** Annotation prefix and site namespace used by every member. */
    readonly naming: Naming;
    /** The Skupper every member runs ("v1" or "v2"). */
    readonly skupperVersion: SkupperVersion;
    /**
     * The network CA (RSA, PKCS#1): issues the TLS secrets of exposed
     * services and the trust clients use. Its key lives only in the state, as a secret.
     */
    readonly ca: CertificateAuthority;
    /**
     * The network's name as a plain string, for labels and object names on
     * the clusters: `networkName` when it is given as a string, else the resource name.
     */
    readonly labelName: string;
    /** PEM certificate of the network CA. */
    readonly caCertPem: pulumi.Output<string>;
    private readonly memberList: NetworkMember[];
    /** How to reach the orchestrator, for the managed mode's deployments. @internal */
    readonly orchestratorConnection?: OrchestratorConnectionArgs;
    /** Extension packages used in the orchestrator-managed mode. */
    readonly extensionPackages: ExtensionPackages;
    /**
     * The name the orchestrator registered, as an Output of the registration:
     * deployments that join the network use it, so they wait for the network
     * and are deleted before it. Undefined in the direct mode.
     */
    readonly registeredName?: pulumi.Output<string>;
    private readonly explicitAnnotationPrefix: boolean;
    private prefixChecked = false;
    private readonly extensionDeployments = new Map<string, pulumi.Resource[]>();

    constructor(name: string, args: InterconnectNetworkArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("edge-interconnect:index:InterconnectNetwork", name, {}, opts);

        const networkName = validateInput(this, "networkName", args.networkName ?? name, networkNameProblem) as pulumi.Output<string>;
        this.networkName = networkName;
        this.registered = args.orchestrator !== undefined;
        this.memberList = [];
        this.labelName = typeof args.networkName === "string" ? args.networkName : name;
        this.orchestratorConnection = args.orchestrator;
        const packages = extensionPackagesFor(args.orchestratorRelease, args.extensionPackages ?? {});
        if (typeof packages === "string") argumentFailure(this)("orchestratorRelease", packages);
        this.extensionPackages = packages as ExtensionPackages;
        this.naming = { ...PRODUCT_DOC_NAMING, ...(args.naming ?? {}) };
        const version = skupperVersionSchema().safeParse(args.skupperVersion ?? "v1");
        if (!version.success) argumentFailure(this)("skupperVersion", `is ${JSON.stringify(args.skupperVersion)}; ${version.error.issues[0].message}`);
        this.skupperVersion = args.skupperVersion ?? "v1";
        this.explicitAnnotationPrefix = args.naming?.annotationPrefix !== undefined;
        const naming = namingSchema().safeParse(args.naming ?? {});
        if (!naming.success) {
            const issue = naming.error.issues[0];
            argumentFailure(this)(
                ["naming", ...issue.path.map(String)].join("."),
                issue.code === "unrecognized_keys" ? `has unknown key(s): ${(issue as { keys: string[] }).keys.join(", ")}` : issue.message,
            );
        }
        this.ca = new CertificateAuthority(
            `${name}-ca`,
            { commonName: pulumi.interpolate`${networkName} network CA`, organization: "pulumi-edge-interconnect" },
            { parent: this },
        );
        this.caCertPem = this.ca.certPem;

        if (args.orchestrator) {
            const o = args.orchestrator;
            const apiUrl = validateInput(this, "orchestrator.apiUrl", o.apiUrl, apiUrlProblem) as pulumi.Output<string>;
            const project = validateInput(this, "orchestrator.project", o.project, (p: string) =>
                p.trim() === "" ? "must not be empty" : undefined,
            ) as pulumi.Output<string>;
            this.registration = new NetworkResource(
                `${name}-network`,
                {
                    apiUrl,
                    project,
                    networkName,
                    description: args.description ?? DEFAULT_NETWORK_DESCRIPTION,
                    keycloakUrl: o.keycloakUrl,
                    caCert: o.caCert,
                    token: o.token,
                    username: o.username,
                    password: o.password,
                    adoptExisting: args.adoptExisting,
                    requestTimeoutSeconds: o.requestTimeoutSeconds,
                    operationTimeoutSeconds: o.operationTimeoutSeconds,
                },
                { parent: this },
            );
            this.networkName = this.registration.networkName;
            this.registeredName = this.registration.networkName;
            this.project = this.registration.project;
            this.apiUrl = this.registration.apiUrl;
            this.adopted = this.registration.adopted;
        } else {
            this.project = pulumi.output(undefined);
            this.apiUrl = pulumi.output(undefined);
            this.adopted = pulumi.output(false);
        }

        this.registerOutputs({
            networkName: this.networkName,
            project: this.project,
            apiUrl: this.apiUrl,
            registered: this.registered,
            adopted: this.adopted,
            type: NETWORK_TYPE,
            caCertPem: this.caCertPem,
        });
    }

    /**
     * What a member needs from the network, as members read it: the facts
     * (name on the clusters, naming, Skupper backend) as plain values, the
     * network CA as Outputs. HubCluster and SpokeCluster read the network
     * only through this. A new record on each read: in the
     * orchestrator-managed mode the annotation prefix follows the first
     * managed member (see `naming`).
     */
    get info(): NetworkInfo<pulumi.Output<string>> {
        return networkInfo(
            { network: this.labelName, naming: this.naming, skupperVersion: this.skupperVersion },
            { certPem: this.ca.certPem, keyPem: this.ca.keyPem },
        );
    }

    /**
     * {@link info} as one secret Output, for a stack output that a hub in
     * another stack reads with `readNetworkInfo`. It carries the network
     * CA's key, which hubs need to issue the TLS secrets of exposed services.
     */
    get networkInfo(): pulumi.Output<NetworkInfo> {
        return pulumi.secret(pulumi.output(this.info)) as pulumi.Output<NetworkInfo>;
    }

    /** The hubs and spokes that joined this network so far, in construction order. */
    get members(): readonly NetworkMember[] {
        return this.memberList;
    }

    /**
     * Records a member. Called by HubCluster and SpokeCluster; a name may
     * join once, because it names the Skupper site. A hub hands in its
     * published facts (`options.hub`) for the cross-hub rules; a spoke of a
     * HubCluster of this program says so (`options.hubInProgram`), and its hub
     * must be a member here.
     * @internal
     */
    addMember(
        member: NetworkMember,
        by: pulumi.Resource,
        options: { hubInProgram?: boolean; hub?: Pick<JoinFacts, "routerIp" | "exposedServices"> } = {},
    ): void {
        if (this.memberList.some((m) => m.name === member.name)) {
            throw new pulumi.ResourceError(`name "${member.name}" is already a member of network; cluster names must be unique`, by, true);
        }
        // A spoke of a HubCluster of this program: that hub must have joined this network.
        if (options.hubInProgram && !this.memberList.some((m) => m.role === "hub" && m.name === member.hub)) {
            throw new pulumi.ResourceError(`SpokeCluster "${member.name}": hub "${member.hub}" belongs to another network`, by, true);
        }
        // labelName names labels and objects on every member; when networkName is an Output it is the
        // resource name, which nothing else checks.
        const labelProblem = networkNameProblem(this.labelName);
        if (labelProblem) {
            throw new pulumi.ResourceError(
                `network "${clip(this.labelName, 60)}" (the name used for labels and object names on the clusters) ${labelProblem}; give networkName as a plain string, or a valid resource name`,
                by,
                true,
            );
        }
        // The cross-hub rules of the stack configuration (sdk/topology/crossHub.ts), for components too.
        const hub = member.role === "hub" ? options.hub : undefined;
        if (hub) {
            const hubs = [
                ...(HUB_FACTS.get(this) ?? []),
                { name: member.name, routerIp: hub.routerIp, exposedServices: hub.exposedServices.map((s) => s.name) },
            ];
            const problem = crossHubProblems(hubs).find((p) => p.hubIndex === hubs.length - 1);
            if (problem) throw new pulumi.ResourceError(`HubCluster "${member.name}": ${problem.field} ${problem.message}`, by, true);
            HUB_FACTS.set(this, hubs);
        }
        if (member.orchestratorClusterId !== undefined && this.skupperVersion === "v2") {
            throw new pulumi.ResourceError(
                `${member.role === "hub" ? "HubCluster" : "SpokeCluster"} "${member.name}": orchestratorClusterId is given, but the network's skupperVersion is "v2"; the orchestrator's skupper extension runs Skupper v1, so v2 networks use the direct mode (kubeconfig or provider)`,
                by,
                true,
            );
        }
        if (member.orchestratorClusterId !== undefined) this.useControllerPrefix(by);
        this.memberList.push(member);
    }

    /**
     * In the orchestrator-managed mode the orchestrator's interconnect controller, not this
     * package, finds the Services to expose, and it reads only
     * `network.app.edge-orchestrator.intel.com/expose-service` and `…/expose-port(s)`
     * (app-orch-deployment 9bbe349 `app-interconnect/internal/controller/network/`; FACTS §1.1, §3.2).
     * So the managed mode defaults to that prefix, and warns once when another was chosen.
     */
    private useControllerPrefix(by: pulumi.Resource): void {
        if (this.prefixChecked) return;
        this.prefixChecked = true;
        if (!this.explicitAnnotationPrefix) {
            (this.naming as { annotationPrefix: string }).annotationPrefix = UPSTREAM_NAMING.annotationPrefix;
        } else if (this.naming.annotationPrefix !== UPSTREAM_NAMING.annotationPrefix) {
            pulumi.log.warn(
                `naming.annotationPrefix is "${this.naming.annotationPrefix}", but the orchestrator's interconnect controller reads only ` +
                    `"${UPSTREAM_NAMING.annotationPrefix}/expose-service" and "…/expose-port": Services annotated with "${this.naming.annotationPrefix}/…" ` +
                    `will not be exposed in the orchestrator-managed mode. Remove naming.annotationPrefix, or set it to "${UPSTREAM_NAMING.annotationPrefix}".`,
                by,
            );
        }
    }

    /**
     * Records an extension deployment (loadbalancer, skupper) on a cluster, so
     * that applications on that cluster wait for it.
     * @internal
     */
    addExtensionDeployment(clusterId: string, deployment: pulumi.Resource): void {
        this.extensionDeployments.set(clusterId, [...(this.extensionDeployments.get(clusterId) ?? []), deployment]);
    }

    /** The extension deployments on these clusters, recorded so far. @internal */
    extensionDeploymentsOn(clusterIds: readonly string[]): pulumi.Resource[] {
        return [...new Set(clusterIds.flatMap((id) => this.extensionDeployments.get(id) ?? []))];
    }
}
