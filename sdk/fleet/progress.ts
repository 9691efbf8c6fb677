/**
 * What the driver shows while stacks run, on stderr so that `-o json` on
 * stdout stays clean. On a terminal: one live line per stack, redrawn in
 * place (a bar of the resources finished out of those the engine has
 * started, the state and the elapsed time). Piped: one plain line when a
 * stack starts and one when it ends, nothing redrawn, so logs stay readable.
 */
import { terminalSafe } from "../plan/text";
import type { FleetStack } from "./description";
import type { FleetEvent, StackProgress } from "./drive";
import { formatChanges, formatDuration } from "./report";

interface Line {
    stack: FleetStack;
    state: "waiting" | "running" | "succeeded" | "failed" | "skipped";
    progress: StackProgress;
    startedAt?: number;
    text?: string;
}

const BAR = 20;

/** `[#######.............]  7/20`: finished out of started resources. */
export function progressBar(p: StackProgress, width = BAR): string {
    const filled = p.started === 0 ? 0 : Math.min(width, Math.floor((p.done / p.started) * width));
    return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${p.done}/${p.started}`;
}

export interface ProgressDisplay {
    onEvent(e: FleetEvent): void;
    /** Stops redrawing; the live lines stay as last drawn. */
    close(): void;
}

/**
 * A display for `stacks` writing through `write`. `columns` is the
 * terminal's width, or undefined when the output is not a terminal (plain lines).
 */
export function progressDisplay(
    stacks: FleetStack[],
    write: (text: string) => void,
    opts: { columns?: number; now?: () => number; redrawMs?: number } = {},
): ProgressDisplay {
    const now = opts.now ?? Date.now;
    const lines = new Map<string, Line>(stacks.map((s) => [s.name, { stack: s, state: "waiting", progress: { done: 0, started: 0 } }]));
    const nameWidth = Math.min(28, Math.max(5, ...stacks.map((s) => s.name.length)));
    if (opts.columns === undefined) {
        return {
            onEvent(e) {
                if (e.kind === "start") write(`${terminalSafe(e.stack.name)}: started (${e.stack.role}, ${e.stack.spokes} spoke(s))\n`);
                if (e.kind === "end") {
                    const o = e.outcome;
                    const detail = o.result === "succeeded" ? formatChanges(o.changes) : (o.error ?? "");
                    write(`${terminalSafe(o.stack)}: ${o.result}${o.result === "skipped" ? "" : ` in ${formatDuration(o.durationMs)}`}: ${detail}\n`);
                }
            },
            close() {},
        };
    }
    const columns = opts.columns;
    let drawn = 0;
    const render = (l: Line): string => {
        const name = terminalSafe(l.stack.name).padEnd(nameWidth).slice(0, nameWidth);
        const elapsed = l.startedAt !== undefined && l.state === "running" ? formatDuration(now() - l.startedAt) : "";
        const body = l.state === "running" ? `${progressBar(l.progress)}  running ${elapsed}` : l.state === "waiting" ? "waiting" : (l.text ?? l.state);
        const line = `${name}  ${body}`;
        return line.length <= columns - 1 ? line : `${line.slice(0, columns - 2)}…`;
    };
    const draw = () => {
        const text = [...lines.values()].map((l) => `\u001b[2K${render(l)}\n`).join("");
        write(`${drawn ? `\u001b[${drawn}A` : ""}${text}`);
        drawn = lines.size;
    };
    const timer = setInterval(draw, opts.redrawMs ?? 500);
    timer.unref();
    draw();
    return {
        onEvent(e) {
            const l = lines.get(e.stack.name)!;
            if (e.kind === "start") Object.assign(l, { state: "running", startedAt: now() });
            if (e.kind === "progress") l.progress = e.progress;
            if (e.kind === "end") {
                const o = e.outcome;
                l.state = o.result;
                l.text = `${o.result}${o.result === "skipped" ? "" : ` ${formatDuration(o.durationMs)}`}  ${o.result === "succeeded" ? formatChanges(o.changes) : (o.error ?? "")}`;
            }
            if (e.kind !== "progress") draw();
        },
        close() {
            clearInterval(timer);
            draw();
        },
    };
}
