/**
 * Skupper v1 on every member: the site controller (cluster-wide install, as
 * upstream's deploy-watch-all-ns.yaml), the site namespace and its
 * `skupper-site` ConfigMap, the pre-provisioned site CA on hubs, and the
 * connection-token Secret that links a spoke to its hub.
 */
import { HubModel, KubeObject, Naming, ROUTER_PORTS, SpokeModel, VERSIONS } from "../topology/model";
import { commonLabels } from "./labels";

export const SITE_CONTROLLER_NAMESPACE = "skupper-site-controller";
const CONTROLLER = "skupper-site-controller";

/** PEM material for a Secret; `S` is a string in plans and an Output in programs. */
export interface TlsMaterial<S> {
    certPem: S;
    keyPem: S;
    caCertPem: S;
}

/** The site controller, watching all namespaces, with the RBAC upstream ships. */
export function siteControllerObjects(network: string): KubeObject[] {
    const labels = { ...commonLabels(network, "skupper-site-controller"), application: CONTROLLER };
    const all = ["get", "list", "watch", "create", "update", "delete"];
    return [
        { apiVersion: "v1", kind: "Namespace", metadata: { name: SITE_CONTROLLER_NAMESPACE, labels: commonLabels(network, "skupper-site-controller") } },
        { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: CONTROLLER, namespace: SITE_CONTROLLER_NAMESPACE, labels } },
        {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRole",
            metadata: { name: CONTROLLER, labels },
            rules: [
                { apiGroups: [""], resources: ["nodes"], verbs: ["get", "list", "watch"] },
                {
                    apiGroups: [""],
                    resources: ["configmaps", "pods", "pods/exec", "services", "secrets", "serviceaccounts", "events"],
                    verbs: [...all, "patch"],
                },
                { apiGroups: ["apps"], resources: ["deployments", "statefulsets", "daemonsets"], verbs: all },
                { apiGroups: ["route.openshift.io"], resources: ["routes"], verbs: all },
                { apiGroups: ["apps.openshift.io"], resources: ["deploymentconfigs"], verbs: ["get", "list", "watch"] },
                { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "networkpolicies"], verbs: ["get", "list", "watch", "create", "delete"] },
                { apiGroups: ["projectcontour.io"], resources: ["httpproxies"], verbs: ["get", "list", "watch", "create", "delete"] },
                { apiGroups: ["rbac.authorization.k8s.io"], resources: ["rolebindings", "roles"], verbs: all },
                { apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterrolebindings"], verbs: ["create", "delete"] },
                // Cluster permissions let a site expose Services of other namespaces (the servers' own).
                { apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: all },
                { apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: ["bind"], resourceNames: ["skupper-service-controller"] },
                { apiGroups: ["skupper.io"], resources: ["skupperclusterpolicies"], verbs: ["get", "list", "watch"] },
                { apiGroups: [""], resources: ["namespaces"], verbs: ["get"] },
            ],
        },
        {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRoleBinding",
            metadata: { name: CONTROLLER, labels },
            subjects: [{ kind: "ServiceAccount", name: CONTROLLER, namespace: SITE_CONTROLLER_NAMESPACE }],
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: CONTROLLER },
        },
        {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: CONTROLLER, namespace: SITE_CONTROLLER_NAMESPACE, labels },
            spec: {
                replicas: 1,
                selector: { matchLabels: { application: CONTROLLER } },
                template: {
                    metadata: { labels: { "app.kubernetes.io/part-of": "skupper", application: CONTROLLER } },
                    spec: {
                        serviceAccountName: CONTROLLER,
                        securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
                        containers: [
                            {
                                name: "site-controller",
                                image: VERSIONS.skupperSiteControllerImage,
                                // Without it the site key `cluster-permissions` is ignored.
                                env: [{ name: "CLUSTER_PERMISSIONS_ALLOWED", value: "true" }],
                                securityContext: { capabilities: { drop: ["ALL"] }, runAsNonRoot: true, allowPrivilegeEscalation: false },
                            },
                        ],
                    },
                },
            },
        },
    ];
}

