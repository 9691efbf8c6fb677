/** Topology pictures shared by the renderer specs. */
import { TopologyPicture } from "../../../sdk/plan/render";

/** The 1-hub/2-spoke/1-service picture the README draws. */
export function samplePicture(): TopologyPicture {
    return {
        network: { name: "sample", orchestrator: "http://127.0.0.1:8080 · project sample-project" },
        hubs: [
            {
                name: "store-hub",
                routerIp: "10.0.0.5",
                routerPort: 55671,
                allowedSourceRanges: ["10.2.0.0/16"],
                services: [{ name: "my-backend", address: "my-backend.interconnect.svc.cluster.local:8080", tls: true }],
            },
        ],
        spokes: [
            { name: "store-1", hub: "store-hub", routerMode: "interior" },
            { name: "store-2", hub: "store-hub", routerMode: "edge" },
        ],
    };
}

/** `hubCount` hubs with two services each, and `spokeCount` spokes spread round-robin over them, every third in edge mode. */
export function largePicture(hubCount: number, spokeCount: number): TopologyPicture {
    const hubs = Array.from({ length: hubCount }, (_, h) => ({
        name: `hub-${h}`,
        routerIp: `10.0.${h}.5`,
        routerPort: 55671,
        allowedSourceRanges: [`10.${100 + h}.0.0/16`],
        services: [
            { name: `api-${h}`, address: `api-${h}.interconnect.svc.cluster.local:8080`, tls: true },
            { name: `db-${h}`, address: `db-${h}.interconnect.svc.cluster.local:5432`, tls: false },
        ],
    }));
    const spokes = Array.from({ length: spokeCount }, (_, i) => ({
        name: `edge-${String(i).padStart(4, "0")}`,
        hub: `hub-${i % hubCount}`,
        routerMode: (i % 3 === 0 ? "edge" : "interior") as "edge" | "interior",
    }));
    return { network: { name: "large" }, hubs, spokes };
}

/** Reverses every list, to show the output does not depend on input order. */
export function reversed(p: TopologyPicture): TopologyPicture {
    return {
        ...p,
        hubs: [...p.hubs].reverse().map((h) => ({ ...h, services: [...h.services].reverse() })),
        spokes: [...p.spokes].reverse(),
    };
}
