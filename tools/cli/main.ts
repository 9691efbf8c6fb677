#!/usr/bin/env node
/**
 * The development tools' command line: the test doubles the package's own
 * tests use, kept out of the library's `dist/` (they are not part of what
 * `pulumi-edge-interconnect` ships). The same parser (commander) and the same
 * conventions as `edge-interconnect`: `-h/--help` on every command never runs
 * it, unknown options are usage errors, exit codes 0 / 1 / 2.
 *
 *   npm run orchestrator -- [--port N] [...]   run the local orchestrator server
 *   npm run demo                               create, read, update and delete a network through the real provider host
 */
import { Command, CommanderError } from "commander";
import { terminalSafe } from "../../sdk/plan/text";
import { UsageError } from "../../sdk/cli/usage";

const SERVE_OPTIONS = `
Options (checked by the local orchestrator's own argument rules, tools/local-orchestrator/args.ts):
  --port N                 integer 0-65535 (0 = ephemeral)
  --host H                 address to bind (loopback unless --allow-non-loopback)
  --allow-non-loopback     permit a non-loopback --host
  --state FILE             JSON state file
  --tls-cert FILE          PEM certificate (needs --tls-key); --tls-key FILE; --tls-ca FILE
  --latency-ms N           added to every request
  --fail-rate P            probability 0-1 of a 503; --throttle-rate P (429); --drop-rate P (dropped connection)
  --seed N                 seed for the fault PRNG
  --access-token-ttl S     access-token lifespan; --refresh-token-ttl S
  --user NAME              user with every role (repeatable); the password comes from --password-file FILE
                           or EDGE_ORCH_PASSWORD, never the command line
`;

/** Runs the tools' command line; resolves to the exit code, throws {@link UsageError} for exit code 2. */
export async function runTools(argv: string[]): Promise<number> {
    let code = 0;
    const program = new Command("tools/cli/main.ts")
        .description("the repository's development tools (not part of the package)")
        .helpOption("-h, --help", "show help for a command")
        .exitOverride()
        .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s), outputError: () => undefined });
    program
        .command("demo")
        .description("start the local orchestrator and create, read, update and delete a network through the package's provider plugin (dist/ built)")
        .action(async () => {
            code = await (await import("./demo")).runDemo([]);
        });
    const orchestrator = program.command("orchestrator").description("the local orchestrator (networks and deployments APIs, Keycloak-compatible tokens)");
    orchestrator
        .command("serve")
        .description("run the local orchestrator server until Ctrl-C")
        // Its flags are parsed (and refused, one line each) by parseServeArgs, the server's own rules.
        .allowUnknownOption()
        .allowExcessArguments()
        .addHelpText("after", SERVE_OPTIONS)
        .action(async (_opts: unknown, cmd: Command) => {
            code = await (await import("./serve")).runServe(cmd.args);
        });
    if (argv.length === 0) {
        process.stdout.write(program.helpInformation());
        return 0;
    }
    try {
        await program.parseAsync(argv, { from: "user" });
    } catch (e) {
        if (e instanceof CommanderError) {
            // --help, or a command group without its subcommand (its help is shown): exit 0, as kubectl.
            if (e.exitCode === 0 || e.code === "commander.helpDisplayed" || e.code === "commander.help") return 0;
            const text = e.message
                .replace(/^error: /, "")
                .split("\n")[0]
                .replace(/\.$/, "");
            throw new UsageError(
                e.code === "commander.unknownCommand" ? `unknown command "${argv.join(" ")}"; run "npm run tools -- help" for the list` : `${text}; see --help`,
            );
        }
        throw e;
    }
    return code;
}

if (require.main === module) {
    runTools(process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        (err: unknown) => {
            process.stderr.write(`edge-interconnect tools: ${terminalSafe(err instanceof Error ? err.message : String(err))}\n`);
            process.exitCode = err instanceof UsageError ? 2 : 1;
        },
    );
}
