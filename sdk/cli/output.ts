/** `-o text|json|yaml`: the formats every command prints in. */
export type OutputFormat = "text" | "json" | "yaml";
export const OUTPUT_FORMATS: readonly OutputFormat[] = ["text", "json", "yaml"];

/** A command's data as JSON or YAML (text is each command's own). */
export function serialize(value: unknown, format: "json" | "yaml"): string {
    if (format === "json") return JSON.stringify(value, null, 2) + "\n";
    const { stringify } = require("yaml") as typeof import("yaml");
    // Plain data only (JSON's view of it): no undefined members, no YAML tags.
    return stringify(JSON.parse(JSON.stringify(value)), { lineWidth: 0 });
}
