// The ADM `Deployment` request body: decoding (unknown fields and wrong JSON types, in
// document order, as a JSON decoder meets them) and then the buf.validate rules of
// resources.proto (in field-number order, as protovalidate evaluates them). The first
// problem is reported as `<field path>: <what is wrong>`, with protovalidate's wording.
// Output-only fields (name, createTime, deployId, status, apps) are ignored.

import type { OverrideValuesSpec, ServiceExportSpec, TargetClustersSpec } from "./store";

/** resources.proto patterns, as RE2 and JavaScript read them alike. */
export const PATTERNS = {
    displayName: /^([a-zA-Z0-9][\w\- \.\/_]{0,38}[a-zA-Z0-9]{0,1}|)$/,
    appName: /^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]{0,1}$/,
    appVersion: /^[a-z0-9][a-z0-9-.]{0,18}[a-z0-9]{0,1}$/,
    profileName: /^[a-z0-9]*[a-z0-9-]{0,38}[a-z0-9]{0,1}$/,
    deploymentType: /^[a-z0-9]*[a-z0-9-]{0,18}[a-z0-9]{0,1}$/,
    networkName: /^[a-z0-9]*[a-z0-9-]{0,18}[a-z0-9]{0,1}$/,
    targetNamespace: /(^$)|^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
    targetAppName: /(^$)|^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]{0,1}$/,
    label: /(^$)|^[a-z0-9]([-_.=,a-z0-9/]{0,38}[a-z0-9])?$/,
    clusterId: /(^$)|^[a-zA-Z0-9][a-zA-Z0-9-_\.]{0,98}[a-zA-Z0-9]?$/,
} as const;

export const DEPLOYMENT_TYPES = ["auto-scaling", "targeted"] as const;
export type DeploymentType = (typeof DEPLOYMENT_TYPES)[number];

/** A request body after decoding and validation; absent fields take proto3 defaults. */
export interface DeploymentInput {
    displayName: string;
    appName: string;
    appVersion: string;
    profileName: string;
    /** "" when omitted; ADM then uses auto-scaling. */
    deploymentType: "" | DeploymentType;
    overrideValues: OverrideValuesSpec[];
    targetClusters: TargetClustersSpec[];
    allAppTargetClusters?: TargetClustersSpec;
    networkName: string;
    serviceExports: ServiceExportSpec[];
}

export type ParsedDeployment = { ok: true; value: DeploymentInput } | { ok: false; message: string };

class Violation extends Error {
    constructor(
        readonly field: string,
        readonly problem: string,
    ) {
        super(`${field}: ${problem}`);
    }
}

type Json = Record<string, unknown>;
type FieldKind = "string" | "bool" | "struct" | "labels" | "targetClusters" | "targetClustersList" | "overrideValuesList" | "serviceExportsList" | "ignored";

const DEPLOYMENT_FIELDS: Readonly<Record<string, FieldKind>> = {
    name: "ignored",
    displayName: "string",
    appName: "string",
    appVersion: "string",
    profileName: "string",
    createTime: "ignored",
    deployId: "ignored",
    overrideValues: "overrideValuesList",
    targetClusters: "targetClustersList",
    status: "ignored",
    apps: "ignored",
    deploymentType: "string",
    networkName: "string",
    serviceExports: "serviceExportsList",
    allAppTargetClusters: "targetClusters",
};
const OVERRIDE_VALUES_FIELDS: Readonly<Record<string, FieldKind>> = { appName: "string", targetNamespace: "string", values: "struct" };
const TARGET_CLUSTERS_FIELDS: Readonly<Record<string, FieldKind>> = { appName: "string", labels: "labels", clusterId: "string" };
const SERVICE_EXPORT_FIELDS: Readonly<Record<string, FieldKind>> = { appName: "string", enabled: "bool" };

