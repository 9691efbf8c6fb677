/** HubCluster from construct inputs. */
import * as pulumi from "@pulumi/pulumi";
import { HubCluster, HubClusterArgs } from "../../../sdk/hub/hubCluster";
import { InterconnectNetwork } from "../../../sdk/network/interconnectNetwork";
import { checkKnownKubeconfig, kubeconfigText } from "./kubeconfig";
import { defined, failOn } from "./problems";
import { referenceOf } from "./references";
import { passThrough, plainFields } from "./values";

/** They decide the hub's objects: addresses, ranges, services, add-ons, mode and shards (HubClusterArgs takes them plain). */
export const HUB_PLAIN = [
    "context",
    "clusterId",
    "loadBalancer",
    "allowedSourceRanges",
    "allowPublicExposure",
    "exposedServices",
    "annotateServices",
    "orchestratorClusterId",
    "shards",
    "metallb",
    "certManager",
    "skupperController",
    "imageRegistry",
] as const;

export async function buildHub(name: string, inputs: pulumi.Inputs, opts: pulumi.ComponentResourceOptions) {
    const { plain, problems } = await plainFields(inputs, [...HUB_PLAIN, "network"]);
    // A missing network is the component's to report ("is required: pass the InterconnectNetwork…").
    const network = plain.network === undefined ? undefined : referenceOf(plain.network, "network", InterconnectNetwork);
    if (network?.problem) problems.push(network.problem);
    const kubeconfig = kubeconfigText(inputs.kubeconfig);
    await checkKnownKubeconfig(kubeconfig, problems);
    failOn(`HubCluster "${name}"`, problems);
    const { network: _ref, ...facts } = plain;
    const args = { ...facts, network: network?.ref, kubeconfig } as HubClusterArgs;
    const hub = new HubCluster(name, args, opts);
    const shards = (args.shards ?? []) as string[];
    const state = defined({
        siteName: hub.siteName,
        routerIp: hub.routerIp,
        routerPort: hub.routerPort,
        edgePort: hub.edgePort,
        serviceAddresses: hub.serviceAddresses,
        shards,
        siteCaCertPem: hub.siteCa?.certPem,
        shardJoinInfo: shards.length ? pulumi.secret(pulumi.output(Object.fromEntries(shards.map((s) => [s, hub.joinFor(s)])))) : undefined,
        orchestratorClusterId: hub.orchestratorClusterId,
        deployIds: hub.orchestratorClusterId !== undefined ? pulumi.all(hub.deployments.map((d) => d.deployId)) : undefined,
    });
    return { component: hub, state };
}
