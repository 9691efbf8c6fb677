/**
 * All checks of one member, in the order the product documentation's
 * troubleshooting section walks through them.
 */
import type { CheckResult, ClusterSnapshot, DoctorTopology } from "../types";
import { result } from "./common";
import { checkExposedServices, checkRouterIp, checkRouterService, checkSourceRanges } from "./hub";
import { checkSitePods, checkSiteController } from "./pods";
import { checkLinkStatus, checkLinkToken, checkServiceSync } from "./spoke";

export { checkDeployments, checkNetwork, ORCHESTRATOR } from "./orchestrator";
export { checkExposedServices, checkRouterIp, checkRouterService, checkSourceRanges, METALLB_FIX } from "./hub";
export { checkSitePods, checkSiteController, RESTART_LIMIT } from "./pods";
export { checkLinkStatus, checkLinkToken, checkServiceSync, hubRouterAddress } from "./spoke";

/** `kube-api`: the kubeconfig could be read and the API server answered. */
export function checkAccess(snapshot: ClusterSnapshot): CheckResult {
    const a = snapshot.access;
    if (!a.ok) return result(snapshot.cluster, "kube-api", a.status, a.message, a.fix);
    const version = snapshot.kubernetesVersion ? ` (Kubernetes ${snapshot.kubernetesVersion})` : "";
    return result(snapshot.cluster, "kube-api", "OK", `${snapshot.server ?? "API server"} answered${version}`);
}

/**
 * The checks of one member. `snapshots` holds every member's snapshot, so a
 * spoke is compared with its hub's live state.
 */
export function checkCluster(snapshot: ClusterSnapshot, topology: DoctorTopology, snapshots: ReadonlyMap<string, ClusterSnapshot>): CheckResult[] {
    const ns = topology.siteNamespace;
    const out = [checkAccess(snapshot)];
    if (!snapshot.access.ok) return out;
    out.push(checkSitePods(snapshot, ns, "router"), checkSitePods(snapshot, ns, "service-controller"), checkSiteController(snapshot));
    if (snapshot.role === "hub") {
        const hub = topology.hubs.find((h) => h.name === snapshot.cluster) ?? { name: snapshot.cluster, allowPublicExposure: false, managed: false };
        out.push(checkRouterService(snapshot, ns), checkRouterIp(snapshot, hub), checkSourceRanges(snapshot, hub, ns), checkExposedServices(snapshot, hub, ns));
    } else {
        const spoke = topology.spokes.find((s) => s.name === snapshot.cluster);
        if (!spoke) return out;
        const hub = topology.hubs.find((h) => h.name === spoke.hub);
        const hubSnapshot = snapshots.get(spoke.hub);
        out.push(
            checkLinkToken(snapshot, spoke, hub, hubSnapshot, ns),
            checkLinkStatus(snapshot, spoke, hub, hubSnapshot, ns),
            checkServiceSync(snapshot, spoke, hub, hubSnapshot, ns),
        );
    }
    return out;
}
