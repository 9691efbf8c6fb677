/**
 * The dynamic provider behind {@link NetworkResource}: registers an
 * interconnect network with the orchestrator's networks API.
 *
 * Pulumi serializes this object into the state and runs it in a separate
 * host process. Everything it references is therefore either a local module
 * (captured by value: functions only, no module-level objects), an npm module
 * required inside a method, or read from the environment when it runs.
 */
import type * as pulumi from "@pulumi/pulumi";
import { OrchestratorClient } from "../orchestrator/client";
import { clientFor, definedOutputs, errorText, operatorError } from "../orchestrator/connection";
import { OrchestratorApiError } from "../orchestrator/errors";
import { diffNetwork } from "./diff";
import { NETWORK_TYPE, NetworkProviderOutputs, checkNetworkInputs } from "./inputs";

/** The resource id: unique per orchestrator project. */
export function networkId(project: string, networkName: string): string {
    return `${project}/${networkName}`;
}

/** Outputs without undefined values, which the provider host refuses to encode. */
function outputsOf(inputs: Record<string, unknown>, adopted: boolean): NetworkProviderOutputs {
    const outs = definedOutputs(inputs);
    outs.type = NETWORK_TYPE;
    outs.adopted = adopted;
    return outs as unknown as NetworkProviderOutputs;
}

/** Adopts a network that already exists, or explains how to. */
async function createOrAdopt(client: OrchestratorClient, inputs: Record<string, unknown>): Promise<boolean> {
    const project = String(inputs.project);
    const name = String(inputs.networkName);
    const spec = { description: String(inputs.description ?? ""), type: NETWORK_TYPE };
    try {
        await client.putNetwork(project, name, spec, { updateIfExists: false });
        return false;
    } catch (e) {
        if (!OrchestratorClient.isAlreadyExists(e)) throw e;
        if (e.afterAmbiguousAttempt) {
            // An earlier attempt may have created it before the connection broke:
            // if what is there is exactly what we sent, it is ours.
            const existing = await client.getNetwork(project, name);
            if (existing && existing.spec?.description === spec.description && existing.spec?.type === spec.type) return false;
        }
        if (inputs.adoptExisting !== true) {
            throw operatorError(
                `network "${name}" already exists in project "${project}" at ${client.apiUrl}. ` +
                    `To manage the existing network with this stack, set adoptExisting: true on the InterconnectNetwork ` +
                    `(it is then updated to this description and deleted with the stack), or choose another networkName.`,
            );
        }
        await client.putNetwork(project, name, spec, { updateIfExists: true });
        return true;
    }
}

/** The dynamic resource provider for orchestrator networks. */
export const networkProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
        const { inputs, failures } = checkNetworkInputs(news, process.env);
        return { inputs, failures };
    },

    async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
        return diffNetwork(olds, news);
    },

    async create(inputs: Record<string, unknown>) {
        const client = clientFor(inputs);
        const id = networkId(String(inputs.project), String(inputs.networkName));
        try {
            const adopted = await createOrAdopt(client, inputs);
            return { id, outs: outputsOf(inputs, adopted) };
        } catch (e) {
            if ((e as { name?: unknown })?.name === "edge-interconnect") throw e;
            const failure = operatorError(`creating network "${String(inputs.networkName)}" failed: ${errorText(e)}`);
            // The PUT may have reached the orchestrator before its answer was lost. Recording the
            // resource (an init failure carrying the id) keeps the network in the state, so a later
            // refresh or destroy finds it instead of leaving an orphan behind.
            if ((e as { maybeDelivered?: unknown })?.maybeDelivered === true) {
                Object.assign(failure, {
                    id,
                    properties: outputsOf(inputs, false),
                    reasons: ["the orchestrator may have created the network; run pulumi refresh"],
                });
            }
            throw failure;
        }
    },

    async read(id: string, props: Record<string, unknown>) {
        const client = clientFor(props);
        let current;
        try {
            current = await client.getNetwork(String(props.project), String(props.networkName));
        } catch (e) {
            throw operatorError(`reading network "${String(props.networkName)}" failed: ${errorText(e)}`);
        }
        // Gone: an empty id tells the engine, so refresh shows the drift and the next up recreates it.
        if (!current) return { id: "", props: {} };
        const outs = outputsOf(props, props.adopted === true);
        outs.description = current.spec?.description ?? "";
        outs.type = current.spec?.type ?? NETWORK_TYPE;
        return { id, props: outs };
    },

    async update(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
        if ((olds.description ?? "") !== (news.description ?? "") || olds.type !== NETWORK_TYPE) {
            const client = clientFor(news);
            try {
                await client.putNetwork(String(news.project), String(news.networkName), { description: String(news.description ?? ""), type: NETWORK_TYPE });
            } catch (e) {
                throw operatorError(`updating network "${String(news.networkName)}" failed: ${errorText(e)}`);
            }
        }
        return { outs: outputsOf(news, olds.adopted === true) };
    },

    async delete(_id: string, props: Record<string, unknown>) {
        const client = clientFor(props);
        try {
            // A 404 means someone else already removed it: the goal is reached.
            await client.deleteNetwork(String(props.project), String(props.networkName));
        } catch (e) {
            const hint =
                e instanceof OrchestratorApiError && e.status === 401
                    ? " (set EDGE_ORCH_TOKEN or EDGE_ORCH_USERNAME/EDGE_ORCH_PASSWORD to fresh credentials)"
                    : "";
            throw operatorError(`deleting network "${String(props.networkName)}" failed: ${errorText(e)}${hint}`);
        }
    },
};
