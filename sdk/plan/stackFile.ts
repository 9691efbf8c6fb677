/**
 * Reads a stack's configuration file (`Pulumi.<stack>.yaml`), or the dev
 * stack of a project folder, without the Pulumi CLI. `secure:` values stay
 * envelopes: a plan needs no secret.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export interface StackFile {
    /** Stack name, from the file name. */
    stack: string;
    file: string;
    config: Record<string, unknown>;
}

/** A usage problem with the input file: one line, exit code 2. */
export class StackFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackFileError";
    }
}

/** Accepts a `Pulumi.<stack>.yaml` file, or a folder holding `Pulumi.yaml` and stack files (`stack` picks one; default dev). */
export function readStackFile(input: string, stack?: string): StackFile {
    const { parse } = require("yaml") as typeof import("yaml");
    let file = input;
    if (fs.existsSync(input) && fs.statSync(input).isDirectory()) {
        const candidates = fs.readdirSync(input).filter((f) => /^Pulumi\.[^.]+\.ya?ml$/.test(f));
        const wanted = stack ? candidates.find((f) => f.startsWith(`Pulumi.${stack}.`)) : (candidates.find((f) => /^Pulumi\.dev\./.test(f)) ?? candidates[0]);
        if (!wanted) throw new StackFileError(`${input}: no stack file${stack ? ` for stack "${stack}"` : ""} (Pulumi.<stack>.yaml) in this folder`);
        file = path.join(input, wanted);
    }
    if (!fs.existsSync(file)) throw new StackFileError(`${input}: no such file or folder`);
    const match = /^Pulumi\.([^.]+)\.ya?ml$/.exec(path.basename(file));
    let doc: unknown;
    try {
        doc = parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new StackFileError(`${file}: not valid YAML (${String((e as Error).message).split("\n")[0]})`);
    }
    const config = (doc as { config?: unknown } | null)?.config;
    if (config === undefined || config === null) throw new StackFileError(`${file}: has no config: section`);
    if (typeof config !== "object" || Array.isArray(config)) throw new StackFileError(`${file}: config must be a mapping of keys to values`);
    return { stack: match ? match[1] : path.basename(file).replace(/\.ya?ml$/, ""), file, config: config as Record<string, unknown> };
}
