/**
 * Standalone SVG rendering of a topology picture, for places that cannot run
 * Mermaid (plain image viewers, attachments, CI artifacts). The layout is a
 * fixed grid computed from the picture alone, so the same picture always
 * yields byte-identical output.
 */
import { ChangeStatus, orderPicture, routerAddress, statusLookup } from "./common";
import { PictureHub, TopologyPicture } from "./types";

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/**
 * Escapes text for XML character data and attribute values. Characters XML 1.0
 * forbids outright (most C0 controls, lone surrogates, U+FFFE/U+FFFF) cannot be
 * escaped at all, so they become U+FFFD instead of making the document unparsable.
 */
export function escapeXml(text: string): string {
    return text
        .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD")
        .replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

// Geometry. Text widths are estimated, since a pure renderer cannot measure
// fonts: ~0.6 em per character over-estimates typical sans-serif glyphs, so
// boxes come out a little roomy rather than clipping their text.
const MARGIN = 24;
const HUB_GAP_X = 48;
const HUB_MIN_W = 220;
const HUB_PAD = 12;
const LINE_GAP = 6;
const DESCENT = 4;
const SVC_GAP_X = 24;
const SVC_GAP_Y = 8;
const SVC_H = 40;
const SVC_MIN_W = 180;
const SPOKE_MIN_W = 140;
const SPOKE_H = 44;
const SPOKE_GAP_X = 20;
const SPOKE_GAP_Y = 24;
const SPOKES_PER_ROW = 8;
/** Vertical room between the hub band and the first spoke row, so links fan out at a readable angle. */
const LINK_ZONE = 96;
/** Allowed ranges wrap at this many characters, so a long list grows the box downwards, not sideways. */
const RANGES_LINE_CHARS = 44;

const charCount = (text: string) => [...text].length;
const textWidth = (text: string, size: number, bold = false) => Math.ceil(charCount(text) * size * (bold ? 0.64 : 0.6));

const COLOURS = {
    hub: { fill: "#eef4ff", stroke: "#3b6fd8" },
    service: { fill: "#fff8e6", stroke: "#b7791f" },
    spoke: { fill: "#f6f8fa", stroke: "#57606a" },
    missing: { fill: "#ffffff", stroke: "#8c959f" },
    link: "#8c959f",
    added: { fill: "#e6ffed", stroke: "#1a7f37" },
    removed: { fill: "#ffebe9", stroke: "#cf222e" },
    text: "#1f2328",
    muted: "#57606a",
    warning: "#9a6700",
};
const DASH = "6 4";

interface Box {
    x: number;
    y: number;
    w: number;
    h: number;
}

interface HubColumn {
    name: string;
    /** Undefined for a hub that spokes name but the picture does not declare. */
    hub?: PictureHub;
    lines: { text: string; size: number; bold?: boolean; colour?: string }[];
    box: Box;
    serviceW: number;
    width: number;
}

function wrapRanges(ranges: string[]): string[] {
    // An empty list leaves the LoadBalancer open to every source, which is worth seeing at a glance.
    if (ranges.length === 0) return ["allowed: any source (no ranges)"];
    const lines: string[] = [];
    let current = "allowed: ";
    for (const [i, range] of ranges.entries()) {
        const piece = range + (i < ranges.length - 1 ? "," : "");
        if (current !== "allowed: " && current !== "" && charCount(current) + charCount(piece) > RANGES_LINE_CHARS) {
            lines.push(current.trimEnd());
            // No indentation: SVG collapses leading spaces in text anyway.
            current = "";
        }
        current += piece + " ";
    }
    lines.push(current.trimEnd());
    return lines;
}

function hubColumn(name: string, hub: PictureHub | undefined): HubColumn {
    const lines: HubColumn["lines"] = [{ text: name, size: 14, bold: true }];
    if (hub) {
        lines.push({ text: `router ${routerAddress(hub.routerIp, hub.routerPort)}`, size: 12 });
        const ranges = wrapRanges(hub.allowedSourceRanges);
        for (const text of ranges) lines.push({ text, size: 11, colour: hub.allowedSourceRanges.length === 0 ? COLOURS.warning : COLOURS.muted });
    } else {
        lines.push({ text: "hub not declared", size: 12, colour: COLOURS.muted });
    }
    const w = Math.max(HUB_MIN_W, ...lines.map((l) => textWidth(l.text, l.size, l.bold) + 2 * HUB_PAD));
    // Baselines sit LINE_GAP apart; DESCENT keeps the last line's descenders inside the box.
    const h = 2 * HUB_PAD + lines.reduce((sum, l) => sum + l.size + LINE_GAP, -LINE_GAP) + DESCENT;
    const services = hub?.services ?? [];
    const serviceW =
        services.length === 0
            ? 0
            : Math.max(SVC_MIN_W, ...services.flatMap((s) => [textWidth(serviceTitle(s), 12, true), textWidth(s.address, 10)]).map((t) => t + 16));
    return { name, hub, lines, box: { x: 0, y: 0, w, h }, serviceW, width: w + (serviceW > 0 ? SVC_GAP_X + serviceW : 0) };
}

const serviceTitle = (s: PictureHub["services"][number]) => `${s.name}${s.tls ? " · TLS" : ""}`;

function statusStyle(status: ChangeStatus, base: { fill: string; stroke: string }): string {
    const c = status === "unchanged" ? base : COLOURS[status];
    return `fill="${c.fill}" stroke="${c.stroke}"${status === "removed" ? ` stroke-dasharray="${DASH}"` : ""}`;
}

const groupClass = (kind: string, status: ChangeStatus) => (status === "unchanged" ? kind : `${kind} ${status}`);

function text(x: number, y: number, content: string, size: number, opts: { bold?: boolean; colour?: string; anchor?: "middle" } = {}): string {
    const weight = opts.bold ? ` font-weight="bold"` : "";
    const anchor = opts.anchor ? ` text-anchor="${opts.anchor}"` : "";
    return `<text x="${x}" y="${y}" font-size="${size}"${weight}${anchor} fill="${opts.colour ?? COLOURS.text}">${escapeXml(content)}</text>`;
}

export function renderSvg(p: TopologyPicture): string {
    const { hubs, missingHubs, spokes } = orderPicture(p);
    const status = statusLookup(p.changes);

    // Header.
    const title = `Network ${p.network.name}`;
    const headerLines = [text(MARGIN, MARGIN + 18, title, 18, { bold: true })];
    let headerW = textWidth(title, 18, true);
    let y = MARGIN + 18;
    if (p.network.orchestrator) {
        const orchestrator = `orchestrator ${p.network.orchestrator}`;
        y += 20;
        headerLines.push(text(MARGIN, y, orchestrator, 12, { colour: COLOURS.muted }));
        headerW = Math.max(headerW, textWidth(orchestrator, 12));
    }
    const hubTop = y + 24;

    // Hub band: every hub box is stretched to the tallest hub or service stack,
    // so links leave from one common baseline and never cut through a service box.
    const columns = [...hubs.map((h) => hubColumn(h.name, h)), ...missingHubs.map((name) => hubColumn(name, undefined))];
    const stackH = (c: HubColumn) => {
        const n = c.hub?.services.length ?? 0;
        return n === 0 ? 0 : n * SVC_H + (n - 1) * SVC_GAP_Y;
    };
    const bandH = Math.max(0, ...columns.map((c) => Math.max(c.box.h, stackH(c))));
    const hubRowW = columns.reduce((sum, c) => sum + c.width, 0) + Math.max(0, columns.length - 1) * HUB_GAP_X;

    // Spoke grid: one uniform cell size, so wrapping rows can never overlap.
    const spokeW = Math.max(SPOKE_MIN_W, ...spokes.map((s) => textWidth(s.name, 13, true) + 16), textWidth("interior router", 11) + 16);
    const perRow = Math.min(SPOKES_PER_ROW, spokes.length);
    const rows = perRow === 0 ? 0 : Math.ceil(spokes.length / perRow);
    const spokeRowW = perRow === 0 ? 0 : perRow * spokeW + (perRow - 1) * SPOKE_GAP_X;
    const spokeTop = hubTop + bandH + (columns.length > 0 && spokes.length > 0 ? LINK_ZONE : 0);
    const spokesBottom = rows === 0 ? spokeTop : spokeTop + rows * SPOKE_H + (rows - 1) * SPOKE_GAP_Y;

    // Legend entries are fixed width; the colour entries only exist in diff mode.
    const legendItems: { label: string; swatch: string }[] = [
        { label: "interior link", swatch: "line" },
        { label: "edge link", swatch: "dashed" },
    ];
    if (p.changes) legendItems.push({ label: "added", swatch: "added" }, { label: "removed", swatch: "removed" });
    const legendItemW = 130;
    const legendW = legendItems.length * legendItemW;
    const legendTop = spokesBottom + 32;

    const contentW = Math.max(headerW, hubRowW, spokeRowW, legendW);
    const width = contentW + 2 * MARGIN;
    const height = legendTop + 16 + MARGIN;

    // Place hub columns and spoke cells, centred horizontally.
    let x = MARGIN + Math.floor((contentW - hubRowW) / 2);
    for (const c of columns) {
        c.box = { x, y: hubTop, w: c.box.w, h: bandH };
        x += c.width + HUB_GAP_X;
    }
    const spokeLeft = MARGIN + Math.floor((contentW - spokeRowW) / 2);
    const spokeBox = (i: number): Box => ({
        x: spokeLeft + (i % perRow) * (spokeW + SPOKE_GAP_X),
        y: spokeTop + Math.floor(i / perRow) * (SPOKE_H + SPOKE_GAP_Y),
        w: spokeW,
        h: SPOKE_H,
    });
    const columnByHub = new Map<string, HubColumn>();
    for (const c of columns) if (!columnByHub.has(c.name)) columnByHub.set(c.name, c);

    const out: string[] = [
        `<?xml version="1.0" encoding="UTF-8"?>`,
        `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
        `<title>${escapeXml(p.network.orchestrator ? `${title} (${p.network.orchestrator})` : title)}</title>`,
        `<rect class="background" x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
        ...headerLines,
    ];

    // Links first, so boxes drawn later sit on top of any line that crosses them.
    out.push(`<g class="links">`);
    spokes.forEach((spoke, i) => {
        const b = spokeBox(i);
        const hub = columnByHub.get(spoke.hub)!.box;
        const s = status(spoke.name);
        const colour = s === "unchanged" ? COLOURS.link : COLOURS[s].stroke;
        const dashed = spoke.routerMode === "edge" || s === "removed" ? ` stroke-dasharray="${DASH}"` : "";
        const cls = groupClass(`link link-${spoke.routerMode}`, s);
        out.push(
            `<line class="${cls}" x1="${b.x + b.w / 2}" y1="${b.y}" x2="${hub.x + hub.w / 2}" y2="${hub.y + hub.h}" stroke="${colour}" stroke-width="1.5"${dashed}/>`,
        );
    });
    out.push(`</g>`);

    for (const c of columns) {
        const b = c.box;
        const s = status(c.name);
        out.push(`<g class="${groupClass(c.hub ? "hub" : "missing-hub", s)}">`);
        out.push(`<title>${escapeXml(c.hub ? `hub ${c.name}` : `hub ${c.name} (not declared)`)}</title>`);
        const base = c.hub ? COLOURS.hub : COLOURS.missing;
        const dash = !c.hub && s !== "removed" ? ` stroke-dasharray="${DASH}"` : "";
        out.push(
            `<rect class="${c.hub ? "hub-box" : "missing-hub-box"}" x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="10" ry="10" ${statusStyle(s, base)}${dash} stroke-width="2"/>`,
        );
        let ty = b.y + HUB_PAD - LINE_GAP;
        for (const l of c.lines) {
            ty += l.size + LINE_GAP;
            out.push(text(b.x + HUB_PAD, ty, l.text, l.size, { bold: l.bold, colour: l.colour }));
        }
        out.push(`</g>`);

        (c.hub?.services ?? []).forEach((svc, i) => {
            const sx = b.x + b.w + SVC_GAP_X;
            const sy = b.y + i * (SVC_H + SVC_GAP_Y);
            const ss = status(svc.name);
            out.push(`<g class="${groupClass("service", ss)}">`);
            out.push(`<title>${escapeXml(`service ${svc.name} on hub ${c.name}: ${svc.address}${svc.tls ? " (TLS)" : ""}`)}</title>`);
            out.push(
                `<line class="service-link" x1="${b.x + b.w}" y1="${sy + SVC_H / 2}" x2="${sx}" y2="${sy + SVC_H / 2}" stroke="${COLOURS.service.stroke}" stroke-width="1.5"/>`,
            );
            out.push(
                `<rect class="service-box" x="${sx}" y="${sy}" width="${c.serviceW}" height="${SVC_H}" rx="6" ry="6" ${statusStyle(ss, COLOURS.service)} stroke-width="1.5"/>`,
            );
            out.push(text(sx + 8, sy + 17, serviceTitle(svc), 12, { bold: true }));
            out.push(text(sx + 8, sy + 32, svc.address, 10, { colour: COLOURS.muted }));
            out.push(`</g>`);
        });
    }

    spokes.forEach((spoke, i) => {
        const b = spokeBox(i);
        const s = status(spoke.name);
        const cx = b.x + b.w / 2;
        out.push(`<g class="${groupClass("spoke", s)}">`);
        out.push(`<title>${escapeXml(`spoke ${spoke.name} → hub ${spoke.hub} (${spoke.routerMode} router)`)}</title>`);
        out.push(
            `<rect class="spoke-box" x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="6" ry="6" ${statusStyle(s, COLOURS.spoke)} stroke-width="1.5"/>`,
        );
        out.push(text(cx, b.y + 19, spoke.name, 13, { bold: true, anchor: "middle" }));
        out.push(text(cx, b.y + 35, `${spoke.routerMode} router`, 11, { colour: COLOURS.muted, anchor: "middle" }));
        out.push(`</g>`);
    });

    out.push(`<g class="legend">`);
    legendItems.forEach((item, i) => {
        const lx = MARGIN + i * legendItemW;
        const cy = legendTop + 8;
        if (item.swatch === "line" || item.swatch === "dashed") {
            const dash = item.swatch === "dashed" ? ` stroke-dasharray="${DASH}"` : "";
            out.push(`<line x1="${lx}" y1="${cy}" x2="${lx + 28}" y2="${cy}" stroke="${COLOURS.link}" stroke-width="1.5"${dash}/>`);
        } else {
            const st = item.swatch === "added" ? "added" : "removed";
            out.push(`<rect x="${lx}" y="${cy - 7}" width="28" height="14" rx="3" ry="3" ${statusStyle(st, COLOURS.spoke)} stroke-width="1.5"/>`);
        }
        out.push(text(lx + 36, cy + 4, item.label, 11, { colour: COLOURS.muted }));
    });
    out.push(`</g>`);

    out.push(`</svg>`);
    return out.join("\n") + "\n";
}
