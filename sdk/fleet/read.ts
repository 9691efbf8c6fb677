/**
 * Reads a fleet's project folder: `Pulumi.yaml` and every `Pulumi.<stack>.yaml`
 * beside it, parsed as YAML and validated by {@link parseFleet}.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { Fleet, FleetError, parseFleet } from "./description";

/** `Pulumi.<stack>.yaml` (or `.yml`), as the CLI names stack files. */
const STACK_FILE = /^Pulumi\.(.+)\.ya?ml$/;

function readYaml(file: string, label: string, problems: string[]): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        problems.push(`${label}: cannot be read (${(e as NodeJS.ErrnoException).code ?? "error"})`);
        return undefined;
    }
    try {
        return parse(text);
    } catch (e) {
        // The yaml package's message names line and column; its first line is enough.
        problems.push(`${label}: is not YAML: ${String((e as Error).message).split("\n")[0]}`);
        return undefined;
    }
}

/** The fleet of project folder `dir`; throws {@link FleetError} naming each file and key at fault. */
export function readFleet(dir: string): Fleet {
    let entries: string[];
    try {
        entries = fs.readdirSync(dir);
    } catch (e) {
        throw new FleetError([
            `${dir}: not a readable folder (${(e as NodeJS.ErrnoException).code ?? "error"}); give the project folder of the fleet's stacks`,
        ]);
    }
    const projectFile = ["Pulumi.yaml", "Pulumi.yml"].find((f) => entries.includes(f));
    if (!projectFile) throw new FleetError([`${dir}: has no Pulumi.yaml; give the project folder of the fleet's stacks`]);
    const problems: string[] = [];
    const project = readYaml(path.join(dir, projectFile), projectFile, problems);
    const stacks: Record<string, unknown> = {};
    const files: Record<string, string> = {};
    for (const f of entries.sort()) {
        const m = STACK_FILE.exec(f);
        if (!m) continue;
        files[m[1]] = f;
        stacks[m[1]] = readYaml(path.join(dir, f), f, problems);
    }
    if (problems.length) throw new FleetError(problems);
    return parseFleet(project, stacks, (s) => files[s] ?? `Pulumi.${s}.yaml`);
}
