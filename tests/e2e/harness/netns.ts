// Runs a command in a private network namespace (`unshare --net`, util-linux),
// where loopback is the only interface: a server that listens on every
// interface there is reachable from nothing outside. Its loopback is brought
// up and also carries WEBHOOK_ADDRESS (./metallbWebhook.ts says why).
// The command's output streams through, each line indented; the run is bounded.

import { spawn, spawnSync } from "child_process";
import { WEBHOOK_ADDRESS } from "./metallbWebhook";

const SETUP = `ip link set lo up && ip addr add ${WEBHOOK_ADDRESS}/32 dev lo && exec "$@"`;

/** Why a private network namespace cannot be made here, or undefined when it can. */
export function networkNamespaceUnavailable(): string | undefined {
    const r = spawnSync("unshare", ["--net", "sh", "-c", SETUP, "sh", "true"], { encoding: "utf8", timeout: 10_000 });
    if (r.error) return `unshare --net: ${r.error.message}`;
    if (r.status !== 0) return `unshare --net exited ${r.status}: ${(r.stderr || r.stdout).trim()}`;
    return undefined;
}

export interface NamespacedRun {
    code: number | null;
    signal: NodeJS.Signals | null;
    output: string;
}

/** Runs `command args` in a new network namespace; kills its process group after `timeoutMs`. */
export function runInNetworkNamespace(
    command: string,
    args: string[],
    opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number; echo?: (line: string) => void },
): Promise<NamespacedRun> {
    return new Promise((resolve, reject) => {
        const child = spawn("unshare", ["--net", "sh", "-c", SETUP, "sh", command, ...args], {
            cwd: opts.cwd,
            env: opts.env ?? process.env,
            detached: true,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let output = "";
        let partial = "";
        const take = (chunk: Buffer) => {
            const text = chunk.toString("utf8");
            output += text;
            partial += text;
            const lines = partial.split("\n");
            partial = lines.pop() ?? "";
            for (const l of lines) opts.echo?.(l);
        };
        child.stdout.on("data", take);
        child.stderr.on("data", take);
        const timer = setTimeout(() => {
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
            if (partial) opts.echo?.(partial);
            resolve({ code, signal, output });
        });
    });
}
