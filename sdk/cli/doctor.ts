/**
 * `edge-interconnect doctor`: the product documentation's troubleshooting
 * section as one command. It reads each cluster of the stack (and the
 * orchestrator) and says, per cluster, what is OK and what to do about what
 * is not. Exit code 1 when a check fails, 2 for a usage or configuration error.
 */
import * as path from "node:path";
import { parseArgs } from "node:util";
import { renderJson, renderReport } from "../doctor/render";
import { terminalSafe } from "../plan/text";
import { runDoctorChecks } from "../doctor/run";
import { DoctorInputError, DoctorPlan, planFromFlags, planFromStack } from "../doctor/targets";
import { StackFileError, readStackFile } from "../plan/stackFile";
import { StackConfigError, parseStackConfig } from "../stack/config";
import { UsageError } from "./usage";

export const DOCTOR_HELP = `usage: edge-interconnect doctor [STACK_FILE | PROJECT_DIR] [options]

Checks each cluster of the interconnect, as the troubleshooting section of the
product documentation does: orchestrator network, Skupper pods, site controller,
the hub's LoadBalancer and its source ranges, links and service sync.

  STACK_FILE               a Pulumi.<stack>.yaml (default: Pulumi.dev.yaml here) or a project folder
  --stack NAME             with a folder: use Pulumi.NAME.yaml
  --kubeconfig NAME=FILE   kubeconfig of member NAME (repeatable); replaces the stack's source,
                           which is how secret (Pulumi-encrypted) kubeconfigs are given
  --hub NAME               without a stack file: NAME is a hub (repeatable)
  --spoke NAME=HUB         without a stack file: NAME is a spoke linked to HUB (repeatable)
  --namespace NS           without a stack file: the site namespace (default interconnect)
  --timeout DURATION       time budget per cluster, e.g. 10s or 500ms (default 10s)
  --json                   print the report as JSON

Exit code: 0 when no check fails, 1 when one does, 2 for a usage or configuration error.
The orchestrator is checked when the stack has one and EDGE_ORCH_TOKEN or
EDGE_ORCH_USERNAME/EDGE_ORCH_PASSWORD are set.
`;

export interface DoctorIo {
    stdout: (text: string) => void;
    stderr: (text: string) => void;
    env: NodeJS.ProcessEnv;
    /** Directory that relative paths start from (default: the process's). */
    cwd?: string;
}

const processIo: DoctorIo = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    env: process.env,
};

interface DoctorOptions {
    input?: string;
    stack?: string;
    kubeconfigs: Map<string, string>;
    hubs: string[];
    spokes: [string, string][];
    namespace?: string;
    timeoutMs: number;
    json: boolean;
    help: boolean;
}

/** `10s`, `500ms`, `1.5s`, `1m` or a number of seconds, as milliseconds. */
export function parseDuration(text: string): number | undefined {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
    if (!m) return undefined;
    const n = Number(m[1]);
    return Math.round(m[2] === "ms" ? n : m[2] === "m" ? n * 60_000 : n * 1000);
}

function pair(flag: string, value: string, what: string): [string, string] {
    const i = value.indexOf("=");
    if (i <= 0 || i === value.length - 1) throw new UsageError(`${flag} ${value}: expected ${what}`);
    return [value.slice(0, i), value.slice(i + 1)];
}

