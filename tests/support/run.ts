/**
 * A command run to completion in its own process group, bounded in time:
 * past `timeoutMs` the whole group (npm's or go's children too) is killed
 * and the result says so. Rejects only when the command cannot start.
 */
import { spawn } from "node:child_process";

export interface Ran {
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
    timedOut: boolean;
}

export function runBounded(
    cmd: string,
    args: string[],
    opts: {
        cwd: string;
        env: NodeJS.ProcessEnv;
        timeoutMs: number;
        /** Each complete line of stdout and stderr as it arrives (for long runs whose progress should show). */
        echo?: (line: string) => void;
    },
): Promise<Ran> {
    return new Promise((resolve, reject) => {
        const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
        let stdout = "";
        let stderr = "";
        let timedOut = false;
        const partial = { stdout: "", stderr: "" };
        const take = (stream: "stdout" | "stderr") => (d: Buffer) => {
            const text = d.toString("utf8");
            if (stream === "stdout") stdout += text;
            else stderr += text;
            if (!opts.echo) return;
            const lines = (partial[stream] + text).split("\n");
            partial[stream] = lines.pop() ?? "";
            for (const l of lines) opts.echo(l);
        };
        child.stdout.on("data", take("stdout"));
        child.stderr.on("data", take("stderr"));
        const timer = setTimeout(() => {
            timedOut = true;
            try {
                process.kill(-child.pid!, "SIGKILL");
            } catch {
                /* already gone */
            }
        }, opts.timeoutMs);
        child.on("error", (e) => {
            clearTimeout(timer);
            reject(e);
        });
        child.on("close", (code, signal) => {
            clearTimeout(timer);
            for (const rest of [partial.stdout, partial.stderr]) if (rest) opts.echo?.(rest);
            resolve({ code, signal, stdout, stderr, timedOut });
        });
    });
}
