/**
 * The operations behind {@link OrchestratorDeployment} (served by the
 * provider plugin, provider/plugin/resources.ts): one App
 * Deployment Manager deployment (an extension package or an application),
 * optionally joining an interconnect network.
 *
 * The API never returns `networkName` or `serviceExports`, so the state
 * keeps them itself; drift is detected on everything GET does return.
 * Serializable like the networks operations (the migration test's legacy
 * fixture): local modules by value, npm modules required inside functions.
 */
import type { ResourceOperations } from "../operations";
import { OrchestratorClient } from "../orchestrator/client";
import {
    CONNECTION_UPDATE_KEYS,
    UNCONFIRMED_KEY,
    UNKNOWN,
    clientFor,
    definedOutputs,
    errorText,
    operatorError,
    unconfirmedCreate,
} from "../orchestrator/connection";
import type { DeploymentSpec } from "../orchestrator/types";
import { DEPLOYMENT_KEYS, checkDeploymentInputs } from "./inputs";

/** Changing one of these makes it another deployment. */
export const DEPLOYMENT_REPLACE_KEYS = ["apiUrl", "project", "appName", "networkName"];
/** These update the deployment in place (a PUT). */
export const DEPLOYMENT_UPDATE_KEYS = ["appVersion", "profileName", "displayName", "deploymentType", "targetClusters", "overrideValues", "serviceExports"];
/** Fields GET returns, and so the fields whose drift a refresh can see. */
export const DEPLOYMENT_READ_KEYS = ["appName", "appVersion", "profileName", "displayName", "deploymentType", "targetClusters", "overrideValues"];

/** The API body from the resource's inputs. */
export function deploymentSpec(props: Record<string, unknown>): DeploymentSpec {
    const spec: Record<string, unknown> = {};
    for (const k of DEPLOYMENT_KEYS) if (props[k] !== undefined) spec[k] = props[k];
    return spec as unknown as DeploymentSpec;
}

/** Absent, "" and [] mean the same to the API. */
function isEmpty(v: unknown): boolean {
    return v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
}

function same(a: unknown, b: unknown): boolean {
    return JSON.stringify(isEmpty(a) ? null : a) === JSON.stringify(isEmpty(b) ? null : b);
}

/** Compares old outputs with new inputs; an unknown value counts as changed. */
export function diffDeployment(olds: Record<string, unknown>, news: Record<string, unknown>) {
    const differs = (k: string) => news[k] === UNKNOWN || !same(olds[k], news[k]);
    const replaces = DEPLOYMENT_REPLACE_KEYS.filter(differs);
    const updates = [...DEPLOYMENT_UPDATE_KEYS, ...CONNECTION_UPDATE_KEYS, "deleteType"].filter(differs);
    // Delete first: ADM refuses a second deployment with the same package (name, version,
    // profile) and displayName ("Duplicate deployment exists", App Deployment Manager
    // internal/northbound create; FACTS §2.4), and a replacement keeps both (issue 12.2).
    // A record of a create with an unknown outcome always updates: the update finds or creates it (issue 13.1).
    const unconfirmed = olds.createUnconfirmed === true;
    return { changes: unconfirmed || replaces.length + updates.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 };
}

/** Prefix of the id recorded for a create whose deployment id is not known (its answer was lost). */
export const UNCONFIRMED_ID_PREFIX = "unconfirmed/";

/** The deployment id to use: the engine's id, or the one learnt later for an unconfirmed create. */
function knownId(id: string, props: Record<string, unknown>): string | undefined {
    if (!id.startsWith(UNCONFIRMED_ID_PREFIX)) return id;
    return typeof props.deployId === "string" && props.deployId !== "" ? props.deployId : undefined;
}

/**
 * The deployment this package created with these inputs, if any: the one with
 * the same displayName, package, version and profile, which is also what ADM's
 * duplicate check compares (issue 12.3). Undefined when there is none; an
 * error when several match, since none of them can then be called ours.
 */
async function findOwn(client: OrchestratorClient, props: Record<string, unknown>): Promise<string | undefined> {
    const norm = (v: unknown) => (typeof v === "string" ? v : "");
    const matches = (await client.listDeployments(String(props.project))).filter(
        (d) =>
            norm(d.displayName) === norm(props.displayName) &&
            d.appName === props.appName &&
            d.appVersion === props.appVersion &&
            norm(d.profileName) === norm(props.profileName),
    );
    if (matches.length > 1) {
        throw operatorError(
            `${matches.length} deployments of "${String(props.appName)}" ${String(props.appVersion)} named "${norm(props.displayName)}" exist; ` +
                `delete the extra ones (${matches.map((d) => d.deployId).join(", ")}) so that the one this stack made can be told apart`,
            props,
        );
    }
    return matches[0]?.deployId;
}

/** Whether a create failed on ADM's duplicate check. */
function isDuplicate(e: unknown): boolean {
    return (e as { status?: unknown } | null)?.status === 409;
}

