/**
 * Fleet preview at scale (issue 17 §4): wall time of `edge-interconnect
 * fleet preview` over S spoke-shard stacks of N spokes each, against shard
 * count and `--parallel`. A benchmark, not a test.
 *
 *   node -r ts-node/register/transpile-only bench/fleet-preview.ts [--spokes 100] [--shards 1,2,5,10] [--parallel 1,2,4] [--json FILE]
 *
 * Needs the end-to-end toolchain (Pulumi CLI 3.248.0, the kubernetes plugin,
 * etcd and kube-apiserver; `npm run e2e:toolchain`). The hub stack runs
 * against one loopback cluster (its `up` must write the `joinInfo` output the
 * shards read); every spoke's kubeconfig points at a closed loopback port, so
 * the shards' previews run against unreachable clusters, as the issue allows.
 * The timed runs are previews of the shard stacks only (`--stack` each
 * shard), through the driver with the real Automation API runner, after one
 * untimed preview of each shard has created the stack in the file backend.
 * Also recorded: the lowest MemAvailable seen during each run (sampled every
 * 250 ms from /proc/meminfo) and the most pulumi-resource-kubernetes
 * processes alive at once.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { stringify } from "yaml";
import { FleetIo, runFleet } from "../sdk/cli/fleet";
import { automationRunner } from "../sdk/fleet/automation";
import { ensureToolchain, startCluster } from "../tests/e2e/harness";
import { inlineStack, pulumiEnv } from "../tests/e2e/support/pulumi";

const PROJECT = "edge-interconnect";
const NS = `${PROJECT}:`;
const HUB = "store-hub";

function arg(name: string, fallback: string): string {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const list = (s: string) => s.split(",").map((x) => Number(x));

const SPOKES = Number(arg("spokes", "100"));
const SHARD_COUNTS = list(arg("shards", "1,2,5,10"));
const PARALLEL = list(arg("parallel", "1,2,4"));
const JSON_FILE = arg("json", "");
const MAX_SHARDS = Math.max(...SHARD_COUNTS);
const shardName = (i: number) => `shard-${String(i + 1).padStart(2, "0")}`;
const out = (line = "") => process.stdout.write(`${line}\n`);
const progress = (line: string) => process.stderr.write(`${line}\n`);

/** Lowest MemAvailable (MiB) and most kubernetes plugin processes, sampled while `f` runs. */
async function sampled<T>(f: () => Promise<T>): Promise<{ value: T; minAvailableMiB: number; maxK8sPlugins: number }> {
    let minAvailableMiB = Infinity;
    let maxK8sPlugins = 0;
    const sample = () => {
        const m = /MemAvailable:\s+(\d+) kB/.exec(fs.readFileSync("/proc/meminfo", "utf8"));
        if (m) minAvailableMiB = Math.min(minAvailableMiB, Math.round(Number(m[1]) / 1024));
        let n = 0;
        for (const pid of fs.readdirSync("/proc")) {
            if (!/^\d+$/.test(pid)) continue;
            try {
                if (fs.readFileSync(`/proc/${pid}/comm`, "utf8").startsWith("pulumi-resource")) {
                    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
                    if (cmd.includes("kubernetes")) n++;
                }
            } catch {
                // The process ended between the listing and the read.
            }
        }
        maxK8sPlugins = Math.max(maxK8sPlugins, n);
    };
    const timer = setInterval(sample, 250);
    try {
        sample();
        const value = await f();
        sample();
        return { value, minAvailableMiB, maxK8sPlugins };
    } finally {
        clearInterval(timer);
    }
}

interface Run {
    shards: number;
    spokes: number;
    parallel: number;
    wallMs: number;
    exitCode: number;
    failed: number;
    /** Slowest and fastest shard, ms. */
    shardMaxMs: number;
    shardMinMs: number;
    resourcesPerShard: number;
    minAvailableMiB: number;
    maxK8sPlugins: number;
    errors: string[];
}

