// Builds every pinned e2e tool into the cache (see index.ts), printing each
// tool, its module@version and how long it took.
//   node -r ts-node/register/transpile-only tests/e2e/toolchain/build.ts [tool ...]
import { ensureToolchain, TOOLS, UNAVAILABLE } from "./index";

async function main(): Promise<void> {
    const only = process.argv.slice(2);
    const unknown = only.filter((t) => !TOOLS.some((s) => s.tool === t));
    if (unknown.length) throw new Error(`unknown tool(s) ${unknown.join(", ")}; known: ${TOOLS.map((t) => t.tool).join(", ")}`);
    const started = Date.now();
    const tc = await ensureToolchain({ only: only.length ? only : undefined, log: (l) => console.log(`[toolchain] ${l}`) });
    console.log(`[toolchain] cache root ${tc.cacheRoot}`);
    for (const t of Object.values(tc.tools)) {
        const how = t.built ? `built in ${(t.ms / 1000).toFixed(1)} s` : "cached";
        console.log(`[toolchain] ${t.tool.padEnd(24)} ${t.module}@${t.version}  ${how}  ${Object.values(t.bin).join(" ")}`);
    }
    console.log(`[toolchain] metallb chart ${tc.metallbChartDir}, CRDs ${tc.metallbCrdDir}`);
    for (const [tool, why] of Object.entries(UNAVAILABLE)) console.log(`[toolchain] ${tool}: unavailable: ${why}`);
    console.log(`[toolchain] total ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((e) => {
    console.error(`[toolchain] ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
});
