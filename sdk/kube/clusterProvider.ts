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

/** What a value is, for messages, without echoing it (a kubeconfig holds credentials). */
function kindOf(v: unknown): string {
    if (v === null) return "null";
    if (Array.isArray(v)) return "a list";
    return typeof v === "object" ? "an object" : typeof v === "string" ? "a string" : `a ${typeof v}`;
}

/** Why a kubeconfig's text cannot be right, or undefined. Never quotes the text: it holds credentials. */
export function kubeconfigProblem(text: unknown): string | undefined {
    if (typeof text !== "string") return `must be the kubeconfig's text (YAML or JSON), not ${kindOf(text)}`;
    if (text.trim() === "") return "is empty; give the cluster's kubeconfig (YAML or JSON)";
    const { parse } = require("yaml") as typeof import("yaml");
    let doc: unknown;
    try {
        doc = parse(text);
    } catch (e) {
        return `is not valid YAML or JSON (${String((e as Error).message)
            .split("\n")[0]
            .slice(0, 120)})`;
    }
    const d = doc as { clusters?: unknown; contexts?: unknown; users?: unknown; "current-context"?: unknown } | null;
    if (!d || typeof d !== "object" || Array.isArray(d)) return "is not a kubeconfig: expected a mapping with clusters, contexts and users";
    for (const key of ["clusters", "contexts", "users"] as const) {
        if (!Array.isArray(d[key]) || (d[key] as unknown[]).length === 0) return `is not a kubeconfig: "${key}" must be a non-empty list`;
    }
    // pulumi-kubernetes reads this text alone (client-go's clientcmd, no ambient file); a current context
    // that names nothing, or a cluster without a server, fails later and less clearly.
    const current = d["current-context"];
    const contexts = d.contexts as { name?: unknown; context?: { cluster?: unknown } }[];
    const clusters = d.clusters as { name?: unknown; cluster?: { server?: unknown } }[];
    if (current !== undefined && current !== null) {
        if (typeof current !== "string" || current.trim() === "") return 'is not usable: "current-context" must name one of its contexts';
        const context = contexts.find((c) => c?.name === current);
        if (!context) return 'is not usable: "current-context" names a context the kubeconfig does not list';
        const cluster = clusters.find((c) => c?.name === context.context?.cluster);
        if (!cluster) return "is not usable: the current context names a cluster the kubeconfig does not list";
    }
    if (clusters.some((c) => typeof c?.cluster?.server !== "string" || c.cluster.server.trim() === ""))
        return 'is not usable: every entry of "clusters" needs a server URL';
    return undefined;
}

/** Why a context name cannot be right, or undefined. */
export function contextProblem(context: unknown): string | undefined {
    if (typeof context !== "string") return `must be the name of a kubeconfig context, not ${kindOf(context)}`;
    if (context.trim() === "") return "is empty; an empty context selects whatever the default kubeconfig's current context is";
    if (/[\u0000-\u001f\u007f]/.test(context)) return "must not contain control characters";
    return undefined;
}

/**
 * The kubeconfig, checked again when it resolves: an Output resolving to ""
 * or null must not reach the provider, which would then use the ambient
 * kubeconfig. The Output fails with the component's one-line error instead.
 */
export function checkedKubeconfig(input: pulumi.Input<string>, fail: (field: string, problem: string) => never): pulumi.Output<string> {
    return pulumi.output(input).apply((text) => {
        const problem = kubeconfigProblem(text);
        if (problem) fail("kubeconfig", problem);
        return text;
    });
}

/**
 * The provider for a component's cluster; throws naming the field when no
 * input is usable. Values known only at deploy time (Outputs) are checked
 * when they resolve: the provider then fails to register, so nothing falls
 * back to the operator's current kubeconfig context.
 */
export function clusterProvider(
    component: pulumi.ComponentResource,
    name: string,
    args: ClusterAccessArgs,
    fail: (field: string, problem: string) => never,
    opts?: pulumi.ComponentResourceOptions,
): k8s.Provider {
    if (typeof args !== "object" || args === null) fail("args", "must be an object with kubeconfig, context or provider");
    const given = (["kubeconfig", "provider", "context"] as const).filter((k) => args[k] !== undefined);
    if (given.length > 1) fail(given[0], `and ${given.slice(1).join(" and ")} are both given; give one of them`);
    // A Kubernetes provider in the resource options is Pulumi's own way of saying where children go.
    const fromOptions = kubernetesProviderOf(opts);
    if (fromOptions) {
        if (given.length) fail(given[0], `and a Kubernetes provider in the resource options (opts.${fromOptions.via}) are both given; give one of them`);
        return fromOptions.provider;
    }
    if (args.provider !== undefined) {
        if (!k8s.Provider.isInstance(args.provider))
            fail("provider", `must be a Kubernetes provider (new k8s.Provider(...) from @pulumi/kubernetes), not ${kindOf(args.provider)}`);
        return args.provider;
    }
    if (args.context !== undefined) {
        const problem = contextProblem(args.context);
        if (problem) fail("context", problem);
        return new k8s.Provider(
            `${name}-k8s`,
            { context: args.context, clusterIdentifier: args.clusterId ?? name, enableServerSideApply: true },
            { parent: component },
        );
    }
    if (args.kubeconfig === undefined) fail("kubeconfig", "is required (or give provider or context)");
    const input = args.kubeconfig as unknown;
    const deferred = pulumi.Output.isInstance(input) || input instanceof Promise;
    if (!deferred) {
        const problem = kubeconfigProblem(input);
        if (problem) fail("kubeconfig", problem);
    }
    const kubeconfig = checkedKubeconfig(args.kubeconfig!, fail);
    return new k8s.Provider(
        `${name}-k8s`,
        { kubeconfig: pulumi.secret(kubeconfig), clusterIdentifier: args.clusterId ?? name, enableServerSideApply: true },
        { parent: component },
    );
}

/**
 * The Kubernetes provider given in a component's resource options, if any:
 * `opts.provider`, or the `kubernetes` entry of `opts.providers` (a list, or
 * a map keyed by package, as Pulumi accepts both).
 */
export function kubernetesProviderOf(opts: pulumi.ComponentResourceOptions | undefined): { provider: k8s.Provider; via: string } | undefined {
    if (!opts) return undefined;
    if (opts.provider && k8s.Provider.isInstance(opts.provider)) return { provider: opts.provider, via: "provider" };
    const providers = opts.providers;
    const list = Array.isArray(providers) ? providers : providers ? Object.values(providers) : [];
    const found = list.find((p) => k8s.Provider.isInstance(p)) as k8s.Provider | undefined;
    return found ? { provider: found, via: "providers" } : undefined;
}
