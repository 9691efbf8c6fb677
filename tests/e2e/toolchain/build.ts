// Builds every pinned e2e tool into the cache (see index.ts), printing each
// tool, its module@version and how long it took.
//   node -r ts-node/register/transpile-only tests/e2e/toolchain/build.ts [tool ...]
import { ensureToolchain, GO_PROGRAMS_TOOL, PYTHON_VENV, TOOLS, UNAVAILABLE } from "./index";
import { ensureKubernetesProvider, KUBERNETES_PROVIDER_VERSION } from "./kubernetesProvider";

async function main(): Promise<void> {
    const only = process.argv.slice(2);
    const PROVIDER = "pulumi-resource-kubernetes";
    const known = [...TOOLS.map((t) => t.tool), PYTHON_VENV, GO_PROGRAMS_TOOL, PROVIDER];
    const unknown = only.filter((t) => !known.includes(t));
    if (unknown.length) throw new Error(`unknown tool(s) ${unknown.join(", ")}; known: ${known.join(", ")}`);
    const started = Date.now();
    const goTools = only.filter((t) => t !== PROVIDER);
    const log = (l: string) => console.log(`[toolchain] ${l}`);
    const tc = await ensureToolchain({ only: only.length ? goTools : undefined, log });
    if (!only.length || only.includes(PROVIDER)) {
        const p = await ensureKubernetesProvider({ log });
        console.log(
            `[toolchain] ${PROVIDER.padEnd(24)} ${p.module}@${KUBERNETES_PROVIDER_VERSION}  ${p.built ? `built in ${(p.ms / 1000).toFixed(1)} s` : "cached"}  ${p.bin}`,
        );
    }
    console.log(`[toolchain] cache root ${tc.cacheRoot}`);
    for (const t of Object.values(tc.tools)) {
        const how = t.built ? `built in ${(t.ms / 1000).toFixed(1)} s` : "cached";
        console.log(`[toolchain] ${t.tool.padEnd(24)} ${t.module}@${t.version}  ${how}  ${Object.values(t.bin).join(" ")}`);
    }
    if (tc.pythonVenv) {
        const v = tc.pythonVenv;
        console.log(`[toolchain] ${PYTHON_VENV.padEnd(24)} ${v.pythonVersion}  ${v.built ? `built in ${(v.ms / 1000).toFixed(1)} s` : "cached"}  ${v.python}`);
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
