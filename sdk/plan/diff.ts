/**
 * The difference between two plans, the way `pulumi preview` reads: what the
 * topology gains and loses, then each cluster's objects to create, update or
 * delete, with the changed fields.
 */
import { Plan, PlanObject } from "./report";

export interface ObjectChange {
    op: "create" | "update" | "delete";
    cluster: string;
    object: PlanObject;
    /** For updates: the changed field paths. */
    fields?: string[];
}

export interface PlanDiff {
    topology: { op: "+" | "-" | "~"; what: string }[];
    objects: ObjectChange[];
    counts: { create: number; update: number; delete: number };
}

const key = (o: PlanObject) => `${o.patch ? "patch:" : ""}${o.kind}/${o.namespace ?? ""}/${o.name}`;

/** Paths whose values differ, depth-first, sorted. */
export function changedFields(a: unknown, b: unknown, prefix = ""): string[] {
    if (JSON.stringify(a) === JSON.stringify(b)) return [];
    const isObj = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
    if (!isObj(a) || !isObj(b)) return [prefix || "(value)"];
    const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])].sort();
    return keys.flatMap((k) => changedFields((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k));
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
            if (old && JSON.stringify(old) !== JSON.stringify(x)) topology.push({ op: "~", what: `${label} ${n}: ${changedFields(old, x).join(", ")}` });
        }
    };
    if (JSON.stringify(before.network) !== JSON.stringify(after.network))
        topology.push({ op: "~", what: `network: ${changedFields(before.network, after.network).join(", ")}` });
    compare("hub", before.hubs, after.hubs, (h) => `${h.name} (router ${h.routerIp}:${h.routerPort})`);
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
        for (const [k, o] of B) {
            const old = A.get(k);
            if (!old) objects.push({ op: "create", cluster, object: o });
            else {
                const fields = changedFields(old.body, o.body);
                if (fields.length) objects.push({ op: "update", cluster, object: o, fields });
            }
        }
        for (const [k, o] of A) if (!B.has(k)) objects.push({ op: "delete", cluster, object: o });
    }
    const count = (op: ObjectChange["op"]) => objects.filter((o) => o.op === op).length;
    return { topology, objects, counts: { create: count("create"), update: count("update"), delete: count("delete") } };
}
