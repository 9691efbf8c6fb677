/**
 * The fleet driver's core with a fake stack runner that the test releases
 * stack by stack: exact start orders, the concurrency bound as observed,
 * failure isolation, skipped dependants, destroy's reverse order, exit codes.
 */
import * as assert from "node:assert/strict";
import { Fleet, FleetStack } from "../../sdk/fleet/description";
import {
    FleetEvent,
    FleetOperation,
    FleetReport,
    StackRunResult,
    driveFleet,
    exitCodeOf,
    launchOrder,
    prerequisites,
    totalChanges,
} from "../../sdk/fleet/drive";

const hub = (name: string): FleetStack => ({ name, role: "hub", file: `Pulumi.${name}.yaml`, spokes: 0 });
const shard = (name: string, hubName: string | undefined, hubStack = `organization/edge-interconnect/${hubName}`): FleetStack => ({
    name,
    role: "shard",
    file: `Pulumi.${name}.yaml`,
    hubStack,
    ...(hubName ? { hub: hubName } : {}),
    shard: name,
    spokes: 2,
});

function fleetOf(...stacks: FleetStack[]): Fleet {
    return { project: "edge-interconnect", stacks };
}

/** A runner whose stacks end when the test says so; records starts, ends and how many ran at once. */
function controlledRunner() {
    const pending = new Map<string, { resolve: (r: StackRunResult) => void; reject: (e: Error) => void }>();
    const starts: string[] = [];
    const ends: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const runner = (s: FleetStack, _op: FleetOperation) =>
        new Promise<StackRunResult>((resolve, reject) => {
            starts.push(s.name);
            running++;
            maxRunning = Math.max(maxRunning, running);
            pending.set(s.name, {
                resolve: (r) => (running--, ends.push(s.name), resolve(r)),
                reject: (e) => (running--, ends.push(s.name), reject(e)),
            });
        });
    return {
        runner,
        starts,
        ends,
        running: () => [...pending.keys()],
        max: () => maxRunning,
        succeed: async (name: string, changes: Record<string, number> = { create: 1 }) => {
            const p = pending.get(name);
            assert.ok(p, `${name} is running (running: ${[...pending.keys()].join(", ")})`);
            pending.delete(name);
            p.resolve({ changes });
            await settle();
        },
        fail: async (name: string, message: string) => {
            const p = pending.get(name);
            assert.ok(p, `${name} is running (running: ${[...pending.keys()].join(", ")})`);
            pending.delete(name);
            p.reject(new Error(message));
            await settle();
        },
    };
}

const settle = () => new Promise<void>((r) => setImmediate(r));

/** A clock that advances 1000 ms per reading. */
function clock() {
    let t = 0;
    return () => (t += 1000);
}

