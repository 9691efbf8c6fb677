import assert from "node:assert/strict";
import { parseServeArgs } from "../../tools/local-orchestrator";

describe("server: parseServeArgs", () => {
    it("returns defaults for no flags", () => {
        assert.deepEqual(parseServeArgs([]), {});
    });

    it("maps every flag onto server options", () => {
        const options = parseServeArgs([
            "--port",
            "8443",
            "--host",
            "127.0.0.1",
            "--state",
            "/tmp/state.json",
            "--tls-cert",
            "cert.pem",
            "--tls-key=key.pem",
            "--latency-ms",
            "25",
            "--fail-rate",
            "0.1",
            "--throttle-rate",
            "0.2",
            "--drop-rate",
            "0.05",
            "--seed",
            "7",
            "--access-token-ttl",
            "60",
            "--refresh-token-ttl",
            "120",
            "--user",
            "alice",
            "--user",
            "bob",
        ], { env: { EDGE_ORCH_PASSWORD: "pa:ss" } });
        assert.deepEqual(options, {
            port: 8443,
            host: "127.0.0.1",
            stateFile: "/tmp/state.json",
            tls: { certFile: "cert.pem", keyFile: "key.pem" },
            faults: {
                latency: { ms: 25 },
                status5xx: { probability: 0.1, status: 503 },
                status429: { probability: 0.2 },
                drop: { probability: 0.05 },
                seed: 7,
            },
            accessTokenLifespanSec: 60,
            refreshTokenLifespanSec: 120,
            users: [
                { username: "alice", password: "pa:ss" },
                { username: "bob", password: "pa:ss" },
            ],
        });
    });

    it("accepts --allow-non-loopback and --tls-ca", () => {
        assert.deepEqual(parseServeArgs(["--host", "0.0.0.0", "--allow-non-loopback", "--tls-cert", "c", "--tls-key", "k", "--tls-ca", "ca"]), {
            host: "0.0.0.0",
            allowNonLoopback: true,
            tls: { certFile: "c", keyFile: "k", caFile: "ca" },
        });
    });

    it("names the flag and what is allowed for bad values", () => {
        const cases: Array<[string[], RegExp]> = [
            [["--port", "http"], /^--port: expected an integer from 0 to 65535, got "http"$/],
            [["--port", "70000"], /^--port: expected an integer from 0 to 65535/],
            [["--fail-rate", "1.5"], /^--fail-rate: expected a probability from 0 to 1, got "1.5"$/],
            [["--drop-rate", "abc"], /^--drop-rate: expected a probability from 0 to 1/],
            [["--throttle-rate", ""], /^--throttle-rate needs a non-empty value/],
            [["--latency-ms", "-3"], /^--latency-ms: expected an integer from 0 to 600000/],
            [["--seed", "1.5"], /^--seed: expected an integer/],
            [["--access-token-ttl", "0"], /^--access-token-ttl: expected an integer from 1 to/],
            [["--user", "nopassword"], /^--user needs a password: give --password-file FILE, or set EDGE_ORCH_PASSWORD \(never on the command line, where the process list shows it\)$/],
            [["--user", "bob:"], /^--user: give the name only \(got "bob:…"\); a password on the command line shows in the process list/],
            [["--password-file", "f"], /^--password-file needs --user NAME$/],
            [["--user", "bob", "--password-file", "f"], /^--password-file cannot be read here$/],
            [["--port"], /^--port needs a value: N/],
            [["--port", "--host"], /^--port needs a value/],
            [["--verbose"], /^unknown flag "--verbose"; allowed flags: --port N, --host H/],
            [["serve"], /^unexpected argument "serve"/],
            [["--port", "1", "--port", "2"], /^--port given more than once$/],
            [["--tls-cert", "c"], /^--tls-cert and --tls-key must be given together$/],
            [["--allow-non-loopback=yes"], /^--allow-non-loopback takes no value$/],
        ];
        for (const [argv, expected] of cases) {
            assert.throws(
                () => parseServeArgs(argv),
                (error: Error) => expected.test(error.message),
                argv.join(" "),
            );
        }
    });

    it("reads the password from --password-file (first line) or EDGE_ORCH_PASSWORD, the file first", () => {
        const files: Record<string, string> = { "/run/pw": "from-file\nignored\n", "/run/empty": "\n" };
        const readFile = (f: string) => {
            if (!(f in files)) throw Object.assign(new Error("nope"), { code: "ENOENT" });
            return files[f];
        };
        const env = { EDGE_ORCH_PASSWORD: "from-env" };
        assert.deepEqual(parseServeArgs(["--user", "ann", "--password-file", "/run/pw"], { env, readFile }).users, [{ username: "ann", password: "from-file" }]);
        assert.deepEqual(parseServeArgs(["--user", "ann"], { env, readFile }).users, [{ username: "ann", password: "from-env" }]);
        assert.throws(() => parseServeArgs(["--user", "ann", "--password-file", "/run/none"], { env, readFile }), {
            message: '--password-file: cannot read "/run/none" (ENOENT)',
        });
        assert.throws(() => parseServeArgs(["--user", "ann", "--password-file", "/run/empty"], { env, readFile }), {
            message: '--password-file: "/run/empty" has an empty first line; put the password there',
        });
    });

    it("never echoes a password in an error", () => {
        assert.throws(
            () => parseServeArgs(["--user", " spaced:hunter2"]),
            (error: Error) => !error.message.includes("hunter2") && error.message.startsWith("--user:"),
        );
    });
});