export const deploymentProvider: ResourceOperations = {
    async check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
        return checkDeploymentInputs(news, process.env);
    },

    async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
        return diffDeployment(olds, news);
    },

    async create(inputs: Record<string, unknown>) {
        const client = clientFor(inputs);
        const what = `deployment of "${String(inputs.appName)}"`;
        let id: string;
        try {
            id = await client.createDeployment(String(inputs.project), deploymentSpec(inputs));
        } catch (e) {
            const text = errorText(e);
            // A POST whose answer was lost may have created the deployment; its retry then meets
            // ADM's duplicate check. Either way, look for the deployment this create made.
            const ambiguous = OrchestratorClient.mayHaveLanded(e) || (isDuplicate(e) && (e as { afterAmbiguousAttempt?: unknown }).afterAmbiguousAttempt === true);
            if (ambiguous) {
                let found: string | undefined;
                try {
                    found = await findOwn(client, inputs);
                } catch (lookup) {
                    // The follow-up check failed too: record the create with a placeholder id, so
                    // that refresh, up and destroy look for the deployment again (issue 12.3).
                    throw unconfirmedCreate(
                        operatorError(`creating ${what} failed: ${text}; looking for it afterwards failed: ${errorText(lookup)}`, inputs),
                        `${UNCONFIRMED_ID_PREFIX}${String(inputs.project)}/${String(inputs.appName)}/${String(inputs.displayName ?? "")}`,
                        definedOutputs(inputs),
                        "the orchestrator may have created the deployment; pulumi refresh, up or destroy will settle it",
                    );
                }
                if (found) return { id: found, outs: { ...definedOutputs(inputs), deployId: found } };
                if (!isDuplicate(e)) {
                    // Not there now, but a request that timed out may still land.
                    throw unconfirmedCreate(
                        operatorError(`creating ${what} failed: ${text}`, inputs),
                        `${UNCONFIRMED_ID_PREFIX}${String(inputs.project)}/${String(inputs.appName)}/${String(inputs.displayName ?? "")}`,
                        definedOutputs(inputs),
                        "the orchestrator may still create the deployment; pulumi refresh, up or destroy will settle it",
                    );
                }
            }
            const hint = isDuplicate(e)
                ? " A deployment of the same package, version, profile and display name exists: choose another displayName, or delete that deployment."
                : "";
            throw operatorError(`creating ${what} failed: ${text}.${hint}`, inputs);
        }
        return { id, outs: { ...definedOutputs(inputs), deployId: id } };
    },

    async read(id: string, props: Record<string, unknown>) {
        const client = clientFor(props);
        let current;
        let realId = knownId(id, props);
        try {
            if (realId === undefined) realId = await findOwn(client, props);
            current = realId === undefined ? undefined : await client.getDeployment(String(props.project), realId);
        } catch (e) {
            if ((e as { name?: unknown })?.name === "edge-interconnect") throw e;
            throw operatorError(`reading deployment ${realId ?? id} failed: ${errorText(e)}`, props);
        }
        if (!current || realId === undefined) return { id: "", props: {} };
        const outs: Record<string, unknown> = { ...definedOutputs(props), deployId: realId };
        // networkName and serviceExports stay as the state has them: GET does not return them.
        for (const k of DEPLOYMENT_READ_KEYS) {
            const v = (current as unknown as Record<string, unknown>)[k];
            if (isEmpty(v)) delete outs[k];
            else if (!same(v, outs[k])) outs[k] = v;
        }
        return { id: realId, props: outs };
    },

    async update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
        const client = clientFor(news);
        let realId = knownId(id, olds);
        try {
            if (olds[UNCONFIRMED_KEY] === true || realId === undefined) {
                // The engine's update after a create with an unknown outcome: find the deployment
                // that create made, or create it now (issue 13.1).
                realId = realId ?? (await findOwn(client, olds)) ?? (await findOwn(client, news));
                if (realId === undefined || !(await client.getDeployment(String(news.project), realId))) {
                    realId = await client.createDeployment(String(news.project), deploymentSpec(news));
                } else {
                    await client.updateDeployment(String(news.project), realId, deploymentSpec(news));
                }
            } else if (DEPLOYMENT_UPDATE_KEYS.some((k) => !same(olds[k], news[k]))) {
                await client.updateDeployment(String(news.project), realId, deploymentSpec(news));
            }
        } catch (e) {
            if ((e as { name?: unknown })?.name === "edge-interconnect") throw e;
            throw operatorError(`updating deployment ${realId ?? id} failed: ${errorText(e)}`, news);
        }
        return { outs: { ...definedOutputs(news), deployId: realId } };
    },

    async delete(id: string, props: Record<string, unknown>) {
        const client = clientFor(props);
        let realId = knownId(id, props);
        try {
            if (realId === undefined) realId = await findOwn(client, props);
            // Nothing was ever created: the goal is reached.
            if (realId === undefined) return;
            const deleteType = props.deleteType === "ALL" ? "ALL" : "PARENT_ONLY";
            await client.deleteDeployment(String(props.project), realId, deleteType);
        } catch (e) {
            if ((e as { name?: unknown })?.name === "edge-interconnect") throw e;
            throw operatorError(`deleting deployment ${realId ?? id} failed: ${errorText(e)}`, props);
        }
    },
};
