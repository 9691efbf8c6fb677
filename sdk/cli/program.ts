/**
 * The `edge-interconnect` command line, as one commander program: the same
 * flags on every command, as kubectl has them (`-h/--help` everywhere,
 * `--version`, `-o text|json|yaml`, `--kubeconfig`, `--context`, `--stack`),
 * and kubectl's exit codes: 0 ok, 1 failure (or changes, with
 * `plan --diff --exit-code` and `fleet preview --exit-code`), 2 usage or
 * configuration error.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Argument, Command, CommanderError, Option } from "commander";
import { CliIo, processIo, widthOf } from "./io";
import { OUTPUT_FORMATS, OutputFormat } from "./output";
import { DEFAULT_PARALLEL, FLEET_HELP_AFTER } from "./fleet";
import { UsageError } from "./usage";

/** The package's version, from the package.json above this file (in the repository and in dist/). */
export function packageVersion(): string {
    let dir = __dirname;
    for (let i = 0; i < 5; i++, dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (fs.existsSync(file)) {
            const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
            if (pkg.name === "pulumi-edge-interconnect" && pkg.version) return pkg.version;
        }
    }
    return "unknown";
}

/** Options every command has; commander accepts them before or after the command name. */
interface GlobalOptions {
    output?: OutputFormat;
    format?: OutputFormat;
    json?: boolean;
    kubeconfig?: string[];
    context?: string[];
    stack?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** `-o`, or its aliases `--format` (earlier releases' flag) and `--json` (doctor's earlier flag). */
function outputOf(g: GlobalOptions): OutputFormat {
    const given = [g.output, g.format, g.json ? "json" : undefined].filter((x): x is OutputFormat => x !== undefined);
    if (new Set(given).size > 1) throw new UsageError(`-o ${given[0]} and ${given[1]} disagree; give one output format`);
    return given[0] ?? "text";
}

const TOOLS = ["demo", "orchestrator"];

function build(io: CliIo, done: (code: number) => void): Command {
    const formats = OUTPUT_FORMATS.join("|");
    const program = new Command("edge-interconnect")
        .description(
            "Plan and check a pulumi-edge-interconnect stack: what pulumi up would create on each cluster, and what is wrong on them; run a fleet of stacks.",
        )
        .version(packageVersion(), "--version", "print the version and exit")
        .helpOption("-h, --help", "show help for a command")
        .addOption(new Option("-o, --output <format>", `output format: ${formats}`).choices(OUTPUT_FORMATS))
        .addOption(new Option("--format <format>", "same as -o").choices(OUTPUT_FORMATS).hideHelp())
        .addOption(new Option("--json", "same as -o json").hideHelp())
        .option("--kubeconfig <file>", "kubeconfig file instead of $KUBECONFIG or ~/.kube/config; NAME=FILE: member NAME's (repeatable)", collect)
        .option("--context <name>", "kubeconfig context to use; NAME=CONTEXT: member NAME's (repeatable)", collect)
        .option("--stack <name>", "the stack (Pulumi.<name>.yaml) of the project folder, as pulumi --stack")
        .showSuggestionAfterError(true)
        .exitOverride()
        .configureHelp({ showGlobalOptions: true, helpWidth: Number.isFinite(widthOf(io)) ? widthOf(io) : 100 })
        .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: () => undefined })
        .addHelpText(
            "after",
            "\nExit codes: 0 ok, 1 failure (doctor: a check failed; plan --diff --exit-code: the stacks differ;\n" +
                "fleet: a stack failed), 2 usage or configuration error.",
        );
    const globals = (cmd: Command) => cmd.optsWithGlobals() as GlobalOptions & Record<string, unknown>;

    program
        .command("plan")
        .description("compute a stack's interconnect offline and print what pulumi up would create on each cluster")
        .argument("[stack]", "a Pulumi.<stack>.yaml, or a project folder (default: this folder; its dev stack, or its only one)")
        .option("--out <dir>", "write per cluster: <cluster>.yaml (kubectl apply -f), .patches.yaml, .helm.yaml (Flux), and topology.svg/.mmd")
        .option("--diff <other>", "compare with another stack file, folder or stack name: what changes, field by field (old → new)")
        .option("--exit-code", "with --diff: exit 1 when the stacks differ, as git diff --exit-code")
        .action(async (input: string | undefined, _opts: unknown, cmd: Command) => {
            const g = globals(cmd);
            // Accepted everywhere, as kubectl's; a plan reads no cluster, so say they change nothing here.
            if (g.kubeconfig?.length || g.context?.length) io.stderr("· --kubeconfig and --context are for doctor: plan reads no cluster\n");
            const { runPlan } = await import("./plan");
            done(
                await runPlan(
                    {
                        input,
                        stack: g.stack,
                        output: outputOf(g),
                        out: g.out as string | undefined,
                        diff: g.diff as string | undefined,
                        exitCode: g.exitCode === true,
                    },
                    io,
                ),
            );
        });

    program
        .command("doctor")
        .description(
            "check each cluster as the product's troubleshooting section does: API server, Skupper pods, site controller, router LoadBalancer and its source ranges, links, service sync, orchestrator network",
        )
        .argument("[stack]", "a Pulumi.<stack>.yaml, or a project folder (default: this folder)")
        .option("--hub <name>", "without a stack: NAME is a hub (repeatable)", collect)
        .option("--spoke <name=hub>", "without a stack: NAME is a spoke linked to HUB (repeatable)", collect)
        .option("--namespace <ns>", "without a stack: the site namespace (default interconnect)")
        .option("--skupper-version <v1|v2>", "without a stack: which Skupper the network runs (default v1)")
        .option("--timeout <duration>", "time budget per cluster, e.g. 10s or 500ms", "10s")
        .addHelpText(
            "after",
            "\nThe orchestrator is checked when the stack has one and EDGE_ORCH_TOKEN, or EDGE_ORCH_USERNAME\n" +
                "and EDGE_ORCH_PASSWORD, are set. A Pulumi-secret kubeconfig cannot be read offline: pass\n" +
                "--kubeconfig NAME=FILE.",
        )
        .action(async (input: string | undefined, _opts: unknown, cmd: Command) => {
            const g = globals(cmd);
            const { doctorCommand } = await import("./doctor");
            done(
                await doctorCommand(
                    {
                        input,
                        stack: g.stack,
                        kubeconfig: g.kubeconfig ?? [],
                        context: g.context ?? [],
                        hubs: (g.hub as string[] | undefined) ?? [],
                        spokes: (g.spoke as string[] | undefined) ?? [],
                        namespace: g.namespace as string | undefined,
                        skupperVersion: g.skupperVersion as string | undefined,
                        timeout: g.timeout as string,
                        output: outputOf(g),
                    },
                    io,
                ),
            );
        });
    program
        .command("fleet")
        .description(
            "run a fleet's stacks through the Pulumi Automation API: the hub stack(s) first, then the spoke-shard stacks in parallel, with a summary table",
        )
        .addArgument(new Argument("<operation>", "what to run on every stack").choices(["up", "preview", "destroy"]))
        .argument("[folder]", "the project folder: Pulumi.yaml and its Pulumi.<stack>.yaml files (default: this folder)")
        .option("--parallel <n>", "at most N stacks at once (1-64)", String(DEFAULT_PARALLEL))
        .option("--diff", "list each stack's changing resources under the summary")
        .option("--exit-code", "with preview: exit 1 when any stack would change, as git diff --exit-code")
        .addHelpText("after", `\n--stack NAME runs only that stack; NAME,NAME... runs several.${FLEET_HELP_AFTER}`)
        .action(async (operation: "up" | "preview" | "destroy", folder: string | undefined, _opts: unknown, cmd: Command) => {
            const g = globals(cmd);
            // Accepted everywhere, as kubectl's; each stack's clusters come from its own configuration.
            if (g.kubeconfig?.length || g.context?.length)
                io.stderr("· --kubeconfig and --context are for doctor: fleet reads each stack's clusters from its configuration\n");
            const { runFleet, parseParallel } = await import("./fleet");
            done(
                await runFleet(
                    {
                        operation,
                        dir: folder,
                        parallel: parseParallel(g.parallel as string),
                        stacks: g.stack ? g.stack.split(",").filter(Boolean) : [],
                        diff: g.diff === true,
                        exitCode: g.exitCode === true,
                        output: outputOf(g),
                    },
                    io,
                ),
            );
        });
    return program;
}

