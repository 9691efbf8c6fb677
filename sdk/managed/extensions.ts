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
export interface ExtensionPackage {
    appName: string;
    appVersion: string;
    profileName: string;
    /** The package's applications: the deployment targets each of them (ADM wants targetClusters[].appName). */
    applications: string[];
}

export interface ExtensionPackages {
    loadbalancer: ExtensionPackage;
    skupper: ExtensionPackage;
}

export const DEFAULT_EXTENSION_PACKAGES: ExtensionPackages = Object.freeze({
    loadbalancer: Object.freeze({
        appName: "loadbalancer",
        appVersion: "0.7.1",
        profileName: "default-profile",
        applications: ["metallb", "metallb-base", "metallb-config"],
    }),
    skupper: Object.freeze({ appName: "skupper", appVersion: "0.3.1", profileName: "default-profile", applications: ["skupper"] }),
});

/** One `targetClusters` entry per application of the package and cluster. */
export function targetsFor(applications: string[], clusterIds: string[]): { appName: string; clusterId: string }[] {
    return clusterIds.flatMap((clusterId) => applications.map((appName) => ({ appName, clusterId })));
}

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
    const { applications, ...pkg } = packages.loadbalancer;
    return {
        ...pkg,
        displayName: `${hub}-loadbalancer`,
        deploymentType: "targeted",
        targetClusters: targetsFor(applications, [clusterId]),
        overrideValues: [{ appName: "metallb-config", values: { ipAddressRange: ipAddressRange(addresses) } }],
    };
}

/** Step 5: Skupper on a member; no network. */
export function skupperDeployment(member: string, clusterId: string, packages: ExtensionPackages = DEFAULT_EXTENSION_PACKAGES): DeploymentSpec {
    const { applications, ...pkg } = packages.skupper;
    return { ...pkg, displayName: `${member}-skupper`, deploymentType: "targeted", targetClusters: targetsFor(applications, [clusterId]) };
}
