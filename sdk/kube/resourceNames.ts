/** Pulumi resource names of the planned objects; plain strings, no Pulumi runtime, so `plan` can name them too. */
import type { KubeObject } from "../topology/model";

/** A stable, readable resource name: `<component>-<kind>-<namespace>-<name>` (namespace left out when it repeats the name). */
export function resourceName(component: string, obj: KubeObject): string {
    const ns = obj.metadata.namespace && obj.metadata.namespace !== obj.metadata.name ? `${obj.metadata.namespace}-` : "";
    return `${component}-${obj.kind.toLowerCase()}-${ns}${obj.metadata.name}`;
}

/** The resource name of a server-side-apply patch of `obj`. */
export function patchResourceName(component: string, obj: KubeObject): string {
    return `${resourceName(component, obj)}-patch`;
}
