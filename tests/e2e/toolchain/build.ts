// Builds every pinned e2e tool into the cache (see index.ts), printing each
// tool, its module@version and how long it took.
//   node -r ts-node/register/transpile-only tests/e2e/toolchain/build.ts [tool ...]
import { ensureToolchain, TOOLS, UNAVAILABLE } from "./index";
import { ensureKubernetesProvider, KUBERNETES_PROVIDER_VERSION } from "./kubernetesProvider";

async function main(): Promise<void> {
    const only = process.argv.slice(2);
    const PROVIDER = "pulumi-resource-kubernetes";
    const unknown = only.filter((t) => t !== PROVIDER && !TOOLS.some((s) => s.tool === t));
    if (unknown.length) throw new Error(`unknown tool(s) ${unknown.join(", ")}; known: ${[...TOOLS.map((t) => t.tool), PROVIDER].join(", ")}`);
    const started = Date.now();
    const goTools = only.filter((t) => t !== PROVIDER);
    const log = (l: string) => console.log(`[toolchain] ${l}`);
    const tc = await ensureToolchain({ only: only.length ? goTools : undefined, log });
    if (!only.length || only.includes(PROVIDER)) {
        const p = await ensureKubernetesProvider({ log });
        console.log(`[toolchain] ${PROVIDER.padEnd(24)} ${p.module}@${KUBERNETES_PROVIDER_VERSION}  ${p.built ? `built in ${(p.ms / 1000).toFixed(1)} s` : "cached"}  ${p.bin}`);
    }
    console.log(`[toolchain] cache root ${tc.cacheRoot}`);
    for (const t of Object.values(tc.tools)) {
        const how = t.built ? `built in ${(t.ms / 1000).toFixed(1)} s` : "cached";
        console.log(`[toolchain] ${t.tool.padEnd(24)} ${t.module}@${t.version}  ${how}  ${Object.values(t.bin).join(" ")}`);
    }
    console.log(`[toolchain] metallb chart ${tc.metallbChartDir}, CRDs ${tc.metallbCrdDir}`);
    for (const [tool, why] of Object.entries(UNAVAILABLE)) {
        // The provider is built from the one commit the proxy serves (kubernetesProvider.ts).
        if (tool !== PROVIDER) console.log(`[toolchain] ${tool}: unavailable: ${why}`);
    }
    console.log(`[toolchain] total ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((e) => {
    console.error(`[toolchain] ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
});
