/**
 * Errors raised by the orchestrator client. Every message is built from the
 * request's method and path and the server's own `message` text; credentials
 * are never part of it (the URL carries none, and headers are never echoed).
 *
 * Each constructor also assigns `message` itself: inside a serialized dynamic
 * provider, Pulumi rebuilds these classes as plain functions whose `super()`
 * becomes `Error.call(this, …)`, which sets nothing on `this`.
 */

/** The orchestrator answered with a non-success HTTP status. */
export class OrchestratorApiError extends Error {
    /** HTTP status code, e.g. 404. */
    readonly status: number;
    /** HTTP method of the failed request. */
    readonly method: string;
    /** Request path (no query string, no host). */
    readonly path: string;
    /** The server's `message` text, or a short excerpt of a non-JSON body. */
    readonly serverMessage: string;
    /**
     * True when an earlier attempt of the same request may have reached the
     * server before the connection failed, so a non-idempotent effect may
     * already have happened (used to tell "already exists" from "we created it").
     */
    readonly afterAmbiguousAttempt: boolean;

    constructor(args: { status: number; method: string; path: string; serverMessage: string; afterAmbiguousAttempt?: boolean }) {
        const message = `${args.method} ${args.path} failed with HTTP ${args.status}: ${args.serverMessage || "(empty body)"}`;
        super(message);
        this.message = message;
        this.name = "OrchestratorApiError";
        this.status = args.status;
        this.method = args.method;
        this.path = args.path;
        this.serverMessage = args.serverMessage;
        this.afterAmbiguousAttempt = args.afterAmbiguousAttempt ?? false;
    }
}

/** The request never got an HTTP answer: refused, reset, timed out or TLS failure. */
export class OrchestratorConnectionError extends Error {
    readonly method: string;
    readonly path: string;
    /** Node's error code, e.g. ECONNREFUSED, ECONNRESET, ETIMEDOUT, SELF_SIGNED_CERT_IN_CHAIN. */
    readonly code: string;
    /** False for TLS verification failures: retrying cannot fix a certificate. */
    readonly retryable: boolean;

    constructor(args: { method: string; path: string; code: string; detail: string; retryable: boolean }) {
        const message = `${args.method} ${args.path} failed: ${args.detail}`;
        super(message);
        this.message = message;
        this.name = "OrchestratorConnectionError";
        this.method = args.method;
        this.path = args.path;
        this.code = args.code;
        this.retryable = args.retryable;
    }
}

/** Keycloak refused to issue or refresh a token, or no credentials were available. */
export class OrchestratorAuthError extends Error {
    constructor(message: string) {
        super(message);
        this.message = message;
        this.name = "OrchestratorAuthError";
    }
}

/** The retry budget (attempts or total time) ran out; `lastError` is the final failure. */
export class RetryBudgetExhaustedError extends Error {
    readonly attempts: number;
    readonly elapsedMs: number;
    readonly lastError: Error;
    /** Some attempt may have reached the server before its answer was lost (it may have acted). */
    readonly maybeDelivered: boolean;

    constructor(args: { method: string; path: string; attempts: number; elapsedMs: number; lastError: Error; maybeDelivered?: boolean }) {
        const message =
            `${args.method} ${args.path} gave up after ${args.attempts} attempt(s) in ${Math.round(args.elapsedMs / 1000)}s; ` +
            `last error: ${args.lastError.message}`;
        super(message);
        this.message = message;
        this.name = "RetryBudgetExhaustedError";
        this.attempts = args.attempts;
        this.elapsedMs = args.elapsedMs;
        this.lastError = args.lastError;
        this.maybeDelivered = args.maybeDelivered ?? false;
    }
}
