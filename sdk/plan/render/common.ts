/**
 * Ordering and diff-status rules shared by the renderers, so the Mermaid text
 * and the SVG always agree on what comes first and what is marked.
 */
import { PictureHub, PictureSpoke, TopologyPicture } from "./types";

export type ChangeStatus = "added" | "removed" | "unchanged";

/**
 * Code-unit order rather than localeCompare: the output must not depend on
 * the locale of the machine running `plan`.
 */
export function byName<T extends { name: string }>(a: T, b: T): number {
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function sortedByName<T extends { name: string }>(items: readonly T[]): T[] {
    return [...items].sort(byName);
}

/** Skupper writes IPv6 router hosts in brackets, and so must anything a user copies from the picture. */
export function routerAddress(ip: string, port: number): string {
    return ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
}

export function statusLookup(changes: TopologyPicture["changes"]): (name: string) => ChangeStatus {
    if (!changes) return () => "unchanged";
    const added = new Set(changes.added);
    const removed = new Set(changes.removed);
    // Removed wins over added: a replaced element is the one a reviewer must notice.
    return (name) => (removed.has(name) ? "removed" : added.has(name) ? "added" : "unchanged");
}

export interface OrderedPicture {
    hubs: PictureHub[];
    /** Hubs that spokes name but the picture does not declare; drawn as placeholders instead of failing. */
    missingHubs: string[];
    /** Spokes grouped by their hub's position, so links cross as little as possible. */
    spokes: PictureSpoke[];
    hubIndex: Map<string, number>;
}

export function orderPicture(p: TopologyPicture): OrderedPicture {
    const hubs = sortedByName(p.hubs).map((h) => ({ ...h, services: sortedByName(h.services) }));
    const hubIndex = new Map<string, number>();
    hubs.forEach((h, i) => {
        if (!hubIndex.has(h.name)) hubIndex.set(h.name, i);
    });
    const missingHubs = [...new Set(p.spokes.map((s) => s.hub).filter((h) => !hubIndex.has(h)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    missingHubs.forEach((h, i) => hubIndex.set(h, hubs.length + i));
    const spokes = [...p.spokes].sort((a, b) => hubIndex.get(a.hub)! - hubIndex.get(b.hub)! || byName(a, b));
    return { hubs, missingHubs, spokes, hubIndex };
}
