/**
 * The realistic topology of ../fixture.ts with `skupperVersion: "v2"`, and
 * every object the v2 builders produce for it, per cluster.
 */
import { hubObjects, PlannedObject, spokeObjects } from "../../../sdk/manifests/cluster";
import { AddOnsModel, DEFAULT_ADD_ONS } from "../../../sdk/topology/addons";
import { TopologyModel } from "../../../sdk/topology/model";
import { validateTopology } from "../../../sdk/topology/validate";
import { PEM, TOPOLOGY_INPUT } from "../fixture";

export function topologyV2(): TopologyModel {
    return validateTopology({ ...TOPOLOGY_INPUT, network: { ...TOPOLOGY_INPUT.network, skupperVersion: "v2" } });
}

export const FINGERPRINT = "0f".repeat(32);

export function hubPlanV2(model: TopologyModel = topologyV2(), addOns: AddOnsModel = DEFAULT_ADD_ONS): PlannedObject[] {
    const hub = model.hubs[0];
    return hubObjects(
        hub,
        model.network.naming,
        model.network.name,
        {
            siteCa: { certPem: PEM.siteCaCert, keyPem: PEM.siteCaKey, fingerprint: FINGERPRINT },
            networkCa: { certPem: PEM.networkCaCert, keyPem: PEM.networkCaKey },
        },
        { annotateServices: true, addOns, skupperVersion: model.network.skupperVersion },
    );
}

export function spokePlanV2(index: number, model: TopologyModel = topologyV2(), addOns: AddOnsModel = DEFAULT_ADD_ONS): PlannedObject[] {
    const spoke = model.spokes[index];
    const hub = model.hubs.find((h) => h.name === spoke.hub)!;
    return spokeObjects(
        spoke,
        hub,
        model.network.naming,
        model.network.name,
        {
            link: { certPem: PEM.linkCert(spoke.name), keyPem: PEM.linkKey(spoke.name), caCertPem: PEM.siteCaCert },
            networkCa: { certPem: PEM.networkCaCert, keyPem: PEM.networkCaKey },
            serviceCertificates: Object.fromEntries(
                hub.exposedServices.filter((s) => s.tls).map((s) => [s.name, { certPem: PEM.listenerCert(s.name), keyPem: PEM.listenerKey(s.name) }]),
            ),
        },
        addOns,
        model.network.skupperVersion,
    );
}
