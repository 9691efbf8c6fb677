// Child processes for the harness: each runs in its own process group (under a
// guard shell that ends it when this process ends, see GUARD), writes
// stdout+stderr to its own log file, has a lifetime bound (killed when it runs
// past `maxLifetimeMs`), and is killed with its group by stop() or, failing
// that, when this Node process exits.

import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";

export interface ManagedProcess {
    name: string;
    pid: number;
    logFile: string;
    /** Exit code or signal once it ended; undefined while running. */
    exit?: { code: number | null; signal: NodeJS.Signals | null };
    /** Resolves when the process has ended. */
    exited: Promise<void>;
    /** SIGTERM to the group, then SIGKILL after `graceMs`; resolves within graceMs + 2 s. */
    stop(graceMs?: number): Promise<void>;
    /** Last lines of its log. */
    tail(lines?: number): string;
}

const live = new Set<ChildProcess>();

/**
 * The exit hook below does not run when the test process is killed (SIGKILL, or
 * a SIGTERM with no handler), and detached children would then outlive it: seen
 * as a MetalLB controller left running after a killed run. So each command runs
 * under a guard shell that kills it (and the shell's group) once its stdin, a
 * pipe from this process, reaches end of file, which happens when this process
 * is gone, however it ended. The command itself gets no stdin.
 */
// (A non-interactive shell gives background jobs /dev/null as stdin, POSIX "Asynchronous Lists": hence fd 3.)
const GUARD = 'exec 3<&0; "$@" <&- 3<&- & c=$!; { cat <&3 >/dev/null; kill -KILL -$$ 2>/dev/null; } & exec 3<&-; wait $c';
let exitHookInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
    if (child.pid === undefined) return;
    try {
        process.kill(-child.pid, signal);
    } catch {
        try {
            child.kill(signal);
        } catch {
            /* already gone */
        }
    }
}

function installExitHook(): void {
    if (exitHookInstalled) return;
    exitHookInstalled = true;
    // Last resort: never leave a control plane behind when the test process ends.
    process.on("exit", () => {
        for (const child of live) killGroup(child, "SIGKILL");
    });
}

export function tailFile(file: string, lines = 40): string {
    try {
        const text = fs.readFileSync(file, "utf8");
        return text.split("\n").slice(-lines - 1).join("\n");
    } catch {
        return "";
    }
}

export function startProcess(opts: {
    name: string;
    command: string;
    args: string[];
    logFile: string;
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    /** Hard bound on the process's lifetime (default 60 minutes). */
    maxLifetimeMs?: number;
}): ManagedProcess {
    installExitHook();
    const fd = fs.openSync(opts.logFile, "a");
    fs.writeSync(fd, `# ${new Date().toISOString()} ${opts.command} ${opts.args.join(" ")}\n`);
    const child = spawn("/bin/sh", ["-c", GUARD, "guard", opts.command, ...opts.args], {
        cwd: opts.cwd,
        env: opts.env ?? process.env,
        stdio: ["pipe", fd, fd],
        detached: true,
    });
    fs.closeSync(fd);
    // Our end of the guard's pipe must not keep this process alive; the kernel closes it when we end.
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    live.add(child);
    let resolveExit!: () => void;
    const exited = new Promise<void>((r) => (resolveExit = r));
    const proc: ManagedProcess = {
        name: opts.name,
        pid: child.pid ?? -1,
        logFile: opts.logFile,
        exited,
        stop: async (graceMs = 5_000) => {
            if (proc.exit) return;
            killGroup(child, "SIGTERM");
            const killer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs);
            await Promise.race([exited, new Promise((r) => setTimeout(r, graceMs + 2_000).unref())]);
            clearTimeout(killer);
        },
        tail: (lines = 40) => tailFile(opts.logFile, lines),
    };
    const lifetime = setTimeout(() => {
        fs.appendFileSync(opts.logFile, `# harness: killed after its ${opts.maxLifetimeMs ?? 3_600_000} ms lifetime bound\n`);
        killGroup(child, "SIGKILL");
    }, opts.maxLifetimeMs ?? 60 * 60_000);
    lifetime.unref();
    child.on("error", (e) => {
        fs.appendFileSync(opts.logFile, `# harness: spawn error: ${e.message}\n`);
    });
    child.on("exit", (code, signal) => {
        clearTimeout(lifetime);
        live.delete(child);
        proc.exit = { code, signal };
        // The group may still hold children of the process: take them down too.
        killGroup(child, "SIGKILL");
        resolveExit();
    });
    if (child.pid === undefined) {
        proc.exit = { code: -1, signal: null };
        live.delete(child);
        resolveExit();
    }
    return proc;
}

/** A free TCP port on 127.0.0.1 (bound then released; callers retry on a lost race). */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.unref();
        srv.on("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const addr = srv.address();
            const port = typeof addr === "object" && addr ? addr.port : 0;
            srv.close(() => resolve(port));
        });
    });
}

/**
 * Polls `check` every `intervalMs` until it returns a value other than
 * undefined/false, or throws after `timeoutMs` with `what` and the last error.
 * `alive` (optional) fails fast when a process it depends on has died.
 */
export async function waitFor<T>(
    what: string,
    check: () => Promise<T | undefined | false> | T | undefined | false,
    opts: { timeoutMs: number; intervalMs?: number; alive?: () => string | undefined },
): Promise<T> {
    const deadline = Date.now() + opts.timeoutMs;
    let lastError = "";
    for (;;) {
        const dead = opts.alive?.();
        if (dead) throw new Error(`while waiting for ${what}: ${dead}`);
        try {
            const v = await check();
            if (v !== undefined && v !== false) return v as T;
        } catch (e) {
            lastError = e instanceof Error ? e.message : String(e);
        }
        if (Date.now() >= deadline) {
            throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError}` : ""}`);
        }
        await new Promise((r) => setTimeout(r, opts.intervalMs ?? 250));
    }
}
