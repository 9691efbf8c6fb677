/**
 * What doctor accepts from an API server or the orchestrator before any check
 * looks at it. The Kubernetes client maps answers to typed objects without
 * checking types, so a proxy's HTML page, a wrong-typed field or a hostile
 * server would otherwise surface as a TypeError or, worse, as an OK. Each
 * function returns undefined when the value has the shape the checks rely
 * on, or one phrase saying what is wrong (never the value itself).
 */
import { terminalSafe } from "../plan/text";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const isStringMap = (v: unknown) => isObj(v) && Object.values(v).every((x) => typeof x === "string");
const optString = (v: unknown) => v === undefined || typeof v === "string";

/** Longest list doctor reads from one namespace; more is not a Skupper site namespace. */
export const MAX_ITEMS = 5_000;
/** Longest string doctor keeps from an answer (the size limit of a ConfigMap). */
export const MAX_STRING = 1024 * 1024;

function metaProblem(m: unknown, at: string): string | undefined {
    if (!isObj(m)) return `${at}.metadata is not an object`;
    if (typeof m.name !== "string") return `${at}.metadata.name is not a string`;
    // The Kubernetes client fills in defaults for whatever it could not map; a real object always has a name.
    if (m.name === "") return `${at} has no metadata.name: not a Kubernetes object (an HTML page or a proxy's answer?)`;
    if (!isStringMap(m.labels)) return `${at}.metadata.labels is not a map of strings`;
    if (!isStringMap(m.annotations)) return `${at}.metadata.annotations is not a map of strings`;
    return undefined;
}

function listProblem<T>(v: unknown, what: string, item: (x: unknown, at: string) => string | undefined): string | undefined {
    if (!Array.isArray(v)) return `the ${what} list is not a list`;
    if (v.length > MAX_ITEMS) return `the ${what} list has ${v.length} items, more than the ${MAX_ITEMS} doctor reads`;
    for (let i = 0; i < v.length; i++) {
        const p = item(v[i] as T, `${what}[${i}]`);
        if (p) return p;
    }
    return undefined;
}

export function podProblem(p: unknown, at = "pod"): string | undefined {
    if (!isObj(p)) return `${at} is not an object`;
    const m = metaProblem(p.metadata, at);
    if (m) return m;
    if (!optString(p.phase)) return `${at}.status.phase is not a string`;
    if (typeof p.ready !== "boolean") return `${at}.ready is not true or false`;
    if (!Array.isArray(p.containers)) return `${at}.status.containerStatuses is not a list`;
    for (const c of p.containers) {
        if (
            !isObj(c) ||
            typeof c.name !== "string" ||
            typeof c.ready !== "boolean" ||
            typeof c.restartCount !== "number" ||
            !optString(c.reason) ||
            !optString(c.message)
        )
            return `${at}.status.containerStatuses has an entry of the wrong shape (name, ready, restartCount)`;
    }
    return undefined;
}

export function serviceProblem(s: unknown, at = "Service"): string | undefined {
    if (!isObj(s)) return `${at} is not an object`;
    const m = metaProblem(s.metadata, at);
    if (m) return m;
    if (typeof s.type !== "string") return `${at}.spec.type is not a string`;
    if (!optString(s.loadBalancerIP)) return `${at}.spec.loadBalancerIP is not a string`;
    if (!Array.isArray(s.loadBalancerSourceRanges) || !s.loadBalancerSourceRanges.every((r) => typeof r === "string"))
        return `${at}.spec.loadBalancerSourceRanges is not a list of strings`;
    if (!Array.isArray(s.ports) || !s.ports.every((p) => isObj(p) && typeof p.port === "number")) return `${at}.spec.ports is not a list of ports`;
    if (!Array.isArray(s.ingress) || !s.ingress.every((i) => isObj(i) && optString(i.ip) && optString(i.hostname)))
        return `${at}.status.loadBalancer.ingress is not a list of addresses`;
    return undefined;
}

/** `/version`'s answer: a version object with a gitVersion such as v1.30.2 (k8s.io/apimachinery/pkg/version.Info). */
export function versionProblem(v: unknown): string | undefined {
    if (!isObj(v) || typeof v.gitVersion !== "string" || !/^v\d+\.\d+/.test(v.gitVersion))
        return "not a Kubernetes version object (no gitVersion such as v1.30.2)";
    return undefined;
}

export function configMapProblem(c: unknown, at = "ConfigMap"): string | undefined {
    if (!isObj(c)) return `${at} is not an object`;
    return metaProblem(c.metadata, at) ?? (isStringMap(c.data) ? undefined : `${at}.data is not a map of strings`);
}

