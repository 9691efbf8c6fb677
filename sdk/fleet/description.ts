/**
 * The fleet description: one Pulumi project folder (its `Pulumi.yaml`) and
 * its stack files (`Pulumi.<stack>.yaml`). A stack whose configuration sets
 * `edge-interconnect:hubStack` is a spoke-shard stack; every other stack is a
 * hub stack. Nothing else is needed: the fleet is what the stack files say,
 * so a shard added by a team is one more file. Pure: the caller reads the files.
 */
import { z } from "zod";
import { CONFIG_NAMESPACE } from "../stack/config";

export type StackRole = "hub" | "shard";

/** One stack of the fleet, as its stack file declares it. */
export interface FleetStack {
    /** The stack's name: `<name>` of `Pulumi.<name>.yaml`. */
    name: string;
    role: StackRole;
    /** The stack file, as given by the caller (for messages). */
    file: string;
    /** Shard stacks: `edge-interconnect:hubStack` as configured. */
    hubStack?: string;
    /** Shard stacks: the hub stack's name when it is a stack of this fleet; absent when it lives elsewhere. */
    hub?: string;
    /** Shard stacks: `edge-interconnect:shard`. */
    shard?: string;
    /** How many spokes the stack file lists (`edge-interconnect:spokes`). */
    spokes: number;
}

export interface Fleet {
    /** The project's name (`Pulumi.yaml` `name`). */
    project: string;
    /** Hub stacks first, then shard stacks; each group in stack name order. */
    stacks: FleetStack[];
}

/** Problems of a fleet description, each naming its file and key; the message is the first, the rest in `problems`. */
export class FleetError extends Error {
    constructor(readonly problems: string[]) {
        super(problems[0] + (problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : ""));
        this.name = "FleetError";
    }
}

/** Pulumi's stack names: letters, digits, `-`, `_` and `.` (as `pulumi stack init` accepts them). */
export const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

const projectFile = z.object(
    { name: z.string({ error: "must name the project" }).min(1, "must name the project") },
    { error: "must be a mapping with a name" },
);

const stackFile = z
    .object({ config: z.record(z.string(), z.unknown(), { error: "must be a mapping of configuration keys" }).optional() }, { error: "must be a mapping" })
    .nullable();

const HUB_STACK = `${CONFIG_NAMESPACE}:hubStack`;
const SHARD = `${CONFIG_NAMESPACE}:shard`;
const SPOKES = `${CONFIG_NAMESPACE}:spokes`;

/** `organization/project/stack`, `organization/stack` or `stack`, as a StackReference takes it. */
const STACK_REFERENCE = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+){0,2}$/;

function zodProblems(file: string, error: z.ZodError): string[] {
    return error.issues.map((i) => `${file}: ${i.path.length ? `${i.path.join(".")}: ` : ""}${i.message}`);
}

/**
 * The stack of this project that a `hubStack` names, or undefined when it
 * names another project's. Two or fewer parts mean the current project, as
 * a StackReference resolves them.
 */
function localStackOf(reference: string, project: string): string | undefined {
    const parts = reference.split("/");
    if (parts.length === 3) return parts[1] === project ? parts[2] : undefined;
    return parts[parts.length - 1];
}

/**
 * Validates a fleet: `project` is the parsed `Pulumi.yaml`, `stacks` maps each
 * stack name to its parsed `Pulumi.<stack>.yaml`. Throws {@link FleetError}
 * with every problem at once.
 */
export function parseFleet(project: unknown, stacks: Record<string, unknown>, fileOf: (stack: string) => string = (s) => `Pulumi.${s}.yaml`): Fleet {
    const problems: string[] = [];
    const p = projectFile.safeParse(project);
    if (!p.success) problems.push(...zodProblems("Pulumi.yaml", p.error));
    const projectName = p.success ? p.data.name : "";
    const names = Object.keys(stacks).sort();
    if (names.length === 0) problems.push(`Pulumi.yaml: the project folder has no stack file (Pulumi.<stack>.yaml); a fleet needs at least its hub stack`);
    const found: FleetStack[] = [];
    for (const name of names) {
        const file = fileOf(name);
        if (!STACK_NAME.test(name)) {
            problems.push(`${file}: "${name}" is not a stack name; use letters, digits, "-", "_" and "."`);
            continue;
        }
        const parsed = stackFile.safeParse(stacks[name]);
        if (!parsed.success) {
            problems.push(...zodProblems(file, parsed.error));
            continue;
        }
        const config = parsed.data?.config ?? {};
        const hubStack = config[HUB_STACK];
        const shard = config[SHARD];
        const spokes = config[SPOKES];
        const spokeCount = Array.isArray(spokes) ? spokes.length : 0;
        if (hubStack === undefined && shard === undefined) {
            found.push({ name, role: "hub", file, spokes: spokeCount });
            continue;
        }
        const before = problems.length;
        if (hubStack === undefined) problems.push(`${file}: ${SHARD} needs ${HUB_STACK}: the stack (organization/project/stack) whose hubs issued the shard`);
        else if (typeof hubStack !== "string" || !STACK_REFERENCE.test(hubStack))
            problems.push(`${file}: ${HUB_STACK}: must name the hub stack as organization/project/stack (got ${JSON.stringify(hubStack)})`);
        if (shard === undefined) problems.push(`${file}: ${HUB_STACK} needs ${SHARD}: the shard of the hub stack this stack's spokes belong to`);
        else if (typeof shard !== "string" || shard.length === 0) problems.push(`${file}: ${SHARD}: must be the shard's name (got ${JSON.stringify(shard)})`);
        if (problems.length === before) found.push({ name, role: "shard", file, hubStack: hubStack as string, shard: shard as string, spokes: spokeCount });
    }
    const hubs = found.filter((s) => s.role === "hub");
    // Without the project's name, which stacks are this project's is unknown: Pulumi.yaml's problem is reported alone.
    for (const s of p.success ? found.filter((x) => x.role === "shard") : []) {
        const local = localStackOf(s.hubStack!, projectName);
        if (local === undefined) continue;
        if (hubs.some((h) => h.name === local)) s.hub = local;
        else if (found.some((x) => x.name === local))
            problems.push(
                `${s.file}: ${HUB_STACK}: "${s.hubStack}" is a spoke-shard stack of this fleet; name a hub stack (${hubs.map((h) => h.name).join(", ") || "none"})`,
            );
        else
            problems.push(
                `${s.file}: ${HUB_STACK}: "${s.hubStack}" names stack "${local}" of project "${projectName}", which has no Pulumi.${local}.yaml here; ` +
                    `hub stacks: ${hubs.map((h) => h.name).join(", ") || "none"}`,
            );
    }
    if (problems.length) throw new FleetError(problems);
    return { project: projectName, stacks: [...hubs, ...found.filter((s) => s.role === "shard")] };
}

/**
 * The fleet restricted to `only` (stack names), refusing names it does not
 * have. Ordering is kept; a shard run without its hub runs against the hub
 * stack's current outputs.
 */
export function selectStacks(fleet: Fleet, only: string[]): Fleet {
    if (only.length === 0) return fleet;
    const unknown = only.filter((n) => !fleet.stacks.some((s) => s.name === n));
    if (unknown.length)
        throw new FleetError(unknown.map((n) => `--stack ${n}: the fleet has no such stack; it has: ${fleet.stacks.map((s) => s.name).join(", ")}`));
    return { ...fleet, stacks: fleet.stacks.filter((s) => only.includes(s.name)) };
}
