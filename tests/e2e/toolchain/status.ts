/**
 * Whether the end-to-end toolchain is complete in the cache, without building
 * anything: one line per tool, exit code 0 when everything is there, 1 when
 * something is missing. `.ci/run` asks it before running the suite.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { cacheRoot, TOOLS } from "./index";
import { cachedKubernetesProvider, KUBERNETES_PROVIDER_MODULE, KUBERNETES_PROVIDER_VERSION } from "./kubernetesProvider";

const missing: string[] = [];
for (const t of TOOLS) {
    const dir = path.join(cacheRoot(), `${t.tool}-${t.version}`);
    const ok = fs.existsSync(path.join(dir, "manifest.json"));
    console.log(`e2e toolchain: ${ok ? "cached " : "MISSING"} ${t.tool} (${t.module}@${t.version})`);
    if (!ok) missing.push(t.tool);
}
const provider = cachedKubernetesProvider();
console.log(`e2e toolchain: ${provider ? "cached " : "MISSING"} pulumi-resource-kubernetes (${KUBERNETES_PROVIDER_MODULE}@${KUBERNETES_PROVIDER_VERSION})`);
if (!provider) missing.push("pulumi-resource-kubernetes");
console.log(`e2e toolchain: cache ${cacheRoot()}${missing.length ? `; missing: ${missing.join(", ")}` : ""}`);
process.exit(missing.length ? 1 : 0);
