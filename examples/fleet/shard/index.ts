/**
 * The spokes of one shard of a fleet, in their own stack: they link to a
 * hub of another stack (../hub) through that stack's `joinInfo` output, read
 * with a StackReference. One unreachable store fails only its shard's
 * `pulumi up`, and each shard can belong to its own team.
 *
 * Configuration: `hubStack` (`organization/fleet-hub/<stack>`), `shard`
 * (one of the hub's shards), `hub` (default "store-hub"), `spokes` (a list of
 * `{ name, routerMode }`) and their kubeconfigs in the secret map
 * `spokeKubeconfigs` (`pulumi config set --secret --path 'spokeKubeconfigs.store-1' "$(cat store-1.yaml)"`).
 */
import * as pulumi from "@pulumi/pulumi";
import { SpokeCluster, readJoinInfo } from "pulumi-edge-interconnect";

interface SpokeConfig {
    name: string;
    routerMode?: "interior" | "edge";
}

const config = new pulumi.Config();
const hubStack = new pulumi.StackReference(config.require("hubStack"));
const shard = config.require("shard");
const hubName = config.get("hub") ?? "store-hub";
const spokeList = config.requireObject<SpokeConfig[]>("spokes");
const kubeconfigs = config.requireSecretObject<Record<string, string>>("spokeKubeconfigs");

// An async program: the join information is read before any spoke exists, because its facts
// (the hub's name, address and services) decide the spokes' objects.
export = async () => {
    const join = await readJoinInfo(hubStack, "joinInfo", [hubName, shard]);
    const spokes = spokeList.map(
        (s) =>
            new SpokeCluster(s.name, {
                hub: join,
                routerMode: s.routerMode,
                kubeconfig: kubeconfigs.apply((k) => k[s.name] ?? ""),
            }),
    );
    return {
        network: join.network,
        links: Object.fromEntries(spokes.map((s) => [s.siteName, `${s.linkName} → ${s.hubAddress}`])),
        backendAddress: spokes[0]?.serviceAddresses["my-backend"],
    };
};
