#!/usr/bin/env node
/**
 * `edge-interconnect`: the package's command line (sdk/cli/program.ts).
 *
 *   edge-interconnect plan [STACK]     what pulumi up would create on each cluster
 *   edge-interconnect doctor [STACK]   the troubleshooting checks, per cluster
 *   edge-interconnect fleet up|preview|destroy [FOLDER]   a fleet's stacks, hub first, shards in parallel
 *
 * The local orchestrator and the provider-host demo are development tools
 * (tools/cli/main.ts), not part of the library.
 */
import { runCli } from "./program";

runCli(process.argv.slice(2)).then((code) => {
    // An exec credential plugin that outlived doctor's deadline would keep the process alive: exit once output is flushed.
    process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
});
