/**
 * Lets example programs, which import the package by name as users do, run
 * inside this repository: "pulumi-edge-interconnect" resolves to ./sdk.
 */
import Module = require("node:module");
import * as path from "node:path";

const SDK = path.resolve(__dirname, "../../sdk/index.ts");

export function aliasPackageName(): void {
    const mod = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string; __edgeAliased?: boolean };
    if (mod.__edgeAliased) return;
    const original = mod._resolveFilename;
    mod._resolveFilename = (request: string, ...rest: unknown[]) => original.call(Module, request === "pulumi-edge-interconnect" ? SDK : request, ...rest);
    mod.__edgeAliased = true;
}
