/**
 * `npm run bench`: a benchmark, not a test. Prints tables and exits 0 unless
 * a measurement itself failed (a case crashed or ran out of time).
 *
 *   node -r ts-node/register/transpile-only bench/run.ts [--quick] [--json FILE]
 *
 * 0. `plan --format json` as a whole process (bench/plan-cli.ts): the CLI,
 *    which computes the objects from the pure core, on 1 hub + 1,000 and
 *    10,000 spokes and 3 hubs × 3,000 spokes; wall time and peak RSS from
 *    /usr/bin/time -v.
 * 1. Offline evaluation at scale (the components under Pulumi's mocks, not
 *    the plan's path any more): every case in a fresh child process
 *    (bench/evaluate-case.ts), so that peak memory belongs to that case.
 * 2. Dependency depth of an `up`, from the registrations the engine would receive.
 * 3. HTTP requests per networks-provider operation, against the local
 *    orchestrator on 127.0.0.1, through the package's provider plugin.
 * 4. Keys and certificates at scale: link credentials by key type
 *    (bench/pki-keys.ts), and 1 hub + 100 / 1,000 spokes evaluated with the
 *    PKI run by the package's provider plugin
 *    (bench/pki-case.ts).
 * 5. The machine.
 *
 * `--quick` stops at 100 spokes (for trying the benchmark out); `--json FILE`
 * also writes every figure as JSON; `--rsa-credentials N` sets how many RSA
 * link credentials section 4 makes (default 200; 1000 takes minutes);
 * `--pki-only` runs section 4 alone; `--plan-only` section 0 alone.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import type { CaseResult } from "./evaluate-case";
import type { PkiCaseResult } from "./pki-case";
import type { KeysResult } from "./pki-keys";
import { OperationCount, measureRequests, within } from "./http";
import { PlanCliResult, PlanCliSpec, ensureDist, runPlanCli } from "./plan-cli";

const RESULT_MARKER = "BENCH_RESULT ";
const ROOT = path.resolve(__dirname, "..");

/** How the evaluation process loads TypeScript. */
type Loader = "plain" | "ts-node";

interface CaseSpec {
    label: string;
    hubs: number;
    spokes: number;
    tls?: boolean;
    loader: Loader;
}

interface CaseRun {
    spec: CaseSpec;
    result?: CaseResult;
    /** Wall time of the whole child process (start-up and module loading included), in ms. */
    processMs: number;
    error?: string;
}

const out = (line = "") => process.stdout.write(`${line}\n`);
const progress = (line: string) => process.stderr.write(`${line}\n`);

/** Bound for one evaluation process: generous, and proportional to its size. */
function caseTimeoutMs(spec: CaseSpec): number {
    return (45 + 0.15 * spec.spokes * (spec.loader === "ts-node" ? 2 : 1)) * 1000;
}

/** Runs one case in a fresh Node process and parses its result line. */
function runCase(spec: CaseSpec): Promise<CaseRun> {
    const loader = spec.loader === "plain" ? path.join(__dirname, "register.js") : require.resolve("ts-node/register/transpile-only");
    const args = ["--expose-gc", "-r", loader, path.join(__dirname, "evaluate-case.ts"), String(spec.hubs), String(spec.spokes), ...(spec.tls ? ["tls"] : [])];
    const timeoutMs = caseTimeoutMs(spec);
    return new Promise((resolve) => {
        const t0 = performance.now();
        const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: process.env });
        let stdout = "";
        let stderr = "";
        let timedOut = false;
        child.stdout!.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
        child.stderr!.on("data", (c: Buffer) => (stderr = (stderr + c.toString("utf8")).slice(-4000)));
        const timer = setTimeout(() => {
            timedOut = true;
            child.kill("SIGKILL");
        }, timeoutMs);
        const finish = (run: Omit<CaseRun, "spec" | "processMs">) => {
            clearTimeout(timer);
            resolve({ spec, processMs: performance.now() - t0, ...run });
        };
        child.on("error", (e) => finish({ error: `could not start: ${e.message}` }));
        child.on("exit", (code, signal) => {
            const line = stdout.split("\n").find((l) => l.startsWith(RESULT_MARKER));
            if (timedOut) return finish({ error: `stopped after ${timeoutMs / 1000} s (timeout)` });
            if (code !== 0 || !line) return finish({ error: `exited with ${signal ?? code}: ${stderr.trim().split("\n").slice(-8).join("\n")}` });
            finish({ result: JSON.parse(line.slice(RESULT_MARKER.length)) as CaseResult });
        });
    });
}

