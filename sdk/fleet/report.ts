/**
 * The fleet report as text (a summary table, one row per stack), and as
 * data for `-o json|yaml`. Pure.
 */
import { table, terminalSafe } from "../plan/text";
import { ChangeCounts, FleetReport, StackOutcome, changedCount, totalChanges } from "./drive";

/** The engine's operations as `pulumi preview` abbreviates them, in its order. */
const SYMBOLS: [string, string][] = [
    ["create", "+"],
    ["update", "~"],
    ["replace", "+-"],
    ["delete", "-"],
];

/** `+12 ~1 -3` (creates, updates, replaces, deletes, then any other changing operation by name); `no changes` when nothing changes. */
export function formatChanges(changes: ChangeCounts): string {
    if (changedCount(changes) === 0) return "no changes";
    const known = SYMBOLS.filter(([op]) => changes[op]).map(([op, sym]) => `${sym}${changes[op]}`);
    const other = Object.entries(changes)
        .filter(([op, n]) => n && !["same", "read", ...SYMBOLS.map(([o]) => o)].includes(op))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([op, n]) => `${op} ${n}`);
    return [...known, ...other].join(" ");
}

/** `850ms`, `12.3s`, `2m05s`. */
export function formatDuration(ms: number): string {
    if (ms < 1000) return `${Math.round(ms)}ms`;
    if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
    const s = Math.round(ms / 1000);
    return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

function row(s: StackOutcome): string[] {
    const changes = s.result === "succeeded" ? (s.absent ? "not in backend" : formatChanges(s.changes)) : "-";
    return [s.stack, s.role, s.hub ?? "-", s.result, changes, s.result === "skipped" ? "-" : formatDuration(s.durationMs), s.error ?? ""];
}

/** Counts per result, in a fixed order. */
export function resultCounts(report: FleetReport): { succeeded: number; failed: number; skipped: number } {
    const count = (r: string) => report.stacks.filter((s) => s.result === r).length;
    return { succeeded: count("succeeded"), failed: count("failed"), skipped: count("skipped") };
}

/**
 * The summary: a heading, the table (stack, role, hub, result, changes,
 * duration, error), the fleet's total changes and counts; with `diff`, each
 * stack's changing resources. `width` cuts the lines (Infinity when piped).
 */
export function renderReport(report: FleetReport, opts: { width?: number; diff?: boolean } = {}): string {
    const width = opts.width ?? Infinity;
    const { succeeded, failed, skipped } = resultCounts(report);
    const lines = [
        `fleet ${report.operation}: project ${terminalSafe(report.project)}, ${report.stacks.length} stack(s), at most ${report.parallel} at once`,
        "",
        ...table([["STACK", "ROLE", "HUB", "RESULT", "CHANGES", "DURATION", "ERROR"], ...report.stacks.map(row)], "  ", width),
        "",
        `total changes: ${formatChanges(totalChanges(report))}`,
        `${succeeded} succeeded, ${failed} failed, ${skipped} skipped in ${formatDuration(report.durationMs)}`,
    ];
    if (opts.diff)
        for (const s of report.stacks.filter((x) => x.diff?.length)) {
            lines.push("", `${terminalSafe(s.stack)}:`);
            for (const d of s.diff!) lines.push(`  ${terminalSafe(d)}`);
        }
    return lines.join("\n") + "\n";
}

/** The report as plain data for `-o json|yaml` (durations in milliseconds). */
export function reportData(report: FleetReport): Record<string, unknown> {
    return {
        operation: report.operation,
        project: report.project,
        parallel: report.parallel,
        durationMs: report.durationMs,
        ...resultCounts(report),
        totalChanges: totalChanges(report),
        stacks: report.stacks,
    };
}
