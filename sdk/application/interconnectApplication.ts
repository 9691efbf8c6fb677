import * as pulumi from "@pulumi/pulumi";
import { OrchestratorDeployment } from "../../provider/deployment/resource";
import type { OverrideValues } from "../../provider/orchestrator/types";
import { argumentFailure } from "../component/argumentError";
import type { HubCluster } from "../hub/hubCluster";
import { networkDeployment } from "../managed/deployments";
import { EXTENSION_NETWORK_RULE, targetsFor } from "../managed/extensions";
import type { InterconnectNetwork } from "../network/interconnectNetwork";
import type { SpokeCluster } from "../spoke/spokeCluster";

/** Arguments of {@link InterconnectApplication}. */
export interface InterconnectApplicationArgs {
    /** The network the application joins (it must have `orchestrator`). */
    network: InterconnectNetwork;
    /**
     * `server` (step 6): joins the network and exposes `exposedApplications`;
     * `client` (step 7): joins the network only.
     */
    role: "server" | "client";
    /** Catalog deployment package name. */
    appName: string;
    /** Package version. */
    appVersion: string;
    /** Deployment profile. */
    profileName?: string;
    /** Display name (default: the resource name). */
    displayName?: string;
    /** Where to deploy: managed members (HubCluster/SpokeCluster with orchestratorClusterId) or cluster ids. */
    clusters: (HubCluster | SpokeCluster | string)[];
    /** The package's applications, each targeted on every cluster (default: the package name). */
    applications?: string[];
    /**
     * Applications of the package whose annotated Services are exposed on the
     * network (server only; default: the package name). Without this the
     * router does not route to them (product documentation, step 6).
     */
    exposedApplications?: string[];
    /** Helm values per application of the package. */
    overrideValues?: OverrideValues[];
    /** What a delete removes (default PARENT_ONLY). */
    deleteType?: "PARENT_ONLY" | "ALL";
}

/**
 * An application deployed through the orchestrator that joins the network:
 * the server exposes its annotated Services, clients reach them through
 * their local router as `<service>.interconnect.svc.cluster.local:<port>`.
 *
 * @example
 * new InterconnectApplication("backend", { network, role: "server", appName: "skupper-backend", appVersion: "0.0.1", clusters: [hub] });
 * new InterconnectApplication("frontend", { network, role: "client", appName: "skupper-frontend", appVersion: "0.0.1", clusters: [spoke] });
 */
export class InterconnectApplication extends pulumi.ComponentResource {
    /** The orchestrator deployment. */
    readonly deployment: OrchestratorDeployment;
    /** Its `deployId`. */
    readonly deployId: pulumi.Output<string>;
    /** Cluster ids it targets. */
    readonly clusterIds: string[];
    /** The component name. */
    readonly applicationName: string;
    /**
     * What the deployment waits for on create and outlives on destroy: the
     * network registration and the extension deployments on its clusters.
     */
    readonly waitsFor: readonly pulumi.Resource[];

    constructor(name: string, args: InterconnectApplicationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("edge-interconnect:index:InterconnectApplication", name, {}, opts);
        this.applicationName = name;
        const fail = argumentFailure(this, `InterconnectApplication "${name}"`);
        if (!args?.network) fail("network", "is required: pass the InterconnectNetwork the application joins");
        if (args.role !== "server" && args.role !== "client") fail("role", `must be server or client (got ${String(args.role)})`);
        const extensions = [args.network.extensionPackages.loadbalancer.appName, args.network.extensionPackages.skupper.appName];
        if (extensions.includes(args.appName)) fail("appName", `"${args.appName}" is an extension package: ${EXTENSION_NETWORK_RULE}`);
        if (args.role === "client" && args.exposedApplications?.length) {
            fail("exposedApplications", "apply to servers only: a client joins the network without exposing anything (product documentation, step 7)");
        }
        if (!Array.isArray(args.clusters) || args.clusters.length === 0) fail("clusters", "must name at least one cluster");
        this.clusterIds = args.clusters.map((c, i) => {
            const id = typeof c === "string" ? c : c.orchestratorClusterId;
            if (!id)
                return fail(
                    `clusters[${i}]`,
                    `"${(c as HubCluster).siteName}" is a direct-mode cluster; give members with orchestratorClusterId, or cluster ids`,
                );
            return id;
        });
        this.waitsFor = [...(args.network.registration ? [args.network.registration] : []), ...args.network.extensionDeploymentsOn(this.clusterIds)];
        const exposed = args.role === "server" ? (args.exposedApplications ?? [args.appName]) : [];
        this.deployment = networkDeployment(
            args.network,
            `${name}-deployment`,
            {
                appName: args.appName,
                appVersion: args.appVersion,
                profileName: args.profileName,
                displayName: args.displayName ?? name,
                deploymentType: "targeted",
                targetClusters: targetsFor(args.applications ?? [args.appName], this.clusterIds),
                overrideValues: args.overrideValues,
                // The registered name, an Output of the registration: the deployment joins the
                // network the orchestrator knows, after it exists (issue 12.1).
                networkName: args.network.registeredName ?? args.network.networkName,
                serviceExports: exposed.length ? exposed.map((appName) => ({ appName, enabled: true })) : undefined,
                deleteType: args.deleteType,
            },
            {
                parent: this,
                // After the network registration and the extensions on its clusters; on destroy, before them.
                dependsOn: [...this.waitsFor],
            },
            fail,
            "network",
        );
        this.deployId = this.deployment.deployId;
        this.registerOutputs({ deployId: this.deployId, clusterIds: this.clusterIds });
    }
}
