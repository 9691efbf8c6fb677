// The networks API of nexus-api-gw (tenancy data model `networks.network.edge-orchestrator.intel.com`),
// reproducing the generated handler's status codes and bodies, including the raw
// Kubernetes "Invalid" texts that leak through as 422.

import { createHash } from "node:crypto";
import { checkOrgAdmitsWrites, type Access, type ProjectGrant } from "./auth";
import { messageReply, type Reply } from "./reply";
import { networkKey, splitNetworkKey, type NetworkSpec, type NetworkStatus, type StateStore, type StoredNetwork } from "./store";
import type { ResolvedProject } from "./types";

const KIND = "Network.network.edge-orchestrator.intel.com";
const GROUP = "edge-orchestrator.intel.com";
const DEFAULT_LIST_LIMIT = 500;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_VALUE_MESSAGE =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

export interface NetworkRoute {
    project: string;
    /** Absent for the collection. */
    name?: string;
    status: boolean;
}

const ROUTE = /^\/v1\/projects\/([^/]+)\/networks(?:\/([^/]+)(\/status)?)?$/;

/** Null when the path is not a networks path (including undecodable segments). */
export function matchNetworkRoute(pathname: string): NetworkRoute | null {
    const match = ROUTE.exec(pathname);
    if (!match) return null;
    try {
        const project = decodeURIComponent(match[1] as string);
        const name = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
        return name === undefined ? { project, status: false } : { project, name, status: match[3] !== undefined };
    } catch {
        return null;
    }
}

/** Which role a method needs on a route; undefined means the method is not served there. */
export function requiredAccess(route: NetworkRoute, method: string): Access | undefined {
    if (method === "GET") return "read";
    if (route.name === undefined) return undefined;
    if (method === "PUT") return "write";
    if (method === "DELETE" && !route.status) return "write";
    return undefined;
}

export interface NetworkRequest {
    route: NetworkRoute;
    grant: ProjectGrant;
    method: string;
    query: URLSearchParams;
    body: Buffer;
    contentType: string | undefined;
}

export async function handleNetworkRequest(store: StateStore, request: NetworkRequest): Promise<Reply> {
    const { route, grant, method } = request;
    if (method === "PUT") {
        const refusal = checkOrgAdmitsWrites(grant.org);
        if (refusal) return refusal;
    }
    if (route.name === undefined) return listNetworks(store, grant.project.name, request.query);
    const name = route.name;
    if (route.status) {
        return method === "GET" ? getStatus(store, grant.project.name, name) : putStatus(store, grant.project, name, request);
    }
    switch (method) {
        case "GET":
            return getNetwork(store, grant.project.name, name);
        case "PUT":
            return putNetwork(store, grant.project, name, request);
        default:
            return deleteNetwork(store, grant.project.name, name);
    }
}

/** Kubernetes object name: SHA-1 over the parent labels (sorted) and the display name. */
export function hashedNetworkName(project: ResolvedProject, name: string): string {
    const parents = parentLabels(project);
    const chain = Object.keys(parents)
        .sort()
        .map((k) => `${k}:${parents[k]}`)
        .join("/");
    return createHash("sha1").update(`${chain}/networks.network.${GROUP}:${name}`).digest("hex");
}

function parentLabels(project: ResolvedProject): Record<string, string> {
    return {
        [`configs.config.${GROUP}`]: "default",
        [`multitenancies.tenancy.${GROUP}`]: "default",
        [`orgs.org.${GROUP}`]: project.orgName,
        [`folders.folder.${GROUP}`]: "default",
        [`projects.project.${GROUP}`]: project.name,
    };
}

function listNetworks(store: StateStore, project: string, query: URLSearchParams): Reply {
    const rawLimit = query.get("limit");
    let limit = DEFAULT_LIST_LIMIT;
    if (rawLimit !== null) {
        if (!/^\d{1,9}$/.test(rawLimit)) {
            return messageReply(400, `invalid limit "${rawLimit}": must be a non-negative integer`);
        }
        // Kubernetes semantics: 0 means no limit.
        limit = Number(rawLimit) === 0 ? Number.POSITIVE_INFINITY : Number(rawLimit);
    }
    const token = query.get("continue");
    // The gateway drops continue tokens from its bare-array reply, so no client can hold
    // a valid one; anything presented is therefore not a token this server issued.
    if (token !== null && token !== "") {
        return messageReply(400, "continue key is not valid: this server never issues continue tokens");
    }
    const items = Object.entries(store.state.networks)
        .map(([key, network]) => ({ ...splitNetworkKey(key), network }))
        .filter((entry) => entry.project === project)
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .slice(0, limit)
        .map(({ name, network }) => ({ name, spec: network.spec, status: network.status }));
    return { status: 200, body: items };
}

