/**
 * Schema validation of rendered Kubernetes objects without a cluster
 * (FACTS §8.x): custom resources against the `openAPIV3Schema` of their CRD
 * from the saved upstream files under `tests/fixtures/upstream`, core objects
 * with the `kubernetes-models` classes (generated from the Kubernetes OpenAPI)
 * plus the API server's own name, label, port and data-key rules, which the
 * OpenAPI schema does not express.
 */
import * as fs from "fs";
import * as path from "path";
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import * as YAML from "yaml";

export interface SchemaResult {
    ok: boolean;
    /** One line per problem: `<instance path> <message>`. */
    errors: string[];
}

export const CRD_ROOT = path.resolve(__dirname, "../fixtures/upstream");

// ---------------------------------------------------------------------------
// Rules of the API server that OpenAPI schemas do not carry
// (k8s.io/apimachinery/pkg/util/validation).

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9]|-(?=[a-z0-9]))*$/;

type NameRule = "label" | "dns1035" | "subdomain" | "path-segment";

function nameProblem(name: unknown, rule: NameRule): string | undefined {
    if (typeof name !== "string" || name === "") return "is required";
    switch (rule) {
        case "label":
            return name.length <= 63 && DNS1123_LABEL.test(name) ? undefined : `"${name}" is not a DNS-1123 label`;
        case "dns1035":
            return name.length <= 63 && DNS1035_LABEL.test(name) ? undefined : `"${name}" is not a DNS-1035 label`;
        case "subdomain":
            return name.length <= 253 && DNS1123_SUBDOMAIN.test(name) ? undefined : `"${name}" is not a DNS-1123 subdomain`;
        case "path-segment":
            return name === "." || name === ".." || /[/%]/.test(name) ? `"${name}" is not a valid path segment name` : undefined;
    }
}

function qualifiedNameProblem(key: string): string | undefined {
    const parts = key.split("/");
    if (parts.length > 2) return `key "${key}" has more than one '/'`;
    const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
    if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) return `key "${key}" has a prefix that is not a DNS-1123 subdomain`;
    if (name.length > 63 || !QUALIFIED_NAME.test(name)) return `key "${key}" is not a qualified name`;
    return undefined;
}

/** Problems of `metadata` (name, namespace, labels, annotations) as the API server checks them. */
export function metadataProblems(obj: Record<string, any>, opts: { nameRule: NameRule; namespaced: boolean }): string[] {
    const errors: string[] = [];
    const md = obj.metadata;
    if (!md || typeof md !== "object" || Array.isArray(md)) return ["/metadata is required"];
    const np = nameProblem(md.name, opts.nameRule);
    if (np) errors.push(`/metadata/name ${np}`);
    if (md.namespace !== undefined) {
        if (!opts.namespaced) errors.push(`/metadata/namespace must not be set on cluster-scoped ${obj.kind}`);
        else {
            const nsp = nameProblem(md.namespace, "label");
            if (nsp) errors.push(`/metadata/namespace ${nsp}`);
        }
    }
    for (const field of ["labels", "annotations"] as const) {
        const map = md[field];
        if (map === undefined) continue;
        if (!map || typeof map !== "object" || Array.isArray(map)) {
            errors.push(`/metadata/${field} must be a map of strings`);
            continue;
        }
        for (const [k, v] of Object.entries(map)) {
            const kp = qualifiedNameProblem(k);
            if (kp) errors.push(`/metadata/${field} ${kp}`);
            if (typeof v !== "string") errors.push(`/metadata/${field}/${k} must be a string`);
            else if (field === "labels" && (v.length > 63 || !LABEL_VALUE.test(v))) errors.push(`/metadata/labels/${k} "${v}" is not a valid label value`);
        }
    }
    const known = new Set(["name", "namespace", "labels", "annotations", "generateName", "finalizers", "ownerReferences"]);
    for (const k of Object.keys(md)) if (!known.has(k)) errors.push(`/metadata must NOT have additional property '${k}'`);
    return errors;
}

