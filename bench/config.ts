/**
 * Stack configurations for the benchmark, built in code and validated by the
 * package's own `parseStackConfig`, exactly as a `Pulumi.<stack>.yaml` would be.
 */
import { CONFIG_NAMESPACE, StackConfig, parseStackConfig } from "../sdk/stack/config";

/** Options of a benchmark network. */
export interface BenchOptions {
    /** Expose each hub's service with TLS (cert-manager on hubs, a listener certificate on every spoke). Default false. */
    tls?: boolean;
}

/** `hub-1`, `hub-2`, … */
export function hubName(index: number): string {
    return `hub-${index + 1}`;
}

/** `store-0001`, `store-0002`, … */
export function spokeName(index: number): string {
    return `store-${String(index + 1).padStart(4, "0")}`;
}

/**
 * The raw configuration map (`edge-interconnect:*` keys) of a direct-mode
 * network: each hub a /24 MetalLB pool, a restricted router (allowedSourceRanges)
 * and one exposed service; spokes spread round-robin over the hubs.
 */
export function rawConfig(hubs: number, spokes: number, opts: BenchOptions = {}): Record<string, unknown> {
    if (hubs < 1 || hubs > 50) throw new Error(`hubs must be 1 to 50, got ${hubs}`);
    const ns = `${CONFIG_NAMESPACE}:`;
    return {
        [`${ns}network`]: { name: "bench-mesh", description: "benchmark network" },
        [`${ns}hubs`]: Array.from({ length: hubs }, (_, h) => ({
            name: hubName(h),
            loadBalancer: { addresses: [`10.${100 + h}.0.0/24`] },
            allowedSourceRanges: [`10.${200 + h}.0.0/16`],
            exposedServices: [{ name: `backend-${h + 1}`, namespace: "shop", port: 8080, ...(opts.tls ? { tls: true } : {}) }],
        })),
        [`${ns}spokes`]: Array.from({ length: spokes }, (_, s) => ({ name: spokeName(s), hub: hubName(s % hubs) })),
    };
}

/** The validated configuration of `hubs` hubs and `spokes` spokes. */
export function benchStack(hubs: number, spokes: number, opts: BenchOptions = {}): StackConfig {
    return parseStackConfig(rawConfig(hubs, spokes, opts));
}
