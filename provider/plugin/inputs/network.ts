/** InterconnectNetwork from construct inputs. */
import * as pulumi from "@pulumi/pulumi";
import { InterconnectNetwork, InterconnectNetworkArgs, OrchestratorConnectionArgs } from "../../../sdk/network/interconnectNetwork";
import { defined, failOn, objectOf } from "./problems";
import { passThrough, plainFields } from "./values";

/** They name objects on every member, or choose the orchestrator's catalog and the Skupper backend. */
export const NETWORK_PLAIN = ["networkName", "naming", "orchestratorRelease", "extensionPackages", "skupperVersion"] as const;

export async function buildNetwork(name: string, inputs: pulumi.Inputs, opts: pulumi.ComponentResourceOptions) {
    const { plain, problems } = await plainFields(inputs, NETWORK_PLAIN);
    // Whether there is an orchestrator decides whether a registration exists; its fields stay Inputs.
    const block = await objectOf(inputs.orchestrator, "orchestrator", problems);
    // A block given as one secret keeps every field secret.
    const orchestrator = block?.secret ? Object.fromEntries(Object.entries(block.fields).map(([k, v]) => [k, pulumi.secret(v)])) : block?.fields;
    failOn(`InterconnectNetwork "${name}"`, problems);
    const args: InterconnectNetworkArgs = {
        ...(plain as Pick<InterconnectNetworkArgs, (typeof NETWORK_PLAIN)[number]>),
        description: passThrough(inputs.description),
        adoptExisting: passThrough(inputs.adoptExisting),
        orchestrator: orchestrator as OrchestratorConnectionArgs | undefined,
    };
    const network = new InterconnectNetwork(name, args, opts);
    const state = defined({
        networkName: network.networkName,
        labelName: network.labelName,
        registered: network.registered,
        adopted: network.adopted,
        project: network.registered ? network.project : undefined,
        apiUrl: network.registered ? network.apiUrl : undefined,
        naming: { ...network.naming },
        skupperVersion: network.skupperVersion,
        caCertPem: network.caCertPem,
    });
    return { component: network, state };
}
