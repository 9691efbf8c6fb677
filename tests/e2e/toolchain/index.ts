// Pinned binaries for the end-to-end suite, built from the Go module proxy and
// cached outside the repository.
//
// Each tool is one Go module under this folder (go.mod + go.sum + tools.go with
// blank imports). `ensureToolchain()` builds every tool once per version into
//   ${EDGE_INTERCONNECT_E2E_CACHE:-${XDG_CACHE_HOME:-~/.cache}/pulumi-edge-interconnect-e2e}/<tool>-<version>/
// (into a temporary folder first, then renamed into place, so a half-built tool
// is never reused) and returns the paths. Later runs reuse the cache.
//
// What the registries here cannot provide is listed in `Toolchain.unavailable`
// with the reason (see UNAVAILABLE below); callers must skip, not fail, on those.

import * as fs from "fs";
import * as path from "path";
import { runBounded } from "../../support/run";
import { cacheRoot, digest, goEnv, goSourceFiles } from "./cache";
import { GO_PROGRAMS, goProgramSpec } from "./goPrograms";
import { ensurePythonVenv, PythonVenv } from "./pythonVenv";

export { cacheRoot } from "./cache";

/** One Go binary: the package to build and the name of the resulting file. */
interface BinarySpec {
    pkg: string;
    name: string;
    ldflags?: string[];
}

/** One tool: a Go module in this folder, pinned at one version of its upstream module. */
export interface ToolSpec {
    /** Cache folder prefix and the key in Toolchain.tools. */
    tool: string;
    /** Folder holding go.mod/go.sum/tools.go, relative to tests/e2e/toolchain (or absolute). */
    moduleDir: string;
    /** Upstream module path and version, as pinned in that go.mod. */
    module: string;
    version: string;
    binaries: BinarySpec[];
    /**
     * The module folder holds our own code (not only blank imports): the cache
     * folder then also carries a digest of its go.mod, go.sum and .go files,
     * so an edit builds it anew instead of reusing a stale binary.
     */
    ownSource?: boolean;
}

const PULUMI_VERSION = "v3.248.0";
const PULUMI_YAML_VERSION = "v1.25.0";

/** Build order: etcd, kube-apiserver, kube-controller-manager, metallb, pulumi, pulumi-language-yaml, pulumi-sdkgen. */
export const TOOLS: readonly ToolSpec[] = [
    {
        tool: "etcd",
        moduleDir: "etcd",
        module: "go.etcd.io/etcd/server/v3",
        version: "v3.6.16",
        // go.etcd.io/etcd/server/v3@v3.6.16/main.go is package main (etcdmain.Main).
        binaries: [{ pkg: "go.etcd.io/etcd/server/v3", name: "etcd" }],
    },
    {
        tool: "kube-apiserver",
        moduleDir: "kubernetes",
        module: "k8s.io/kubernetes",
        version: "v1.34.4",
        binaries: [{ pkg: "k8s.io/kubernetes/cmd/kube-apiserver", name: "kube-apiserver", ldflags: k8sVersionLdflags("v1.34.4") }],
    },
    {
        tool: "kube-controller-manager",
        moduleDir: "kubernetes",
        module: "k8s.io/kubernetes",
        version: "v1.34.4",
        binaries: [
            {
                pkg: "k8s.io/kubernetes/cmd/kube-controller-manager",
                name: "kube-controller-manager",
                ldflags: k8sVersionLdflags("v1.34.4"),
            },
        ],
    },
    {
        tool: "metallb",
        moduleDir: "metallb",
        module: "go.universe.tf/metallb",
        version: "v0.15.3",
        binaries: [{ pkg: "go.universe.tf/metallb/controller", name: "metallb-controller" }],
    },
    {
        tool: "pulumi",
        moduleDir: "pulumi",
        module: "github.com/pulumi/pulumi/pkg/v3",
        version: PULUMI_VERSION,
        binaries: [
            {
                pkg: "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi",
                name: "pulumi",
                // sdk/v3/go/common/version/version.go: `var Version string`, set by the release build.
                ldflags: [`-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${PULUMI_VERSION}`],
            },
        ],
    },
    {
        // The YAML language host, for YAML programs (`runtime: yaml`): the CLI
        // starts it as a plugin. Upstream ships it next to the CLI; ensureToolchain
        // links it there (see linkBundledPlugin).
        tool: "pulumi-language-yaml",
        moduleDir: "yaml",
        module: "github.com/pulumi/pulumi-yaml",
        version: PULUMI_YAML_VERSION,
        binaries: [
            {
                pkg: "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml",
                name: "pulumi-language-yaml",
                // pulumi-yaml@v1.25.0 pkg/version/version.go: `var Version string`, set by the release build;
                // pkg/server/server.go reports it in GetPluginInfo.
                ldflags: [`-X github.com/pulumi/pulumi-yaml/pkg/version.Version=${PULUMI_YAML_VERSION}`],
            },
        ],
    },
    {
        // Our generator of Python and Go SDKs from a schema (sdkgen/main.go says why).
        tool: "pulumi-sdkgen",
        moduleDir: "sdkgen",
        module: "github.com/pulumi/pulumi/pkg/v3",
        version: PULUMI_VERSION,
        binaries: [{ pkg: ".", name: "pulumi-sdkgen" }],
        ownSource: true,
    },
];

