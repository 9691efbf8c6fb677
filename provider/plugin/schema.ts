/** The package schema (issue 16 §1-2): placeholder until the schema work lands. */
export function schemaJson(): string {
    return JSON.stringify({ name: "edge-interconnect", version: require("./version").PLUGIN_VERSION, resources: {} });
}
