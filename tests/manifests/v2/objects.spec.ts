/**
 * The Skupper v2 builders: every object validates against the v2 CRD
 * schemas (or the core API models), the objects are pinned exactly, and the
 * shipped CRDs and controller match upstream 2.2.1.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROLE_DEPENDENCIES } from "../../../sdk/manifests/cluster";
import { controllerV2Objects, SKUPPER_V2_IMAGES, skupperV2Crds } from "../../../sdk/manifests/v2/install";
import { validateHubAddOns, validateSpokeAddOns } from "../../../sdk/topology/addons";
import { TopologyError, validateTopology } from "../../../sdk/topology/validate";
import { CRD_ROOT, validateCoreObject, validateCustomResource, validateObject } from "../../support/schemas";
import { LABELS, PEM, ref, TOPOLOGY_INPUT, upstreamYaml } from "../fixture";
import { FINGERPRINT, hubPlanV2, spokePlanV2, topologyV2 } from "./fixture";

const byRef = (objs: { obj: { kind: string; metadata: { name: string; namespace?: string } } }[], r: string) => {
    const found = objs.filter((p) => ref(p.obj as never) === r);
    assert.equal(found.length, 1, `exactly one ${r}`);
    return found[0].obj as Record<string, any>;
};

describe("Skupper v2 builders", function () {
    this.timeout(60_000);

    describe("the version switch", () => {
        it("defaults to v1 and takes v2", () => {
            assert.equal(validateTopology(TOPOLOGY_INPUT).network.skupperVersion, "v1");
            assert.equal(topologyV2().network.skupperVersion, "v2");
        });

        it("refuses anything else, naming the field and what is allowed", () => {
            const bad = { ...TOPOLOGY_INPUT, network: { name: "edge-net", skupperVersion: "2" as never } };
            assert.throws(
                () => validateTopology(bad),
                (e: unknown) => {
                    assert.ok(e instanceof TopologyError);
                    assert.deepEqual(e.issues, [{ path: "network.skupperVersion", message: 'must be "v1" (Skupper 1.9) or "v2" (Skupper 2.2)' }]);
                    return true;
                },
            );
        });
    });

    describe("what lands on each cluster", () => {
        it("hub: CRDs, MetalLB, controller, site CA, router Service, Site, TLS issuer and trust, per service a Connector", () => {
            const plan = hubPlanV2();
            assert.deepEqual(
                plan.map((p) => `${p.role} ${ref(p.obj)}`),
                [
                    ...skupperV2Crds().map((c) => `crd CustomResourceDefinition/-/${c.metadata.name}`),
                    "metallb-namespace Namespace/-/metallb-system",
                    "metallb-webhook-gate Service/metallb-system/metallb-webhook-service",
                    "router-address ConfigMap/metallb-system/hub-west-router-address",
                    "metallb-config IPAddressPool/metallb-system/hub-west-pool",
                    "router-pool IPAddressPool/metallb-system/hub-west-router",
                    "metallb-config L2Advertisement/metallb-system/hub-west-l2",
                    "controller-namespace Namespace/-/skupper",
                    "controller ServiceAccount/skupper/skupper-controller",
                    "controller ClusterRole/-/skupper-controller",
                    "controller ClusterRoleBinding/-/skupper-controller",
                    "controller Deployment/skupper/skupper-controller",
                    "site-namespace Namespace/-/interconnect",
                    "site-ca Secret/interconnect/skupper-site-ca",
                    "router-service Service/interconnect/skupper-router",
                    "site Site/interconnect/hub-west",
                    "issuer-ca Secret/cert-manager/edge-net-ca",
                    "issuer ClusterIssuer/-/edge-net-ca",
                    "client-trust Secret/interconnect/skupper-tls-client",
                    "service-annotations Service/default/inventory",
                    "service-certificate Certificate/default/skupper-tls-inventory",
                    "service-definition Connector/interconnect/inventory",
                    "service-annotations Service/shop/orders-db",
                    "service-definition Connector/interconnect/orders-db",
                ],
            );
            assert.equal(plan.filter((p) => p.role === "crd").length, 12);
        });

        it("spoke: CRDs, controller, Site, link Secret and Link, trust, per service a Listener (TLS: its certificate)", () => {
            assert.deepEqual(
                spokePlanV2(1).map((p) => `${p.role} ${ref(p.obj)}`),
                [
                    ...skupperV2Crds().map((c) => `crd CustomResourceDefinition/-/${c.metadata.name}`),
                    "controller-namespace Namespace/-/skupper",
                    "controller ServiceAccount/skupper/skupper-controller",
                    "controller ClusterRole/-/skupper-controller",
                    "controller ClusterRoleBinding/-/skupper-controller",
                    "controller Deployment/skupper/skupper-controller",
                    "site-namespace Namespace/-/interconnect",
                    "site Site/interconnect/store-2",
                    "link-secret Secret/interconnect/link-to-hub-west",
                    "link Link/interconnect/link-to-hub-west",
                    "client-trust Secret/interconnect/skupper-tls-client",
                    "service-certificate Secret/interconnect/skupper-tls-inventory",
                    "service-definition Listener/interconnect/inventory",
                    "service-definition Listener/interconnect/orders-db",
                ],
            );
        });

        it("skupperController.install=false leaves out the controller but keeps the CRDs", () => {
            const hub = hubPlanV2(topologyV2(), validateHubAddOns({ skupperController: { install: false } }));
            assert.deepEqual(
                hub.filter((p) => p.role === "controller" || p.role === "controller-namespace"),
                [],
            );
            assert.equal(hub.filter((p) => p.role === "crd").length, 12);
            const spoke = spokePlanV2(0, topologyV2(), validateSpokeAddOns({ skupperController: { install: false } }));
            assert.deepEqual(
                spoke.filter((p) => p.role === "controller" || p.role === "controller-namespace"),
                [],
            );
            assert.equal(spoke.filter((p) => p.role === "crd").length, 12);
        });

        it("a spoke without the certificate of a TLS service is a programming error, not a Listener without TLS", () => {
            const model = topologyV2();
            const { spokeObjects } = require("../../../sdk/manifests/cluster") as typeof import("../../../sdk/manifests/cluster");
            assert.throws(
                () =>
                    spokeObjects(
                        model.spokes[0],
                        model.hubs[0],
                        model.network.naming,
                        "edge-net",
                        { link: { certPem: "c", keyPem: "k", caCertPem: "a" }, networkCa: { certPem: "c", keyPem: "k" } },
                        undefined,
                        "v2",
                    ),
                /^Error: spoke "store-1": no listener certificate for TLS service "inventory"$/,
            );
        });

        it("the Site waits for the CRDs; the Link for its Secret; the controller for the CRDs", () => {
            assert.ok(ROLE_DEPENDENCIES.site.includes("crd"));
            assert.deepEqual(ROLE_DEPENDENCIES.link, ["site", "link-secret"]);
            assert.deepEqual(ROLE_DEPENDENCIES.controller, ["controller-namespace", "crd"]);
            assert.deepEqual(ROLE_DEPENDENCIES.crd, []);
        });
    });

    describe("every object validates against its schema", () => {
        it("hub and spokes: the skupper.io resources against the 2.2.1 CRDs, the rest against the core API", () => {
            const all = [hubPlanV2(), spokePlanV2(0), spokePlanV2(1)].flat().filter((p) => !p.patch && p.role !== "crd");
            const kinds = new Map<string, number>();
            for (const p of all) {
                const result = p.obj.apiVersion === "skupper.io/v2alpha1" ? validateCustomResource(p.obj) : validateObject(p.obj);
                assert.deepEqual(result, { ok: true, errors: [] }, ref(p.obj));
                kinds.set(p.obj.kind, (kinds.get(p.obj.kind) ?? 0) + 1);
            }
            assert.deepEqual(Object.fromEntries([...kinds].filter(([k]) => ["Site", "Link", "Connector", "Listener"].includes(k))), {
                Site: 3,
                Connector: 2,
                Link: 2,
                Listener: 4,
            });
        });

        it("the validator accepts upstream's own v2 samples and rejects a Link whose port is a number or without endpoints", () => {
            for (const f of ["site", "link", "connector", "listener"]) {
                for (const d of upstreamYaml(`skupper-v2/samples/skupper_v2alpha1_${f}.yaml`))
                    assert.deepEqual(validateCustomResource(d), { ok: true, errors: [] }, f);
            }
            const link = (spec: unknown) => ({ apiVersion: "skupper.io/v2alpha1", kind: "Link", metadata: { name: "l", namespace: "n" }, spec });
            assert.deepEqual(validateCustomResource(link({ endpoints: [{ name: "edge", host: "h", port: 45671 }] })), {
                ok: false,
                errors: ["/spec/endpoints/0/port must be string"],
            });
            assert.deepEqual(validateCustomResource(link({ cost: 1 })), { ok: false, errors: ["/spec must have required property 'endpoints'"] });
            assert.deepEqual(
                validateCustomResource({
                    apiVersion: "skupper.io/v2alpha1",
                    kind: "Listener",
                    metadata: { name: "l", namespace: "n" },
                    spec: { routingKey: "a", port: 1 },
                }),
                { ok: false, errors: ["/spec must have required property 'host'"] },
            );
        });
    });

    describe("exact objects", () => {
        const hub = () => hubPlanV2();
        const spoke = (i: number) => spokePlanV2(i);

        it("hub Site: link access on a LoadBalancer, the CA fingerprint and router IP recorded", () => {
            assert.deepEqual(byRef(hub(), "Site/interconnect/hub-west"), {
                apiVersion: "skupper.io/v2alpha1",
                kind: "Site",
                metadata: {
                    name: "hub-west",
                    namespace: "interconnect",
                    labels: LABELS("skupper-site"),
                    annotations: { "edge-interconnect.pulumi.com/router-ip": "10.20.0.1", "edge-interconnect.pulumi.com/site-ca-sha256": FINGERPRINT },
                },
                spec: { linkAccess: "loadbalancer" },
            });
        });

        it("spoke Sites: no link access; an edge spoke is an edge site", () => {
            assert.deepEqual(byRef(spoke(0), "Site/interconnect/store-1"), {
                apiVersion: "skupper.io/v2alpha1",
                kind: "Site",
                metadata: { name: "store-1", namespace: "interconnect", labels: LABELS("skupper-site") },
                spec: { linkAccess: "none" },
            });
            assert.deepEqual(byRef(spoke(1), "Site/interconnect/store-2").spec, { linkAccess: "none", edge: true });
        });

        it("the pre-provisioned site CA", () => {
            assert.deepEqual(byRef(hub(), "Secret/interconnect/skupper-site-ca"), {
                apiVersion: "v1",
                kind: "Secret",
                metadata: { name: "skupper-site-ca", namespace: "interconnect", labels: LABELS("skupper-site-ca") },
                type: "kubernetes.io/tls",
                stringData: { "tls.crt": PEM.siteCaCert, "tls.key": PEM.siteCaKey, "ca.crt": PEM.siteCaCert },
            });
        });

        it("the router's LoadBalancer: one MetalLB pin, source ranges, the controller's selector, ports and adoption label, no 'controlled' annotation", () => {
            assert.deepEqual(byRef(hub(), "Service/interconnect/skupper-router"), {
                apiVersion: "v1",
                kind: "Service",
                metadata: {
                    name: "skupper-router",
                    namespace: "interconnect",
                    labels: { ...LABELS("skupper-router"), "internal.skupper.io/secured-access": "true" },
                    annotations: {
                        "metallb.io/loadBalancerIPs": "10.20.0.1",
                        "pulumi.com/waitFor": "jsonpath={.status.loadBalancer.ingress[0].ip}=10.20.0.1",
                    },
                },
                spec: {
                    type: "LoadBalancer",
                    selector: { "skupper.io/component": "router", "skupper.io/group": "skupper-router" },
                    ports: [
                        { name: "inter-router", protocol: "TCP", port: 55671, targetPort: 55671 },
                        { name: "edge", protocol: "TCP", port: 45671, targetPort: 45671 },
                    ],
                    loadBalancerSourceRanges: ["192.168.10.0/24", "192.168.20.0/24"],
                },
            });
        });

        it("the link: a kubernetes.io/tls Secret and a Link to the router IP with both roles and a cost", () => {
            const objs = spoke(0);
            assert.deepEqual(byRef(objs, "Secret/interconnect/link-to-hub-west"), {
                apiVersion: "v1",
                kind: "Secret",
                metadata: { name: "link-to-hub-west", namespace: "interconnect", labels: LABELS("skupper-link") },
                type: "kubernetes.io/tls",
                stringData: { "tls.crt": PEM.linkCert("store-1"), "tls.key": PEM.linkKey("store-1"), "ca.crt": PEM.siteCaCert },
            });
            assert.deepEqual(byRef(objs, "Link/interconnect/link-to-hub-west"), {
                apiVersion: "skupper.io/v2alpha1",
                kind: "Link",
                metadata: { name: "link-to-hub-west", namespace: "interconnect", labels: LABELS("skupper-link") },
                spec: {
                    tlsCredentials: "link-to-hub-west",
                    cost: 1,
                    endpoints: [
                        { name: "inter-router", host: "10.20.0.1", port: "55671", group: "skupper-router" },
                        { name: "edge", host: "10.20.0.1", port: "45671", group: "skupper-router" },
                    ],
                },
            });
        });

        it("Connectors: the server Service as host; TLS verifies the server with skupper-tls-client", () => {
            const objs = hub();
            assert.deepEqual(byRef(objs, "Connector/interconnect/inventory"), {
                apiVersion: "skupper.io/v2alpha1",
                kind: "Connector",
                metadata: { name: "inventory", namespace: "interconnect", labels: LABELS("skupper-service") },
                spec: { routingKey: "inventory", port: 8443, host: "inventory.default.svc", tlsCredentials: "skupper-tls-client" },
            });
            assert.deepEqual(byRef(objs, "Connector/interconnect/orders-db").spec, { routingKey: "orders-db", port: 5432, host: "orders-db.shop.svc" });
        });

        it("Listeners: host = the service name, so clients keep <svc>.interconnect.svc.cluster.local; TLS presents skupper-tls-<svc>", () => {
            const objs = spoke(1);
            assert.deepEqual(byRef(objs, "Listener/interconnect/inventory"), {
                apiVersion: "skupper.io/v2alpha1",
                kind: "Listener",
                metadata: { name: "inventory", namespace: "interconnect", labels: LABELS("skupper-service") },
                spec: { routingKey: "inventory", host: "inventory", port: 8443, tlsCredentials: "skupper-tls-inventory" },
            });
            assert.deepEqual(byRef(objs, "Listener/interconnect/orders-db").spec, { routingKey: "orders-db", host: "orders-db", port: 5432 });
            assert.deepEqual(byRef(objs, "Secret/interconnect/skupper-tls-inventory"), {
                apiVersion: "v1",
                kind: "Secret",
                metadata: { name: "skupper-tls-inventory", namespace: "interconnect", labels: LABELS("tls") },
                type: "kubernetes.io/tls",
                stringData: { "tls.crt": PEM.listenerCert("inventory"), "tls.key": PEM.listenerKey("inventory") },
            });
        });
    });

    describe("install: CRDs and controller of 2.2.1", () => {
        it("ships the twelve CRD files byte for byte as the vendored upstream copies", () => {
            const shipped = path.resolve(__dirname, "../../../sdk/manifests/v2/crds");
            const vendored = path.join(CRD_ROOT, "skupper-v2/crds");
            const names = fs.readdirSync(shipped).sort();
            assert.equal(names.length, 12);
            assert.deepEqual(names, fs.readdirSync(vendored).sort());
            for (const n of names) assert.ok(fs.readFileSync(path.join(shipped, n)).equals(fs.readFileSync(path.join(vendored, n))), n);
        });

        it("applies the CRDs with the package's labels added and nothing else changed", () => {
            const upstream = upstreamYaml("skupper-v2/install/skupper-cluster-scope-2.2.1.generated.yaml").filter((d) => d.kind === "CustomResourceDefinition");
            const planned = hubPlanV2()
                .filter((p) => p.role === "crd")
                .map((p) => p.obj as Record<string, any>);
            assert.deepEqual(planned.map((c) => c.metadata.name).sort(), upstream.map((c) => c.metadata.name).sort());
            for (const c of planned) {
                const u = upstream.find((x) => x.metadata.name === c.metadata.name)!;
                assert.deepEqual(c.spec, u.spec, c.metadata.name);
                assert.deepEqual(c.metadata, { ...u.metadata, labels: { ...(u.metadata.labels ?? {}), ...LABELS("skupper-crds") } }, c.metadata.name);
            }
        });

        it("the controller's RBAC is upstream's cluster-scope RBAC", () => {
            const upstream = upstreamYaml("skupper-v2/install/skupper-cluster-scope-2.2.1.generated.yaml");
            const ours = controllerV2Objects("edge-net");
            const pick = (docs: any[], kind: string) => docs.find((d) => d.kind === kind);
            assert.deepEqual(pick(ours, "ClusterRole").rules, pick(upstream, "ClusterRole").rules);
            assert.deepEqual(pick(ours, "ClusterRoleBinding").subjects, pick(upstream, "ClusterRoleBinding").subjects);
            assert.deepEqual(pick(ours, "ClusterRoleBinding").roleRef, pick(upstream, "ClusterRoleBinding").roleRef);
            assert.deepEqual(pick(ours, "Namespace").metadata.name, pick(upstream, "Namespace").metadata.name);
            const dep = pick(ours, "Deployment");
            const up = pick(upstream, "Deployment");
            assert.deepEqual(dep.spec.selector, up.spec.selector);
            assert.deepEqual(dep.spec.template.metadata, up.spec.template.metadata);
            for (const o of ours) assert.deepEqual(validateCoreObject(o), { ok: true, errors: [] }, ref(o));
        });

        it("the controller runs the pinned images, without the grant server, and pulls them only when missing", () => {
            const up = upstreamYaml("skupper-v2/install/skupper-cluster-scope-2.2.1.generated.yaml").find((d) => d.kind === "Deployment").spec.template.spec
                .containers[0];
            const c = (controllerV2Objects("edge-net")[4] as any).spec.template.spec.containers[0];
            assert.equal(c.image, up.image);
            assert.deepEqual(
                c.env.map((e: any) => e.value),
                up.env.map((e: any) => (e.value === "Always" ? "IfNotPresent" : e.value)),
            );
            assert.deepEqual(
                [SKUPPER_V2_IMAGES.controller, SKUPPER_V2_IMAGES.kubeAdaptor, SKUPPER_V2_IMAGES.router],
                [up.image, up.env[0].value, up.env[2].value],
            );
            assert.deepEqual(up.args, ["-enable-grants", "-grant-server-autoconfigure"]);
            assert.equal(c.args, undefined);
        });

        it("skupperController.grantServer (v2 only) turns on upstream's grant-server flags, and v1 refuses it naming the field", () => {
            const up = upstreamYaml("skupper-v2/install/skupper-cluster-scope-2.2.1.generated.yaml").find((d) => d.kind === "Deployment").spec.template.spec
                .containers[0];
            const withGrants = controllerV2Objects("edge-net", validateSpokeAddOns({ skupperController: { grantServer: true } }, [], "v2"));
            assert.deepEqual((withGrants[4] as any).spec.template.spec.containers[0].args, up.args);
            assert.deepEqual(validateHubAddOns({ skupperController: { grantServer: false } }, [], "v2").skupperController, { install: true });
            assert.throws(
                () => validateHubAddOns({ skupperController: { grantServer: true } }, ["hubs", 0]),
                (e: unknown) => {
                    assert.ok(e instanceof TopologyError);
                    assert.deepEqual(e.issues, [
                        {
                            path: "hubs[0].skupperController.grantServer",
                            message: 'applies to Skupper v2 only (the network\'s skupperVersion is "v1"); v1 links with tokens the package mints',
                        },
                    ]);
                    return true;
                },
            );
        });

        it("with a mirror registry every image, the router's and kube-adaptor's included, comes from it", () => {
            const objs = controllerV2Objects("edge-net", validateHubAddOns({ imageRegistry: "registry.example.com:5000/mirror" }));
            const c = (objs[4] as any).spec.template.spec.containers[0];
            assert.deepEqual(
                [c.image, c.env[0].value, c.env[2].value],
                [
                    "registry.example.com:5000/mirror/skupper/controller:2.2.1",
                    "registry.example.com:5000/mirror/skupper/kube-adaptor:2.2.1",
                    "registry.example.com:5000/mirror/skupper/skupper-router:3.5.1",
                ],
            );
        });
    });
});
