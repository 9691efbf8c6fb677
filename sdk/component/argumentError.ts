import * as pulumi from "@pulumi/pulumi";

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
