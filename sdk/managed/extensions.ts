/**
 * The orchestrator-managed interconnect (steps 4–7 of the product
 * documentation) as deployment specifications: the `loadbalancer` extension
 * on hubs, the `skupper` extension on every member, and applications that
 * join the network. Plain data; the components turn them into
 * OrchestratorDeployment resources.
 */
import type { DeploymentSpec } from "../../provider/orchestrator/types";
import { AddressSpan, parsePoolEntry, spanToRange } from "../topology/addresses";

/** Catalog packages of the two extensions, and the versions the orchestrator ships (cluster-extensions manifest). */
export interface ExtensionPackages {
    loadbalancer: { appName: string; appVersion: string; profileName: string };
    skupper: { appName: string; appVersion: string; profileName: string };
}

export const DEFAULT_EXTENSION_PACKAGES: ExtensionPackages = Object.freeze({
    loadbalancer: Object.freeze({ appName: "loadbalancer", appVersion: "0.7.1", profileName: "default-profile" }),
    skupper: Object.freeze({ appName: "skupper", appVersion: "0.3.1", profileName: "default" }),
});

/** Why an extension deployment must never select the network (product documentation, steps 4 and 5). */
export const EXTENSION_NETWORK_RULE =
    "extension packages must not join the interconnect network: the product documentation says not to select the network when deploying the load balancer (step 4) or Skupper (step 5); only applications join it (steps 6 and 7)";

/** The `ipAddressRange` the loadbalancer package requires: the pool's first entry as `first-last`. */
export function ipAddressRange(addresses: string[]): string {
    return spanToRange(parsePoolEntry(addresses[0]) as AddressSpan);
}

/** Step 4: the load balancer on a hub, with its mandatory address range; no network. */
export function loadBalancerDeployment(
    hub: string,
    clusterId: string,
    addresses: string[],
    packages: ExtensionPackages = DEFAULT_EXTENSION_PACKAGES,
): DeploymentSpec {
    return {
        ...packages.loadbalancer,
        displayName: `${hub}-loadbalancer`,
        deploymentType: "targeted",
        targetClusters: [{ clusterId }],
        overrideValues: [{ appName: "metallb-config", values: { ipAddressRange: ipAddressRange(addresses) } }],
    };
}

/** Step 5: Skupper on a member; no network. */
export function skupperDeployment(member: string, clusterId: string, packages: ExtensionPackages = DEFAULT_EXTENSION_PACKAGES): DeploymentSpec {
    return { ...packages.skupper, displayName: `${member}-skupper`, deploymentType: "targeted", targetClusters: [{ clusterId }] };
}
