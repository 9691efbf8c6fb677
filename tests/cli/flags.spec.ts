/**
 * The flags every `edge-interconnect` command shares, run as a user runs
 * them (the compiled CLI as a child process): help on every command,
 * --version, -o and its aliases, --stack with a folder or a file, every
 * configuration problem at once in words, kubectl's exit codes; and the
 * development tools' command line on the same parser.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { runCli } from "../../sdk/cli/program";
import { CLI, TOOLS_CLI } from "../support/cli";

const ROOT = path.resolve(__dirname, "../..");
const DEV = path.join(ROOT, "Pulumi.dev.yaml");
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const NO_ORCHESTRATOR = { EDGE_ORCH_TOKEN: "", EDGE_ORCH_USERNAME: "", EDGE_ORCH_PASSWORD: "" };

function run(args: string[], opts: { cwd?: string; cli?: readonly string[] } = {}) {
    const cli = opts.cli ?? CLI;
    return spawnSync(cli[0], [...cli.slice(1), ...args], {
        cwd: opts.cwd ?? ROOT,
        env: { ...process.env, ...NO_ORCHESTRATOR },
        encoding: "utf8",
        timeout: 60_000,
    });
}

/** stderr without the progress lines. */
const errors = (stderr: string) => stderr.split("\n").filter((l) => l && !l.startsWith("· "));