/** commander's one-line errors ("error: unknown option '--x'") as usage errors naming the help to read. */
function usageFrom(e: CommanderError, argv: string[]): UsageError {
    const text = e.message
        .replace(/^error: /, "")
        .split("\n")[0]
        .replace(/\.$/, "");
    if (e.code === "commander.unknownCommand") return new UsageError(`unknown command "${argv[0]}"; run "edge-interconnect help" for the list`);
    const command = ["plan", "doctor", "fleet"].find((c) => argv.includes(c));
    return new UsageError(`${text}; run "edge-interconnect ${command ? `${command} ` : ""}--help"`);
}

/**
 * Runs the command line `argv` (without node and the script); resolves to
 * the exit code, throws {@link UsageError} for exit code 2 (for tests and
 * embedding; {@link runCli} prints it).
 */
export async function runCommand(argv: string[], io: CliIo): Promise<number> {
    if (TOOLS.includes(argv[0]))
        throw new UsageError(
            `"${argv[0]}" is a development tool of the repository, not part of the package: run it from a clone with npm run ${argv[0] === "demo" ? "demo" : "orchestrator -- [options]"}`,
        );
    let code = 0;
    const program = build(io, (c) => (code = c));
    if (argv.length === 0) {
        // As kubectl: no command shows the help.
        io.stdout(program.helpInformation());
        return 0;
    }
    try {
        await program.parseAsync(argv, { from: "user" });
    } catch (e) {
        if (e instanceof CommanderError) {
            // --help, --version and `help`: what was asked, exit 0.
            if (e.exitCode === 0 || e.code === "commander.helpDisplayed" || e.code === "commander.help" || e.code === "commander.version") return 0;
            throw usageFrom(e, argv);
        }
        throw e;
    }
    return code;
}

/** {@link runCommand}, printing errors as kubectl does: one line (one per problem), no stack trace, exit 1 or 2. */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
    const { terminalSafe } = await import("../plan/text");
    try {
        return await runCommand(argv, io);
    } catch (err) {
        // Terminal-safe: messages quote stack files, clusters and servers.
        const message = terminalSafe(err instanceof Error ? err.message : String(err));
        const details = err instanceof UsageError ? err.details.map((d) => `  ${terminalSafe(d)}\n`).join("") : "";
        io.stderr(`edge-interconnect: ${message}\n${details}`);
        return err instanceof UsageError ? 2 : 1;
    }
}
