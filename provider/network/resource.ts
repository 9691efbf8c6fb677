/**
 * The Pulumi custom resource for one orchestrator network, served by the
 * package's provider plugin (`edge-interconnect:index:Network`, whose
 * operations are {@link networkProvider}). Components use it; programs normally use
 * `InterconnectNetwork` instead.
 */
import * as pulumi from "@pulumi/pulumi";
import { customResourceOptions, resourceType } from "../resourceTypes";
import type { networkProvider } from "./provider";

/** Inputs of {@link NetworkResource}. */
export interface NetworkResourceArgs {
    apiUrl: pulumi.Input<string>;
    project: pulumi.Input<string>;
    networkName: pulumi.Input<string>;
    description?: pulumi.Input<string>;
    keycloakUrl?: pulumi.Input<string>;
    caCert?: pulumi.Input<string>;
    token?: pulumi.Input<string>;
    username?: pulumi.Input<string>;
    password?: pulumi.Input<string>;
    adoptExisting?: pulumi.Input<boolean>;
    requestTimeoutSeconds?: pulumi.Input<number>;
    operationTimeoutSeconds?: pulumi.Input<number>;
}

/** Credential outputs that must be encrypted in state whatever the caller passed. */
export const NETWORK_SECRET_OUTPUTS = ["token", "password"];

/** An interconnect network registered through `PUT /v1/projects/{project}/networks/{name}`. */
export class NetworkResource extends pulumi.CustomResource {
    declare readonly apiUrl: pulumi.Output<string>;
    declare readonly project: pulumi.Output<string>;
    declare readonly networkName: pulumi.Output<string>;
    declare readonly description: pulumi.Output<string>;
    declare readonly type: pulumi.Output<string>;
    declare readonly adopted: pulumi.Output<boolean>;

    constructor(name: string, args: NetworkResourceArgs, opts?: pulumi.CustomResourceOptions) {
        const secret = <T>(v: pulumi.Input<T> | undefined) => (v === undefined ? undefined : pulumi.secret(v));
        super(
            resourceType("Network"),
            name,
            {
                ...args,
                token: secret(args.token),
                password: secret(args.password),
                type: undefined,
                adopted: undefined,
            },
            customResourceOptions("Network", opts, NETWORK_SECRET_OUTPUTS),
        );
    }
}
