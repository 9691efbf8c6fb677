/**
 * The fleet driver (`edge-interconnect fleet`, sdk/cli/fleet.ts) through the
 * real Pulumi CLI on loopback clusters (issue 17 §3, §4 "loopback clusters"):
 * one project folder holding a hub stack and two spoke-shard stacks of two
 * spokes each, run with the package's root program inline.
 *
 * Proven here: `up` runs the hub alone, then both shards at once (observed
 * start and end times); a shard whose spoke's cluster is unreachable fails
 * alone, its error is one line, and the exit code is 1, while the other shard
 * links its spokes; once fixed, `up` completes it; `preview --exit-code` after
 * that, run as `edge-interconnect fleet preview` through the command line,
 * shows no change in any stack (exit 0); `destroy` removes the shards,
 * then the hub, leaving nothing on any cluster.
 *
 *   npx mocha --no-config -r ts-node/register/transpile-only --timeout 2700000 tests/e2e/fleet.e2e.ts
 */
import * as assert from "node:assert/strict";
import { ConfigMap, Stack } from "@pulumi/pulumi/automation";
import { parse, stringify } from "yaml";
import { FleetIo, runFleet } from "../../sdk/cli/fleet";
import { runCommand } from "../../sdk/cli/program";
import type { FleetStack } from "../../sdk/fleet/description";
import { automationRunner } from "../../sdk/fleet/automation";
import type { StackRunner } from "../../sdk/fleet/drive";
import { Cluster, ensureToolchain, startClusters, Toolchain } from "./harness";
import { keepEvidenceOnFailure } from "./support/hooks";
import { leftovers } from "./support/leftovers";
import { inlineStack, pulumiEnv, PulumiEnv } from "./support/pulumi";

const PROJECT = "edge-interconnect";
const NS = `${PROJECT}:`;
const HUB = "store-hub";
const SHARDS: Record<string, string[]> = { east: ["store-1", "store-2"], west: ["store-3", "store-4"] };
const NETWORK = "fleet-mesh";
const ROUTER_IP = "10.1.0.33";
const log = (line: string) => console.log(`      ${line}`);

/** A runner that records when each stack ran, around the real one. */
function timed(inner: StackRunner, spans: { stack: string; start: number; end: number }[]): StackRunner {
    return async (s: FleetStack, op, progress) => {
        const start = Date.now();
        try {
            return await inner(s, op, progress);
        } finally {
            spans.push({ stack: s.name, start, end: Date.now() });
        }
    };
}

function io() {
    const out: string[] = [];
    const err: string[] = [];
    const value: FleetIo = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {} };
    return { io: value, out: () => out.join(""), err: () => err.join("") };
}

/** The same kubeconfig, its server moved to a closed loopback port: the cluster is unreachable. */
function unreachable(kubeconfig: string): string {
    const k = parse(kubeconfig) as { clusters: { cluster: { server: string } }[] };
    for (const c of k.clusters) c.cluster.server = "https://127.0.0.1:9";
    return stringify(k);
}

