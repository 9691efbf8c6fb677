/** The plan's topology in the shape the picture renderers draw. */
import { TopologyPicture } from "./render";
import { Plan } from "./report";

export function pictureOf(plan: Plan, changes?: { added: string[]; removed: string[] }): TopologyPicture {
    return {
        network: {
            name: plan.network.name,
            ...(plan.network.orchestrator ? { orchestrator: `${plan.network.orchestrator.apiUrl} · project ${plan.network.orchestrator.project}` } : {}),
        },
        hubs: plan.hubs.map((h) => ({
            name: h.name,
            routerIp: h.routerIp,
            routerPort: h.routerPort,
            allowedSourceRanges: h.allowedSourceRanges,
            services: h.services.map((s) => ({ name: s.name, address: s.address, tls: s.tls })),
        })),
        spokes: plan.spokes.map((s) => ({ name: s.name, hub: s.hub, routerMode: s.routerMode as "interior" | "edge" })),
        ...(changes ? { changes } : {}),
    };
}