function getNetwork(store: StateStore, project: string, name: string): Reply {
    const network = store.state.networks[networkKey(project, name)];
    if (!network) return messageReply(404, "Not Found");
    return { status: 200, body: { spec: network.spec, status: network.status } };
}

function getStatus(store: StateStore, project: string, name: string): Reply {
    const network = store.state.networks[networkKey(project, name)];
    if (!network) return messageReply(404, "Not Found");
    return { status: 200, body: network.status };
}

async function deleteNetwork(store: StateStore, project: string, name: string): Promise<Reply> {
    const key = networkKey(project, name);
    const deleted = await store.mutate((draft) => {
        if (!draft.networks[key]) return { changed: false, result: false };
        delete draft.networks[key];
        return { changed: true, result: true };
    });
    return deleted ? { status: 200, committed: true } : messageReply(404, "Not Found");
}

type Bound = { ok: true; value: Record<string, unknown> } | { ok: false; reply: Reply };

/** Echo's DefaultBinder into `map[string]interface{}`, with its error texts. */
function bindJsonMap(body: Buffer, contentType: string | undefined): Bound {
    // Echo skips binding entirely for an empty body, leaving an empty map.
    if (body.length === 0) return { ok: true, value: {} };
    if (!(contentType ?? "").toLowerCase().startsWith("application/json")) {
        return { ok: false, reply: messageReply(415, "Unsupported Media Type") };
    }
    const text = body.toString("utf8");
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        return { ok: false, reply: messageReply(400, "code=400, message=Syntax error: request body is not valid JSON") };
    }
    // JSON null decodes into a nil map in Go: no error, no fields.
    if (parsed === null) return { ok: true, value: {} };
    if (typeof parsed !== "object" || Array.isArray(parsed)) {
        const got = Array.isArray(parsed) ? "array" : typeof parsed === "boolean" ? "bool" : typeof parsed;
        const trimmed = text.trimStart();
        const offset = text.length - trimmed.length + (Array.isArray(parsed) ? 1 : trimmed.trimEnd().length);
        return {
            ok: false,
            reply: messageReply(400, `code=400, message=Unmarshal type error: expected=map[string]interface {}, got=${got}, field=, offset=${offset}`),
        };
    }
    return { ok: true, value: parsed as Record<string, unknown> };
}

/** The type names Kubernetes' OpenAPI validation reports. */
function jsonTypeName(value: unknown): string {
    if (Array.isArray(value)) return "array";
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
    return typeof value;
}

function wrongType(field: string, value: unknown, expected: string): string {
    const actual = jsonTypeName(value);
    return `${field}: Invalid value: "${actual}": ${field} in body must be of type ${expected}: "${actual}"`;
}

function invalid(hashedName: string, causes: string[]): Reply {
    const detail = causes.length === 1 ? (causes[0] as string) : `[${causes.join(", ")}]`;
    return messageReply(422, `${KIND} "${hashedName}" is invalid: ${detail}`);
}

/** Applies CRD pruning (only description and type survive) and schema validation. */
function specFromBody(body: Record<string, unknown>): { spec: NetworkSpec; causes: string[] } {
    const causes: string[] = [];
    const spec: Partial<NetworkSpec> = {};
    // Kubernetes prunes nulls of non-nullable fields before validating.
    const description = body["description"] ?? undefined;
    const type = body["type"] ?? undefined;
    if (description !== undefined) {
        if (typeof description === "string") spec.description = description;
        else causes.push(wrongType("spec.description", description, "string"));
    }
    if (type === undefined) causes.push("spec.type: Required value");
    else if (typeof type === "string") spec.type = type;
    else causes.push(wrongType("spec.type", type, "string"));
    return { spec: spec as NetworkSpec, causes };
}

