/**
 * `edge-interconnect orchestrator serve`: the local orchestrator server in
 * the foreground, until Ctrl-C.
 */
import * as fs from "node:fs";
import { createOrchestratorServer, parseServeArgs } from "../local-orchestrator";
import { credentialsEnv, writePrivateFile } from "../local-orchestrator/credentials-file";
import { UsageError } from "../../sdk/cli/usage";

export async function runServe(argv: string[]): Promise<number> {
    let options;
    try {
        options = parseServeArgs(argv, { env: process.env, readFile: (f) => fs.readFileSync(f, "utf8") });
    } catch (e) {
        throw new UsageError((e as Error).message);
    }
    // Without --user, the same variables the provider reads define the login,
    // so one environment serves both sides.
    if (!options.users && process.env.EDGE_ORCH_USERNAME && process.env.EDGE_ORCH_PASSWORD) {
        options.users = [{ username: process.env.EDGE_ORCH_USERNAME, password: process.env.EDGE_ORCH_PASSWORD }];
    }
    const server = await createOrchestratorServer(options);
    const out = process.stdout;
    out.write(`local orchestrator listening on ${server.url}\n`);
    out.write(`  networks API  ${server.url}/v1/projects/<project>/networks\n`);
    out.write(`  deployments   ${server.url}/v1/projects/<project>/appdeployment/deployments\n`);
    out.write(`  token         ${server.keycloakUrl}/realms/master/protocol/openid-connect/token\n`);
    out.write(`  projects      ${server.projects.map((p) => p.name).join(", ")}\n`);
    if (!options.users) {
        // A generated password is written to a private file, never to the terminal: a new
        // 0700 folder, the file created exclusively, without following symlinks, mode 0600.
        const user = server.users[0];
        const file = writePrivateFile(`${server.port}.env`, credentialsEnv(user.username, user.password));
        out.write(`  login         user "${user.username}"; credentials in ${file} (mode 0600): set -a; . ${file}; set +a\n`);
    } else {
        out.write(`  login         user(s) ${server.users.map((u) => `"${u.username}"`).join(", ")}\n`);
    }
    if (options.stateFile) out.write(`  state         ${options.stateFile}\n`);
    await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
    });
    await server.close();
    return 0;
}