describe("edge-interconnect flags", function () {
    this.timeout(120_000);
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-flags-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    for (const [args, usage] of [
        [[], "Usage: edge-interconnect [options] [command]"],
        [["--help"], "Usage: edge-interconnect [options] [command]"],
        [["-h"], "Usage: edge-interconnect [options] [command]"],
        [["help"], "Usage: edge-interconnect [options] [command]"],
        [["plan", "--help"], "Usage: edge-interconnect plan [options] [stack]"],
        [["plan", "-h"], "Usage: edge-interconnect plan [options] [stack]"],
        [["help", "plan"], "Usage: edge-interconnect plan [options] [stack]"],
        [["doctor", "--help"], "Usage: edge-interconnect doctor [options] [stack]"],
        [["doctor", "-h", "--timeout", "x"], "Usage: edge-interconnect doctor [options] [stack]"],
    ] as [string[], string][]) {
        it(`${args.join(" ") || "(no arguments)"} prints the help on stdout and exits 0, doing nothing else`, () => {
            const res = run(args);
            assert.equal(res.status, 0, res.stderr);
            assert.equal(res.stdout.split("\n")[0], usage);
            assert.equal(res.stderr, "", "no progress: the command did not run");
            // Help is written for the terminal it may be read on: no line wider than 100 columns.
            assert.deepEqual(
                res.stdout.split("\n").filter((l) => l.length > 100),
                [],
            );
        });
    }

    it("every command's help shows the shared flags", () => {
        for (const command of ["plan", "doctor"]) {
            const help = run([command, "--help"]).stdout;
            for (const flag of ["-o, --output <format>", "--kubeconfig <file>", "--context <name>", "--stack <name>", "--version", "-h, --help"])
                assert.ok(help.includes(flag), `${command} --help lacks ${flag}`);
        }
    });

    it("--version prints package.json's version, before or after a command", () => {
        for (const args of [["--version"], ["plan", "--version"]]) {
            const res = run(args);
            assert.equal(res.status, 0, res.stderr);
            assert.equal(res.stdout, `${VERSION}\n`);
        }
    });

    it("-o json, -o yaml, --format json and -o placed before the command print the same plan", () => {
        const json = run(["plan", DEV, "-o", "json"]);
        assert.equal(json.status, 0, json.stderr);
        const plan = JSON.parse(json.stdout);
        assert.equal(plan.stack, "dev");
        assert.deepEqual(JSON.parse(run(["plan", DEV, "--format", "json"]).stdout), plan);
        assert.deepEqual(JSON.parse(run(["plan", DEV, "--json"]).stdout), plan);
        assert.deepEqual(JSON.parse(run(["-o", "json", "plan", DEV]).stdout), plan);
        assert.deepEqual(JSON.parse(run(["plan", DEV, "--output=json"]).stdout), plan);
        const yaml = run(["plan", DEV, "-o", "yaml"]);
        assert.equal(yaml.status, 0, yaml.stderr);
        assert.deepEqual(parse(yaml.stdout), plan);
    });

    it("refuses an unknown output format and two formats that disagree, with exit code 2", () => {
        const bad = run(["plan", DEV, "-o", "xml"]);
        assert.equal(bad.status, 2);
        assert.equal(bad.stdout, "");
        assert.deepEqual(errors(bad.stderr), [
            `edge-interconnect: option '-o, --output <format>' argument 'xml' is invalid. Allowed choices are text, json, yaml; run "edge-interconnect plan --help"`,
        ]);
        const both = run(["plan", DEV, "-o", "yaml", "--format", "json"]);
        assert.equal(both.status, 2);
        assert.deepEqual(errors(both.stderr), ["edge-interconnect: -o yaml and json disagree; give one output format"]);
    });

    it("refuses unknown options, extra arguments and unknown commands with one line and exit code 2", () => {
        const cases: [string[], string][] = [
            [["plan", "--bogus"], `edge-interconnect: unknown option '--bogus'; run "edge-interconnect plan --help"`],
            [["plan", "a", "b"], `edge-interconnect: too many arguments for 'plan'. Expected 1 argument but got 2; run "edge-interconnect plan --help"`],
            [["deploy"], 'edge-interconnect: unknown command "deploy"; run "edge-interconnect help" for the list'],
            [["plan", "--out"], `edge-interconnect: option '--out <dir>' argument missing; run "edge-interconnect plan --help"`],
        ];
        for (const [args, line] of cases) {
            const res = run(args);
            assert.equal(res.status, 2, args.join(" "));
            assert.deepEqual(errors(res.stderr), [line]);
            assert.equal(res.stdout, "");
        }
    });

    it("--stack picks the stack of a project folder, and a stack that does not exist is an error naming those that do", () => {
        const project = path.join(ROOT, "examples/multi-environment");
        const prod = run(["plan", project, "--stack", "prod", "-o", "json"]);
        assert.equal(prod.status, 0, prod.stderr);
        assert.equal(JSON.parse(prod.stdout).stack, "prod");
        // Without --stack, a folder's dev stack.
        assert.equal(JSON.parse(run(["plan", project, "-o", "json"]).stdout).stack, "dev");
        // From inside the folder, as pulumi -s: no path at all.
        assert.equal(JSON.parse(run(["plan", "--stack", "prod", "-o", "json"], { cwd: project }).stdout).stack, "prod");

        const missing = run(["plan", project, "--stack", "staging"]);
        assert.equal(missing.status, 2);
        assert.deepEqual(errors(missing.stderr), ['edge-interconnect: stack "staging" does not exist in examples/multi-environment (its stacks: dev, prod)']);
    });

    it("--stack with a stack file is honoured: the same stack passes, another one is an error", () => {
        const file = path.join(ROOT, "examples/multi-environment/Pulumi.dev.yaml");
        assert.equal(JSON.parse(run(["plan", file, "--stack", "dev", "-o", "json"]).stdout).stack, "dev");
        const other = run(["plan", file, "--stack", "prod"]);
        assert.equal(other.status, 2);
        assert.deepEqual(errors(other.stderr), [
            'edge-interconnect: examples/multi-environment/Pulumi.dev.yaml is stack "dev", not "prod"; give examples/multi-environment/Pulumi.prod.yaml or the folder with --stack prod',
        ]);
        const nowhere = run(["plan", DEV, "--stack", "qa"]);
        assert.equal(nowhere.status, 2);
        assert.deepEqual(errors(nowhere.stderr), ['edge-interconnect: Pulumi.dev.yaml is stack "dev", not "qa", and stack "qa" does not exist next to it']);
    });

    it("a folder with several stacks and no dev asks for --stack; a missing file is named", () => {
        for (const s of ["eu", "us"]) fs.copyFileSync(DEV, path.join(dir, `Pulumi.${s}.yaml`));
        const res = run(["plan", dir]);
        assert.equal(res.status, 2);
        assert.deepEqual(errors(res.stderr), [`edge-interconnect: ${dir} has several stacks (eu, us) and none is dev: choose one with --stack NAME`]);
        const gone = run(["plan", "Pulumi.none.yaml"]);
        assert.equal(gone.status, 2);
        assert.deepEqual(errors(gone.stderr), ["edge-interconnect: Pulumi.none.yaml: no such file or folder"]);
    });

    it("run in a folder without stacks, says so in words and exits 2", () => {
        const empty = fs.mkdtempSync(path.join(dir, "empty-"));
        for (const command of ["plan", "doctor"]) {
            const res = run([command], { cwd: empty });
            assert.equal(res.status, 2, res.stderr);
            assert.deepEqual(errors(res.stderr), [
                "edge-interconnect: no stack file (Pulumi.<stack>.yaml) in this folder; give a stack file or a project folder",
            ]);
        }
    });

    it("plan accepts --kubeconfig and --context, as every command does, and says they change nothing for it", () => {
        const res = run(["plan", DEV, "--kubeconfig", "k.yaml", "--context", "c", "-o", "json"]);
        assert.equal(res.status, 0, res.stderr);
        assert.deepEqual(JSON.parse(res.stdout), JSON.parse(run(["plan", DEV, "-o", "json"]).stdout));
        assert.match(res.stderr, /^· --kubeconfig and --context are for doctor: plan reads no cluster$/m);
    });

    it("prints every configuration problem at once, each naming its key, in words rather than zod's", () => {
        const doc = parse(fs.readFileSync(DEV, "utf8"));
        const c = doc.config;
        c["edge-interconnect:orchestrator"].requestTimeoutSeconds = "abc";
        c["edge-interconnect:orchestrator"].operationTimeoutSeconds = 99999;
        c["edge-interconnect:orchestrator"].username = 5;
        c["edge-interconnect:hubs"][0].exposedServices[0].port = "8080";
        c["edge-interconnect:hubs"][0].allowedSourceRanges = ["10.2.0.0/33"];
        c["edge-interconnect:spokes"][0].routerIP = "x";
        const file = path.join(dir, "Pulumi.broken.yaml");
        fs.writeFileSync(file, stringify(doc));
        const res = run(["plan", file]);
        assert.equal(res.status, 2);
        assert.equal(res.stdout, "");
        assert.deepEqual(errors(res.stderr), [
            `edge-interconnect: ${file}: 6 configuration problems`,
            "  edge-interconnect:orchestrator.username: must be a string",
            "  edge-interconnect:orchestrator.requestTimeoutSeconds: must be a number",
            "  edge-interconnect:orchestrator.operationTimeoutSeconds: must be at most 3600",
            '  edge-interconnect:hubs[0].allowedSourceRanges[0]: "10.2.0.0/33" has a prefix longer than 32',
            "  edge-interconnect:hubs[0].exposedServices[0].port: must be a number",
            '  edge-interconnect:spokes[0]: unknown key(s) "routerIP"',
        ]);
        assert.doesNotMatch(res.stderr, /Invalid input|expected \w+, received|Too (small|big)/);
        assert.doesNotMatch(res.stderr, /\n\s+at /, "no stack trace");
    });

    it("cuts text at the terminal's width on a TTY, and never when piped", async () => {
        const capture = async (columns?: number) => {
            let stdout = "";
            const code = await runCli(["plan", DEV], { stdout: (s) => (stdout += s), stderr: () => undefined, env: NO_ORCHESTRATOR, cwd: ROOT, columns });
            assert.equal(code, 0);
            return stdout.trimEnd().split("\n");
        };
        const tty = await capture(60);
        assert.deepEqual(
            tty.filter((l) => l.length > 60),
            [],
        );
        assert.ok(
            tty.some((l) => l.endsWith("…")),
            "long lines are cut with an ellipsis on a narrow terminal",
        );
        const piped = await capture(undefined);
        assert.deepEqual(
            piped.filter((l) => l.endsWith("…")),
            [],
        );
        assert.ok(piped.includes("  ok    hub store-hub: router 10.1.0.33:55671 reachable only from 10.2.0.0/16, 10.3.0.0/16"));
        assert.equal(tty.length, piped.length, "the same lines, only cut");
    });
});

