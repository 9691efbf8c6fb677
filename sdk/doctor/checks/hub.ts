/**
 * Hub checks: the router's LoadBalancer Service (`skupper-router`, created by
 * the site for `ingress: loadbalancer`, address from MetalLB), its pinned
 * address, who may reach it, and the Services of the exposed services.
 */
import type { ServiceInfo } from "../clusterObjects";
import { AddressSpan, parseCidr, parseIp } from "../../topology/addresses";
import { assessExposure, isPublicRange, publicReason } from "../../topology/exposure";
import type { CheckResult, ClusterSnapshot, HubExpectation } from "../types";
import { ROUTER_SERVICE, SITE_CONTROLLER, result, unreadable } from "./common";

export const METALLB_FIX =
    "check MetalLB: pool, L2Advertisement, controller logs (kubectl get ipaddresspools,l2advertisements -n metallb-system; kubectl -n metallb-system logs deploy/metallb-controller)";

/** The router Service of a snapshot, when the Services could be read. */
export function routerService(snapshot: ClusterSnapshot | undefined): ServiceInfo | undefined {
    return snapshot?.routerService?.ok ? snapshot.routerService.value : undefined;
}

/** The address a LoadBalancer Service was given (`status.loadBalancer.ingress[0]`). */
export function loadBalancerAddress(service: ServiceInfo | undefined): string | undefined {
    const first = service?.ingress[0];
    return first?.ip ?? first?.hostname;
}

/** `router-service`: `skupper-router` is a LoadBalancer with an address. */
export function checkRouterService(snapshot: ClusterSnapshot, ns: string, skupperVersion: "v1" | "v2" = "v1"): CheckResult {
    const id = "router-service";
    const cluster = snapshot.cluster;
    const fetchedRouter = snapshot.routerService;
    if (!fetchedRouter) return result(cluster, id, "SKIP", "the router Service was not read");
    if (!fetchedRouter.ok) return unreadable(cluster, id, `Service ${ns}/${ROUTER_SERVICE}`, fetchedRouter);
    const svc = fetchedRouter.value;
    if (!svc) {
        return result(
            cluster,
            id,
            "FAIL",
            `Service ${ns}/${ROUTER_SERVICE} not found`,
            skupperVersion === "v2"
                ? // With v2 the package owns this Service (manifests/v2/site.ts routerServiceV2); the controller adopts it.
                  `pulumi up creates it for a Skupper v2 hub (HubCluster); the controller only adopts it`
                : `the site controller creates it for a hub (skupper-site ingress: loadbalancer): kubectl -n ${SITE_CONTROLLER} logs deploy/${SITE_CONTROLLER}`,
        );
    }
    if (svc.type !== "LoadBalancer") {
        return result(
            cluster,
            id,
            "FAIL",
            `Service ${ns}/${ROUTER_SERVICE} is ${svc.type}, not LoadBalancer: spokes cannot reach it`,
            skupperVersion === "v2"
                ? `pulumi up re-applies type LoadBalancer (the package owns ${ns}/${ROUTER_SERVICE} with Skupper v2)`
                : `ConfigMap ${ns}/skupper-site needs ingress: loadbalancer; the site applies it only when created: delete the ConfigMap and pulumi up`,
        );
    }
    const address = loadBalancerAddress(svc);
    if (!address) {
        const wanted = svc.loadBalancerIP ?? svc.metadata.annotations["metallb.io/loadBalancerIPs"];
        return result(cluster, id, "FAIL", `LoadBalancer IP of ${ns}/${ROUTER_SERVICE} is pending${wanted ? ` (asked for ${wanted})` : ""}`, METALLB_FIX);
    }
    return result(cluster, id, "OK", `${ns}/${ROUTER_SERVICE} is a LoadBalancer at ${address}`);
}

/** `router-ip`: the assigned address is the configured `routerIp` (the one spokes' tokens name). */
export function checkRouterIp(snapshot: ClusterSnapshot, hub: HubExpectation): CheckResult {
    const id = "router-ip";
    const cluster = snapshot.cluster;
    const address = loadBalancerAddress(routerService(snapshot));
    if (!address) return result(cluster, id, "SKIP", "no LoadBalancer address to compare (see router-service)");
    if (hub.managed) return result(cluster, id, "SKIP", `router at ${address}; the orchestrator's load balancer assigns it (managed mode)`);
    if (!hub.routerIp) return result(cluster, id, "SKIP", `router at ${address}; no configured routerIp to compare it with`);
    if (address === hub.routerIp) return result(cluster, id, "OK", `${address} is the configured routerIp`);
    return result(
        cluster,
        id,
        "FAIL",
        `router got ${address}, but the configured routerIp is ${hub.routerIp}: link tokens point at ${hub.routerIp}`,
        `set loadBalancer.routerIp: ${address} for ${hub.name} and pulumi up, or free ${hub.routerIp} in the MetalLB pool and recreate the site (it pins metallb.io/loadBalancerIPs)`,
    );
}

function span(text: string): AddressSpan | string {
    const parsed = parseCidr(text.trim());
    return typeof parsed === "string" ? text.trim() : parsed;
}

function sameRange(a: AddressSpan | string, b: AddressSpan | string): boolean {
    if (typeof a === "string" || typeof b === "string") return a === b;
    return a.family === b.family && a.first === b.first && a.last === b.last;
}

