/**
 * Plan-time checks of the topology against the product documentation's
 * Best Practices and against what is known to go wrong at scale.
 */
import { parseCidr, parseIp, parsePoolEntry } from "../topology/addresses";
import { assessExposure, publicReason } from "../topology/exposure";
import type { StackConfig } from "../stack/config";

export interface Finding {
    level: "ok" | "warning" | "info";
    message: string;
}

/** Interior routers beyond this many sites grow routing state and `skupper-network-status` (skupper#2508). */
const INTERIOR_SPOKES_ADVICE = 16;

export function guardrailFindings(config: StackConfig): Finding[] {
    const out: Finding[] = [];
    const t = config.topology;
    for (const hub of t.hubs) {
        if (config.access[hub.name]?.orchestratorClusterId) {
            out.push({
                level: "warning",
                message: `hub ${hub.name} is orchestrator-managed: its router's LoadBalancer cannot be restricted by this package; isolate it with firewalls or a VPN`,
            });
            continue;
        }
        // The one rule of exposure.ts, for the router's own family (kube-proxy filters per family).
        const family = parseIp(hub.loadBalancer.routerIp)?.family;
        const verdict = assessExposure(hub.allowedSourceRanges, family ? [family] : undefined);
        const anyPublic = assessExposure(hub.allowedSourceRanges);
        const open = verdict.public || anyPublic.public;
        out.push(
            open
                ? {
                      level: "warning",
                      message: `hub ${hub.name}: the router's LoadBalancer is open to the Internet (allowPublicExposure): ${publicReason(verdict) ?? publicReason(anyPublic)}; the Best Practices say not to`,
                  }
                : {
                      level: "ok",
                      message: `hub ${hub.name}: router ${hub.loadBalancer.routerIp}:55671 reachable only from ${hub.allowedSourceRanges.join(", ")}`,
                  },
        );
        const spokes = t.spokes.filter((s) => s.hub === hub.name);
        if (spokes.length === 0) out.push({ level: "warning", message: `hub ${hub.name} has no spokes: its exposed services have no consumer` });
        for (const svc of hub.exposedServices.filter((s) => !s.tls)) {
            out.push({ level: "info", message: `hub ${hub.name}: ${svc.name} is exposed without TLS; the Best Practices recommend tls: true` });
        }
        const size = hub.loadBalancer.addresses.map(parsePoolEntry).reduce((n, s) => (typeof s === "string" ? n : n + (s.last - s.first + 1n)), 0n);
        if (size < 2n)
            out.push({
                level: "info",
                message: `hub ${hub.name}: the MetalLB pool has a single address, taken by the router; other LoadBalancers will stay pending`,
            });
        const interior = spokes.filter((s) => s.routerMode === "interior").length;
        if (interior > INTERIOR_SPOKES_ADVICE) {
            out.push({
                level: "info",
                message: `hub ${hub.name}: ${interior} interior spokes; beyond ${INTERIOR_SPOKES_ADVICE} sites make spokes routerMode: edge`,
            });
        }
        for (const range of hub.allowedSourceRanges) {
            const span = parseCidr(range);
            if (typeof span !== "string" && span.family === "ipv4" && span.last - span.first > 2n ** 24n) {
                out.push({ level: "info", message: `hub ${hub.name}: allowed range ${range} is wider than a /8; list the spokes' egress ranges` });
            }
        }
    }
    const o = config.orchestrator;
    if (o && o.apiUrl.startsWith("http:"))
        out.push({ level: "info", message: `orchestrator ${o.apiUrl} is reached over plain http (allowed for loopback only)` });
    if (!o) out.push({ level: "info", message: "direct mode: the network is not registered with an orchestrator" });
    return out;
}
