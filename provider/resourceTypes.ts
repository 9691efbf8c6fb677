/**
 * Type tokens of the package's custom resources (served by the provider
 * plugin, `pulumi-resource-edge-interconnect`) and of the dynamic resources
 * they replace, so that stacks made by the dynamic providers migrate through
 * aliases instead of replacing anything (issue 16 §3).
 */
import * as pulumi from "@pulumi/pulumi";

/** The package name: the `<pkg>` of every type token and of `pulumi-resource-<pkg>`. */
export const PACKAGE_NAME = "edge-interconnect";

/** Names of the custom resources, as they appear in type tokens and the schema. */
export type CustomResourceName = "Network" | "Deployment" | "CertificateAuthority" | "SignedCertificate" | "IntermediateAuthority";

/** Every custom resource name, in a fixed order. */
export const CUSTOM_RESOURCE_NAMES: readonly CustomResourceName[] = [
    "Network",
    "Deployment",
    "CertificateAuthority",
    "SignedCertificate",
    "IntermediateAuthority",
];

/** `edge-interconnect:index:<name>`: the custom resource's type token. */
export function resourceType(name: CustomResourceName): string {
    return `${PACKAGE_NAME}:index:${name}`;
}

/**
 * The type the dynamic resource had: `pulumi.dynamic.Resource` registers
 * `pulumi-nodejs:dynamic/<module>:<type>` (@pulumi/pulumi 3.248.0
 * `dynamic/index.js` line 82), and this package passed
 * module "edge-interconnect" and the same name.
 */
export function legacyDynamicType(name: CustomResourceName): string {
    return `pulumi-nodejs:dynamic/${PACKAGE_NAME}:${name}`;
}

/**
 * Options every custom resource adds to its caller's: the alias from the
 * dynamic resource's type (same name and parent), so the engine treats the
 * old record as this resource, and the outputs that are always secrets.
 */
export function customResourceOptions(
    name: CustomResourceName,
    opts: pulumi.CustomResourceOptions | undefined,
    additionalSecretOutputs: string[],
): pulumi.CustomResourceOptions {
    return pulumi.mergeOptions(opts, { aliases: [{ type: legacyDynamicType(name) }], additionalSecretOutputs });
}
