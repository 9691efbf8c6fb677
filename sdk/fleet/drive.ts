/**
 * The fleet driver's core: which stack runs when, how many at once, and what
 * each one came to. Pure apart from the injected {@link StackRunner} and
 * clock, so ordering, the concurrency bound and failure isolation are tested
 * with a fake runner (tests/fleet/drive.spec.ts).
 *
 * Order: `up` and `preview` run each hub stack before the shard stacks that
 * name it (a shard reads its hub's `joinInfo` output, which `up` of the hub
 * writes); `destroy` runs the other way round (a hub's shard CAs go last, after
 * every link they signed). A stack whose prerequisite failed is skipped, not
 * run; every other stack runs whatever its siblings do.
 */
import type { Fleet, FleetStack, StackRole } from "./description";

export type FleetOperation = "up" | "preview" | "destroy";
export const FLEET_OPERATIONS: readonly FleetOperation[] = ["up", "preview", "destroy"];

/** Resource counts per engine operation (`create`, `update`, `delete`, `replace`, `same`, ...), as the engine reports them. */
export type ChangeCounts = Record<string, number>;

/** What a runner returns for one stack that ran to the end. */
export interface StackRunResult {
    changes: ChangeCounts;
    /** With `diff`: the resources that change, one line each (`create store-1-link`). */
    diff?: string[];
    /** The stack is not in the backend (destroy of a stack never deployed): nothing was done. */
    absent?: boolean;
}

/** One step reported while a stack runs: a resource the engine has reached. */
export interface StackProgress {
    /** Resources the engine has finished with so far. */
    done: number;
    /** Resources it has started so far (its steps). */
    started: number;
}

/**
 * Runs one operation on one stack. Resolves when the stack's operation
 * succeeded; rejects with an Error whose message is what went wrong (the
 * driver scrubs it) when it failed.
 */
export type StackRunner = (stack: FleetStack, op: FleetOperation, progress: (p: StackProgress) => void) => Promise<StackRunResult>;

export type StackResult = "succeeded" | "failed" | "skipped";

export interface StackOutcome {
    stack: string;
    role: StackRole;
    /** Shard stacks: the hub stack of this fleet it depends on. */
    hub?: string;
    result: StackResult;
    changes: ChangeCounts;
    diff?: string[];
    /** Milliseconds from start to end; 0 for a skipped stack. */
    durationMs: number;
    /** Failed or skipped: why, one line, scrubbed. */
    error?: string;
    /** The stack was not in the backend. */
    absent?: boolean;
}

export interface FleetReport {
    operation: FleetOperation;
    project: string;
    parallel: number;
    /** In the fleet's order (hubs, then shards), whatever order they finished in. */
    stacks: StackOutcome[];
    durationMs: number;
}

/** What the driver tells its display as stacks start, progress and end. */
export type FleetEvent =
    | { kind: "start"; stack: FleetStack }
    | { kind: "progress"; stack: FleetStack; progress: StackProgress }
    | { kind: "end"; stack: FleetStack; outcome: StackOutcome };

export interface DriveOptions {
    /** At most this many stacks run at once (≥ 1). */
    parallel: number;
    now?: () => number;
    onEvent?: (e: FleetEvent) => void;
    /** Turns a runner's error into the one line the report shows (secrets and stack traces removed). */
    describeError?: (e: unknown) => string;
}

/** The stacks `stack` waits for under `op`, by name, within the fleet. */
export function prerequisites(fleet: Fleet, stack: FleetStack, op: FleetOperation): string[] {
    const present = new Set(fleet.stacks.map((s) => s.name));
    if (op === "destroy") return stack.role === "hub" ? fleet.stacks.filter((s) => s.role === "shard" && s.hub === stack.name).map((s) => s.name) : [];
    return stack.role === "shard" && stack.hub && present.has(stack.hub) ? [stack.hub] : [];
}

/** The order stacks are offered to the pool: prerequisites first (hubs for up/preview, shards for destroy), then by name. */
export function launchOrder(fleet: Fleet, op: FleetOperation): FleetStack[] {
    const first: StackRole = op === "destroy" ? "shard" : "hub";
    return [...fleet.stacks.filter((s) => s.role === first), ...fleet.stacks.filter((s) => s.role !== first)];
}