export function secretProblem(s: unknown, at = "Secret"): string | undefined {
    if (!isObj(s)) return `${at} is not an object`;
    const m = metaProblem(s.metadata, at);
    if (m) return m;
    if (!optString(s.type)) return `${at}.type is not a string`;
    return Array.isArray(s.dataKeys) && s.dataKeys.every((k) => typeof k === "string") ? undefined : `${at}.data is not a map`;
}

export function deploymentProblem(d: unknown, at = "Deployment"): string | undefined {
    if (!isObj(d)) return `${at} is not an object`;
    const m = metaProblem(d.metadata, at);
    if (m) return m;
    for (const k of ["replicas", "readyReplicas", "availableReplicas"]) if (typeof d[k] !== "number") return `${at} ${k} is not a number`;
    if (!Array.isArray(d.conditions) || !d.conditions.every((c) => isObj(c) && typeof c.type === "string" && typeof c.status === "string"))
        return `${at}.status.conditions is not a list of conditions`;
    return undefined;
}

/** A Skupper v2 resource as `skupperResourceInfo` (tools/kube-client/src/objects.ts) reduced it. */
export function skupperResourceProblem(r: unknown, at = "resource"): string | undefined {
    if (!isObj(r)) return `${at} is not an object`;
    const m = metaProblem(r.metadata, at);
    if (m) return m;
    if (!isObj(r.spec) || !Array.isArray(r.spec.endpoints)) return `${at}.spec is not an object`;
    if (!isObj(r.status) || !Array.isArray(r.status.conditions)) return `${at}.status is not an object`;
    if (!r.status.conditions.every((c) => isObj(c) && typeof c.type === "string" && typeof c.status === "string"))
        return `${at}.status.conditions has an entry without a string type and status`;
    return undefined;
}

/** A list of Skupper v2 resources, or undefined when their CRD is not installed. */
export const skupperResourcesProblem = (kind: string) => (v: unknown) => (v === undefined ? undefined : listProblem(v, kind, skupperResourceProblem));

export const podsProblem = (v: unknown) => listProblem(v, "pod", podProblem);
export const servicesProblem = (v: unknown) => listProblem(v, "Service", serviceProblem);
export const secretsProblem = (v: unknown) => listProblem(v, "Secret", secretProblem);
/** A single object that may be absent (404 → undefined). */
export const optional = (check: (v: unknown) => string | undefined) => (v: unknown) => (v === undefined ? undefined : check(v));
export const siteControllerProblem = (v: unknown) =>
    isObj(v) && typeof v.namespace === "string" ? optional(deploymentProblem)(v.deployment) : "the site controller lookup has the wrong shape";

/** `GET …/networks/{name}`: an object with `spec.type` a string (upstream's NetworkObject). */
export function networkObjectProblem(v: unknown): string | undefined {
    if (v === undefined) return undefined;
    if (!isObj(v)) return `the orchestrator answered ${Array.isArray(v) ? "a list" : typeof v === "string" ? "text" : typeof v}, not a network object`;
    if (!isObj(v.spec)) return "the orchestrator's network object has no spec";
    if (typeof v.spec.type !== "string") return "the orchestrator's network object has no spec.type";
    if (!optString(v.spec.description)) return "the orchestrator's network spec.description is not a string";
    return undefined;
}

/** `GET …/appdeployment/deployments`: a list of objects with string names. */
export function deploymentsProblem(v: unknown): string | undefined {
    if (!Array.isArray(v)) return "the orchestrator's deployment list is not a list";
    if (v.length > MAX_ITEMS) return `the orchestrator listed ${v.length} deployments, more than the ${MAX_ITEMS} doctor reads`;
    const bad = v.findIndex((d) => !isObj(d) || !optString(d.displayName) || !optString(d.name) || !optString(d.deployId));
    return bad >= 0 ? `deployment ${bad} of the orchestrator's list has the wrong shape` : undefined;
}

/**
 * A copy of an answer with every string made terminal-safe and cut to
 * {@link MAX_STRING}: names and messages from a cluster end up in the
 * report, so a pod message cannot clear the screen or fake report lines.
 */
export function cleanStrings<T>(value: T, depth = 0): T {
    if (typeof value === "string") {
        const s = terminalSafe(value.length > MAX_STRING ? value.slice(0, MAX_STRING) : value);
        return s as unknown as T;
    }
    if (depth > 32 || typeof value !== "object" || value === null) return value;
    if (Array.isArray(value)) return value.map((v) => cleanStrings(v, depth + 1)) as unknown as T;
    const out: Obj = Object.create(Object.getPrototypeOf(value) === null ? null : Object.prototype);
    for (const [k, v] of Object.entries(value)) out[terminalSafe(k)] = cleanStrings(v, depth + 1);
    return out as T;
}
