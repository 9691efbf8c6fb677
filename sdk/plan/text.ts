/**
 * Plans and diffs as text: aligned columns. On a terminal, lines are cut
 * with an ellipsis at the terminal's width; piped or redirected, nothing is
 * cut (`width` Infinity), so `grep` and files see every value whole.
 */
import { FieldChange, PlanDiff, showValue } from "./diff";
import { Plan, PlanObject } from "./report";

/** Width of a terminal whose size is unknown. */
export const WIDTH = 100;
/** The widest a column other than the last gets on a terminal. */
const COLUMN_CAP = 28;

/**
 * Escape sequences a terminal acts on (ECMA-48): CSI (`ESC [ … final`, also
 * the 8-bit CSI 0x9b), OSC (`ESC ] … BEL` or `ESC ] … ESC \`, which can set
 * titles, clipboards and hyperlinks), DCS/SOS/PM/APC strings, and two-byte `ESC x`.
 */
const ESCAPE_SEQUENCES =
    /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]?|(?:\u001b[\]PX^_]|[\u0090\u0098\u009d\u009e\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[ -~]?/g;
/** Other C0/C1 controls and DEL. */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text from stack files, clusters or servers made safe for a terminal:
 * escape sequences removed whole, other control characters dropped, and
 * (unless `keepNewlines`) CR, LF and tabs turned into spaces so one value
 * cannot fake further lines of a report.
 */
export function terminalSafe(text: string, keepNewlines = false): string {
    const s = String(text).replace(ESCAPE_SEQUENCES, "").replace(CONTROLS, "");
    return keepNewlines ? s.replace(/\r\n?/g, "\n") : s.replace(/[\t\n\r]/g, " ");
}

/** Cuts `s` to `width` columns (never when `width` is Infinity), after {@link terminalSafe}. */
export function fit(s: string, width: number): string {
    s = terminalSafe(s);
    return s.length <= width ? s : `${s.slice(0, Math.max(0, width - 1))}…`;
}

/** Left-aligned columns, the last one cut so each line fits the width. */
export function table(rows: string[][], indent = "  ", width = Infinity): string[] {
    if (rows.length === 0) return [];
    const cols = Math.max(...rows.map((r) => r.length));
    // Columns are capped only where lines are cut: piped, every cell is whole.
    const cap = Number.isFinite(width) ? COLUMN_CAP : Infinity;
    const widths = Array.from({ length: cols - 1 }, (_, i) => Math.min(cap, Math.max(...rows.map((r) => terminalSafe(r[i] ?? "").length))));
    return rows.map((r) => {
        const head = r
            .slice(0, -1)
            .map((c, i) => fit(c, widths[i]).padEnd(widths[i]))
            .join("  ");
        const line = `${indent}${head}${head ? "  " : ""}${r[r.length - 1] ?? ""}`;
        return fit(line.trimEnd(), width);
    });
}

const objectRow = (o: PlanObject) => [o.patch ? `${o.kind} (patch)` : o.kind, o.namespace ?? "-", o.name];

/** The plan as text; `width` is the terminal's (Infinity: nothing is cut). */
export function renderPlan(plan: Plan, width = Infinity): string {
    const out: string[] = [];
    const total = plan.clusters.reduce((n, c) => n + c.objects.length, 0);
    out.push(
        fit(
            `Plan for stack "${plan.stack}": ${plan.hubs.length} hub(s), ${plan.spokes.length} spoke(s), ${total} object(s) on ${plan.clusters.length} cluster(s)`,
            width,
        ),
    );
    out.push("");
    out.push(`Network ${plan.network.name}`);
    const o = plan.network.orchestrator;
    out.push(
        ...table(
            [
                ["annotations", `${plan.network.naming.annotationPrefix}/expose-service, …/expose-port`],
                ["site namespace", plan.network.naming.siteNamespace],
                // v1 plans read as before; a v2 network says so.
                ...(plan.network.skupperVersion === "v2" ? [["skupper", "v2 (2.2.1: CRDs, controller, Site, Link, Connector, Listener)"]] : []),
                ...(o
                    ? [
                          ["orchestrator", `${o.apiUrl} · project ${o.project}`],
                          ["registration", o.status],
                      ]
                    : [["orchestrator", "none (direct mode)"]]),
            ],
            "  ",
            width,
        ),
    );
    out.push("");
    out.push("Hubs");
    for (const h of plan.hubs) {
        const where = h.orchestratorClusterId
            ? `orchestrator cluster ${h.orchestratorClusterId} · loadbalancer ${h.pool.join(", ")} · managed by the orchestrator`
            : `router ${h.routerIp}:${h.routerPort} · pool ${h.pool.join(", ")} · allowed ${h.allowedSourceRanges.join(", ") || "(any)"}`;
        out.push(...table([[h.name, where]], "  ", width));
        out.push(
            ...table(
                h.services.map((s) => [`  ${s.name}`, `${s.tls ? "tls " : ""}${s.address}  (from ${s.namespace}/${s.name})`]),
                "  ",
                width,
            ),
        );
    }
    out.push("");
    out.push("Spokes and links");
    out.push(
        ...table(
            plan.spokes.map((s) => [
                s.name,
                `→ ${s.hub}`,
                s.orchestratorClusterId
                    ? `orchestrator cluster ${s.orchestratorClusterId}, linked by the orchestrator's controller`
                    : `${s.link} to ${s.hubAddress} (${s.routerMode})`,
            ]),
            "  ",
            width,
        ),
    );
    if (plan.spokes.length === 0) out.push("  (none)");
    out.push("");
    out.push("Objects per cluster (what pulumi up would create)");
    for (const c of plan.clusters) {
        if (c.orchestratorClusterId) {
            out.push(`  ${c.name} (${c.role}, orchestrator cluster ${c.orchestratorClusterId}: deployed through the orchestrator, see below)`);
            continue;
        }
        out.push(`  ${c.name} (${c.role}, ${c.objects.length})`);
        out.push(...table(c.objects.map(objectRow), "    ", width));
    }
    if (plan.deployments.length) {
        out.push("");
        out.push("Orchestrator deployments (App Deployment Manager)");
        out.push(
            ...table(
                [
                    ["deployment", "package", "network", "exports", "clusters"],
                    ...plan.deployments.map((d) => [
                        d.displayName ?? d.resource,
                        `${d.appName}@${d.appVersion}`,
                        d.networkName ?? "-",
                        d.serviceExports.join(", ") || "-",
                        d.clusterIds.join(", "),
                    ]),
                ],
                "  ",
                width,
            ),
        );
    }
    out.push("");
    out.push("Guardrails");
    const mark = { ok: "ok  ", warning: "WARN", info: "note" } as const;
    out.push(...plan.findings.map((f) => fit(`  ${mark[f.level]}  ${f.message}`, width)));
    return out.join("\n") + "\n";
}

/** A changed value, as `old → new`. */
function change(c: FieldChange): string {
    return `${c.path}: ${showValue(c.old)} → ${showValue(c.new)}`;
}

/** The diff as text: each update lists its fields with their old and new values, as `pulumi preview --diff` does. */
export function renderDiff(diff: PlanDiff, beforeName: string, afterName: string, width = Infinity): string {
    const out: string[] = [fit(`Changes from ${beforeName} to ${afterName}`, width), "", "Topology"];
    for (const t of diff.topology) {
        out.push(fit(`  ${t.op} ${t.what}`, width));
        for (const c of t.changes ?? []) out.push(fit(`      ${change(c)}`, width));
    }
    if (diff.topology.length === 0) out.push("  (no change)");
    out.push("", "Objects");
    const clusters = [...new Set(diff.objects.map((o) => o.cluster))];
    // Pulumi's signs: "+-" for a replacement (delete, then create).
    const sign = { create: "+", update: "~", replace: "+-", delete: "-" } as const;
    for (const cluster of clusters) {
        out.push(`  ${cluster}`);
        for (const o of diff.objects.filter((x) => x.cluster === cluster)) {
            out.push(...table([[sign[o.op], ...objectRow(o.object)]], "    ", width));
            for (const c of o.changes ?? []) out.push(fit(`        ${change(c)}`, width));
        }
    }
    if (clusters.length === 0) out.push("  (no change)");
    // As `pulumi preview` does, replacements are counted only when there are some.
    const replace = diff.counts.replace ? `, ${diff.counts.replace} to replace` : "";
    out.push("", `Resources: ${diff.counts.create} to create, ${diff.counts.update} to update${replace}, ${diff.counts.delete} to delete`);
    return out.join("\n") + "\n";
}
