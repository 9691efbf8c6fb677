/**
 * Pulumi programs in YAML, Python and Go for the end-to-end suite, with the
 * toolchain's pieces (tests/e2e/toolchain): the Pulumi CLI 3.248.0, the YAML
 * language host pulumi-language-yaml 1.25.0, pulumi-sdkgen (Python and Go
 * SDKs from a schema), a venv with pulumi 3.248.0 from PyPI, and our Go
 * programs built from the module proxy.
 *
 * Python and Go programs run inline through their Automation API, whose own
 * language server the CLI calls (`--client`), like the Node.js programs of
 * tests/e2e/support/pulumi.ts: pulumi-language-python and pulumi-language-go
 * are not served by the module proxy (Toolchain.unavailable).
 *
 * Every process here is bounded; a failure throws with the end of its output.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runBounded } from "../../support/run";
import {
    cacheRoot,
    ensureGoProgram,
    ensureTool,
    ensureToolchain,
    GO_PROGRAMS_TOOL,
    PYTHON_VENV,
    Toolchain,
    toolCached,
    toolDirName,
    TOOLS,
} from "../toolchain";
import { goEnv } from "../toolchain/cache";
import { ensurePythonVenv } from "../toolchain/pythonVenv";
import { PulumiEnv } from "./pulumi";

/** What ensureToolchain({ only }) needs for programs in other languages. */
export const LANGUAGE_TOOLS = ["pulumi", "pulumi-language-yaml", "pulumi-sdkgen", PYTHON_VENV, GO_PROGRAMS_TOOL];

export function languageToolchain(log?: (line: string) => void): Promise<Toolchain> {
    return ensureToolchain({ only: LANGUAGE_TOOLS, log });
}

export interface RunOptions {
    /** Arguments after the script or program. */
    args?: string[];
    /** Working folder (default: the script's or program's folder). */
    cwd?: string;
    /** Bound (default 5 minutes); past it the process group is killed and the call throws. */
    timeoutMs?: number;
}

