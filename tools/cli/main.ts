#!/usr/bin/env node
/**
 * The development tools' command line: the test doubles the package's own
 * tests use, kept out of the library's `dist/` (they are not part of what
 * `pulumi-edge-interconnect` ships).
 *
 *   npm run orchestrator -- [--port N] [...]   run the local orchestrator server
 *   npm run demo                               create, read, update and delete a network through the real provider host
 */
import { terminalSafe } from "../../sdk/plan/text";
import { UsageError } from "../../sdk/cli/usage";

const HELP = `usage: tools/cli/main.ts <command> [options]

commands:
  orchestrator serve   run the local orchestrator server (networks and deployments APIs + Keycloak-compatible tokens)
                       options: --port N --host 127.0.0.1 --state FILE --tls-cert FILE --tls-key FILE
                                --latency-ms N --fail-rate P --throttle-rate P --drop-rate P --seed N
                                --access-token-ttl S --user NAME (password: --password-file FILE or EDGE_ORCH_PASSWORD)
  demo                 start the local orchestrator and create, read, update and delete a network
                       through Pulumi's dynamic-provider host
  help                 show this text
`;

async function main(argv: string[]): Promise<number> {
    const [command, ...rest] = argv;
    if (command === "orchestrator" && rest[0] === "serve") return (await import("./serve")).runServe(rest.slice(1));
    if (command === "demo") return (await import("./demo")).runDemo(rest);
    if (command === undefined || command === "help" || command === "--help" || command === "-h") {
        process.stdout.write(HELP);
        return command === undefined ? 2 : 0;
    }
    throw new UsageError(`unknown command "${argv.join(" ")}"; run "npm run tools -- help" for the list`);
}

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (err: unknown) => {
        process.stderr.write(`edge-interconnect tools: ${terminalSafe(err instanceof Error ? err.message : String(err))}\n`);
        process.exitCode = err instanceof UsageError ? 2 : 1;
    },
);
