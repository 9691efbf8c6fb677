/**
 * Whether the end-to-end toolchain is complete in the cache, without building
 * anything: one line per tool, exit code 0 when everything is there, 1 when
 * something is missing. `.ci/run` asks it before running the suite.
 */
import * as path from "node:path";
import { GO_PROGRAMS, goProgramSpec } from "./goPrograms";
import { cacheRoot, toolCached, toolDirName, TOOLS } from "./index";
import { cachedKubernetesProvider, KUBERNETES_PROVIDER_MODULE, KUBERNETES_PROVIDER_VERSION } from "./kubernetesProvider";
import { cachedPythonVenv, pythonVenvCacheDir, REQUIREMENTS } from "./pythonVenv";

const missing: string[] = [];
const line = (ok: boolean, name: string, what: string) => {
    console.log(`e2e toolchain: ${ok ? "cached " : "MISSING"} ${name} (${what})`);
    if (!ok) missing.push(name);
};
for (const t of TOOLS) line(toolCached(t), t.tool, `${t.module}@${t.version}${t.ownSource ? `, ${toolDirName(t)}` : ""}`);
line(!!cachedKubernetesProvider(), "pulumi-resource-kubernetes", `${KUBERNETES_PROVIDER_MODULE}@${KUBERNETES_PROVIDER_VERSION}`);
line(!!cachedPythonVenv(), "python-venv", `${path.relative(process.cwd(), REQUIREMENTS)}, ${path.basename(pythonVenvCacheDir())}`);
for (const dir of GO_PROGRAMS) {
    const spec = goProgramSpec(dir);
    line(toolCached(spec), spec.tool, `${path.relative(process.cwd(), dir)}, ${toolDirName(spec)}`);
}
console.log(`e2e toolchain: cache ${cacheRoot()}${missing.length ? `; missing: ${missing.join(", ")}` : ""}`);
process.exit(missing.length ? 1 : 0);