function parse(argv: string[]): DoctorOptions {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            allowPositionals: true,
            options: {
                stack: { type: "string" },
                kubeconfig: { type: "string", multiple: true },
                hub: { type: "string", multiple: true },
                spoke: { type: "string", multiple: true },
                namespace: { type: "string" },
                timeout: { type: "string" },
                json: { type: "boolean" },
                help: { type: "boolean", short: "h" },
            },
        });
    } catch (e) {
        throw new UsageError(`${(e as Error).message.split("\n")[0]}; run "edge-interconnect doctor --help"`);
    }
    const { values, positionals } = parsed;
    if (positionals.length > 1) throw new UsageError(`doctor takes one stack file or folder, got ${positionals.length}`);
    const kubeconfigs = new Map<string, string>();
    for (const v of values.kubeconfig ?? []) {
        const [name, file] = pair("--kubeconfig", v, "NAME=FILE");
        if (kubeconfigs.has(name)) throw new UsageError(`--kubeconfig ${name}: given twice`);
        kubeconfigs.set(name, file);
    }
    const spokes = (values.spoke ?? []).map((v) => pair("--spoke", v, "NAME=HUB"));
    const timeoutText = values.timeout ?? "10s";
    const timeoutMs = parseDuration(timeoutText);
    if (timeoutMs === undefined || timeoutMs < 100 || timeoutMs > 600_000)
        throw new UsageError(`--timeout must be a duration from 100ms to 600s such as 10s, got "${timeoutText}"`);
    return {
        input: positionals[0],
        stack: values.stack,
        kubeconfigs,
        hubs: values.hub ?? [],
        spokes,
        namespace: values.namespace,
        timeoutMs,
        json: values.json ?? false,
        help: values.help ?? false,
    };
}

function planOf(opts: DoctorOptions, cwd: string, progress: (line: string) => void): DoctorPlan {
    const flagsOnly = opts.input === undefined && opts.stack === undefined && (opts.kubeconfigs.size > 0 || opts.hubs.length > 0 || opts.spokes.length > 0);
    if (flagsOnly) {
        const kubeconfigs = new Map([...opts.kubeconfigs].map(([n, f]) => [n, path.resolve(cwd, f)]));
        return planFromFlags(kubeconfigs, opts.hubs, opts.spokes, opts.namespace ?? "interconnect");
    }
    if (opts.hubs.length || opts.spokes.length)
        throw new UsageError("--hub and --spoke describe clusters without a stack file; the stack file already says the roles");
    if (opts.namespace !== undefined) throw new UsageError("--namespace is for use without a stack file; the stack's network.naming.siteNamespace applies");
    const input = path.resolve(cwd, opts.input ?? (opts.stack !== undefined ? "." : "Pulumi.dev.yaml"));
    progress(`reading ${path.relative(cwd, input) || input}`);
    const file = readStackFile(input, opts.stack);
    const shown = path.relative(cwd, file.file) || file.file;
    let config;
    try {
        config = parseStackConfig(file.config);
    } catch (e) {
        if (e instanceof StackConfigError) throw new UsageError(`${shown}: ${e.message}`);
        throw e;
    }
    const overrides = new Map([...opts.kubeconfigs].map(([n, f]) => [n, path.resolve(cwd, f)]));
    return planFromStack(config, file.stack, path.dirname(path.resolve(file.file)), overrides);
}

/** Runs the command; resolves to the exit code (0 or 1), throws {@link UsageError} for exit code 2. */
export async function runDoctor(argv: string[], io: DoctorIo = processIo): Promise<number> {
    const opts = parse(argv);
    if (opts.help) {
        io.stdout(DOCTOR_HELP);
        return 0;
    }
    const cwd = io.cwd ?? process.cwd();
    const progress = (line: string) => io.stderr(`· ${terminalSafe(line)}\n`);
    let plan: DoctorPlan;
    try {
        plan = planOf(opts, cwd, progress);
    } catch (e) {
        if (e instanceof StackFileError || e instanceof DoctorInputError) throw new UsageError(e.message);
        throw e;
    }
    const report = await runDoctorChecks(plan, io.env, { timeoutMs: opts.timeoutMs, progress });
    // JSON escapes control characters itself; the text report is made terminal-safe as a whole.
    io.stdout(opts.json ? renderJson(report) : terminalSafe(renderReport(report), true));
    progress(`${report.summary.FAIL} check(s) failed, ${report.summary.WARN} warning(s)`);
    return report.exitCode;
}
