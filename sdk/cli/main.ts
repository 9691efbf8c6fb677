#!/usr/bin/env node
/**
 * `edge-interconnect`: the package's command line.
 *
 *   edge-interconnect plan [STACK_FILE]     what pulumi up would create on each cluster
 *   edge-interconnect doctor [STACK_FILE]   the troubleshooting checks, per cluster
 *
 * The local orchestrator and the provider-host demo are development tools
 * (tools/cli/main.ts), not part of the library.
 */
import { terminalSafe } from "../plan/text";
import { UsageError } from "./usage";

// Each command loads its own modules: `plan` needs no Pulumi runtime, and must not load one.

const HELP = `usage: edge-interconnect <command> [options]

commands:
  plan [STACK_FILE]    compute a stack's interconnect offline and print what pulumi up would create;
                       --out DIR (manifests, SVG and Mermaid pictures), --format json, --diff OTHER
  doctor [STACK_FILE]  check each cluster as the troubleshooting section does: Skupper pods, site
                       controller, hub LoadBalancer, source ranges, links, service sync, orchestrator
                       network; --kubeconfig NAME=FILE (repeatable), --timeout 10s, --json
  help                 show this text
`;

async function main(argv: string[]): Promise<number> {
    const [command, ...rest] = argv;
    if (command === "demo" || command === "orchestrator")
        throw new UsageError(
            `"${command}" is a development tool of the repository, not part of the package: run it from a clone with npm run ${command === "demo" ? "demo" : "orchestrator -- [options]"}`,
        );
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
