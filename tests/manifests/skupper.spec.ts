/**
 * Skupper v1 on every member (FACTS §4): the site controller as upstream
 * ships it, the `skupper-site` ConfigMap of hubs and spokes, the site CA,
 * the connection-token Secret and the hub router's LoadBalancer Service.
 */
import * as assert from "node:assert/strict";
import {
    linkName,
    linkSecret,
    linkCommonName,
    ROUTER_POD_SELECTOR,
    routerService,
    SITE_CA_ANNOTATION,
    SITE_CONTROLLER_NAMESPACE,
    siteCaSecret,
    siteConfigMap,
    siteControllerObjects,
    siteNamespace,
} from "../../sdk/manifests/skupper";
import { PRODUCT_DOC_NAMING, ROUTER_PORTS, UPSTREAM_NAMING, VERSIONS } from "../../sdk/topology/model";
import { validateHub } from "../../sdk/topology/validate";
import { validateCoreObject } from "../support/schemas";
import { LABELS, NETWORK, PEM, topology, upstreamYaml } from "./fixture";

const model = topology();
const hub = model.hubs[0];
const [interiorSpoke, edgeSpoke] = model.spokes;
const naming = model.network.naming;

/** RBAC verbs are a set; upstream lists some in a different order. */
const normaliseRules = (rules: any[]) => rules.map((r) => ({ ...r, verbs: [...r.verbs].sort() }));

