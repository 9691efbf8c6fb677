/**
 * Everything one cluster needs, as an ordered list of plain objects, each
 * tagged with its role. Components turn the roles into `dependsOn` edges;
 * plans and manifest dumps list the same objects, so both always agree.
 */
import { AddOnsModel, DEFAULT_ADD_ONS } from "../topology/addons";
import { HubModel, KubeObject, Naming, SkupperVersion, SpokeModel } from "../topology/model";
import { skupperServiceDefinition } from "./exposure";
import { hubMetallbObjects, hubServiceObjects, own } from "./hubShared";
import { linkSecret, routerService, siteCaSecret, siteConfigMap, siteControllerObjects, siteNamespace } from "./skupper";
import { clientTrustSecret, serviceCaSecret } from "./tls";
import { hubObjectsV2, spokeObjectsV2 } from "./v2/cluster";

/** What an object is for; decides what it waits for. */
export type ObjectRole =
    | "crd"
    | "metallb-namespace"
    | "metallb-webhook-gate"
    | "router-address"
    | "metallb-config"
    | "router-pool"
    | "controller-namespace"
    | "controller"
    | "site-namespace"
    | "site-ca"
    | "site"
    | "router-service"
    | "issuer-ca"
    | "issuer"
    | "client-trust"
    | "service-annotations"
    | "service-certificate"
    | "service-definition"
    | "link-secret"
    | "link"
    | "service-ca";

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
    /** The site CA; `fingerprint` (SHA-256 of the certificate) marks the site it was installed into. */
    siteCa: { certPem: S; keyPem: S; fingerprint: S };
    networkCa: { certPem: S; keyPem: S };
}

export interface SpokeMaterial<S> {
    link: { certPem: S; keyPem: S; caCertPem: S };
    /** The network CA: Skupper's service CA on the spoke when a service uses TLS. */
    networkCa: { certPem: S; keyPem: S };
    /**
     * Skupper v2 only: per TLS service of the hub, the certificate the spoke's
     * router presents to clients (v1 routers make their own from the service CA).
     */
    serviceCertificates?: Record<string, { certPem: S; keyPem: S }>;
}

/** What a cluster's plan is built with besides the model: add-ons, and whether to annotate the servers' Services. */
export interface HubPlanOptions {
    annotateServices: boolean;
    addOns?: AddOnsModel;
    /** The network's Skupper (default "v1"). */
    skupperVersion?: SkupperVersion;
}

/** The objects of a hub, besides the MetalLB and cert-manager Helm releases. */
export function hubObjects<S>(hub: HubModel, naming: Naming, network: string, material: HubMaterial<S>, opts: HubPlanOptions): PlannedObject[] {
    if (opts.skupperVersion === "v2") return hubObjectsV2(hub, naming, network, material, opts);
    const addOns = opts.addOns ?? DEFAULT_ADD_ONS;
    const out: PlannedObject[] = hubMetallbObjects(hub, network, addOns);
    if (addOns.skupperController.install) {
        const [controllerNs, ...controller] = siteControllerObjects(network, addOns);
        out.push(own("controller-namespace", controllerNs), ...controller.map((o) => own("controller", o)));
    }
    const tls = hub.exposedServices.some((s) => s.tls);
    out.push(own("site-namespace", siteNamespace(naming, network)), own("site-ca", siteCaSecret(naming, network, material.siteCa)));
    // Before the site: Skupper keeps a service CA it finds, and makes its own otherwise.
    if (tls) out.push(own("service-ca", serviceCaSecret(naming, network, material.networkCa)));
    out.push(
        own("router-service", routerService(hub, naming, network)),
        own("site", siteConfigMap({ kind: "hub", hub }, naming, network, material.siteCa.fingerprint)),
    );
    out.push(...hubServiceObjects(hub, naming, network, material.networkCa, opts.annotateServices, (svc) => skupperServiceDefinition(svc, naming, network)));
    return out;
}

