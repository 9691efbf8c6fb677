/**
 * `edge-interconnect fleet up|preview|destroy [FOLDER]`: runs a fleet's hub
 * stack(s) and spoke-shard stacks through the Pulumi Automation API, the
 * shards in parallel (README, "Fleet driver"). This file is the command's
 * entry: its options, help text and {@link runFleet}; the driver is sdk/fleet.
 */
import * as path from "node:path";
import { FleetError } from "../fleet/description";
import type { FleetOperation, StackRunner } from "../fleet/drive";

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

/** Where the command writes and what it knows of its terminal (the CLI's `CliIo` has these members). */
export interface FleetIo {
    stdout: (text: string) => void;
    stderr: (text: string) => void;
    env: NodeJS.ProcessEnv;
    cwd?: string;
    /** The terminal's width when stderr/stdout is a terminal; absent when piped (plain progress lines, nothing cut). */
    columns?: number;
}

/** Four stacks at once: each runs a Pulumi CLI, its plugins and a program, so more mostly queue on a small machine (BENCHMARKS.md). */
export const DEFAULT_PARALLEL = 4;

export const FLEET_HELP = `usage: edge-interconnect fleet <up|preview|destroy> [FOLDER] [options]

Runs every stack of a Pulumi project folder (Pulumi.yaml and its Pulumi.<stack>.yaml
files) with the package's root program: hub stacks first, then the spoke-shard stacks
(those with edge-interconnect:hubStack) in parallel; destroy runs the other way round.
One failed stack does not stop the others; the stacks waiting for it are skipped.

options:
  --parallel N      at most N stacks at once (default ${DEFAULT_PARALLEL})
  --stack NAME      only this stack (repeatable)
  --diff            list each stack's changing resources under the summary
  --exit-code       with preview: exit 1 when any stack would change
  -o text|json|yaml the summary's format (progress goes to stderr)
  -h, --help        show this text

The Pulumi CLI, backend and secrets come from the environment, as for pulumi up
(PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE, ...).
Exit codes: 0 every stack succeeded, 1 a stack failed or was skipped (preview --exit-code:
or would change), 2 usage or fleet description error.
`;

/** Thrown for a command-line mistake (exit code 2). */
export class FleetUsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "FleetUsageError";
    }
}

/** `--parallel`'s value: a whole number from 1 to 64. */
export function parseParallel(value: string): number {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isInteger(n) || n < 1 || n > 64) throw new FleetUsageError(`--parallel: must be a whole number from 1 to 64 (got "${value}")`);
    return n;
}

/**
 * The options of `fleet` from its arguments (after the word `fleet`), for the
 * command line without commander; `help` when -h/--help is given.
 */
export function fleetOptionsFromArgv(argv: string[]): FleetCommandOptions | "help" {
    if (argv.includes("-h") || argv.includes("--help")) return "help";
    const [operation, ...rest] = argv;
    if (operation !== "up" && operation !== "preview" && operation !== "destroy")
        throw new FleetUsageError(`fleet needs an operation: up, preview or destroy (got ${operation === undefined ? "none" : `"${operation}"`})`);
    const opts: FleetCommandOptions = { operation, stacks: [] };
    const value = (i: number, flag: string) => {
        if (rest[i + 1] === undefined || rest[i + 1].startsWith("-")) throw new FleetUsageError(`${flag}: needs a value`);
        return rest[i + 1];
    };
    for (let i = 0; i < rest.length; i++) {
        const a = rest[i];
        if (a === "--parallel") opts.parallel = parseParallel(value(i++, a));
        else if (a.startsWith("--parallel=")) opts.parallel = parseParallel(a.slice("--parallel=".length));
        else if (a === "--stack") opts.stacks!.push(value(i++, a));
        else if (a === "--diff") opts.diff = true;
        else if (a === "--exit-code") opts.exitCode = true;
        else if (a === "-o" || a === "--output") {
            const o = value(i++, a);
            if (o !== "text" && o !== "json" && o !== "yaml") throw new FleetUsageError(`${a}: must be text, json or yaml (got "${o}")`);
            opts.output = o;
        } else if (a.startsWith("-")) throw new FleetUsageError(`unknown option "${a}"; run "edge-interconnect fleet --help"`);
        else if (opts.dir === undefined) opts.dir = a;
        else throw new FleetUsageError(`one project folder only (got "${opts.dir}" and "${a}")`);
    }
    return opts;
}

/** Dependencies a test replaces: the stack runner (default: the Automation API over the folder). */
export interface FleetDeps {
    runner?: (workDir: string, opts: FleetCommandOptions) => StackRunner;
    now?: () => number;
}

/**
 * Runs the fleet command; resolves to its exit code (0, 1 or 2, see
 * {@link FLEET_HELP}). Problems with the fleet description are printed one
 * per line, naming file and key, with exit code 2; no stack trace is printed.
 */
export async function runFleet(options: FleetCommandOptions, io: FleetIo, deps: FleetDeps = {}): Promise<number> {
    const { readFleet } = await import("../fleet/read");
    const { selectStacks } = await import("../fleet/description");
    const { driveFleet, exitCodeOf, changedCount } = await import("../fleet/drive");
    const { describeStackError } = await import("../fleet/errors");
    const { progressDisplay } = await import("../fleet/progress");
    const { renderReport, reportData } = await import("../fleet/report");
    const { terminalSafe } = await import("../plan/text");
    const workDir = path.resolve(io.cwd ?? process.cwd(), options.dir ?? ".");
    const output = options.output ?? "text";
    try {
        if (options.exitCode && options.operation !== "preview") throw new FleetUsageError("--exit-code: only with preview");
        const parallel = options.parallel ?? DEFAULT_PARALLEL;
        if (!Number.isInteger(parallel) || parallel < 1 || parallel > 64) throw new FleetUsageError(`--parallel: must be a whole number from 1 to 64 (got ${parallel})`);
        const fleet = selectStacks(readFleet(workDir), options.stacks ?? []);
        const runner = deps.runner
            ? deps.runner(workDir, options)
            : (await import("../fleet/automation")).automationRunner({ workDir, diff: options.diff, envVars: definedEnv(io.env) });
        const display = progressDisplay(fleet.stacks, io.stderr, { columns: io.columns, now: deps.now });
        let report;
        try {
            report = await driveFleet(fleet, options.operation, runner, { parallel, now: deps.now, onEvent: display.onEvent, describeError: describeStackError });
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
        if (e instanceof FleetError) {
            for (const p of e.problems) io.stderr(`edge-interconnect: fleet: ${terminalSafe(p)}\n`);
            return 2;
        }
        if (e instanceof FleetUsageError) {
            io.stderr(`edge-interconnect: fleet: ${terminalSafe(e.message)}\n`);
            return 2;
        }
        io.stderr(`edge-interconnect: fleet: ${describeStackError(e)}\n`);
        return 1;
    }
}

/** The environment as the Automation API takes it: only the variables that have a value. */
function definedEnv(env: NodeJS.ProcessEnv): Record<string, string> {
    return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === "string"));
}
