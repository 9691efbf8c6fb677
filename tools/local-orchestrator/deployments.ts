// The App Deployment Manager deployments API as the gateway proxies it under
// /v1/projects/{projectName}/appdeployment/deployments (AOD northbound `deployment.go`,
// `utils.go`): create, list, get, update, delete, with ADM's checks in ADM's order and
// its Connect error bodies. Deployments do not run anywhere: each is stored with a
// RUNNING status, and GET/LIST leave out networkName and serviceExports exactly as
// upstream `createDeploymentObject` does.

import { randomInt, randomUUID } from "node:crypto";
import type { ProjectGrant } from "./auth";
import { catalogPackage, missingMandatoryParameters } from "./catalog";
import { checkDeplId, matchesLabels, parseDeleteType, parseListQuery, selectPage } from "./deployment-query";
import { parseDeployment, type DeploymentInput } from "./deployment-schema";
import { connectErrorReply, messageReply, type Reply } from "./reply";
import { deploymentKey, projectOfDeploymentKey, type DeploymentStatus, type StateDocument, type StateStore, type StoredDeployment } from "./store";

export interface DeploymentRoute {
    project: string;
    /** Absent for the collection. */
    deplId?: string;
}

const ADM_PREFIX = /^\/v1\/projects\/[^/]+\/appdeployment(?:\/|$)/;
const ROUTE = /^\/v1\/projects\/([^/]+)\/appdeployment\/deployments(?:\/([^/]+))?$/;

/** Whether the path belongs to the proxied ADM API (and so to its auth rules). */
export function isDeploymentApiPath(pathname: string): boolean {
    return ADM_PREFIX.test(pathname);
}

/** The project name of an ADM path, for authorization; null when undecodable. */
export function deploymentApiProject(pathname: string): string | null {
    const segment = /^\/v1\/projects\/([^/]+)\//.exec(pathname)?.[1];
    if (segment === undefined) return null;
    try {
        return decodeURIComponent(segment);
    } catch {
        return null;
    }
}

/** Null when the path is not a deployments path (including undecodable segments). */
export function matchDeploymentRoute(pathname: string): DeploymentRoute | null {
    const match = ROUTE.exec(pathname);
    if (!match) return null;
    try {
        const project = decodeURIComponent(match[1] as string);
        return match[2] === undefined ? { project } : { project, deplId: decodeURIComponent(match[2]) };
    } catch {
        return null;
    }
}

export function servesMethod(route: DeploymentRoute, method: string): boolean {
    return route.deplId === undefined ? method === "GET" || method === "POST" : method === "GET" || method === "PUT" || method === "DELETE";
}

export interface DeploymentRequest {
    route: DeploymentRoute;
    grant: ProjectGrant;
    method: string;
    query: URLSearchParams;
    body: Buffer;
    contentType: string | undefined;
}

const invalid = (message: string) => connectErrorReply(400, "invalid_argument", message);
const notFound = (message: string) => connectErrorReply(404, "not_found", message);

export async function handleDeploymentRequest(store: StateStore, request: DeploymentRequest): Promise<Reply> {
    const { route, method } = request;
    const project = request.grant.project.name;
    if (route.deplId === undefined) {
        return method === "POST" ? createDeployment(store, project, request) : listDeployments(store, project, request.query);
    }
    const idProblem = checkDeplId(route.deplId);
    if (idProblem !== undefined) return invalid(idProblem);
    switch (method) {
        case "GET":
            return getDeployment(store, project, route.deplId);
        case "PUT":
            return updateDeployment(store, project, route.deplId, request);
        default:
            return deleteDeployment(store, project, route.deplId, request.query);
    }
}

// ---- presentation ---------------------------------------------------------------

/** The response object: the stored deployment without networkName, serviceExports and allAppTargetClusters. */
function present(d: StoredDeployment): Record<string, unknown> {
    return {
        name: d.name,
        displayName: d.displayName,
        appName: d.appName,
        appVersion: d.appVersion,
        profileName: d.profileName,
        createTime: d.createTime,
        deployId: d.deployId,
        overrideValues: d.overrideValues,
        targetClusters: d.targetClusters,
        status: d.status,
        apps: [],
        deploymentType: d.deploymentType,
    };
}

function projectDeployments(state: Readonly<StateDocument>, project: string): StoredDeployment[] {
    return Object.entries(state.deployments ?? {})
        .filter(([key]) => projectOfDeploymentKey(key) === project)
        .map(([, d]) => d);
}

// ---- request body ---------------------------------------------------------------

type Bound = { ok: true; value: DeploymentInput } | { ok: false; reply: Reply };

