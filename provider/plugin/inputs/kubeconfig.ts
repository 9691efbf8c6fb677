/**
 * A kubeconfig known when the program runs is checked here, before the
 * component exists: the component checks an Output only when it resolves,
 * inside the registration of its Kubernetes provider, whose failure the SDK
 * reports as `error serializing property "kubeconfig": …`. Its text is never
 * quoted (it holds credentials); it stays the Input it came as.
 */
import { kubeconfigProblem } from "../../../sdk/kube/clusterProvider";
import { InputProblem, resolvePlain, UnknownInput } from "./values";

export async function checkKnownKubeconfig(value: unknown, problems: InputProblem[]): Promise<void> {
    if (value === undefined || value === null) return;
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
