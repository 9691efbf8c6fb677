/**
 * A minimal TypeScript require hook for the benchmark's evaluation processes:
 * each .ts file is transpiled with the project's compiler options (as `tsc`
 * emits it into dist/, which `edge-interconnect plan` runs), without
 * type-checking and without installing source-map-support.
 *
 * Why not ts-node here: ts-node installs source-map-support, which source-maps
 * every `new Error().stack`, and Pulumi captures one stack per promise it
 * creates (runtime/debuggable.js), so under ts-node the evaluation measures
 * the stack mapper more than the components. `bench/run.ts` measures one case
 * under ts-node as well, to show the difference.
 *
 *   node -r ./bench/register.js bench/evaluate-case.ts <hubs> <spokes>
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const ts = require("typescript");

const root = path.resolve(__dirname, "..");
const configFile = path.join(root, "tsconfig.json");
const read = ts.readConfigFile(configFile, ts.sys.readFile);
if (read.error) throw new Error(`bench/register.js: cannot read ${configFile}: ${ts.flattenDiagnosticMessageText(read.error.messageText, "\n")}`);
const { options } = ts.convertCompilerOptionsFromJson(read.config.compilerOptions || {}, root);
const compilerOptions = {
    ...options,
    module: ts.ModuleKind.CommonJS,
    noEmit: false,
    declaration: false,
    sourceMap: false,
    inlineSourceMap: false,
    inlineSources: false,
};

const load = (module, filename) => {
    const source = fs.readFileSync(filename, "utf8");
    const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename, reportDiagnostics: false });
    module._compile(outputText, filename);
};
// require.extensions is deprecated but still the supported way for CommonJS loaders (ts-node uses it too).
require.extensions[".ts"] = load;
