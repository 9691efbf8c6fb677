/**
 * Fields whose change makes pulumi-kubernetes itself replace an object, of
 * the kinds the package creates: its Diff answers with these as replacements
 * whatever the program's resource options say. From
 * github.com/pulumi/pulumi-kubernetes/provider/v4 (f47bc2d, the version the
 * end-to-end suite runs), pkg/provider/diff.go `forceNewProperties`:
 * - Secret: `.type`, `.stringData`, `.data`;
 * - ConfigMap: `.binaryData`, `.data`;
 * - Service: `.spec.clusterIP`;
 * - Deployment: `.spec.selector`;
 * - (Cluster)RoleBinding: `.roleRef`.
 *
 * The Secret and ConfigMap rules hold unless the provider sets
 * `enableSecretMutable` / `enableConfigMapMutable`. The package's providers
 * never set them, and a provider a program passes in could. The end-to-end
 * suite sees the Secret rule: a link Secret whose data changes is replaced
 * (tests/e2e/lifecycle.e2e.ts, rotation). `metadata.name` and
 * `metadata.namespace` replace too, but in a plan they name another object.
 * Pure: no Pulumi import.
 */
const BY_KIND: Readonly<Record<string, readonly string[]>> = {
    "v1/Secret": ["type", "stringData", "data"],
    "v1/ConfigMap": ["binaryData", "data"],
    "v1/Service": ["spec.clusterIP"],
    "apps/v1/Deployment": ["spec.selector"],
    "rbac.authorization.k8s.io/v1/ClusterRoleBinding": ["roleRef"],
    "rbac.authorization.k8s.io/v1/RoleBinding": ["roleRef"],
};

/** The field paths whose change makes pulumi-kubernetes replace an object of this apiVersion and kind (none for other kinds). */
export function providerReplaceOn(apiVersion: string, kind: string): readonly string[] {
    return BY_KIND[`${apiVersion}/${kind}`] ?? [];
}
