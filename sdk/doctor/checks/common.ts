/** Helpers shared by the checks. */
import { controllerV2Objects } from "../../manifests/v2/install";
import type { CheckResult, CheckStatus, Fetched } from "../types";

export const SITE_CONTROLLER = "skupper-site-controller";
export const ROUTER_SERVICE = "skupper-router";
export const NETWORK_STATUS_CONFIGMAP = "skupper-network-status";
export const TOKEN_SELECTOR = "skupper.io/type=connection-token";

/**
 * Skupper v2's controller as the package installs it (cluster scope): its
 * Deployment's name and namespace, taken from the v2 builder itself so the
 * two cannot drift apart.
 */
export const CONTROLLER_V2: { name: string; namespace: string } = (() => {
    const d = controllerV2Objects("doctor").find((o) => o.kind === "Deployment");
    if (!d?.metadata.namespace) throw new Error("the Skupper v2 controller objects have no namespaced Deployment");
    return { name: d.metadata.name, namespace: d.metadata.namespace };
})();

/** How doctor says where access problems come from. */
export const RBAC_FIX =
    "the kubeconfig's user needs get/list on pods, services, configmaps and secrets in the site namespace, and get on deployments in skupper-site-controller";

export function result(cluster: string, id: string, status: CheckStatus, message: string, fix?: string): CheckResult {
    return { id, cluster, status, message, ...(fix ? { fix } : {}) };
}

/** A FAIL for something that could not be read. */
export function unreadable(cluster: string, id: string, what: string, f: Fetched<unknown> & { ok: false }, fix = RBAC_FIX): CheckResult {
    return result(cluster, id, "FAIL", `cannot read ${what}: ${f.error}`, fix);
}

const ORDER: Record<CheckStatus, number> = { OK: 0, SKIP: 1, WARN: 2, FAIL: 3 };

/** The worst of several statuses. */
export function worst(statuses: CheckStatus[]): CheckStatus {
    return statuses.reduce<CheckStatus>((a, b) => (ORDER[b] > ORDER[a] ? b : a), "OK");
}

export function plural(n: number, word: string): string {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
}
