/**
 * The validators of tests/support/schemas.ts: they accept upstream's own
 * examples and reject broken objects, so a passing manifest test means
 * something.
 */
import * as assert from "node:assert/strict";
import { crdValidator, validateCoreObject, validateCustomResource, validateObject } from "../support/schemas";
import { upstreamYaml } from "./fixture";

const pool = (spec: unknown) => ({ apiVersion: "metallb.io/v1beta1", kind: "IPAddressPool", metadata: { name: "p", namespace: "metallb-system" }, spec });
const certificate = (spec: unknown) => ({ apiVersion: "cert-manager.io/v1", kind: "Certificate", metadata: { name: "c", namespace: "default" }, spec });
const deployment = (spec: unknown) => ({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d", namespace: "default" }, spec });
const podTemplate = { metadata: { labels: { app: "d" } }, spec: { containers: [{ name: "c", image: "busybox" }] } };

describe("schema validators", function () {
    describe("validateCustomResource", () => {
        it("accepts upstream's MetalLB L2 sample and cert-manager CA bootstrap examples", () => {
            const docs = [
                ...upstreamYaml("metallb/configsamples/simple_pool_adv_l2.yaml"),
                ...upstreamYaml("cert-manager/examples/selfsigned-ca-bootstrap-clusterissuer.yaml"),
            ];
            assert.deepEqual(
                docs.map((d) => d.kind),
                ["IPAddressPool", "L2Advertisement", "ClusterIssuer", "Certificate", "ClusterIssuer"],
            );
            for (const d of docs) assert.deepEqual(validateCustomResource(d), { ok: true, errors: [] }, `${d.kind} ${d.metadata.name}`);
        });

        it("rejects an IPAddressPool whose addresses are a string", () => {
            assert.deepEqual(validateCustomResource(pool({ addresses: "x" })), { ok: false, errors: ["/spec/addresses must be array"] });
        });

        it("rejects an IPAddressPool without addresses and one with a misspelt field", () => {
            assert.deepEqual(validateCustomResource(pool({ autoAssign: true })), { ok: false, errors: ["/spec must have required property 'addresses'"] });
            assert.deepEqual(validateCustomResource(pool({ addresses: ["10.0.0.0/28"], avoidBuggyIps: true })), {
                ok: false,
                errors: ["/spec must NOT have additional property 'avoidBuggyIps'"],
            });
        });

        it("rejects a Certificate without secretName, and one with an unknown key algorithm", () => {
            assert.deepEqual(validateCustomResource(certificate({ issuerRef: { name: "ca" } })), {
                ok: false,
                errors: ["/spec must have required property 'secretName'"],
            });
            assert.deepEqual(validateCustomResource(certificate({ secretName: "s", issuerRef: { name: "ca" }, privateKey: { algorithm: "DSA" } })), {
                ok: false,
                errors: ['/spec/privateKey/algorithm must be equal to one of the allowed values: ["RSA","ECDSA","Ed25519"]'],
            });
        });

        it("rejects a namespace on a cluster-scoped ClusterIssuer and a name that is not a DNS subdomain", () => {
            const issuer = {
                apiVersion: "cert-manager.io/v1",
                kind: "ClusterIssuer",
                metadata: { name: "Net_CA", namespace: "cert-manager" },
                spec: { ca: { secretName: "x" } },
            };
            assert.deepEqual(validateCustomResource(issuer), {
                ok: false,
                errors: ['/metadata/name "Net_CA" is not a DNS-1123 subdomain', "/metadata/namespace must not be set on cluster-scoped ClusterIssuer"],
            });
        });

        it("rejects duplicate keys in an x-kubernetes-list-type: map list (Certificate status.conditions by type)", () => {
            const cond = (status: string) => ({ type: "Ready", status });
            const spec = { secretName: "s", issuerRef: { name: "ca" } };
            assert.deepEqual(validateCustomResource({ ...certificate(spec), status: { conditions: [cond("True")] } }), { ok: true, errors: [] });
            assert.deepEqual(validateCustomResource({ ...certificate(spec), status: { conditions: [cond("True"), cond("False")] } }), {
                ok: false,
                errors: ["/status/conditions must not contain duplicate keys"],
            });
        });

        it("finds the CRD in the saved upstream CRD folder and knows its scope", () => {
            const entry = crdValidator("metallb.io/v1beta1", "L2Advertisement");
            assert.equal(entry.namespaced, true);
            assert.match(entry.file, /tests\/fixtures\/upstream\/metallb\/crds\/metallb\.io_l2advertisements\.yaml$/);
            assert.equal(crdValidator("cert-manager.io/v1", "ClusterIssuer").namespaced, false);
        });

        it("throws when no CRD describes the kind or version, instead of passing silently", () => {
            assert.throws(
                () => validateCustomResource({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "s" } }),
                /no CRD for example\.com\/v1 Widget under .*tests\/fixtures\/upstream$/,
            );
            // Skupper v1 has no Site CRD (only the optional SkupperClusterPolicy); v2's serves v2alpha1 only.
            assert.throws(
                () => validateCustomResource({ apiVersion: "skupper.io/v1", kind: "Site", metadata: { name: "s" } }),
                /^Error: CRD sites\.skupper\.io in .*skupper-v2\/crds\/skupper_site_crd\.yaml does not serve version v1$/,
            );
            assert.throws(
                () => validateCustomResource({ apiVersion: "metallb.io/v1", kind: "IPAddressPool", metadata: { name: "s" } }),
                /does not serve version v1$/,
            );
            assert.throws(() => validateCustomResource({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "s" } }), /core API object/);
        });

        it("caches compiled validators", () => {
            assert.equal(crdValidator("cert-manager.io/v1", "Certificate"), crdValidator("cert-manager.io/v1", "Certificate"));
        });
    });

    describe("validateCoreObject", () => {
        it("accepts upstream's site-controller install", () => {
            const docs = upstreamYaml("skupper-v1/deploy-watch-all-ns.yaml");
            assert.deepEqual(
                docs.map((d) => d.kind),
                ["ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Deployment"],
            );
            for (const d of docs) assert.deepEqual(validateCoreObject(d), { ok: true, errors: [] }, d.kind);
        });

        it("rejects a Deployment without selector, and one whose selector does not match its pods", () => {
            assert.deepEqual(validateCoreObject(deployment({ template: podTemplate })), { ok: false, errors: ["/spec must have required property selector"] });
            assert.deepEqual(validateCoreObject(deployment({ selector: { matchLabels: { app: "other" } }, template: podTemplate })), {
                ok: false,
                errors: ["/spec/template/metadata/labels must match the selector (app=other)"],
            });
        });

        it("rejects Service ports outside 1-65535 and unnamed ports of a multi-port Service", () => {
            const svc = {
                apiVersion: "v1",
                kind: "Service",
                metadata: { name: "s", namespace: "default" },
                spec: { ports: [{ port: 70000 }, { port: 0, targetPort: 70000 }] },
            };
            assert.deepEqual(validateCoreObject(svc), {
                ok: false,
                errors: [
                    "/spec/ports/0/port must be a port number from 1 to 65535",
                    "/spec/ports/0/name is required when there is more than one port",
                    "/spec/ports/1/port must be a port number from 1 to 65535",
                    "/spec/ports/1/targetPort must be a port number from 1 to 65535",
                    "/spec/ports/1/name is required when there is more than one port",
                ],
            });
        });

        it("rejects a Service name that is not a DNS-1035 label and a bad source range", () => {
            const svc = {
                apiVersion: "v1",
                kind: "Service",
                metadata: { name: "1svc", namespace: "default" },
                spec: { loadBalancerSourceRanges: ["10.0.0.1-10.0.0.9"] },
            };
            assert.deepEqual(validateCoreObject(svc), {
                ok: false,
                errors: ['/metadata/name "1svc" is not a DNS-1035 label', '/spec/loadBalancerSourceRanges/0 "10.0.0.1-10.0.0.9" is not a CIDR'],
            });
        });

        it("rejects ConfigMap values that are not strings, bad keys and unknown top-level fields", () => {
            const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "n" }, data: { ok: "1", "bad key": "x", n: 1 }, spec: {} };
            assert.deepEqual(validateCoreObject(cm), {
                ok: false,
                errors: ["/data/n must be string", "/ must NOT have additional property 'spec'", '/data key "bad key" is not a valid config key'],
            });
        });

        it("rejects a kubernetes.io/tls Secret without tls.key, bad label values and a namespace on a Namespace", () => {
            const secret = {
                apiVersion: "v1",
                kind: "Secret",
                metadata: { name: "s", namespace: "n", labels: { a: "not ok" } },
                type: "kubernetes.io/tls",
                stringData: { "tls.crt": "x" },
            };
            assert.deepEqual(validateCoreObject(secret), {
                ok: false,
                errors: ['/metadata/labels/a "not ok" is not a valid label value', "/data must have key 'tls.key' for type kubernetes.io/tls"],
            });
            assert.deepEqual(validateCoreObject({ apiVersion: "v1", kind: "Namespace", metadata: { name: "ns", namespace: "x" } }), {
                ok: false,
                errors: ["/metadata/namespace must not be set on cluster-scoped Namespace"],
            });
        });

        it("throws for kinds it does not know", () => {
            assert.throws(() => validateCoreObject({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" } }), /validateCoreObject does not know v1\/Pod/);
            assert.throws(
                () => validateCoreObject({ apiVersion: "apps/v1beta1", kind: "Deployment", metadata: { name: "p" } }),
                /does not know apps\/v1beta1\/Deployment/,
            );
        });

        it("validateObject dispatches core kinds to kubernetes-models and the rest to CRDs", () => {
            assert.deepEqual(validateObject(pool({ addresses: "x" })).errors, ["/spec/addresses must be array"]);
            assert.deepEqual(validateObject(deployment({ template: podTemplate })).errors, ["/spec must have required property selector"]);
        });
    });
});
