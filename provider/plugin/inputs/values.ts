/**
 * Construct inputs as the Node SDK's provider host hands them over
 * (@pulumi/pulumi provider/server.js `deserializeInputs`): a top-level input
 * with dependencies or a secret is an Output, output values nested anywhere
 * are Outputs too (runtime/rpc.js `deserializeProperty`, the
 * specialOutputValueSig case), and in a preview a value another resource
 * computes is unknown (`unknown`, or an Output whose isKnown is false).
 *
 * The components take some fields as plain values, because they decide which
 * objects exist and what they are called (names, naming, addresses,
 * services, add-ons, modes); those are resolved here and must be known.
 * Everything else stays an Output and goes to the component as an Input.
 */
import * as pulumi from "@pulumi/pulumi";

/** One problem with an input: the property path and what is allowed. */
export interface InputProblem {
    propertyPath: string;
    reason: string;
}

/** What a problem with a field that must be known says. */
export const MUST_BE_KNOWN = "must be known when the program runs, not computed by another resource";

/** The internals of an Output that the SDK uses itself (output.js: `promise(withUnknowns)`). */
interface OutputInternals {
    isKnown: Promise<boolean>;
    isSecret: Promise<boolean>;
    promise(withUnknowns?: boolean): Promise<unknown>;
}

/** A value resolved to plain data: `value` has no Output left; `secret` when any part was a secret. */
export interface Resolved<T = unknown> {
    value: T;
    secret: boolean;
}

/** Thrown (and collected) when a field that must be plain is not known yet. */
export class UnknownInput extends Error {
    constructor(readonly propertyPath: string) {
        super(`${propertyPath} ${MUST_BE_KNOWN}`);
    }
}

/**
 * `value` with every Output inside it awaited, or UnknownInput naming the
 * first unknown part (`hub.loadBalancer.addresses[0]`). Resources
 * (deserialized references) are kept as they are.
 */
export async function resolvePlain(value: unknown, path: string): Promise<Resolved> {
    if (pulumi.Output.isInstance(value)) {
        const o = value as unknown as OutputInternals;
        const [known, secret] = await Promise.all([o.isKnown, o.isSecret]);
        if (!known) throw new UnknownInput(path);
        const inner = await resolvePlain(await o.promise(true), path);
        return { value: inner.value, secret: secret || inner.secret };
    }
    if (pulumi.isUnknown(value)) throw new UnknownInput(path);
    if (value === null || typeof value !== "object" || pulumi.Resource.isInstance(value)) return { value, secret: false };
    if (Array.isArray(value)) {
        const items = await Promise.all(value.map((v, i) => resolvePlain(v, `${path}[${i}]`)));
        return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
    }
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolvePlain(v, `${path}.${k}`)] as const));
    return { value: Object.fromEntries(entries.map(([k, r]) => [k, r.value])), secret: entries.some(([, r]) => r.secret) };
}

/**
 * Resolves the decisive fields of `inputs` into plain values, collecting
 * every unknown one; returns the plain values (fields absent from the inputs
 * stay absent) and the problems.
 */
export async function plainFields(
    inputs: pulumi.Inputs,
    fields: readonly string[],
): Promise<{ plain: Record<string, unknown>; secret: Set<string>; problems: InputProblem[] }> {
    const plain: Record<string, unknown> = {};
    const secret = new Set<string>();
    const problems: InputProblem[] = [];
    for (const field of fields) {
        if (inputs[field] === undefined) continue;
        try {
            const r = await resolvePlain(inputs[field], field);
            if (r.value === undefined || r.value === null) continue;
            plain[field] = r.value;
            if (r.secret) secret.add(field);
        } catch (e) {
            if (!(e instanceof UnknownInput)) throw e;
            problems.push({ propertyPath: e.propertyPath, reason: MUST_BE_KNOWN });
        }
    }
    return { plain, secret, problems };
}

/** An input the component takes as an Input: as given (Output or plain), or undefined when absent or null. */
export function passThrough<T>(value: unknown): pulumi.Input<T> | undefined {
    return value === undefined || value === null ? undefined : (value as pulumi.Input<T>);
}
