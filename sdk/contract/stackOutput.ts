/**
 * Reading a published contract (join information, network information)
 * from another stack's output: the Pulumi side of the contracts.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ContractIssue } from "./issues";

/**
 * Picks a path (`["store-hub", "shard-a"]`) out of an output value, naming
 * what is missing and what there is instead.
 */
function pick(value: unknown, path: readonly string[], where: string, what: string): unknown {
    let v = value;
    const walked: string[] = [];
    for (const key of path) {
        const here = walked.length ? `${where}.${walked.join(".")}` : where;
        if (typeof v !== "object" || v === null || Array.isArray(v)) throw new pulumi.RunError(`${here} is not a mapping; it holds no ${what}`);
        const record = v as Record<string, unknown>;
        if (!Object.prototype.hasOwnProperty.call(record, key))
            throw new pulumi.RunError(`${here} has no "${key}"; it has: ${Object.keys(record).join(", ") || "(nothing)"}`);
        v = record[key];
        walked.push(key);
    }
    return v;
}

/** A contract read from a stack output, with `at` naming where it was found for further errors. */
export interface ReadContract<T> {
    value: T;
    at: string;
}

/**
 * The value at `path` inside a stack output, read once and checked with
 * `problems`, or a RunError (one line, no stack) naming the stack, the output
 * and every problem. `what` names the contract in errors ("join information").
 */
export async function readStackContract<T>(
    ref: pulumi.StackReference,
    outputName: string,
    path: readonly string[],
    what: string,
    problems: (value: unknown) => ContractIssue[],
    producer: string,
): Promise<ReadContract<T>> {
    const stackName = await new Promise<string>((resolve) => ref.name.apply(resolve));
    const details = await ref.getOutputDetails(outputName);
    const where = `stack "${stackName}" output "${outputName}"`;
    const raw = details.value ?? details.secretValue;
    if (raw === undefined) throw new pulumi.RunError(`${where} does not exist; run \`pulumi up\` on the ${producer} stack first, or correct the name`);
    const value = pick(raw, path, where, what);
    const at = path.length ? `${where}.${path.join(".")}` : where;
    const found = problems(value);
    if (found.length) throw new pulumi.RunError(`${at} is not ${what}: ${found.map((p) => `${p.path || "(value)"} ${p.message}`).join("; ")}`);
    return { value: value as T, at };
}
