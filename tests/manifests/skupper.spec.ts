/**
 * Skupper v1 on every member (FACTS §4): the site controller as upstream
 * ships it, the `skupper-site` ConfigMap of hubs and spokes, the site CA,
 * the connection-token Secret and the router's source-range patch.
 */
import * as assert from "node:assert/strict";
import {
    linkName,
    linkSecret,
    routerSourceRangesPatch,
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

        it("ClusterRole rules equal upstream's deploy-watch-all-ns.yaml, rule for rule", () => {
            const ourRules = ours("ClusterRole").rules;
            const upstreamRules = byKind("ClusterRole").rules;
            assert.equal(ourRules.length, 13);
            assert.equal(upstreamRules.length, 13);
            assert.deepEqual(normaliseRules(ourRules), normaliseRules(upstreamRules));
            assert.equal(ours("ClusterRole").metadata.name, byKind("ClusterRole").metadata.name);
        });

        it("ServiceAccount and ClusterRoleBinding match upstream, plus the package's labels", () => {
            const sa = ours("ServiceAccount");
            assert.deepEqual(sa, { ...byKind("ServiceAccount"), metadata: { ...byKind("ServiceAccount").metadata, labels: controllerLabels } });
            const crb = ours("ClusterRoleBinding");
            assert.deepEqual(crb, { ...byKind("ClusterRoleBinding"), metadata: { ...byKind("ClusterRoleBinding").metadata, labels: controllerLabels } });
        });

        it("Deployment is upstream's, image pinned to site-controller 1.9.6, plus CLUSTER_PERMISSIONS_ALLOWED", () => {
            const dep = ours("Deployment");
            const container = dep.spec.template.spec.containers[0];
            assert.equal(container.image, "quay.io/skupper/site-controller:1.9.6");
            assert.equal(VERSIONS.skupperSiteControllerImage, "quay.io/skupper/site-controller:1.9.6");
            assert.deepEqual(container.env, [{ name: "CLUSTER_PERMISSIONS_ALLOWED", value: "true" }]);
            const withoutEnv = structuredClone(dep.spec);
            delete withoutEnv.template.spec.containers[0].env;
            assert.deepEqual(withoutEnv, byKind("Deployment").spec);
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
            "cluster-permissions": "true",
            "create-network-policy": "false",
            "enable-skupper-events": "true",
        };

        it("hub: interior router behind a LoadBalancer pinned to the router IP through MetalLB", () => {
            const cm = siteConfigMap({ kind: "hub", hub }, naming, NETWORK);
            assert.deepEqual(cm, {
                apiVersion: "v1",
                kind: "ConfigMap",
                metadata: { name: "skupper-site", namespace: "interconnect", labels: LABELS("skupper-site") },
                data: {
                    name: "hub-west",
                    "router-mode": "interior",
                    ingress: "loadbalancer",
                    ...common,
                    "router-load-balancer-ip": "10.20.0.1",
                    "router-service-annotations": "metallb.io/loadBalancerIPs=10.20.0.1",
                },
            });
            assert.deepEqual(validateCoreObject(cm), { ok: true, errors: [] });
        });

        it("hub with an explicit router IP uses it in both keys", () => {
            const h = validateHub({
                name: "hub-east",
                loadBalancer: { addresses: ["192.0.2.16/29"], routerIp: "192.0.2.20" },
                allowedSourceRanges: ["172.16.0.0/16"],
            });
            const data = siteConfigMap({ kind: "hub", hub: h }, naming, NETWORK).data as Record<string, string>;
            assert.equal(data["router-load-balancer-ip"], "192.0.2.20");
            assert.equal(data["router-service-annotations"], "metallb.io/loadBalancerIPs=192.0.2.20");
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

    describe("routerSourceRangesPatch", () => {
        it("carries exactly the hub's allowed source ranges onto skupper-router", () => {
            const patch = routerSourceRangesPatch(hub, naming);
            assert.deepEqual(patch, {
                apiVersion: "v1",
                kind: "Service",
                metadata: { name: "skupper-router", namespace: "interconnect" },
                spec: { loadBalancerSourceRanges: ["192.168.10.0/24", "192.168.20.0/24"] },
            });
            assert.notEqual((patch.spec as any).loadBalancerSourceRanges, hub.allowedSourceRanges);
            assert.deepEqual(validateCoreObject(patch), { ok: true, errors: [] });
        });

        it("with public exposure accepted, carries the ranges as given, including an empty list", () => {
            const open = validateHub({ name: "hub-open", loadBalancer: { addresses: ["192.0.2.0/30"] }, allowedSourceRanges: [], allowPublicExposure: true });
            assert.deepEqual(routerSourceRangesPatch(open, PRODUCT_DOC_NAMING).spec, { loadBalancerSourceRanges: [] });
            const v6 = validateHub({
                name: "hub-v6",
                loadBalancer: { addresses: ["192.0.2.0/30"] },
                allowedSourceRanges: ["2001:db8:1::/48", "198.51.100.0/24"],
            });
            const patch = routerSourceRangesPatch(v6, PRODUCT_DOC_NAMING);
            assert.deepEqual(patch.spec, { loadBalancerSourceRanges: ["2001:db8:1::/48", "198.51.100.0/24"] });
            assert.deepEqual(validateCoreObject(patch), { ok: true, errors: [] });
        });
    });
});
