/**
 * Skupper v1 on every member: the site controller (cluster-wide install, as
 * upstream's deploy-watch-all-ns.yaml), the site namespace and its
 * `skupper-site` ConfigMap, the pre-provisioned site CA on hubs, and the
 * connection-token Secret that links a spoke to its hub.
 */
import { HubModel, KubeObject, Naming, ROUTER_PORTS, SpokeModel, VERSIONS } from "../topology/model";
import { AddOnsModel, DEFAULT_ADD_ONS, mirroredImage } from "../topology/addons";
import { commonLabels } from "./labels";

/** Annotation of a hub's site ConfigMap: the SHA-256 fingerprint of the site CA the site was created with. */
export const SITE_CA_ANNOTATION = "edge-interconnect.pulumi.com/site-ca-sha256";
/** Annotation of a hub's site ConfigMap: the router address its server certificate names. */
export const ROUTER_IP_ANNOTATION = "edge-interconnect.pulumi.com/router-ip";

/** Skupper v1's router Service (api/types/types.go: TransportServiceName). */
export const ROUTER_SERVICE = "skupper-router";

export const SITE_CONTROLLER_NAMESPACE = "skupper-site-controller";
const CONTROLLER = "skupper-site-controller";

/** PEM material for a Secret; `S` is a string in plans and an Output in programs. */
export interface TlsMaterial<S> {
    certPem: S;
    keyPem: S;
    caCertPem: S;
}

/** The site controller, watching all namespaces, with the RBAC upstream ships. */
export function siteControllerObjects(network: string, addOns: AddOnsModel = DEFAULT_ADD_ONS): KubeObject[] {
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
                // At start the controller deletes the cluster role of older releases (cmd/site-controller/controller.go,
                // updateControllerClusterRoles → pkg/kube/clusterroles.go, DeleteClusterRole). Nothing more on
                // cluster roles: sites run without cluster permissions, which upstream needs only "to expose
                // deployments/statefulsets in other namespaces" (cmd/skupper/skupper_kube_site.go, the
                // --enable-cluster-permissions flag); the package's targets are Services.
                { apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: ["delete"] },
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
                                image: mirroredImage(VERSIONS.skupperSiteControllerImage, addOns.imageRegistry),
                                // The router, config-sync and service-controller images the controller deploys come
                                // from SKUPPER_IMAGE_REGISTRY (pkg/images/image_utils.go of Skupper 1.9.6).
                                ...(addOns.imageRegistry ? { env: [{ name: "SKUPPER_IMAGE_REGISTRY", value: mirroredImage("quay.io/skupper", addOns.imageRegistry) }] } : {}),
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
 * The `skupper-site` ConfigMap. Hubs accept links through the LoadBalancer
 * the package created for them (routerService); spokes accept none. Console and flow collector
 * stay off so that no second LoadBalancer IP is taken.
 */
export function siteConfigMap<S = string>(role: SiteRole, naming: Naming, network: string, siteCaFingerprint?: S): KubeObject {
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
        "cluster-permissions": "false",
        "create-network-policy": "false",
        "enable-skupper-events": "true",
    };
    // No router-load-balancer-ip on hubs: the package owns `skupper-router` (see routerService), and
    // Skupper would otherwise also set spec.loadBalancerIP, which MetalLB refuses next to its annotation.
    return {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: {
            name: "skupper-site",
            namespace: naming.siteNamespace,
            labels: commonLabels(network, "skupper-site"),
            // Skupper signs skupper-site-server once, when it creates the site, with the site CA and the
            // router address of that moment among its names (client/router_create.go, RouterCreate). A new
            // CA or a new address therefore needs a new site: these annotations make both part of what replaces it.
            ...(role.kind === "hub"
                ? {
                      annotations: {
                          [ROUTER_IP_ANNOTATION]: role.hub.loadBalancer.routerIp,
                          ...(siteCaFingerprint !== undefined ? { [SITE_CA_ANNOTATION]: siteCaFingerprint as unknown as string } : {}),
                      },
                  }
                : {}),
        },
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
 * Common name of a spoke's link certificate: the spoke's site name, unique in
 * the network and at most 50 characters (an X.509 CN allows 64, RFC 5280 ub-common-name).
 */
export function linkCommonName(spoke: string): string {
    return spoke;
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
 * The labels of Skupper 1.9.6's router pods, which `skupper-router` selects
 * (client/router_create.go, GetVanRouterSpec: `van.Transport.Labels`).
 */
export const ROUTER_POD_SELECTOR: Readonly<Record<string, string>> = Object.freeze({
    "app.kubernetes.io/part-of": "skupper",
    "app.kubernetes.io/name": "skupper-router",
    application: "skupper-router",
    "skupper.io/component": "router",
});

/**
 * The hub router's LoadBalancer, created by the package before the site.
 *
 * Skupper 1.9.6 creates `skupper-router` only if it does not exist
 * (client/router_create.go, RouterCreate: `kube.CreateService` with
 * `!errors.IsAlreadyExists(err)`), then reads the address it signs into
 * `skupper-site-server` from this Service's status. Owning it lets the
 * package set what Skupper cannot:
 * - one pin, `metallb.io/loadBalancerIPs`, never with `spec.loadBalancerIP`:
 *   MetalLB v0.15.3 refuses the pair ("service can not have both
 *   metallb.io/loadBalancerIPs and svc.Spec.LoadBalancerIP", controller/service.go,
 *   getDesiredLbIPs);
 * - `loadBalancerSourceRanges`, at creation, so there is no window in which
 *   the router is open;
 * - a wait for the assigned address (`pulumi.com/waitFor`, pulumi-kubernetes
 *   ≥ 4.18.4, which takes precedence over the Service await) instead of the
 *   endpoints await, which cannot succeed before the site's router pod runs.
 * Ports and selector are Skupper's own (same file: inter-router 55671, edge
 * 45671, claims 8081; `van.Transport.Labels`).
 */
export function routerService(hub: HubModel, naming: Naming, network: string): KubeObject {
    const ip = hub.loadBalancer.routerIp;
    const port = (name: string, n: number) => ({ name, protocol: "TCP", port: n, targetPort: n });
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: {
            name: ROUTER_SERVICE,
            namespace: naming.siteNamespace,
            labels: commonLabels(network, "skupper-router"),
            annotations: {
                "metallb.io/loadBalancerIPs": ip,
                "pulumi.com/waitFor": `jsonpath={.status.loadBalancer.ingress[0].ip}=${ip}`,
            },
        },
        spec: {
            type: "LoadBalancer",
            selector: { ...ROUTER_POD_SELECTOR },
            ports: [port("inter-router", ROUTER_PORTS.interRouter), port("edge", ROUTER_PORTS.edge), port("claims", ROUTER_PORTS.claims)],
            loadBalancerSourceRanges: [...hub.allowedSourceRanges],
        },
    };
}
