/**
 * The dynamic provider behind {@link OrchestratorDeployment}: one App
 * Deployment Manager deployment (an extension package or an application),
 * optionally joining an interconnect network.
 *
 * The API never returns `networkName` or `serviceExports`, so the state
 * keeps them itself; drift is detected on everything GET does return.
 * Serialized into the state like the networks provider: local modules by
 * value, npm modules required inside functions.
 */
import type * as pulumi from "@pulumi/pulumi";
import { CONNECTION_UPDATE_KEYS, UNKNOWN, clientFor, definedOutputs, errorText, operatorError } from "../orchestrator/connection";
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
    return { changes: replaces.length + updates.length > 0, replaces, deleteBeforeReplace: false };
}

export const deploymentProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
        return checkDeploymentInputs(news, process.env);
    },

    async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
        return diffDeployment(olds, news);
    },

    async create(inputs: Record<string, unknown>) {
        const client = clientFor(inputs);
        let id: string;
        try {
            id = await client.createDeployment(String(inputs.project), deploymentSpec(inputs));
        } catch (e) {
            const text = errorText(e);
            const hint = /HTTP 409/.test(text)
                ? " A deployment of the same package and display name exists: choose another displayName, or delete that deployment."
                : "";
            throw operatorError(`creating deployment of "${String(inputs.appName)}" failed: ${text}.${hint}`);
        }
        return { id, outs: { ...definedOutputs(inputs), deployId: id } };
    },

    async read(id: string, props: Record<string, unknown>) {
        const client = clientFor(props);
        let current;
        try {
            current = await client.getDeployment(String(props.project), id);
        } catch (e) {
            throw operatorError(`reading deployment ${id} failed: ${errorText(e)}`);
        }
        if (!current) return { id: "", props: {} };
        const outs = definedOutputs(props);
        // networkName and serviceExports stay as the state has them: GET does not return them.
        for (const k of DEPLOYMENT_READ_KEYS) {
            const v = (current as unknown as Record<string, unknown>)[k];
            if (isEmpty(v)) delete outs[k];
            else if (!same(v, outs[k])) outs[k] = v;
        }
        return { id, props: outs };
    },

    async update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
        const changed = DEPLOYMENT_UPDATE_KEYS.some((k) => !same(olds[k], news[k]));
        if (changed) {
            try {
                await clientFor(news).updateDeployment(String(news.project), id, deploymentSpec(news));
            } catch (e) {
                throw operatorError(`updating deployment ${id} failed: ${errorText(e)}`);
            }
        }
        return { outs: { ...definedOutputs(news), deployId: id } };
    },

    async delete(id: string, props: Record<string, unknown>) {
        try {
            const deleteType = props.deleteType === "ALL" ? "ALL" : "PARENT_ONLY";
            await clientFor(props).deleteDeployment(String(props.project), id, deleteType);
        } catch (e) {
            throw operatorError(`deleting deployment ${id} failed: ${errorText(e)}`);
        }
    },
};