describe("edge-interconnect fleet: a hub and two shards of two spokes each, on real control planes, through the Pulumi CLI", function () {
    this.timeout(45 * 60_000);
    let toolchain: Toolchain;
    const clusters: Record<string, Cluster> = {};
    let env: PulumiEnv;
    const stacks: Record<string, Stack> = {};

    /** runFleet over the project folder with the real runner, recording spans. */
    async function fleet(operation: "up" | "preview" | "destroy", extra: { exitCode?: boolean; parallel?: number } = {}) {
        const spans: { stack: string; start: number; end: number }[] = [];
        const t = io();
        const started = Date.now();
        const code = await runFleet({ operation, dir: env.workDir, parallel: extra.parallel ?? 2, exitCode: extra.exitCode, output: "json" }, t.io, {
            runner: (workDir) => timed(automationRunner({ workDir, envVars: env.envVars, pulumiCommand: env.command }), spans),
        });
        log(`fleet ${operation} in ${Math.round((Date.now() - started) / 1000)} s, exit ${code}`);
        const report = JSON.parse(t.out()) as {
            stacks: { stack: string; result: string; changes: Record<string, number>; error?: string }[];
            failed: number;
            succeeded: number;
        };
        for (const s of report.stacks) log(`  ${s.stack}: ${s.result} ${JSON.stringify(s.changes)} ${s.error ?? ""}`);
        return { code, report, spans, stderr: t.err(), stdout: t.out() };
    }

    before(async function () {
        toolchain = await ensureToolchain({ log });
        const names = [HUB, ...Object.values(SHARDS).flat()];
        const started = await startClusters(names, (n) => ({ metallb: n === HUB, toolchain, log }));
        names.forEach((n, i) => (clusters[n] = started[i]));
        env = await pulumiEnv(toolchain, "fleet", { log });
        // The fleet's project folder: inlineStack writes Pulumi.yaml, setAllConfig each Pulumi.<stack>.yaml (secrets encrypted), as
        // `pulumi stack init` and `pulumi config set --secret --path` do.
        const noProgram = async () => assert.fail("the fleet driver runs the stacks");
        stacks.hub = await inlineStack(env, PROJECT, "hub", noProgram);
        const hubConfig: ConfigMap = {
            [`${NS}network.name`]: { value: NETWORK },
            [`${NS}hubs[0].name`]: { value: HUB },
            [`${NS}hubs[0].kubeconfig`]: { value: clusters[HUB].kubeconfig, secret: true },
            [`${NS}hubs[0].loadBalancer.addresses[0]`]: { value: "10.1.0.32/28" },
            [`${NS}hubs[0].loadBalancer.routerIp`]: { value: ROUTER_IP },
            [`${NS}hubs[0].allowedSourceRanges[0]`]: { value: "10.2.0.0/16" },
            [`${NS}hubs[0].shards[0]`]: { value: "east" },
            [`${NS}hubs[0].shards[1]`]: { value: "west" },
            // The harness runs MetalLB's controller out of cluster; no kubelet could run the site controller's pod.
            [`${NS}hubs[0].metallb.install`]: { value: "false" },
            [`${NS}hubs[0].skupperController.install`]: { value: "false" },
        };
        await stacks.hub.setAllConfig(hubConfig, true);
        for (const [shard, spokes] of Object.entries(SHARDS)) {
            stacks[shard] = await inlineStack(env, PROJECT, shard, noProgram);
            const config: ConfigMap = { [`${NS}hubStack`]: { value: `organization/${PROJECT}/hub` }, [`${NS}shard`]: { value: shard } };
            spokes.forEach((spoke, i) => {
                config[`${NS}spokes[${i}].name`] = { value: spoke };
                config[`${NS}spokes[${i}].hub`] = { value: HUB };
                // store-4 starts unreachable: the west shard fails its first up.
                const kubeconfig = spoke === "store-4" ? unreachable(clusters[spoke].kubeconfig) : clusters[spoke].kubeconfig;
                config[`${NS}spokes[${i}].kubeconfig`] = { value: kubeconfig, secret: true };
                config[`${NS}spokes[${i}].skupperController.install`] = { value: "false" };
            });
            await stacks[shard].setAllConfig(config, true);
        }
    });

    keepEvidenceOnFailure(() => ({ clusters, env }), log);

    it("up: the hub alone, then both shards at once; the shard with an unreachable cluster fails alone, exit code 1", async () => {
        const { code, report, spans, stderr, stdout } = await fleet("up");
        assert.equal(code, 1);
        assert.deepEqual(
            report.stacks.map((s) => [s.stack, s.result]),
            [
                ["hub", "succeeded"],
                ["east", "succeeded"],
                ["west", "failed"],
            ],
        );
        const span = (n: string) => spans.find((s) => s.stack === n)!;
        assert.ok(span("east").start >= span("hub").end && span("west").start >= span("hub").end, "the shards start after the hub ends");
        assert.ok(span("east").start < span("west").end && span("west").start < span("east").end, "the two shards run at the same time");
        const west = report.stacks[2];
        assert.match(west.error!, /store-4/, "the error names the spoke whose cluster is unreachable");
        assert.equal(west.error!.includes("\n"), false);
        assert.equal(/\s+at \S+ \(/.test(stderr + stdout), false, "no stack trace");
        // The east shard linked both of its spokes; west's reachable spoke may have been reached before the failure.
        for (const spoke of SHARDS.east) {
            const link = await clusters[spoke].client.get("v1", "Secret", `link-to-${HUB}`, "interconnect");
            assert.equal(link?.metadata.annotations["inter-router-host"], ROUTER_IP, spoke);
        }
        assert.equal(await clusters["store-4"].client.get("v1", "Secret", `link-to-${HUB}`, "interconnect"), undefined);
        assert.ok(
            !(stdout + stderr).includes(
                clusters["store-1"].kubeconfig
                    .split("\n")
                    .find((l) => l.includes("client-key-data"))!
                    .split(":")[1]
                    .trim(),
            ),
        );
    });

    it("up again once the cluster is reachable: the west shard completes, the others change nothing, exit 0", async () => {
        await stacks.west.setConfig(`${NS}spokes[1].kubeconfig`, { value: clusters["store-4"].kubeconfig, secret: true }, true);
        const { code, report } = await fleet("up");
        assert.equal(code, 0);
        assert.deepEqual(
            report.stacks.map((s) => [s.stack, s.result]),
            [
                ["hub", "succeeded"],
                ["east", "succeeded"],
                ["west", "succeeded"],
            ],
        );
        const changed = (s: { changes: Record<string, number> }) => Object.entries(s.changes).filter(([op, n]) => op !== "same" && n > 0);
        assert.deepEqual(changed(report.stacks[0]), []);
        assert.deepEqual(changed(report.stacks[1]), []);
        assert.ok(changed(report.stacks[2]).length > 0, "the west shard created store-4's resources");
        for (const spoke of Object.values(SHARDS).flat()) {
            const link = await clusters[spoke].client.get("v1", "Secret", `link-to-${HUB}`, "interconnect");
            assert.equal(link?.metadata.annotations["inter-router-host"], ROUTER_IP, spoke);
        }
    });

    it("edge-interconnect fleet preview --exit-code after up, through the command line: no stack would change, exit 0", async () => {
        // As a user runs it: the commander program, the real runner, the CLI found on PATH, the backend and passphrase from the environment.
        const t = io();
        const savedPath = process.env.PATH;
        process.env.PATH = env.envVars.PATH;
        let code: number;
        const started = Date.now();
        try {
            code = await runCommand(["fleet", "preview", env.workDir, "--exit-code", "--parallel", "3", "-o", "json"], {
                ...t.io,
                env: { ...process.env, ...env.envVars },
            });
        } finally {
            process.env.PATH = savedPath;
        }
        log(`edge-interconnect fleet preview in ${Math.round((Date.now() - started) / 1000)} s, exit ${code}`);
        const report = JSON.parse(t.out()) as { stacks: { stack: string; result: string; changes: Record<string, number> }[] };
        for (const s of report.stacks) log(`  ${s.stack}: ${s.result} ${JSON.stringify(s.changes)}`);
        assert.equal(code, 0);
        assert.deepEqual(
            report.stacks.map((s) => s.stack),
            ["hub", "east", "west"],
        );
        for (const s of report.stacks) {
            assert.equal(s.result, "succeeded", s.stack);
            assert.deepEqual(
                Object.entries(s.changes).filter(([op, n]) => op !== "same" && n > 0),
                [],
                `${s.stack}: ${JSON.stringify(s.changes)}`,
            );
            assert.ok(s.changes.same > 10, `${s.stack} previewed its resources: ${JSON.stringify(s.changes)}`);
        }
        // Piped: plain progress lines, one per start and end.
        assert.deepEqual(
            t
                .err()
                .split("\n")
                .filter((l) => l.includes(": started (")),
            ["hub: started (hub, 0 spoke(s))", "east: started (shard, 2 spoke(s))", "west: started (shard, 2 spoke(s))"],
        );
    });

    it("destroy: the shards, then the hub; nothing of the package is left on any cluster", async () => {
        const { code, report, spans } = await fleet("destroy");
        assert.equal(code, 0);
        assert.deepEqual(
            report.stacks.map((s) => s.result),
            ["succeeded", "succeeded", "succeeded"],
        );
        const span = (n: string) => spans.find((s) => s.stack === n)!;
        assert.ok(span("hub").start >= Math.max(span("east").end, span("west").end), "the hub goes after its shards");
        for (const name of Object.keys(clusters)) assert.deepEqual(await leftovers(clusters[name]), [], name);
    });
});
