/**
 * The `edge-interconnect` command line, run as a user runs it: a child
 * process, its output and its exit code.
 */
import * as assert from "node:assert/strict";
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import * as path from "node:path";
import { CLI, TOOLS_CLI } from "../support/cli";

const ROOT = path.resolve(__dirname, "../..");

function run(args: string[], env: NodeJS.ProcessEnv = {}, cli: readonly string[] = CLI) {
    return spawnSync(cli[0], [...cli.slice(1), ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8", timeout: 60_000 });
}

describe("edge-interconnect CLI", function () {
    it("demo (a development tool) creates, reads, updates and deletes a network through the provider host", () => {
        const res = run(["demo"], {}, TOOLS_CLI);
        assert.equal(res.status, 0, res.stderr);
        const lines = res.stdout.trim().split("\n");
        assert.equal(lines.length, 8);
        assert.match(lines[2], /^3\. create {4}id=sample-project\/demo-mesh type=application-mesh/);
        assert.match(lines[6], /^7\. delete {4}ok; a refresh now reports the network gone$/);
        assert.equal(res.stderr, "");
    });

    it("orchestrator serve (a development tool) listens on loopback, serves tokens to the EDGE_ORCH_* login and stops on SIGTERM", async () => {
        const child: ChildProcess = spawn(TOOLS_CLI[0], [...TOOLS_CLI.slice(1), "orchestrator", "serve", "--port", "0"], {
            cwd: ROOT,
            env: { ...process.env, EDGE_ORCH_USERNAME: "cli-user", EDGE_ORCH_PASSWORD: "cli-pass-4471" },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        try {
            const url = await new Promise<string>((resolve, reject) => {
                const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 30_000);
                child.stdout!.on("data", (c: Buffer) => {
                    out += c.toString();
                    const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
                    if (m && out.includes("login")) {
                        clearTimeout(timer);
                        resolve(m[1]);
                    }
                });
            });
            const res = await fetch(`${url}/realms/master/protocol/openid-connect/token`, {
                method: "POST",
                headers: { "content-type": "application/x-www-form-urlencoded" },
                body: new URLSearchParams({
                    grant_type: "password",
                    client_id: "system-client",
                    username: "cli-user",
                    password: "cli-pass-4471",
                    scope: "openid",
                }),
            });
            assert.equal(res.status, 200);
            assert.equal(((await res.json()) as { token_type: string }).token_type, "Bearer");
            assert.match(out, /login {9}user\(s\) "cli-user"/);
            assert.equal(out.includes("cli-pass-4471"), false, "the password is never printed");
        } finally {
            const exited = new Promise((r) => child.once("exit", r));
            child.kill("SIGTERM");
            await exited;
        }
        assert.equal(child.exitCode, 0);
    });

    it("rejects a bad flag with one line naming it and exit code 2", () => {
        const res = run(["orchestrator", "serve", "--port", "http"], {}, TOOLS_CLI);
        assert.equal(res.status, 2);
        assert.equal(res.stderr, 'edge-interconnect tools: --port: expected an integer from 0 to 65535, got "http"\n');
    });

    it("the package's command does not carry the development tools, and says where they are", () => {
        for (const args of [["demo"], ["orchestrator", "serve"]]) {
            const res = run(args);
            assert.equal(res.status, 2);
            assert.match(
                res.stderr,
                /^edge-interconnect: "(demo|orchestrator)" is a development tool of the repository, not part of the package: run it from a clone with npm run /,
            );
        }
        assert.equal(require("node:fs").existsSync(path.join(ROOT, "dist/tools")), false, "tools/ is not compiled into dist/");
    });

    it("rejects an unknown command with exit code 2", () => {
        const res = run(["deploy"]);
        assert.equal(res.status, 2);
        assert.equal(res.stderr, 'edge-interconnect: unknown command "deploy"; run "edge-interconnect help" for the list\n');
    });
});

describe("edge-interconnect CLI: terminal safety of what stack files say", function () {
    this.timeout(120_000);
    const fs = require("node:fs") as typeof import("node:fs");
    const os = require("node:os") as typeof import("node:os");
    /** Bytes a terminal acts on: C0 controls other than newline, DEL, C1. */
    const TERMINAL_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
    const dev = fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8");
    /** Where a hostile stack file can put escape sequences: a value, a key, a list entry, an unknown top-level key. */
    const placements: [string, (esc: string) => string][] = [
        ["the network description", (esc) => dev.replace("description: Store clients reach the shop backends", `description: "evil${esc}"`)],
        ["a hub name", (esc) => dev.replace("- name: store-hub", `- name: "store${esc}hub"`)],
        [
            "an unknown hub key",
            (esc) => dev.replace("      kubeconfigFile: ~/.kube/store-hub.yaml", `      kubeconfigFile: ~/.kube/store-hub.yaml\n      "x${esc}": 1`),
        ],
        ["an unknown configuration key", (esc) => dev.replace("config:\n", `config:\n  "edge-interconnect:evil${esc}": 1\n`)],
        ["a source range", (esc) => dev.replace("        - 10.3.0.0/16", `        - "10.3${esc}.0.0/16"`)],
    ];
    const escapes: [string, string][] = [
        ["a CSI clear-screen", "\\e[2J"],
        ["an OSC window title", "\\e]0;pwned\\a"],
        ["a C1 CSI", "\\x9b31m"],
        ["CR LF and a fake line", "\\r\\nedge-interconnect: all good"],
    ];
    for (const [where, place] of placements) {
        for (const [label, esc] of escapes) {
            it(`plan: ${label} in ${where} gives one clean line and exit code 2`, () => {
                const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-esc-"));
                try {
                    const file = path.join(dir, "Pulumi.evil.yaml");
                    fs.writeFileSync(file, place(esc));
                    const res = run(["plan", file]);
                    // Line breaks are allowed in a description (stored, never printed as text); everything else is refused.
                    const allowed = where === "the network description" && label.startsWith("CR LF");
                    assert.equal(res.status, allowed ? 0 : 2, res.stdout + res.stderr);
                    const lines = res.stderr.split("\n").filter((l) => l && !l.startsWith("· "));
                    if (!allowed) {
                        // One line, or a count followed by one indented line per problem, each naming its key.
                        assert.match(lines[0], /^edge-interconnect: /);
                        if (lines.length > 1) {
                            assert.match(lines[0], new RegExp(`: ${lines.length - 1} configuration problems$`));
                            for (const l of lines.slice(1)) assert.match(l, /^ {2}edge-interconnect:[a-zA-Z]+(\[\d+\]|\.[a-zA-Z]+)*: \S/);
                        }
                    }
                    assert.equal([...res.stdout.split("\n"), ...lines].includes("edge-interconnect: all good"), false, "no faked line");
                    assert.doesNotMatch(res.stderr, TERMINAL_CONTROL);
                    assert.doesNotMatch(res.stdout, TERMINAL_CONTROL);
                } finally {
                    fs.rmSync(dir, { recursive: true, force: true });
                }
            });
        }
    }
});
