/**
 * pulumi-resource-kubernetes, built from the Go module proxy.
 *
 * The proxy serves `github.com/pulumi/pulumi-kubernetes/provider/v4` at one
 * version only: the pseudo-version of commit f47bc2d6f199 (2026-01-15, built
 * against pulumi pkg v3.215.0 and sdk/v4 v4.24.0). v4.34.2, the version of
 * the npm @pulumi/kubernetes this package pins, is refused ("403 Forbidden:
 * This module version is not available", checked 2026-12-01). The suite
 * therefore runs that commit, installed under the version the SDK asks the
 * engine for (README, "End-to-end: real control planes").
 *
 * The module cannot be built in place: its main package embeds
 * `schema-embed.json`, which upstream's `go generate` writes from
 * `schema.json` (cmd/pulumi-resource-kubernetes/generate.go), and its go.mod
 * replaces sdk/v4 with a sibling folder the module zip lacks. So the module
 * is copied out of the module cache, the replace is dropped (sdk/v4 then
 * comes from the proxy at the version go.mod requires), generate.go runs, and
 * the binary is built. Nothing of it enters the repository.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runBounded } from "../../support/run";
import { cacheRoot } from "./index";

export const KUBERNETES_PROVIDER_MODULE = "github.com/pulumi/pulumi-kubernetes/provider/v4";
export const KUBERNETES_PROVIDER_VERSION = "v4.0.0-20260115033456-f47bc2d6f199";

export interface KubernetesProvider {
    /** Absolute path of the binary. */
    bin: string;
    module: string;
    version: string;
    /** True when this call built it. */
    built: boolean;
    ms: number;
}

/** Runs one build step; a failure names the module and shows the end of Go's output. */
async function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
    const r = await runBounded(cmd, args, { cwd, env, timeoutMs });
    if (r.code === 0 && !r.timedOut) return r.stdout;
    const how = r.timedOut ? `timed out after ${timeoutMs / 1000} s` : (r.signal ?? `exit ${r.code}`);
    throw new Error(
        `${cmd} ${args.join(" ")} failed for ${KUBERNETES_PROVIDER_MODULE}@${KUBERNETES_PROVIDER_VERSION} (${how}):\n${(r.stdout + r.stderr).slice(-4000)}`,
    );
}

/** Where the cached binary lives. */
export function kubernetesProviderDir(): string {
    return path.join(cacheRoot(), `pulumi-resource-kubernetes-${KUBERNETES_PROVIDER_VERSION}`);
}

/** The cached binary, or undefined when it has not been built. */
export function cachedKubernetesProvider(): string | undefined {
    const dir = kubernetesProviderDir();
    const bin = path.join(dir, "bin", "pulumi-resource-kubernetes");
    return fs.existsSync(path.join(dir, "manifest.json")) && fs.existsSync(bin) ? bin : undefined;
}

/** Builds the provider once into the cache; later calls reuse it. */
export async function ensureKubernetesProvider(opts: { log?: (line: string) => void; timeoutMs?: number } = {}): Promise<KubernetesProvider> {
    const log = opts.log ?? (() => undefined);
    const cached = cachedKubernetesProvider();
    if (cached) {
        log(`pulumi-resource-kubernetes: ${KUBERNETES_PROVIDER_MODULE}@${KUBERNETES_PROVIDER_VERSION} cached in ${path.dirname(path.dirname(cached))}`);
        return { bin: cached, module: KUBERNETES_PROVIDER_MODULE, version: KUBERNETES_PROVIDER_VERSION, built: false, ms: 0 };
    }
    const timeoutMs = opts.timeoutMs ?? 45 * 60_000;
    const started = Date.now();
    log(`pulumi-resource-kubernetes: building ${KUBERNETES_PROVIDER_MODULE}@${KUBERNETES_PROVIDER_VERSION} …`);
    fs.mkdirSync(cacheRoot(), { recursive: true });
    const tmp = fs.mkdtempSync(path.join(cacheRoot(), ".tmp-pulumi-resource-kubernetes-"));
    const env: NodeJS.ProcessEnv = { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-mod=mod -buildvcs=false", GOTOOLCHAIN: process.env.GOTOOLCHAIN || "local" };
    try {
        const info = JSON.parse(
            await run("go", ["mod", "download", "-json", `${KUBERNETES_PROVIDER_MODULE}@${KUBERNETES_PROVIDER_VERSION}`], os.tmpdir(), env, timeoutMs),
        );
        if (!info.Dir)
            throw new Error(`go mod download gave no folder for ${KUBERNETES_PROVIDER_MODULE}@${KUBERNETES_PROVIDER_VERSION}: ${JSON.stringify(info)}`);
        const src = path.join(tmp, "src");
        fs.cpSync(info.Dir, src, { recursive: true });
        // The module cache is read-only.
        await run("chmod", ["-R", "u+w", src], tmp, env, 60_000);
        await run("go", ["mod", "edit", "-dropreplace", "github.com/pulumi/pulumi-kubernetes/sdk/v4"], src, env, timeoutMs);
        // generate.go stamps this version into the embedded schema.
        await run("go", ["run", "generate.go"], path.join(src, "cmd/pulumi-resource-kubernetes"), { ...env, VERSION: KUBERNETES_PROVIDER_VERSION }, timeoutMs);
        const bin = path.join(tmp, "bin", "pulumi-resource-kubernetes");
        const ldflags = `-s -w -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=${KUBERNETES_PROVIDER_VERSION.replace(/^v/, "")}`;
        await run("go", ["build", "-p", "2", "-trimpath", "-ldflags", ldflags, "-o", bin, "./cmd/pulumi-resource-kubernetes"], src, env, timeoutMs);
        fs.rmSync(src, { recursive: true, force: true });
        const ms = Date.now() - started;
        fs.writeFileSync(
            path.join(tmp, "manifest.json"),
            JSON.stringify(
                { tool: "pulumi-resource-kubernetes", module: KUBERNETES_PROVIDER_MODULE, version: KUBERNETES_PROVIDER_VERSION, buildMs: ms },
                null,
                2,
            ),
        );
        const dir = kubernetesProviderDir();
        fs.rmSync(dir, { recursive: true, force: true });
        fs.renameSync(tmp, dir);
        log(`pulumi-resource-kubernetes: built in ${Math.round(ms / 1000)} s`);
        return {
            bin: path.join(dir, "bin", "pulumi-resource-kubernetes"),
            module: KUBERNETES_PROVIDER_MODULE,
            version: KUBERNETES_PROVIDER_VERSION,
            built: true,
            ms,
        };
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}