function bindDeployment(body: Buffer, contentType: string | undefined): Bound {
    if (body.length === 0) return { ok: false, reply: invalid("incomplete request") };
    const type = (contentType ?? "application/json").toLowerCase();
    if (!type.startsWith("application/json")) {
        return { ok: false, reply: connectErrorReply(415, "invalid_argument", `content-type "${contentType ?? ""}" is not supported: send application/json`) };
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(body.toString("utf8"));
    } catch {
        return { ok: false, reply: invalid("deployment: request body is not valid JSON") };
    }
    if (parsed === null) return { ok: false, reply: invalid("incomplete request") };
    const result = parseDeployment(parsed);
    return result.ok ? result : { ok: false, reply: invalid(result.message) };
}

type Effective = "auto-scaling" | "targeted";

/** ADM `initDeployment`'s checks after field validation, with its messages. */
function semanticProblem(input: DeploymentInput, type: Effective, scenario: "create" | "update"): string | undefined {
    if (input.targetClusters.length === 0 && input.allAppTargetClusters === undefined) return "missing targetClusters in request";
    for (const target of input.targetClusters) {
        if (target.appName === undefined) return "missing targetClusters.appName in request";
        if (target.labels === undefined && target.clusterId === undefined) return "missing targetClusters.labels or targetClusters.clusterId in request";
        if (type === "auto-scaling" && target.labels === undefined) return "deployment type is auto-scaling but missing targetClusters.labels";
        if (type === "targeted" && target.clusterId === undefined) return "deployment type is targeted but missing targetClusters.clusterId";
    }
    const all = input.allAppTargetClusters;
    if (all !== undefined) {
        if (all.labels === undefined && all.clusterId === undefined) return "missing allAppTargetClusters.labels or allAppTargetClusters.clusterId in request";
        if (type === "auto-scaling" && all.labels === undefined) return "deployment type is auto-scaling but missing allAppTargetClusters.labels";
        if (type === "targeted" && all.clusterId === undefined) return "deployment type is targeted but missing allAppTargetClusters.clusterId";
    }
    for (const override of input.overrideValues) {
        if (override.values === undefined && override.targetNamespace === undefined)
            return "missing overrideValues.targetNamespace or overrideValues.values in request";
    }
    const pkg = catalogPackage(input.appName);
    const missing = pkg === undefined ? undefined : missingMandatoryParameters(pkg, input.overrideValues);
    if (missing !== undefined) return missing;
    if (scenario === "create" && input.displayName !== input.displayName.trim()) return "display-name cannot contain leading or trailing spaces";
    return undefined;
}

/** What the checks accept, with ADM's defaults applied. */
interface Prepared {
    input: DeploymentInput;
    type: Effective;
    profileName: string;
}

function prepare(body: Buffer, contentType: string | undefined, scenario: "create" | "update"): { ok: true; value: Prepared } | { ok: false; reply: Reply } {
    const bound = bindDeployment(body, contentType);
    if (!bound.ok) return bound;
    const input = bound.value;
    // ADM: optional, and auto-scaling when omitted.
    const type: Effective = input.deploymentType === "" ? "auto-scaling" : input.deploymentType;
    const problem = semanticProblem(input, type, scenario);
    if (problem !== undefined) return { ok: false, reply: invalid(problem) };
    const profileName = input.profileName !== "" ? input.profileName : (catalogPackage(input.appName)?.defaultProfile ?? "");
    return { ok: true, value: { input, type, profileName } };
}

/** Status as a settled controller would report it: RUNNING on every targeted cluster. */
function runningStatus(d: Pick<StoredDeployment, "targetClusters" | "allAppTargetClusters">): DeploymentStatus {
    const clusters = new Set(
        [...d.targetClusters, ...(d.allAppTargetClusters ? [d.allAppTargetClusters] : [])].flatMap((t) => (t.clusterId ? [t.clusterId] : [])),
    );
    return { state: "RUNNING", message: "", summary: { total: clusters.size, running: clusters.size, down: 0, unknown: 0, type: "clusterCounts" } };
}

/** `names.SimpleNameGenerator.GenerateName("deployment-")`. */
const NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
function generateName(taken: ReadonlySet<string>): string {
    for (;;) {
        let suffix = "";
        for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[randomInt(NAME_ALPHABET.length)];
        const name = `deployment-${suffix}`;
        if (!taken.has(name)) return name;
    }
}

