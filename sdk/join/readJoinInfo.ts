/**
 * Reading a hub's join information from another stack: the Pulumi side of
 * sdk/join/joinInfo.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { JoinInfo, joinInfoProblems } from "./joinInfo";

/**
 * Picks a path (`["store-hub", "shard-a"]`) out of an output value, naming
 * what is missing and what there is instead.
 */
function pick(value: unknown, path: readonly string[], where: string): unknown {
    let v = value;
    const walked: string[] = [];
    for (const key of path) {
        const here = walked.length ? `${where}.${walked.join(".")}` : where;
        if (typeof v !== "object" || v === null || Array.isArray(v)) throw new pulumi.RunError(`${here} is not a mapping; it holds no join information`);
        const record = v as Record<string, unknown>;
        if (!Object.prototype.hasOwnProperty.call(record, key))
            throw new pulumi.RunError(`${here} has no "${key}"; it has: ${Object.keys(record).join(", ") || "(nothing)"}`);
        v = record[key];
        walked.push(key);
    }
    return v;
}

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
    const stackName = await new Promise<string>((resolve) => ref.name.apply(resolve));
    const details = await ref.getOutputDetails(outputName);
    const where = `stack "${stackName}" output "${outputName}"`;
    const raw = details.value ?? details.secretValue;
    if (raw === undefined) throw new pulumi.RunError(`${where} does not exist; run \`pulumi up\` on the hub stack first, or correct the name`);
    const value = pick(raw, path, where);
    const at = path.length ? `${where}.${path.join(".")}` : where;
    const problems = joinInfoProblems(value, "");
    if (problems.length) throw new pulumi.RunError(`${at} is not join information: ${problems.map((p) => `${p.path || "(value)"} ${p.message}`).join("; ")}`);
    const info = value as JoinInfo;
    if (info.shard === null)
        throw new pulumi.RunError(`${at} is the hub's own join information, which carries its site CA key; export hub.joinInfoFor(<shard>) for other stacks`);
    return {
        ...info,
        signer: { certPem: info.signer.certPem, keyPem: pulumi.secret(info.signer.keyPem), chainPem: info.signer.chainPem },
        networkCa: info.networkCa && { certPem: info.networkCa.certPem, keyPem: pulumi.secret(info.networkCa.keyPem) },
    };
}