async function main() {
    const toolchain = await ensureToolchain({ log: progress });
    const hubCluster = await startCluster(HUB, { metallb: true, toolchain, log: progress });
    const env = await pulumiEnv(toolchain, "fleet-bench", { log: progress });
    const runs: Run[] = [];
    try {
        const noProgram = async () => ({});
        const hub = await inlineStack(env, PROJECT, "hub", noProgram);
        await hub.setAllConfig(
            {
                [`${NS}network.name`]: { value: "bench-mesh" },
                [`${NS}hubs[0].name`]: { value: HUB },
                [`${NS}hubs[0].kubeconfig`]: { value: hubCluster.kubeconfig, secret: true },
                [`${NS}hubs[0].loadBalancer.addresses[0]`]: { value: "10.1.0.32/28" },
                [`${NS}hubs[0].loadBalancer.routerIp`]: { value: "10.1.0.33" },
                [`${NS}hubs[0].allowedSourceRanges[0]`]: { value: "10.2.0.0/16" },
                [`${NS}hubs[0].metallb.install`]: { value: "false" },
                [`${NS}hubs[0].skupperController.install`]: { value: "false" },
                ...Object.fromEntries(Array.from({ length: MAX_SHARDS }, (_, i) => [`${NS}hubs[0].shards[${i}]`, { value: shardName(i) }])),
            },
            true,
        );
        // Every spoke's cluster: a well-formed kubeconfig whose server is a closed loopback port.
        const unreachable = path.join(env.dir, "unreachable.yaml");
        fs.writeFileSync(
            unreachable,
            stringify({
                apiVersion: "v1",
                kind: "Config",
                clusters: [{ name: "gone", cluster: { server: "https://127.0.0.1:9", "insecure-skip-tls-verify": true } }],
                contexts: [{ name: "gone", context: { cluster: "gone", user: "gone" } }],
                "current-context": "gone",
                users: [{ name: "gone", user: { token: "not-a-secret" } }],
            }),
        );
        for (let i = 0; i < MAX_SHARDS; i++) {
            const config = {
                [`${NS}hubStack`]: `organization/${PROJECT}/hub`,
                [`${NS}shard`]: shardName(i),
                [`${NS}spokes`]: Array.from({ length: SPOKES }, (_, j) => ({
                    name: `s${String(i + 1).padStart(2, "0")}-${String(j + 1).padStart(4, "0")}`,
                    hub: HUB,
                    kubeconfigFile: unreachable,
                    skupperController: { install: false },
                })),
            };
            fs.writeFileSync(path.join(env.workDir, `Pulumi.${shardName(i)}.yaml`), stringify({ config }));
        }
        const fleet = async (operation: "up" | "preview", stacks: string[], parallel: number) => {
            const chunks: string[] = [];
            const io: FleetIo = { stdout: (t) => chunks.push(t), stderr: () => undefined, env: {} };
            const t0 = performance.now();
            const code = await runFleet({ operation, dir: env.workDir, parallel, stacks, output: "json" }, io, {
                runner: (workDir) => automationRunner({ workDir, envVars: env.envVars, pulumiCommand: env.command }),
            });
            return { code, wallMs: performance.now() - t0, report: JSON.parse(chunks.join("")) };
        };
        progress("hub: up");
        const up = await fleet("up", ["hub"], 1);
        if (up.code !== 0) throw new Error(`the hub stack's up failed: ${JSON.stringify(up.report.stacks[0])}`);
        progress(`hub: up in ${Math.round(up.wallMs / 1000)} s`);
        // Untimed: creates each shard stack in the backend (stack init) and warms the plugin cache.
        const warm = await fleet(
            "preview",
            Array.from({ length: MAX_SHARDS }, (_, i) => shardName(i)),
            Math.max(...PARALLEL),
        );
        progress(`warm-up preview of ${MAX_SHARDS} shard(s): ${Math.round(warm.wallMs / 1000)} s, exit ${warm.code}`);
        for (const s of warm.report.stacks) if (s.error) progress(`  ${s.stack}: ${s.error}`);
        for (const shards of SHARD_COUNTS)
            for (const parallel of PARALLEL) {
                if (parallel > shards && parallel !== PARALLEL[0]) continue;
                const names = Array.from({ length: shards }, (_, i) => shardName(i));
                const s = await sampled(() => fleet("preview", names, parallel));
                const r = s.value;
                const durations = r.report.stacks.map((x: { durationMs: number }) => x.durationMs);
                const first = r.report.stacks[0];
                const run: Run = {
                    shards,
                    spokes: SPOKES,
                    parallel,
                    wallMs: Math.round(r.wallMs),
                    exitCode: r.code,
                    failed: r.report.failed,
                    shardMaxMs: Math.max(...durations),
                    shardMinMs: Math.min(...durations),
                    resourcesPerShard: Object.values(first.changes as Record<string, number>).reduce((a, b) => a + b, 0),
                    minAvailableMiB: s.minAvailableMiB,
                    maxK8sPlugins: s.maxK8sPlugins,
                    errors: [...new Set(r.report.stacks.filter((x: { error?: string }) => x.error).map((x: { error: string }) => x.error))] as string[],
                };
                runs.push(run);
                progress(
                    `${shards} shard(s) × ${SPOKES} spokes, parallel ${parallel}: ${(run.wallMs / 1000).toFixed(1)} s, exit ${run.exitCode}, ` +
                        `${run.resourcesPerShard} resources per shard, min MemAvailable ${run.minAvailableMiB} MiB, ${run.maxK8sPlugins} kubernetes plugins at most`,
                );
                for (const e of run.errors) progress(`  error: ${e}`);
            }
    } finally {
        await hubCluster.stop({ keepLogs: false });
        env.cleanup();
    }
    out(`fleet preview, shard stacks of ${SPOKES} spokes against unreachable clusters (wall time of the driver; the hub stack not included)`);
    out("");
    out("| shards | parallel | wall time | slowest shard | fastest shard | resources per shard | exit | min MemAvailable | kubernetes plugins at once |");
    out("|---|---|---|---|---|---|---|---|---|");
    for (const r of runs)
        out(
            `| ${r.shards} | ${r.parallel} | ${(r.wallMs / 1000).toFixed(1)} s | ${(r.shardMaxMs / 1000).toFixed(1)} s | ${(r.shardMinMs / 1000).toFixed(1)} s | ${r.resourcesPerShard} | ${r.exitCode} | ${r.minAvailableMiB} MiB | ${r.maxK8sPlugins} |`,
        );
    if (JSON_FILE) fs.writeFileSync(JSON_FILE, JSON.stringify(runs, null, 2) + "\n");
    process.exitCode = runs.every((r) => r.exitCode === 0) ? 0 : 1;
}

main().catch((e) => {
    progress(`fleet bench: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
});
