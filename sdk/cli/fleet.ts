/**
 * `edge-interconnect fleet up|preview|destroy [FOLDER]`: runs a fleet's hub
 * stack(s) and spoke-shard stacks through the Pulumi Automation API, the
 * shards in parallel (README, "Fleet driver"). This file is the command's
 * entry: its options, help text and {@link runFleet}; the commander program
 * (program.ts) parses the flags; the driver is sdk/fleet.
 */
import * as path from "node:path";
import type { FleetOperation, StackRunner } from "../fleet/drive";
import type { CliIo } from "./io";
import { UsageError } from "./usage";

export type FleetOutput = "text" | "json" | "yaml";

/** What `fleet` was asked to do. */
export interface FleetCommandOptions {
    operation: FleetOperation;
    /** The project folder holding Pulumi.yaml and the stack files (default: the current folder). */
    dir?: string;
    /** At most this many stacks at once (default {@link DEFAULT_PARALLEL}). */
    parallel?: number;
    /** Only these stacks (names of Pulumi.<stack>.yaml); default all. */
    stacks?: string[];
    /** List each stack's changing resources under the summary. */
    diff?: boolean;
    /** With `preview`: exit 1 when any stack would change, as `git diff --exit-code`. */
    exitCode?: boolean;
    output?: FleetOutput;
}

/** Where the command writes and what it knows of its terminal: the CLI's own {@link CliIo}. */
export type FleetIo = CliIo;

/** Four stacks at once: each runs a Pulumi CLI, its plugins and a program, so more mostly queue on a small machine (BENCHMARKS.md). */
export const DEFAULT_PARALLEL = 4;

/** What `fleet --help` says under commander's list of options. */
export const FLEET_HELP_AFTER = `
Runs every stack of a Pulumi project folder (Pulumi.yaml and its Pulumi.<stack>.yaml files)
with the package's root program, inline: hub stacks first, then the spoke-shard stacks (those
with edge-interconnect:hubStack) in parallel; destroy runs the other way round. One failed
stack does not stop the others; the stacks waiting for it are skipped. Progress goes to
stderr, the summary to stdout. The Pulumi CLI, backend and secrets come from the environment,
as for pulumi up (PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE, ...).

Exit codes: 0 every stack succeeded, 1 a stack failed or was skipped (preview --exit-code: or
would change), 2 usage or fleet description error.`;

/** `--parallel`'s value: a whole number from 1 to 64. */
export function parseParallel(value: string): number {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isInteger(n) || n < 1 || n > 64)
        throw new UsageError(`--parallel: must be a whole number from 1 to 64 (got "${value}")`);
    return n;
}

/** Dependencies a test replaces: the stack runner (default: the Automation API over the folder). */
export interface FleetDeps {
    runner?: (workDir: string, opts: FleetCommandOptions) => StackRunner;
    now?: () => number;
}

/**
 * Runs the fleet command; resolves to its exit code (0 or 1, see
 * {@link FLEET_HELP_AFTER}). Throws {@link UsageError} (exit code 2) for a
 * usage mistake or fleet description problems, all of them, each naming its
 * file and key; any other error as one scrubbed line.
 */
export async function runFleet(options: FleetCommandOptions, io: FleetIo, deps: FleetDeps = {}): Promise<number> {
    const { readFleet } = await import("../fleet/read");
    // Loaded here, not at the top: the command line loads this file for every command.
    const { FleetError, selectStacks } = await import("../fleet/description");
    const { driveFleet, exitCodeOf, changedCount } = await import("../fleet/drive");
    const { describeStackError } = await import("../fleet/errors");
    const { progressDisplay } = await import("../fleet/progress");
    const { renderReport, reportData } = await import("../fleet/report");
    const workDir = path.resolve(io.cwd ?? process.cwd(), options.dir ?? ".");
    const output = options.output ?? "text";
    try {
        if (options.exitCode && options.operation !== "preview")
            throw new UsageError("--exit-code applies to fleet preview (exit code 1 when a stack would change)");
        const parallel = options.parallel ?? DEFAULT_PARALLEL;
        if (!Number.isInteger(parallel) || parallel < 1 || parallel > 64)
            throw new UsageError(`--parallel: must be a whole number from 1 to 64 (got ${parallel})`);
        const fleet = selectStacks(readFleet(workDir), options.stacks ?? []);
        const runner = deps.runner
            ? deps.runner(workDir, options)
            : (await import("../fleet/automation")).automationRunner({ workDir, diff: options.diff, envVars: definedEnv(io.env) });
        const display = progressDisplay(fleet.stacks, io.stderr, { columns: io.stderrColumns, now: deps.now });
        let report;
        try {
            report = await driveFleet(fleet, options.operation, runner, {
                parallel,
                now: deps.now,
                onEvent: display.onEvent,
                describeError: describeStackError,
            });
        } finally {
            display.close();
        }
        if (output === "text") io.stdout(renderReport(report, { width: io.columns ?? Infinity, diff: options.diff }));
        else {
            const data = reportData(report);
            io.stdout(output === "json" ? JSON.stringify(data, null, 2) + "\n" : (await import("yaml")).stringify(data, { lineWidth: 0 }));
        }
        const code = exitCodeOf(report);
        if (code === 0 && options.exitCode && report.stacks.some((s) => changedCount(s.changes) > 0)) return 1;
        return code;
    } catch (e) {
        if (e instanceof UsageError) throw e;
        if (e instanceof FleetError)
            throw e.problems.length === 1
                ? new UsageError(e.problems[0])
                : new UsageError(`${e.problems.length} problems in the fleet's stack files`, e.problems);
        // Anything else (no Pulumi CLI, a backend that cannot be reached): one line, scrubbed, exit code 1.
        throw new Error(describeStackError(e));
    }
}

/** The environment as the Automation API takes it: only the variables that have a value. */
function definedEnv(env: NodeJS.ProcessEnv): Record<string, string> {
    return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === "string"));
}
