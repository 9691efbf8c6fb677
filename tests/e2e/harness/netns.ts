// Runs a command in a private network namespace (`unshare --net`, util-linux),
// where loopback is the only interface: a server that listens on every
// interface there is reachable from nothing outside. Its loopback is brought
// up and also carries WEBHOOK_ADDRESS (./metallbWebhook.ts says why).
// The command's output streams through; the run is bounded (tests/support/run.ts).

import { spawnSync } from "child_process";
import { Ran, runBounded } from "../../support/run";
import { WEBHOOK_ADDRESS } from "./metallbWebhook";

const SETUP = `ip link set lo up && ip addr add ${WEBHOOK_ADDRESS}/32 dev lo && exec "$@"`;

/** Why a private network namespace cannot be made here, or undefined when it can. */
export function networkNamespaceUnavailable(): string | undefined {
    const r = spawnSync("unshare", ["--net", "sh", "-c", SETUP, "sh", "true"], { encoding: "utf8", timeout: 10_000 });
    if (r.error) return `unshare --net: ${r.error.message}`;
    if (r.status !== 0) return `unshare --net exited ${r.status}: ${(r.stderr || r.stdout).trim()}`;
    return undefined;
}

/** Runs `command args` in a new network namespace; kills its process group after `timeoutMs`. */
export function runInNetworkNamespace(
    command: string,
    args: string[],
    opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number; echo?: (line: string) => void },
): Promise<Ran> {
    return runBounded("unshare", ["--net", "sh", "-c", SETUP, "sh", command, ...args], { ...opts, env: opts.env ?? process.env });
}
