/**
 * A small vocabulary for the package schema (Pulumi package schema, the
 * `TypeSpec`/`PropertySpec` of pkg/codegen/schema/schema.go in
 * github.com/pulumi/pulumi/pkg/v3): property builders whose descriptions come
 * from the TSDoc of the TypeScript API (docs.ts, written by
 * tools/schema/docs.ts), so each description is written once, in the code.
 */
import { DOCS } from "./docs";

export const PACKAGE = "edge-interconnect";

/** A property or type reference, as the schema spells it. */
export interface PropertySpec {
    type?: "string" | "number" | "integer" | "boolean" | "array" | "object";
    $ref?: string;
    items?: PropertySpec;
    additionalProperties?: PropertySpec;
    description?: string;
    secret?: boolean;
}

/** An object type of the `types` section, or a resource's inputs and outputs. */
export interface ObjectSpec {
    description: string;
    properties: Record<string, PropertySpec>;
    required?: string[];
}

export interface ResourceSpec {
    description: string;
    isComponent?: boolean;
    inputProperties: Record<string, PropertySpec>;
    requiredInputs?: string[];
    properties: Record<string, PropertySpec>;
    required?: string[];
}

/**
 * The TSDoc of the first key that has one (`HubClusterArgs.loadBalancer`,
 * then fallbacks); a key starting with "=" is literal text, for fields the
 * TypeScript API leaves undocumented. Throws for a key nothing documents, so
 * a renamed field cannot leave a property without a description.
 */
export function doc(...keys: string[]): string {
    for (const k of keys) {
        if (k.startsWith("=")) return k.slice(1);
        if (DOCS[k]) return DOCS[k];
    }
    throw new Error(`schema: no TSDoc for ${keys.join(" or ")} (run tools/schema/docs.ts after documenting it)`);
}

/** `edge-interconnect:index:<name>` */
export const token = (name: string): string => `${PACKAGE}:index:${name}`;

export const str = (description: string): PropertySpec => ({ type: "string", description });
export const int = (description: string): PropertySpec => ({ type: "integer", description });
export const num = (description: string): PropertySpec => ({ type: "number", description });
export const bool = (description: string): PropertySpec => ({ type: "boolean", description });
export const strings = (description: string): PropertySpec => ({ type: "array", items: { type: "string" }, description });
export const list = (items: PropertySpec, description: string): PropertySpec => ({ type: "array", items: bare(items), description });
export const map = (items: PropertySpec, description: string): PropertySpec => ({ type: "object", additionalProperties: bare(items), description });
/** Any JSON value (Helm values, for instance). */
export const anyMap = (description: string): PropertySpec => ({ type: "object", additionalProperties: { $ref: "pulumi.json#/Any" }, description });
/** An object type of the `types` section. */
export const type = (name: string, description: string): PropertySpec => ({ $ref: `#/types/${token(name)}`, description });
/** A reference to a resource of this package (a resource reference on the wire). */
export const resource = (name: string, description: string): PropertySpec => ({ $ref: `#/resources/${token(name)}`, description });
/** Marks a property secret: the engine encrypts it in the state and hides it in output. */
export const secret = (p: PropertySpec): PropertySpec => ({ ...p, secret: true });

/** A property's type without its description (for list items and map values). */
function bare(p: PropertySpec): PropertySpec {
    const { description: _d, ...rest } = p;
    return rest;
}
