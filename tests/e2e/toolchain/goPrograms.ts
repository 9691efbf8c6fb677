/**
 * Our Go programs of the e2e suite (Automation API drivers under
 * tests/e2e/langs/go/), built like the tools: `go build` in their own module
 * (go.mod pinned to github.com/pulumi/pulumi/sdk/v3 v3.248.0, modules from the
 * proxy), cached under <cache>/go-program-<name>-local-src<digest>/bin/<name>.
 * The digest covers go.mod, go.sum and the .go files, so an edit rebuilds.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ToolSpec } from "./index";

/** Programs ensureToolchain prebuilds (so the suite never compiles them on the clock). */
export const GO_PROGRAMS: readonly string[] = [path.resolve(__dirname, "../langs/go/previewsmoke")];

/** The module path declared in a go.mod. */
function modulePath(dir: string): string {
    const m = /^module\s+(\S+)/m.exec(fs.readFileSync(path.join(dir, "go.mod"), "utf8"));
    if (!m) throw new Error(`${dir}/go.mod declares no module`);
    return m[1];
}

/** A Go program folder (package main at its module root) as a tool of its own. */
export function goProgramSpec(dir: string): ToolSpec {
    const abs = path.resolve(dir);
    const name = path.basename(abs);
    return {
        tool: `go-program-${name}`,
        moduleDir: abs,
        module: modulePath(abs),
        version: "local",
        binaries: [{ pkg: ".", name }],
        ownSource: true,
    };
}