/** Absolute folder of a tool's Go module. */
export function toolModuleDir(spec: ToolSpec): string {
    return path.resolve(TOOLCHAIN_DIR, spec.moduleDir);
}

/** Cache folder name of a tool: <tool>-<version>, plus the source digest for our own code. */
export function toolDirName(spec: ToolSpec): string {
    const base = `${spec.tool}-${spec.version}`;
    if (!spec.ownSource) return base;
    const dir = toolModuleDir(spec);
    return `${base}-src${digest(dir, goSourceFiles(dir))}`;
}

/** Whether a tool is complete in the cache (its manifest is written last). */
export function toolCached(spec: ToolSpec, root = cacheRoot()): boolean {
    const dir = path.join(root, toolDirName(spec));
    return fs.existsSync(path.join(dir, "manifest.json")) && spec.binaries.every((b) => fs.existsSync(path.join(dir, "bin", b.name)));
}

/**
 * Tools the brief asked for that the Go module proxy reachable here does not
 * serve (checked 2026-12-01: `go mod download` answers "403 Forbidden: This
 * module version is not available" for every version, tag or pseudo-version).
 */
export const UNAVAILABLE: Readonly<Record<string, string>> = {
    "skupper-site-controller":
        "github.com/skupperproject/skupper is not served by the module proxy at any version " +
        "(tag 1.9.6 = commit 7b5debe150619e6f01f4ef22d8077ab4acacc807, pseudo-version " +
        "v0.0.0-20260618132921-7b5debe15061: 403 not available)",
    "pulumi-language-python":
        "github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3 is not served by the module proxy. Not needed: " +
        "Python programs run inline through the Automation API (pulumi 3.248.0 from PyPI, pythonVenv), whose own language " +
        "server the CLI calls; Python SDKs come from pulumi-sdkgen instead of `pulumi package gen-sdk`",
    "pulumi-language-go":
        "github.com/pulumi/pulumi/sdk/go/pulumi-language-go/v3 is not served by the module proxy. Not needed: Go programs " +
        "run inline through the Automation API (sdk/v3 go/auto); Go SDKs come from pulumi-sdkgen instead of `pulumi package gen-sdk`",
    "pulumi-language-nodejs":
        "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 is not served by the module proxy " +
        "(no version list, @latest refused); the sdk/v3@v3.248.0 zip leaves that nested module out. Not needed: the suite " +
        "runs programs inline through the Automation API, whose own language server the CLI calls (tests/e2e/support/pulumi.ts)",
    "pulumi-resource-kubernetes":
        "github.com/pulumi/pulumi-kubernetes/provider/v4 is served only at v4.0.0-20260115033456-f47bc2d6f199 " +
        "(a pre-4.25.0 commit), not at the commit of v4.34.2; that commit is built instead (kubernetesProvider.ts)",
};

