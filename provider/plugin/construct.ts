/**
 * The components through `construct` (issue 16 §1): the engine asks the
 * plugin to build a component a program declared remotely, in any language;
 * this builds it with the TypeScript class itself (one implementation) and
 * returns its URN and the outputs the schema declares.
 *
 * How the Node SDK's provider host calls this: @pulumi/pulumi
 * provider/server.js `construct` (inputs deserialized, options rebuilt from
 * the request, the returned state serialized, then `waitForRPCs`).
 */
import * as pulumi from "@pulumi/pulumi";
import * as provider from "@pulumi/pulumi/provider";
import { token } from "./schema/spec";
import { buildApplication } from "./inputs/application";
import { buildHub } from "./inputs/hub";
import { buildNetwork } from "./inputs/network";
import { recordLive, registerReferenceModule } from "./inputs/references";
import { buildSpoke } from "./inputs/spoke";

type Builder = (
    name: string,
    inputs: pulumi.Inputs,
    opts: pulumi.ComponentResourceOptions,
) => Promise<{ component: pulumi.ComponentResource; state: Record<string, unknown> }>;

/** The components by type token. */
export const COMPONENT_BUILDERS: Readonly<Record<string, Builder>> = {
    [token("InterconnectNetwork")]: buildNetwork,
    [token("HubCluster")]: buildHub,
    [token("SpokeCluster")]: buildSpoke,
    [token("InterconnectApplication")]: buildApplication,
};

// References in the first construct's inputs are deserialized before it runs.
registerReferenceModule();

export async function constructComponent(
    name: string,
    type: string,
    inputs: pulumi.Inputs,
    options: pulumi.ComponentResourceOptions,
): Promise<provider.ConstructResult> {
    const build = COMPONENT_BUILDERS[type];
    if (!build) throw new Error(`edge-interconnect cannot construct ${type}: its components are ${Object.keys(COMPONENT_BUILDERS).join(", ")}`);
    const { component, state } = await build(name, inputs, options);
    const urn = await recordLive(component);
    return { urn, state };
}
