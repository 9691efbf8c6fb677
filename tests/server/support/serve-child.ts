// Runs a server in a child process so a test can SIGKILL it mid-stream.
// argv: <stateFile>. Prints one JSON line {url, token} once listening.

import { createOrchestratorServer } from "../../../tools/local-orchestrator";
import { ADMIN, tenancyOptions } from "./fixtures";

async function main(): Promise<void> {
    const stateFile = process.argv[2];
    if (stateFile === undefined) throw new Error("usage: serve-child <stateFile>");
    const server = await createOrchestratorServer({ ...tenancyOptions(), stateFile });
    const token = await server.issueToken({ username: ADMIN.username });
    process.stdout.write(`${JSON.stringify({ url: server.url, port: server.port, token })}\n`);
}

main().catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
});
