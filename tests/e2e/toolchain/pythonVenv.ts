/**
 * A Python virtualenv with the Pulumi Python SDK 3.248.0 (the CLI's version)
 * and what a generated Python SDK imports (semver, parver: the dependencies
 * pulumi-sdkgen's pyproject.toml lists), installed from PyPI with
 * `pip install --require-hashes -r python/requirements.txt`.
 *
 * Cached under <cache>/python-venv-<digest>/venv, the digest covering
 * requirements.txt and the interpreter's version (the wheels' hashes are for
 * CPython 3.11 on linux x86_64). The venv is built in a temporary folder and
 * renamed into place; its console scripts (bin/pip …) keep the temporary path
 * in their #! line, so callers run bin/python (`bin/python -m pip`), which
 * finds its prefix from pyvenv.cfg beside it.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { runBounded } from "../../support/run";
import { cacheRoot, digest } from "./cache";

export const PYTHON_DIR = path.join(__dirname, "python");
export const REQUIREMENTS = path.join(PYTHON_DIR, "requirements.txt");
/** The interpreter the venv is made from. */
export const BASE_PYTHON = process.env.EDGE_INTERCONNECT_E2E_PYTHON || "python3";

export interface PythonVenv {
    /** The venv folder. */
    dir: string;
    /** Its interpreter. */
    python: string;
    /** Base interpreter version ("Python 3.11.7"). */
    pythonVersion: string;
    /** True when this call built it. */
    built: boolean;
    ms: number;
}

function baseVersion(): string {
    return execFileSync(BASE_PYTHON, ["--version"], { encoding: "utf8", timeout: 30_000 }).trim();
}

/** Cache folder of the venv for the current requirements and interpreter. */
export function pythonVenvCacheDir(version = baseVersion()): string {
    return path.join(cacheRoot(), `python-venv-${digest(PYTHON_DIR, ["requirements.txt"], [version])}`);
}

/** The cached venv's interpreter, or undefined when it has not been built. */
export function cachedPythonVenv(): string | undefined {
    const dir = pythonVenvCacheDir();
    const python = path.join(dir, "venv", "bin", "python");
    return fs.existsSync(path.join(dir, "manifest.json")) && fs.existsSync(python) ? python : undefined;
}

async function step(cmd: string, args: string[], cwd: string, timeoutMs: number): Promise<void> {
    const r = await runBounded(cmd, args, { cwd, env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: "1" }, timeoutMs });
    if (r.code === 0 && !r.timedOut) return;
    const how = r.timedOut ? `timed out after ${timeoutMs / 1000} s` : (r.signal ?? `exit ${r.code}`);
    throw new Error(`${cmd} ${args.join(" ")} failed (${how}):\n${(r.stdout + r.stderr).slice(-4000)}`);
}

export async function ensurePythonVenv(opts: { log?: (line: string) => void; timeoutMs?: number } = {}): Promise<PythonVenv> {
    const log = opts.log ?? (() => undefined);
    const pythonVersion = baseVersion();
    const dir = pythonVenvCacheDir(pythonVersion);
    const python = path.join(dir, "venv", "bin", "python");
    if (fs.existsSync(path.join(dir, "manifest.json")) && fs.existsSync(python)) {
        log(`python-venv: cached in ${dir}`);
        return { dir: path.join(dir, "venv"), python, pythonVersion, built: false, ms: 0 };
    }
    const timeoutMs = opts.timeoutMs ?? 15 * 60_000;
    const started = Date.now();
    fs.mkdirSync(cacheRoot(), { recursive: true });
    const tmp = fs.mkdtempSync(path.join(cacheRoot(), ".tmp-python-venv-"));
    try {
        log(`python-venv: ${BASE_PYTHON} -m venv; pip install --require-hashes -r ${path.relative(process.cwd(), REQUIREMENTS)}`);
        await step(BASE_PYTHON, ["-m", "venv", path.join(tmp, "venv")], tmp, timeoutMs);
        await step(
            path.join(tmp, "venv", "bin", "python"),
            ["-m", "pip", "install", "--no-input", "--require-hashes", "--only-binary", ":all:", "-r", REQUIREMENTS],
            tmp,
            timeoutMs,
        );
        const ms = Date.now() - started;
        const requirements = fs.readFileSync(REQUIREMENTS, "utf8");
        fs.writeFileSync(path.join(tmp, "manifest.json"), JSON.stringify({ tool: "python-venv", pythonVersion, requirements, buildMs: ms }, null, 2));
        try {
            fs.renameSync(tmp, dir);
        } catch (e) {
            // Another process finished first: keep theirs.
            if (!fs.existsSync(path.join(dir, "manifest.json"))) throw e;
            fs.rmSync(tmp, { recursive: true, force: true });
        }
        log(`python-venv: built in ${(ms / 1000).toFixed(1)} s`);
        return { dir: path.join(dir, "venv"), python, pythonVersion, built: true, ms };
    } catch (e) {
        fs.rmSync(tmp, { recursive: true, force: true });
        throw e;
    }
}
