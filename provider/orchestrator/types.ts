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