describe("fleet driver core", () => {
    it("up: the hub alone first, then the shards at most `parallel` at once, in name order as slots free", async () => {
        const c = controlledRunner();
        const fleet = fleetOf(hub("hub"), shard("a", "hub"), shard("b", "hub"), shard("c", "hub"), shard("d", "hub"), shard("e", "hub"));
        const done = driveFleet(fleet, "up", c.runner, { parallel: 2 });
        await settle();
        assert.deepEqual(c.running(), ["hub"]);
        await c.succeed("hub");
        assert.deepEqual(c.running(), ["a", "b"]);
        await c.succeed("b");
        assert.deepEqual(c.running(), ["a", "c"]);
        await c.succeed("a");
        assert.deepEqual(c.running(), ["c", "d"]);
        await c.succeed("d");
        await c.succeed("c");
        assert.deepEqual(c.running(), ["e"]);
        await c.succeed("e");
        const report = await done;
        assert.deepEqual(c.starts, ["hub", "a", "b", "c", "d", "e"]);
        assert.deepEqual(c.ends, ["hub", "b", "a", "d", "c", "e"]);
        assert.equal(c.max(), 2);
        assert.deepEqual(
            report.stacks.map((s) => [s.stack, s.result]),
            [
                ["hub", "succeeded"],
                ["a", "succeeded"],
                ["b", "succeeded"],
                ["c", "succeeded"],
                ["d", "succeeded"],
                ["e", "succeeded"],
            ],
        );
        assert.equal(exitCodeOf(report), 0);
    });

    it("a shard that fails does not stop the others; the report carries its error and the exit code is 1", async () => {
        const c = controlledRunner();
        const fleet = fleetOf(hub("hub"), shard("east", "hub"), shard("north", "hub"), shard("west", "hub"));
        const done = driveFleet(fleet, "up", c.runner, { parallel: 3, now: clock() });
        await settle();
        await c.succeed("hub", { create: 20 });
        assert.deepEqual(c.running(), ["east", "north", "west"]);
        await c.fail("north", "configured Kubernetes cluster is unreachable");
        await c.succeed("west", { create: 22 });
        await c.succeed("east", { create: 22 });
        const report = await done;
        // The clock reads 1000 ms later at each call: run start (1 s), hub 2–3 s, starts of east, north, west at 4, 5, 6 s; ends of north, west, east at 7, 8, 9 s; run end 10 s.
        assert.deepEqual(report.stacks, [
            { stack: "hub", role: "hub", result: "succeeded", changes: { create: 20 }, durationMs: 1000 },
            { stack: "east", role: "shard", hub: "hub", result: "succeeded", changes: { create: 22 }, durationMs: 5000 },
            {
                stack: "north",
                role: "shard",
                hub: "hub",
                result: "failed",
                changes: {},
                durationMs: 2000,
                error: "configured Kubernetes cluster is unreachable",
            },
            { stack: "west", role: "shard", hub: "hub", result: "succeeded", changes: { create: 22 }, durationMs: 2000 },
        ]);
        assert.equal(report.durationMs, 9000);
        assert.deepEqual(totalChanges(report), { create: 64 });
        assert.equal(exitCodeOf(report), 1);
    });

    it("a failed hub skips only its own shards; another hub's shards and a shard of an outside hub run", async () => {
        const c = controlledRunner();
        const fleet = fleetOf(
            hub("hub-a"),
            hub("hub-b"),
            shard("a1", "hub-a"),
            shard("a2", "hub-a"),
            shard("b1", "hub-b"),
            shard("x1", undefined, "organization/other-project/hub"),
        );
        const done = driveFleet(fleet, "up", c.runner, { parallel: 3 });
        await settle();
        // The outside hub is not this fleet's to wait for: x1 starts with the hubs.
        assert.deepEqual(c.running(), ["hub-a", "hub-b", "x1"]);
        await c.fail("hub-a", "boom");
        await c.succeed("hub-b");
        assert.deepEqual(c.running(), ["x1", "b1"]);
        await c.succeed("x1");
        await c.succeed("b1");
        const report = await done;
        assert.deepEqual(c.starts, ["hub-a", "hub-b", "x1", "b1"]);
        assert.deepEqual(
            report.stacks.map((s) => [s.stack, s.result, s.error ?? ""]),
            [
                ["hub-a", "failed", "boom"],
                ["hub-b", "succeeded", ""],
                ["a1", "skipped", "not run: hub stack hub-a failed"],
                ["a2", "skipped", "not run: hub stack hub-a failed"],
                ["b1", "succeeded", ""],
                ["x1", "succeeded", ""],
            ],
        );
        assert.equal(exitCodeOf(report), 1);
    });

    it("destroy: the shards first, the hub last; a shard that fails to go keeps its hub", async () => {
        const c = controlledRunner();
        const fleet = fleetOf(hub("hub"), hub("solo"), shard("east", "hub"), shard("west", "hub"));
        assert.deepEqual(
            launchOrder(fleet, "destroy").map((s) => s.name),
            ["east", "west", "hub", "solo"],
        );
        assert.deepEqual(prerequisites(fleet, fleet.stacks[0], "destroy"), ["east", "west"]);
        assert.deepEqual(prerequisites(fleet, fleet.stacks[2], "destroy"), []);
        const done = driveFleet(fleet, "destroy", c.runner, { parallel: 4 });
        await settle();
        // The hub waits for its shards; the hub without shards goes at once.
        assert.deepEqual(c.running(), ["east", "west", "solo"]);
        await c.succeed("east", { delete: 10 });
        assert.deepEqual(c.running(), ["west", "solo"]);
        await c.fail("west", "cluster gone");
        await c.succeed("solo", { delete: 5 });
        const report = await done;
        assert.deepEqual(
            report.stacks.map((s) => [s.stack, s.result, s.error ?? ""]),
            [
                ["hub", "skipped", "not run: shard stack west failed"],
                ["solo", "succeeded", ""],
                ["east", "succeeded", ""],
                ["west", "failed", "cluster gone"],
            ],
        );
        assert.equal(exitCodeOf(report), 1);
    });

    it("destroy: the hub goes once every shard is gone", async () => {
        const c = controlledRunner();
        const fleet = fleetOf(hub("hub"), shard("east", "hub"), shard("west", "hub"));
        const done = driveFleet(fleet, "destroy", c.runner, { parallel: 1 });
        await settle();
        assert.deepEqual(c.running(), ["east"]);
        await c.succeed("east");
        assert.deepEqual(c.running(), ["west"]);
        await c.succeed("west");
        assert.deepEqual(c.running(), ["hub"]);
        await c.succeed("hub");
        assert.equal(exitCodeOf(await done), 0);
        assert.deepEqual(c.starts, ["east", "west", "hub"]);
        assert.equal(c.max(), 1);
    });

    it("with 10 shards and parallel 3, never more than 3 run at once, and 3 do", async () => {
        const shards = Array.from({ length: 10 }, (_, i) => shard(`s${String(i).padStart(2, "0")}`, "hub"));
        let running = 0;
        const observed: number[] = [];
        const runner = async () => {
            running++;
            observed.push(running);
            await new Promise((r) => setTimeout(r, 5));
            running--;
            return { changes: { same: 3 } };
        };
        const report = await driveFleet(fleetOf(hub("hub"), ...shards), "preview", runner, { parallel: 3 });
        assert.equal(Math.max(...observed), 3);
        assert.equal(observed[0], 1, "the hub runs alone");
        assert.ok(observed.includes(3), "the bound is reached");
        assert.equal(report.stacks.length, 11);
        assert.deepEqual(totalChanges(report), { same: 33 });
        assert.equal(exitCodeOf(report), 0);
    });

    it("reports start, progress and end events in order, and an error that cannot be described does not break the run", async () => {
        const events: string[] = [];
        const runner = async (s: FleetStack, _op: FleetOperation, progress: (p: { done: number; started: number }) => void) => {
            progress({ done: 0, started: 1 });
            progress({ done: 1, started: 1 });
            if (s.name === "east") throw new Error("x");
            return { changes: { create: 1 } };
        };
        const report: FleetReport = await driveFleet(fleetOf(hub("hub"), shard("east", "hub")), "up", runner, {
            parallel: 1,
            onEvent: (e: FleetEvent) => events.push(`${e.kind} ${e.stack.name}${e.kind === "progress" ? ` ${e.progress.done}/${e.progress.started}` : ""}`),
            describeError: () => {
                throw new Error("describer broke");
            },
        });
        assert.deepEqual(events, [
            "start hub",
            "progress hub 0/1",
            "progress hub 1/1",
            "end hub",
            "start east",
            "progress east 0/1",
            "progress east 1/1",
            "end east",
        ]);
        assert.equal(report.stacks[1].error, "failed (its error could not be described)");
    });

    it("refuses a parallel bound that is not a whole number ≥ 1", async () => {
        for (const parallel of [0, -1, 1.5, NaN])
            await assert.rejects(
                driveFleet(fleetOf(hub("hub")), "up", async () => ({ changes: {} }), { parallel }),
                {
                    name: "RangeError",
                    message: `parallel must be a whole number ≥ 1 (got ${parallel})`,
                },
            );
    });

    it("an empty selection resolves at once with no stacks", async () => {
        const report = await driveFleet(fleetOf(), "preview", async () => assert.fail("nothing to run"), { parallel: 2, now: () => 7 });
        assert.deepEqual(report, { operation: "preview", project: "edge-interconnect", parallel: 2, stacks: [], durationMs: 0 });
        assert.equal(exitCodeOf(report), 0);
    });
});
