import assert from "node:assert/strict";
import { parseServeArgs } from "../../provider/server";

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
            "alice:pa:ss",
            "--user",
            "bob:secret",
        ]);
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
                { username: "bob", password: "secret" },
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
            [["--user", "nopassword"], /^--user: expected NAME:PASSWORD/],
            [["--user", "bob:"], /^--user: expected NAME:PASSWORD/],
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

    it("never echoes a password in an error", () => {
        assert.throws(
            () => parseServeArgs(["--user", " spaced:hunter2"]),
            (error: Error) => !error.message.includes("hunter2") && error.message.startsWith("--user:"),
        );
    });
});
