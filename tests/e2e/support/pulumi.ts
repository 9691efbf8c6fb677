/**
 * The real Pulumi CLI, driven through the Automation API with an inline
 * program: the CLI (built by the toolchain) runs the engine, the local
 * backend and the provider plugins; the program runs in this process, served
 * to the CLI by @pulumi/pulumi's own language server (`pulumi up --client`),
 * which is how inline programs work upstream
 * (@pulumi/pulumi/automation/localWorkspace.ts, `runPulumiCmd` with
 * `--client=<address>`). That is also why no `pulumi-language-nodejs`
 * binary is needed: the module proxy does not serve it.
 *
 * Nothing may be downloaded: the kubernetes plugin is installed from the
 * toolchain's binary into a private PULUMI_HOME, the package's provider
 * plugin is bin/pulumi-resource-edge-interconnect on PATH (it runs dist/,
 * which must be built), and the dynamic-provider plugin (for the migration
 * test's legacy stack) is the toolchain's shim on PATH.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EngineEvent, LocalWorkspace, OpType, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { Toolchain } from "../toolchain";
import { ensureKubernetesProvider } from "../toolchain/kubernetesProvider";

export const REPO = path.resolve(__dirname, "../../..");

/** Version of @pulumi/kubernetes the programs load; the engine asks for a plugin of exactly this version. */
export function kubernetesSdkVersion(): string {
    return JSON.parse(fs.readFileSync(path.join(REPO, "node_modules/@pulumi/kubernetes/package.json"), "utf8")).version;
}

export interface PulumiEnv {
    /** Temporary folder holding the backend, PULUMI_HOME and the work folder. */
    dir: string;
    workDir: string;
    envVars: Record<string, string>;
    command: PulumiCommand;
    /** Removes the folder. */
    cleanup(): void;
}

export interface PulumiEnvOptions {
    log?: (line: string) => void;
    /** Install the kubernetes plugin (default true); programs that never use it can do without. */
    kubernetesPlugin?: boolean;
    /** More environment for the CLI and the plugins it starts. */
    env?: Record<string, string>;
}

/**
 * A private Pulumi environment: local file backend, passphrase secrets,
 * plugins installed from the toolchain, update checks off.
 */