function isObject(value: unknown): value is Json {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function own(object: Json, key: string): boolean {
    return Object.prototype.hasOwnProperty.call(object, key);
}

// ---- decoding -----------------------------------------------------------------

/**
 * Deepest nesting accepted in `overrideValues[].values`. Upstream decodes them as a
 * protobuf Struct, whose JSON decoder stops at protobuf-go's recursion limit
 * (`protowire.DefaultRecursionLimit`, 10000); this double refuses far earlier, since
 * deeper values would overflow its own recursive copies (structuredClone, the state
 * file) and came back as 500 (issue 13.6). Helm values nest a dozen levels at most.
 */
export const MAX_VALUES_DEPTH = 100;

/** Nesting depth of a JSON value, counted without recursion; stops once past `limit`. */
function nestingDepth(root: unknown, limit: number): number {
    let deepest = 0;
    const stack: Array<[unknown, number]> = [[root, 1]];
    while (stack.length > 0) {
        const [value, depth] = stack.pop() as [unknown, number];
        if (typeof value !== "object" || value === null) continue;
        if (depth > deepest) deepest = depth;
        if (deepest > limit) return deepest;
        for (const child of Object.values(value as Record<string, unknown>)) stack.push([child, depth + 1]);
    }
    return deepest;
}

function decodeObject(path: string, value: Json, fields: Readonly<Record<string, FieldKind>>): void {
    for (const [key, field] of Object.entries(value)) {
        const at = path === "" ? key : `${path}.${key}`;
        if (!own(fields, key)) throw new Violation(at, "unknown field");
        // JSON null leaves a field at its default, as protojson does.
        if (field !== null) decodeField(at, field, fields[key] as FieldKind);
    }
}

function decodeList(path: string, value: unknown, fields: Readonly<Record<string, FieldKind>>): void {
    if (!Array.isArray(value)) throw new Violation(path, "must be an array");
    value.forEach((item, i) => {
        if (!isObject(item)) throw new Violation(`${path}[${i}]`, "must be an object");
        decodeObject(`${path}[${i}]`, item, fields);
    });
}

function decodeField(path: string, value: unknown, kind: FieldKind): void {
    switch (kind) {
        case "ignored":
            return;
        case "string":
            if (typeof value !== "string") throw new Violation(path, "must be a string");
            return;
        case "bool":
            if (typeof value !== "boolean") throw new Violation(path, "must be a boolean");
            return;
        case "struct": {
            if (!isObject(value)) throw new Violation(path, "must be an object");
            const depth = nestingDepth(value, MAX_VALUES_DEPTH);
            if (depth > MAX_VALUES_DEPTH) throw new Violation(path, `must not nest deeper than ${MAX_VALUES_DEPTH} levels`);
            return;
        }
        case "labels":
            if (!isObject(value)) throw new Violation(path, "must be an object");
            for (const [key, label] of Object.entries(value)) {
                if (typeof label !== "string") throw new Violation(`${path}["${key}"]`, "must be a string");
            }
            return;
        case "targetClusters":
            if (!isObject(value)) throw new Violation(path, "must be an object");
            decodeObject(path, value, TARGET_CLUSTERS_FIELDS);
            return;
        case "targetClustersList":
            return decodeList(path, value, TARGET_CLUSTERS_FIELDS);
        case "overrideValuesList":
            return decodeList(path, value, OVERRIDE_VALUES_FIELDS);
        case "serviceExportsList":
            return decodeList(path, value, SERVICE_EXPORT_FIELDS);
    }
}

// ---- validation rules -----------------------------------------------------------

interface StringRule {
    min?: number;
    max: number;
    pattern: RegExp;
}

/** protovalidate `string` rules: lengths count code points; min_len, max_len, then pattern. */
function checkString(path: string, value: string, rule: StringRule): void {
    const length = [...value].length;
    if (rule.min !== undefined && length < rule.min) throw new Violation(path, `value length must be at least ${rule.min} characters`);
    if (length > rule.max) throw new Violation(path, `value length must be at most ${rule.max} characters`);
    if (!rule.pattern.test(value)) throw new Violation(path, `value does not match regex pattern \`${rule.pattern.source}\``);
}

function checkMaxItems(path: string, items: readonly unknown[], max: number): void {
    if (items.length > max) throw new Violation(path, `value must contain no more than ${max} item(s)`);
}

const APP_NAME_RULE: StringRule = { min: 1, max: 40, pattern: PATTERNS.appName };
const LABEL_RULE: StringRule = { min: 1, max: 40, pattern: PATTERNS.label };

function str(object: Json, key: string): string {
    const value = object[key];
    return typeof value === "string" ? value : "";
}

function list(object: Json, key: string): Json[] {
    const value = object[key];
    return Array.isArray(value) ? (value as Json[]) : [];
}

function targetClusters(path: string, raw: Json): TargetClustersSpec {
    const appName = str(raw, "appName");
    checkString(`${path}.appName`, appName, { max: 40, pattern: PATTERNS.targetAppName });
    const rawLabels = isObject(raw["labels"]) ? (raw["labels"] as Record<string, string>) : undefined;
    if (rawLabels !== undefined) {
        const entries = Object.entries(rawLabels);
        if (entries.length > 10) throw new Violation(`${path}.labels`, "map must be at most 10 entries");
        for (const [key, value] of entries) {
            checkString(`${path}.labels["${key}"]`, key, LABEL_RULE);
            checkString(`${path}.labels["${key}"]`, value, LABEL_RULE);
        }
    }
    const clusterId = str(raw, "clusterId");
    checkString(`${path}.clusterId`, clusterId, { max: 100, pattern: PATTERNS.clusterId });
    return {
        ...(appName === "" ? {} : { appName }),
        ...(rawLabels === undefined ? {} : { labels: { ...rawLabels } }),
        ...(clusterId === "" ? {} : { clusterId }),
    };
}

function overrideValues(path: string, raw: Json): OverrideValuesSpec {
    const appName = str(raw, "appName");
    checkString(`${path}.appName`, appName, APP_NAME_RULE);
    const targetNamespace = str(raw, "targetNamespace");
    checkString(`${path}.targetNamespace`, targetNamespace, { max: 63, pattern: PATTERNS.targetNamespace });
    const values = isObject(raw["values"]) ? (structuredClone(raw["values"]) as Json) : undefined;
    return { appName, ...(targetNamespace === "" ? {} : { targetNamespace }), ...(values === undefined ? {} : { values }) };
}

function serviceExport(path: string, raw: Json): ServiceExportSpec {
    const appName = str(raw, "appName");
    checkString(`${path}.appName`, appName, APP_NAME_RULE);
    return { appName, enabled: raw["enabled"] === true };
}

function validate(body: Json): DeploymentInput {
    const displayName = str(body, "displayName");
    checkString("displayName", displayName, { max: 40, pattern: PATTERNS.displayName });
    const appName = str(body, "appName");
    checkString("appName", appName, APP_NAME_RULE);
    const appVersion = str(body, "appVersion");
    checkString("appVersion", appVersion, { min: 1, max: 20, pattern: PATTERNS.appVersion });
    const profileName = str(body, "profileName");
    checkString("profileName", profileName, { max: 40, pattern: PATTERNS.profileName });

    const rawOverrides = list(body, "overrideValues");
    checkMaxItems("overrideValues", rawOverrides, 100);
    const overrides = rawOverrides.map((raw, i) => overrideValues(`overrideValues[${i}]`, raw));

    const rawTargets = list(body, "targetClusters");
    checkMaxItems("targetClusters", rawTargets, 50);
    const targets = rawTargets.map((raw, i) => targetClusters(`targetClusters[${i}]`, raw));

    const deploymentType = str(body, "deploymentType");
    checkString("deploymentType", deploymentType, { max: 20, pattern: PATTERNS.deploymentType });
    // The proto admits any short lowercase word; only these two mean anything.
    if (deploymentType !== "" && !(DEPLOYMENT_TYPES as readonly string[]).includes(deploymentType)) {
        throw new Violation("deploymentType", `value must be one of ${DEPLOYMENT_TYPES.join(", ")}`);
    }

    const networkName = str(body, "networkName");
    checkString("networkName", networkName, { max: 40, pattern: PATTERNS.networkName });

    const rawExports = list(body, "serviceExports");
    checkMaxItems("serviceExports", rawExports, 10);
    const exported = rawExports.map((raw, i) => serviceExport(`serviceExports[${i}]`, raw));

    const rawAll = body["allAppTargetClusters"];
    const allAppTargetClusters = isObject(rawAll) ? targetClusters("allAppTargetClusters", rawAll) : undefined;

    return {
        displayName,
        appName,
        appVersion,
        profileName,
        deploymentType: deploymentType as DeploymentInput["deploymentType"],
        overrideValues: overrides,
        targetClusters: targets,
        ...(allAppTargetClusters === undefined ? {} : { allAppTargetClusters }),
        networkName,
        serviceExports: exported,
    };
}

/** Decodes and validates a parsed JSON body. */
export function parseDeployment(body: unknown): ParsedDeployment {
    try {
        if (!isObject(body)) throw new Violation("deployment", "must be a JSON object");
        decodeObject("", body, DEPLOYMENT_FIELDS);
        return { ok: true, value: validate(body) };
    } catch (error) {
        if (error instanceof Violation) return { ok: false, message: error.message };
        throw error;
    }
}
