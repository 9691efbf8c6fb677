import * as pulumi from "@pulumi/pulumi";
import type { ContractIssue } from "../contract/issues";

/** Reports a wrong argument: `problem` says what is allowed. */
export type ArgumentFailure = (field: string, problem: string) => never;

/**
 * Fails a component's construction with one line naming the argument, and no
 * JavaScript stack (`pulumi up` prints a stack for a plain Error). `label`,
 * e.g. `HubCluster "store-hub"`, prefixes the line when given.
 */
export function argumentFailure(resource: pulumi.Resource, label?: string): ArgumentFailure {
    return (field, problem) => {
        throw new pulumi.ResourceError(`${label ? `${label}: ` : ""}${field} ${problem}`, resource, /* hideStack */ true);
    };
}

/** Fails on the first field with a problem, naming every other problem in the same line; does nothing when there is none. */
export function failOnIssues(fail: ArgumentFailure, issues: readonly ContractIssue[]): void {
    if (issues.length) fail(issues[0].path, [issues[0].message, ...issues.slice(1).map((p) => `${p.path} ${p.message}`)].join("; "));
}

/**
 * Refuses an Output or a Promise for `field`: its value decides which
 * resources exist and what they are called, so it must be known when the
 * program runs. `decides` says what it holds, `hint` how to get a value.
 */
export function refusePending(fail: ArgumentFailure, field: string, value: unknown, decides: string, hint: string): void {
    if (pulumi.Output.isInstance(value) || value instanceof Promise)
        fail(field, `is an Output or a Promise: ${decides}, so they must be known when the program runs. ${hint}`);
}
