/**
 * The difference between two plans, the way `pulumi preview --diff` reads:
 * what the topology gains and loses, then each cluster's objects to create,
 * update, replace or delete, each change with its changed fields as old → new
 * values. An object is replaced, as Pulumi would, when a changed field is one
 * of its `replaceOn` paths (or under one), one that pulumi-kubernetes
 * replaces for its kind (providerReplacements.ts), or when a resource it names
 * in `replacedWith` is replaced.
 */
import { providerReplaceOn } from "./providerReplacements";
import { Plan, PlanObject } from "./report";

/** One changed field: its path and both values (undefined: absent on that side). */
export interface FieldChange {
    path: string;
    old?: unknown;
    new?: unknown;
}

export interface ObjectChange {
    op: "create" | "update" | "replace" | "delete";
    cluster: string;
    object: PlanObject;
    /** For updates and replacements: the changed field paths (none when only a `replacedWith` resource changes). */
    fields?: string[];
    /** For updates and replacements: each changed field with its old and new value. */
    changes?: FieldChange[];
}

export interface PlanDiff {
    topology: { op: "+" | "-" | "~"; what: string; changes?: FieldChange[] }[];
    objects: ObjectChange[];
    counts: { create: number; update: number; replace: number; delete: number };
}

const key = (o: PlanObject) => `${o.patch ? "patch:" : ""}${o.kind}/${o.namespace ?? ""}/${o.name}`;

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Fields whose values differ, depth-first into mappings (lists compare whole), sorted by path. */
export function fieldChanges(a: unknown, b: unknown, prefix = ""): FieldChange[] {
    if (JSON.stringify(a) === JSON.stringify(b)) return [];
    if (!isObj(a) || !isObj(b)) return [{ path: prefix || "(value)", ...(a !== undefined ? { old: a } : {}), ...(b !== undefined ? { new: b } : {}) }];
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => fieldChanges(a[k], b[k], prefix ? `${prefix}.${k}` : k));
}

/** Paths whose values differ, depth-first, sorted. */
export function changedFields(a: unknown, b: unknown, prefix = ""): string[] {
    return fieldChanges(a, b, prefix).map((c) => c.path);
}

/** A value on one line: strings as they are, absent as "(none)", anything else as compact JSON. */
export function showValue(v: unknown): string {
    if (v === undefined) return "(none)";
    return typeof v === "string" ? v : JSON.stringify(v);
}

export function diffPlans(before: Plan, after: Plan): PlanDiff {
    const topology: PlanDiff["topology"] = [];
    const byName = <T extends { name: string }>(xs: T[]) => new Map(xs.map((x) => [x.name, x]));
    const compare = <T extends { name: string }>(label: string, a: T[], b: T[], describe: (x: T) => string) => {
        const A = byName(a);
        const B = byName(b);
        for (const [n, x] of B) if (!A.has(n)) topology.push({ op: "+", what: `${label} ${describe(x)}` });
        for (const [n, x] of A) if (!B.has(n)) topology.push({ op: "-", what: `${label} ${describe(x)}` });
        for (const [n, x] of B) {
            const old = A.get(n);
            if (old && JSON.stringify(old) !== JSON.stringify(x)) {
                const changes = fieldChanges(old, x);
                topology.push({ op: "~", what: `${label} ${n}: ${changes.map((c) => c.path).join(", ")}`, changes });
            }
        }
    };
    if (JSON.stringify(before.network) !== JSON.stringify(after.network)) {
        const changes = fieldChanges(before.network, after.network);
        topology.push({ op: "~", what: `network: ${changes.map((c) => c.path).join(", ")}`, changes });
    }
    // A hub's services are compared one by one below, not again as one list of the hub.
    const hubs = (p: Plan) => p.hubs.map(({ services: _services, ...h }) => h);
    compare("hub", hubs(before), hubs(after), (h) => `${h.name} (router ${h.routerIp}:${h.routerPort})`);
    compare("spoke", before.spokes, after.spokes, (s) => `${s.name} → ${s.hub} (${s.link})`);
    const services = (p: Plan) => p.hubs.flatMap((h) => h.services.map((s) => ({ ...s, name: `${h.name}/${s.name}` })));
    compare("service", services(before), services(after), (s) => `${s.name} at ${s.address}`);
    const deployments = (p: Plan) => p.deployments.map((d) => ({ ...d, name: d.displayName ?? d.resource }));
    compare("deployment", deployments(before), deployments(after), (d) => `${d.name} (${d.appName}@${d.appVersion} → ${d.clusterIds.join(", ")})`);

    const objects: ObjectChange[] = [];
    const clusters = [...new Set([...before.clusters.map((c) => c.name), ...after.clusters.map((c) => c.name)])];
    for (const cluster of clusters) {
        const A = new Map((before.clusters.find((c) => c.name === cluster)?.objects ?? []).map((o) => [key(o), o]));
        const B = new Map((after.clusters.find((c) => c.name === cluster)?.objects ?? []).map((o) => [key(o), o]));
        const changed = new Map<string, ObjectChange>();
        for (const [k, o] of B) {
            const old = A.get(k);
            if (!old) changed.set(k, { op: "create", cluster, object: o });
            else {
                const changes = fieldChanges(old.body, o.body);
                const fields = changes.map((c) => c.path);
                if (changes.length) changed.set(k, { op: replacedBy(o, fields) ? "replace" : "update", cluster, object: o, fields, changes });
            }
        }
        // Then what goes with a replaced resource (Pulumi's replaceWith), changed or not.
        const replaced = new Set([...changed.values()].filter((c) => c.op === "replace").map((c) => c.object.resource));
        for (const [k, o] of B) {
            if (!A.has(k) || !o.replacedWith?.some((r) => replaced.has(r))) continue;
            const c = changed.get(k);
            changed.set(k, c ? { ...c, op: "replace" } : { op: "replace", cluster, object: o, fields: [], changes: [] });
        }
        for (const k of B.keys()) if (changed.has(k)) objects.push(changed.get(k)!);
        for (const [k, o] of A) if (!B.has(k)) objects.push({ op: "delete", cluster, object: o });
    }
    const count = (op: ObjectChange["op"]) => objects.filter((o) => o.op === op).length;
    return { topology, objects, counts: { create: count("create"), update: count("update"), replace: count("replace"), delete: count("delete") } };
}

/** True when a change of `fields` replaces `o`: a changed path is one of its `replaceOn` paths, or one pulumi-kubernetes replaces for its kind, or under one. */
function replacedBy(o: PlanObject, fields: string[]): boolean {
    const on = [...(o.replaceOn ?? []), ...providerReplaceOn(o.apiVersion, o.kind)];
    return on.some((r) => fields.some((f) => f === r || f.startsWith(`${r}.`)));
}

/** True when the two plans differ anywhere: what `--exit-code` turns into exit code 1. */
export function hasChanges(diff: PlanDiff): boolean {
    return diff.topology.length > 0 || diff.objects.length > 0;
}
