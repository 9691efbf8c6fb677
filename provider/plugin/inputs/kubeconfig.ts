/**
 * The kubeconfig input. Its text is never quoted in a message (it holds
 * credentials), and it stays the Input it came as (a secret stays secret).
 */
import * as pulumi from "@pulumi/pulumi";
import { kubeconfigProblem } from "../../../sdk/kube/clusterProvider";
import { InputProblem, resolvePlain, UnknownInput } from "./values";

const textOf = (v: unknown): unknown => (v !== null && typeof v === "object" && !Array.isArray(v) ? JSON.stringify(v) : v);

/**
 * The kubeconfig as the component takes it: text. A kubeconfig given as an
 * object becomes its JSON text: Pulumi YAML reads a configuration value that
 * is JSON into an object even when the configuration declares a string, and
 * a harness or CI kubeconfig is often JSON.
 */
export function kubeconfigText(value: unknown): pulumi.Input<string> | undefined {
    if (value === undefined || value === null) return undefined;
    if (pulumi.Output.isInstance(value)) return (value as pulumi.Output<unknown>).apply(textOf) as pulumi.Output<string>;
    return textOf(value) as string;
}

/**
 * A kubeconfig known when the program runs is checked here, before the
 * component exists: the component checks an Output only when it resolves,
 * inside the registration of its Kubernetes provider, whose failure the SDK
 * reports as `error serializing property "kubeconfig": …`.
 */
export async function checkKnownKubeconfig(value: pulumi.Input<string> | undefined, problems: InputProblem[]): Promise<void> {
    if (value === undefined) return;
    let text: unknown;
    try {
        text = (await resolvePlain(value, "kubeconfig")).value;
    } catch (e) {
        // Unknown in a preview: the component checks it when it resolves.
        if (e instanceof UnknownInput) return;
        throw e;
    }
    const problem = kubeconfigProblem(text);
    if (problem) problems.push({ propertyPath: "kubeconfig", reason: problem });
}