/** `source-ranges`: `spec.loadBalancerSourceRanges` equals `allowedSourceRanges` and is not the whole Internet. */
export function checkSourceRanges(snapshot: ClusterSnapshot, hub: HubExpectation, ns: string): CheckResult {
    const id = "source-ranges";
    const cluster = snapshot.cluster;
    const svc = routerService(snapshot);
    if (!svc) return result(cluster, id, "SKIP", `no ${ROUTER_SERVICE} Service (see router-service)`);
    if (hub.managed) return result(cluster, id, "SKIP", "managed mode: the orchestrator's load balancer cannot be restricted from this stack");
    const actual = svc.loadBalancerSourceRanges;
    const spans = actual.map(span);
    // The one rule of topology/exposure.ts: a range public on its own, or the
    // ranges of the router's family (kube-proxy drops the others) covering a large share of the Internet.
    const whole = actual.map((r) => r.trim()).filter((r) => isPublicRange(r));
    const family = parseIp(loadBalancerAddress(svc) ?? hub.routerIp ?? "")?.family;
    const verdict = assessExposure(actual, family ? [family] : undefined);
    const open = actual.length === 0 || whole.length > 0 || verdict.public;
    const openText =
        actual.length === 0
            ? "has no loadBalancerSourceRanges: reachable from anywhere"
            : whole.length > 0
              ? `is open to ${whole.join(", ")}`
              : `is open to the Internet: ${publicReason(verdict)}`;
    const configured = hub.allowedSourceRanges;
    const patch = (ranges: string[]) => `kubectl -n ${ns} patch svc ${ROUTER_SERVICE} -p '{"spec":{"loadBalancerSourceRanges":${JSON.stringify(ranges)}}}'`;
    if (open && !hub.allowPublicExposure) {
        const fix = configured?.length
            ? `pulumi up re-applies allowedSourceRanges (${configured.join(", ")}), or ${patch(configured)}`
            : `set hubs[].allowedSourceRanges to the spokes' egress ranges and pulumi up; never expose the router to the Internet`;
        return result(cluster, id, "FAIL", `router ${openText}`, fix);
    }
    if (configured !== undefined) {
        const want = configured.map(span);
        const missing = configured.filter((_, i) => !spans.some((s) => sameRange(s, want[i])));
        const extra = actual.filter((_, i) => !want.some((w) => sameRange(w, spans[i])));
        if (missing.length || extra.length) {
            const parts = [missing.length ? `missing ${missing.join(", ")}` : "", extra.length ? `extra ${extra.join(", ")}` : ""].filter(Boolean);
            return result(
                cluster,
                id,
                "FAIL",
                `loadBalancerSourceRanges ${actual.join(", ") || "(none)"} differ from allowedSourceRanges (${parts.join("; ")})`,
                `pulumi up re-applies the patch (the site may have recreated the Service), or ${patch(configured)}`,
            );
        }
    }
    if (open)
        return result(
            cluster,
            id,
            "WARN",
            `router ${openText} (allowPublicExposure is set)`,
            "keep the router off the Internet: VPN or firewall (Best Practices)",
        );
    return result(cluster, id, "OK", `reachable only from ${actual.join(", ")}`);
}

/** Names of the Services in the site namespace that Skupper exposes (`skupper.io/proxy`). */
export function annotatedServices(snapshot: ClusterSnapshot | undefined): string[] | undefined {
    if (!snapshot?.services?.ok) return undefined;
    return snapshot.services.value
        .filter((s) => s.metadata.annotations["skupper.io/proxy"] !== undefined)
        .map((s) => s.metadata.name)
        .sort();
}

/** `exposed-services`: a Service in the site namespace for each exposed service. */
export function checkExposedServices(snapshot: ClusterSnapshot, hub: HubExpectation, ns: string): CheckResult {
    const id = "exposed-services";
    const cluster = snapshot.cluster;
    const services = snapshot.services;
    if (!services) return result(cluster, id, "SKIP", "Services were not read");
    if (!services.ok) return unreadable(cluster, id, `Services in ${ns}`, services);
    const names = new Set(services.value.map((s) => s.metadata.name));
    if (hub.exposedServices === undefined) {
        const found = annotatedServices(snapshot) ?? [];
        if (found.length === 0) return result(cluster, id, "WARN", `no Service in ${ns} carries skupper.io/proxy: nothing is exposed`);
        return result(cluster, id, "OK", `exposes ${found.join(", ")}`);
    }
    if (hub.exposedServices.length === 0) return result(cluster, id, "SKIP", "no exposed services configured");
    const missing = hub.exposedServices.filter((n) => !names.has(n));
    if (missing.length === 0) return result(cluster, id, "OK", `${hub.exposedServices.map((n) => `${ns}/${n}`).join(", ")} present`);
    return result(
        cluster,
        id,
        "FAIL",
        `missing Service ${missing.map((n) => `${ns}/${n}`).join(", ")} (of ${hub.exposedServices.length} exposed)`,
        `pulumi up creates ${ns}/<name> annotated skupper.io/proxy and skupper.io/target; then see kubectl -n ${ns} logs deploy/skupper-service-controller`,
    );
}
