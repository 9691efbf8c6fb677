/**
 * All checks of one member, in the order the product documentation's
 * troubleshooting section walks through them.
 */
import type { CheckResult, ClusterSnapshot, DoctorTopology } from "../types";
import { result } from "./common";
import { checkExposedServices, checkRouterIp, checkRouterService, checkSourceRanges } from "./hub";
import { checkSitePods, checkSiteController } from "./pods";
import { checkLinkStatus, checkLinkToken, checkServiceSync } from "./spoke";
import { ROUTER_FROM_SITE_V2, checkConnectorsV2, checkControllerV2, checkLinkSecretV2, checkLinkStatusV2, checkListenersV2, checkSiteV2 } from "./v2";

export { checkDeployments, checkNetwork, ORCHESTRATOR } from "./orchestrator";
export { checkExposedServices, checkRouterIp, checkRouterService, checkSourceRanges, METALLB_FIX } from "./hub";
export { checkSitePods, checkSiteController, RESTART_LIMIT } from "./pods";
export { checkLinkStatus, checkLinkToken, checkServiceSync, hubRouterAddress } from "./spoke";
export { checkConnectorsV2, checkControllerV2, checkLinkSecretV2, checkLinkStatusV2, checkListenersV2, checkSiteV2 } from "./v2";

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
    if (topology.skupperVersion === "v2") return out.concat(checkClusterV2(snapshot, topology, snapshots));
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

/**
 * The checks of one member of a Skupper v2 network (checks/v2.ts): no
 * service-controller pod (v2 has none) and the cluster-scope controller, then
 * the Site; on hubs the router Service checks v1 has too, then the
 * Connectors; on spokes the Link's Secret, the Link, then the Listeners.
 */
function checkClusterV2(snapshot: ClusterSnapshot, topology: DoctorTopology, snapshots: ReadonlyMap<string, ClusterSnapshot>): CheckResult[] {
    const ns = topology.siteNamespace;
    const routerPods = checkSitePods(snapshot, ns, "router", ROUTER_FROM_SITE_V2(ns));
    const controller = checkControllerV2(snapshot);
    const out = [routerPods, controller, checkSiteV2(snapshot, ns, { routerPods, controller })];
    if (snapshot.role === "hub") {
        const hub = topology.hubs.find((h) => h.name === snapshot.cluster) ?? { name: snapshot.cluster, allowPublicExposure: false, managed: false };
        out.push(
            checkRouterService(snapshot, ns, "v2"),
            checkRouterIp(snapshot, hub),
            checkSourceRanges(snapshot, hub, ns),
            checkConnectorsV2(snapshot, hub, ns),
        );
        return out;
    }
    const spoke = topology.spokes.find((s) => s.name === snapshot.cluster);
    if (!spoke) return out;
    const hub = topology.hubs.find((h) => h.name === spoke.hub);
    const hubSnapshot = snapshots.get(spoke.hub);
    const secret = checkLinkSecretV2(snapshot, spoke, ns);
    const link = checkLinkStatusV2(snapshot, spoke, hub, hubSnapshot, ns, secret);
    out.push(secret, link, checkListenersV2(snapshot, spoke, hub, hubSnapshot, ns, link));
    return out;
}