export async function pulumiEnv(toolchain: Toolchain, label: string, opts: PulumiEnvOptions = {}): Promise<PulumiEnv> {
    if (!toolchain.pulumi || !toolchain.pulumiBinDir) throw new Error(`the toolchain has no Pulumi CLI: ${JSON.stringify(toolchain.unavailable)}`);
    const provider = opts.kubernetesPlugin === false ? undefined : (await ensureKubernetesProvider({ log: opts.log })).bin;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `e2e-pulumi-${label}-`));
    const workDir = path.join(dir, "work");
    const home = path.join(dir, "home");
    const backend = path.join(dir, "backend");
    for (const d of [workDir, home, backend]) fs.mkdirSync(d, { recursive: true });
    // The dynamic-provider shim runs ./node_modules/@pulumi/pulumi/cmd/dynamic-provider from the work folder.
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(workDir, "node_modules"));
    const envVars: Record<string, string> = {
        PULUMI_HOME: home,
        PULUMI_BACKEND_URL: `file://${backend}`,
        PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase-not-a-secret",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
        // No ambient cluster: a provider without a kubeconfig must not find one.
        KUBECONFIG: path.join(dir, "no-kubeconfig"),
        // The engine takes a plugin found on PATH (`pulumi-resource-<name>`) before any installed one:
        // sdk/v3@v3.248.0 go/common/workspace/plugins.go, GetPluginPath, lines 2136-2146 (`exec.LookPath(filename)`)
        // and 2181-2198 (the ambient path wins). So the engine runs this repository's plugin.
        PATH: `${toolchain.pulumiBinDir}:${path.join(REPO, "bin")}:${process.env.PATH}`,
        ...opts.env,
    };
    // The engine looks the plugin up by the version the SDK asks for (plugins/resource-kubernetes-v<version>).
    if (provider) {
        execFileSync(toolchain.pulumi, ["plugin", "install", "resource", "kubernetes", `v${kubernetesSdkVersion()}`, "--file", provider], {
            env: { ...process.env, ...envVars },
            stdio: ["ignore", "pipe", "pipe"],
            timeout: 120_000,
        });
    }
    const command = await PulumiCommand.get({ root: path.dirname(toolchain.pulumiBinDir), skipVersionCheck: true });
    return { dir, workDir, envVars, command, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** `pulumi stack export --stack <stack>` as the CLI prints it without --show-secrets (the Automation API's exportStack passes that flag). */
export function rawExport(pulumiBin: string, env: PulumiEnv, stack: string): string {
    return execFileSync(pulumiBin, ["stack", "export", "--stack", stack], {
        cwd: env.workDir,
        env: { ...process.env, ...env.envVars },
        encoding: "utf8",
        timeout: 120_000,
    });
}

/** Runs `modulePath` afresh as the program: its exports are the stack outputs. */
export function programOf(modulePath: string, before?: () => void): () => Promise<Record<string, unknown>> {
    return async () => {
        before?.();
        const resolved = require.resolve(modulePath);
        delete require.cache[resolved];
        const exported = require(resolved);
        // As Pulumi's Node.js runtime does (@pulumi/pulumi cmd/run/run.js): an exported function is the program.
        return exported instanceof Function ? exported() : exported;
    };
}

export async function inlineStack(env: PulumiEnv, projectName: string, stackName: string, program: () => Promise<Record<string, unknown>>): Promise<Stack> {
    return LocalWorkspace.createOrSelectStack(
        { projectName, stackName, program },
        { workDir: env.workDir, pulumiCommand: env.command, envVars: env.envVars, projectSettings: { name: projectName, runtime: "nodejs" } },
    );
}

/** One step of a preview or update: what happened to which resource. */
export interface Step {
    op: OpType;
    urn: string;
    type: string;
    /** The resource's name (last part of the URN). */
    name: string;
    /** Changed top-level input keys, where the engine reports them. */
    diffs: string[];
}

/** Collects the engine's steps (resource pre-events) of one operation. */
export function stepRecorder(): { onEvent: (e: EngineEvent) => void; steps: Step[] } {
    const steps: Step[] = [];
    return {
        steps,
        onEvent: (e) => {
            const m = e.resourcePreEvent?.metadata;
            if (!m) return;
            steps.push({ op: m.op, urn: m.urn, type: m.type, name: m.urn.split("::").pop()!, diffs: [...(m.diffs ?? [])] });
        },
    };
}

/**
 * Steps other than `same` (and `read`), as "op name"; a replacement's own
 * create and delete steps fold into its `replace`. Left out as well: the
 * engine's update, with no changed key, of a default provider of this
 * package's plugins (`edge-interconnect`, or `pulumi-nodejs` for the dynamic
 * resources the migration test's legacy stack has), which it makes whenever
 * the stack's configuration changes (seen with CLI 3.248.0: a default
 * provider's inputs are the stack's `<package>:*` configuration, pkg/v3@v3.248.0
 * resource/deploy/default_providers.go line 141, and the
 * root program's configuration is `edge-interconnect:*`; the plugin's
 * Configure ignores it, @pulumi/pulumi provider/server.js lines 120-126);
 * nothing reaches a cluster or the orchestrator through it.
 */
export function changes(steps: Step[]): string[] {
    return steps
        .filter((s) => !["same", "read", "create-replacement", "delete-replaced"].includes(s.op) && s.type !== "pulumi:pulumi:Stack")
        .filter(
            (s) =>
                !(
                    s.op === "update" &&
                    ["pulumi:providers:pulumi-nodejs", "pulumi:providers:edge-interconnect"].includes(s.type) &&
                    s.name.startsWith("default") &&
                    s.diffs.length === 0
                ),
        )
        .map((s) => `${s.op} ${s.name}${s.type.startsWith("pulumi:providers:") ? ` (${s.type}${s.diffs.length ? `: ${s.diffs.join(",")}` : ""})` : ""}`)
        .sort();
}
