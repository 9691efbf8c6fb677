/**
 * The hub of a fleet whose spokes live in other stacks, one stack per shard
 * (a region, a team). The hub issues each shard a CA under its site CA and
 * exports the shard's join information as one secret output; the shard
 * stacks (../shard) read it and never see the site CA's key.
 *
 * Configuration: `hubKubeconfig` (secret); optional `hubPool`, `routerIp`,
 * `spokeEgress`, `shards` (default ["east", "west"]).
 */
import * as pulumi from "@pulumi/pulumi";
import { HubCluster, InterconnectNetwork } from "pulumi-edge-interconnect";

const config = new pulumi.Config();
const shards = config.getObject<string[]>("shards") ?? ["east", "west"];

const network = new InterconnectNetwork("fleet-mesh", { description: "Shop backends for the stores of every region" });
const hub = new HubCluster("store-hub", {
    network,
    kubeconfig: config.requireSecret("hubKubeconfig"),
    loadBalancer: { addresses: [config.get("hubPool") ?? "10.1.0.32/28"], routerIp: config.get("routerIp") },
    // The stores' egress: only they may reach the router.
    allowedSourceRanges: [config.get("spokeEgress") ?? "10.2.0.0/16"],
    exposedServices: [{ name: "my-backend", namespace: "shop", port: 8080 }],
    shards,
});

/** Per hub and shard, what a shard stack reads with readJoinInfo(ref, "joinInfo", [hub, shard]); secret. */
export const joinInfo = { [hub.siteName]: Object.fromEntries(shards.map((shard) => [shard, hub.joinInfoFor(shard)])) };
export const routerAddress = `${hub.routerIp}:${hub.routerPort}`;
