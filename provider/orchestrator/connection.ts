/**
 * The connection inputs every orchestrator resource carries (URL,
 * credentials, CA, timeouts): their zod shape for `check`, and the client a
 * provider operation builds from them. Credentials are resolved when the
 * operation runs, from the inputs, then the environment.
 */
import { jwtExpiry } from "./auth";
import { credentialChain } from "./credentials";
import { OrchestratorClient } from "./client";
import { scrubSecrets, secretsOf } from "./scrub";
import { apiUrlProblem } from "./urls";

/** What preview passes for a value that is not known yet. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Input keys of the connection; changing apiUrl or project means another object. */
export const CONNECTION_KEYS = [
    "apiUrl",
    "project",
    "keycloakUrl",
    "caCert",
    "token",
    "username",
    "password",
    "requestTimeoutSeconds",
    "operationTimeoutSeconds",
];
/** The connection keys a resource updates in place: everything but where the object lives. */
export const CONNECTION_UPDATE_KEYS = CONNECTION_KEYS.filter((k) => k !== "apiUrl" && k !== "project");

/** zod shapes of the connection inputs; values still unknown at preview are accepted as they are. */
export function connectionShape() {
    const { z } = require("zod") as typeof import("zod");
    const unknownOr = <T extends import("zod").ZodTypeAny>(schema: T) => z.union([z.literal(UNKNOWN), schema]);
    // Messages leave the field out: the engine prints the property path beside them.
    const url = () =>
        z.string({ error: "must be a URL string" }).superRefine((v, ctx) => {
            const problem = apiUrlProblem(v);
            if (problem) ctx.addIssue({ code: "custom", message: problem });
        });
    const seconds = (max: number) =>
        z.number({ error: "must be a number of seconds" }).int("must be whole seconds").min(1, "must be at least 1").max(max, `must be at most ${max}`);
    const secret = () => z.string({ error: "must be a string" }).min(1, "must not be empty");
    return {
        apiUrl: unknownOr(url()),
        project: unknownOr(z.string({ error: "must be a string" }).trim().min(1, "must not be empty")),
        keycloakUrl: unknownOr(url()).optional(),
        caCert: unknownOr(
            z
                .string({ error: "must be a string" })
                .refine((v) => v.includes("-----BEGIN CERTIFICATE-----"), "must be a PEM bundle containing at least one -----BEGIN CERTIFICATE----- block"),
        ).optional(),
        token: unknownOr(secret()).optional(),
        username: unknownOr(secret()).optional(),
        password: unknownOr(secret()).optional(),
        requestTimeoutSeconds: unknownOr(seconds(600)).optional(),
        operationTimeoutSeconds: unknownOr(seconds(3600)).optional(),
    };
}

/** Credential problems `check` can see: half-given pairs, or nothing at all. */
export function credentialFailures(candidate: Record<string, unknown>, env: Record<string, string | undefined>): { property: string; reason: string }[] {
    const has = (k: string) => candidate[k] !== undefined;
    const failures: { property: string; reason: string }[] = [];
    if (has("username") !== has("password")) {
        failures.push({ property: has("username") ? "password" : "username", reason: "username and password must be given together" });
    }
    if (typeof candidate.token === "string" && candidate.token !== UNKNOWN) {
        const exp = jwtExpiry(candidate.token);
        if (exp !== undefined && exp <= Date.now()) {
            failures.push({
                property: "token",
                reason: `expired at ${new Date(exp).toISOString()}; obtain a new token, or give username and password so the provider can log in itself`,
            });
        }
    }
    const anyUnknown = ["token", "username", "password"].some((k) => candidate[k] === UNKNOWN);
    const envHasCreds = Boolean(env.EDGE_ORCH_TOKEN) || (Boolean(env.EDGE_ORCH_USERNAME) && Boolean(env.EDGE_ORCH_PASSWORD));
    if (!anyUnknown && !has("token") && !has("username") && !has("password") && !envHasCreds) {
        failures.push({
            property: "token",
            reason:
                "no orchestrator credentials: set orchestrator.token, or orchestrator.username and orchestrator.password, " +
                "or the environment variables EDGE_ORCH_TOKEN or EDGE_ORCH_USERNAME and EDGE_ORCH_PASSWORD",
        });
    }
    return failures;
}

/** The client for one provider operation, from the resource's inputs or state and the environment. */
export function clientFor(props: Record<string, unknown>): OrchestratorClient {
    const seconds = (v: unknown, dflt: number) => (typeof v === "number" && v > 0 ? v : dflt);
    return new OrchestratorClient({
        apiUrl: String(props.apiUrl),
        keycloakUrl: typeof props.keycloakUrl === "string" ? props.keycloakUrl : undefined,
        caCert: typeof props.caCert === "string" ? props.caCert : undefined,
        fallbackCredentials: credentialChain(props, process.env),
        requestTimeoutMs: seconds(props.requestTimeoutSeconds, 30) * 1000,
        // The time budget is the limit that matters to an operator; the attempt count only
        // stops a tight loop, so it is generous enough to ride out an orchestrator restart.
        retry: { maxAttempts: 12, totalBudgetMs: seconds(props.operationTimeoutSeconds, 120) * 1000 },
    });
}

/**
 * An error for the CLI: the host prints `${error}: ${error.stack}` for some
 * operations, and a JavaScript stack says nothing useful to an operator.
 * The message is scrubbed of every secret the resource or the environment
 * carries, and of URL credentials, bearer tokens and JWTs (issue 13.4).
 */
export function operatorError(message: string, props?: Record<string, unknown>): Error {
    const err = new Error(scrubSecrets(message, secretsOf(props, process.env)));
    err.name = "edge-interconnect";
    err.stack = "";
    return err;
}

/** Marks a state record written for a create whose outcome is unknown; cleared once the server confirms. */
export const UNCONFIRMED_KEY = "createUnconfirmed";

/**
 * Turns `failure` into an init failure: the engine then records the resource
 * with `id` and `outs`, so that `refresh`, `up` and `destroy` find what the
 * create may have left on the server (issue 12.3/13.1).
 *
 * The provider plugin's host sends an error that carries `id` as
 * `ErrorResourceInitFailed` with `properties` and `reasons` (@pulumi/pulumi
 * 3.248.0 `provider/server.js`, `grpcResponseFromError`, lines 621-640);
 * provider/plugin/resources.ts marks the secrets among `properties` first.
 */
export function unconfirmedCreate(failure: Error, id: string, outs: Record<string, unknown>, reason: string): Error {
    return Object.assign(failure, {
        id,
        properties: { ...outs, [UNCONFIRMED_KEY]: true },
        // The engine shows only the reasons of an init failure, so the cause leads.
        reasons: [`${failure.message} (${reason})`],
    });
}

// Not named `describe`: the closure serializer treats names that exist on the
// global object (mocha defines `describe`) as globals and does not capture them.
export function errorText(e: unknown): string {
    // Duck-typed: serialized error classes are not `instanceof Error`.
    const message = (e as { message?: unknown } | null)?.message;
    return typeof message === "string" ? message : String(e);
}

/** Plain outputs: the host refuses undefined values, and `__provider` is the dynamic providers' own (old state carries it). */
export function definedOutputs(props: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(props)) if (v !== undefined && k !== "__provider" && k !== UNCONFIRMED_KEY) out[k] = v;
    return out;
}
