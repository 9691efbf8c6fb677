/** InterconnectApplication from construct inputs: its clusters as hub and spoke references and cluster ids. */
import * as pulumi from "@pulumi/pulumi";
import { InterconnectApplication, InterconnectApplicationArgs } from "../../../sdk/application/interconnectApplication";
import { HubCluster } from "../../../sdk/hub/hubCluster";
import { InterconnectNetwork } from "../../../sdk/network/interconnectNetwork";
import { SpokeCluster } from "../../../sdk/spoke/spokeCluster";
import { defined, failOn } from "./problems";
import { referenceOf } from "./references";
import { passThrough, plainFields } from "./values";

/** They decide the deployment's targets and its identity in the orchestrator. */
export const APPLICATION_PLAIN = [
    "role",
    "appName",
    "appVersion",
    "profileName",
    "displayName",
    "clusterIds",
    "applications",
    "exposedApplications",
    "deleteType",
] as const;

export async function buildApplication(name: string, inputs: pulumi.Inputs, opts: pulumi.ComponentResourceOptions) {
    const { plain, problems } = await plainFields(inputs, [...APPLICATION_PLAIN, "network", "hubs", "spokes"]);
    const network = plain.network === undefined ? undefined : referenceOf(plain.network, "network", InterconnectNetwork);
    if (network?.problem) problems.push(network.problem);
    const members = <T>(field: "hubs" | "spokes", cls: abstract new (...a: never[]) => T): T[] =>
        ((plain[field] ?? []) as unknown[]).flatMap((v, i) => {
            const r = referenceOf(v, `${field}[${i}]`, cls as never);
            if (r.problem) problems.push(r.problem);
            return r.ref ? [r.ref as T] : [];
        });
    const hubs = members("hubs", HubCluster);
    const spokes = members("spokes", SpokeCluster);
    failOn(`InterconnectApplication "${name}"`, problems);
    const { network: _n, hubs: _h, spokes: _s, clusterIds, ...facts } = plain;
    const args = {
        ...facts,
        network: network?.ref,
        clusters: [...hubs, ...spokes, ...((clusterIds ?? []) as string[])],
        overrideValues: passThrough(inputs.overrideValues),
    } as InterconnectApplicationArgs;
    const application = new InterconnectApplication(name, args, opts);
    const state = defined({
        deployId: application.deployId,
        clusterIds: application.clusterIds,
        applicationName: application.applicationName,
    });
    return { component: application, state };
}
