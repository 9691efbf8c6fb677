/**
 * How tests start the `edge-interconnect` command as a child process: the
 * compiled `dist/sdk/cli/main.js` when it is at least as new as every source
 * file (npm test builds it first), otherwise the TypeScript entry through
 * ts-node, which costs about a second more per start.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const DIST = path.join(ROOT, "dist/sdk/cli/main.js");

function newestSource(dir: string): number {
    let newest = 0;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
        else if (entry.name.endsWith(".ts")) newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
    return newest;
}

function distIsFresh(): boolean {
    if (!fs.existsSync(DIST)) return false;
    const built = fs.statSync(DIST).mtimeMs;
    return built >= Math.max(newestSource(path.join(ROOT, "sdk")), newestSource(path.join(ROOT, "provider")));
}

/**
 * ts-node's register hook by its full path, and the repository's tsconfig for
 * it (children inherit the environment): a child started in a folder outside
 * the repository (a test's temporary folder) can resolve neither by itself.
 */
const TS_NODE = require.resolve("ts-node/register/transpile-only");
process.env.TS_NODE_PROJECT ??= path.join(ROOT, "tsconfig.json");

/** `[node, ...args]` that run the CLI; append the command's own arguments. */
export const CLI: readonly string[] = Object.freeze(
    distIsFresh() ? [process.execPath, DIST] : [process.execPath, "-r", TS_NODE, path.join(ROOT, "sdk/cli/main.ts")],
);

/** `[node, ...args]` that run the development tools (the local orchestrator, the demo); never compiled into dist/. */
export const TOOLS_CLI: readonly string[] = Object.freeze([process.execPath, "-r", TS_NODE, path.join(ROOT, "tools/cli/main.ts")]);
