/**
 * Everything one cluster needs, as an ordered list of plain objects, each
 * tagged with its role. Components turn the roles into `dependsOn` edges;
 * plans and manifest dumps list the same objects, so both always agree.
 */
import { HubModel, KubeObject, Naming, SpokeModel } from "../topology/model";
import { serviceAnnotationPatch, skupperServiceDefinition } from "./exposure";
import { ipAddressPool, l2Advertisement, metallbNamespace, metallbWebhookGate } from "./metallb";
import { linkSecret, routerSourceRangesPatch, siteCaSecret, siteConfigMap, siteControllerObjects, siteNamespace } from "./skupper";
import { clientTrustSecret, listenerTlsSecret, networkCaSecret, networkClusterIssuer, serviceCertificate } from "./tls";

/** What an object is for; decides what it waits for. */
export type ObjectRole =
    | "metallb-namespace"
    | "metallb-webhook-gate"
    | "metallb-config"
    | "controller-namespace"
    | "controller"
    | "site-namespace"
    | "site-ca"
    | "site"
    | "router-source-ranges"
    | "issuer-ca"
    | "issuer"
    | "client-trust"
    | "service-annotations"
    | "service-certificate"
    | "service-definition"
    | "link"
    | "listener-tls";

export interface PlannedObject {
    role: ObjectRole;
    obj: KubeObject;
    /** A server-side-apply patch of an object someone else owns, not an object of ours. */
    patch: boolean;
    /** For per-service objects: the exposed service's name. */
    service?: string;
}

/** PEM material a cluster's objects embed; strings in plans, Outputs in programs. */
export interface HubMaterial<S> {
    siteCa: { certPem: S; keyPem: S };
    networkCa: { certPem: S; keyPem: S };
}

export interface SpokeMaterial<S> {
    link: { certPem: S; keyPem: S; caCertPem: S };
    networkCaCertPem: S;
    /** Listener certificates by exposed service name (TLS services only). */
    listeners: Record<string, { certPem: S; keyPem: S }>;
}

const own = (role: ObjectRole, obj: KubeObject, service?: string): PlannedObject => ({ role, obj, patch: false, ...(service ? { service } : {}) });
const patch = (role: ObjectRole, obj: KubeObject, service?: string): PlannedObject => ({ role, obj, patch: true, ...(service ? { service } : {}) });

/** The objects of a hub, besides the MetalLB and cert-manager Helm releases. */
export function hubObjects<S>(hub: HubModel, naming: Naming, network: string, material: HubMaterial<S>, opts: { annotateServices: boolean }): PlannedObject[] {
    const [controllerNs, ...controller] = siteControllerObjects(network);
    const out: PlannedObject[] = [
        own("metallb-namespace", metallbNamespace(network)),
        patch("metallb-webhook-gate", metallbWebhookGate()),
        own("metallb-config", ipAddressPool(hub, network)),
        own("metallb-config", l2Advertisement(hub, network)),
        own("controller-namespace", controllerNs),
        ...controller.map((o) => own("controller", o)),
        own("site-namespace", siteNamespace(naming, network)),
        own("site-ca", siteCaSecret(naming, network, material.siteCa)),
        own("site", siteConfigMap({ kind: "hub", hub }, naming, network)),
        patch("router-source-ranges", routerSourceRangesPatch(hub, naming)),
    ];
    if (hub.exposedServices.some((s) => s.tls)) {
        out.push(
            own("issuer-ca", networkCaSecret(network, material.networkCa)),
            own("issuer", networkClusterIssuer(network)),
            own("client-trust", clientTrustSecret(naming, network, material.networkCa.certPem)),
        );
    }
    for (const svc of hub.exposedServices) {
        if (opts.annotateServices) out.push(patch("service-annotations", serviceAnnotationPatch(svc, naming), svc.name));
        if (svc.tls) {
            for (const ns of [...new Set([svc.namespace, naming.siteNamespace])])
                out.push(own("service-certificate", serviceCertificate(svc, ns, naming, network), svc.name));
        }
        out.push(own("service-definition", skupperServiceDefinition(svc, naming, network), svc.name));
    }
    return out;
}

/** The objects of a spoke linked to `hub`. */
export function spokeObjects<S>(spoke: SpokeModel, hub: HubModel, naming: Naming, network: string, material: SpokeMaterial<S>): PlannedObject[] {
    const [controllerNs, ...controller] = siteControllerObjects(network);
    const out: PlannedObject[] = [
        own("controller-namespace", controllerNs),
        ...controller.map((o) => own("controller", o)),
        own("site-namespace", siteNamespace(naming, network)),
        own("site", siteConfigMap({ kind: "spoke", spoke }, naming, network)),
        own("link", linkSecret(spoke, hub, naming, network, material.link)),
    ];
    const tls = hub.exposedServices.filter((s) => s.tls);
    if (tls.length > 0) out.push(own("client-trust", clientTrustSecret(naming, network, material.networkCaCertPem)));
    for (const svc of tls) {
        const listener = material.listeners[svc.name];
        out.push(own("listener-tls", listenerTlsSecret(svc, naming, network, { ...listener, caCertPem: material.networkCaCertPem }), svc.name));
    }
    return out;
}

/**
 * What each role waits for, so that nothing is created before it can work:
 * the pool after MetalLB's webhook serves, the hub site after the pool, the
 * site CA and the controller exist, links and services after their site.
 * `metallb` and `cert-manager` stand for the Helm releases.
 */
export const ROLE_DEPENDENCIES: Readonly<Record<ObjectRole, readonly (ObjectRole | "metallb" | "cert-manager")[]>> = Object.freeze({
    "metallb-namespace": [],
    "metallb-webhook-gate": ["metallb"],
    "metallb-config": ["metallb", "metallb-webhook-gate"],
    "controller-namespace": [],
    controller: ["controller-namespace"],
    "site-namespace": [],
    "site-ca": ["site-namespace"],
    site: ["site-namespace", "site-ca", "controller", "metallb-config"],
    "router-source-ranges": ["site"],
    "issuer-ca": ["cert-manager"],
    issuer: ["cert-manager", "issuer-ca"],
    "client-trust": ["site-namespace"],
    "service-annotations": [],
    "service-certificate": ["issuer", "site-namespace"],
    "service-definition": ["site", "service-certificate", "client-trust"],
    link: ["site"],
    "listener-tls": ["site-namespace"],
});