describe("Skupper v1 manifests", function () {
    describe("siteControllerObjects", () => {
        const upstream = upstreamYaml("skupper-v1/deploy-watch-all-ns.yaml");
        const byKind = (kind: string) => upstream.find((d) => d.kind === kind);
        const objs = siteControllerObjects(NETWORK);
        const ours = (kind: string) => objs.find((o) => o.kind === kind)! as any;
        const controllerLabels = { ...LABELS("skupper-site-controller"), application: "skupper-site-controller" };

        it("adds the Namespace upstream's watch-all-namespaces install lacks, then upstream's four objects", () => {
            assert.deepEqual(
                objs.map((o) => o.kind),
                ["Namespace", ...upstream.map((d) => d.kind)],
            );
            assert.deepEqual(
                upstream.map((d) => d.kind),
                ["ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Deployment"],
            );
            assert.deepEqual(objs[0], {
                apiVersion: "v1",
                kind: "Namespace",
                metadata: { name: "skupper-site-controller", labels: LABELS("skupper-site-controller") },
            });
            assert.equal(SITE_CONTROLLER_NAMESPACE, "skupper-site-controller");
            for (const o of objs) assert.deepEqual(validateCoreObject(o), { ok: true, errors: [] }, o.kind);
        });

        it("ClusterRole rules are upstream's deploy-watch-all-ns.yaml minus the cluster-permission grants on clusterroles", () => {
            const ourRules = ours("ClusterRole").rules;
            const upstreamRules = byKind("ClusterRole").rules;
            assert.equal(upstreamRules.length, 13);
            const isClusterRoles = (r: any) => r.resources.length === 1 && r.resources[0] === "clusterroles";
            // Upstream's two clusterroles rules (full access, and bind of skupper-service-controller) serve
            // cluster permissions only; the controller itself deletes an old cluster role at start.
            assert.deepEqual(normaliseRules(upstreamRules.filter(isClusterRoles)), [
                { apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: ["create", "delete", "get", "list", "update", "watch"] },
                { apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: ["bind"], resourceNames: ["skupper-service-controller"] },
            ]);
            assert.deepEqual(ourRules.filter(isClusterRoles), [{ apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: ["delete"] }]);
            assert.equal(ourRules.length, 12);
            assert.deepEqual(normaliseRules(ourRules.filter((r: any) => !isClusterRoles(r))), normaliseRules(upstreamRules.filter((r: any) => !isClusterRoles(r))));
            assert.equal(ours("ClusterRole").metadata.name, byKind("ClusterRole").metadata.name);
        });

        it("ServiceAccount and ClusterRoleBinding match upstream, plus the package's labels", () => {
            const sa = ours("ServiceAccount");
            assert.deepEqual(sa, { ...byKind("ServiceAccount"), metadata: { ...byKind("ServiceAccount").metadata, labels: controllerLabels } });
            const crb = ours("ClusterRoleBinding");
            assert.deepEqual(crb, { ...byKind("ClusterRoleBinding"), metadata: { ...byKind("ClusterRoleBinding").metadata, labels: controllerLabels } });
        });

        it("Deployment is upstream's, image pinned to site-controller 1.9.6, without cluster permissions", () => {
            const dep = ours("Deployment");
            const container = dep.spec.template.spec.containers[0];
            assert.equal(container.image, "quay.io/skupper/site-controller:1.9.6");
            assert.equal(VERSIONS.skupperSiteControllerImage, "quay.io/skupper/site-controller:1.9.6");
            assert.equal("env" in container, false);
            assert.deepEqual(dep.spec, byKind("Deployment").spec);
            assert.deepEqual(dep.metadata, { name: "skupper-site-controller", namespace: "skupper-site-controller", labels: controllerLabels });
        });
    });

    describe("siteNamespace", () => {
        it("is the naming's site namespace", () => {
            const ns = siteNamespace(naming, NETWORK);
            assert.deepEqual(ns, { apiVersion: "v1", kind: "Namespace", metadata: { name: "interconnect", labels: LABELS("skupper-site") } });
            assert.deepEqual(validateCoreObject(ns), { ok: true, errors: [] });
        });
    });

    describe("siteConfigMap", () => {
        const common = {
            console: "false",
            "flow-collector": "false",
            "rest-api": "false",
            "console-ingress": "none",
            "service-controller": "true",
            "service-sync": "true",
            "cluster-permissions": "false",
            "create-network-policy": "false",
            "enable-skupper-events": "true",
        };

        it("hub: interior router behind a LoadBalancer, no router address keys (the package owns skupper-router), the site CA's fingerprint", () => {
            const cm = siteConfigMap({ kind: "hub", hub }, naming, NETWORK, "ab".repeat(32));
            assert.deepEqual(cm, {
                apiVersion: "v1",
                kind: "ConfigMap",
                metadata: {
                    name: "skupper-site",
                    namespace: "interconnect",
                    labels: LABELS("skupper-site"),
                    annotations: { "edge-interconnect.pulumi.com/router-ip": "10.20.0.1", "edge-interconnect.pulumi.com/site-ca-sha256": "ab".repeat(32) },
                },
                data: { name: "hub-west", "router-mode": "interior", ingress: "loadbalancer", ...common },
            });
            assert.equal(SITE_CA_ANNOTATION, "edge-interconnect.pulumi.com/site-ca-sha256");
            const other = validateHub({ name: "hub-west", loadBalancer: { addresses: ["10.20.0.0/28"], routerIp: "10.20.0.9" }, allowedSourceRanges: ["192.168.10.0/24"] });
            assert.deepEqual(siteConfigMap({ kind: "hub", hub: other }, naming, NETWORK).metadata.annotations, { "edge-interconnect.pulumi.com/router-ip": "10.20.0.9" });
            assert.deepEqual(validateCoreObject(cm), { ok: true, errors: [] });
        });

        it("interior spoke: no ingress, no load-balancer keys", () => {
            const cm = siteConfigMap({ kind: "spoke", spoke: interiorSpoke }, naming, NETWORK);
            assert.deepEqual(cm.data, { name: "store-1", "router-mode": "interior", ingress: "none", ...common });
            assert.deepEqual(validateCoreObject(cm), { ok: true, errors: [] });
        });

        it("edge spoke: router mode edge", () => {
            const cm = siteConfigMap({ kind: "spoke", spoke: edgeSpoke }, naming, NETWORK);
            assert.deepEqual(cm.data, { name: "store-2", "router-mode": "edge", ingress: "none", ...common });
            assert.deepEqual(cm.metadata, { name: "skupper-site", namespace: "interconnect", labels: LABELS("skupper-site") });
        });
    });

    describe("siteCaSecret", () => {
        it("is skupper-site-ca, type kubernetes.io/tls, with the CA as tls.crt and ca.crt", () => {
            const s = siteCaSecret(naming, NETWORK, { certPem: PEM.siteCaCert, keyPem: PEM.siteCaKey });
            assert.deepEqual(s, {
                apiVersion: "v1",
                kind: "Secret",
                metadata: { name: "skupper-site-ca", namespace: "interconnect", labels: LABELS("skupper-site") },
                type: "kubernetes.io/tls",
                stringData: { "tls.crt": PEM.siteCaCert, "tls.key": PEM.siteCaKey, "ca.crt": PEM.siteCaCert },
            });
            assert.deepEqual(validateCoreObject(s), { ok: true, errors: [] });
        });
    });

    describe("linkSecret", () => {
        const material = { certPem: PEM.linkCert("store-2"), keyPem: PEM.linkKey("store-2"), caCertPem: PEM.siteCaCert };

        it("is a connection token pointing both router roles at the hub's router IP and ports", () => {
            const s = linkSecret(edgeSpoke, hub, naming, NETWORK, material);
            assert.deepEqual(s, {
                apiVersion: "v1",
                kind: "Secret",
                metadata: {
                    name: "link-to-hub-west",
                    namespace: "interconnect",
                    labels: { ...LABELS("skupper-link"), "skupper.io/type": "connection-token" },
                    annotations: {
                        "inter-router-host": "10.20.0.1",
                        "inter-router-port": "55671",
                        "edge-host": "10.20.0.1",
                        "edge-port": "45671",
                        "skupper.io/cost": "1",
                    },
                },
                type: "Opaque",
                stringData: { "tls.crt": material.certPem, "tls.key": material.keyPem, "ca.crt": PEM.siteCaCert },
            });
            assert.deepEqual(Object.keys(s.stringData as object).sort(), ["ca.crt", "tls.crt", "tls.key"]);
            assert.deepEqual(validateCoreObject(s), { ok: true, errors: [] });
        });

        it("ports are the router ports of FACTS §4.4 and the name is link-to-<hub>", () => {
            assert.deepEqual({ ...ROUTER_PORTS }, { interRouter: 55671, edge: 45671, claims: 8081 });
            assert.equal(linkName("hub-west"), "link-to-hub-west");
            const interior = linkSecret(interiorSpoke, hub, naming, NETWORK, material);
            assert.deepEqual(interior.metadata.annotations, linkSecret(edgeSpoke, hub, naming, NETWORK, material).metadata.annotations);
        });

        it("lives in the naming's site namespace", () => {
            const s = linkSecret(interiorSpoke, hub, { ...UPSTREAM_NAMING, siteNamespace: "mesh" }, NETWORK, material);
            assert.equal(s.metadata.namespace, "mesh");
        });
    });

    describe("routerService", () => {
        const ports = [
            { name: "inter-router", protocol: "TCP", port: 55671, targetPort: 55671 },
            { name: "edge", protocol: "TCP", port: 45671, targetPort: 45671 },
            { name: "claims", protocol: "TCP", port: 8081, targetPort: 8081 },
        ];

        it("is Skupper's skupper-router, complete: LoadBalancer, its ports and selector, one MetalLB pin, the source ranges, a wait for the address", () => {
            const svc = routerService(hub, naming, NETWORK);
            assert.deepEqual(svc, {
                apiVersion: "v1",
                kind: "Service",
                metadata: {
                    name: "skupper-router",
                    namespace: "interconnect",
                    labels: LABELS("skupper-router"),
                    annotations: {
                        "metallb.io/loadBalancerIPs": "10.20.0.1",
                        "pulumi.com/waitFor": "jsonpath={.status.loadBalancer.ingress[0].ip}=10.20.0.1",
                    },
                },
                spec: {
                    type: "LoadBalancer",
                    selector: {
                        "app.kubernetes.io/part-of": "skupper",
                        "app.kubernetes.io/name": "skupper-router",
                        application: "skupper-router",
                        "skupper.io/component": "router",
                    },
                    ports,
                    loadBalancerSourceRanges: ["192.168.10.0/24", "192.168.20.0/24"],
                },
            });
            // MetalLB refuses spec.loadBalancerIP next to its annotation (controller/service.go, getDesiredLbIPs).
            assert.equal("loadBalancerIP" in (svc.spec as object), false);
            assert.notEqual((svc.spec as any).loadBalancerSourceRanges, hub.allowedSourceRanges);
            assert.notEqual((svc.spec as any).selector, ROUTER_POD_SELECTOR);
            assert.deepEqual(validateCoreObject(svc), { ok: true, errors: [] });
        });

        it("pins an explicit router IP; IPv6 and mixed ranges are carried as given; an accepted open hub carries an empty list", () => {
            const h = validateHub({
                name: "hub-east",
                loadBalancer: { addresses: ["192.0.2.16/29"], routerIp: "192.0.2.20" },
                allowedSourceRanges: ["2001:db8:1::/48", "198.51.100.0/24"],
            });
            const svc = routerService(h, { ...UPSTREAM_NAMING, siteNamespace: "mesh" }, NETWORK);
            assert.deepEqual(svc.metadata.annotations, {
                "metallb.io/loadBalancerIPs": "192.0.2.20",
                "pulumi.com/waitFor": "jsonpath={.status.loadBalancer.ingress[0].ip}=192.0.2.20",
            });
            assert.equal(svc.metadata.namespace, "mesh");
            assert.deepEqual((svc.spec as any).loadBalancerSourceRanges, ["2001:db8:1::/48", "198.51.100.0/24"]);
            const open = validateHub({ name: "hub-open", loadBalancer: { addresses: ["192.0.2.0/30"] }, allowedSourceRanges: [], allowPublicExposure: true });
            assert.deepEqual((routerService(open, PRODUCT_DOC_NAMING, NETWORK).spec as any).loadBalancerSourceRanges, []);
            assert.deepEqual(validateCoreObject(svc), { ok: true, errors: [] });
        });

        it("link certificates are named after their spoke", () => {
            assert.equal(linkCommonName("store-1"), "store-1");
        });
    });
});
