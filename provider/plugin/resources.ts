/** The custom resources (issue 16 §1): placeholder until the custom-resource work lands. */
import * as provider from "@pulumi/pulumi/provider";

export const customResources: Pick<provider.Provider, "check" | "diff" | "create" | "read" | "update" | "delete"> = {};
