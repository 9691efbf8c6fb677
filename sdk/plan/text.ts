/**
 * Plans and diffs as text for a terminal 100 columns wide: aligned columns,
 * long values cut with an ellipsis rather than wrapped.
 */
import { PlanDiff } from "./diff";
import { Plan, PlanObject } from "./report";

export const WIDTH = 100;

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

/** Cuts `s` to `width` columns, after {@link terminalSafe}. */
export function fit(s: string, width: number): string {
    s = terminalSafe(s);
    return s.length <= width ? s : `${s.slice(0, Math.max(0, width - 1))}…`;
}

/** Left-aligned columns, the last one cut so each line fits the width. */
export function table(rows: string[][], indent = "  ", width = WIDTH): string[] {
    if (rows.length === 0) return [];
    const cols = Math.max(...rows.map((r) => r.length));
    const widths = Array.from({ length: cols - 1 }, (_, i) => Math.min(28, Math.max(...rows.map((r) => (r[i] ?? "").length))));
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

export function renderPlan(plan: Plan): string {
    const out: string[] = [];
    const total = plan.clusters.reduce((n, c) => n + c.objects.length, 0);
    out.push(
        fit(
            `Plan for stack "${plan.stack}": ${plan.hubs.length} hub(s), ${plan.spokes.length} spoke(s), ${total} object(s) on ${plan.clusters.length} cluster(s)`,
            WIDTH,
        ),
    );
    out.push("");
    out.push(`Network ${plan.network.name}`);
    const o = plan.network.orchestrator;
    out.push(
        ...table([
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
        ]),
    );
    out.push("");
    out.push("Hubs");
    for (const h of plan.hubs) {
        const where = h.orchestratorClusterId
            ? `orchestrator cluster ${h.orchestratorClusterId} · loadbalancer ${h.pool.join(", ")} · managed by the orchestrator`
            : `router ${h.routerIp}:${h.routerPort} · pool ${h.pool.join(", ")} · allowed ${h.allowedSourceRanges.join(", ") || "(any)"}`;
        out.push(...table([[h.name, where]]));
        out.push(...table(h.services.map((s) => [`  ${s.name}`, `${s.tls ? "tls " : ""}${s.address}  (from ${s.namespace}/${s.name})`])));
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
        out.push(...table(c.objects.map(objectRow), "    "));
    }
    if (plan.deployments.length) {
        out.push("");
        out.push("Orchestrator deployments (App Deployment Manager)");
        out.push(
            ...table([
                ["deployment", "package", "network", "exports", "clusters"],
                ...plan.deployments.map((d) => [
                    d.displayName ?? d.resource,
                    `${d.appName}@${d.appVersion}`,
                    d.networkName ?? "-",
                    d.serviceExports.join(", ") || "-",
                    d.clusterIds.join(", "),
                ]),
            ]),
        );
    }
    out.push("");
    out.push("Guardrails");
    const mark = { ok: "ok  ", warning: "WARN", info: "note" } as const;
    out.push(...plan.findings.map((f) => fit(`  ${mark[f.level]}  ${f.message}`, WIDTH)));
    return out.join("\n") + "\n";
}

export function renderDiff(diff: PlanDiff, beforeName: string, afterName: string): string {
    const out: string[] = [fit(`Changes from ${beforeName} to ${afterName}`, WIDTH), "", "Topology"];
    out.push(...(diff.topology.length ? diff.topology.map((t) => fit(`  ${t.op} ${t.what}`, WIDTH)) : ["  (no change)"]));
    out.push("", "Objects");
    const clusters = [...new Set(diff.objects.map((o) => o.cluster))];
    const sign = { create: "+", update: "~", delete: "-" } as const;
    for (const cluster of clusters) {
        out.push(`  ${cluster}`);
        out.push(
            ...table(
                diff.objects
                    .filter((o) => o.cluster === cluster)
                    .map((o) => [sign[o.op], ...objectRow(o.object).slice(0, 2), o.object.name + (o.fields ? `  [${o.fields.join(", ")}]` : "")]),
                "    ",
            ),
        );
    }
    if (clusters.length === 0) out.push("  (no change)");
    out.push("", `Resources: ${diff.counts.create} to create, ${diff.counts.update} to update, ${diff.counts.delete} to delete`);
    return out.join("\n") + "\n";
}
