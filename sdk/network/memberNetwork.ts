/**
 * How a member reads its network: through the network information it
 * publishes, never through the component's other fields.
 */
import * as pulumi from "@pulumi/pulumi";
import { ArgumentFailure, failOnIssues, refusePending } from "../component/argumentError";
import type { InterconnectNetwork } from "./interconnectNetwork";
import { NetworkInfo, networkInfoProblems } from "./networkInfo";

/** A member's network: the component of this program, or the network information another stack published. */
export type NetworkArg = InterconnectNetwork | NetworkInfo<pulumi.Input<string>>;

/**
 * The network's information, and the component when the member was given
 * one (it records members and holds the orchestrator connection). Plain
 * network information is checked field by field, every problem at once,
 * under `network.`; its PEM fields may be Outputs.
 */
export function memberNetwork(network: NetworkArg, fail: ArgumentFailure): { info: NetworkInfo<pulumi.Input<string>>; component?: InterconnectNetwork } {
    refusePending(
        fail,
        "network",
        network,
        "the network's name, naming and Skupper backend decide the member's objects",
        'In another stack, pass `await readNetworkInfo(new pulumi.StackReference("org/project/network-stack"), "<output>")`',
    );
    if (pulumi.Resource.isInstance(network)) {
        const component = network as InterconnectNetwork;
        return { info: component.info, component };
    }
    failOnIssues(fail, networkInfoProblems(network, "network", false));
    return { info: network as NetworkInfo<pulumi.Input<string>> };
}
