/**
 * Reads a stack's configuration (`Pulumi.<stack>.yaml`) without the Pulumi
 * CLI: a file, or a project folder with `--stack` choosing the stack as
 * `pulumi -s` does, over the project's own config (`config:` of the
 * `Pulumi.yaml` beside it), as Pulumi merges them. `secure:` values stay
 * envelopes: a plan needs no secret.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export interface StackFile {
    /** Stack name, from the file name. */
    stack: string;
    file: string;
    /** The stack's configuration over the project's. */
    config: Record<string, unknown>;
    /** Keys whose value comes from the project's Pulumi.yaml (the stack file does not set them). */
    projectKeys: string[];
}

/** A usage problem with the input file: one line, exit code 2. */
export class StackFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackFileError";
    }
}

const STACK_FILE = /^Pulumi\.([^.]+)\.ya?ml$/;

/** The stacks a project folder has, by name, sorted. */
function stacksIn(dir: string): Map<string, string> {
    const found = new Map<string, string>();
    for (const f of fs.readdirSync(dir).sort()) {
        const m = STACK_FILE.exec(f);
        if (m && !found.has(m[1])) found.set(m[1], path.join(dir, f));
    }
    return found;
}

/** Which file `input` (a stack file or a project folder) and `stack` (a stack name, as `pulumi --stack`) mean. */
export function resolveStackFile(input: string, stack?: string): string {
    if (stack !== undefined && !/^[^./\\]+$/.test(stack)) throw new StackFileError(`--stack ${stack}: expected a stack name such as dev or prod, not a path`);
    if (!fs.existsSync(input)) throw new StackFileError(`${input}: no such file or folder`);
    if (fs.statSync(input).isDirectory()) {
        const stacks = stacksIn(input);
        const names = [...stacks.keys()];
        const listed = names.length ? ` (its stacks: ${names.join(", ")})` : " (it has no Pulumi.<stack>.yaml)";
        if (stack !== undefined) {
            const file = stacks.get(stack);
            if (!file) throw new StackFileError(`stack "${stack}" does not exist in ${input}${listed}`);
            return file;
        }
        if (stacks.has("dev")) return stacks.get("dev")!;
        if (names.length === 1) return stacks.get(names[0])!;
        if (names.length === 0) throw new StackFileError(`no stack file (Pulumi.<stack>.yaml) in ${input}; give a stack file or a project folder`);
        throw new StackFileError(`${input} has several stacks (${names.join(", ")}) and none is dev: choose one with --stack NAME`);
    }
    const m = STACK_FILE.exec(path.basename(input));
    if (stack !== undefined && m && m[1] !== stack) {
        const sibling = stacksIn(path.dirname(input)).get(stack);
        throw new StackFileError(
            `${input} is stack "${m[1]}", not "${stack}"` +
                (sibling
                    ? `; give ${path.join(path.dirname(input), path.basename(sibling))} or the folder with --stack ${stack}`
                    : `, and stack "${stack}" does not exist next to it`),
        );
    }
    return input;
}

/**
 * The project-level configuration of the `Pulumi.yaml` in `dir`, keyed as a
 * stack's is. As Pulumi 3.248.0 reads it (checked with `pulumi config --json`):
 * a namespaced key (`edge-interconnect:spokes`) takes `value:`; a key of the
 * project's own namespace is `<project>:<key>` and takes `value:` or
 * `default:`; a scalar may stand alone. Each key the stack file sets replaces
 * the project's value whole (no deep merge).
 */
export function projectConfig(dir: string): Record<string, unknown> {
    const { parse } = require("yaml") as typeof import("yaml");
    const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
    if (!file) return {};
    let doc: { name?: unknown; config?: unknown } | null;
    try {
        doc = parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new StackFileError(`${file}: not valid YAML (${String((e as Error).message).split("\n")[0]})`);
    }
    const config = doc?.config;
    if (config === undefined || config === null) return {};
    if (typeof config !== "object" || Array.isArray(config)) throw new StackFileError(`${file}: config must be a mapping of keys to values`);
    const out: Record<string, unknown> = {};
    for (const [k, entry] of Object.entries(config as Record<string, unknown>)) {
        const key = k.includes(":") ? k : `${String(doc?.name ?? "project")}:${k}`;
        const isSpec = typeof entry === "object" && entry !== null && !Array.isArray(entry);
        const value = isSpec ? ((entry as { value?: unknown }).value ?? (entry as { default?: unknown }).default) : entry;
        if (value !== undefined) out[key] = value;
    }
    return out;
}

/** Reads the stack file that `input` and `stack` name (see {@link resolveStackFile}), over its project's configuration. */
export function readStackFile(input: string, stack?: string): StackFile {
    const { parse } = require("yaml") as typeof import("yaml");
    const file = resolveStackFile(input, stack);
    const match = STACK_FILE.exec(path.basename(file));
    let doc: unknown;
    try {
        doc = parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new StackFileError(`${file}: not valid YAML (${String((e as Error).message).split("\n")[0]})`);
    }
    const config = (doc as { config?: unknown } | null)?.config;
    if (config === undefined || config === null) throw new StackFileError(`${file}: has no config: section`);
    if (typeof config !== "object" || Array.isArray(config)) throw new StackFileError(`${file}: config must be a mapping of keys to values`);
    const project = projectConfig(path.dirname(path.resolve(file)));
    const own = config as Record<string, unknown>;
    const projectKeys = Object.keys(project).filter((k) => !(k in own));
    return {
        stack: match ? match[1] : path.basename(file).replace(/\.ya?ml$/, ""),
        file,
        config: { ...project, ...own },
        projectKeys,
    };
}
