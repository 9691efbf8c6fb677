/** The plugin's version: the package's, so the engine and `pulumi plugin ls` agree with package.json. */
import * as fs from "node:fs";
import * as path from "node:path";

/** The version in the nearest package.json above this file: the repository's, from provider/plugin/ (ts-node) and dist/provider/plugin/ alike. */
function packageVersion(): string {
    for (let dir = __dirname; ; dir = path.dirname(dir)) {
        const file = path.join(dir, "package.json");
        if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")).version;
        if (path.dirname(dir) === dir) throw new Error(`no package.json above ${__dirname}`);
    }
}

export const PLUGIN_VERSION: string = packageVersion();
