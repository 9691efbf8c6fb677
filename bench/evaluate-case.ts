/**
 * One offline-evaluation case, run in its own process by `bench/run.ts` so
 * that peak memory belongs to this case alone.
 *
 *   node --expose-gc -r ./bench/register.js bench/evaluate-case.ts <hubs> <spokes> [tls] [live]
 *
 * `tls` exposes each hub's service with TLS. `live` (needs --expose-gc) also
 * measures the live heap when the first registration reaches the mock
 * monitor, i.e. once every resource has been constructed and none has been
 * registered yet; the forced GC this takes perturbs the timing, so `run.ts`
 * does not ask for it.
 *
 * Prints one line `BENCH_RESULT {json}` on stdout.
 */
import { CUSTOM_RESOURCE_NAMES, resourceType } from "../provider/resourceTypes";
import { performance } from "node:perf_hooks";
import { evaluateOffline } from "../tests/support/mockEvaluation";
import { benchStack, spokeName } from "./config";
import { GraphFacts, analyse, recordRegistrations } from "./graph";

export const RESULT_MARKER = "BENCH_RESULT ";

export interface CaseResult {
    hubs: number;
    spokes: number;
    tls: boolean;
    /** Wall time of `evaluateOffline` alone, in milliseconds. */
    evalMs: number;
    /** Wall time of building and validating the configuration, in milliseconds. */
    configMs: number;
    /** RSS once modules are loaded, just before the evaluation, in bytes. */
    rssBefore: number;
    /** Peak RSS of this process (`process.resourceUsage().maxRSS`), in bytes, taken right after the evaluation. */
    peakRss: number;
    /** V8 heap in use right after the evaluation, in bytes (garbage included). */
    heapUsedAfter: number;
    /** V8 heap still live after a full GC, the evaluation's result kept (needs --expose-gc), in bytes. */
    liveHeapAfter?: number;
    /** With `live`: V8 heap live when every resource is constructed and the first registration arrives, in bytes. */
    liveHeapAtFirstRegistration?: number;
    /** Resources `evaluateOffline` returned (components, providers, the package's custom resources and Kubernetes resources). */
    resources: number;
    /** Of which Kubernetes objects (`kubernetes:*` types, providers excluded). */
    kubeObjects: number;
    /** Of which providers, the package's custom resources (`custom`), Kubernetes objects, components. */
    byKind: Record<string, number>;
    graph: GraphFacts;
}

/** The package's custom resources (served by its provider plugin), as opposed to its components. */
const CUSTOM_TYPES = new Set(CUSTOM_RESOURCE_NAMES.map(resourceType));

function kindOf(type: string): string {
    if (type.startsWith("pulumi:providers:")) return "provider";
    if (CUSTOM_TYPES.has(type)) return "custom";
    if (type.startsWith("kubernetes:")) return "kubernetes";
    return "component";
}

async function main(): Promise<void> {
    const hubs = Number(process.argv[2]);
    const spokes = Number(process.argv[3]);
    const flags = process.argv.slice(4);
    const tls = flags.includes("tls");
    const live = flags.includes("live");
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!Number.isInteger(hubs) || !Number.isInteger(spokes) || hubs < 1 || spokes < 0 || flags.some((f) => f !== "tls" && f !== "live"))
        throw new Error("usage: evaluate-case.ts <hubs ≥ 1> <spokes ≥ 0> [tls] [live]");
    if (live && !gc) throw new Error("live needs node --expose-gc");

    const c0 = performance.now();
    const stack = benchStack(hubs, spokes, { tls });
    const configMs = performance.now() - c0;

    const registrations = recordRegistrations();
    const rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    let liveHeapAtFirstRegistration: number | undefined;
    const evaluation = await evaluateOffline(
        stack,
        live
            ? (registered) => {
                  if (registered !== 1) return;
                  gc!();
                  liveHeapAtFirstRegistration = process.memoryUsage().heapUsed;
              }
            : undefined,
    );
    const evalMs = performance.now() - t0;
    const peakRss = process.resourceUsage().maxRSS * 1024;
    const heapUsedAfter = process.memoryUsage().heapUsed;
    let liveHeapAfter: number | undefined;
    if (gc) {
        gc();
        liveHeapAfter = process.memoryUsage().heapUsed;
    }

    if (registrations.length !== evaluation.resources.length)
        throw new Error(`recorded ${registrations.length} registrations but evaluateOffline returned ${evaluation.resources.length} resources`);
    const byKind: Record<string, number> = {};
    for (const r of evaluation.resources) byKind[kindOf(r.type)] = (byKind[kindOf(r.type)] ?? 0) + 1;
    const result: CaseResult = {
        hubs,
        spokes,
        tls,
        evalMs,
        configMs,
        rssBefore,
        peakRss,
        heapUsedAfter,
        ...(liveHeapAfter !== undefined ? { liveHeapAfter } : {}),
        ...(liveHeapAtFirstRegistration !== undefined ? { liveHeapAtFirstRegistration } : {}),
        resources: evaluation.resources.length,
        kubeObjects: byKind.kubernetes ?? 0,
        byKind,
        graph: analyse(registrations, spokes > 0 ? spokeName(0) : undefined),
    };
    process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
}

main().then(
    () => process.exit(0),
    (e) => {
        process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        process.exit(1);
    },
);
