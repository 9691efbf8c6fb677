/**
 * Inputs of the networks resource and their validation. The zod
 * schema is built inside a function on every call: a schema object held at
 * module scope would be captured by Pulumi's closure serializer and fail.
 */
import type { ZodError } from "zod";
import { UNKNOWN, connectionShape, credentialFailures } from "../orchestrator/connection";

export { UNKNOWN };

/** Inputs as the engine hands them to the provider (plain values, secrets unwrapped). */
export interface NetworkProviderInputs {
    apiUrl: string;
    project: string;
    networkName: string;
    description: string;
    keycloakUrl?: string;
    caCert?: string;
    token?: string;
    username?: string;
    password?: string;
    adoptExisting?: boolean;
    requestTimeoutSeconds?: number;
    operationTimeoutSeconds?: number;
}

/** Outputs kept in state: the inputs plus what the server told us. */
export interface NetworkProviderOutputs extends NetworkProviderInputs {
    /** The network type sent to the orchestrator. */
    type: string;
    /** True when the network existed before and was adopted. */
    adopted: boolean;
}

/** The network type upstream defines for interconnect networks. */
export const NETWORK_TYPE = "application-mesh";

/** Longest name that is valid both as a network and as a deployment's `networkName`. */
export const MAX_NETWORK_NAME = 40;

/**
 * Why `name` cannot be a network name, or undefined. The name must also be a
 * valid App Deployment Manager `networkName` (`^[a-z0-9]*[a-z0-9-]{0,18}[a-z0-9]{0,1}$`,
 * at most 40), so that deployments can join the network.
 */
export function networkNameProblem(name: string): string | undefined {
    const allowed = `lowercase letters, digits and '-', starting and ending with a letter or digit, at most ${MAX_NETWORK_NAME} characters`;
    if (name.length === 0) return `must not be empty; use ${allowed}`;
    if (name.length > MAX_NETWORK_NAME) return `is ${name.length} characters long; use ${allowed}`;
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name)) return `"${name}" is not allowed; use ${allowed}`;
    if (!/^[a-z0-9]*[a-z0-9-]{0,18}[a-z0-9]{0,1}$/.test(name)) {
        return `"${name}" has a '-' too far from the end: the orchestrator's deployment API accepts '-' only within the last 19 characters`;
    }
    return undefined;
}

/** One failed field, in the shape `check` returns. */
export interface CheckFailure {
    property: string;
    reason: string;
}

/** The zod schema of the inputs; values still unknown at preview are accepted as they are. */
export function networkInputsSchema() {
    const { z } = require("zod") as typeof import("zod");
    const unknownOr = <T extends import("zod").ZodTypeAny>(schema: T) => z.union([z.literal(UNKNOWN), schema]);
    return z
        .object({
            ...connectionShape(),
            networkName: unknownOr(
                z.string({ error: "must be a string" }).superRefine((v, ctx) => {
                    const problem = networkNameProblem(v);
                    if (problem) ctx.addIssue({ code: "custom", message: problem });
                }),
            ),
            description: unknownOr(z.string({ error: "must be a string" }).max(1024, "must be at most 1024 characters")),
            adoptExisting: unknownOr(z.boolean({ error: "must be true or false" })).optional(),
        })
        .strict();
}

/** Turns zod issues into check failures, one per field, naming the field path. */
export function failuresFromZod(error: ZodError): CheckFailure[] {
    const seen = new Set<string>();
    const out: CheckFailure[] = [];
    for (const issue of error.issues) {
        const property = issue.path.map(String).join(".") || "(inputs)";
        if (seen.has(property)) continue;
        seen.add(property);
        let reason = issue.message;
        if (issue.code === "unrecognized_keys") {
            reason = `unknown input(s): ${(issue as { keys: string[] }).keys.join(", ")}`;
        } else if (issue.code === "invalid_union") {
            // A union with the unknown sentinel: report the branch that describes the real value.
            const branches = (issue as unknown as { errors: { message: string }[][] }).errors;
            const real = branches.map((b) => b[0]?.message).filter((m) => m && !m.includes(UNKNOWN));
            reason = real[real.length - 1] ?? reason;
        }
        out.push({ property, reason });
    }
    return out;
}

/**
 * Validates inputs; returns the normalised inputs and the failures. Drops
 * keys whose value is undefined, because the provider host rejects them.
 */
export function checkNetworkInputs(
    news: Record<string, unknown>,
    env: Record<string, string | undefined>,
): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
    const { __provider: _ignored, ...rest } = news;
    const candidate: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(rest)) if (v !== undefined && v !== null) candidate[k] = v;
    if (candidate.description === undefined) candidate.description = "";
    const parsed = networkInputsSchema().safeParse(candidate);
    const failures = parsed.success ? [] : failuresFromZod(parsed.error);
    failures.push(...credentialFailures(candidate, env));
    return { inputs: candidate, failures };
}
