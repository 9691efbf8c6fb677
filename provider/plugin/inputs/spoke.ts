/** SpokeCluster from construct inputs: a hub by reference, or the join information a hub published. */
import * as pulumi from "@pulumi/pulumi";
import { HubCluster } from "../../../sdk/hub/hubCluster";
import { JoinInfo } from "../../../sdk/join/joinInfo";
import { InterconnectNetwork } from "../../../sdk/network/interconnectNetwork";
import { SpokeCluster, SpokeClusterArgs } from "../../../sdk/spoke/spokeCluster";
import { checkKnownKubeconfig, kubeconfigText } from "./kubeconfig";
import { defined, failOn, objectOf } from "./problems";
import { referenceOf } from "./references";
import { InputProblem, MUST_BE_KNOWN, passThrough, plainFields, resolvePlain, UnknownInput } from "./values";

export const SPOKE_PLAIN = ["context", "clusterId", "routerMode", "orchestratorClusterId", "skupperController", "imageRegistry"] as const;

/** Join information's PEM fields: they may stay Outputs (the certificates' provider checks them); the rest are facts. */
const PEM_FIELDS = ["siteCaCertPem", "signer", "networkCa"];

/**
 * Join information as SpokeCluster takes it: every fact a plain, known
 * value (they decide the spoke's objects), the PEM material as given (secret
 * when the information came as one secret), the keys always secret.
 */
async function joinInfoOf(value: unknown, problems: InputProblem[]): Promise<JoinInfo<pulumi.Input<string>> | undefined> {
    const given = await objectOf(value, "joinInfo", problems);
    if (!given) return undefined;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(given.fields)) {
        if (v === undefined) continue;
        if (!PEM_FIELDS.includes(k)) {
            try {
                out[k] = (await resolvePlain(v, `joinInfo.${k}`)).value;
            } catch (e) {
                if (!(e instanceof UnknownInput)) throw e;
                problems.push({ propertyPath: e.propertyPath, reason: MUST_BE_KNOWN });
            }
            continue;
        }
        // signer and networkCa are objects whose fields SpokeCluster reads one by one: they must be separable.
        const pem = k === "siteCaCertPem" ? { value: v, secret: false } : await pemObject(v, `joinInfo.${k}`, problems);
        if (pem === undefined) continue;
        const secret = given.secret || pem.secret;
        out[k] =
            k === "siteCaCertPem"
                ? secret
                    ? pulumi.secret(v)
                    : v
                : pem.value === null
                  ? null
                  : Object.fromEntries(
                        Object.entries(pem.value as Record<string, unknown>).map(([f, x]) => [f, secret || f === "keyPem" ? pulumi.secret(x) : x]),
                    );
    }
    // Optional in the schema, so absent when null; the join information's layout has them null.
    if (out.shard === undefined) out.shard = null;
    if (out.networkCa === undefined) out.networkCa = null;
    return out as unknown as JoinInfo<pulumi.Input<string>>;
}

/** A PEM object of join information (signer, networkCa) with its fields separable: as given, or the known value of an Output. */
async function pemObject(v: unknown, path: string, problems: InputProblem[]): Promise<{ value: unknown; secret: boolean } | undefined> {
    if (!pulumi.Output.isInstance(v)) return { value: v, secret: false };
    try {
        return await resolvePlain(v, path);
    } catch (e) {
        if (!(e instanceof UnknownInput)) throw e;
        problems.push({ propertyPath: e.propertyPath, reason: MUST_BE_KNOWN });
        return undefined;
    }
}

export async function buildSpoke(name: string, inputs: pulumi.Inputs, opts: pulumi.ComponentResourceOptions) {
    const { plain, problems } = await plainFields(inputs, [...SPOKE_PLAIN, "network", "hub"]);
    const network = plain.network === undefined ? undefined : referenceOf(plain.network, "network", InterconnectNetwork);
    const hub = plain.hub === undefined ? undefined : referenceOf(plain.hub, "hub", HubCluster);
    for (const r of [network, hub]) if (r?.problem) problems.push(r.problem);
    const joinInfo = await joinInfoOf(inputs.joinInfo, problems);
    if (plain.hub !== undefined && joinInfo !== undefined)
        problems.push({
            propertyPath: "joinInfo",
            reason: "and hub are both given; give hub (a HubCluster of this program) or joinInfo (a hub's published join information)",
        });
    if (plain.hub === undefined && inputs.joinInfo === undefined)
        problems.push({ propertyPath: "hub", reason: "is required: give hub (a HubCluster of this program) or joinInfo (a hub's published join information)" });
    const kubeconfig = kubeconfigText(inputs.kubeconfig);
    await checkKnownKubeconfig(kubeconfig, problems);
    failOn(`SpokeCluster "${name}"`, problems);
    const { network: _n, hub: _h, ...facts } = plain;
    const args = {
        ...facts,
        network: network?.ref,
        hub: hub?.ref ?? joinInfo,
        kubeconfig,
        linkKeyAlgorithm: passThrough(inputs.linkKeyAlgorithm),
    } as SpokeClusterArgs;
    const spoke = new SpokeCluster(name, args, opts);
    const state = defined({
        siteName: spoke.siteName,
        linkName: spoke.linkName,
        hubAddress: spoke.hubAddress,
        serviceAddresses: spoke.serviceAddresses,
        orchestratorClusterId: spoke.orchestratorClusterId,
        deployIds: spoke.orchestratorClusterId !== undefined ? pulumi.all(spoke.deployments.map((d) => d.deployId)) : undefined,
    });
    return { component: spoke, state };
}