// ---------------------------------------------------------------------------
// Custom resources, validated against their CRD.

interface CrdEntry {
    file: string;
    namespaced: boolean;
    validate: ValidateFunction;
}

let ajvInstance: Ajv | undefined;

function kubernetesAjv(): Ajv {
    if (ajvInstance) return ajvInstance;
    const ajv = new Ajv({ strict: false, allErrors: true });
    // Annotations the API server interprets; list semantics are checked, the others are no-ops here.
    for (const keyword of [
        "x-kubernetes-int-or-string",
        "x-kubernetes-preserve-unknown-fields",
        "x-kubernetes-embedded-resource",
        "x-kubernetes-map-type",
        "x-kubernetes-list-map-keys",
        // CEL rules need a CEL evaluator; none of the CRDs of objects we build depends on them for shape.
        "x-kubernetes-validations",
    ]) {
        ajv.addKeyword({ keyword });
    }
    ajv.addKeyword({
        keyword: "x-kubernetes-list-type",
        type: "array",
        schemaType: "string",
        validate: function listType(kind: string, data: unknown[], parentSchema?: Record<string, any>) {
            const keyOf = (item: unknown) =>
                kind === "map"
                    ? JSON.stringify((parentSchema?.["x-kubernetes-list-map-keys"] ?? []).map((k: string) => (item as any)?.[k]))
                    : JSON.stringify(item);
            if (kind !== "set" && kind !== "map") return true;
            const keys = data.map(keyOf);
            const ok = new Set(keys).size === keys.length;
            if (!ok)
                (listType as any).errors = [
                    { keyword: "x-kubernetes-list-type", message: `must not contain duplicate ${kind === "map" ? "keys" : "items"}`, params: {} },
                ];
            return ok;
        },
        errors: true,
    });
    const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
    ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= INT32.min && n <= INT32.max });
    ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isSafeInteger(n) });
    ajv.addFormat("byte", { type: "string", validate: (s: string) => /^[A-Za-z0-9+/]*={0,2}$/.test(s) && s.length % 4 === 0 });
    ajv.addFormat("date-time", { type: "string", validate: (s: string) => /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(s) });
    for (const permissive of ["double", "float", "uri", "duration", "date", "password", "int-or-string"]) ajv.addFormat(permissive, true);
    ajvInstance = ajv;
    return ajv;
}

/**
 * Closes every object schema reached through `properties`, `items` or
 * `additionalProperties`: the API server rejects unknown fields with
 * strict field validation (kubectl's default), and closing them catches
 * typos such as `avoidBuggyIps`. Sub-schemas of `allOf`/`anyOf`/`oneOf`/`not`
 * only add value validations in a structural schema and stay open.
 */
function closeSchema(schema: any): any {
    if (!schema || typeof schema !== "object") return schema;
    const out: any = { ...schema };
    if (out.properties) {
        out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, closeSchema(v)]));
        if (out.additionalProperties === undefined && out["x-kubernetes-preserve-unknown-fields"] !== true) out.additionalProperties = false;
    }
    if (out.items) out.items = closeSchema(out.items);
    if (out.additionalProperties && typeof out.additionalProperties === "object") out.additionalProperties = closeSchema(out.additionalProperties);
    return out;
}

/**
 * The API server always accepts `apiVersion`, `kind` and `metadata` at the
 * root of a custom resource, whether the CRD's schema lists them or not
 * ("apiVersion, kind and metadata ... are implicitly specified and
 * validated", Kubernetes docs, "Specifying a structural schema"). Skupper
 * v2's CRDs leave them out; closing the root without them would refuse every object.
 */
function withRootFields(schema: any): any {
    const implicit = { apiVersion: { type: "string" }, kind: { type: "string" }, metadata: { type: "object", "x-kubernetes-preserve-unknown-fields": true } };
    return { ...schema, properties: { ...implicit, ...(schema.properties ?? {}) } };
}

