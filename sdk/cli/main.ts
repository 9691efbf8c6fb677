#!/usr/bin/env node
/**
 * `edge-interconnect`: the package's command line.
 *
 *   edge-interconnect orchestrator serve [--port N] [...]   run the local orchestrator server
 *   edge-interconnect demo                                  create, read and delete a network through the real provider host
 */
import { terminalSafe } from "../plan/text";
import { UsageError } from "./usage";

// Each command loads its own modules: `plan` needs no Pulumi runtime, and must not load one.

const HELP = `usage: edge-interconnect <command> [options]

commands:
  orchestrator serve   run the local orchestrator server (networks API + Keycloak-compatible tokens)
                       options: --port N --host 127.0.0.1 --state FILE --tls-cert FILE --tls-key FILE
                                --latency-ms N --fail-rate P --throttle-rate P --drop-rate P --seed N
                                --access-token-ttl S --user NAME (password: --password-file FILE or EDGE_ORCH_PASSWORD)
  plan [STACK_FILE]    evaluate a stack's interconnect offline and print what pulumi up would create;
                       --out DIR (manifests, SVG and Mermaid pictures), --format json, --diff OTHER
  doctor [STACK_FILE]  check each cluster as the troubleshooting section does: Skupper pods, site
                       controller, hub LoadBalancer, source ranges, links, service sync, orchestrator
                       network; --kubeconfig NAME=FILE (repeatable), --timeout 10s, --json
  demo                 start the local orchestrator and create, read, update and delete a network
                       through Pulumi's dynamic-provider host
  help                 show this text
`;

async function main(argv: string[]): Promise<number> {
    const [command, ...rest] = argv;
    if (command === "orchestrator" && rest[0] === "serve") return (await import("./serve")).runServe(rest.slice(1));
    if (command === "demo") return (await import("./demo")).runDemo(rest);
    if (command === "plan") return (await import("./plan")).runPlan(rest);
    if (command === "doctor") {
        const code = await (await import("./doctor")).runDoctor(rest);
        // An exec credential plugin that outlived the deadline would keep the process alive: exit once output is flushed.
        process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
        return code;
    }
    if (command === undefined || command === "help" || command === "--help" || command === "-h") {
        process.stdout.write(HELP);
        return command === undefined ? 2 : 0;
    }
    throw new UsageError(`unknown command "${argv.join(" ")}"; run "edge-interconnect help" for the list`);
}

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (err: unknown) => {
        // One line, no stack: the message already says what to change.
        // Terminal-safe: messages quote stack files, clusters and servers.
        const message = terminalSafe(err instanceof Error ? err.message : String(err));
        process.stderr.write(`edge-interconnect: ${message}\n`);
        process.exitCode = err instanceof UsageError ? 2 : 1;
    },
);
