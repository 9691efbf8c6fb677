/**
 * Checks every member has: the two pods the site controller creates in the
 * site namespace (`skupper-router`, `skupper-service-controller`), and the
 * site controller itself.
 *
 * Pod labels (skupperproject/skupper 1.x `client/router_create.go`): router
 * pods carry `skupper.io/component: router` (the Deployment's selector),
 * `application: skupper-router` and `app.kubernetes.io/name: skupper-router`;
 * service-controller pods carry `skupper.io/component: service-controller`
 * and `app.kubernetes.io/name: skupper-service-controller` (no `application`
 * label in 1.x; older releases had one, which is accepted too).
 */
import type { ContainerStatusInfo, PodInfo } from "../clusterObjects";
import type { CheckResult, CheckStatus, ClusterSnapshot } from "../types";
import { SITE_CONTROLLER, plural, result, unreadable, worst } from "./common";

/** Restarts from which a pod counts as crash-looping. */
export const RESTART_LIMIT = 5;

/** Waiting reasons that mean the container cannot run. */
const STUCK_REASONS = new Set([
    "CrashLoopBackOff",
    "ImagePullBackOff",
    "ErrImagePull",
    "InvalidImageName",
    "CreateContainerConfigError",
    "CreateContainerError",
    "RunContainerError",
]);

export type SiteComponent = "router" | "service-controller";

const DEPLOYMENT: Record<SiteComponent, string> = { router: "skupper-router", "service-controller": "skupper-service-controller" };

export function isComponentPod(pod: PodInfo, component: SiteComponent): boolean {
    const l = pod.metadata.labels;
    return l["skupper.io/component"] === component || l["app.kubernetes.io/name"] === DEPLOYMENT[component] || l.application === DEPLOYMENT[component];
}

function lastExit(c: ContainerStatusInfo): string {
    const t = c.lastTermination;
    if (!t) return "";
    return `; last exit: ${t.reason ?? "unknown"}${t.exitCode !== undefined ? `, code ${t.exitCode}` : ""}`;
}

/** One pod's verdict. */
function podVerdict(pod: PodInfo, ns: string): { status: CheckStatus; message: string; fix?: string } {
    const name = pod.metadata.name;
    const restarts = pod.containers.reduce((n, c) => n + c.restartCount, 0);
    const describe = `kubectl -n ${ns} describe pod ${name}`;
    const stuck = pod.containers.find((c) => c.state === "waiting" && c.reason && STUCK_REASONS.has(c.reason));
    if (stuck) {
        const logs = `kubectl -n ${ns} logs ${name} -c ${stuck.name} --previous`;
        return {
            status: "FAIL",
            message: `pod ${name}: container ${stuck.name} ${stuck.reason} (${plural(stuck.restartCount, "restart")}${lastExit(stuck)})`,
            fix: /Image|InvalidImageName/.test(stuck.reason!) ? `the image cannot be pulled: ${describe}` : `read why it exits: ${logs}; then ${describe}`,
        };
    }
    if (pod.phase !== "Running") {
        const waiting = pod.containers.find((c) => c.state === "waiting" && c.reason);
        return {
            status: "FAIL",
            message: `pod ${name} is ${pod.phase ?? "in an unknown phase"}${waiting ? ` (${waiting.name}: ${waiting.reason})` : ""}`,
            fix: `see its events: ${describe}`,
        };
    }
    const notReady = pod.containers.filter((c) => !c.ready);
    if (!pod.ready || notReady.length) {
        const which = notReady.map((c) => c.name).join(", ") || "pod";
        if (restarts >= RESTART_LIMIT) {
            const c = notReady[0] ?? pod.containers[0];
            return {
                status: "FAIL",
                message: `pod ${name} is crash-looping: not ready (${which}), ${plural(restarts, "restart")}${c ? lastExit(c) : ""}`,
                fix: `read why it exits: kubectl -n ${ns} logs ${name} -c ${c?.name ?? "router"} --previous`,
            };
        }
        return { status: "FAIL", message: `pod ${name} is running but not ready (${which})`, fix: `see its readiness probe events: ${describe}` };
    }
    if (restarts >= RESTART_LIMIT) {
        const c = [...pod.containers].sort((a, b) => b.restartCount - a.restartCount)[0];
        return {
            status: "WARN",
            message: `pod ${name} is ready but restarted ${restarts} times${lastExit(c)}`,
            fix: `kubectl -n ${ns} logs ${name} -c ${c.name} --previous`,
        };
    }
    return { status: "OK", message: name };
}