/** The objects of a spoke linked to `hub`. */
export function spokeObjects<S>(
    spoke: SpokeModel,
    hub: HubModel,
    naming: Naming,
    network: string,
    material: SpokeMaterial<S>,
    addOns: AddOnsModel = DEFAULT_ADD_ONS,
    skupperVersion: SkupperVersion = "v1",
): PlannedObject[] {
    if (skupperVersion === "v2") return spokeObjectsV2(spoke, hub, naming, network, material, addOns);
    const out: PlannedObject[] = [];
    if (addOns.skupperController.install) {
        const [controllerNs, ...controller] = siteControllerObjects(network, addOns);
        out.push(own("controller-namespace", controllerNs), ...controller.map((o) => own("controller", o)));
    }
    // Each spoke's router makes its own skupper-tls-<service> from the service CA; nothing per service here.
    const tls = hub.exposedServices.some((s) => s.tls);
    out.push(own("site-namespace", siteNamespace(naming, network)));
    if (tls) out.push(own("service-ca", serviceCaSecret(naming, network, material.networkCa)));
    out.push(own("site", siteConfigMap({ kind: "spoke", spoke }, naming, network)), own("link", linkSecret(spoke, hub, naming, network, material.link)));
    if (tls) out.push(own("client-trust", clientTrustSecret(naming, network, material.networkCa.certPem)));
    return out;
}

/**
 * What each role waits for, so that nothing is created before it can work:
 * the pool after MetalLB's webhook serves, the router Service after the pool,
 * the hub site after the router Service has its address, the site CA and the
 * controller exist, links and services after their site.
 * `metallb` and `cert-manager` stand for the Helm releases.
 */
export const ROLE_DEPENDENCIES: Readonly<Record<ObjectRole, readonly (ObjectRole | "metallb" | "cert-manager")[]>> = Object.freeze({
    // Skupper v2's CRDs: cluster-wide, needed by the controller's informers and by every skupper.io object.
    crd: [],
    "metallb-namespace": [],
    "metallb-webhook-gate": ["metallb"],
    // The router's address record first, the auto-assign pool, then the router pool: the one order
    // in which a change of the router's address passes MetalLB's webhook (metallb.ts, routerAddressRecord).
    "router-address": ["metallb-namespace", "metallb"],
    "metallb-config": ["metallb", "metallb-webhook-gate", "router-address"],
    "router-pool": ["metallb", "metallb-webhook-gate", "metallb-config"],
    "controller-namespace": [],
    controller: ["controller-namespace", "crd"],
    "site-namespace": [],
    "site-ca": ["site-namespace"],
    // The site last: Skupper must find its router Service already there, with its address assigned.
    site: ["crd", "site-namespace", "site-ca", "service-ca", "controller", "metallb-config", "router-pool", "router-service"],
    "router-service": ["site-namespace", "metallb-config", "router-pool"],
    "issuer-ca": ["cert-manager"],
    issuer: ["cert-manager", "issuer-ca"],
    "client-trust": ["site-namespace"],
    "service-annotations": [],
    "service-certificate": ["issuer", "site-namespace"],
    "service-definition": ["site", "service-certificate", "client-trust"],
    "link-secret": ["site-namespace"],
    // A v2 Link names its Secret, which must be there when the controller reads the Link.
    link: ["site", "link-secret"],
    "service-ca": ["site-namespace"],
});

/**
 * Fields whose change must replace the object (delete, then create) rather
 * than update it. Skupper 1.9.6's site controller reads `skupper-site` only
 * when it creates a site; for an existing one it re-applies router logging
 * and pod annotations and nothing else (cmd/site-controller/controller.go,
 * checkSite), and it copies the site CA into the router's certificates once.
 * A new router mode, ingress or site CA therefore needs a new site.
 * For Skupper v2 the same rule replaces the `Site` when its annotations
 * (the site CA's fingerprint, the router address) change: the controller
 * signs the router's server certificate from both when it sets the site up
 * (inferred, README "What is inferred"); its spec it reconciles in place.
 */
export const ROLE_REPLACED_ON: Readonly<Partial<Record<ObjectRole, readonly string[]>>> = Object.freeze({
    site: ["data", "metadata.annotations"],
    // A new router address: delete-first, so that the router pool goes before the auto-assign pool changes.
    "router-address": ["data"],
});

/**
 * Roles whose objects are replaced whenever an object of another role is
 * (Pulumi's `replaceWith`): the router pool goes with the router's address
 * record, deleted before it (metallb.ts, `routerAddressRecord`).
 */
export const ROLE_REPLACED_WITH: Readonly<Partial<Record<ObjectRole, ObjectRole>>> = Object.freeze({
    "router-pool": "router-address",
});
