/**
 * Doctor reports as text — one table per cluster (status, check, message),
 * each FAIL followed by its fix — or as JSON. On a terminal, messages and
 * fixes wrap at its width instead of being cut (they name objects and
 * commands to copy); piped, each stays on one line.
 */
import { fit, table } from "../plan/text";
import { ORCHESTRATOR } from "./checks/orchestrator";
import { seconds } from "./collect";
import type { DoctorReport } from "./run";
import type { CheckResult } from "./types";

/** Splits `text` into lines of at most `width` columns, at spaces where possible. */
export function wrap(text: string, width: number): string[] {
    const lines: string[] = [];
    let line = "";
    for (const word of text.split(/\s+/).filter(Boolean)) {
        let w = word;
        while (w.length > width) {
            if (line) {
                lines.push(line);
                line = "";
            }
            lines.push(w.slice(0, width));
            w = w.slice(width);
        }
        if (!line) line = w;
        else if (line.length + 1 + w.length <= width) line += ` ${w}`;
        else {
            lines.push(line);
            line = w;
        }
    }
    if (line || lines.length === 0) lines.push(line);
    return lines;
}

function rows(results: CheckResult[], idWidth: number, width: number): string[] {
    const out: string[] = [];
    for (const r of results) {
        const prefix = `  ${r.status.padEnd(4)}  ${r.id.padEnd(idWidth)}  `;
        const room = Math.max(20, width - prefix.length);
        const indent = " ".repeat(prefix.length);
        wrap(r.message, room).forEach((l, i) => out.push(fit(`${i === 0 ? prefix : indent}${l}`.trimEnd(), width)));
        if (r.fix && r.status !== "OK") {
            wrap(r.fix, room - 5).forEach((l, i) => out.push(fit(`${indent}${i === 0 ? "fix: " : "     "}${l}`, width)));
        }
    }
    return out;
}

/** The report as text; `width` is the terminal's (Infinity: no line is wrapped or cut). */
export function renderReport(report: DoctorReport, width = Infinity): string {
    const out: string[] = [];
    const hubs = report.clusters.filter((c) => c.role === "hub").length;
    const spokes = report.clusters.length - hubs;
    const what = report.stack ? `stack "${report.stack}"` : "the given clusters";
    out.push(
        fit(
            `Doctor for ${what}: ${report.network ? `network ${report.network}, ` : ""}${hubs} hub(s), ${spokes} spoke(s), site namespace ${report.siteNamespace}`,
            width,
        ),
    );
    out.push("");
    // The backend goes here rather than in the header, which is already near 100 columns.
    out.push(`Clusters (${report.skupperVersion ? `Skupper ${report.skupperVersion}, ` : ""}budget ${seconds(report.timeoutMs)} each)`);
    out.push(
        ...table(
            report.clusters.map((c) => [
                c.name,
                c.role,
                c.elapsedMs !== undefined ? `${(c.elapsedMs / 1000).toFixed(1)}s` : "-",
                c.server ?? "(not contacted)",
            ]),
            "  ",
            width,
        ),
    );
    const idWidth = Math.max(...report.results.map((r) => r.id.length), 8);
    const sections: { title: string; results: CheckResult[] }[] = [];
    if (report.orchestrator) {
        sections.push({
            title: `${ORCHESTRATOR}  ${report.orchestrator.apiUrl} · project ${report.orchestrator.project}`,
            results: report.results.filter((r) => r.cluster === ORCHESTRATOR),
        });
    }
    for (const c of report.clusters) sections.push({ title: `${c.name}  ${c.role}`, results: report.results.filter((r) => r.cluster === c.name) });
    for (const s of sections) {
        out.push("");
        out.push(fit(s.title, width));
        out.push(...rows(s.results, idWidth, width));
    }
    const { OK, FAIL, WARN, SKIP } = report.summary;
    out.push("");
    out.push(`Summary: ${OK} OK, ${FAIL} FAIL, ${WARN} WARN, ${SKIP} SKIP`);
    return out.join("\n") + "\n";
}

export function renderJson(report: DoctorReport): string {
    return JSON.stringify(report, null, 2) + "\n";
}