/** `router-pods` / `service-controller`: running, ready pods of the component in the site namespace. */
export function checkSitePods(
    snapshot: ClusterSnapshot,
    ns: string,
    component: SiteComponent,
    /** Where a missing pod comes from; v1's site controller when not given. */
    missingFix = `the site controller creates it from ConfigMap ${ns}/skupper-site: kubectl -n ${SITE_CONTROLLER} logs deploy/${SITE_CONTROLLER}`,
): CheckResult {
    const id = component === "router" ? "router-pods" : "service-controller";
    const deployment = DEPLOYMENT[component];
    const cluster = snapshot.cluster;
    const pods = snapshot.pods;
    if (!pods) return result(cluster, id, "SKIP", "pods were not read");
    if (!pods.ok) return unreadable(cluster, id, `pods in ${ns}`, pods);
    const all = pods.value.filter((p) => isComponentPod(p, component));
    const live = all.filter((p) => !p.metadata.deletionTimestamp);
    const candidates = live.length ? live : all;
    if (candidates.length === 0) {
        return result(cluster, id, "FAIL", `no ${deployment} pod in ${ns}`, missingFix);
    }
    const verdicts = candidates.map((p) => podVerdict(p, ns));
    const status = worst(verdicts.map((v) => v.status));
    const ready = verdicts.filter((v) => v.status !== "FAIL").length;
    if (status === "OK") return result(cluster, id, "OK", `${ready}/${candidates.length} ready: ${verdicts.map((v) => v.message).join(", ")}`);
    const bad = verdicts.filter((v) => v.status === status);
    const more = bad.length > 1 ? ` (+${bad.length - 1} more)` : "";
    return result(cluster, id, status, `${bad[0].message}${more}`, bad[0].fix);
}

/** `site-controller`: Deployment `skupper-site-controller` exists and is available. */
export function checkSiteController(snapshot: ClusterSnapshot): CheckResult {
    return checkControllerDeployment(
        snapshot,
        "site-controller",
        SITE_CONTROLLER,
        `pulumi up installs it (HubCluster/SpokeCluster); find a moved one with kubectl get deploy -A -l application=${SITE_CONTROLLER}`,
    );
}

/**
 * A controller Deployment (read into `snapshot.siteController`) exists and
 * is available: v1's site controller, or v2's cluster-scope controller (`controller`).
 */
export function checkControllerDeployment(snapshot: ClusterSnapshot, id: string, name: string, missingFix: string): CheckResult {
    const cluster = snapshot.cluster;
    const f = snapshot.siteController;
    if (!f) return result(cluster, id, "SKIP", `the ${id.replace("-", " ")} was not read`);
    if (!f.ok) return unreadable(cluster, id, `Deployment ${name}`, f);
    const { namespace, deployment } = f.value;
    if (!deployment) return result(cluster, id, "FAIL", `Deployment ${name} not found in ${namespace}`, missingFix);
    const available = deployment.conditions.find((c) => c.type === "Available");
    const replicas = `${deployment.availableReplicas}/${deployment.replicas} available`;
    if (available?.status === "True" || (!available && deployment.availableReplicas >= 1)) {
        return result(cluster, id, "OK", `Deployment ${namespace}/${name} ${replicas}`);
    }
    const why = available?.message ?? deployment.conditions.find((c) => c.status !== "True")?.message;
    return result(
        cluster,
        id,
        "FAIL",
        `Deployment ${namespace}/${name} not available (${replicas}${why ? `: ${why}` : ""})`,
        `kubectl -n ${namespace} describe deploy/${name}; kubectl -n ${namespace} logs deploy/${name}`,
    );
}
