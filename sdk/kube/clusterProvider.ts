/**
 * One Kubernetes provider per cluster, named by a stable cluster identifier
 * so that a rotated kubeconfig updates the provider instead of replacing it
 * and everything on it.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** How a component reaches its cluster. */
export interface ClusterAccessArgs {
    /** Kubeconfig of the cluster (YAML or JSON). Kept as a secret. Give this or `provider`. */
    kubeconfig?: pulumi.Input<string>;
    /** An existing Kubernetes provider for the cluster, instead of `kubeconfig`. */
    provider?: k8s.Provider;
    /**
     * A context of the default kubeconfig (`$KUBECONFIG` or `~/.kube/config`),
     * instead of `kubeconfig`; handy with ESC environments that export KUBECONFIG.
     */
    context?: string;
    /**
     * Stable identifier of the cluster (default: the component name). The
     * provider is replaced only when it changes, so rotating credentials in
     * the kubeconfig does not recreate the cluster's resources.
     */
    clusterId?: string;
}

/** Why a plain kubeconfig string cannot be right, or undefined. */
export function kubeconfigProblem(text: string): string | undefined {
    const { parse } = require("yaml") as typeof import("yaml");
    let doc: unknown;
    try {
        doc = parse(text);
    } catch (e) {
        return `is not valid YAML or JSON (${String((e as Error).message).split("\n")[0]})`;
    }
    const d = doc as { clusters?: unknown; contexts?: unknown; users?: unknown } | null;
    if (!d || typeof d !== "object") return "is not a kubeconfig: expected a mapping with clusters, contexts and users";
    for (const key of ["clusters", "contexts", "users"] as const) {
        if (!Array.isArray(d[key]) || (d[key] as unknown[]).length === 0) return `is not a kubeconfig: "${key}" must be a non-empty list`;
    }
    return undefined;
}

/** The provider for a component's cluster; throws naming the field when neither input is usable. */
export function clusterProvider(
    component: pulumi.ComponentResource,
    name: string,
    args: ClusterAccessArgs,
    fail: (field: string, problem: string) => never,
): k8s.Provider {
    const given = [args.kubeconfig !== undefined && "kubeconfig", args.provider && "provider", args.context !== undefined && "context"].filter(Boolean);
    if (given.length > 1) fail(given[0] as string, `and ${given.slice(1).join(" and ")} are both given; give one of them`);
    if (args.provider) return args.provider;
    if (args.context !== undefined) {
        return new k8s.Provider(
            `${name}-k8s`,
            { context: args.context, clusterIdentifier: args.clusterId ?? name, enableServerSideApply: true },
            { parent: component },
        );
    }
    if (args.kubeconfig === undefined) fail("kubeconfig", "is required (or give provider or context)");
    if (typeof args.kubeconfig === "string") {
        const problem = kubeconfigProblem(args.kubeconfig);
        if (problem) fail("kubeconfig", problem);
    }
    return new k8s.Provider(
        `${name}-k8s`,
        { kubeconfig: pulumi.secret(args.kubeconfig!), clusterIdentifier: args.clusterId ?? name, enableServerSideApply: true },
        { parent: component },
    );
}