function nameCauses(name: string): string[] {
    const causes: string[] = [];
    if (name.length > 63) causes.push(`metadata.labels: Invalid value: "${name}": must be no more than 63 characters`);
    if (!LABEL_VALUE.test(name)) causes.push(`metadata.labels: Invalid value: "${name}": ${LABEL_VALUE_MESSAGE}`);
    return causes;
}

/** Go's strconv.ParseBool. */
function parseGoBool(raw: string): boolean | undefined {
    if (["1", "t", "T", "TRUE", "true", "True"].includes(raw)) return true;
    if (["0", "f", "F", "FALSE", "false", "False"].includes(raw)) return false;
    return undefined;
}

type PutOutcome = { kind: "created" } | { kind: "updated" } | { kind: "exists" } | { kind: "invalid"; reply: Reply };

async function putNetwork(store: StateStore, project: ResolvedProject, name: string, request: NetworkRequest): Promise<Reply> {
    const rawFlag = request.query.get("update_if_exists");
    const updateIfExists = rawFlag === null || rawFlag === "" ? true : parseGoBool(rawFlag);
    if (updateIfExists === undefined) {
        return messageReply(400, `strconv.ParseBool: parsing "${rawFlag}": invalid syntax`);
    }
    const bound = bindJsonMap(request.body, request.contentType);
    if (!bound.ok) return bound.reply;
    const { spec, causes } = specFromBody(bound.value);
    const key = networkKey(project.name, name);

    // Existence is decided inside the mutation so concurrent PUTs cannot both create.
    const outcome = await store.mutate((draft): { changed: boolean; result: PutOutcome } => {
        const existing = draft.networks[key];
        if (existing) {
            if (!updateIfExists) return { changed: false, result: { kind: "exists" } };
            if (causes.length > 0) return { changed: false, result: { kind: "invalid", reply: invalid(existing.hashedName, causes) } };
            existing.spec = spec;
            return { changed: true, result: { kind: "updated" } };
        }
        const hashedName = hashedNetworkName(project, name);
        const allCauses = [...nameCauses(name), ...causes];
        if (allCauses.length > 0) return { changed: false, result: { kind: "invalid", reply: invalid(hashedName, allCauses) } };
        const network: StoredNetwork = {
            spec,
            status: {},
            hashedName,
            labels: {
                ...parentLabels(project),
                "nexus/is_name_hashed": "true",
                "nexus/display_name": name,
                "network.Network": name,
            },
        };
        draft.networks[key] = network;
        return { changed: true, result: { kind: "created" } };
    });

    switch (outcome.kind) {
        case "created":
            return messageReply(200, name, true);
        case "updated":
            return messageReply(200, "Updated successfully", true);
        case "exists":
            return messageReply(403, "Already Exists.");
        default:
            return outcome.reply;
    }
}

async function putStatus(store: StateStore, project: ResolvedProject, name: string, request: NetworkRequest): Promise<Reply> {
    const bound = bindJsonMap(request.body, request.contentType);
    if (!bound.ok) return bound.reply;
    const causes: string[] = [];
    const update: NetworkStatus = {};
    const inner = bound.value["status"] ?? undefined;
    if (inner !== undefined) {
        if (typeof inner !== "object" || Array.isArray(inner) || inner === null) {
            causes.push(wrongType("status.status", inner, "object"));
        } else {
            const state = (inner as Record<string, unknown>)["currentState"] ?? undefined;
            if (state === undefined) update.status = {};
            else if (typeof state === "string") update.status = { currentState: state };
            else causes.push(wrongType("status.status.currentState", state, "string"));
        }
    }
    const key = networkKey(project.name, name);
    const reply = await store.mutate((draft): { changed: boolean; result: Reply } => {
        const existing = draft.networks[key];
        if (!existing) return { changed: false, result: messageReply(404, "Not Found") };
        if (causes.length > 0) return { changed: false, result: invalid(existing.hashedName, causes) };
        if (update.status !== undefined) existing.status = { status: { ...existing.status.status, ...update.status } };
        return { changed: true, result: messageReply(200, "Status Updated successfully", true) };
    });
    return reply;
}
