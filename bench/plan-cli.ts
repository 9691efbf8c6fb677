/**
 * `edge-interconnect plan --format json` as a whole process: the compiled CLI
 * (dist/, built first when older than the sources) on a generated
 * `Pulumi.bench.yaml`, timed and measured by `/usr/bin/time -v` (wall time,
 * peak RSS). `process.resourceUsage()` inside the CLI, through a preload, is
 * the fallback where `/usr/bin/time` is missing. Used by `bench/run.ts`, section 0.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { rawConfig } from "./config";

const ROOT = path.resolve(__dirname, "..");
const CLI = path.join(ROOT, "dist/sdk/cli/main.js");
const TIME = "/usr/bin/time";

export interface PlanCliSpec {
    label: string;
    hubs: number;
    spokes: number;
    tls?: boolean;
}

export interface PlanCliResult {
    spec: PlanCliSpec;
    /** Wall time of the whole process, in ms (`/usr/bin/time`'s elapsed time, else measured around the spawn). */
    wallMs: number;
    /** Peak RSS of the CLI process, in bytes. */
    peakRss: number;
    /** How peak RSS was measured. */
    rssSource: "/usr/bin/time -v" | "process.resourceUsage()";
    /** Objects on all clusters, as the CLI's progress line reports them. */
    objects: number;
    /** Bytes of JSON the CLI wrote. */
    outputBytes: number;
    /** Bytes of the generated stack file. */
    stackFileBytes: number;
    error?: string;
}

/** dist/ is compiled from the sources when missing or older than any file under sdk/ or provider/. */
export function ensureDist(log: (line: string) => void): void {
    const newest = (dir: string): number => {
        let t = 0;
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            const p = path.join(dir, e.name);
            if (e.isDirectory()) t = Math.max(t, newest(p));
            else if (e.name.endsWith(".ts")) t = Math.max(t, fs.statSync(p).mtimeMs);
        }
        return t;
    };
    const built = fs.existsSync(CLI) ? fs.statSync(CLI).mtimeMs : 0;
    if (built >= Math.max(newest(path.join(ROOT, "sdk")), newest(path.join(ROOT, "provider")))) return;
    log("  building dist/ (tsc -p tsconfig.json) …");
    const res = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json"], { cwd: ROOT, encoding: "utf8" });
    if (res.status !== 0) throw new Error(`tsc failed: ${(res.stdout + res.stderr).trim().split("\n").slice(0, 5).join("\n")}`);
}

/** The stack file of a case, as YAML (JSON is YAML). */
function writeStackFile(dir: string, spec: PlanCliSpec): string {
    const file = path.join(dir, "Pulumi.bench.yaml");
    fs.writeFileSync(file, JSON.stringify({ config: rawConfig(spec.hubs, spec.spokes, { tls: spec.tls }) }));
    return file;
}

const RUSAGE_MARKER = "BENCH_RUSAGE ";

/** Runs `plan <file> --format json` in a fresh process and measures it. */
export function runPlanCli(spec: PlanCliSpec, timeoutMs: number): Promise<PlanCliResult> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-bench-"));
    const file = writeStackFile(dir, spec);
    const stackFileBytes = fs.statSync(file).size;
    const useTime = fs.existsSync(TIME);
    const preload = path.join(dir, "rusage.js");
    fs.writeFileSync(
        preload,
        `process.on("exit", () => process.stderr.write(${JSON.stringify(RUSAGE_MARKER)} + JSON.stringify({ maxRSS: process.resourceUsage().maxRSS * 1024 }) + "\\n"));\n`,
    );
    const nodeArgs = [...(useTime ? [] : ["-r", preload]), CLI, "plan", file, "--format", "json"];
    const [cmd, args] = useTime ? [TIME, ["-v", process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
    return new Promise((resolve) => {
        const t0 = performance.now();
        const child = spawn(cmd, args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
        let outputBytes = 0;
        let stderr = "";
        let timedOut = false;
        child.stdout!.on("data", (c: Buffer) => (outputBytes += c.length));
        child.stderr!.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
        const timer = setTimeout(() => {
            timedOut = true;
            child.kill("SIGKILL");
        }, timeoutMs);
        child.on("exit", (code, signal) => {
            clearTimeout(timer);
            const spawnMs = performance.now() - t0;
            fs.rmSync(dir, { recursive: true, force: true });
            const base = {
                spec,
                rssSource: (useTime ? "/usr/bin/time -v" : "process.resourceUsage()") as PlanCliResult["rssSource"],
                outputBytes,
                stackFileBytes,
            };
            if (timedOut || code !== 0)
                return resolve({
                    ...base,
                    wallMs: spawnMs,
                    peakRss: 0,
                    objects: 0,
                    error: timedOut
                        ? `stopped after ${timeoutMs / 1000} s`
                        : `exited with ${signal ?? code}: ${stderr.trim().split("\n").slice(-5).join(" | ")}`,
                });
            const objects = Number(/· +(\d+) objects/.exec(stderr)?.[1] ?? 0);
            let wallMs = spawnMs;
            let peakRss = 0;
            if (useTime) {
                const elapsed = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(stderr);
                if (elapsed) wallMs = ((Number(elapsed[1] ?? 0) * 60 + Number(elapsed[2])) * 60 + Number(elapsed[3])) * 1000;
                peakRss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? 0) * 1024;
            } else {
                const line = stderr.split("\n").find((l) => l.startsWith(RUSAGE_MARKER));
                peakRss = line ? (JSON.parse(line.slice(RUSAGE_MARKER.length)) as { maxRSS: number }).maxRSS : 0;
            }
            resolve({ ...base, wallMs, peakRss, objects });
        });
    });
}
