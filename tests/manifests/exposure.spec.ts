/**
 * Exposing a hub's server (FACTS §4.8, §4.9, §3.2 step 10): the
 * orchestrator's annotations under either prefix, the Skupper service
 * definition and the address clients use.
 */
import * as assert from "node:assert/strict";
import {
    CLIENT_TRUST_SECRET,
    exposeAnnotations,
    networkAddress,
    serviceAnnotationPatch,
    serviceTlsSecretName,
    skupperServiceDefinition,
} from "../../sdk/manifests/exposure";
import { ExposedService, Naming, PRODUCT_DOC_NAMING, UPSTREAM_NAMING } from "../../sdk/topology/model";
import { validateCoreObject } from "../support/schemas";
import { LABELS, NETWORK, topology } from "./fixture";

const [inventory, ordersDb] = topology().hubs[0].exposedServices;

describe("exposure manifests", function () {
    it("the fixture's services are normalised as expected", () => {
        assert.deepEqual(inventory, { name: "inventory", namespace: "default", port: 8443, tls: true, type: "ClusterIP" });
        assert.deepEqual(ordersDb, { name: "orders-db", namespace: "shop", port: 5432, tls: false, type: "ClusterIP" });
    });

    describe("exposeAnnotations and serviceAnnotationPatch", () => {
        const cases: { naming: Naming; prefix: string }[] = [
            { naming: PRODUCT_DOC_NAMING, prefix: "network.app.orchestrator.io" },
            { naming: UPSTREAM_NAMING, prefix: "network.app.edge-orchestrator.intel.com" },
        ];
        for (const { naming, prefix } of cases) {
            it(`uses the configured prefix ${prefix}, the port as a string`, () => {
                assert.equal(naming.annotationPrefix, prefix);
                assert.deepEqual(exposeAnnotations(5432, naming), { [`${prefix}/expose-service`]: "true", [`${prefix}/expose-port`]: "5432" });
                const patch = serviceAnnotationPatch(ordersDb, naming);
                assert.deepEqual(patch, {
                    apiVersion: "v1",
                    kind: "Service",
                    metadata: {
                        name: "orders-db",
                        namespace: "shop",
                        annotations: { [`${prefix}/expose-service`]: "true", [`${prefix}/expose-port`]: "5432" },
                    },
                });
                assert.deepEqual(validateCoreObject(patch), { ok: true, errors: [] });
            });
        }

        it("takes any prefix, not only the two known ones", () => {
            assert.deepEqual(exposeAnnotations(1, { annotationPrefix: "example.com" }), {
                "example.com/expose-service": "true",
                "example.com/expose-port": "1",
            });
            assert.deepEqual(exposeAnnotations(65535, PRODUCT_DOC_NAMING)["network.app.orchestrator.io/expose-port"], "65535");
        });
    });

    describe("skupperServiceDefinition", () => {
        it("TLS service in another namespace: target <svc>.<ns>, each router presents its own Skupper-made skupper-tls-<svc> and trusts skupper-service-client", () => {
            const def = skupperServiceDefinition(inventory, PRODUCT_DOC_NAMING, NETWORK);
            assert.deepEqual(def, {
                apiVersion: "v1",
                kind: "Service",
                metadata: {
                    name: "inventory",
                    namespace: "interconnect",
                    labels: LABELS("skupper-service"),
                    annotations: {
                        "skupper.io/proxy": "tcp",
                        "skupper.io/address": "inventory",
                        "skupper.io/port": "8443",
                        "skupper.io/target": "inventory.default",
                        "skupper.io/tls-cert": "skupper-tls-inventory",
                        "skupper.io/tls-trust": "skupper-service-client",
                    },
                },
                spec: { type: "ClusterIP", ports: [{ name: "tcp-8443", protocol: "TCP", port: 8443, targetPort: 8443 }] },
            });
            assert.deepEqual(validateCoreObject(def), { ok: true, errors: [] });
        });

        it("plain service: no TLS annotations", () => {
            const def = skupperServiceDefinition(ordersDb, UPSTREAM_NAMING, NETWORK);
            assert.deepEqual(def.metadata.annotations, {
                "skupper.io/proxy": "tcp",
                "skupper.io/address": "orders-db",
                "skupper.io/port": "5432",
                "skupper.io/target": "orders-db.shop",
            });
            assert.deepEqual(def.spec, { type: "ClusterIP", ports: [{ name: "tcp-5432", protocol: "TCP", port: 5432, targetPort: 5432 }] });
            assert.deepEqual(validateCoreObject(def), { ok: true, errors: [] });
        });

        it("a service already in the site namespace is targeted by its bare name", () => {
            const local: ExposedService = { name: "metrics", namespace: "interconnect", port: 9090, tls: false, type: "ClusterIP" };
            assert.equal(skupperServiceDefinition(local, PRODUCT_DOC_NAMING, NETWORK).metadata.annotations!["skupper.io/target"], "metrics");
            const elsewhere: Naming = { ...PRODUCT_DOC_NAMING, siteNamespace: "mesh" };
            const def = skupperServiceDefinition(local, elsewhere, NETWORK);
            assert.equal(def.metadata.annotations!["skupper.io/target"], "metrics.interconnect");
            assert.equal(def.metadata.namespace, "mesh");
        });
    });

    describe("networkAddress and secret names", () => {
        it("is <svc>.<siteNamespace>.svc.cluster.local:<port>", () => {
            assert.equal(networkAddress(inventory, PRODUCT_DOC_NAMING), "inventory.interconnect.svc.cluster.local:8443");
            assert.equal(networkAddress(ordersDb, UPSTREAM_NAMING), "orders-db.interconnect.svc.cluster.local:5432");
            assert.equal(networkAddress({ name: "api", port: 80 }, { ...PRODUCT_DOC_NAMING, siteNamespace: "mesh" }), "api.mesh.svc.cluster.local:80");
        });

        it("TLS secrets are skupper-tls-<svc> and skupper-tls-client (product documentation names)", () => {
            assert.equal(serviceTlsSecretName("inventory"), "skupper-tls-inventory");
            assert.equal(CLIENT_TRUST_SECRET, "skupper-tls-client");
        });
    });
});
