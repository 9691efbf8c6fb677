/**
 * The plain summary both topology renderers draw from. It deliberately holds
 * no Pulumi outputs or validated models, so `plan` can build it from a parsed
 * topology file, from a stack, or from the union of two of them for `--diff`.
 */
export interface TopologyPicture {
    network: { name: string; orchestrator?: string /* e.g. "http://127.0.0.1:8080 · project sample-project" */ };
    hubs: {
        name: string;
        routerIp: string;
        routerPort: number;
        allowedSourceRanges: string[];
        services: { name: string; address: string /* my-backend.interconnect.svc.cluster.local:8080 */; tls: boolean }[];
    }[];
    spokes: { name: string; hub: string; routerMode: "interior" | "edge" }[];
    /**
     * Optional diff marks for `plan --diff`: element ids (hub/spoke/service names) added or removed.
     * A name marks every hub, spoke and service carrying it; a name in both lists is drawn as removed.
     */
    changes?: { added: string[]; removed: string[] };
}

export type PictureHub = TopologyPicture["hubs"][number];
export type PictureService = PictureHub["services"][number];
export type PictureSpoke = TopologyPicture["spokes"][number];
