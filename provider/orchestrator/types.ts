/**
 * Wire types of the orchestrator's networks API (nexus-api-gw, tenancy data
 * model `networks.network.edge-orchestrator.intel.com/v1`).
 */

/** Body of `PUT /v1/projects/{project}/networks/{name}`. */
export interface NetworkSpec {
    description?: string;
    /** The only type upstream defines is "application-mesh". */
    type: string;
}

/** `GET …/networks/{name}`: spec and status; upstream returns no name here. */
export interface NetworkObject {
    spec: NetworkSpec;
    status: Record<string, unknown>;
}

/** One entry of `GET …/networks`. */
export interface NetworkListItem extends NetworkObject {
    name: string;
}

/** What a PUT did. Upstream answers 200 in both cases and tells them apart only by its message. */
export interface PutNetworkResult {
    outcome: "created" | "updated";
    message: string;
}

/** Where a deployment goes: a cluster id, or cluster labels, per application or for all. */
export interface TargetClusters {
    appName?: string;
    clusterId?: string;
    labels?: Record<string, string>;
}

/** Values for one application of the package (Helm values as a JSON object). */
export interface OverrideValues {
    appName: string;
    targetNamespace?: string;
    values?: Record<string, unknown>;
}

/** An application of the deployment whose annotated Services join the network. */
export interface ServiceExport {
    appName: string;
    enabled: boolean;
}

/**
 * Body of `POST/PUT /v1/projects/{project}/appdeployment/deployments[/{id}]`
 * (App Deployment Manager `Deployment`, input fields only).
 */
export interface DeploymentSpec {
    appName: string;
    appVersion: string;
    profileName?: string;
    displayName?: string;
    deploymentType?: "targeted" | "auto-scaling";
    targetClusters?: TargetClusters[];
    allAppTargetClusters?: TargetClusters;
    overrideValues?: OverrideValues[];
    /** Network to join; upstream GET never returns it. */
    networkName?: string;
    /** Applications exposed on the network; upstream GET never returns them. */
    serviceExports?: ServiceExport[];
}

/** A deployment as GET returns it: the input fields except networkName/serviceExports, plus output fields. */
export interface Deployment extends Omit<DeploymentSpec, "networkName" | "serviceExports"> {
    deployId: string;
    name?: string;
    createTime?: string;
    status?: Record<string, unknown>;
    apps?: unknown[];
}

/** `deleteType` of a deployment delete: the deployment only, or with its applications' resources. */
export type DeleteType = "PARENT_ONLY" | "ALL";