function k8sVersionLdflags(version: string): string[] {
    // k8s.io/component-base/version/base.go: gitVersion etc. are set with -X by hack/lib/version.sh.
    const base = "k8s.io/component-base/version";
    const [maj, min] = version.replace(/^v/, "").split(".");
    return [
        `-X ${base}.gitVersion=${version}`,
        `-X ${base}.gitMajor=${maj}`,
        `-X ${base}.gitMinor=${min}`,
        `-X ${base}.gitTreeState=clean`,
        `-X ${base}.buildDate=1970-01-01T00:00:00Z`,
    ];
}

export interface BuiltTool {
    tool: string;
    module: string;
    version: string;
    /** Cache folder for this tool and version. */
    dir: string;
    /** Binary name → absolute path. */
    bin: Record<string, string>;
    /** True when this call built it; false when it came from the cache. */
    built: boolean;
    /** Build time in milliseconds (0 when cached). */
    ms: number;
}

export interface Toolchain {
    /** Cache root holding every <tool>-<version> folder. */
    cacheRoot: string;
    /** Absolute paths of the binaries. */
    etcd: string;
    kubeApiserver: string;
    kubeControllerManager: string;
    metallbController: string;
    /** MetalLB module source (read-only, Go module cache): charts/metallb and config/crd. */
    metallbModuleDir: string;
    /** charts/metallb of go.universe.tf/metallb@v0.15.3 (Chart.yaml, templates, charts/crds). */
    metallbChartDir: string;
    /** config/crd/bases of go.universe.tf/metallb@v0.15.3: the CRD YAML files. */
    metallbCrdDir: string;
    /** Pulumi CLI (absent when its build was skipped). */
    pulumi?: string;
    /** Folder to put first on PATH for Pulumi: the CLI and our pulumi-resource-pulumi-nodejs shim. */
    pulumiBinDir?: string;
    /** pulumi-language-nodejs; undefined: not served by the module proxy (see unavailable). */
    pulumiLanguageNodejs?: string;
    /** pulumi-resource-kubernetes 4.34.2; undefined: not served at that version (see unavailable). */
    pulumiResourceKubernetes?: string;
    /** Skupper 1.9.6 cmd/site-controller; undefined: not served by the module proxy (see unavailable). */
    skupperSiteController?: string;
    /** pulumi-language-yaml 1.25.0 (also linked next to the CLI in pulumiBinDir); undefined when not built. */
    pulumiLanguageYaml?: string;
    /** pulumi-sdkgen: Python and Go SDKs from a schema (sdkgen/main.go); undefined when not built. */
    sdkgen?: string;
    /** The venv with pulumi 3.248.0 from PyPI (pythonVenv.ts); undefined when not built. */
    pythonVenv?: PythonVenv;
    /** Our prebuilt Go programs (goPrograms.ts), by folder name → binary. */
    goPrograms: Record<string, string>;
    /** Versions pinned, by tool. */
    versions: Record<string, string>;
    /** Every tool built or reused, by tool. */
    tools: Record<string, BuiltTool>;
    /** Tools that cannot be had here, with the reason. */
    unavailable: Record<string, string>;
}

/** Names `only` takes besides the TOOLS: the Python venv and our Go programs. */
export const PYTHON_VENV = "python-venv";
export const GO_PROGRAMS_TOOL = "go-programs";

export interface EnsureOptions {
    /** Tools to build (default: all), by TOOLS[].tool, PYTHON_VENV or GO_PROGRAMS_TOOL. */
    only?: string[];
    /** Progress lines (default: nothing). */
    log?: (line: string) => void;
    /** Bound on one `go build` (default 45 minutes). */
    timeoutMs?: number;
}

const TOOLCHAIN_DIR = __dirname;

const run = runBounded;

