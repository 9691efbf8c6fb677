/**
 * Cost of link credentials by key type, in one fresh process (run by
 * `bench/run.ts`): the package's own `signCertificate`, signed by an RSA-2048
 * site CA, every credential requested at once as the engine requests creates
 * (its default parallelism is unbounded).
 *
 *   node -r ./bench/register.js bench/pki-keys.ts <ecdsa count> <rsa count>
 *
 * Also measures the key generation alone (synchronous, for reference: the
 * previous code path) and how long the event loop stalls while RSA keys are
 * generated, which is what keeps a provider process answering.
 *
 * Prints one line `BENCH_RESULT {json}` on stdout.
 */
import * as crypto from "node:crypto";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { GeneratedCertificate, KeyAlgorithm, createCertificateAuthority, signCertificate } from "../provider/pki/certificates";

const RESULT_MARKER = "BENCH_RESULT ";

/** One batch of credentials made concurrently. */
export interface CredentialBatch {
    keyAlgorithm: KeyAlgorithm;
    count: number;
    /** Wall time of the whole batch, ms. */
    wallMs: number;
    /** Wall time per credential (batch / count), ms. */
    perCredentialMs: number;
    /** Longest event-loop stall during the batch, ms (perf_hooks.monitorEventLoopDelay, 10 ms resolution). */
    maxLoopStallMs: number;
    /** Key header of the first credential (checks the type). */
    keyHeader: string;
}

export interface KeysResult {
    /** The thread pool the asynchronous key generation runs on. */
    uvThreadpoolSize: number;
    batches: CredentialBatch[];
    /** Key generation alone, synchronous, one at a time, ms per key (reference). */
    syncKeygenMs: { rsa2048: number; rsaKeys: number; ecdsaP256: number; ecdsaKeys: number };
}

async function batch(ca: GeneratedCertificate, keyAlgorithm: KeyAlgorithm, count: number): Promise<CredentialBatch> {
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const t0 = performance.now();
    const made = await Promise.all(
        Array.from({ length: count }, (_, i) =>
            signCertificate({
                caCertPem: ca.certPem,
                caKeyPem: ca.keyPem,
                commonName: `skupper-link-store-${String(i + 1).padStart(4, "0")}`,
                usages: ["client", "server"],
                keyAlgorithm,
            }),
        ),
    );
    const wallMs = performance.now() - t0;
    loop.disable();
    return { keyAlgorithm, count, wallMs, perCredentialMs: wallMs / count, maxLoopStallMs: loop.max / 1e6, keyHeader: made[0].keyPem.split("\n")[0] };
}

function syncKeygen(kind: "rsa" | "ec", n: number): number {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
        if (kind === "rsa") crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
        else crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
    }
    return (performance.now() - t0) / n;
}

async function main(): Promise<void> {
    const ecdsa = Number(process.argv[2]);
    const rsa = Number(process.argv[3]);
    if (!Number.isInteger(ecdsa) || !Number.isInteger(rsa) || ecdsa < 1 || rsa < 1) throw new Error("usage: pki-keys.ts <ecdsa count ≥ 1> <rsa count ≥ 1>");
    const ca = await createCertificateAuthority({ commonName: "hub-1-site-ca" });
    // Warm-up: module loading and the first CA parse are not part of any batch.
    await signCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, commonName: "warm-up", usages: ["client"] });
    const batches = [await batch(ca, "ECDSA-P256", ecdsa), await batch(ca, "RSA", rsa)];
    const rsaKeys = 10;
    const ecdsaKeys = 1000;
    const result: KeysResult = {
        uvThreadpoolSize: Number(process.env.UV_THREADPOOL_SIZE ?? 4),
        batches,
        syncKeygenMs: { rsa2048: syncKeygen("rsa", rsaKeys), rsaKeys, ecdsaP256: syncKeygen("ec", ecdsaKeys), ecdsaKeys },
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
