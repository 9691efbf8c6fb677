/**
 * `pulumi-resource-edge-interconnect`: the package's provider plugin, served
 * over gRPC by `@pulumi/pulumi/provider`'s `main` (the same host Pulumi's own
 * Node.js component providers use). The engine starts it (bin/ has the
 * executable) and talks to it for every `edge-interconnect:*` resource:
 * the orchestrator's objects and the PKI as custom resources, the components
 * through `construct`.
 */
import * as provider from "@pulumi/pulumi/provider";
import { constructComponent } from "./construct";
import { customResources } from "./resources";
import { schemaJson } from "./schema";
import { PLUGIN_VERSION } from "./version";

export const edgeInterconnectProvider: provider.Provider = {
    version: PLUGIN_VERSION,
    getSchema: async () => schemaJson(),
    construct: constructComponent,
    ...customResources,
};

if (require.main === module) {
    // argv: [node, main.js, <engine address>, ...]; main() prints the port for the engine.
    provider.main(edgeInterconnectProvider, process.argv.slice(2)).catch((e: unknown) => {
        process.stderr.write(`pulumi-resource-edge-interconnect: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
    });
}