/** Runs a benchmark script in a fresh Node process (the plain loader) and parses its result line. */
function runScript<T>(script: string, args: string[], timeoutMs: number): Promise<{ result?: T; processMs: number; error?: string }> {
    return new Promise((resolve) => {
        const t0 = performance.now();
        const child = spawn(process.execPath, ["-r", path.join(__dirname, "register.js"), path.join(__dirname, script), ...args], {
            cwd: ROOT,
            stdio: ["ignore", "pipe", "pipe"],
            env: process.env,
        });
        let stdout = "";
        let stderr = "";
        let timedOut = false;
        child.stdout!.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
        child.stderr!.on("data", (c: Buffer) => (stderr = (stderr + c.toString("utf8")).slice(-4000)));
        const timer = setTimeout(() => {
            timedOut = true;
            child.kill("SIGKILL");
        }, timeoutMs);
        const finish = (r: { result?: T; error?: string }) => {
            clearTimeout(timer);
            resolve({ processMs: performance.now() - t0, ...r });
        };
        child.on("error", (e) => finish({ error: `could not start: ${e.message}` }));
        child.on("exit", (code, signal) => {
            const line = stdout.split("\n").find((l) => l.startsWith(RESULT_MARKER));
            if (timedOut) return finish({ error: `stopped after ${timeoutMs / 1000} s (timeout)` });
            if (code !== 0 || !line) return finish({ error: `exited with ${signal ?? code}: ${stderr.trim().split("\n").slice(-8).join("\n")}` });
            finish({ result: JSON.parse(line.slice(RESULT_MARKER.length)) as T });
        });
    });
}

