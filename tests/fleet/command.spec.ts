/**
 * `edge-interconnect fleet` through its entry (sdk/cli/fleet.ts) on a real
 * project folder, with a fake stack runner: the summary table, -o json, the
 * progress lines on stderr (plain when piped, redrawn on a terminal), exit
 * codes 0/1/2, and scrubbed one-line errors.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FleetCommandOptions, FleetIo, runFleet } from "../../sdk/cli/fleet";
import { runCommand } from "../../sdk/cli/program";
import { UsageError } from "../../sdk/cli/usage";
import type { FleetStack } from "../../sdk/fleet/description";
import type { FleetOperation, StackRunResult } from "../../sdk/fleet/drive";

const NS = "edge-interconnect";

function io(columns?: number, stderrColumns?: number) {
    const out: string[] = [];
    const err: string[] = [];
    const value: FleetIo = {
        stdout: (t) => out.push(t),
        stderr: (t) => err.push(t),
        env: {},
        ...(columns ? { columns } : {}),
        ...(stderrColumns ? { stderrColumns } : {}),
    };
    return { io: value, out: () => out.join(""), err: () => err.join("") };
}

/** A clock that advances 1500 ms per reading. */
function clock() {
    let t = 0;
    return () => (t += 1500);
}

describe("edge-interconnect fleet (command entry)", () => {
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-cmd-"));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: edge-interconnect\nruntime: nodejs\n");
        fs.writeFileSync(path.join(dir, "Pulumi.hub.yaml"), `config:\n  ${NS}:network:\n    name: fleet-mesh\n`);
        for (const s of ["east", "west"])
            fs.writeFileSync(path.join(dir, `Pulumi.${s}.yaml`), `config:\n  ${NS}:hubStack: organization/edge-interconnect/hub\n  ${NS}:shard: ${s}\n`);
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const runnerWith =
        (calls: string[], fail?: string) =>
        (_dir: string, _opts: FleetCommandOptions) =>
        async (s: FleetStack, op: FleetOperation): Promise<StackRunResult> => {
            calls.push(`${op} ${s.name}`);
            if (s.name === fail)
                throw new Error(
                    "code: 255\n stdout: \n stderr: error: update failed\n" +
                        "store-2-provider: configured Kubernetes cluster is unreachable: token: abc.def.ghi\n    at Object.<anonymous> (/x/y.js:1:2)\n" +
                        "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----",
                );
            return { changes: s.role === "hub" ? { create: 21, same: 0 } : { create: 22 }, diff: [`create kubernetes:core/v1:Secret ${s.name}-link`] };
        };

    it("up: hub first, the summary table on stdout, one plain line per start and end on stderr, exit 0", async () => {
        const t = io();
        const calls: string[] = [];
        const code = await runFleet({ operation: "up", dir, parallel: 1 }, t.io, { runner: runnerWith(calls), now: clock() });
        assert.equal(code, 0);
        assert.deepEqual(calls, ["up hub", "up east", "up west"]);
        assert.equal(
            t.out(),
            [
                "fleet up: project edge-interconnect, 3 stack(s), at most 1 at once",
                "",
                "  STACK  ROLE   HUB  RESULT     CHANGES  DURATION  ERROR",
                "  hub    hub    -    succeeded  +21      1.5s",
                "  east   shard  hub  succeeded  +22      1.5s",
                "  west   shard  hub  succeeded  +22      1.5s",
                "",
                "total changes: +65",
                "3 succeeded, 0 failed, 0 skipped in 10.5s",
                "",
            ].join("\n"),
        );
        assert.equal(
            t.err(),
            [
                "hub: started (hub, 0 spoke(s))",
                "hub: succeeded in 1.5s: +21",
                "east: started (shard, 0 spoke(s))",
                "east: succeeded in 1.5s: +22",
                "west: started (shard, 0 spoke(s))",
                "west: succeeded in 1.5s: +22",
                "",
            ].join("\n"),
        );
    });

    it("a failed shard: the others run, its error is one scrubbed line without stack frames, exit 1", async () => {
        const t = io();
        const calls: string[] = [];
        const code = await runFleet({ operation: "up", dir, parallel: 2, output: "json" }, t.io, { runner: runnerWith(calls, "east"), now: clock() });
        assert.equal(code, 1);
        assert.deepEqual(calls.sort(), ["up east", "up hub", "up west"]);
        const data = JSON.parse(t.out());
        const error = "store-2-provider: configured Kubernetes cluster is unreachable: token: [redacted]; [redacted PEM]";
        assert.deepEqual(
            data.stacks.map((s: { stack: string; result: string; error?: string }) => [s.stack, s.result, s.error ?? ""]),
            [
                ["hub", "succeeded", ""],
                ["east", "failed", error],
                ["west", "succeeded", ""],
            ],
        );
        assert.deepEqual([data.succeeded, data.failed, data.skipped, data.totalChanges], [2, 1, 0, { create: 43, same: 0 }]);
        assert.ok(!t.err().includes("MIIEow") && !t.out().includes("MIIEow") && !t.out().includes("abc.def"), "no secret in the output");
        assert.ok(!t.out().includes(" at Object."), "no stack frame");
    });

    it("preview --exit-code exits 1 when a stack would change, --diff lists the resources; -o yaml", async () => {
        const t = io();
        const code = await runFleet({ operation: "preview", dir, exitCode: true, diff: true, stacks: ["east"] }, t.io, {
            runner: runnerWith([]),
            now: clock(),
        });
        assert.equal(code, 1);
        assert.match(t.out(), /\neast:\n {2}create kubernetes:core\/v1:Secret east-link\n$/);
        const y = io();
        assert.equal(await runFleet({ operation: "preview", dir, output: "yaml", stacks: ["hub"] }, y.io, { runner: runnerWith([]), now: clock() }), 0);
        assert.match(y.out(), /^operation: preview\nproject: edge-interconnect\nparallel: 4\n/);
    });

    it("with stderr on a terminal the progress lines are redrawn in place, with a bar; with stderr redirected, plain lines", async () => {
        // stdout piped, stderr a terminal: the progress (stderr) is redrawn.
        const t = io(undefined, 80);
        const code = await runFleet({ operation: "destroy", dir, stacks: ["east"] }, t.io, { runner: runnerWith([]), now: clock() });
        assert.equal(code, 0);
        const err = t.err();
        assert.ok(err.includes("\u001b[1A\u001b[2K"), "moves up and clears the line");
        assert.ok(err.includes("[....................] 0/0  running"), err);
        assert.match(err, /east {3}succeeded \d+\.\ds {2}\+22\n$/);
        // stdout a terminal, stderr redirected to a file: no escape codes in that file.
        const f = io(80, undefined);
        assert.equal(await runFleet({ operation: "destroy", dir, stacks: ["east"] }, f.io, { runner: runnerWith([]), now: clock() }), 0);
        assert.equal(f.err().includes("\u001b"), false, f.err());
    });

    it("a bad folder, --stack or option: a usage error (exit code 2) naming each problem, nothing run", async () => {
        const calls: string[] = [];
        const refused: [FleetCommandOptions, string, string[]][] = [
            [{ operation: "up", dir, stacks: ["north"] }, "--stack north: the fleet has no such stack; it has: hub, east, west", []],
            [
                { operation: "up", dir, stacks: ["north", "south"] },
                "2 problems in the fleet's stack files",
                ["--stack north: the fleet has no such stack; it has: hub, east, west", "--stack south: the fleet has no such stack; it has: hub, east, west"],
            ],
            [{ operation: "up", dir, exitCode: true }, "--exit-code applies to fleet preview (exit code 1 when a stack would change)", []],
            [{ operation: "up", dir, parallel: 0 }, "--parallel: must be a whole number from 1 to 64 (got 0)", []],
            [
                { operation: "up", dir: path.join(dir, "nowhere") },
                `${path.join(dir, "nowhere")}: not a readable folder (ENOENT); give the project folder of the fleet's stacks`,
                [],
            ],
        ];
        for (const [options, message, details] of refused) {
            const t = io();
            await assert.rejects(runFleet(options, t.io, { runner: runnerWith(calls) }), (e: unknown) => {
                assert.ok(e instanceof UsageError, String(e));
                assert.deepEqual([e.message, e.details], [message, details]);
                return true;
            });
        }
        assert.deepEqual(calls, []);
    });

    it("edge-interconnect fleet: commander refuses a bad operation, --parallel or option with exit code 2, and shows its help", async () => {
        const refused: [string[], string][] = [
            [
                ["fleet", "apply", dir],
                `command-argument value 'apply' is invalid for argument 'operation'. Allowed choices are up, preview, destroy; run "edge-interconnect fleet --help"`,
            ],
            [["fleet"], `missing required argument 'operation'; run "edge-interconnect fleet --help"`],
            [["fleet", "up", dir, "--parallel", "x"], '--parallel: must be a whole number from 1 to 64 (got "x")'],
            [["fleet", "up", dir, "--parallel", "65"], '--parallel: must be a whole number from 1 to 64 (got "65")'],
            [["fleet", "up", dir, "--force"], `unknown option '--force'; run "edge-interconnect fleet --help"`],
            [["fleet", "up", dir, "--stack", "north"], "--stack north: the fleet has no such stack; it has: hub, east, west"],
            [["fleet", "destroy", dir, "--exit-code"], "--exit-code applies to fleet preview (exit code 1 when a stack would change)"],
        ];
        for (const [argv, message] of refused) {
            const t = io();
            await assert.rejects(runCommand(argv, { ...t.io }), (e: unknown) => {
                assert.ok(e instanceof UsageError, `${argv.join(" ")}: ${e}`);
                assert.equal(e.message, message, argv.join(" "));
                return true;
            });
            assert.equal(t.out(), "", argv.join(" "));
        }
        const h = io();
        assert.equal(await runCommand(["fleet", "--help"], h.io), 0);
        const help = h.out();
        assert.match(help, /^Usage: edge-interconnect fleet \[options\] <operation> \[folder\]\n/);
        for (const flag of ["--parallel <n>", "--diff", "--exit-code", "-o, --output <format>", "--stack <name>"]) assert.ok(help.includes(flag), flag);
        assert.ok(help.includes("Exit codes: 0 every stack succeeded"), help);
        const top = io();
        assert.equal(await runCommand(["--help"], top.io), 0);
        assert.match(top.out(), /\n {2}fleet \[options\] <operation> \[folder\] +run a fleet's stacks/);
    });
});