function yamlFiles(dir: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .sort((a, b) => a.name.localeCompare(b.name))
        .flatMap((e) => (e.isDirectory() ? yamlFiles(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : []));
}

const crdCache = new Map<string, CrdEntry>();

/** Finds and compiles the CRD schema for `apiVersion`/`kind`; throws when the saved files have none. */
export function crdValidator(apiVersion: string, kind: string): CrdEntry {
    const cacheKey = `${apiVersion}/${kind}`;
    const cached = crdCache.get(cacheKey);
    if (cached) return cached;
    const slash = apiVersion.indexOf("/");
    if (slash < 0) throw new Error(`${apiVersion} ${kind} is a core API object; no CRD can describe it`);
    const group = apiVersion.slice(0, slash);
    const version = apiVersion.slice(slash + 1);
    const kindLine = new RegExp(`^\\s*kind: ${kind}\\s*$`, "m");
    for (const file of yamlFiles(CRD_ROOT)) {
        const text = fs.readFileSync(file, "utf8");
        // Cheap text filter first: the big manifests take long to parse.
        if (!text.includes("CustomResourceDefinition") || !kindLine.test(text) || !text.includes(`group: ${group}`)) continue;
        for (const doc of YAML.parseAllDocuments(text)) {
            const crd = doc.toJS();
            if (crd?.kind !== "CustomResourceDefinition" || crd.spec?.group !== group || crd.spec?.names?.kind !== kind) continue;
            const served = (crd.spec.versions ?? []).find((v: any) => v.name === version && v.served === true);
            if (!served) throw new Error(`CRD ${crd.metadata.name} in ${file} does not serve version ${version}`);
            const schema = served.schema?.openAPIV3Schema;
            if (!schema) throw new Error(`CRD ${crd.metadata.name} version ${version} has no openAPIV3Schema`);
            const entry: CrdEntry = {
                file,
                namespaced: crd.spec.scope === "Namespaced",
                validate: kubernetesAjv().compile(closeSchema(withRootFields(schema))),
            };
            crdCache.set(cacheKey, entry);
            return entry;
        }
    }
    throw new Error(`no CRD for ${apiVersion} ${kind} under ${CRD_ROOT}`);
}

function ajvErrorText(e: ErrorObject): string {
    const where = e.instancePath || "/";
    if (e.keyword === "additionalProperties") return `${where} must NOT have additional property '${(e.params as any).additionalProperty}'`;
    if (e.keyword === "enum") return `${where} ${e.message}: ${JSON.stringify((e.params as any).allowedValues)}`;
    return `${where} ${e.message}`;
}

/** Formats ajv errors as `<instance path> <message>` lines. */
export function ajvErrors(errors: ErrorObject[] | null | undefined): string[] {
    return (errors ?? []).map(ajvErrorText);
}

/** Validates a custom resource against the served version of its CRD. Throws when no CRD is found. */
export function validateCustomResource(obj: Record<string, any>): SchemaResult {
    const entry = crdValidator(String(obj.apiVersion), String(obj.kind));
    const errors = entry.validate(obj) ? [] : ajvErrors(entry.validate.errors);
    errors.push(...metadataProblems(obj, { nameRule: "subdomain", namespaced: entry.namespaced }));
    return { ok: errors.length === 0, errors };
}

// ---------------------------------------------------------------------------
// Core objects, validated with kubernetes-models.

interface CoreKind {
    /** Module of the model class, relative to the kubernetes-models package. */
    module: string;
    nameRule: NameRule;
    namespaced: boolean;
    /** Top-level fields the kind has. */
    fields: string[];
}

const CORE_KINDS: Record<string, CoreKind> = {
    "v1/Namespace": { module: "v1/Namespace.js", nameRule: "label", namespaced: false, fields: ["spec", "status"] },
    "v1/ConfigMap": { module: "v1/ConfigMap.js", nameRule: "subdomain", namespaced: true, fields: ["data", "binaryData", "immutable"] },
    "v1/Secret": { module: "v1/Secret.js", nameRule: "subdomain", namespaced: true, fields: ["data", "stringData", "type", "immutable"] },
    "v1/Service": { module: "v1/Service.js", nameRule: "dns1035", namespaced: true, fields: ["spec", "status"] },
    "v1/ServiceAccount": {
        module: "v1/ServiceAccount.js",
        nameRule: "subdomain",
        namespaced: true,
        fields: ["secrets", "imagePullSecrets", "automountServiceAccountToken"],
    },
    "rbac.authorization.k8s.io/v1/ClusterRole": {
        module: "rbac.authorization.k8s.io/v1/ClusterRole.js",
        nameRule: "path-segment",
        namespaced: false,
        fields: ["rules", "aggregationRule"],
    },
    "rbac.authorization.k8s.io/v1/ClusterRoleBinding": {
        module: "rbac.authorization.k8s.io/v1/ClusterRoleBinding.js",
        nameRule: "path-segment",
        namespaced: false,
        fields: ["subjects", "roleRef"],
    },
    "apps/v1/Deployment": { module: "apps/v1/Deployment.js", nameRule: "subdomain", namespaced: true, fields: ["spec", "status"] },
};

const modelCache = new Map<string, new (data: unknown) => { validate(): void }>();

function modelClass(kind: CoreKind, name: string): new (data: unknown) => { validate(): void } {
    const cached = modelCache.get(kind.module);
    if (cached) return cached;
    // The package exports ESM under the "import" condition only; requiring the file
    // by path bypasses the exports map, and Node >= 20.19 loads ESM through require().
    const dir = path.dirname(require.resolve("kubernetes-models/package.json"));
    const cls = require(path.join(dir, kind.module))[name];
    if (typeof cls !== "function") throw new Error(`kubernetes-models has no class ${name} in ${kind.module}`);
    modelCache.set(kind.module, cls);
    return cls;
}

function portProblem(p: unknown, where: string): string | undefined {
    return typeof p === "number" && Number.isInteger(p) && p >= 1 && p <= 65535 ? undefined : `${where} must be a port number from 1 to 65535`;
}

function cidrLike(v: unknown): boolean {
    if (typeof v !== "string") return false;
    const [ip, prefix, extra] = v.split("/");
    if (extra !== undefined || prefix === undefined || !/^\d{1,3}$/.test(prefix)) return false;
    const v4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(ip);
    const v6 = !v4 && ip.includes(":") && /^[0-9a-fA-F:.]+$/.test(ip);
    return (v4 && Number(prefix) <= 32) || (v6 && Number(prefix) <= 128);
}

/** API-server rules of the kinds we build that the OpenAPI schema leaves out. */
function kindProblems(obj: Record<string, any>): string[] {
    const errors: string[] = [];
    switch (obj.kind) {
        case "ConfigMap":
        case "Secret":
            for (const field of ["data", "binaryData", "stringData"]) {
                for (const k of Object.keys(obj[field] ?? {}))
                    if (k.length > 253 || !CONFIG_KEY.test(k)) errors.push(`/${field} key "${k}" is not a valid config key`);
            }
            if (obj.kind === "Secret" && obj.type === "kubernetes.io/tls") {
                const keys = new Set([...Object.keys(obj.data ?? {}), ...Object.keys(obj.stringData ?? {})]);
                for (const k of ["tls.crt", "tls.key"]) if (!keys.has(k)) errors.push(`/data must have key '${k}' for type kubernetes.io/tls`);
            }
            break;
        case "Service": {
            const ports: any[] = obj.spec?.ports ?? [];
            const names = new Set<string>();
            ports.forEach((p, i) => {
                const pp = portProblem(p?.port, `/spec/ports/${i}/port`);
                if (pp) errors.push(pp);
                if (typeof p?.targetPort === "number") {
                    const tp = portProblem(p.targetPort, `/spec/ports/${i}/targetPort`);
                    if (tp) errors.push(tp);
                } else if (typeof p?.targetPort === "string" && (p.targetPort.length > 15 || !IANA_SVC_NAME.test(p.targetPort))) {
                    errors.push(`/spec/ports/${i}/targetPort "${p.targetPort}" is not a port name`);
                }
                if (p?.name !== undefined) {
                    if (!DNS1123_LABEL.test(p.name)) errors.push(`/spec/ports/${i}/name "${p.name}" is not a DNS-1123 label`);
                    if (names.has(p.name)) errors.push(`/spec/ports/${i}/name "${p.name}" is a duplicate`);
                    names.add(p.name);
                } else if (ports.length > 1) errors.push(`/spec/ports/${i}/name is required when there is more than one port`);
            });
            (obj.spec?.loadBalancerSourceRanges ?? []).forEach((r: unknown, i: number) => {
                if (!cidrLike(r)) errors.push(`/spec/loadBalancerSourceRanges/${i} ${JSON.stringify(r)} is not a CIDR`);
            });
            break;
        }
        case "Deployment": {
            const selector: Record<string, string> = obj.spec?.selector?.matchLabels ?? {};
            const podLabels: Record<string, string> = obj.spec?.template?.metadata?.labels ?? {};
            for (const [k, v] of Object.entries(selector))
                if (podLabels[k] !== v) errors.push(`/spec/template/metadata/labels must match the selector (${k}=${v})`);
            if (obj.spec?.selector && Object.keys(selector).length === 0 && !obj.spec.selector.matchExpressions?.length)
                errors.push("/spec/selector must not be empty");
            (obj.spec?.template?.spec?.containers ?? []).forEach((c: any, i: number) => {
                if (!DNS1123_LABEL.test(c?.name ?? "")) errors.push(`/spec/template/spec/containers/${i}/name is not a DNS-1123 label`);
                if (!c?.image) errors.push(`/spec/template/spec/containers/${i}/image is required`);
                (c?.ports ?? []).forEach((p: any, j: number) => {
                    const pp = portProblem(p?.containerPort, `/spec/template/spec/containers/${i}/ports/${j}/containerPort`);
                    if (pp) errors.push(pp);
                });
            });
            break;
        }
    }
    return errors;
}

/**
 * Validates a core object with kubernetes-models plus the API server's
 * metadata, port and key rules. Throws for kinds it does not know.
 */
export function validateCoreObject(obj: Record<string, any>): SchemaResult {
    const key = `${obj.apiVersion}/${obj.kind}`;
    const kind = CORE_KINDS[key];
    if (!kind) throw new Error(`validateCoreObject does not know ${key}; known: ${Object.keys(CORE_KINDS).join(", ")}`);
    const errors: string[] = [];
    const Model = modelClass(kind, String(obj.kind));
    try {
        new Model(obj).validate();
    } catch (e: any) {
        if (Array.isArray(e?.errors)) errors.push(...ajvErrors(e.errors));
        else errors.push(String(e?.message ?? e));
    }
    const topLevel = new Set(["apiVersion", "kind", "metadata", ...kind.fields]);
    for (const k of Object.keys(obj)) if (!topLevel.has(k)) errors.push(`/ must NOT have additional property '${k}'`);
    errors.push(...metadataProblems(obj, { nameRule: kind.nameRule, namespaced: kind.namespaced }));
    errors.push(...kindProblems(obj));
    return { ok: errors.length === 0, errors };
}

/** True when `obj` is a core kind that `validateCoreObject` handles. */
export function isCoreObject(obj: { apiVersion?: unknown; kind?: unknown }): boolean {
    return `${obj.apiVersion}/${obj.kind}` in CORE_KINDS;
}

/** Validates any object we build: core kinds with kubernetes-models, the rest against their CRD. */
export function validateObject(obj: Record<string, any>): SchemaResult {
    return isCoreObject(obj) ? validateCoreObject(obj) : validateCustomResource(obj);
}