describe("the development tools' command line (tools/cli, same parser)", function () {
    this.timeout(60_000);

    it("demo --help prints the help and does not run the demo", () => {
        const res = run(["demo", "--help"], { cli: TOOLS_CLI });
        assert.equal(res.status, 0, res.stderr);
        assert.equal(res.stdout.split("\n")[0], "Usage: tools/cli/main.ts demo [options]");
        assert.doesNotMatch(res.stdout, /local orchestrator on http/);
    });

    it("orchestrator serve -h prints the help and lists the server's options without starting it", () => {
        const res = run(["orchestrator", "serve", "-h"], { cli: TOOLS_CLI });
        assert.equal(res.status, 0, res.stderr);
        assert.equal(res.stdout.split("\n")[0], "Usage: tools/cli/main.ts orchestrator serve [options]");
        assert.match(res.stdout, /--port N {17}integer 0-65535/);
        assert.doesNotMatch(res.stdout, /listening on/);
    });

    it("refuses an unknown option of demo with one line and exit code 2", () => {
        const res = run(["demo", "--bogus"], { cli: TOOLS_CLI });
        assert.equal(res.status, 2);
        assert.equal(res.stderr, "edge-interconnect tools: unknown option '--bogus'; see --help\n");
        assert.equal(res.stdout, "");
    });
});
