/**
 * Everything one cluster needs with Skupper v2, as the ordered, role-tagged
 * list `../cluster.ts` returns for v1: the same roles, so components and
 * plans treat both backends alike. MetalLB and cert-manager are the same
 * objects as for v1.
 */
import type { HubMaterial, HubPlanOptions, PlannedObject, SpokeMaterial } from "../cluster";
import { DEFAULT_ADD_ONS, AddOnsModel } from "../../topology/addons";
import { HubModel, Naming, SpokeModel } from "../../topology/model";
import { hubMetallbObjects, hubServiceObjects, own } from "../hubShared";
import { siteNamespace } from "../skupper";
import { clientTrustSecret } from "../tls";
import { controllerV2Objects, crdObjects } from "./install";
import { linkSecretV2, linkV2 } from "./link";
import { connectorV2, listenerTlsSecret, listenerV2 } from "./services";
import { routerServiceV2, siteCaSecretV2, siteV2 } from "./site";

/** The CRDs (the controller's informers and every Site need them), and the controller when it is installed. */
function installObjects(network: string, addOns: AddOnsModel): [PlannedObject[], PlannedObject[]] {
    const crds = crdObjects(network).map((c) => own("crd", c));
    const controller: PlannedObject[] = [];
    if (addOns.skupperController.install) {
        const [controllerNs, ...rest] = controllerV2Objects(network, addOns);
        controller.push(own("controller-namespace", controllerNs), ...rest.map((o) => own("controller", o)));
    }
    return [crds, controller];
}

/** A hub's objects with Skupper v2, besides the MetalLB and cert-manager Helm releases. */
export function hubObjectsV2<S>(hub: HubModel, naming: Naming, network: string, material: HubMaterial<S>, opts: HubPlanOptions): PlannedObject[] {
    const addOns = opts.addOns ?? DEFAULT_ADD_ONS;
    const [crds, controller] = installObjects(network, addOns);
    const out: PlannedObject[] = [...crds, ...hubMetallbObjects(hub, network, addOns)];
    out.push(...controller);
    out.push(
        own("site-namespace", siteNamespace(naming, network)),
        own("site-ca", siteCaSecretV2(naming, network, material.siteCa)),
        own("router-service", routerServiceV2(hub, naming, network)),
        own("site", siteV2({ kind: "hub", hub }, naming, network, material.siteCa.fingerprint)),
    );
    out.push(...hubServiceObjects(hub, naming, network, material.networkCa, opts.annotateServices, (svc) => connectorV2(svc, naming, network)));
    return out;
}

/** A spoke's objects with Skupper v2: its site, its link to `hub`, and a Listener per service of the hub. */
export function spokeObjectsV2<S>(
    spoke: SpokeModel,
    hub: HubModel,
    naming: Naming,
    network: string,
    material: SpokeMaterial<S>,
    addOns: AddOnsModel = DEFAULT_ADD_ONS,
): PlannedObject[] {
    const out: PlannedObject[] = installObjects(network, addOns).flat();
    out.push(
        own("site-namespace", siteNamespace(naming, network)),
        own("site", siteV2({ kind: "spoke", spoke }, naming, network)),
        own("link-secret", linkSecretV2(hub, naming, network, material.link)),
        own("link", linkV2(spoke, hub, naming, network)),
    );
    if (hub.exposedServices.some((s) => s.tls)) out.push(own("client-trust", clientTrustSecret(naming, network, material.networkCa.certPem)));
    for (const svc of hub.exposedServices) {
        if (svc.tls) {
            const cert = material.serviceCertificates?.[svc.name];
            if (!cert) throw new Error(`spoke "${spoke.name}": no listener certificate for TLS service "${svc.name}"`);
            out.push(own("service-certificate", listenerTlsSecret(svc, naming, network, cert), svc.name));
        }
        out.push(own("service-definition", listenerV2(svc, naming, network), svc.name));
    }
    return out;
}
