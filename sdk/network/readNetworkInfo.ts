/**
 * Reading a network's information from another stack: the Pulumi side of
 * sdk/network/networkInfo.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { readStackContract } from "../contract/stackOutput";
import { NetworkInfo, networkInfoProblems } from "./networkInfo";

/**
 * The network information a network stack exports
 * (`export const networkInfo = network.networkInfo`), read once from its
 * stack output (at `path` inside it), checked, and shaped for
 * {@link HubCluster}: facts as plain values, the network CA's key as a
 * Pulumi secret.
 *
 * Awaited in the program (`await readNetworkInfo(...)`): the facts decide
 * which objects the hub creates and what they are called.
 */
export async function readNetworkInfo(
    ref: pulumi.StackReference,
    outputName: string,
    path: readonly string[] = [],
): Promise<NetworkInfo<pulumi.Input<string>>> {
    const { value: info } = await readStackContract<NetworkInfo>(ref, outputName, path, "network information", (v) => networkInfoProblems(v, ""), "network");
    return { ...info, ca: { certPem: info.ca.certPem, keyPem: pulumi.secret(info.ca.keyPem) } };
}
