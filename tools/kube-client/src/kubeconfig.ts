/**
 * Reading a kubeconfig as kubectl does (a YAML text, a file, or the default
 * `$KUBECONFIG` / `~/.kube/config`) and selecting its context, with every
 * problem as one line.
 */
import * as fs from "node:fs";
import * as k8s from "@kubernetes/client-node";
import type { KubeconfigSource } from "pulumi-edge-interconnect/dist/sdk/doctor/clusterClient";
import { KubeConfigError } from "./errors";

/** Reads a kubeconfig and selects its context; throws {@link KubeConfigError} with one line. */
export function loadKubeConfig(source: KubeconfigSource): k8s.KubeConfig {
    const kc = new k8s.KubeConfig();
    try {
        if (source.kind === "yaml") kc.loadFromString(source.text);
        else if (source.kind === "file") {
            if (!fs.existsSync(source.path)) throw new KubeConfigError(`kubeconfig file ${source.path} does not exist`);
            kc.loadFromFile(source.path);
        } else kc.loadFromDefault();
    } catch (e) {
        if (e instanceof KubeConfigError) throw e;
        const where = source.kind === "file" ? source.path : source.kind === "yaml" ? "the kubeconfig" : "the default kubeconfig";
        throw new KubeConfigError(`${where} is not a valid kubeconfig (${String((e as Error).message).split("\n")[0]})`);
    }
    if (source.context !== undefined) {
        if (!kc.getContextObject(source.context)) {
            const known = kc.getContexts().map((c) => c.name);
            throw new KubeConfigError(`context "${source.context}" is not in the kubeconfig${known.length ? ` (contexts: ${known.join(", ")})` : ""}`);
        }
        kc.setCurrentContext(source.context);
    }
    const cluster = kc.getCurrentCluster();
    if (!cluster || !cluster.server) throw new KubeConfigError("the kubeconfig has no current context with a cluster server");
    return kc;
}
