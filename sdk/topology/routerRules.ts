/**
 * A hub's rules about who may reach its router and which address it gets:
 * the pool is not a share of the Internet, the router IP is a usable host
 * address, and the source ranges keep the router off the Internet for the
 * router's own address family (see `exposure.ts` for the one rule that
 * decides "public").
 */
import { AddressSpan, parseCidr, parseIp, spansContain } from "./addresses";
import { assessExposure, isPublicRange, publicAddressesIn, reachesPublicShare } from "./exposure";
import type { TopologyIssue } from "./validate";

const ACCEPT_RISK = "list the spokes' egress CIDRs, or set allowPublicExposure: true to accept the risk";

export interface RouterRuleInput {
    addresses: readonly string[];
    allowedSourceRanges: readonly string[];
    allowPublicExposure?: boolean;
}

/**
 * Issues about the pool, the router IP and the source ranges. `spans` are the
 * pool entries that parsed; `routerIp` is the given or default router address.
 */
export function routerExposureIssues(
    hub: RouterRuleInput,
    spans: readonly AddressSpan[],
    routerIp: string | undefined,
    at: (...p: PropertyKey[]) => string,
): TopologyIssue[] {
    const issues: TopologyIssue[] = [];
    for (const family of ["ipv4", "ipv6"] as const) {
        if (reachesPublicShare(publicAddressesIn(spans, family), family)) {
            issues.push({
                path: at("loadBalancer", "addresses"),
                message: `cover a large share of the public ${family === "ipv4" ? "IPv4" : "IPv6"} Internet (1/256 or more of it); MetalLB would announce addresses that belong to others. List the hub's own LoadBalancer addresses, e.g. 10.1.0.32/28`,
            });
        }
    }
    const router = routerIp !== undefined ? parseIp(routerIp) : undefined;
    if (router && router.family === "ipv4") {
        // MetalLB hands out every address of a CIDR (avoidBuggyIPs aside); the
        // network and broadcast addresses of a /30 or wider subnet are not
        // reachable as hosts on that L2 segment (RFC 919, RFC 922; RFC 3021 makes /31 usable).
        for (const s of spans) {
            if (s.family !== "ipv4" || !s.text.includes("/") || s.last - s.first < 3n) continue;
            const which = router.value === s.first ? "network" : router.value === s.last ? "broadcast" : undefined;
            if (which)
                issues.push({
                    path: at("loadBalancer", "routerIp"),
                    message: `${routerIp} is the ${which} address of ${s.text}, which hosts on that subnet cannot reach; choose a host address of the pool`,
                });
        }
    }
    if (hub.allowPublicExposure) return issues;
    if (hub.allowedSourceRanges.length === 0) {
        issues.push({
            path: at("allowedSourceRanges"),
            message: `is empty, which would open the router's LoadBalancer to the Internet; ${ACCEPT_RISK}`,
        });
        return issues;
    }
    let single = false;
    hub.allowedSourceRanges.forEach((r, i) => {
        if (typeof parseCidr(r) !== "string" && isPublicRange(r)) {
            single = true;
            issues.push({
                path: at("allowedSourceRanges", i),
                message: `${r} opens the router's LoadBalancer to the Internet (the product documentation's Best Practices forbid it); ${ACCEPT_RISK}`,
            });
        }
    });
    // A router IP outside the pool is reported already; its family says nothing about the Service.
    if (single || !router || !spansContain([...spans], routerIp!)) return issues;
    const verdict = assessExposure(hub.allowedSourceRanges, [router.family]);
    const family = verdict.families[0];
    if (family.public) {
        issues.push({
            path: at("allowedSourceRanges"),
            message: `open the router's LoadBalancer at ${routerIp} to the Internet: ${family.why}; ${ACCEPT_RISK}`,
        });
    }
    return issues;
}
