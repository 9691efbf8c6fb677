/**
 * OrchestratorDeployment resources made with the network's orchestrator
 * connection, so that members and applications need only a cluster id.
 */
import * as pulumi from "@pulumi/pulumi";
import { OrchestratorDeployment } from "../../provider/deployment/resource";
import type { DeploymentSpec } from "../../provider/orchestrator/types";
import type { InterconnectNetwork } from "../network/interconnectNetwork";

/** A deployment through the network's orchestrator; fails naming `field` when the network has none. */
export function networkDeployment(
    network: InterconnectNetwork,
    name: string,
    spec: DeploymentSpec & { deleteType?: "PARENT_ONLY" | "ALL" },
    opts: pulumi.CustomResourceOptions,
    fail: (field: string, problem: string) => never,
    field: string,
): OrchestratorDeployment {
    const o = network.orchestratorConnection;
    if (!o) fail(field, "needs an InterconnectNetwork with `orchestrator`: the orchestrator-managed mode deploys through its App Deployment Manager");
    return new OrchestratorDeployment(
        name,
        {
            apiUrl: o!.apiUrl,
            project: o!.project,
            token: o!.token,
            username: o!.username,
            password: o!.password,
            keycloakUrl: o!.keycloakUrl,
            caCert: o!.caCert,
            requestTimeoutSeconds: o!.requestTimeoutSeconds,
            operationTimeoutSeconds: o!.operationTimeoutSeconds,
            ...spec,
        },
        opts,
    );
}
