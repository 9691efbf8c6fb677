/** Components through `construct` (issue 16 §1): placeholder until the construct work lands. */
import * as pulumi from "@pulumi/pulumi";
import * as provider from "@pulumi/pulumi/provider";

export async function constructComponent(
    _name: string,
    type: string,
    _inputs: pulumi.Inputs,
    _options: pulumi.ComponentResourceOptions,
): Promise<provider.ConstructResult> {
    throw new Error(`edge-interconnect: construct of ${type} is not implemented yet`);
}