/** Runs a command to completion and returns its stdout; throws on a non-zero exit or a timeout. */
async function runChecked(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
    const r = await runBounded(cmd, args, { cwd, env, timeoutMs });
    if (r.code === 0 && !r.timedOut) return r.stdout;
    const how = r.timedOut ? `timed out after ${timeoutMs / 1000} s` : (r.signal ?? `exit ${r.code}`);
    throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) failed (${how}):\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-5000)}`);
}

function cachedBin(tool: string, name: string): string {
    const spec = TOOLS.find((t) => t.tool === tool)!;
    if (!toolCached(spec)) throw new Error(`${tool} is not in the e2e toolchain cache: npm run e2e:toolchain -- ${tool}`);
    return path.join(cacheRoot(), toolDirName(spec), "bin", name);
}

/**
 * PATH for a YAML program: the CLI's folder first (ensureToolchain links
 * pulumi-language-yaml there, where the CLI finds it as a bundled plugin,
 * without its "using … from $PATH" warning), then the YAML host's own folder,
 * then the inherited PATH. Throws when either is not in the cache.
 */
export function yamlEnvPath(): string {
    const pulumiBin = path.dirname(cachedBin("pulumi", "pulumi"));
    const yaml = cachedBin("pulumi-language-yaml", "pulumi-language-yaml");
    const link = path.join(pulumiBin, "pulumi-language-yaml");
    if (!fs.existsSync(link) || fs.realpathSync(link) !== fs.realpathSync(yaml)) {
        throw new Error(`${link} does not lead to ${yaml}: ensureToolchain() links it (npm run e2e:toolchain)`);
    }
    return [pulumiBin, path.dirname(yaml), process.env.PATH ?? ""].join(path.delimiter);
}

/**
 * Writes the Python or Go SDK of a package schema into outDir (replacing it)
 * with pulumi-sdkgen, and returns the files written (relative, sorted).
 * Python: outDir holds pyproject.toml and the package (installPythonSdk
 * installs it). Go: outDir/<package>/… without a go.mod (the import path is
 * the schema's language.go.importBasePath).
 */
export async function generateSdk(
    schemaJsonPath: string,
    language: "python" | "go",
    outDir: string,
    opts: { timeoutMs?: number; /** Schemas of the packages the schema refers to (`-dep`). */ deps?: string[] } = {},
): Promise<string[]> {
    const sdkgen = (await ensureTool(TOOLS.find((t) => t.tool === "pulumi-sdkgen")!, cacheRoot(), () => {}, 20 * 60_000)).bin["pulumi-sdkgen"];
    const deps = (opts.deps ?? []).flatMap((d) => ["-dep", path.resolve(d)]);
    const args = [...deps, path.resolve(schemaJsonPath), language, path.resolve(outDir)];
    const out = await runChecked(sdkgen, args, process.cwd(), process.env, opts.timeoutMs ?? 120_000);
    return out.split("\n").filter(Boolean).sort();
}

/**
 * Installs a generated Python SDK (the outDir of generateSdk) into targetDir,
 * offline, with the venv's pinned setuptools (no build isolation, no index,
 * no dependencies: the venv has them). Returns targetDir, for PYTHONPATH.
 * An installed distribution is needed: the SDK reads its own version from its
 * metadata at import (generated _utilities.py, importlib.metadata.version).
 */
export async function installPythonSdk(sdkDir: string, targetDir: string, opts: { timeoutMs?: number } = {}): Promise<string> {
    const venv = await ensurePythonVenv();
    await runChecked(
        venv.python,
        ["-m", "pip", "install", "--no-input", "--no-deps", "--no-build-isolation", "--no-index", "--target", path.resolve(targetDir), path.resolve(sdkDir)],
        path.resolve(sdkDir),
        { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: "1" },
        opts.timeoutMs ?? 180_000,
    );
    return path.resolve(targetDir);
}

/** Runs a Python script with the toolchain's venv; env is added to this process's environment. Returns stdout. */
export async function runPython(script: string, env: Record<string, string>, opts: RunOptions = {}): Promise<string> {
    const venv = await ensurePythonVenv();
    const file = path.resolve(script);
    return runChecked(venv.python, [file, ...(opts.args ?? [])], opts.cwd ?? path.dirname(file), { ...process.env, ...env }, opts.timeoutMs ?? 300_000);
}

/**
 * Runs one of our Go programs (package main at the root of its own module,
 * go.mod pinned, modules from the proxy): built once per source digest into
 * the toolchain cache, then run; env is added to this process's environment.
 * Returns stdout.
 */
export async function runGoProgram(dir: string, env: Record<string, string>, opts: RunOptions = {}): Promise<string> {
    const built = await ensureGoProgram(dir);
    const bin = Object.values(built.bin)[0];
    return runChecked(bin, opts.args ?? [], opts.cwd ?? path.resolve(dir), { ...process.env, ...env }, opts.timeoutMs ?? 300_000);
}

/** The Go smoke program's module: its go.mod pins github.com/pulumi/pulumi/sdk/v3 v3.248.0, its go.sum every module that brings. */
const GO_PINNED_MODULE = path.resolve(__dirname, "../langs/go/previewsmoke");

/**
 * Makes a generated Go SDK (the outDir of generateSdk) a module of its own:
 * go.mod declaring `modulePath` (the import base path without the package
 * folder) and requiring github.com/pulumi/pulumi/sdk/v3 v3.248.0, the CLI's
 * version, with the go.sum of our pinned Go program (the same requirement).
 * pulumi-sdkgen writes no go.mod unless the schema asks for a "support pack"
 * (pkg/codegen/go/gen.go, GeneratePackage), and that one requires sdk/v3 v3.30.0.
 */
export function writeGoSdkModule(outDir: string, modulePath: string): void {
    const pinned = fs.readFileSync(path.join(GO_PINNED_MODULE, "go.mod"), "utf8");
    const sdk = /^\s*(?:require\s+)?github\.com\/pulumi\/pulumi\/sdk\/v3 (v\S+)/m.exec(pinned);
    if (!sdk) throw new Error(`${GO_PINNED_MODULE}/go.mod does not require github.com/pulumi/pulumi/sdk/v3`);
    const goVersion = /^go (\S+)/m.exec(pinned)![1];
    fs.writeFileSync(path.join(outDir, "go.mod"), `module ${modulePath}\n\ngo ${goVersion}\n\nrequire github.com/pulumi/pulumi/sdk/v3 ${sdk[1]}\n`);
    fs.copyFileSync(path.join(GO_PINNED_MODULE, "go.sum"), path.join(outDir, "go.sum"));
}

/** Builds a Go module folder (`go build -trimpath ./...`, bounded) with the toolchain's Go environment, as the toolchain builds (so Go's build cache is shared): for generated Go SDKs. */
export async function goBuild(dir: string, opts: { timeoutMs?: number } = {}): Promise<void> {
    await runChecked("go", ["build", "-p", "2", "-trimpath", "./..."], path.resolve(dir), goEnv(), opts.timeoutMs ?? 20 * 60_000);
}

/**
 * Environment for our Automation API programs (tests/e2e/langs): the
 * Pulumi environment's variables (backend, PULUMI_HOME, passphrase, no plugin
 * downloads), the CLI's root (the folder holding bin/pulumi, as Python's
 * PulumiCommand(root=…) and Go's auto.PulumiCommandOptions{Root} take it) and
 * the stack's work folder.
 */
export function automationEnv(env: PulumiEnv, toolchain: Toolchain, workDir: string): Record<string, string> {
    if (!toolchain.pulumiBinDir) throw new Error("the toolchain has no Pulumi CLI");
    fs.mkdirSync(workDir, { recursive: true });
    return { ...env.envVars, PULUMI_E2E_ROOT: path.dirname(toolchain.pulumiBinDir), PULUMI_E2E_WORKDIR: workDir };
}