/** Directory of a module in the Go module cache (downloads it if needed). */
export async function moduleDir(moduleDirName: string, modulePath: string): Promise<string> {
    const r = await run("go", ["list", "-m", "-f", "{{.Dir}}", modulePath], {
        cwd: path.join(TOOLCHAIN_DIR, moduleDirName),
        env: goEnv(),
        timeoutMs: 10 * 60_000,
    });
    const dir = r.stdout.trim();
    if (r.code !== 0 || !dir) {
        // `go list -m` leaves Dir empty until the module is downloaded.
        const d = await run("go", ["mod", "download", "-json", modulePath], {
            cwd: path.join(TOOLCHAIN_DIR, moduleDirName),
            env: goEnv(),
            timeoutMs: 10 * 60_000,
        });
        const parsed = JSON.parse(d.stdout || "{}");
        if (!parsed.Dir) throw new Error(`cannot locate ${modulePath} in the module cache: ${d.stderr}${parsed.Error ?? ""}`);
        return parsed.Dir;
    }
    return dir;
}

export async function ensureTool(spec: ToolSpec, root: string, log: (s: string) => void, timeoutMs: number): Promise<BuiltTool> {
    const dir = path.join(root, toolDirName(spec));
    const bin: Record<string, string> = {};
    for (const b of spec.binaries) bin[b.name] = path.join(dir, "bin", b.name);
    const complete = () => spec.binaries.every((b) => fs.existsSync(bin[b.name])) && fs.existsSync(path.join(dir, "manifest.json"));
    if (complete()) {
        log(`${spec.tool}: ${spec.module}@${spec.version} cached in ${dir}`);
        return { tool: spec.tool, module: spec.module, version: spec.version, dir, bin, built: false, ms: 0 };
    }
    fs.mkdirSync(root, { recursive: true });
    const tmp = fs.mkdtempSync(path.join(root, `.tmp-${spec.tool}-${spec.version}-`));
    const started = Date.now();
    try {
        fs.mkdirSync(path.join(tmp, "bin"));
        for (const b of spec.binaries) {
            const ldflags = ["-s", "-w", ...(b.ldflags ?? [])].join(" ");
            const args = ["build", "-p", "2", "-trimpath", "-ldflags", ldflags, "-o", path.join(tmp, "bin", b.name), b.pkg];
            log(`${spec.tool}: go ${args.join(" ")} (in ${path.relative(process.cwd(), toolModuleDir(spec)) || "."})`);
            const r = await run("go", args, { cwd: toolModuleDir(spec), env: goEnv(), timeoutMs });
            if (r.code !== 0) {
                const why = r.timedOut ? `timed out after ${timeoutMs} ms` : `exit code ${r.code}`;
                throw new Error(`building ${spec.tool} (${spec.module}@${spec.version}, package ${b.pkg}) failed: ${why}\n${r.stderr}${r.stdout}`);
            }
        }
        const ms = Date.now() - started;
        fs.writeFileSync(
            path.join(tmp, "manifest.json"),
            JSON.stringify({ tool: spec.tool, module: spec.module, version: spec.version, binaries: spec.binaries, buildMs: ms }, null, 2),
        );
        try {
            fs.renameSync(tmp, dir);
        } catch (e) {
            // Another process finished the same tool first: keep theirs.
            if (!complete()) throw e;
            fs.rmSync(tmp, { recursive: true, force: true });
        }
        log(`${spec.tool}: ${spec.module}@${spec.version} built in ${(ms / 1000).toFixed(1)} s`);
        return { tool: spec.tool, module: spec.module, version: spec.version, dir, bin, built: true, ms };
    } catch (e) {
        fs.rmSync(tmp, { recursive: true, force: true });
        throw e;
    }
}

/** Builds (once per source digest) one of our Go programs: package main at the root of its own module. */
export async function ensureGoProgram(dir: string, opts: { log?: (line: string) => void; timeoutMs?: number } = {}): Promise<BuiltTool> {
    return ensureTool(goProgramSpec(dir), cacheRoot(), opts.log ?? (() => {}), opts.timeoutMs ?? 20 * 60_000);
}

/**
 * Puts a language plugin next to the CLI, where upstream's release ships it.
 * The CLI looks for pulumi-language-<name> on PATH and next to its own
 * executable (a "bundled" plugin) and warns "using … from $PATH" on every
 * operation when the two differ (sdk/v3@v3.248.0 go/common/workspace/plugins.go,
 * getPluginInfoAndPath and IsPluginBundled, which lists yaml): a symlink in
 * the CLI's folder, first on PATH, makes them the same file.
 */
