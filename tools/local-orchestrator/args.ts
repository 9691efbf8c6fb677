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
    "--user": {
        value: "NAME",
        help: "user with every role (repeatable); the password comes from --password-file or EDGE_ORCH_PASSWORD, never the command line",
        repeatable: true,
    },
    "--password-file": { value: "FILE", help: "file whose first line is the password of the --user(s)" },
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

/**
 * `--user NAME`. A password on the command line shows in the process list
 * (`ps`, /proc/<pid>/cmdline) to every local user, so `NAME:PASSWORD` is
 * refused (issue 13.4), naming the two places the password may come from.
 */
function userName(flag: string, raw: string): string {
    if (raw.includes(":")) {
        throw new Error(
            `${flag}: give the name only (got "${raw.replace(/:.*/, ":…")}"); a password on the command line shows in the process list, ` +
                "so it comes from --password-file FILE or the environment variable EDGE_ORCH_PASSWORD",
        );
    }
    if (!/^[^\s:]+$/.test(raw)) throw new Error(`${flag}: expected NAME, a non-empty name without spaces, got "${raw}"`);
    return raw;
}

/** Where `parseServeArgs` may read the password from; passed in so parsing stays free of side effects. */
export interface ServeArgsIo {
    env?: Readonly<Record<string, string | undefined>>;
    readFile?: (file: string) => string;
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

export function parseServeArgs(argv: readonly string[], io: ServeArgsIo = {}): OrchestratorServerOptions {
    const options: OrchestratorServerOptions = {};
    const faults: FaultSettings = {};
    const names: string[] = [];
    let passwordFile: string | undefined;
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
                names.push(userName(flag, value));
                break;
            case "--password-file":
                passwordFile = value;
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
    if (passwordFile !== undefined && names.length === 0) throw new Error("--password-file needs --user NAME");
    if (names.length > 0) {
        let password: string | undefined;
        if (passwordFile !== undefined) {
            if (io.readFile === undefined) throw new Error("--password-file cannot be read here");
            let text: string;
            try {
                text = io.readFile(passwordFile);
            } catch (e) {
                throw new Error(`--password-file: cannot read "${passwordFile}" (${(e as NodeJS.ErrnoException).code ?? "error"})`);
            }
            password = text.split(/\r?\n/)[0];
            if (!password) throw new Error(`--password-file: "${passwordFile}" has an empty first line; put the password there`);
        } else {
            password = io.env?.EDGE_ORCH_PASSWORD;
            if (!password) {
                throw new Error(
                    "--user needs a password: give --password-file FILE, or set EDGE_ORCH_PASSWORD (never on the command line, where the process list shows it)",
                );
            }
        }
        const users: UserOptions[] = names.map((username) => ({ username, password: password as string }));
        options.users = users;
    }
    return options;
}
