/**
 * The package's root program (what the repository's index.ts runs) as a
 * function, for the fleet driver to run inline through the Automation API:
 * the Pulumi CLI of a fleet then needs no language plugin and the project
 * folder no program of its own (configuration-only fleets), and every stack
 * runs the same code as `pulumi up` of the repository. Same stack outputs,
 * under the same names, as index.ts.
 */
import { buildInterconnect, buildShard, loadStackConfig, readShardJoins, shardOutputs, stackOutputs } from "../stack/program";

/** Builds the stack's interconnect from its `edge-interconnect:*` configuration and returns its outputs. */
export async function rootProgram(): Promise<Record<string, unknown>> {
    const { stack, secrets } = loadStackConfig();
    if (!stack.shardOf) {
        const o = stackOutputs(buildInterconnect(stack, secrets));
        return {
            networkName: o.networkName,
            registered: o.registered,
            project: o.project,
            caCertPem: o.caCertPem,
            hubs: o.hubs,
            spokes: o.spokes,
            ...(o.joinInfo !== undefined ? { joinInfo: o.joinInfo } : {}),
        };
    }
    // As index.ts: the join information is read before the spokes exist, because its facts decide their objects.
    const o = shardOutputs(buildShard(stack, await readShardJoins(stack)));
    return { networkName: o.networkName, spokes: o.spokes, hubStack: o.hubStack, shard: o.shard };
}
