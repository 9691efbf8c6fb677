/**
 * The orchestrator-managed interconnect (steps 4–7 of the product
 * documentation) as deployment specifications: the `loadbalancer` extension
 * on hubs, the `skupper` extension on every member, and applications that
 * join the network. Plain data; the components turn them into
 * OrchestratorDeployment resources.
 */
import type { DeploymentSpec } from "../../provider/orchestrator/types";
import { AddressSpan, parsePoolEntry, spanToRange } from "../topology/addresses";

/** Catalog packages of the two extensions, as the orchestrator's catalog holds them. */
export interface ExtensionPackage {
    appName: string;
    appVersion: string;
    /** Every deployment package of cluster-extensions names its one profile `default-profile`. */
    profileName: string;
    /** The package's applications: the deployment targets each of them (ADM wants targetClusters[].appName). */
    applications: string[];
}

export interface ExtensionPackages {
    loadbalancer: ExtensionPackage;
    skupper: ExtensionPackage;
}

/**
 * Orchestrator releases that still run the interconnect controller, by the
 * cluster-extensions manifest their catalog is filled from
 * (app-orch-tenant-controller reads `/edge-orch/en/file/cluster-extension-manifest`).
 * Each entry is read off that manifest and the packages' `deployment-package.yaml`:
 *
 * - `1.4.12` (EMF 2025.2): cluster-extensions 455bc5b `manifest/manifest.yaml` lists
 *   loadbalancer 0.6.3 and skupper 0.3.1; loadbalancer 0.6.3 has the applications
 *   metallb, metallb-base, metallb-config and ingress-nginx.
 * - `1.5.1`, the last manifest with the skupper extension: cluster-extensions 9ff3bbd
 *   (parent of 069113e, which removed it) lists loadbalancer 0.7.0 (MetalLB only) and skupper 0.3.1.
 *
 * Both packages have the one profile `default-profile` (`deploymentProfiles[0].name`).
 * loadbalancer 0.7.1 (manifest 1.6.0, cluster-extensions 4da3d3d) shipped only after
 * the skupper extension was gone, so no release pairs it with skupper. Which manifest
 * EMF 3.0 and 3.1 shipped is not in the saved sources: give their versions explicitly.
 */
export const ORCHESTRATOR_RELEASES = Object.freeze({
    "1.4.12": Object.freeze({
        loadbalancer: Object.freeze({
            appName: "loadbalancer",
            appVersion: "0.6.3",
            profileName: "default-profile",
            applications: ["metallb", "metallb-base", "metallb-config", "ingress-nginx"],
        }),
        skupper: Object.freeze({ appName: "skupper", appVersion: "0.3.1", profileName: "default-profile", applications: ["skupper"] }),
    }),
    "1.5.1": Object.freeze({
        loadbalancer: Object.freeze({
            appName: "loadbalancer",
            appVersion: "0.7.0",
            profileName: "default-profile",
            applications: ["metallb", "metallb-base", "metallb-config"],
        }),
        skupper: Object.freeze({ appName: "skupper", appVersion: "0.3.1", profileName: "default-profile", applications: ["skupper"] }),
    }),
}) as Readonly<Record<"1.4.12" | "1.5.1", ExtensionPackages>>;

/** Release names accepted for `orchestratorRelease`: a manifest release, or the EMF release that ships it. */
export const ORCHESTRATOR_RELEASE_ALIASES = Object.freeze({ "2025.2": "1.4.12", "1.4.12": "1.4.12", "1.5.1": "1.5.1" }) as Readonly<
    Record<string, "1.4.12" | "1.5.1">
>;

/** The release assumed when none is given: EMF 2025.2, the last release with the interconnect controller. */
export const DEFAULT_ORCHESTRATOR_RELEASE = "2025.2";

export const DEFAULT_EXTENSION_PACKAGES: ExtensionPackages = ORCHESTRATOR_RELEASES["1.4.12"];

/**
 * The extension packages for a release, with per-package overrides. Fails with
 * a sentence naming the allowed releases when `release` is unknown.
 */
export function extensionPackagesFor(
    release: string | undefined,
    overrides: Partial<{ loadbalancer: Partial<ExtensionPackage>; skupper: Partial<ExtensionPackage> }> = {},
): ExtensionPackages | string {
    const key = ORCHESTRATOR_RELEASE_ALIASES[release ?? DEFAULT_ORCHESTRATOR_RELEASE];
    if (key === undefined || !Object.prototype.hasOwnProperty.call(ORCHESTRATOR_RELEASE_ALIASES, release ?? DEFAULT_ORCHESTRATOR_RELEASE)) {
        return `must be one of ${Object.keys(ORCHESTRATOR_RELEASE_ALIASES).map((r) => `"${r}"`).join(", ")} (orchestrator releases that still run the interconnect controller); for another release give extensionPackages with its versions`;
    }
    const base = ORCHESTRATOR_RELEASES[key];
    return {
        loadbalancer: { ...base.loadbalancer, ...(overrides.loadbalancer ?? {}) },
        skupper: { ...base.skupper, ...(overrides.skupper ?? {}) },
    };
}

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