function linkBundledPlugin(binDir: string, target: string): void {
    const link = path.join(binDir, path.basename(target));
    try {
        if (fs.readlinkSync(link) === target) return;
    } catch {
        /* absent or not a link */
    }
    const tmp = `${link}.${process.pid}.tmp`;
    fs.rmSync(tmp, { force: true });
    fs.symlinkSync(target, tmp);
    fs.renameSync(tmp, link);
}

/**
 * The shim the Pulumi CLI runs for dynamic providers of Node.js programs
 * ("pulumi-resource-pulumi-nodejs"). Upstream ships it next to the CLI as
 * `node ./node_modules/@pulumi/pulumi/cmd/dynamic-provider $@`, relative to the
 * program folder (the CLI starts plugins in the program's folder); npm's
 * @pulumi/pulumi ships cmd/dynamic-provider/index.js.
 */
function writeDynamicProviderShim(binDir: string): void {
    const file = path.join(binDir, "pulumi-resource-pulumi-nodejs");
    const body = '#!/bin/sh\nexec node ./node_modules/@pulumi/pulumi/cmd/dynamic-provider "$@"\n';
    if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === body) return;
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, body, { mode: 0o755 });
    fs.renameSync(tmp, file);
}

export async function ensureToolchain(opts: EnsureOptions = {}): Promise<Toolchain> {
    const root = cacheRoot();
    const log = opts.log ?? (() => {});
    const timeoutMs = opts.timeoutMs ?? 45 * 60_000;
    const tools: Record<string, BuiltTool> = {};
    for (const spec of TOOLS) {
        if (opts.only && !opts.only.includes(spec.tool)) continue;
        tools[spec.tool] = await ensureTool(spec, root, log, timeoutMs);
    }
    const need = (tool: string, name: string): string => {
        const t = tools[tool];
        if (!t) return "";
        return t.bin[name];
    };
    const wanted = (name: string) => !opts.only || opts.only.includes(name);
    const pythonVenv = wanted(PYTHON_VENV) ? await ensurePythonVenv({ log, timeoutMs }) : undefined;
    const goPrograms: Record<string, string> = {};
    if (wanted(GO_PROGRAMS_TOOL)) {
        for (const dir of GO_PROGRAMS) {
            const built = await ensureGoProgram(dir, { log, timeoutMs });
            tools[built.tool] = built;
            goPrograms[path.basename(dir)] = Object.values(built.bin)[0];
        }
    }
    const metallbModuleDir = await moduleDir("metallb", "go.universe.tf/metallb");
    let pulumiBinDir: string | undefined;
    if (tools.pulumi) {
        pulumiBinDir = path.join(tools.pulumi.dir, "bin");
        writeDynamicProviderShim(pulumiBinDir);
        if (tools["pulumi-language-yaml"]) linkBundledPlugin(pulumiBinDir, tools["pulumi-language-yaml"].bin["pulumi-language-yaml"]);
    }
    const versions: Record<string, string> = {};
    for (const spec of TOOLS) versions[spec.tool] = spec.version;
    return {
        cacheRoot: root,
        etcd: need("etcd", "etcd"),
        kubeApiserver: need("kube-apiserver", "kube-apiserver"),
        kubeControllerManager: need("kube-controller-manager", "kube-controller-manager"),
        metallbController: need("metallb", "metallb-controller"),
        metallbModuleDir,
        metallbChartDir: path.join(metallbModuleDir, "charts", "metallb"),
        metallbCrdDir: path.join(metallbModuleDir, "config", "crd", "bases"),
        pulumi: tools.pulumi ? tools.pulumi.bin.pulumi : undefined,
        pulumiBinDir,
        pulumiLanguageNodejs: undefined,
        pulumiResourceKubernetes: undefined,
        skupperSiteController: undefined,
        pulumiLanguageYaml: tools["pulumi-language-yaml"]?.bin["pulumi-language-yaml"],
        sdkgen: tools["pulumi-sdkgen"]?.bin["pulumi-sdkgen"],
        pythonVenv,
        goPrograms,
        versions,
        tools,
        unavailable: { ...UNAVAILABLE },
    };
}
