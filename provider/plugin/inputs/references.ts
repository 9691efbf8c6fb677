/**
 * Resource references between components. A program passes a component it
 * made remotely (`network`, `hub`) as a resource reference; the Node SDK's
 * provider host turns each into a live object through the resource module
 * registered for the package (@pulumi/pulumi runtime/rpc.js
 * `deserializeProperty`, case specialResourceSig:
 * `getResourceModule(pkg, mod, version).construct(name, type, urn)`).
 *
 * The engine runs every construct of one deployment in this one plugin
 * process (one provider instance per package and version), so the component
 * behind a reference was built here moments before: constructs record each
 * live component by URN, and the module hands it back. A reference that is
 * not here (a component of another provider instance or another process)
 * comes back as an UnresolvedReference, which `referenceOf` reports naming
 * the field.
 */
import * as pulumi from "@pulumi/pulumi";
import { PACKAGE } from "../schema/spec";
import { InputProblem } from "./values";

/** The live components of this process, by URN. */
const LIVE = new Map<string, pulumi.ComponentResource>();

/** Records a component built by construct, so that later constructs can take it by reference. */
export async function recordLive(component: pulumi.ComponentResource): Promise<string> {
    const urn = await (component.urn as unknown as { promise(): Promise<string> }).promise();
    LIVE.set(urn, component);
    return urn;
}

/** A reference to a component this process did not build. */
export class UnresolvedReference extends pulumi.DependencyResource {
    constructor(
        readonly referenceUrn: string,
        readonly referenceType: string,
    ) {
        super(referenceUrn);
    }
}

let registered = false;

/** Registers the package's resource module once, before any construct deserializes its inputs. */
export function registerReferenceModule(): void {
    if (registered) return;
    registered = true;
    pulumi.runtime.registerResourceModule(PACKAGE, "index", {
        construct: (_name: string, type: string, urn: string) => LIVE.get(urn) ?? new UnresolvedReference(urn, type),
    });
}

/** "a HubCluster", "an InterconnectNetwork". */
const article = (name: string) => `${/^[AEIOU]/.test(name) ? "an" : "a"} ${name}`;

/** What a class is called, for messages. */
type Named<T> = (abstract new (...args: never[]) => T) & { name: string };

/**
 * The live component `value` refers to, or a problem naming `field`: not a
 * reference, a reference to another kind of component, or one this provider
 * instance did not build.
 */
export function referenceOf<T>(value: unknown, field: string, cls: Named<T>): { ref?: T; problem?: InputProblem } {
    const problem = (reason: string) => ({ problem: { propertyPath: field, reason } });
    if (value instanceof UnresolvedReference)
        return problem(
            `refers to ${value.referenceUrn}, which this provider instance did not construct; pass ${article(cls.name)} created with the same provider in this program`,
        );
    if (value instanceof cls) return { ref: value as T };
    if (pulumi.Resource.isInstance(value)) return problem(`must be ${article(cls.name)}, not ${article((value as pulumi.Resource).constructor.name)}`);
    return problem(`must be a reference to ${article(cls.name)} resource, not ${value === null ? "null" : typeof value}`);
}

/** Forgets every live component (tests). */
export function forgetLive(): void {
    LIVE.clear();
}
