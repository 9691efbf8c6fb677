/**
 * The benchmark's stand-in for the Pulumi engine's side of the PKI: it starts
 * the package's provider plugin for the CAs and another for the link
 * certificates, and makes the check and create calls over gRPC, in a process
 * of its own. In `pulumi up` those calls come from the engine (a Go process),
 * not from the Node process that evaluates the program; made in the
 * evaluating process, their protobuf work and objects shared its heap and its
 * garbage collector, and the benchmark measured them as the program's cost.
 * (A process, not a worker thread: @pulumi/pulumi needs trace_events, which
 * workers do not have.)
 *
 * Forked by bench/pki-case.ts (IPC, structured-clone serialization). Messages:
 * in `{ id, host: "ca" | "cert", inputs }`, out `{ id, created, checkMs, createMs }`
 * or `{ id, error }`; first out `{ ready, hostStartMs }`.
 */
import { performance } from "node:perf_hooks";
import { ProviderPluginHost } from "../tools/provider-host/pluginHost";

export interface EngineRequest {
    id: number;
    host: "ca" | "cert";
    inputs: Record<string, unknown>;
}

export type EngineReply =
    | { ready: true; hostStartMs: number }
    | { id: number; created: { id: string; properties: Record<string, unknown> }; checkMs: number; createMs: number }
    | { id: number; error: string }
    | { closed: true; stderr: string };

async function main(): Promise<void> {
    const port = { postMessage: (m: EngineReply) => process.send!(m), on: (e: "message", f: (m: any) => void) => process.on(e, f) };
    const h0 = performance.now();
    const [ca, cert] = await Promise.all([ProviderPluginHost.start("CertificateAuthority"), ProviderPluginHost.start("SignedCertificate")]);
    await Promise.all([ca.configure({}), cert.configure({})]);
    port.postMessage({ ready: true, hostStartMs: performance.now() - h0 } satisfies EngineReply);
    port.on("message", async (msg: EngineRequest | { close: true }) => {
        if ("close" in msg) {
            const stderr = cert.stderr + ca.stderr;
            await Promise.all([ca.close(), cert.close()]);
            port.postMessage({ closed: true, stderr } satisfies EngineReply);
            process.disconnect();
            return;
        }
        const host = msg.host === "ca" ? ca : cert;
        try {
            const t0 = performance.now();
            const checked = await host.check({}, msg.inputs);
            if (checked.failures.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
            const t1 = performance.now();
            const created = await host.create(checked.inputs);
            port.postMessage({ id: msg.id, created, checkMs: t1 - t0, createMs: performance.now() - t1 } satisfies EngineReply);
        } catch (e) {
            port.postMessage({ id: msg.id, error: e instanceof Error ? e.message : String(e) } satisfies EngineReply);
        }
    });
}

main().catch((e) => {
    process.stderr.write(`pki-engine: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
});
