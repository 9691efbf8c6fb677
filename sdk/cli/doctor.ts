/**
 * `edge-interconnect doctor`: the product documentation's troubleshooting
 * section as one command. It reads each cluster of the stack (and the
 * orchestrator) and says, per cluster, what is OK and what to do about what
 * is not. Exit code 1 when a check fails, 2 for a usage or configuration error.
 *
 * The Kubernetes client (@edge-interconnect/kube-client, the repository's
 * workspace package tools/kube-client) is loaded here only, when the checks start.
 */
import * as path from "node:path";
import { renderReport } from "../doctor/render";
import { terminalSafe } from "../plan/text";
import { runDoctorChecks } from "../doctor/run";
import { AccessFlags, DoctorInputError, DoctorPlan, planFromFlags, planFromStack } from "../doctor/targets";
import { CliIo, processIo, widthOf } from "./io";
import { loadKubeClient } from "./kubeClient";
import { OutputFormat, serialize } from "./output";
import { loadStack } from "./stackInput";
import { UsageError } from "./usage";

export interface DoctorOptions {
    input?: string;
    stack?: string;
    /** `--kubeconfig FILE` and `--kubeconfig NAME=FILE`, as given. */
    kubeconfig: string[];
    /** `--context CONTEXT` and `--context NAME=CONTEXT`, as given. */
    context: string[];
    hubs: string[];
    spokes: string[];
    namespace?: string;
    /** `--skupper-version v1|v2`, without a stack file (a stack file says it in network.skupperVersion). */
    skupperVersion?: string;
    timeout: string;
    output: OutputFormat;
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

/**
 * `--kubeconfig` and `--context` as kubectl has them (a file; a context),
 * plus a `NAME=` form per member, since doctor reads several clusters.
 */
export function accessFlags(kubeconfig: string[], context: string[], cwd: string): AccessFlags {
    const flags: AccessFlags = { files: new Map(), contexts: new Map() };
    for (const v of kubeconfig) {
        if (!v.includes("=")) {
            if (flags.defaultFile !== undefined)
                throw new UsageError(`--kubeconfig ${v}: a kubeconfig file is given twice; per member, use --kubeconfig NAME=FILE`);
            flags.defaultFile = path.resolve(cwd, v);
            continue;
        }
        const [name, file] = pair("--kubeconfig", v, "FILE or NAME=FILE");
        if (flags.files.has(name)) throw new UsageError(`--kubeconfig ${name}: given twice`);
        flags.files.set(name, path.resolve(cwd, file));
    }
    for (const v of context) {
        if (!v.includes("=")) {
            if (flags.context !== undefined) throw new UsageError(`--context ${v}: a context is given twice; per member, use --context NAME=CONTEXT`);
            flags.context = v;
            continue;
        }
        const [name, ctx] = pair("--context", v, "CONTEXT or NAME=CONTEXT");
        if (flags.contexts.has(name)) throw new UsageError(`--context ${name}: given twice`);
        flags.contexts.set(name, ctx);
    }
    return flags;
}

function planOf(opts: DoctorOptions, cwd: string, progress: (line: string) => void): DoctorPlan {
    const access = accessFlags(opts.kubeconfig, opts.context, cwd);
    const flagsOnly = opts.input === undefined && opts.stack === undefined && (opts.hubs.length > 0 || opts.spokes.length > 0);
    if (flagsOnly) {
        const spokes = opts.spokes.map((v) => pair("--spoke", v, "NAME=HUB"));
        const version = opts.skupperVersion ?? "v1";
        if (version !== "v1" && version !== "v2") throw new UsageError(`--skupper-version must be v1 or v2, got "${version}"`);
        return planFromFlags(access, opts.hubs, spokes, opts.namespace ?? "interconnect", version);
    }
    if (opts.skupperVersion !== undefined)
        throw new UsageError("--skupper-version is for use without a stack file; the stack's network.skupperVersion applies");
    if (opts.hubs.length || opts.spokes.length)
        throw new UsageError("--hub and --spoke describe clusters without a stack file; the stack file already says the roles");
    if (opts.namespace !== undefined) throw new UsageError("--namespace is for use without a stack file; the stack's network.naming.siteNamespace applies");
    progress(`reading ${opts.input ?? "."}${opts.stack ? ` (stack ${opts.stack})` : ""}`);
    const { file, config } = loadStack(cwd, opts.input, opts.stack);
    if (file.projectKeys.length) progress(`from the project's Pulumi.yaml: ${file.projectKeys.join(", ")}`);
    for (const n of config.notes ?? []) progress(`note: ${n.path} ${n.message}`);
    return planFromStack(config, file.stack, path.dirname(path.resolve(file.file)), access);
}

/** Runs the checks; resolves to the exit code (0 or 1), throws {@link UsageError} for exit code 2. */
export async function doctorCommand(opts: DoctorOptions, io: CliIo): Promise<number> {
    const timeoutMs = parseDuration(opts.timeout);
    if (timeoutMs === undefined || timeoutMs < 100 || timeoutMs > 600_000)
        throw new UsageError(`--timeout must be a duration from 100ms to 600s such as 10s, got "${opts.timeout}"`);
    const cwd = io.cwd ?? process.cwd();
    const progress = (line: string) => io.stderr(`· ${terminalSafe(line)}\n`);
    let plan: DoctorPlan;
    try {
        plan = planOf(opts, cwd, progress);
    } catch (e) {
        if (e instanceof DoctorInputError) throw new UsageError(e.message);
        throw e;
    }
    const { KubeClusterClient } = await loadKubeClient();
    const report = await runDoctorChecks(plan, io.env, { timeoutMs, progress, clusterClient: KubeClusterClient });
    // JSON and YAML escape control characters themselves; the text report is made terminal-safe as a whole.
    io.stdout(opts.output === "text" ? terminalSafe(renderReport(report, widthOf(io)), true) : serialize(report, opts.output));
    progress(`${report.summary.FAIL} check(s) failed, ${report.summary.WARN} warning(s)`);
    return report.exitCode;
}

/** `edge-interconnect doctor ARGS` in-process, for tests: the exit code, or a thrown {@link UsageError} for exit code 2. */
export async function runDoctor(argv: string[], io: CliIo = processIo()): Promise<number> {
    const { runCommand } = await import("./program");
    return runCommand(["doctor", ...argv], io);
}
