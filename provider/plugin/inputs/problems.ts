/** Input problems, reported as one line per problem naming the field. */
import * as pulumi from "@pulumi/pulumi";
import { InputProblem, resolvePlain, UnknownInput, MUST_BE_KNOWN } from "./values";

/**
 * The problems with a construct's inputs, as one message. Deliberately not
 * the SDK's InputPropertiesError: for those the engine appends each
 * property's value (pkg/resource/deploy/source_eval.go `errorToMessage`,
 * "property %v with value '%v'"), and PropertyValue.String() does not redact
 * secrets (sdk/go/common/resource/properties.go), so a kubeconfig or a key
 * would be printed. The provider host sends this message alone.
 */
export class ConstructInputError extends Error {
    constructor(
        message: string,
        readonly problems: readonly InputProblem[],
    ) {
        super(message);
        this.name = "ConstructInputError";
    }
}

/** Throws every problem at once, when there is one: `<Component> "<name>": <path> <reason>` each. */
export function failOn(label: string, problems: InputProblem[]): void {
    if (problems.length === 0) return;
    throw new ConstructInputError(problems.map((p) => `${label}: ${p.propertyPath} ${p.reason}`).join("\n"), problems);
}

/**
 * An object input whose presence and keys decide something while its fields
 * may be Inputs (the orchestrator block, join information): as given when
 * it is an object, else (an Output as a whole, e.g. from a StackReference)
 * its known value, with `secret` when it was a secret (the caller keeps the
 * fields that need it secret).
 */
export async function objectOf(
    value: unknown,
    path: string,
    problems: InputProblem[],
): Promise<{ fields: Record<string, unknown>; secret: boolean } | undefined> {
    if (value === undefined || value === null) return undefined;
    if (!pulumi.Output.isInstance(value)) {
        if (typeof value !== "object" || Array.isArray(value)) {
            problems.push({ propertyPath: path, reason: "must be an object" });
            return undefined;
        }
        return { fields: value as Record<string, unknown>, secret: false };
    }
    try {
        const r = await resolvePlain(value, path);
        if (r.value === undefined || r.value === null) return undefined;
        if (typeof r.value !== "object" || Array.isArray(r.value)) {
            problems.push({ propertyPath: path, reason: "must be an object" });
            return undefined;
        }
        return { fields: r.value as Record<string, unknown>, secret: r.secret };
    } catch (e) {
        if (!(e instanceof UnknownInput)) throw e;
        problems.push({ propertyPath: e.propertyPath, reason: MUST_BE_KNOWN });
        return undefined;
    }
}

/** Drops undefined fields: provider outputs carry no undefined (the engine would read them as null). */
export function defined(state: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(state).filter(([, v]) => v !== undefined));
}
