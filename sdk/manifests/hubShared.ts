/**
 * What a hub's object list holds whatever its Skupper: MetalLB's objects in
 * front, and, behind the site, the TLS issuer (when a service uses TLS) and
 * per exposed service its annotations patch, its server certificate and its
 * definition (a v1 service-definition entry, a v2 Connector: the caller's).
 * One list for both backends, so they cannot drift apart.
 */
import type { ObjectRole, PlannedObject } from "./cluster";
import type { AddOnsModel } from "../topology/addons";
import type { ExposedService, HubModel, KubeObject, Naming } from "../topology/model";
import { serviceAnnotationPatch } from "./exposure";
import { ipAddressPools, l2Advertisement, metallbNamespace, metallbWebhookGate, routerAddressRecord } from "./metallb";
import { clientTrustSecret, networkCaSecret, networkClusterIssuer, serviceCertificate } from "./tls";

/** An object the package owns. */
export const own = (role: ObjectRole, obj: KubeObject, service?: string): PlannedObject => ({ role, obj, patch: false, ...(service ? { service } : {}) });
/** A server-side-apply patch of an object someone else owns. */
export const patch = (role: ObjectRole, obj: KubeObject, service?: string): PlannedObject => ({ role, obj, patch: true, ...(service ? { service } : {}) });

/**
 * MetalLB's namespace and webhook gate (when the package installs it), the
 * router's address record, the auto-assign pool, the router pool and the L2
 * advertisement, in the order a change of the router's address needs
 * (see `routerAddressRecord`).
 */
export function hubMetallbObjects(hub: HubModel, network: string, addOns: AddOnsModel): PlannedObject[] {
    const out: PlannedObject[] = [];
    if (addOns.metallb.install)
        out.push(own("metallb-namespace", metallbNamespace(network, addOns)), patch("metallb-webhook-gate", metallbWebhookGate(addOns)));
    const [routerPool, ...autoAssign] = ipAddressPools(hub, network, addOns);
    out.push(
        own("router-address", routerAddressRecord(hub, network, addOns)),
        ...autoAssign.map((p) => own("metallb-config", p)),
        own("router-pool", routerPool),
        own("metallb-config", l2Advertisement(hub, network, addOns)),
    );
    return out;
}

/** The TLS issuer and client trust (when a service uses TLS), then each exposed service's patch, certificate and `definition`. */
export function hubServiceObjects<S>(
    hub: HubModel,
    naming: Naming,
    network: string,
    networkCa: { certPem: S; keyPem: S },
    annotateServices: boolean,
    definition: (svc: ExposedService) => KubeObject,
): PlannedObject[] {
    const out: PlannedObject[] = [];
    if (hub.exposedServices.some((s) => s.tls))
        out.push(
            own("issuer-ca", networkCaSecret(network, networkCa)),
            own("issuer", networkClusterIssuer(network)),
            own("client-trust", clientTrustSecret(naming, network, networkCa.certPem)),
        );
    for (const svc of hub.exposedServices) {
        if (annotateServices) out.push(patch("service-annotations", serviceAnnotationPatch(svc, naming), svc.name));
        if (svc.tls) out.push(own("service-certificate", serviceCertificate(svc, svc.namespace, naming, network), svc.name));
        out.push(own("service-definition", definition(svc), svc.name));
    }
    return out;
}
