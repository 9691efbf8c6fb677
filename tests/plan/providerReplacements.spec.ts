/**
 * `plan --diff` says replace where pulumi-kubernetes itself replaces an
 * object (pkg/provider/diff.go forceNewProperties): a Secret's or
 * ConfigMap's data, a Deployment's selector, a binding's roleRef. Other
 * changes of the same objects stay updates.
 */
import * as assert from "node:assert/strict";
import { diffPlans } from "../../sdk/plan/diff";
import { providerReplaceOn } from "../../sdk/plan/providerReplacements";
import type { Plan, PlanObject } from "../../sdk/plan/report";

function object(apiVersion: string, kind: string, name: string, body: Record<string, unknown>): PlanObject {
    return {
        apiVersion,
        kind,
        namespace: "interconnect",
        name,
        patch: false,
        resource: `c-${kind.toLowerCase()}-${name}`,
        body: { apiVersion, kind, metadata: { name }, ...body },
    };
}

function planOf(objects: PlanObject[]): Plan {
    return {
        stack: "s",
        network: { name: "n", naming: { annotationPrefix: "p.io", siteNamespace: "interconnect" } },
        hubs: [],
        spokes: [],
        clusters: [{ name: "c", role: "hub", objects }],
        deployments: [],
        findings: [],
    };
}

describe("plan --diff: the replacements pulumi-kubernetes makes by itself", () => {
    it("lists the fields per kind, and none for kinds it updates in place", () => {
        assert.deepEqual(providerReplaceOn("v1", "Secret"), ["type", "stringData", "data"]);
        assert.deepEqual(providerReplaceOn("v1", "ConfigMap"), ["binaryData", "data"]);
        assert.deepEqual(providerReplaceOn("apps/v1", "Deployment"), ["spec.selector"]);
        assert.deepEqual(providerReplaceOn("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"), ["roleRef"]);
        assert.deepEqual(providerReplaceOn("metallb.io/v1beta1", "IPAddressPool"), []);
        assert.deepEqual(providerReplaceOn("v1", "Namespace"), []);
    });

    it("replaces on those fields and updates on any other", () => {
        const before = planOf([
            object("v1", "Secret", "token", { metadata: { name: "token", annotations: { host: "a" } }, stringData: { "tls.crt": "x" } }),
            object("v1", "Secret", "other", { metadata: { name: "other", annotations: { host: "a" } }, stringData: { "tls.crt": "x" } }),
            object("v1", "ConfigMap", "cfg", { data: { a: "1" } }),
            object("apps/v1", "Deployment", "ctl", { spec: { selector: { matchLabels: { app: "a" } }, replicas: 1 } }),
            object("apps/v1", "Deployment", "ctl2", { spec: { selector: { matchLabels: { app: "a" } }, replicas: 1 } }),
            object("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "crb", { roleRef: { name: "r1" }, subjects: [] }),
            object("metallb.io/v1beta1", "IPAddressPool", "pool", { spec: { addresses: ["10.0.0.1/32"] } }),
        ]);
        const after = planOf([
            object("v1", "Secret", "token", { metadata: { name: "token", annotations: { host: "a" } }, stringData: { "tls.crt": "y" } }),
            object("v1", "Secret", "other", { metadata: { name: "other", annotations: { host: "b" } }, stringData: { "tls.crt": "x" } }),
            object("v1", "ConfigMap", "cfg", { data: { a: "2" } }),
            object("apps/v1", "Deployment", "ctl", { spec: { selector: { matchLabels: { app: "b" } }, replicas: 1 } }),
            object("apps/v1", "Deployment", "ctl2", { spec: { selector: { matchLabels: { app: "a" } }, replicas: 2 } }),
            object("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "crb", { roleRef: { name: "r2" }, subjects: [] }),
            object("metallb.io/v1beta1", "IPAddressPool", "pool", { spec: { addresses: ["10.0.0.2/32"] } }),
        ]);
        const d = diffPlans(before, after);
        assert.deepEqual(
            d.objects.map((o) => [o.op, `${o.object.kind}/${o.object.name}`, o.fields]),
            [
                ["replace", "Secret/token", ["stringData.tls.crt"]],
                ["update", "Secret/other", ["metadata.annotations.host"]],
                ["replace", "ConfigMap/cfg", ["data.a"]],
                ["replace", "Deployment/ctl", ["spec.selector.matchLabels.app"]],
                ["update", "Deployment/ctl2", ["spec.replicas"]],
                ["replace", "ClusterRoleBinding/crb", ["roleRef.name"]],
                ["update", "IPAddressPool/pool", ["spec.addresses"]],
            ],
        );
        assert.deepEqual(d.counts, { create: 0, update: 3, replace: 4, delete: 0 });
    });
});
