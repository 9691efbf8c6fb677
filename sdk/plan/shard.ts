/**
 * The plan of a spoke-shard stack, offline: its spokes' objects need the
 * hub's facts (network, naming, backend, router address, services), which a
 * running program reads from the hub stack's join information. Offline they
 * come from the hub stack's own configuration, computed by the same pure
 * core; keys and certificates are made at deploy in either case.
 */
import { CONFIG_NAMESPACE, StackConfig } from "../stack/config";
import type { TopologyIssue } from "../topology/validate";

/** What is wrong with planning `shard` against `hub`, each naming its key; empty when the pair fits. */
export function shardPlanProblems(shard: StackConfig, hub: StackConfig): TopologyIssue[] {
    const issues: TopologyIssue[] = [];
    const ns = `${CONFIG_NAMESPACE}:`;
    if (hub.shardOf) {
        issues.push({
            path: `${ns}hubStack`,
            message: `names a stack that is itself a spoke-shard stack (of ${hub.shardOf.hubStack}); name the stack that declares the hubs`,
        });
        return issues;
    }
    const name = shard.shardOf!.shard;
    shard.topology.spokes.forEach((spoke, i) => {
        const found = hub.topology.hubs.find((h) => h.name === spoke.hub);
        if (!found)
            issues.push({
                path: `${ns}spokes[${i}].hub`,
                message: `"${spoke.hub}" is not a hub of the hub stack (its hubs: ${hub.topology.hubs.map((h) => h.name).join(", ") || "none"})`,
            });
        else if (!(hub.shards[spoke.hub] ?? []).includes(name))
            issues.push({
                path: `${ns}shard`,
                message: `"${name}" is not among the shards hub "${spoke.hub}" issues (hubs[].shards: ${(hub.shards[spoke.hub] ?? []).join(", ") || "none"})`,
            });
    });
    return issues;
}

/**
 * The configuration the pure core plans a shard with: the hub stack's
 * network and hubs (for their facts) with the shard's own spokes, access and
 * add-ons. A shard stack has no orchestrator or applications (its parser
 * refuses them), and the hub stack's own settings stay with the hub stack;
 * the hubs' clusters are left out of the plan by the caller.
 */
export function shardPlanConfig(shard: StackConfig, hub: StackConfig): StackConfig {
    return { ...shard, topology: { network: hub.topology.network, hubs: hub.topology.hubs, spokes: shard.topology.spokes } };
}