/** Renders rows as aligned columns; numbers and dashes right-aligned. */
function table(header: string[], rows: (string | number)[][]): string[] {
    const cells = [header, ...rows.map((r) => r.map(String))];
    const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
    const right = (s: string) => /^[-+]?[\d.,]+( [A-Za-z%/]+)?$|^[–-]$|^\d+ ?[–-] ?\d+$/.test(s);
    const render = (r: string[]) =>
        r
            .map((c, i) => (i > 0 && right(c) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
            .join("  ")
            .trimEnd();
    return [render(header), widths.map((w) => "─".repeat(w)).join("  "), ...cells.slice(1).map(render)];
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const sec = (ms: number) => (ms / 1000).toFixed(2);

function machine(): Record<string, string> {
    const cpus = os.cpus();
    const models = [...new Set(cpus.map((c) => c.model.trim()))].join(" / ");
    return {
        CPU: `${models || "unknown"} × ${cpus.length} logical CPU(s)${typeof os.availableParallelism === "function" ? ` (available parallelism ${os.availableParallelism()})` : ""}`,
        Memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB total, ${(os.freemem() / 2 ** 30).toFixed(1)} GiB free at start`,
        Node: process.version,
        Platform: `${process.platform} ${process.arch}, ${os.type()} ${os.release()}`,
        Load: `load average ${os
            .loadavg()
            .map((l) => l.toFixed(2))
            .join(" / ")} (1 / 5 / 15 min) at start: other work on the machine skews the times`,
    };
}

/** Section 0: `plan --format json` as a whole process, the CLI compiled in dist/. */
async function planSection(quick: boolean, failures: string[]): Promise<PlanCliResult[]> {
    // ── 0. plan --format json ────────────────────────────────────────────────
    ensureDist(progress);
    const specs: PlanCliSpec[] = [
        { label: "1 hub, no spokes", hubs: 1, spokes: 0 },
        { label: "1 hub × 100 spokes", hubs: 1, spokes: 100 },
        { label: "1 hub × 1,000 spokes", hubs: 1, spokes: 1000 },
        { label: "1 hub TLS × 1,000 spokes", hubs: 1, spokes: 1000, tls: true },
        ...(quick
            ? []
            : [
                  { label: "1 hub × 10,000 spokes", hubs: 1, spokes: 10000 },
                  { label: "3 hubs × 3,000 spokes", hubs: 3, spokes: 3000 },
              ]),
    ];
    const results: PlanCliResult[] = [];
    for (const spec of specs) {
        const timeoutMs = (30 + 0.01 * spec.spokes) * 1000;
        progress(`  plan --format json, ${spec.label} (fresh process, timeout ${timeoutMs / 1000} s) …`);
        const r = await runPlanCli(spec, timeoutMs);
        if (r.error) failures.push(`plan ${spec.label}: ${r.error}`);
        results.push(r);
    }
    out("0. plan --format json, the whole process (node dist/sdk/cli/main.js; objects from the pure core, no Pulumi runtime)");
    out(`   wall s and peak RSS: ${results[0]?.rssSource ?? "/usr/bin/time -v"}; output to a pipe, counted`);
    for (const line of table(
        ["case", "objects", "wall s", "peak RSS MB", "JSON MB", "stack file KB"],
        results.map((r) =>
            r.error
                ? [r.spec.label, "–", "–", "–", "–", (r.stackFileBytes / 1024).toFixed(0)]
                : [
                      r.spec.label,
                      r.objects.toLocaleString("en-US"),
                      sec(r.wallMs),
                      mb(r.peakRss),
                      (r.outputBytes / 2 ** 20).toFixed(1),
                      (r.stackFileBytes / 1024).toFixed(0),
                  ],
        ),
    ))
        out(`   ${line}`);
    out();
    return results;
}

/** Section 4: link credentials by key type, and evaluations with the PKI run by the real providers. */
async function pkiSection(quick: boolean, rsaCredentials: number, failures: string[]): Promise<PkiFigures> {
    // ── 4. Keys and certificates at scale ────────────────────────────────────
    out("4. Keys and certificates at scale (the PKI really run)");
    const pkiFigures: PkiFigures = { cases: [] };
    progress(`  making 1,000 ECDSA and ${rsaCredentials.toLocaleString("en-US")} RSA link credentials …`);
    const keys = await runScript<KeysResult>("pki-keys.ts", ["1000", String(rsaCredentials)], (60 + rsaCredentials * 0.6) * 1000);
    if (keys.error) {
        failures.push(`link credentials: ${keys.error}`);
        out(`  link credentials FAILED: ${keys.error.split("\n")[0]}`);
    } else {
        const k = keys.result!;
        pkiFigures.keys = k;
        out("  a. Link credentials (key + certificate signed by the RSA-2048 site CA), all requested at once, in one process");
        for (const line of table(
            ["key", "credentials", "wall s", "ms/credential", "1,000 credentials s", "longest event-loop stall ms", "key PEM"],
            k.batches.map((b) => [
                b.keyAlgorithm === "RSA" ? "RSA-2048 (async)" : "ECDSA P-256",
                b.count.toLocaleString("en-US"),
                sec(b.wallMs),
                b.perCredentialMs.toFixed(2),
                b.count === 1000 ? sec(b.wallMs) : `≈ ${sec(b.perCredentialMs * 1000)} (extrapolated)`,
                b.maxLoopStallMs.toFixed(0),
                b.keyHeader.replace(/-/g, "").trim(),
            ]),
        ))
            out(`    ${line}`);
        out(
            `     key generation alone, synchronous, one at a time: RSA-2048 ${k.syncKeygenMs.rsa2048.toFixed(1)} ms/key (${k.syncKeygenMs.rsaKeys} keys, ` +
                `the previous code path, blocking the event loop that long per key); ECDSA P-256 ${k.syncKeygenMs.ecdsaP256.toFixed(3)} ms/key (${k.syncKeygenMs.ecdsaKeys.toLocaleString("en-US")} keys)`,
        );
        out(`     asynchronous generation runs on libuv's thread pool (${k.uvThreadpoolSize} threads) on this machine's ${os.cpus().length} CPU(s)`);
    }
    const pkiSpecs: { label: string; args: string[]; spokes: number; rsa?: boolean }[] = [
        { label: "1 hub × 100 spokes", args: ["100"], spokes: 100 },
        { label: "1 hub × 100 spokes, RSA links", args: ["100", "rsa"], spokes: 100, rsa: true },
        ...(quick ? [] : [{ label: "1 hub × 1,000 spokes, one TLS service", args: ["1000", "tls"], spokes: 1000 }]),
    ];
    for (const spec of pkiSpecs) {
        const timeoutMs = (60 + spec.spokes * (spec.rsa ? 0.5 : 0.15)) * 1000;
        progress(`  evaluating ${spec.label} with the PKI run by the real providers (timeout ${timeoutMs / 1000} s) …`);
        const r = await runScript<PkiCaseResult>("pki-case.ts", spec.args, timeoutMs);
        if (r.error) failures.push(`${spec.label} (PKI): ${r.error}`);
        pkiFigures.cases.push({ label: spec.label, ...r });
    }
    out(
        "  b. Evaluation with the PKI run by the package's provider plugin (Kubernetes mocked; check + create per certificate, all at once)",
    );
    for (const line of table(
        ["case", "resources", "certificates", "eval s", "certificates span s", "cert check+create p50 / p95 / max s", "create max s", "peak RSS MB"],
        pkiFigures.cases.map((c) =>
            c.result
                ? [
                      c.label,
                      c.result.resources.toLocaleString("en-US"),
                      Object.entries(c.result.pki)
                          .filter(([k]) => k.startsWith("SignedCertificate"))
                          .map(([k, n]) => `${n} ${k.replace("SignedCertificate ", "")}`)
                          .join(", "),
                      sec(c.result.evalMs),
                      sec(c.result.certificateSpanMs),
                      `${sec(c.result.certificateCalls.p50)} / ${sec(c.result.certificateCalls.p95)} / ${sec(c.result.certificateCalls.max)}`,
                      sec(c.result.certificateCreates.max),
                      mb(c.result.peakRss),
                  ]
                : [c.label, `FAILED: ${c.error?.split("\n")[0]}`],
        ),
    ))
        out(`    ${line}`);
    const p100 = pkiFigures.cases.find((c) => c.label === "1 hub × 100 spokes")?.result;
    const p1000 = pkiFigures.cases.find((c) => c.label.startsWith("1 hub × 1,000"))?.result;
    if (p100 && p1000) {
        const slowest = Math.max(...pkiFigures.cases.map((c) => c.result?.certificateCalls.max ?? 0));
        out(
            `     1,000 spokes: ${sec(p1000.evalMs)} s (target ≤ 60 s: ${p1000.evalMs <= 60_000 ? "met" : "NOT MET"}); ` +
                `t(1,000) / t(100) = ${(p1000.evalMs / p100.evalMs).toFixed(1)} (target ≤ 11; the offline evaluation alone, section 1, shows the components' own ratio); ` +
                `slowest certificate call ${sec(slowest)} s against the host client's 120 s deadline`,
        );
    }
    const stderrs = pkiFigures.cases.filter((c) => c.result?.hostStderr);
    for (const c of stderrs) out(`     ${c.label}: the host wrote to stderr: ${c.result!.hostStderr.trim().split("\n")[0]}`);
    out();

    return pkiFigures;
}

interface PkiFigures {
    keys?: KeysResult;
    cases: { label: string; result?: PkiCaseResult; processMs: number; error?: string }[];
}

async function main(): Promise<number> {
    const argv = process.argv.slice(2);
    const quick = argv.includes("--quick");
    const jsonAt = argv.indexOf("--json");
    const jsonFile = jsonAt >= 0 ? argv[jsonAt + 1] : undefined;
    if (jsonAt >= 0 && !jsonFile) throw new Error("--json needs a file name");
    const pkiOnly = argv.includes("--pki-only");
    const planOnly = argv.includes("--plan-only");
    const rsaAt = argv.indexOf("--rsa-credentials");
    const rsaCredentials = rsaAt >= 0 ? Number(argv[rsaAt + 1]) : 200;
    if (rsaAt >= 0 && !(Number.isInteger(rsaCredentials) && rsaCredentials >= 1)) throw new Error("--rsa-credentials needs a whole number ≥ 1");
    const unknown = argv.filter(
        (a, i) =>
            a !== "--quick" &&
            a !== "--pki-only" &&
            a !== "--plan-only" &&
            a !== "--json" &&
            a !== "--rsa-credentials" &&
            (jsonAt < 0 || i !== jsonAt + 1) &&
            (rsaAt < 0 || i !== rsaAt + 1),
    );
    if (unknown.length)
        throw new Error(
            `unknown argument(s): ${unknown.join(" ")}; usage: bench/run.ts [--quick] [--pki-only] [--plan-only] [--json FILE] [--rsa-credentials N]`,
        );

    const started = performance.now();
    const failures: string[] = [];

    out("pulumi-edge-interconnect benchmark");
    out();
    out("Machine");
    const m = machine();
    for (const [k, v] of Object.entries(m)) out(`  ${k.padEnd(9)} ${v}`);
    out();

    if (planOnly) {
        const plans = await planSection(quick, failures);
        out(`Total benchmark time: ${sec(performance.now() - started)} s`);
        if (jsonFile) fs.writeFileSync(jsonFile, JSON.stringify({ machine: m, plans }, null, 2) + "\n");
        if (failures.length) {
            out();
            out("Measurements that failed:");
            for (const f of failures) out(`  ${f}`);
            return 1;
        }
        return 0;
    }

    if (pkiOnly) {
        const pkiFigures = await pkiSection(quick, rsaCredentials, failures);
        out(`Total benchmark time: ${sec(performance.now() - started)} s`);
        if (jsonFile) fs.writeFileSync(jsonFile, JSON.stringify({ machine: m, pki: pkiFigures }, null, 2) + "\n");
        if (failures.length) {
            out();
            out("Measurements that failed:");
            for (const f of failures) out(`  ${f}`);
            return 1;
        }
        return 0;
    }

    const plans = await planSection(quick, failures);

    // ── 1. Offline evaluation ────────────────────────────────────────────────
    const sizes = quick ? [10, 100] : [10, 100, 1000];
    const specs: CaseSpec[] = [
        { label: "1 hub, no spokes (baseline)", hubs: 1, spokes: 0, loader: "plain" },
        ...sizes.map((n) => ({ label: `1 hub × ${n.toLocaleString("en-US")} spokes`, hubs: 1, spokes: n, loader: "plain" as Loader })),
        { label: "3 hubs, no spokes (baseline)", hubs: 3, spokes: 0, loader: "plain" },
        ...(quick ? [] : [{ label: "3 hubs × 1,000 spokes", hubs: 3, spokes: 1000, loader: "plain" as Loader }]),
        { label: "1 hub TLS, no spokes (baseline)", hubs: 1, spokes: 0, tls: true, loader: "plain" },
        { label: "1 hub TLS × 10 spokes", hubs: 1, spokes: 10, tls: true, loader: "plain" },
        { label: "1 hub × 100 spokes under ts-node", hubs: 1, spokes: 100, loader: "ts-node" },
    ];
    const runs: CaseRun[] = [];
    for (const spec of specs) {
        progress(`  evaluating ${spec.label} (fresh process, timeout ${caseTimeoutMs(spec) / 1000} s) …`);
        const run = await runCase(spec);
        if (run.error) failures.push(`${spec.label}: ${run.error}`);
        runs.push(run);
    }
    const baselineOf = (r: CaseRun) =>
        runs.find((b) => b.spec.spokes === 0 && b.spec.hubs === r.spec.hubs && !!b.spec.tls === !!r.spec.tls && b.spec.loader === "plain")?.result;
    const marginal = (r: CaseRun, pick: (c: CaseResult) => number): number | undefined => {
        const base = baselineOf(r);
        return r.result && base && r.spec.spokes > 0 ? (pick(r.result) - pick(base)) / r.spec.spokes : undefined;
    };
    const fmt = (v: number | undefined, digits: number) => (v === undefined ? "–" : v.toFixed(digits));

    out("1. Offline evaluation (evaluateOffline; every case in a fresh Node process)");
    out("   time: evaluateOffline alone; per spoke: (case − its no-spoke baseline) / spokes");
    const mainRuns = runs.filter((r) => r.spec.loader === "plain");
    for (const line of table(
        ["case", "resources", "res/spoke", "k8s/spoke", "eval s", "ms/spoke", "peak RSS MB", "MB/spoke", "live heap MB", "process s"],
        mainRuns.map((r) =>
            r.result
                ? [
                      r.spec.label,
                      r.result.resources,
                      fmt(
                          marginal(r, (c) => c.resources),
                          2,
                      ),
                      fmt(
                          marginal(r, (c) => c.kubeObjects),
                          2,
                      ),
                      sec(r.result.evalMs),
                      fmt(
                          marginal(r, (c) => c.evalMs),
                          2,
                      ),
                      mb(r.result.peakRss),
                      fmt(
                          marginal(r, (c) => c.peakRss / 2 ** 20),
                          2,
                      ),
                      r.result.liveHeapAfter === undefined ? "–" : mb(r.result.liveHeapAfter),
                      sec(r.processMs),
                  ]
                : [r.spec.label, `FAILED: ${r.error?.split("\n")[0]}`],
        ),
    ))
        out(`  ${line}`);
    out("   peak RSS: process.resourceUsage().maxRSS right after the evaluation (module loading included);");
    out("   live heap: V8 heap after a full GC with the evaluation's result still held.");

    const one = (n: number) => mainRuns.find((r) => r.spec.hubs === 1 && r.spec.spokes === n && !r.spec.tls);
    const r100 = one(100);
    const r1000 = one(1000);
    if (r100?.result && r1000?.result) {
        const t100 = marginal(r100, (c) => c.evalMs)!;
        const t1000 = marginal(r1000, (c) => c.evalMs)!;
        const m100 = marginal(r100, (c) => c.peakRss)!;
        const m1000 = marginal(r1000, (c) => c.peakRss)!;
        out(
            `  linearity (1 hub): time per spoke ${t100.toFixed(1)} ms at 100 → ${t1000.toFixed(1)} ms at 1,000 (×${(t1000 / t100).toFixed(2)}); ` +
                `peak RSS per spoke ${mb(m100 * 1000)} KB → ${mb(m1000 * 1000)} KB (×${(m1000 / m100).toFixed(2)})`,
        );
    }
    const first = mainRuns.find((r) => r.spec.spokes > 0 && !r.spec.tls && r.result?.graph.firstSpokeTypes)?.result;
    if (first?.graph.firstSpokeTypes) {
        out(`  one spoke (store-0001) registers ${first.graph.firstSpokeResources} resources:`);
        for (const [type, n] of Object.entries(first.graph.firstSpokeTypes)) out(`    ${String(n).padStart(2)} × ${type}`);
    }
    const tlsRun = mainRuns.find((r) => r.spec.tls && r.spec.spokes > 0)?.result;
    if (tlsRun?.graph.firstSpokeTypes)
        out(
            `  with a TLS service, one spoke registers ${tlsRun.graph.firstSpokeResources} resources (listener certificate, client-trust and listener-tls Secrets added)`,
        );
    const tsnode = runs.find((r) => r.spec.loader === "ts-node");
    if (tsnode?.result && r100?.result)
        out(
            `  loader: the same 1 hub × 100 evaluation takes ${sec(tsnode.result.evalMs)} s under ts-node (source-map-support) ` +
                `vs ${sec(r100.result.evalMs)} s transpiled without it (×${(tsnode.result.evalMs / r100.result.evalMs).toFixed(2)}); ` +
                `peak RSS ${mb(tsnode.result.peakRss)} vs ${mb(r100.result.peakRss)} MB`,
        );
    else if (tsnode?.error) out(`  loader comparison under ts-node FAILED: ${tsnode.error.split("\n")[0]}`);
    out();

    // ── 2. Dependency depth ──────────────────────────────────────────────────
    out("2. Critical path of an up (longest dependency chain, in custom resources)");
    out("   edges: dependsOn + Output-valued inputs (as the SDK sends them to the engine) + provider references; parent/child is not an edge");
    for (const line of table(
        ["case", "depth", "without provider edges", "deepest spoke chain (min–max)", "cross-spoke edges", "dangling"],
        mainRuns
            .filter((r) => r.result)
            .map((r) => {
                const g = r.result!.graph;
                return [
                    r.spec.label,
                    g.depth,
                    g.depthWithoutProviders,
                    g.spokeDepth ? `${g.spokeDepth.min}–${g.spokeDepth.max}` : "–",
                    r.spec.spokes ? g.crossSpokeEdges : "–",
                    g.danglingEdges,
                ];
            }),
    ))
        out(`  ${line}`);
    const scaled = mainRuns.filter((r) => r.result && r.spec.hubs === 1 && !r.spec.tls && r.spec.spokes > 0);
    const depths = [...new Set(scaled.map((r) => r.result!.graph.depth))];
    const spokeDepths = [...new Set(scaled.flatMap((r) => [r.result!.graph.spokeDepth!.min, r.result!.graph.spokeDepth!.max]))];
    const cross = scaled.reduce((n, r) => n + r.result!.graph.crossSpokeEdges, 0);
    if (depths.length === 1 && spokeDepths.length === 1 && cross === 0)
        out(
            `  constant: depth ${depths[0]} for ${scaled.map((r) => r.spec.spokes.toLocaleString("en-US")).join(", ")} spokes; every spoke's chain is ${spokeDepths[0]}; no spoke depends on another`,
        );
    else
        out(
            `  FINDING: the depth is not constant across spoke counts: depths ${depths.join(", ")}, spoke chains ${spokeDepths.join(", ")}, cross-spoke edges ${cross}`,
        );
    const small = scaled[0]?.result?.graph;
    if (small) {
        out(`  longest chain (${scaled[0].spec.label}):`);
        small.chain.forEach((c, i) => out(`    ${i + 1}. ${c}`));
        out(`  a spoke's longest chain:`);
        (small.firstSpokeChain ?? []).forEach((c, i) => out(`    ${i + 1}. ${c}`));
    }
    out();

    // ── 3. HTTP requests per operation ───────────────────────────────────────
    out("3. HTTP requests per networks-provider operation (local orchestrator on 127.0.0.1, the package's provider plugin)");
    let counts: OperationCount[] | undefined;
    try {
        progress("  measuring HTTP requests per operation …");
        counts = await within("the HTTP measurement", 120_000, measureRequests());
        for (const line of table(
            ["operation", "requests", "target", "ms", "what the server saw"],
            counts.map((c) => {
                const target = ["create", "update (description)", "delete"].includes(c.operation)
                    ? c.api === 1 && c.token <= 1 && c.otherKeycloak === 0
                        ? "met"
                        : "NOT MET"
                    : "–";
                const other = c.otherKeycloak ? ` + ${c.otherKeycloak} other Keycloak` : "";
                return [c.operation, `${c.api} API + ${c.token} token${other}`, target, c.ms.toFixed(0), c.requests.join("; ") || "(none)"];
            }),
        ))
            out(`  ${line}`);
        out("   target: one API request per create / update / delete, plus at most one token request");
    } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        failures.push(`HTTP measurement: ${message}`);
        out(`  FAILED: ${message}`);
    }
    out();

    const pkiFigures = await pkiSection(quick, rsaCredentials, failures);

    out(
        `Total benchmark time: ${sec(performance.now() - started)} s; load average at the end ${os
            .loadavg()
            .map((l) => l.toFixed(2))
            .join(" / ")}`,
    );
    if (jsonFile) {
        fs.writeFileSync(jsonFile, JSON.stringify({ machine: m, plans, evaluations: runs, requests: counts, pki: pkiFigures }, null, 2) + "\n");
        out(`Figures written to ${jsonFile}`);
    }
    if (failures.length) {
        out();
        out("Measurements that failed:");
        for (const f of failures) out(`  ${f}`);
        return 1;
    }
    return 0;
}

main().then(
    (code) => process.exit(code),
    (e) => {
        process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(2);
    },
);
