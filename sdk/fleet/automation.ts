/**
 * The real {@link StackRunner}: the Pulumi Automation API
 * (@pulumi/pulumi/automation) running one stack of the fleet's project folder
 * with an inline program. The folder gives the project (`Pulumi.yaml`) and
 * each stack's configuration (`Pulumi.<stack>.yaml`, read by the CLI as for
 * `pulumi up --stack`); the program is the package's root program
 * ({@link rootProgram}), run in this process and served to the CLI by
 * @pulumi/pulumi's language server (`pulumi up --client=…`, see
 * automation/localWorkspace.ts and automation/server.ts upstream).
 *
 * Several inline programs run at once in one process: the Automation API's
 * language server runs each in its own AsyncLocalStorage store
 * (runtime/state.ts `withLocalStorage`, automation/server.ts), so each sees
 * its own stack's configuration and resource monitor.
 */
import { EngineEvent, LocalWorkspace, PulumiCommand, Stack, StackNotFoundError } from "@pulumi/pulumi/automation";
import type { FleetStack } from "./description";
import type { FleetOperation, StackProgress, StackRunResult, StackRunner } from "./drive";
import { rootProgram } from "./program";

export interface AutomationRunnerOptions {
    /** The project folder: `Pulumi.yaml` and the stack files. */
    workDir: string;
    /** The program each stack runs (default: the package's root program). */
    program?: () => Promise<Record<string, unknown>>;
    /** Environment for the CLI and its plugins, over the process's (backend URL, passphrase, ...). */
    envVars?: Record<string, string>;
    /** A specific Pulumi CLI (default: `pulumi` on PATH). */
    pulumiCommand?: PulumiCommand;
    /** Collect each stack's changing resources (`fleet preview --diff`). */
    diff?: boolean;
}

/** Engine operations that change nothing, or are halves of a replacement the engine also reports whole. */
const QUIET_OPS = new Set(["same", "read", "create-replacement", "delete-replaced", "refresh"]);

/** The name part of a URN (`…::store-1-link`). */
const nameOf = (urn: string) => urn.split("::").pop() ?? urn;

/**
 * What a failed operation said, from the engine's error diagnostics (each
 * prefixed with its resource's name); the CLI's own error when there is none.
 */
function failure(diagnostics: string[], e: unknown): Error {
    const useful = diagnostics.filter((d) => !/:\s*(update|preview|destroy) failed$/.test(d.trim()));
    return new Error(useful.length ? useful.join("\n") : e instanceof Error ? e.message : String(e));
}

/** A {@link StackRunner} over the Automation API (see the file's comment). */
export function automationRunner(opts: AutomationRunnerOptions): StackRunner {
    const program = opts.program ?? rootProgram;
    return async (s: FleetStack, op: FleetOperation, progress: (p: StackProgress) => void): Promise<StackRunResult> => {
        const ws = await LocalWorkspace.create({ workDir: opts.workDir, program, envVars: opts.envVars, pulumiCommand: opts.pulumiCommand });
        let stack: Stack;
        if (op === "destroy") {
            try {
                stack = await Stack.select(s.name, ws);
            } catch (e) {
                // Never deployed (or already removed): nothing to destroy.
                if (e instanceof StackNotFoundError) return { changes: {}, absent: true };
                throw e;
            }
        } else stack = await Stack.createOrSelect(s.name, ws);
        const p: StackProgress = { done: 0, started: 0 };
        const diagnostics: string[] = [];
        const diff: string[] = [];
        const onEvent = (e: EngineEvent) => {
            const pre = e.resourcePreEvent?.metadata;
            if (pre) {
                p.started++;
                if (!QUIET_OPS.has(pre.op) && pre.type !== "pulumi:pulumi:Stack") diff.push(`${pre.op} ${pre.type} ${nameOf(pre.urn)}`);
                progress({ ...p });
            }
            if (e.resOutputsEvent) {
                p.done++;
                progress({ ...p });
            }
            const d = e.diagnosticEvent;
            if (d && d.severity === "error" && !d.ephemeral) diagnostics.push(`${d.urn ? `${nameOf(d.urn)}: ` : ""}${d.message.trim()}`);
        };
        // The CLI's own output is not shown: the driver shows progress and the summary, and errors come from the diagnostics.
        const common = { onEvent, color: "never" as const, onOutput: () => undefined };
        try {
            if (op === "preview") {
                const r = await stack.preview(common);
                return { changes: { ...r.changeSummary }, ...(opts.diff ? { diff: diff.sort() } : {}) };
            }
            const r = op === "up" ? await stack.up(common) : await stack.destroy(common);
            return { changes: { ...(r.summary.resourceChanges ?? {}) }, ...(opts.diff ? { diff: diff.sort() } : {}) };
        } catch (e) {
            throw failure(diagnostics, e);
        }
    };
}
