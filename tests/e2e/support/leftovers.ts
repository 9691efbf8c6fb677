/**
 * What the package (or a program using it) left on a cluster: every object
 * it labels, across all namespaces, of every kind it creates, and the
 * namespaces named. Used after `pulumi destroy` and after removing a member.
 */
import { Cluster } from "../harness";

const MANAGED_BY = "app.kubernetes.io/managed-by=pulumi-edge-interconnect";

/** Every kind the package creates. */
export const PACKAGE_KINDS: readonly [apiVersion: string, kind: string, namespaced: boolean][] = [
    ["v1", "Namespace", false],
    ["v1", "ConfigMap", true],
    ["v1", "Secret", true],
    ["v1", "Service", true],
    ["v1", "ServiceAccount", true],
    ["apps/v1", "Deployment", true],
    ["rbac.authorization.k8s.io/v1", "ClusterRole", false],
    ["rbac.authorization.k8s.io/v1", "ClusterRoleBinding", false],
    ["metallb.io/v1beta1", "IPAddressPool", true],
    ["metallb.io/v1beta1", "L2Advertisement", true],
];

/** One object the package labels, with the kind it was listed as. */
export interface LabelledObject {
    kind: string;
    namespaced: boolean;
    object: any;
}

/** Every object the package labels on `cluster`, kind by kind in PACKAGE_KINDS order, across all namespaces. */
export async function labelledObjects(cluster: Cluster): Promise<LabelledObject[]> {
    const out: LabelledObject[] = [];
    for (const [apiVersion, kind, namespaced] of PACKAGE_KINDS) {
        let items: any[];
        try {
            // Across all namespaces: the collection path without its namespace.
            const collection = (await cluster.client.path(apiVersion, kind)).replace(/\/namespaces\/default\//, "/");
            items = (await cluster.client.request("GET", `${collection}?labelSelector=${encodeURIComponent(MANAGED_BY)}`)).items ?? [];
        } catch (e) {
            // MetalLB's kinds exist only on clusters that run it.
            if (/not served|: 404 /i.test(String((e as Error).message))) continue;
            throw e;
        }
        for (const object of items) out.push({ kind, namespaced, object });
    }
    return out;
}

/** `<Kind> <namespace>/<name>` of a labelled object. */
export function objectKey({ kind, namespaced, object }: LabelledObject): string {
    return `${kind} ${namespaced ? `${object.metadata.namespace}/` : ""}${object.metadata.name}`;
}

export async function leftovers(cluster: Cluster, namespaces: readonly string[] = ["interconnect"]): Promise<string[]> {
    const out = (await labelledObjects(cluster)).map(objectKey);
    for (const ns of namespaces) if (await cluster.client.get("v1", "Namespace", ns)) out.push(`Namespace ${ns}`);
    return out;
}
