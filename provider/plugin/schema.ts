/**
 * The package schema (issue 16 §1-2), which `pulumi package get-schema` prints
 * and `pulumi package add` generates each language's SDK from: the four
 * components (`isComponent`, served by construct.ts) and the custom
 * resources, with their object types. Format: the Pulumi package schema
 * (pkg/codegen/schema/schema.go, `PackageSpec`, in github.com/pulumi/pulumi/pkg/v3).
 */
import { COMPONENTS } from "./schema/components";
import { CUSTOM_RESOURCES } from "./schema/customResources";
import { PACKAGE, token } from "./schema/spec";
import { OBJECT_TYPES } from "./schema/types";
import { PLUGIN_VERSION } from "./version";

const byToken = <T>(entries: Record<string, T>, extra: (v: T) => object = () => ({})) =>
    Object.fromEntries(Object.entries(entries).map(([name, spec]) => [token(name), { ...spec, ...extra(spec) }]));

/** The schema as an object. */
export function packageSchema() {
    return {
        name: PACKAGE,
        displayName: "Edge Interconnect",
        version: PLUGIN_VERSION,
        description:
            "Connect applications across edge Kubernetes clusters in a hub-and-spoke pattern: MetalLB on hubs, Skupper on every member, TLS and links wired automatically, and the edge orchestrator's networks and deployments.",
        keywords: ["kubernetes", "skupper", "edge", "category/network", "kind/component"],
        license: "Apache-2.0",
        repository: "https://github.com/edge-interconnect/pulumi-edge-interconnect",
        publisher: "pulumi-edge-interconnect",
        // Object types are plain data the engine checks; `type: object` on each.
        types: byToken(OBJECT_TYPES, () => ({ type: "object" })),
        resources: { ...byToken(COMPONENTS), ...byToken(CUSTOM_RESOURCES) },
        language: {
            nodejs: {
                packageName: "@edge-interconnect/pulumi-edge-interconnect",
                packageDescription: "Pulumi SDK of the edge-interconnect provider (generated).",
            },
            python: { packageName: "pulumi_edge_interconnect", pyproject: { enabled: true }, respectSchemaVersion: true },
            go: {
                importBasePath: "github.com/edge-interconnect/pulumi-edge-interconnect/sdk/go/edgeinterconnect",
                generateResourceContainerTypes: true,
            },
            csharp: { rootNamespace: "EdgeInterconnect" },
        },
    };
}

/** The schema as the provider's GetSchema returns it. */
export function schemaJson(): string {
    return JSON.stringify(packageSchema());
}
