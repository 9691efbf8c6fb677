/**
 * The operations behind {@link NetworkResource} (served by the provider
 * plugin, provider/plugin/resources.ts): registers an
 * interconnect network with the orchestrator's networks API.
 *
 * The migration test still serializes this object as the previous release's
 * dynamic provider did, so everything it references is either a local module
 * (captured by value: functions only, no module-level objects), an npm module
 * required inside a method, or read from the environment when it runs.
 */
import type { ResourceOperations } from "../operations";
import { OrchestratorClient } from "../orchestrator/client";
import { UNCONFIRMED_KEY, clientFor, definedOutputs, errorText, operatorError, unconfirmedCreate } from "../orchestrator/connection";
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

/** Whether the server's network has exactly this spec. */
function sameSpec(existing: { spec?: { description?: unknown; type?: unknown } } | undefined, spec: { description: string; type: string }): boolean {
    return existing !== undefined && (existing.spec?.description ?? "") === spec.description && existing.spec?.type === spec.type;
}

/** The body this resource sends. */
function specOf(props: Record<string, unknown>): { description: string; type: string } {
    return { description: String(props.description ?? ""), type: NETWORK_TYPE };
}

/**
 * Creates the network, or adopts one that already exists, or explains how to.
 * `onMaybeCreated` is called as soon as the network may exist because of this
 * call (a PUT that may have landed), so that a later failure still records it.
 */
async function createOrAdopt(client: OrchestratorClient, inputs: Record<string, unknown>, onMaybeCreated: () => void): Promise<boolean> {
    const project = String(inputs.project);
    const name = String(inputs.networkName);
    const spec = specOf(inputs);
    try {
        await client.putNetwork(project, name, spec, { updateIfExists: false });
        return false;
    } catch (e) {
        if (OrchestratorClient.mayHaveLanded(e)) onMaybeCreated();
        if (!OrchestratorClient.isAlreadyExists(e)) throw e;
        if (e.afterAmbiguousAttempt) {
            // An earlier attempt may have created it before its answer was lost: if what is
            // there is exactly what we sent, it is ours (the same network spec, issue 12.3).
            onMaybeCreated();
            if (sameSpec(await client.getNetwork(project, name), spec)) return false;
        }
        if (inputs.adoptExisting !== true) {
            throw operatorError(
                `network "${name}" already exists in project "${project}" at ${client.apiUrl}. ` +
                    `To manage the existing network with this stack, set adoptExisting: true on the InterconnectNetwork ` +
                    `(it is then updated to this description and deleted with the stack), or choose another networkName.`,
                inputs,
            );
        }
        await client.putNetwork(project, name, spec, { updateIfExists: true });
        return true;
    }
}

/** The resource operations for orchestrator networks. */
export const networkProvider: ResourceOperations = {
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
        let maybeCreated = false;
        try {
            const adopted = await createOrAdopt(client, inputs, () => (maybeCreated = true));
            return { id, outs: outputsOf(inputs, adopted) };
        } catch (e) {
            // A refusal we raised ourselves (someone else's network) leaves nothing of ours behind.
            if ((e as { name?: unknown })?.name === "edge-interconnect") throw e;
            const failure = operatorError(`creating network "${String(inputs.networkName)}" failed: ${errorText(e)}`, inputs);
            // The PUT may have reached the orchestrator before its answer was lost. Recording the
            // resource (an init failure carrying the id) keeps the network in the state, so a later
            // refresh, up or destroy finds it instead of leaving an orphan behind. A failure before
            // any PUT was sent (the token endpoint) records nothing (issue 13.1).
            if (maybeCreated || OrchestratorClient.mayHaveLanded(e)) {
                throw unconfirmedCreate(
                    failure,
                    id,
                    outputsOf(inputs, false) as unknown as Record<string, unknown>,
                    "the orchestrator may have created the network; pulumi refresh, up or destroy will settle it",
                );
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
            throw operatorError(`reading network "${String(props.networkName)}" failed: ${errorText(e)}`, props);
        }
        // Gone: an empty id tells the engine, so refresh shows the drift and the next up recreates it.
        if (!current) return { id: "", props: {} };
        const outs = outputsOf(props, props.adopted === true);
        outs.description = current.spec?.description ?? "";
        outs.type = current.spec?.type ?? NETWORK_TYPE;
        return { id, props: outs };
    },

    async update(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
        const client = clientFor(news);
        const project = String(news.project);
        const name = String(news.networkName);
        const spec = specOf(news);
        let adopted = olds.adopted === true;
        try {
            if (olds[UNCONFIRMED_KEY] === true) {
                // A create that failed with an unknown outcome (the engine's update after an init
                // failure): ask the server and create what is missing (issue 13.1).
                const existing = await client.getNetwork(project, name);
                if (!existing) {
                    adopted = await createOrAdopt(client, news, () => undefined);
                } else if (sameSpec(existing, specOf(olds)) || sameSpec(existing, spec) || news.adoptExisting === true) {
                    if (!sameSpec(existing, spec)) await client.putNetwork(project, name, spec);
                    adopted = adopted || (!sameSpec(existing, specOf(olds)) && !sameSpec(existing, spec));
                } else {
                    throw operatorError(
                        `network "${name}" exists in project "${project}" at ${client.apiUrl} with a description this stack never sent, ` +
                            `so it is not the one the failed create may have made. Set adoptExisting: true to manage it, or choose another networkName.`,
                        news,
                    );
                }
            } else if ((olds.description ?? "") !== (news.description ?? "") || olds.type !== NETWORK_TYPE) {
                await client.putNetwork(project, name, spec);
            }
        } catch (e) {
            if ((e as { name?: unknown })?.name === "edge-interconnect") throw e;
            throw operatorError(`updating network "${name}" failed: ${errorText(e)}`, news);
        }
        return { outs: outputsOf(news, adopted) };
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
            throw operatorError(`deleting network "${String(props.networkName)}" failed: ${errorText(e)}${hint}`, props);
        }
    },
};