/** 0 when every stack succeeded (or was absent for destroy); 1 when any failed or was skipped. */
export function exitCodeOf(report: FleetReport): number {
    return report.stacks.every((s) => s.result === "succeeded") ? 0 : 1;
}

/** Sum of the change counts of every stack. */
export function totalChanges(report: FleetReport): ChangeCounts {
    const total: ChangeCounts = {};
    for (const s of report.stacks) for (const [op, n] of Object.entries(s.changes)) total[op] = (total[op] ?? 0) + n;
    return total;
}

/** Counts that change something: everything but `same` (and the engine's `read`). */
export function changedCount(changes: ChangeCounts): number {
    return Object.entries(changes)
        .filter(([op]) => op !== "same" && op !== "read")
        .reduce((n, [, c]) => n + c, 0);
}

/**
 * Runs `op` over the fleet with at most `parallel` stacks at once, each as
 * soon as its prerequisites succeeded. One stack's failure skips only the
 * stacks that wait for it.
 */
export async function driveFleet(fleet: Fleet, op: FleetOperation, runner: StackRunner, opts: DriveOptions): Promise<FleetReport> {
    if (!Number.isInteger(opts.parallel) || opts.parallel < 1) throw new RangeError(`parallel must be a whole number ≥ 1 (got ${opts.parallel})`);
    const now = opts.now ?? Date.now;
    const emit = opts.onEvent ?? (() => undefined);
    const describe = opts.describeError ?? ((e: unknown) => (e instanceof Error ? e.message : String(e)));
    const started = now();
    const outcomes = new Map<string, StackOutcome>();
    const waiting = launchOrder(fleet, op);
    const deps = new Map(waiting.map((s) => [s.name, prerequisites(fleet, s, op)]));
    let running = 0;

    const base = (s: FleetStack) => ({ stack: s.name, role: s.role, ...(s.hub ? { hub: s.hub } : {}) });

    return new Promise<FleetReport>((resolve) => {
        const finish = (s: FleetStack, outcome: StackOutcome) => {
            outcomes.set(s.name, outcome);
            emit({ kind: "end", stack: s, outcome });
        };
        const pump = () => {
            // Skip every stack whose prerequisite did not succeed, then start what is ready, in launch order.
            let skipped = true;
            while (skipped) {
                skipped = false;
                for (let i = 0; i < waiting.length; i++) {
                    const s = waiting[i];
                    const failed = deps.get(s.name)!.filter((d) => outcomes.has(d) && outcomes.get(d)!.result !== "succeeded");
                    if (failed.length === 0) continue;
                    waiting.splice(i--, 1);
                    const role = fleet.stacks.find((x) => x.name === failed[0])!.role;
                    finish(s, {
                        ...base(s),
                        result: "skipped",
                        changes: {},
                        durationMs: 0,
                        error: `not run: ${role} stack ${failed.join(", ")} ${outcomes.get(failed[0])!.result === "failed" ? "failed" : "was skipped"}`,
                    });
                    skipped = true;
                }
            }
            for (let i = 0; i < waiting.length && running < opts.parallel; i++) {
                const s = waiting[i];
                if (!deps.get(s.name)!.every((d) => outcomes.get(d)?.result === "succeeded")) continue;
                waiting.splice(i--, 1);
                running++;
                void runOne(s);
            }
            if (running === 0 && waiting.length === 0)
                resolve({
                    operation: op,
                    project: fleet.project,
                    parallel: opts.parallel,
                    stacks: fleet.stacks.map((s) => outcomes.get(s.name)!),
                    durationMs: now() - started,
                });
        };
        const runOne = async (s: FleetStack) => {
            const t0 = now();
            emit({ kind: "start", stack: s });
            let outcome: StackOutcome;
            try {
                const r = await runner(s, op, (progress) => emit({ kind: "progress", stack: s, progress }));
                outcome = {
                    ...base(s),
                    result: "succeeded",
                    changes: r.changes,
                    ...(r.diff ? { diff: r.diff } : {}),
                    ...(r.absent ? { absent: true } : {}),
                    durationMs: now() - t0,
                };
            } catch (e) {
                let error: string;
                try {
                    error = describe(e);
                } catch {
                    error = "failed (its error could not be described)";
                }
                outcome = { ...base(s), result: "failed", changes: {}, durationMs: now() - t0, error };
            }
            running--;
            finish(s, outcome);
            pump();
        };
        pump();
    });
}
