/**
 * `edge-interconnect plan`: the stack's interconnect, computed from the pure
 * core (model → each cluster's objects, the same lists the components turn
 * into resources; no Pulumi runtime), as a readable plan; `--diff` compares two
 * stacks the way a preview would, `--exit-code` makes a difference exit 1.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { diffPlans, hasChanges } from "../plan/diff";
import { planContent } from "../plan/core";
import { writeManifests } from "../plan/manifests";
import { orchestratorStatus } from "../plan/orchestratorStatus";
import { renderMermaid, renderSvg } from "../plan/render";
import { pictureOf } from "../plan/picture";
import { Plan, buildPlan } from "../plan/report";
import { renderDiff, renderPlan, terminalSafe } from "../plan/text";
import { CliIo, widthOf } from "./io";
import { OutputFormat, serialize } from "./output";
import { loadStack } from "./stackInput";
import { UsageError } from "./usage";

export interface PlanOptions {
    /** Stack file or project folder (default: the working directory). */
    input?: string;
    stack?: string;
    output: OutputFormat;
    out?: string;
    diff?: string;
    exitCode: boolean;
}

/** Reads, validates and evaluates one stack into a plan. */
async function planOf(io: CliIo, input: string | undefined, stack: string | undefined, checkOrchestrator: boolean): Promise<{ plan: Plan; shown: string }> {
    const cwd = io.cwd ?? process.cwd();
    const progress = (line: string) => io.stderr(`· ${terminalSafe(line)}\n`);
    progress(`reading ${input ?? "."}${stack ? ` (stack ${stack})` : ""}`);
    const { file, config, shown } = loadStack(cwd, input, stack);
    if (file.projectKeys.length) progress(`from the project's Pulumi.yaml: ${file.projectKeys.join(", ")}`);
    // A shard's objects come from its hub stack's join information, which only a running program can read.
    if (config.shardOf)
        throw new UsageError(
            `${shown}: edge-interconnect:hubStack: this is a spoke-shard stack of ${config.shardOf.hubStack}; ` +
                "plan cannot read that stack's join information offline: run `pulumi preview` on this stack, or plan the hub stack",
        );
    const t = config.topology;
    progress(`computing the objects: 1 network, ${t.hubs.length} hub(s), ${t.spokes.length} spoke(s)`);
    const content = planContent(config);
    progress(`  ${Object.values(content.clusters).reduce((n, objects) => n + objects.length, 0)} objects, ${content.deployments.length} deployment(s)`);
    const status = checkOrchestrator && config.orchestrator ? await orchestratorStatus(config, io.env) : undefined;
    return { plan: buildPlan(file.stack, config, content, status), shown };
}

/**
 * What `--diff OTHER` names: a stack file or folder, or (when that path does
 * not exist) a stack of the first stack's project, as `--diff prod`.
 */
function otherInput(cwd: string, other: string, first: string): string {
    if (fs.existsSync(path.resolve(cwd, other))) return other;
    if (/^[^./\\]+$/.test(other)) {
        const dir = path.dirname(path.resolve(cwd, first));
        for (const ext of ["yaml", "yml"]) {
            const candidate = path.join(dir, `Pulumi.${other}.${ext}`);
            if (fs.existsSync(candidate)) return path.relative(cwd, candidate) || candidate;
        }
    }
    throw new UsageError(`--diff ${other}: no such file or folder, and no stack "${other}" next to ${first}`);
}

export async function runPlan(opts: PlanOptions, io: CliIo): Promise<number> {
    if (opts.exitCode && opts.diff === undefined) throw new UsageError("--exit-code applies to --diff (exit code 1 when the two stacks differ)");
    const cwd = io.cwd ?? process.cwd();
    const width = widthOf(io);
    const first = await planOf(io, opts.input, opts.stack, opts.diff === undefined);
    if (opts.diff !== undefined) {
        const other = await planOf(io, otherInput(cwd, opts.diff, first.shown), undefined, false);
        const diff = diffPlans(first.plan, other.plan);
        const added = diff.topology.filter((t) => t.op === "+").map((t) => t.what.split(" ")[1]);
        const removed = diff.topology.filter((t) => t.op === "-").map((t) => t.what.split(" ")[1]);
        if (opts.out) writeOut(path.resolve(cwd, opts.out), other.plan, { added, removed });
        io.stdout(opts.output === "text" ? terminalSafe(renderDiff(diff, first.shown, other.shown, width), true) : serialize(diff, opts.output));
        return opts.exitCode && hasChanges(diff) ? 1 : 0;
    }
    const plan = first.plan;
    const written = opts.out ? writeOut(path.resolve(cwd, opts.out), plan) : [];
    if (opts.output !== "text") io.stdout(serialize({ ...plan, mermaid: renderMermaid(pictureOf(plan)) }, opts.output));
    else io.stdout(terminalSafe(renderPlan(plan, width) + (opts.out ? `\nWritten to ${opts.out}/: ${written.join(", ")}\n` : ""), true));
    return 0;
}

function writeOut(dir: string, plan: Plan, changes?: { added: string[]; removed: string[] }): string[] {
    const written = writeManifests(plan, dir);
    const picture = pictureOf(plan, changes);
    fs.writeFileSync(path.join(dir, "topology.svg"), renderSvg(picture));
    fs.writeFileSync(path.join(dir, "topology.mmd"), renderMermaid(picture));
    return [...written, "topology.svg", "topology.mmd"];
}
