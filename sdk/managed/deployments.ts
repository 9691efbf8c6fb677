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
    spec: Omit<DeploymentSpec, "networkName"> & { networkName?: pulumi.Input<string>; deleteType?: "PARENT_ONLY" | "ALL" },
    opts: pulumi.CustomResourceOptions,
    fail: (field: string, problem: string) => never,
    field: string,
): OrchestratorDeployment {
    const o = network.orchestratorConnection;
    if (!o) fail(field, "needs an InterconnectNetwork with `orchestrator`: the orchestrator-managed mode deploys through its App Deployment Manager");
    const deployment = new OrchestratorDeployment(
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
        // Delete first on replacement: ADM refuses a second deployment with the same package and
        // displayName ("Duplicate deployment exists"), issue 12.2.
        pulumi.mergeOptions(opts, { deleteBeforeReplace: true }),
    );
    // Extensions select no network (product documentation, steps 4 and 5); applications on
    // their clusters wait for them (issue 12.1).
    if (spec.networkName === undefined) {
        for (const t of spec.targetClusters ?? []) if (t.clusterId) network.addExtensionDeployment(t.clusterId, deployment);
    }
    return deployment;
}
