/**
 * One evaluation with the PKI really run, in its own process (run by
 * `bench/run.ts`): the package's components under Pulumi's mock monitor,
 * Kubernetes mocked as in `evaluate-case.ts`, but every CertificateAuthority
 * and SignedCertificate checked and created by the package's provider plugin
 * over gRPC, as the engine does (check, then create,
 * every create as soon as its inputs are known: the engine's default
 * parallelism is unbounded).
 *
 *   node -r ./bench/register.js bench/pki-case.ts <spokes> [tls] [rsa]
 *
 * One hub. `tls` exposes the hub's service with TLS. `rsa` asks for RSA link
 * keys (adds keyAlgorithm "RSA" to every SignedCertificate's inputs, which is
 * what `linkKeyAlgorithm: "RSA"` sends), instead of the default ECDSA P-256.
 *
 * The engine runs all of the package's resources in one plugin process; here
 * the two CAs go to a second plugin process, so the link certificates have one process to
 * themselves, as they would in practice. The gRPC calls are made from another
 * process (bench/pki-engine.ts), as the engine makes them from its own: the
 * evaluating process keeps only what the program itself does.
 *
 * Prints one line `BENCH_RESULT {json}` on stdout.
 */
import { performance } from "node:perf_hooks";
import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import { fork } from "node:child_process";
import type { EngineReply, EngineRequest } from "./pki-engine";
import { buildInterconnect } from "../sdk/stack/program";
import { benchStack } from "./config";

const RESULT_MARKER = "BENCH_RESULT ";
const CA_TYPE = "edge-interconnect:index:CertificateAuthority";
const CERT_TYPE = "edge-interconnect:index:SignedCertificate";
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** Quantiles of one kind of call, ms. */
export interface CallStats {
    count: number;
    p50: number;
    p95: number;
    max: number;
}

export interface PkiCaseResult {
    spokes: number;
    tls: boolean;
    linkKeyAlgorithm: string;
    /** Starting both hosts (serializing the providers, spawning, connecting), ms. */
    hostStartMs: number;
    /** The evaluation, from the first component to the last registration answered, ms. */
    evalMs: number;
    /** From the first to the last SignedCertificate create answered, ms. */
    certificateSpanMs: number;
    resources: number;
    /** Dynamic PKI resources by type and the key algorithm their provider recorded. */
    pki: Record<string, number>;
    /** check + create of one resource, from the moment its inputs were known, ms. */
    certificateCalls: CallStats;
    certificateCreates: CallStats;
    caCalls: CallStats;
    peakRss: number;
    /** The link certificate host's stderr (provider errors land there); empty when all went well. */
    hostStderr: string;
}

function unwrap(v: unknown): unknown {
    if (v && typeof v === "object") {
        const o = v as Record<string, unknown>;
        if (o[SECRET_SIG] !== undefined) return unwrap(o.value);
        if (Array.isArray(v)) return v.map(unwrap);
        return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unwrap(x)]));
    }
    return v;
}

function stats(values: number[]): CallStats {
    const s = [...values].sort((a, b) => a - b);
    const q = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : 0);
    return { count: s.length, p50: q(0.5), p95: q(0.95), max: s.length ? s[s.length - 1] : 0 };
}

async function main(): Promise<void> {
    const spokes = Number(process.argv[2]);
    const flags = process.argv.slice(3);
    if (!Number.isInteger(spokes) || spokes < 0 || flags.some((f) => f !== "tls" && f !== "rsa"))
        throw new Error("usage: pki-case.ts <spokes ≥ 0> [tls] [rsa]");
    const tls = flags.includes("tls");
    const rsa = flags.includes("rsa");
    const stack = benchStack(1, spokes, { tls });

    const engine = fork(path.join(__dirname, "pki-engine.ts"), [], {
        execArgv: ["-r", path.join(__dirname, "register.js")],
        serialization: "advanced",
        stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const pending = new Map<number, (reply: EngineReply) => void>();
    let nextId = 0;
    const ready = new Promise<number>((resolve, reject) => {
        engine.once("error", reject);
        engine.once("exit", (code) => reject(new Error(`the engine stand-in exited (${code}) before it was ready`)));
        engine.on("message", (reply: EngineReply) => {
            if ("ready" in reply) resolve(reply.hostStartMs);
            else if ("id" in reply) {
                pending.get(reply.id)!(reply);
                pending.delete(reply.id);
            } else pending.get(-1)?.(reply);
        });
    });
    const hostStartMs = await ready;
    const call = (host: EngineRequest["host"], inputs: Record<string, unknown>) =>
        new Promise<EngineReply>((resolve) => {
            const id = nextId++;
            pending.set(id, resolve);
            engine.send({ id, host, inputs } satisfies EngineRequest);
        });

    let resources = 0;
    const pki: Record<string, number> = {};
    const certTotals: number[] = [];
    const certCreates: number[] = [];
    const caTotals: number[] = [];
    let firstCert: number | undefined;
    let lastCert = 0;
    const mocks: pulumi.runtime.Mocks = {
        async newResource(args) {
            resources += 1;
            const host = args.type === CA_TYPE ? "ca" : args.type === CERT_TYPE ? "cert" : undefined;
            if (!host) return { id: `${args.name}-id`, state: { ...args.inputs } };
            const plain = unwrap(args.inputs) as Record<string, unknown>;
            // What `linkKeyAlgorithm: "RSA"` sends.
            if (rsa && host === "cert") plain.keyAlgorithm = "RSA";
            const t0 = performance.now();
            if (host === "cert") firstCert ??= t0;
            const reply = await call(host, plain);
            if ("error" in reply) throw new Error(`${args.name}: ${reply.error}`);
            if (!("created" in reply)) throw new Error(`${args.name}: unexpected answer from the engine stand-in`);
            const created = reply.created;
            const t2 = performance.now();
            const kind = host === "ca" ? "CertificateAuthority" : `SignedCertificate ${created.properties.keyAlgorithm}`;
            pki[kind] = (pki[kind] ?? 0) + 1;
            if (host === "ca") caTotals.push(t2 - t0);
            else {
                certTotals.push(t2 - t0);
                certCreates.push(reply.createMs);
                lastCert = t2;
            }
            return { id: created.id, state: created.properties };
        },
        call(args) {
            throw new Error(`the benchmark cannot answer invoke ${args.token}`);
        },
    };
    await pulumi.runtime.setMocks(mocks, "edge-interconnect", "bench", false);
    const e0 = performance.now();
    buildInterconnect(stack, {}, { offline: true });
    await (pulumi.runtime as unknown as { disconnect(): Promise<void> }).disconnect();
    const evalMs = performance.now() - e0;
    const closed = new Promise<EngineReply>((resolve) => pending.set(-1, resolve));
    engine.send({ close: true });
    const last = await closed;
    const hostStderr = "stderr" in last ? last.stderr : "";
    await new Promise((r) => (engine.exitCode !== null ? r(undefined) : engine.once("exit", r)));

    const result: PkiCaseResult = {
        spokes,
        tls,
        linkKeyAlgorithm: rsa ? "RSA" : "default (ECDSA-P256)",
        hostStartMs,
        evalMs,
        certificateSpanMs: firstCert === undefined ? 0 : lastCert - firstCert,
        resources,
        pki,
        certificateCalls: stats(certTotals),
        certificateCreates: stats(certCreates),
        caCalls: stats(caTotals),
        peakRss: process.resourceUsage().maxRSS * 1024,
        hostStderr,
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
