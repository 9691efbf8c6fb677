/**
 * One App Deployment Manager deployment as a Pulumi custom resource of the
 * package's provider plugin (`edge-interconnect:index:Deployment`, whose
 * operations are {@link deploymentProvider}). Components create these for the
 * orchestrator-managed interconnect; programs can use it directly.
 */
import * as pulumi from "@pulumi/pulumi";
import type { DeleteType, OverrideValues, ServiceExport, TargetClusters } from "../orchestrator/types";
import { customResourceOptions, resourceType } from "../resourceTypes";
import type { deploymentProvider } from "./provider";

/** Inputs of {@link OrchestratorDeployment}. */
export interface OrchestratorDeploymentArgs {
    /** Orchestrator API base URL, `https://api.<fqdn>`. */
    apiUrl: pulumi.Input<string>;
    /** Project name. */
    project: pulumi.Input<string>;
    /** Catalog package (deployment package) name, e.g. `skupper`, `loadbalancer`. */
    appName: pulumi.Input<string>;
    /** Package version. */
    appVersion: pulumi.Input<string>;
    /** Deployment profile of the package. */
    profileName?: pulumi.Input<string>;
    /** Name shown in the orchestrator; with the package it must be unique. */
    displayName?: pulumi.Input<string>;
    /** `targeted` (default): the clusters in `targetClusters`; `auto-scaling`: clusters by labels. */
    deploymentType?: pulumi.Input<"targeted" | "auto-scaling">;
    targetClusters?: pulumi.Input<pulumi.Input<TargetClusters>[]>;
    overrideValues?: pulumi.Input<pulumi.Input<OverrideValues>[]>;
    /** Interconnect network the deployment joins. Never for extension packages (product documentation, steps 4 and 5). */
    networkName?: pulumi.Input<string>;
    /** Applications whose annotated Services are exposed on the network. */
    serviceExports?: pulumi.Input<pulumi.Input<ServiceExport>[]>;
    /** What a delete removes (default PARENT_ONLY). */
    deleteType?: pulumi.Input<DeleteType>;
    keycloakUrl?: pulumi.Input<string>;
    caCert?: pulumi.Input<string>;
    token?: pulumi.Input<string>;
    username?: pulumi.Input<string>;
    password?: pulumi.Input<string>;
    requestTimeoutSeconds?: pulumi.Input<number>;
    operationTimeoutSeconds?: pulumi.Input<number>;
}

/** Credential outputs that must be encrypted in state whatever the caller passed. */
export const DEPLOYMENT_SECRET_OUTPUTS = ["token", "password"];

/** A deployment through `POST /v1/projects/{project}/appdeployment/deployments`. */
export class OrchestratorDeployment extends pulumi.CustomResource {
    /** The deployment's id (`deployId`). */
    declare readonly deployId: pulumi.Output<string>;
    declare readonly appName: pulumi.Output<string>;
    declare readonly appVersion: pulumi.Output<string>;
    declare readonly displayName: pulumi.Output<string | undefined>;
    /** As sent: the API does not return it, so the state keeps it. */
    declare readonly networkName: pulumi.Output<string | undefined>;
    /** As sent: the API does not return them, so the state keeps them. */
    declare readonly serviceExports: pulumi.Output<ServiceExport[] | undefined>;

    constructor(name: string, args: OrchestratorDeploymentArgs, opts?: pulumi.CustomResourceOptions) {
        const secret = <T>(v: pulumi.Input<T> | undefined) => (v === undefined ? undefined : pulumi.secret(v));
        super(
            resourceType("Deployment"),
            name,
            { ...args, token: secret(args.token), password: secret(args.password), deployId: undefined },
            customResourceOptions("Deployment", opts, DEPLOYMENT_SECRET_OUTPUTS),
        );
    }
}
