/**
 * The repository's own Pulumi program: the whole interconnect of a stack,
 * from its `edge-interconnect:*` configuration (see Pulumi.dev.yaml and the
 * README's configuration reference). The configuration is validated before
 * any resource is created.
 *
 * A hub stack builds the network, its hubs and their spokes, and exports
 * `joinInfo` when a hub declares shards. A spoke-shard stack
 * (`edge-interconnect:hubStack` and `edge-interconnect:shard`) reads that
 * output through a StackReference and builds only its spokes.
 */
import { buildInterconnect, buildShard, loadStackConfig, readShardJoins, shardOutputs, stackOutputs } from "./sdk/stack/program";

const { stack, secrets } = loadStackConfig();
const hubSide = stack.shardOf ? undefined : stackOutputs(buildInterconnect(stack, secrets));
// The join information must be read before the spokes exist: its facts decide their objects.
const shardSide = stack.shardOf ? readShardJoins(stack).then((joins) => shardOutputs(buildShard(stack, joins))) : undefined;

export const networkName = hubSide ? hubSide.networkName : shardSide!.then((o) => o.networkName);
export const registered = hubSide?.registered;
export const project = hubSide?.project;
export const caCertPem = hubSide?.caCertPem;
export const hubs = hubSide?.hubs;
export const spokes = hubSide ? hubSide.spokes : shardSide!.then((o) => o.spokes);
/** Per hub and shard, the join information a spoke-shard stack reads (secret). */
export const joinInfo = hubSide?.joinInfo;
export const hubStack = shardSide?.then((o) => o.hubStack);
export const shard = shardSide?.then((o) => o.shard);
