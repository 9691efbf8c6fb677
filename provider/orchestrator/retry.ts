/**
 * Retry policy: exponential backoff with full jitter, bounded both in attempts
 * and in total elapsed time, so that a provider operation always ends.
 */
export interface RetryPolicy {
    /** Attempts in total, including the first (default 5). */
    maxAttempts: number;
    /** Delay cap for the first retry, doubled per attempt (default 250 ms). */
    baseDelayMs: number;
    /** Largest single delay (default 8 s). */
    maxDelayMs: number;
    /** No new attempt starts once this much time has passed since the first (default 60 s). */
    totalBudgetMs: number;
}

export const defaultRetryPolicy = (): RetryPolicy => ({
    maxAttempts: 5,
    baseDelayMs: 250,
    maxDelayMs: 8_000,
    totalBudgetMs: 60_000,
});

/**
 * Delay before retry number `attempt` (1 = the first retry). Full jitter keeps
 * many clients from retrying in lockstep. A server's Retry-After wins when it
 * is longer, but never beyond `maxDelayMs`.
 */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: number, retryAfterMs?: number): number {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
    const jittered = Math.floor(ceiling * Math.min(Math.max(random, 0), 1));
    const floor = retryAfterMs !== undefined ? Math.min(retryAfterMs, policy.maxDelayMs) : 0;
    return Math.max(jittered, floor);
}

/** Whether an HTTP status is worth retrying: throttling and server-side failures. */
export function isRetryableStatus(status: number): boolean {
    return status === 429 || (status >= 500 && status <= 599);
}

/** Parses a Retry-After header given in seconds (the HTTP-date form is ignored). */
export function parseRetryAfterMs(header: string | undefined): number | undefined {
    if (header === undefined) return undefined;
    const seconds = Number(header.trim());
    return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
