/** Labels every object of the package carries, so operators can find and select them. */
export function commonLabels(network: string, component: string): Record<string, string> {
    return {
        "app.kubernetes.io/managed-by": "pulumi-edge-interconnect",
        "app.kubernetes.io/part-of": network,
        "app.kubernetes.io/component": component,
    };
}
