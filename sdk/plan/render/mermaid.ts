/**
 * Mermaid rendering of a topology picture, for terminals, pull requests and
 * wikis that draw ```mermaid blocks.
 */
import { ChangeStatus, orderPicture, routerAddress, statusLookup } from "./common";
import { TopologyPicture } from "./types";

// Mermaid entity codes (`#name;`) rather than HTML entities: Mermaid turns
// `#…;` into `&…;` itself, so `#` must be escaped first or a name containing
// "#quot;" would come out as a quote. `<`/`>`/`&` would otherwise reach the
// HTML label renderer as markup, and a backtick at the start of a quoted label
// switches Mermaid to markdown strings.
const LABEL_ESCAPES: Record<string, string> = {
    "#": "#35;",
    '"': "#quot;",
    "&": "#amp;",
    "<": "#lt;",
    ">": "#gt;",
    "`": "#96;",
};

/** Escapes text for use inside a double-quoted Mermaid label. */
export function escapeMermaidLabel(text: string): string {
    // A raw line break would end the statement mid-label.
    return text.replace(/\r\n|[\r\n\t]/g, " ").replace(/[#"&<>`]/g, (c) => LABEL_ESCAPES[c]);
}

/**
 * Hands out Mermaid node ids. Names are reduced to [A-Za-z0-9_] because
 * Mermaid reads '-' as part of an edge ("a-b-->c"); a kind prefix keeps ids
 * off Mermaid keywords such as `end`, and clashes left by the reduction
 * ("a-b" vs "a_b") get a numeric suffix in rendering order, which is fixed.
 */
class IdScheme {
    private readonly used = new Set<string>();

    take(base: string): string {
        let id = base;
        for (let n = 2; this.used.has(id); n++) id = `${base}_${n}`;
        this.used.add(id);
        return id;
    }
}

const sanitize = (name: string) => name.replace(/[^A-Za-z0-9_]/g, "_");

const CLASS_DEFS = [
    "    classDef added fill:#e6ffed,stroke:#1a7f37,color:#1a7f37",
    "    classDef removed fill:#ffebe9,stroke:#cf222e,color:#cf222e,stroke-dasharray:5 5",
];
const LINK_STYLES: Record<Exclude<ChangeStatus, "unchanged">, string> = {
    added: "stroke:#1a7f37",
    removed: "stroke:#cf222e,stroke-dasharray:5 5",
};

export function renderMermaid(p: TopologyPicture): string {
    const { hubs, missingHubs, spokes } = orderPicture(p);
    const status = statusLookup(p.changes);
    const title = p.network.orchestrator ? `${p.network.name} · ${p.network.orchestrator}` : p.network.name;
    // JSON strings are valid YAML double-quoted scalars, so any title survives the front matter.
    const out: string[] = ["---", `title: ${JSON.stringify(title)}`, "---", "flowchart LR"];
    const ids = new IdScheme();
    const hubIds = new Map<string, string>();
    const marked: Record<"added" | "removed", string[]> = { added: [], removed: [] };
    const styledLinks: Record<"added" | "removed", number[]> = { added: [], removed: [] };
    let linkCount = 0;
    const mark = (id: string, name: string) => {
        const s = status(name);
        if (s !== "unchanged") marked[s].push(id);
    };
    const link = (line: string, name: string) => {
        const s = status(name);
        if (s !== "unchanged") styledLinks[s].push(linkCount);
        linkCount++;
        out.push(line);
    };

    if (hubs.length + missingHubs.length > 0) out.push("    %% hubs and their exposed services");
    for (const hub of hubs) {
        const hubId = ids.take(`hub_${sanitize(hub.name)}`);
        if (!hubIds.has(hub.name)) hubIds.set(hub.name, hubId);
        const address = routerAddress(hub.routerIp, hub.routerPort);
        out.push(`    ${hubId}[["${escapeMermaidLabel(hub.name)}<br/>router ${escapeMermaidLabel(address)}"]]`);
        mark(hubId, hub.name);
        for (const svc of hub.services) {
            const svcId = ids.take(`svc_${sanitize(hub.name)}__${sanitize(svc.name)}`);
            const label = `${escapeMermaidLabel(svc.name)}<br/>${escapeMermaidLabel(svc.address)}${svc.tls ? " · TLS" : ""}`;
            out.push(`    ${svcId}(["${label}"])`);
            mark(svcId, svc.name);
            link(`    ${hubId} --- ${svcId}`, svc.name);
        }
    }
    for (const name of missingHubs) {
        const hubId = ids.take(`hub_${sanitize(name)}`);
        hubIds.set(name, hubId);
        out.push(`    ${hubId}[["${escapeMermaidLabel(name)}<br/>(hub not declared)"]]`);
        mark(hubId, name);
    }

    if (spokes.length > 0) out.push("    %% spokes, linked to their hub's router");
    const hubAddress = new Map<string, string>();
    for (const hub of hubs) if (!hubAddress.has(hub.name)) hubAddress.set(hub.name, routerAddress(hub.routerIp, hub.routerPort));
    for (const spoke of spokes) {
        const spokeId = ids.take(`spoke_${sanitize(spoke.name)}`);
        out.push(`    ${spokeId}["${escapeMermaidLabel(spoke.name)}<br/>${spoke.routerMode} router"]`);
        mark(spokeId, spoke.name);
        // Skupper links are created on the spoke and dial the hub, hence spoke → hub.
        const arrow = spoke.routerMode === "edge" ? "-.->" : "-->";
        const address = hubAddress.get(spoke.hub);
        const label = address === undefined ? "" : `|"${escapeMermaidLabel(address)}"|`;
        link(`    ${spokeId} ${arrow}${label} ${hubIds.get(spoke.hub)}`, spoke.name);
    }

    if (p.changes) {
        out.push("    %% diff marks", ...CLASS_DEFS);
        for (const s of ["added", "removed"] as const) {
            if (marked[s].length > 0) out.push(`    class ${marked[s].join(",")} ${s}`);
            if (styledLinks[s].length > 0) out.push(`    linkStyle ${styledLinks[s].join(",")} ${LINK_STYLES[s]}`);
        }
    }
    return out.join("\n") + "\n";
}