/** The namespace of the site; the router pods run there. */
export function siteNamespace(naming: Naming, network: string): KubeObject {
    return { apiVersion: "v1", kind: "Namespace", metadata: { name: naming.siteNamespace, labels: commonLabels(network, "skupper-site") } };
}

/** A member's role in the site ConfigMap. */
export type SiteRole = { kind: "hub"; hub: HubModel } | { kind: "spoke"; spoke: SpokeModel };

/**
 * The `skupper-site` ConfigMap. Hubs accept links through a LoadBalancer
 * pinned to the router IP; spokes accept none. Console and flow collector
 * stay off so that no second LoadBalancer IP is taken.
 */
export function siteConfigMap(role: SiteRole, naming: Naming, network: string): KubeObject {
    const name = role.kind === "hub" ? role.hub.name : role.spoke.name;
    const data: Record<string, string> = {
        name,
        "router-mode": role.kind === "hub" ? "interior" : role.spoke.routerMode,
        ingress: role.kind === "hub" ? "loadbalancer" : "none",
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
    if (role.kind === "hub") {
        const ip = role.hub.loadBalancer.routerIp;
        data["router-load-balancer-ip"] = ip;
        data["router-service-annotations"] = `metallb.io/loadBalancerIPs=${ip}`;
    }
    return {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "skupper-site", namespace: naming.siteNamespace, labels: commonLabels(network, "skupper-site") },
        data,
    };
}

/**
 * The hub's site CA, created before the site: Skupper reuses an existing
 * `skupper-site-ca` and signs its router certificate with it, which is what
 * lets the package mint spoke link certificates itself. The key must be RSA
 * PKCS#1: the v1 controller parses nothing else.
 */
export function siteCaSecret<S>(naming: Naming, network: string, ca: { certPem: S; keyPem: S }): KubeObject {
    return {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "skupper-site-ca", namespace: naming.siteNamespace, labels: commonLabels(network, "skupper-site") },
        type: "kubernetes.io/tls",
        stringData: { "tls.crt": ca.certPem, "tls.key": ca.keyPem, "ca.crt": ca.certPem },
    };
}

/** Name of the connection-token Secret on a spoke, and of the link it creates. */
export function linkName(hub: string): string {
    return `link-to-${hub}`;
}

/**
 * The connection token that links a spoke to its hub, in the format the v1
 * site controller writes after a token request: the client certificate
 * signed by the hub's site CA, and where to reach the hub's router.
 */
export function linkSecret<S>(spoke: SpokeModel, hub: HubModel, naming: Naming, network: string, material: TlsMaterial<S>): KubeObject {
    const host = hub.loadBalancer.routerIp;
    return {
        apiVersion: "v1",
        kind: "Secret",
        metadata: {
            name: linkName(hub.name),
            namespace: naming.siteNamespace,
            labels: { ...commonLabels(network, "skupper-link"), "skupper.io/type": "connection-token" },
            annotations: {
                "inter-router-host": host,
                "inter-router-port": String(ROUTER_PORTS.interRouter),
                "edge-host": host,
                "edge-port": String(ROUTER_PORTS.edge),
                "skupper.io/cost": "1",
            },
        },
        type: "Opaque",
        stringData: { "tls.crt": material.certPem, "tls.key": material.keyPem, "ca.crt": material.caCertPem },
    };
}

/**
 * Restricts the hub router's LoadBalancer to the allowed source ranges.
 * Skupper has no setting for it; the site controller creates `skupper-router`
 * and does not reassert this field afterwards, so a server-side apply patch
 * keeps it.
 */
export function routerSourceRangesPatch(hub: HubModel, naming: Naming): KubeObject {
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "skupper-router", namespace: naming.siteNamespace },
        spec: { loadBalancerSourceRanges: [...hub.allowedSourceRanges] },
    };
}
