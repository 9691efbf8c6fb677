/**
 * `edge-interconnect plan`: the stack's interconnect, computed from the pure
 * core (model → each cluster's objects, the same lists the components turn
 * into resources; no Pulumi runtime), as a readable plan; `--diff` compares two
 * configurations the way a preview would.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { StackConfigError, parseStackConfig } from "../stack/config";
import { diffPlans } from "../plan/diff";
import { planContent } from "../plan/core";
import { writeManifests } from "../plan/manifests";
import { orchestratorStatus } from "../plan/orchestratorStatus";
import { renderMermaid, renderSvg } from "../plan/render";
import { pictureOf } from "../plan/picture";
import { Plan, buildPlan } from "../plan/report";
import { StackFileError, readStackFile } from "../plan/stackFile";
import { renderDiff, renderPlan, terminalSafe } from "../plan/text";
import { UsageError } from "./usage";

export const PLAN_HELP = `usage: edge-interconnect plan [STACK_FILE | PROJECT_DIR] [options]

  STACK_FILE   a Pulumi.<stack>.yaml (default: Pulumi.dev.yaml here); a folder picks its dev stack
  --stack NAME       with a folder: use Pulumi.NAME.yaml
  --format text|json output format (default text)
  --out DIR          write <cluster>.yaml manifests, topology.svg and topology.mmd into DIR
  --diff OTHER       compare with another stack file: topology changes and object changes
`;

interface PlanOptions {
    input: string;
    stack?: string;
    format: "text" | "json";
    out?: string;
    diff?: string;
}

function parse(argv: string[]): PlanOptions {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            allowPositionals: true,
            options: { stack: { type: "string" }, format: { type: "string" }, out: { type: "string" }, diff: { type: "string" }, help: { type: "boolean" } },
        });
    } catch (e) {
        throw new UsageError(`${(e as Error).message.split("\n")[0]}; run "edge-interconnect plan --help"`);
    }
    const { values, positionals } = parsed;
    if (values.help) {
        process.stdout.write(PLAN_HELP);
        process.exit(0);
    }
    if (positionals.length > 1) throw new UsageError(`plan takes one stack file or folder, got ${positionals.length}`);
    const format = values.format ?? "text";
    if (format !== "text" && format !== "json") throw new UsageError(`--format must be text or json, got "${format}"`);
    return { input: positionals[0] ?? "Pulumi.dev.yaml", stack: values.stack, format, out: values.out, diff: values.diff };
}

/** Reads, validates and evaluates one stack file into a plan. */
async function planOf(input: string, stack: string | undefined, progress: (line: string) => void, checkOrchestrator: boolean): Promise<Plan> {
    progress(`reading ${input}`);
    const file = readStackFile(input, stack);
    let config;
    try {
        config = parseStackConfig(file.config);
    } catch (e) {
        if (e instanceof StackConfigError) throw new StackFileError(`${path.relative(process.cwd(), file.file) || file.file}: ${e.message}`);
        throw e;
    }
    // A shard's objects come from its hub stack's join information, which only a running program can read.
    if (config.shardOf)
        throw new StackFileError(
            `${path.relative(process.cwd(), file.file) || file.file}: edge-interconnect:hubStack: this is a spoke-shard stack of ${config.shardOf.hubStack}; ` +
                "plan cannot read that stack's join information offline: run `pulumi preview` on this stack, or plan the hub stack",
        );
    const t = config.topology;
    progress(`computing the objects: 1 network, ${t.hubs.length} hub(s), ${t.spokes.length} spoke(s)`);
    const content = planContent(config);
    progress(`  ${Object.values(content.clusters).reduce((n, objects) => n + objects.length, 0)} objects, ${content.deployments.length} deployment(s)`);
    const status = checkOrchestrator && config.orchestrator ? await orchestratorStatus(config, process.env) : undefined;
    return buildPlan(file.stack, config, content, status);
}

export async function runPlan(argv: string[]): Promise<number> {
    const opts = parse(argv);
    const progress = (line: string) => process.stderr.write(`· ${terminalSafe(line)}\n`);
    try {
        const plan = await planOf(opts.input, opts.stack, progress, opts.diff === undefined);
        if (opts.diff !== undefined) {
            const other = await planOf(opts.diff, undefined, progress, false);
            const diff = diffPlans(plan, other);
            const added = [...diff.topology.filter((t) => t.op === "+").map((t) => t.what.split(" ")[1])];
            const removed = [...diff.topology.filter((t) => t.op === "-").map((t) => t.what.split(" ")[1])];
            if (opts.out) writeOut(opts.out, other, { added, removed });
            process.stdout.write(opts.format === "json" ? JSON.stringify(diff, null, 2) + "\n" : terminalSafe(renderDiff(diff, opts.input, opts.diff), true));
            return 0;
        }
        if (opts.out) writeOut(opts.out, plan);
        if (opts.format === "json") process.stdout.write(JSON.stringify({ ...plan, mermaid: renderMermaid(pictureOf(plan)) }, null, 2) + "\n");
        else process.stdout.write(terminalSafe(renderPlan(plan) + (opts.out ? `\nManifests and pictures in ${opts.out}/ (topology.svg, topology.mmd)\n` : ""), true));
        return 0;
    } catch (e) {
        if (e instanceof StackFileError) throw new UsageError(e.message);
        throw e;
    }
}

function writeOut(dir: string, plan: Plan, changes?: { added: string[]; removed: string[] }): void {
    writeManifests(plan, dir);
    const picture = pictureOf(plan, changes);
    fs.writeFileSync(path.join(dir, "topology.svg"), renderSvg(picture));
    fs.writeFileSync(path.join(dir, "topology.mmd"), renderMermaid(picture));
}
