/**
 * Every object the builders produce for a realistic topology validates:
 * custom resources against their upstream CRDs, core objects with
 * kubernetes-models and the API server's rules.
 */
import * as assert from "node:assert/strict";
import { isCoreObject, validateCoreObject, validateCustomResource } from "../support/schemas";
import { buildAll, ref } from "./fixture";

describe("every built object validates against its schema", function () {
    const built = buildAll();

    it("builds 44 objects: 24 on the hub and 10 on each spoke", () => {
        const perCluster = built.reduce<Record<string, number>>((acc, b) => ({ ...acc, [b.cluster]: (acc[b.cluster] ?? 0) + 1 }), {});
        assert.deepEqual(perCluster, { "hub-west": 24, "store-1": 10, "store-2": 10 });
    });

    it("lists exactly these objects per cluster", () => {
        const siteController = [
            "Namespace/-/skupper-site-controller",
            "ServiceAccount/skupper-site-controller/skupper-site-controller",
            "ClusterRole/-/skupper-site-controller",
            "ClusterRoleBinding/-/skupper-site-controller",
            "Deployment/skupper-site-controller/skupper-site-controller",
        ];
        const refs = (cluster: string) => built.filter((b) => b.cluster === cluster).map((b) => ref(b.obj));
        assert.deepEqual(refs("hub-west"), [
            "Namespace/-/metallb-system",
            "Service/metallb-system/metallb-webhook-service",
            "ConfigMap/metallb-system/hub-west-router-address",
            "IPAddressPool/metallb-system/hub-west-pool",
            "IPAddressPool/metallb-system/hub-west-router",
            "L2Advertisement/metallb-system/hub-west-l2",
            ...siteController,
            "Namespace/-/interconnect",
            "Secret/interconnect/skupper-site-ca",
            "Secret/interconnect/skupper-service-ca",
            "Service/interconnect/skupper-router",
            "ConfigMap/interconnect/skupper-site",
            "Secret/cert-manager/edge-net-ca",
            "ClusterIssuer/-/edge-net-ca",
            "Secret/interconnect/skupper-tls-client",
            "Service/default/inventory",
            "Certificate/default/skupper-tls-inventory",
            "Service/interconnect/inventory",
            "Service/shop/orders-db",
            "Service/interconnect/orders-db",
        ]);
        for (const spoke of ["store-1", "store-2"]) {
            assert.deepEqual(refs(spoke), [
                ...siteController,
                "Namespace/-/interconnect",
                "Secret/interconnect/skupper-service-ca",
                "ConfigMap/interconnect/skupper-site",
                "Secret/interconnect/link-to-hub-west",
                "Secret/interconnect/skupper-tls-client",
            ]);
        }
    });

    it("validates the 5 custom resources against their CRDs", () => {
        const custom = built.filter((b) => !isCoreObject(b.obj));
        assert.deepEqual(
            custom.map((b) => `${b.obj.apiVersion} ${b.obj.kind}`),
            [
                "metallb.io/v1beta1 IPAddressPool",
                "metallb.io/v1beta1 IPAddressPool",
                "metallb.io/v1beta1 L2Advertisement",
                "cert-manager.io/v1 ClusterIssuer",
                "cert-manager.io/v1 Certificate",
            ],
        );
        let validated = 0;
        for (const b of custom) {
            assert.deepEqual(validateCustomResource(b.obj), { ok: true, errors: [] }, `${b.cluster}: ${ref(b.obj)}`);
            validated++;
        }
        assert.equal(validated, 5);
    });

    it("validates the 39 core objects with kubernetes-models", () => {
        const core = built.filter((b) => isCoreObject(b.obj));
        const kinds = core.reduce<Record<string, number>>((acc, b) => ({ ...acc, [b.obj.kind]: (acc[b.obj.kind] ?? 0) + 1 }), {});
        assert.deepEqual(kinds, { Namespace: 7, ServiceAccount: 3, ClusterRole: 3, ClusterRoleBinding: 3, Deployment: 3, ConfigMap: 4, Secret: 10, Service: 6 });
        let validated = 0;
        for (const b of core) {
            assert.deepEqual(validateCoreObject(b.obj), { ok: true, errors: [] }, `${b.cluster}: ${ref(b.obj)}`);
            validated++;
        }
        assert.equal(validated, 39);
    });

    it("labels every object it owns with the package's common labels (patches of Services it does not own excepted)", () => {
        const unlabelled = built.filter((b) => b.obj.metadata.labels?.["app.kubernetes.io/managed-by"] !== "pulumi-edge-interconnect").map((b) => ref(b.obj));
        assert.deepEqual(unlabelled, [
            "Service/metallb-system/metallb-webhook-service",
            "Service/default/inventory",
            "Service/shop/orders-db",
        ]);
        for (const b of built.filter((x) => x.obj.metadata.labels)) assert.equal(b.obj.metadata.labels!["app.kubernetes.io/part-of"], "edge-net", ref(b.obj));
    });
});
