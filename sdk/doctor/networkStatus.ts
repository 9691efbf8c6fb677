/**
 * Skupper v1's network status: ConfigMap `skupper-network-status`, key
 * `NetworkStatus`, a JSON document written in every site namespace by the
 * router pod's config-sync container. Shape (skupperproject/skupper v1,
 * `pkg/network/types.go`, `NetworkStatusInfo`; read by `pkg/network/network.go`
 * `UnmarshalSkupperStatus` and the CLI's `skupper network status`):
 *
 * ```
 * { "addresses":  [{ "name", "protocol", "listenerCount", "connectorCount", … }],
 *   "siteStatus": [{ "site": { "identity", "name", "namespace", "platform", "siteVersion", … },
 *                    "routerStatus": [{ "router": { "name": "0/<site>-<pod>", "namespace", "mode", … },
 *                                       "links": [{ "name": "<peer router id>", "mode", "linkCost", "direction": "outgoing"|"incoming" }],
 *                                       "listeners": [...], "connectors": [...] }] }] }
 * ```
 *
 * A router's `name` is its id with a `0/` area prefix; the router id is
 * `<site name>-${HOSTNAME}`. A link's `name` is the peer router's id, which is
 * how upstream maps a link to the site at its other end (`GetRouterSiteMap`).
 * Go writes empty slices as `null`.
 */

export interface NetworkStatusLink {
    name?: string;
    mode?: string;
    linkCost?: number;
    direction?: string;
}

export interface NetworkStatusRouter {
    router?: { name?: string; namespace?: string; mode?: string };
    links?: NetworkStatusLink[] | null;
}

export interface NetworkStatusSite {
    site?: { identity?: string; name?: string; namespace?: string; platform?: string; siteVersion?: string };
    routerStatus?: NetworkStatusRouter[] | null;
}

export interface NetworkStatusInfo {
    addresses?: { name?: string; protocol?: string; listenerCount?: number; connectorCount?: number }[] | null;
    siteStatus?: NetworkStatusSite[] | null;
}

/** Parses the `NetworkStatus` value; a string says why it cannot be read. */
export function parseNetworkStatus(text: string | undefined): NetworkStatusInfo | string {
    if (text === undefined || text.trim() === "") return "the NetworkStatus key is empty";
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (e) {
        return `NetworkStatus is not JSON (${(e as Error).message})`;
    }
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return "NetworkStatus is not a JSON object";
    const siteStatus = (doc as NetworkStatusInfo).siteStatus;
    if (siteStatus !== undefined && siteStatus !== null && !Array.isArray(siteStatus)) return "NetworkStatus.siteStatus is not a list";
    return doc as NetworkStatusInfo;
}

/** A router id without its `0/` area prefix. */
function routerId(name: string | undefined): string {
    if (!name) return "";
    const slash = name.indexOf("/");
    return slash >= 0 ? name.slice(slash + 1) : name;
}

export type LinkState =
    | { state: "unknown-site"; sites: string[] }
    | { state: "connected"; direction: string; cost?: number }
    | { state: "not-connected"; reason: string };

/**
 * Whether site `local` has a link to site `remote` in `status`: a link of
 * one of `local`'s routers whose peer router belongs to `remote`, or the
 * reverse (the hub's incoming side).
 */
export function linkBetween(status: NetworkStatusInfo, local: string, remote: string): LinkState {
    const sites = status.siteStatus ?? [];
    const localSite = sites.find((s) => s.site?.name === local);
    if (!localSite) return { state: "unknown-site", sites: sites.map((s) => s.site?.name ?? "?") };
    const owner = new Map<string, string>();
    for (const s of sites) for (const r of s.routerStatus ?? []) owner.set(routerId(r.router?.name), s.site?.name ?? "");
    for (const r of localSite.routerStatus ?? []) {
        for (const l of r.links ?? []) {
            if (owner.get(l.name ?? "") === remote) return { state: "connected", direction: l.direction ?? "outgoing", cost: l.linkCost };
        }
    }
    const remoteSite = sites.find((s) => s.site?.name === remote);
    if (!remoteSite) return { state: "not-connected", reason: `${remote} is not in this site's network status` };
    for (const r of remoteSite.routerStatus ?? []) {
        for (const l of r.links ?? []) {
            if (owner.get(l.name ?? "") === local)
                return { state: "connected", direction: l.direction === "incoming" ? "outgoing" : "incoming", cost: l.linkCost };
        }
    }
    return { state: "not-connected", reason: `no router of ${local} has a link to a router of ${remote}` };
}
