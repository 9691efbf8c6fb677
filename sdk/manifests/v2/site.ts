/**
 * A member's Skupper v2 site: the `Site` resource, and on hubs the site CA
 * the package provisions before it and the router's LoadBalancer Service.
 * Line references are to skupper@5f1ada11 (tag 2.2.1).
 */
import { HubModel, KubeObject, Naming, ROUTER_PORTS, SpokeModel } from "../../topology/model";
import { commonLabels } from "../labels";
import { ROUTER_IP_ANNOTATION, SITE_CA_ANNOTATION } from "../skupper";

export const SKUPPER_V2_API = "skupper.io/v2alpha1";

/** The CA v2 signs the router's `skupper-site-server` with (internal/kube/site/site.go:265, `EnsureCA(..., "skupper-site-ca", "<site> site CA")`). */
export const SITE_CA_SECRET_V2 = "skupper-site-ca";

/**
 * The router's link access: RouterAccess `skupper-router` → SecuredAccess
 * and Service `skupper-router` (site.go:378 checkDefaultRouterAccess; the
 * group `skupper-router` of a site without `ha`, site.go:329 groups()).
 */
export const ROUTER_SERVICE_V2 = "skupper-router";
export const ROUTER_GROUP_V2 = "skupper-router";

/** A member's role, as for v1. */
export type SiteRoleV2 = { kind: "hub"; hub: HubModel } | { kind: "spoke"; spoke: SpokeModel };

/**
 * The `Site`. Hubs accept links on a LoadBalancer (`linkAccess:
 * loadbalancer`, never `default`, which would leave the choice to the
 * controller's SKUPPER_DEFAULT_ACCESS_TYPE); spokes accept none, and an edge
 * spoke is an edge site (`edge: true`). No `ha`: it would need a second
 * router address and a second Link per spoke.
 *
 * On hubs the annotations record the site CA's fingerprint and the router
 * address: changing either replaces the site (ROLE_REPLACED_ON), as in v1,
 * because the router's server certificate is made from both.
 */
export function siteV2<S = string>(role: SiteRoleV2, naming: Naming, network: string, siteCaFingerprint?: S): KubeObject {
    const name = role.kind === "hub" ? role.hub.name : role.spoke.name;
    const spec: Record<string, unknown> =
        role.kind === "hub" ? { linkAccess: "loadbalancer" } : role.spoke.routerMode === "edge" ? { linkAccess: "none", edge: true } : { linkAccess: "none" };
    const metadata: KubeObject["metadata"] = { name, namespace: naming.siteNamespace, labels: commonLabels(network, "skupper-site") };
    if (role.kind === "hub") {
        metadata.annotations = { [ROUTER_IP_ANNOTATION]: role.hub.loadBalancer.routerIp };
        if (siteCaFingerprint !== undefined) metadata.annotations[SITE_CA_ANNOTATION] = siteCaFingerprint as unknown as string;
    }
    return { apiVersion: SKUPPER_V2_API, kind: "Site", metadata, spec };
}

/**
 * The pre-provisioned site CA (upstream doc/tls/README.md: a user-provided
 * `skupper-site-ca` is used to sign the site's server certificate). RSA with
 * a PKCS#1 key, CN `<site> site CA`, as the controller would make it.
 */
export function siteCaSecretV2<S>(naming: Naming, network: string, ca: { certPem: S; keyPem: S }): KubeObject {
    return {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: SITE_CA_SECRET_V2, namespace: naming.siteNamespace, labels: commonLabels(network, "skupper-site-ca") },
        type: "kubernetes.io/tls",
        stringData: { "tls.crt": ca.certPem, "tls.key": ca.keyPem, "ca.crt": ca.certPem },
    };
}

/**
 * The hub router's LoadBalancer, owned by the package and created before
 * the Site (rather than a `skupper.io/label-template` ConfigMap). Why:
 * - v2 has no field for source ranges (SKUPPER-V2.md §1.8), so with a label
 *   template the controller would create an open Service and the package
 *   would patch the ranges on afterwards; owning it sets them at creation;
 * - the controller adopts a Service it finds: its Service informer selects
 *   the label `internal.skupper.io/secured-access`
 *   (internal/kube/securedaccess/watchers.go:118), RecoverService keeps it,
 *   and checkService (access.go:285-321) re-asserts selector, ports, type,
 *   labels and annotations with an Update of the object it read, so every
 *   other field (loadBalancerSourceRanges) stays;
 * - it deletes a Service only when no SecuredAccess claims it and the
 *   Service carries `internal.skupper.io/controlled` (access.go:497 CheckService,
 *   access.go:637 canDelete), which this one does not: deleting the Site leaves it to Pulumi;
 * - MetalLB assigns the pinned address before the site exists, which the
 *   e2e suite checks without a controller.
 * Selector and ports are the ones the controller would write
 * (site.go:1506 asSecuredAccessSpec: `skupper.io/component: router`,
 * `skupper.io/group: <group>`; roles inter-router 55671 and edge 45671,
 * target port = port, TCP), so it has nothing to change. One MetalLB pin,
 * as for v1 (see routerService in ../skupper.ts).
 */
export function routerServiceV2(hub: HubModel, naming: Naming, network: string): KubeObject {
    const ip = hub.loadBalancer.routerIp;
    const port = (name: string, n: number) => ({ name, protocol: "TCP", port: n, targetPort: n });
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: {
            name: ROUTER_SERVICE_V2,
            namespace: naming.siteNamespace,
            labels: { ...commonLabels(network, "skupper-router"), "internal.skupper.io/secured-access": "true" },
            annotations: {
                "metallb.io/loadBalancerIPs": ip,
                "pulumi.com/waitFor": `jsonpath={.status.loadBalancer.ingress[0].ip}=${ip}`,
            },
        },
        spec: {
            type: "LoadBalancer",
            selector: { "skupper.io/component": "router", "skupper.io/group": ROUTER_GROUP_V2 },
            ports: [port("inter-router", ROUTER_PORTS.interRouter), port("edge", ROUTER_PORTS.edge)],
            loadBalancerSourceRanges: [...hub.allowedSourceRanges],
        },
    };
}