/** RFC 3339 in whole seconds, as ADM truncates the CR's creation timestamp. */
function nowRfc3339(): string {
    return new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

// ---- operations -----------------------------------------------------------------

async function createDeployment(store: StateStore, project: string, request: DeploymentRequest): Promise<Reply> {
    const prepared = prepare(request.body, request.contentType, "create");
    if (!prepared.ok) return prepared.reply;
    const { input, type, profileName } = prepared.value;

    // The duplicate check and the insert happen in one mutation, so concurrent
    // creates cannot both pass the check.
    return store.mutate((draft): { changed: boolean; result: Reply } => {
        const existing = projectDeployments(draft, project);
        const name = generateName(new Set(existing.map((d) => d.name)));
        const displayName = input.displayName !== "" ? input.displayName : name;
        const duplicate = existing.find(
            (d) => d.appName === input.appName && d.appVersion === input.appVersion && d.profileName === profileName && d.displayName === displayName,
        );
        if (duplicate) {
            return {
                changed: false,
                result: connectErrorReply(409, "already_exists", `Duplicate deployment exists with same name ${displayName}, deployID: ${duplicate.deployId}`),
            };
        }
        const deployId = randomUUID();
        const stored: StoredDeployment = {
            deployId,
            name,
            createTime: nowRfc3339(),
            displayName,
            appName: input.appName,
            appVersion: input.appVersion,
            profileName,
            deploymentType: type,
            overrideValues: input.overrideValues,
            targetClusters: input.targetClusters,
            ...(input.allAppTargetClusters ? { allAppTargetClusters: input.allAppTargetClusters } : {}),
            networkName: input.networkName,
            serviceExports: input.serviceExports,
            status: runningStatus(input),
        };
        draft.deployments = { ...draft.deployments, [deploymentKey(project, deployId)]: stored };
        return { changed: true, result: { status: 200, body: { deploymentId: deployId }, committed: true } };
    });
}

function listDeployments(store: StateStore, project: string, query: URLSearchParams): Reply {
    const parsed = parseListQuery(query);
    if (!parsed.ok) return invalid(parsed.message);
    // Kubernetes lists a namespace's objects by name; that is the order without orderBy.
    const candidates = projectDeployments(store.state, project)
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map((d) => ({ ...d, targetLabels: [...d.targetClusters, ...(d.allAppTargetClusters ? [d.allAppTargetClusters] : [])].map((t) => t.labels ?? {}) }))
        .filter((d) => matchesLabels(d, parsed.value.labels));
    // totalElements counts what the labels filter kept, before `filter` and paging.
    const page = selectPage(candidates, parsed.value);
    return { status: 200, body: { deployments: page.map(present), totalElements: candidates.length } };
}

function getDeployment(store: StateStore, project: string, deplId: string): Reply {
    const d = store.state.deployments?.[deploymentKey(project, deplId)];
    if (!d) return notFound(`deployment id ${deplId} not found`);
    return { status: 200, body: { deployment: present(d) } };
}

async function updateDeployment(store: StateStore, project: string, deplId: string, request: DeploymentRequest): Promise<Reply> {
    // ADM validates the body before it looks the deployment up.
    const prepared = prepare(request.body, request.contentType, "update");
    if (!prepared.ok) return prepared.reply;
    const { input, type, profileName } = prepared.value;
    const key = deploymentKey(project, deplId);
    return store.mutate((draft): { changed: boolean; result: Reply } => {
        const existing = draft.deployments?.[key];
        if (!existing) return { changed: false, result: notFound(`deployment ${deplId} not found while updating deployment`) };
        const updated: StoredDeployment = {
            deployId: existing.deployId,
            name: existing.name,
            createTime: existing.createTime,
            // An empty display name or network keeps the stored one; neither can be cleared.
            displayName: input.displayName !== "" ? input.displayName : existing.displayName,
            appName: input.appName,
            appVersion: input.appVersion,
            profileName,
            deploymentType: type,
            overrideValues: input.overrideValues,
            targetClusters: input.targetClusters,
            ...(input.allAppTargetClusters ? { allAppTargetClusters: input.allAppTargetClusters } : {}),
            networkName: input.networkName !== "" ? input.networkName : existing.networkName,
            serviceExports: input.serviceExports,
            status: runningStatus(input),
        };
        draft.deployments = { ...draft.deployments, [key]: updated };
        return { changed: true, result: { status: 200, body: { deployment: present(updated) }, committed: true } };
    });
}

async function deleteDeployment(store: StateStore, project: string, deplId: string, query: URLSearchParams): Promise<Reply> {
    const deleteType = parseDeleteType(query);
    if (!deleteType.ok) return invalid(deleteType.message);
    const key = deploymentKey(project, deplId);
    // No dependency graph is modelled, so PARENT_ONLY and ALL remove the same thing.
    return store.mutate((draft): { changed: boolean; result: Reply } => {
        if (!draft.deployments?.[key]) return { changed: false, result: notFound(`deployment ${deplId} not found while deleting deployment`) };
        delete draft.deployments[key];
        return { changed: true, result: { status: 200, body: {}, committed: true } };
    });
}

/** For paths under /appdeployment that are not deployments, or methods not served. */
export function unservedReply(route: DeploymentRoute | null): Reply {
    return route === null ? messageReply(404, "Not Found") : messageReply(405, "Method Not Allowed");
}
