// Fault injection. One rule per kind keeps the model small enough to reason about in a
// test: a rule says which requests it applies to (scope), how often it fires
// (times / probability) and what it does. Probabilistic rules draw from a seeded PRNG
// owned by the controller, so a given seed and request sequence always gives the
// same faults.

import { z } from "zod";

export type FaultKind = "latency" | "status5xx" | "status429" | "drop" | "failAfterCommit";

export interface FaultScope {
    /** Only requests whose path starts with this (e.g. "/v1/projects/"). */
    pathPrefix?: string;
    /** Only requests with this method (upper case). */
    method?: string;
}

export interface FaultFrequency {
    /** Fire at most this many more times; unlimited when omitted. */
    times?: number;
    /** Chance of firing per matching request, 0..1; default 1. */
    probability?: number;
}

export interface LatencyFault extends FaultScope, FaultFrequency {
    ms: number;
}

export interface ServerErrorFault extends FaultScope, FaultFrequency {
    /** Default 503. */
    status?: 500 | 502 | 503 | 504;
}

export interface ThrottleFault extends FaultScope, FaultFrequency {
    /** `Retry-After` header value; default 1. */
    retryAfterSec?: number;
}

export type DropFault = FaultScope & FaultFrequency;

/**
 * Applies to requests that commit a mutation: the change is persisted, then the
 * connection is destroyed instead of answering. Default scope: POST, PUT and DELETE.
 */
export interface FailAfterCommitFault extends FaultScope {
    /** Default 1. */
    times?: number;
}

export interface FaultSettings {
    /** Seed of the PRNG behind `probability`; setting it restarts the sequence. Default 1. */
    seed?: number;
    latency?: LatencyFault;
    status5xx?: ServerErrorFault;
    status429?: ThrottleFault;
    drop?: DropFault;
    failAfterCommit?: FailAfterCommitFault;
}

/** What the wiring does with a request before routing it. */
export interface ArrivalDecision {
    delayMs: number;
    outcome: { kind: "drop" } | { kind: "status5xx"; status: number } | { kind: "status429"; retryAfterSec: number } | null;
}

export interface FaultControl {
    /** Replaces the rules of the kinds present in `settings`; `seed` restarts the PRNG. */
    set(settings: FaultSettings): void;
    /** Removes one rule, or all rules when no kind is given. The seed is kept. */
    clear(kind?: FaultKind): void;
    /** Current rules, with `times` showing what is left. */
    active(): FaultSettings;
    /** How often each kind has fired since the server started. */
    fired(kind: FaultKind): number;
}

const scopeShape = {
    pathPrefix: z.string().startsWith("/").optional(),
    method: z
        .string()
        .regex(/^[A-Z]+$/, "must be an upper-case HTTP method")
        .optional(),
};
const frequencyShape = {
    times: z.number().int().min(0).optional(),
    probability: z.number().min(0).max(1).optional(),
};

const settingsSchema = z.strictObject({
    seed: z.number().int().optional(),
    latency: z.strictObject({ ...scopeShape, ...frequencyShape, ms: z.number().int().min(0).max(600_000) }).optional(),
    status5xx: z
        .strictObject({
            ...scopeShape,
            ...frequencyShape,
            status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(),
        })
        .optional(),
    status429: z.strictObject({ ...scopeShape, ...frequencyShape, retryAfterSec: z.number().int().min(0).optional() }).optional(),
    drop: z.strictObject({ ...scopeShape, ...frequencyShape }).optional(),
    failAfterCommit: z.strictObject({ ...scopeShape, times: z.number().int().min(0).optional() }).optional(),
});

export function validateFaultSettings(settings: unknown): FaultSettings {
    const parsed = settingsSchema.safeParse(settings);
    if (!parsed.success) {
        throw new Error(`invalid fault settings: ${z.prettifyError(parsed.error)}`);
    }
    return parsed.data;
}

/** mulberry32: tiny, fast, good enough for test reproducibility. */
function seededRandom(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const MUTATING_METHODS: ReadonlySet<string> = new Set(["POST", "PUT", "DELETE"]);
const DEFAULT_SEED = 1;

type Rules = Omit<FaultSettings, "seed">;

export class FaultController implements FaultControl {
    private rules: Rules = {};
    private random: () => number = seededRandom(DEFAULT_SEED);
    private readonly firedCounts: Record<FaultKind, number> = {
        latency: 0,
        status5xx: 0,
        status429: 0,
        drop: 0,
        failAfterCommit: 0,
    };

    constructor(initial?: FaultSettings) {
        if (initial) this.set(initial);
    }

    set(settings: FaultSettings): void {
        const valid = validateFaultSettings(settings);
        if (valid.seed !== undefined) this.random = seededRandom(valid.seed);
        // Copies, so that spending `times` never mutates the caller's objects.
        if (valid.latency) this.rules.latency = { ...valid.latency };
        if (valid.status5xx) this.rules.status5xx = { ...valid.status5xx };
        if (valid.status429) this.rules.status429 = { ...valid.status429 };
        if (valid.drop) this.rules.drop = { ...valid.drop };
        if (valid.failAfterCommit) {
            this.rules.failAfterCommit = { ...valid.failAfterCommit, times: valid.failAfterCommit.times ?? 1 };
        }
    }

    clear(kind?: FaultKind): void {
        if (kind === undefined) this.rules = {};
        else delete this.rules[kind];
    }

    active(): FaultSettings {
        return structuredClone(this.rules);
    }

    fired(kind: FaultKind): number {
        return this.firedCounts[kind];
    }

    /** Decides, once per request and in a fixed order, which faults apply. */
    onArrival(method: string, path: string): ArrivalDecision {
        let delayMs = 0;
        const latency = this.rules.latency;
        if (latency && this.fires("latency", latency, method, path)) delayMs = latency.ms;

        // At most one terminal fault per request, so a rule's budget is only spent on
        // requests it actually affects.
        const drop = this.rules.drop;
        if (drop && this.fires("drop", drop, method, path)) return { delayMs, outcome: { kind: "drop" } };
        const throttle = this.rules.status429;
        if (throttle && this.fires("status429", throttle, method, path)) {
            return { delayMs, outcome: { kind: "status429", retryAfterSec: throttle.retryAfterSec ?? 1 } };
        }
        const failure = this.rules.status5xx;
        if (failure && this.fires("status5xx", failure, method, path)) {
            return { delayMs, outcome: { kind: "status5xx", status: failure.status ?? 503 } };
        }
        return { delayMs, outcome: null };
    }

    /** Asked only after a request has committed a mutation. */
    dropAfterCommit(method: string, path: string): boolean {
        const rule = this.rules.failAfterCommit;
        if (!rule) return false;
        if (rule.method === undefined && !MUTATING_METHODS.has(method)) return false;
        return this.fires("failAfterCommit", rule, method, path);
    }

    private fires(kind: FaultKind, rule: FaultScope & FaultFrequency, method: string, path: string): boolean {
        if (rule.method !== undefined && rule.method !== method) return false;
        if (rule.pathPrefix !== undefined && !path.startsWith(rule.pathPrefix)) return false;
        if (rule.times !== undefined && rule.times <= 0) return false;
        const probability = rule.probability ?? 1;
        // Draw only for genuinely random rules so adding a deterministic rule does not
        // shift the sequence seen by probabilistic ones.
        if (probability < 1 && !(this.random() < probability)) return false;
        if (rule.times !== undefined) rule.times -= 1;
        this.firedCounts[kind] += 1;
        return true;
    }
}
