// Command-line flags of `serve`, parsed without touching the file system or the
// process so the CLI wrapper and its tests get identical, predictable results.

import type { FaultSettings } from "./faults";
import type { OrchestratorServerOptions, UserOptions } from "./types";

interface FlagSpec {
    value: string;
    help: string;
    repeatable?: boolean;
}

const FLAGS: Record<string, FlagSpec> = {
    "--port": { value: "N", help: "integer 0-65535 (0 = ephemeral)" },
    "--host": { value: "H", help: "address to bind (loopback unless --allow-non-loopback)" },
    "--allow-non-loopback": { value: "", help: "permit a non-loopback --host" },
    "--state": { value: "FILE", help: "JSON state file" },
    "--tls-cert": { value: "FILE", help: "PEM certificate (needs --tls-key)" },
    "--tls-key": { value: "FILE", help: "PEM private key (needs --tls-cert)" },
    "--tls-ca": { value: "FILE", help: "PEM CA certificate (optional)" },
    "--latency-ms": { value: "N", help: "integer 0-600000 added to every request" },
    "--fail-rate": { value: "P", help: "probability 0-1 of a 503" },
    "--throttle-rate": { value: "P", help: "probability 0-1 of a 429" },
    "--drop-rate": { value: "P", help: "probability 0-1 of dropping the connection" },
    "--seed": { value: "N", help: "integer seed for the fault PRNG" },
    "--access-token-ttl": { value: "S", help: "access-token lifespan, integer seconds >= 1" },
    "--refresh-token-ttl": { value: "S", help: "refresh-token lifespan, integer seconds >= 1" },
    "--user": { value: "NAME:PASSWORD", help: "user with every role (repeatable)", repeatable: true },
};

function usage(): string {
    return Object.entries(FLAGS)
        .map(([flag, spec]) => (spec.value ? `${flag} ${spec.value}` : flag))
        .join(", ");
}

function integer(flag: string, raw: string, min: number, max: number): number {
    if (!/^-?\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
        throw new Error(`${flag}: expected an integer from ${min} to ${max}, got "${raw}"`);
    }
    return Number(raw);
}

function probability(flag: string, raw: string): number {
    const value = Number(raw);
    if (raw.trim() === "" || !Number.isFinite(value) || value < 0 || value > 1) {
        throw new Error(`${flag}: expected a probability from 0 to 1, got "${raw}"`);
    }
    return value;
}

function user(flag: string, raw: string): UserOptions {
    const colon = raw.indexOf(":");
    const username = colon < 0 ? "" : raw.slice(0, colon);
    const password = colon < 0 ? "" : raw.slice(colon + 1);
    if (!/^[^\s:]+$/.test(username) || password.length === 0) {
        throw new Error(`${flag}: expected NAME:PASSWORD with a non-empty name (no spaces) and password, got "${raw.replace(/:.*/, ":…")}"`);
    }
    return { username, password };
}

/** Splits `--flag=value` and `--flag value` forms into [flag, value] pairs. */
function pairs(argv: readonly string[]): Array<[string, string | undefined]> {
    const result: Array<[string, string | undefined]> = [];
    for (let i = 0; i < argv.length; i += 1) {
        const arg = argv[i] as string;
        if (!arg.startsWith("--")) throw new Error(`unexpected argument "${arg}"; allowed flags: ${usage()}`);
        const eq = arg.indexOf("=");
        const flag = eq < 0 ? arg : arg.slice(0, eq);
        const spec = FLAGS[flag];
        if (spec === undefined) throw new Error(`unknown flag "${flag}"; allowed flags: ${usage()}`);
        if (spec.value === "") {
            if (eq >= 0) throw new Error(`${flag} takes no value`);
            result.push([flag, undefined]);
        } else if (eq >= 0) {
            result.push([flag, arg.slice(eq + 1)]);
        } else {
            const next = argv[i + 1];
            if (next === undefined || next.startsWith("--")) throw new Error(`${flag} needs a value: ${spec.value} (${spec.help})`);
            result.push([flag, next]);
            i += 1;
        }
    }
    return result;
}

export function parseServeArgs(argv: readonly string[]): OrchestratorServerOptions {
    const options: OrchestratorServerOptions = {};
    const faults: FaultSettings = {};
    const users: UserOptions[] = [];
    const seen = new Set<string>();
    let certFile: string | undefined;
    let keyFile: string | undefined;
    let caFile: string | undefined;

    for (const [flag, raw] of pairs(argv)) {
        if (seen.has(flag) && FLAGS[flag]?.repeatable !== true) throw new Error(`${flag} given more than once`);
        seen.add(flag);
        const value = raw ?? "";
        if (raw !== undefined && value === "") throw new Error(`${flag} needs a non-empty value: ${FLAGS[flag]?.value ?? ""}`);
        switch (flag) {
            case "--port":
                options.port = integer(flag, value, 0, 65535);
                break;
            case "--host":
                options.host = value;
                break;
            case "--allow-non-loopback":
                options.allowNonLoopback = true;
                break;
            case "--state":
                options.stateFile = value;
                break;
            case "--tls-cert":
                certFile = value;
                break;
            case "--tls-key":
                keyFile = value;
                break;
            case "--tls-ca":
                caFile = value;
                break;
            case "--latency-ms":
                faults.latency = { ms: integer(flag, value, 0, 600_000) };
                break;
            case "--fail-rate":
                faults.status5xx = { probability: probability(flag, value), status: 503 };
                break;
            case "--throttle-rate":
                faults.status429 = { probability: probability(flag, value) };
                break;
            case "--drop-rate":
                faults.drop = { probability: probability(flag, value) };
                break;
            case "--seed":
                faults.seed = integer(flag, value, -2147483648, 4294967295);
                break;
            case "--access-token-ttl":
                options.accessTokenLifespanSec = integer(flag, value, 1, 315_360_000);
                break;
            case "--refresh-token-ttl":
                options.refreshTokenLifespanSec = integer(flag, value, 1, 315_360_000);
                break;
            case "--user":
                users.push(user(flag, value));
                break;
        }
    }

    if ((certFile === undefined) !== (keyFile === undefined)) {
        throw new Error("--tls-cert and --tls-key must be given together");
    }
    if (caFile !== undefined && certFile === undefined) throw new Error("--tls-ca needs --tls-cert and --tls-key");
    if (certFile !== undefined && keyFile !== undefined) {
        options.tls = caFile === undefined ? { certFile, keyFile } : { certFile, keyFile, caFile };
    }
    if (Object.keys(faults).length > 0) options.faults = faults;
    if (users.length > 0) options.users = users;
    return options;
}
