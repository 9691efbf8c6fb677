/**
 * Reading a hub's join information from another stack: the Pulumi side of
 * sdk/join/joinInfo.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { readStackContract } from "../contract/stackOutput";
import { JoinInfo, joinInfoProblems } from "./joinInfo";

/**
 * The join information a hub stack exports, read once from its stack
 * output (at `path` inside it, when the output is a map such as
 * `{ <hub>: { <shard>: JoinInfo } }`), checked, and shaped for
 * {@link SpokeCluster}: facts as plain values, keys as Pulumi secrets
 * (certificates are public and stay plain). Refuses join information
 * without a shard: that one signs with the hub's site CA, whose key must not
 * leave the hub's stack.
 *
 * Awaited in the program (`await readJoinInfo(...)`): the facts decide which
 * resources the spoke creates, so they must be values, not Outputs.
 */
export async function readJoinInfo(ref: pulumi.StackReference, outputName: string, path: readonly string[] = []): Promise<JoinInfo<pulumi.Input<string>>> {
    const { value: info, at } = await readStackContract<JoinInfo>(ref, outputName, path, "join information", (v) => joinInfoProblems(v, ""), "hub");
    if (info.shard === null)
        throw new pulumi.RunError(`${at} is the hub's own join information, which carries its site CA key; export hub.joinInfoFor(<shard>) for other stacks`);
    return {
        ...info,
        signer: { certPem: info.signer.certPem, keyPem: pulumi.secret(info.signer.keyPem), chainPem: info.signer.chainPem },
        networkCa: info.networkCa && { certPem: info.networkCa.certPem, keyPem: pulumi.secret(info.networkCa.keyPem) },
    };
}
