/**
 * The stack configuration (`Pulumi.<stack>.yaml`, key namespace
 * `edge-interconnect:`) that describes a whole interconnect, validated with
 * zod before any resource exists. Every problem names the configuration key
 * path, e.g. `edge-interconnect:hubs[0].loadBalancer.routerIp`.
 */
import { z } from "zod";
import { apiUrlProblem } from "../../provider/orchestrator/urls";
import { ExtensionPackage, extensionPackagesFor } from "../managed/extensions";
import type { KeyAlgorithm } from "../../provider/pki";
import { HubAddOnArgs, MemberAddOnArgs, validateHubAddOns, validateSpokeAddOns } from "../topology/addons";
import { PRODUCT_DOC_NAMING, SkupperVersion, SpokeModel, TopologyModel } from "../topology/model";
import { SHARD_NAME } from "../join/joinInfo";
import { CONTROL_CHARACTERS, clipMessage, projectNameProblem } from "../topology/names";
import { TopologyError, TopologyIssue, formatPath, validateSpoke, validateTopology } from "../topology/validate";

/** The project name, which is also the configuration namespace. */
export const CONFIG_NAMESPACE = "edge-interconnect";

/** Where a cluster's kubeconfig comes from. Plans need none of them. */
export type KubeconfigSource =
    | { kind: "secret"; value: string | undefined }
    | { kind: "file"; path: string }
    | { kind: "context"; context: string }
    | { kind: "none" };

export interface ClusterAccess {
    kubeconfig: KubeconfigSource;
    clusterId?: string;
    /** Orchestrator-managed mode: the cluster's id in the orchestrator. */
    orchestratorClusterId?: string;
}

/** An application deployed through the orchestrator that joins the network (managed mode). */
export interface ApplicationConfig {
    name: string;
    role: "server" | "client";
    appName: string;
    appVersion: string;
    profileName?: string;
    displayName?: string;
    /** Member names (clusters with orchestratorClusterId). */
    clusters: string[];
    exposedApplications?: string[];
}

/**
 * What a cluster installs besides the mesh, as configured (validated with
 * validateHubAddOns / validateSpokeAddOns; the components fill the defaults).
 */
export interface ClusterAddOns extends HubAddOnArgs {
    /** Spokes only: key type of the link's client certificate. */
    linkKeyAlgorithm?: KeyAlgorithm;
}

/** The validated stack configuration. */
export interface StackConfig {
    topology: TopologyModel;
    network: { description?: string; adoptExisting: boolean };
    orchestrator?: {
        apiUrl: string;
        project: string;
        keycloakUrl?: string;
        caCert?: string;
        username?: string;
        requestTimeoutSeconds?: number;
        operationTimeoutSeconds?: number;
        /** Orchestrator release whose extension packages the managed mode deploys (sdk/managed/extensions.ts). */
        release?: string;
        /** Extension package fields over the release's. */
        extensionPackages?: { loadbalancer?: Partial<ExtensionPackage>; skupper?: Partial<ExtensionPackage> };
    };
    access: Record<string, ClusterAccess>;
    annotateServices: Record<string, boolean>;
    /** Member name → its add-on keys (`metallb`, `certManager`, `skupperController`, `imageRegistry`, `linkKeyAlgorithm`), only those given. */
    addOns: Record<string, ClusterAddOns>;
    applications: ApplicationConfig[];
    /** Hub name → the shards it issues join information for (`hubs[i].shards`); hubs without shards are absent. */
    shards: Record<string, string[]>;
    /**
     * A spoke-shard stack (`hubStack` and `shard`): its spokes link to hubs of
     * another stack, through that stack's `joinInfo` output; it declares no hubs.
     */
    shardOf?: { hubStack: string; shard: string };
    /**
     * What was accepted but is worth saying (key path and message), e.g. a
     * kubeconfigFile that an explicit kubeconfig overrides. Commands print them as notes.
     */
    notes?: TopologyIssue[];
}

/** Configuration problems; the message is the first one, as one line; `lines` has them all. */
export class StackConfigError extends Error {
    constructor(readonly issues: TopologyIssue[]) {
        super(clipMessage(issues.map((i) => `${i.path}: ${i.message}`)[0]) + (issues.length > 1 ? ` (and ${issues.length - 1} more problem(s))` : ""));
        this.name = "StackConfigError";
    }

    /** Every problem, one line each naming its key, as the CLI and the root program print them. */
    get lines(): string[] {
        return this.issues.map((i) => clipMessage(`${i.path}: ${i.message}`));
    }
}

/** A `secure:` value as it stands in a stack file: set, but not readable without the stack's key. */
function isSecureEnvelope(v: unknown): boolean {
    return typeof v === "object" && v !== null && Object.keys(v).length === 1 && typeof (v as { secure?: unknown }).secure === "string";
}

const ACCESS_KEYS = ["kubeconfig", "kubeconfigFile", "context", "clusterId", "orchestratorClusterId"] as const;
/** Keys of a hub or spoke that the add-on validation owns (sdk/topology/addons.ts), and the spoke's link key type. */
const ADD_ON_KEYS = {
    hubs: ["metallb", "certManager", "skupperController", "imageRegistry"],
    spokes: ["skupperController", "imageRegistry", "linkKeyAlgorithm"],
} as const;
const KEY_ALGORITHMS: readonly KeyAlgorithm[] = ["ECDSA-P256", "RSA"];

/**
 * Validates one member's add-on keys with the components' own rules,
 * pushing every problem with its key path (`edge-interconnect:hubs[0].metallb.chart.path`).
 */
function memberAddOns(
    key: "hubs" | "spokes",
    index: number,
    part: Record<string, unknown>,
    issues: TopologyIssue[],
    skupperVersion: SkupperVersion,
): ClusterAddOns | undefined {
    // Nothing given, nothing to check (the common case: thousands of spokes with defaults).
    if (Object.keys(part).length === 0) return {};
    const ns = `${CONFIG_NAMESPACE}:`;
    const before = issues.length;
    const { linkKeyAlgorithm, ...rest } = part;
    try {
        if (key === "hubs") validateHubAddOns(rest as HubAddOnArgs, [key, index], skupperVersion);
        else validateSpokeAddOns(rest as MemberAddOnArgs, [key, index], skupperVersion);
    } catch (e) {
        if (!(e instanceof TopologyError)) throw e;
        for (const i of e.issues) issues.push({ path: ns + i.path, message: i.message });
    }
    if (linkKeyAlgorithm !== undefined && !KEY_ALGORITHMS.includes(linkKeyAlgorithm as KeyAlgorithm))
        issues.push({ path: ns + formatPath([key, index, "linkKeyAlgorithm"]), message: `must be ${KEY_ALGORITHMS.join(" or ")}` });
    // Plain objects again (the configuration copy has no prototypes): Helm values reach the provider as they were written.
    return issues.length > before ? undefined : (JSON.parse(JSON.stringify(part)) as ClusterAddOns);
}

function accessSchema() {
    return z
        .object({
            kubeconfig: z
                .union([z.string().trim().min(1, "must not be empty"), z.object({ secure: z.string() }).strict()], {
                    error: "must be a kubeconfig set with `pulumi config set --secret --path`",
                })
                .optional(),
            kubeconfigFile: z.string({ error: "must be a file path" }).trim().min(1, "must not be empty").optional(),
            context: z.string({ error: "must be a kubeconfig context name" }).trim().min(1, "must not be empty").optional(),
            clusterId: z
                .string({ error: "must be a string" })
                .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be lowercase letters, digits, '-' and '.'")
                .optional(),
            annotateServices: z.boolean({ error: "must be true or false" }).optional(),
            orchestratorClusterId: z
                .string({ error: "must be the cluster's id in the orchestrator" })
                .regex(/^[a-zA-Z0-9][a-zA-Z0-9-_.]{0,98}[a-zA-Z0-9]?$/, "must be an orchestrator cluster id: letters, digits, '-', '_' and '.'")
                .optional(),
        })
        .superRefine((v, ctx) => {
            // kubeconfig beside kubeconfigFile is what `pulumi config set --secret --path '…hubs[0].kubeconfig'`
            // leaves in a stack that had a file: the explicit kubeconfig wins (parseStackConfig notes it).
            const given = (["kubeconfig", "kubeconfigFile", "context", "orchestratorClusterId"] as const).filter(
                (k) => v[k] !== undefined && !(k === "kubeconfigFile" && v.kubeconfig !== undefined),
            );
            if (given.length > 1)
                ctx.addIssue({ code: "custom", path: [given[1]], message: `cannot be combined with ${given[0]}; give one kubeconfig source` });
        });
}

/** One extension package's fields, each optional (over the release's); ADM's patterns (FACTS §2.2). */
function extensionPackageSchema() {
    const name = z.string().regex(/^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]{0,1}$/, "must be a package or application name: lowercase letters, digits and '-'");
    return z
        .object({
            appName: name.optional(),
            appVersion: z
                .string()
                .regex(/^[a-z0-9][a-z0-9-.]{0,18}[a-z0-9]{0,1}$/, "must be a version: lowercase letters, digits, '-' and '.'")
                .optional(),
            profileName: z
                .string()
                .regex(/^[a-z0-9]*[a-z0-9-]{0,38}[a-z0-9]{0,1}$/, "must be a profile name: lowercase letters, digits and '-'")
                .optional(),
            applications: z.array(name).min(1, "must name at least one application").optional(),
        })
        .strict();
}

function orchestratorSchema() {
    return z
        .object(
            {
                apiUrl: z.string({ error: "must be a URL such as https://api.<cluster-fqdn>" }).superRefine((v, ctx) => {
                    const problem = apiUrlProblem(v);
                    if (problem) ctx.addIssue({ code: "custom", message: problem });
                }),
                project: z.string({ error: "must be the project name" }).superRefine((v, ctx) => {
                    const problem = projectNameProblem(v);
                    if (problem) ctx.addIssue({ code: "custom", message: problem });
                }),
                keycloakUrl: z
                    .string()
                    .superRefine((v, ctx) => {
                        const problem = apiUrlProblem(v);
                        if (problem) ctx.addIssue({ code: "custom", message: problem });
                    })
                    .optional(),
                caCert: z.string().includes("-----BEGIN CERTIFICATE-----", { message: "must be a PEM bundle" }).optional(),
                username: z.string().min(1, "must not be empty").optional(),
                requestTimeoutSeconds: z.number().int().min(1).max(600).optional(),
                operationTimeoutSeconds: z.number().int().min(1).max(3600).optional(),
                release: z
                    .string()
                    .superRefine((v, ctx) => {
                        const packages = extensionPackagesFor(v);
                        if (typeof packages === "string") ctx.addIssue({ code: "custom", message: packages });
                    })
                    .optional(),
                extensionPackages: z
                    .object({ loadbalancer: extensionPackageSchema().optional(), skupper: extensionPackageSchema().optional() })
                    .strict()
                    .optional(),
            },
            { error: "must be a mapping with apiUrl and project" },
        )
        .strict();
}

function networkSchema() {
    return z
        .object(
            {
                name: z.string({ error: "must be a string" }),
                description: z.string({ error: "must be a string" }).max(1024, "must be at most 1024 characters").optional(),
                adoptExisting: z.boolean({ error: "must be true or false" }).optional(),
                naming: z.unknown().optional(),
                // Checked with the topology (validateTopology), which names the field network.skupperVersion.
                skupperVersion: z.unknown().optional(),
            },
            { error: "must be a mapping with name" },
        )
        .strict();
}

const KNOWN_KEYS = ["orchestrator", "network", "hubs", "spokes", "applications", "orchestratorToken", "orchestratorPassword", "hubStack", "shard"];

/** A stack name as `pulumi stack ls` and StackReference take it: `organization/project/stack` (or `stack`, `project/stack`). */
const STACK_REFERENCE = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+){0,2}$/;

/** The message of a shard name that is not one. */
const SHARD_NAME_RULE = "must be a shard name: lowercase letters, digits and '-', at most 40, starting and ending with a letter or digit";

function applicationsSchema() {
    const name = z
        .string({ error: "must be a string" })
        .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be lowercase letters, digits and '-'")
        .max(40, "must be at most 40 characters");
    return z.array(
        z
            .object({
                name,
                role: z.enum(["server", "client"], { error: "must be server or client" }),
                appName: name,
                appVersion: z.string({ error: "must be a string" }).min(1, "must not be empty").max(20, "must be at most 20 characters"),
                profileName: z.string().optional(),
                displayName: z.string().optional(),
                clusters: z
                    .array(z.string({ error: "must be member names" }), { error: "must be a list of member names" })
                    .min(1, "must name at least one member"),
                exposedApplications: z.array(z.string()).optional(),
            })
            .strict(),
        { error: "must be a list of applications" },
    );
}

/** Keys that reach or replace an object's prototype when assigned (`a[key] = v`). */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);
/** Deeper values are not configuration; refusing them also bounds the recursion. */
const MAX_DEPTH = 32;

/**
 * A copy of parsed configuration made only of plain data: objects without
 * prototypes, so no key can switch a setting on by inheritance (a hub's
 * `__proto__: {allowPublicExposure: true}`). Keys that touch prototypes,
 * control characters in keys or strings (they rewrite terminals and split
 * lines) and absurd nesting are refused, each naming its key path.
 */
export function plainConfigData(value: unknown, path: PropertyKey[], issues: TopologyIssue[], depth = 0): unknown {
    const where = () => formatPath(path) || "(configuration)";
    if (depth > MAX_DEPTH) {
        issues.push({ path: where(), message: `nests deeper than ${MAX_DEPTH} levels; configuration values are shallow` });
        return undefined;
    }
    if (typeof value === "string") {
        // Tabs and line breaks are fine (kubeconfigs, PEM bundles, descriptions); other controls are not.
        if (CONTROL_CHARACTERS.test(value.replace(/[\t\n\r]/g, "")))
            issues.push({ path: where(), message: "contains control characters (ESC, NUL, …); remove them" });
        return value;
    }
    if (Array.isArray(value)) return value.map((v, i) => plainConfigData(v, [...path, i], issues, depth + 1));
    if (typeof value !== "object" || value === null) return value;
    const out: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(value)) {
        if (PROTOTYPE_KEYS.has(key)) {
            issues.push({
                path: where(),
                message: `has the key "${key}", which is not configuration (it would reach JavaScript object prototypes); remove it`,
            });
            continue;
        }
        if (CONTROL_CHARACTERS.test(key)) {
            issues.push({ path: where(), message: `has a key with control characters (${JSON.stringify(key).slice(0, 60)}); remove it` });
            continue;
        }
        out[key] = plainConfigData((value as Record<string, unknown>)[key], [...path, key], issues, depth + 1);
    }
    return out;
}

/** Levenshtein distance, for telling a misspelt configuration namespace from another project's. */
function editDistance(a: string, b: string): number {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = cur;
    }
    return prev[b.length];
}

/**
 * Validates the `edge-interconnect:*` keys of a configuration map (keys
 * with their namespace, values as plain data or `{secure: …}` envelopes).
 */
export function parseStackConfig(input: Record<string, unknown>): StackConfig {
    const ns = `${CONFIG_NAMESPACE}:`;
    const issues: TopologyIssue[] = [];
    // Refused keys are dropped from the copy, so the other rules still run and every problem is reported at once.
    const dataIssues: TopologyIssue[] = [];
    const config = plainConfigData(input, [], dataIssues) as Record<string, unknown>;
    const at = (key: string, path: PropertyKey[] = []) => ns + formatPath([key, ...path]);
    const collect = (error: z.ZodError, key: string) => {
        for (const i of error.issues) {
            issues.push({
                path: at(key, i.path),
                message: i.code === "unrecognized_keys" ? `unknown key(s) ${(i as { keys: string[] }).keys.join(", ")}` : i.message,
            });
        }
    };
    const own: Record<string, unknown> = Object.create(null);
    for (const [k, v] of Object.entries(config)) {
        if (!k.startsWith(ns)) {
            // A misspelt namespace would silently drop its keys (Pulumi keeps them for another project): refuse it.
            const [other, ...rest] = k.split(":");
            if (rest.length && other !== CONFIG_NAMESPACE && editDistance(other, CONFIG_NAMESPACE) <= 2)
                issues.push({ path: k, message: `is in namespace "${other}", not this project's "${CONFIG_NAMESPACE}"; did you mean ${ns}${rest.join(":")}?` });
            continue;
        }
        const key = k.slice(ns.length);
        if (!KNOWN_KEYS.includes(key))
            issues.push({ path: k, message: `is not a configuration key of this project; known keys: ${KNOWN_KEYS.map((x) => ns + x).join(", ")}` });
        else own[key] = v;
    }
    if (own.hubStack !== undefined || own.shard !== undefined) return parseShardStackConfig(own, dataIssues, issues);
    for (const required of ["network", "hubs"]) if (own[required] === undefined) issues.push({ path: ns + required, message: "is required" });
    if (issues.length) throw new StackConfigError([...dataIssues, ...issues]);

    const network = networkSchema().safeParse(own.network);
    if (!network.success) collect(network.error, "network");
    let orchestrator: StackConfig["orchestrator"];
    if (own.orchestrator !== undefined) {
        const o = orchestratorSchema().safeParse(own.orchestrator);
        if (!o.success) collect(o.error, "orchestrator");
        else orchestrator = o.data;
    }
    const lists: Record<"hubs" | "spokes", Record<string, unknown>[]> = { hubs: [], spokes: [] };
    const access: Record<string, ClusterAccess> = Object.create(null);
    const annotateServices: Record<string, boolean> = Object.create(null);
    const addOnsOf: Record<string, ClusterAddOns> = Object.create(null);
    const shardsOf: Record<string, string[]> = Object.create(null);
    // One schema for every member: building a zod schema costs more than using it.
    const accessParser = accessSchema();
    const notes: TopologyIssue[] = [];
    for (const key of ["hubs", "spokes"] as const) {
        const value = own[key] ?? [];
        if (!Array.isArray(value)) {
            issues.push({ path: ns + key, message: `must be a list of ${key}` });
            continue;
        }
        value.forEach((entry, index) => {
            if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
                issues.push({ path: at(key, [index]), message: "must be a mapping" });
                return;
            }
            const raw = entry as Record<string, unknown>;
            const accessPart: Record<string, unknown> = Object.create(null);
            const topologyPart: Record<string, unknown> = Object.create(null);
            const addOnPart: Record<string, unknown> = Object.create(null);
            if (key === "hubs" && raw.shards !== undefined) {
                if (raw.orchestratorClusterId !== undefined)
                    issues.push({
                        path: at(key, [index, "shards"]),
                        message: "apply to direct-mode hubs; a managed hub's spokes are linked by the orchestrator",
                    });
                const shards = shardList(raw.shards, at(key, [index, "shards"]), issues);
                if (shards && typeof raw.name === "string") shardsOf[raw.name] = shards;
            }
            for (const [k, v] of Object.entries(raw)) {
                // Shards are the hub stack's business, not the topology's (checked above).
                if (key === "hubs" && k === "shards") continue;
                ((ADD_ON_KEYS[key] as readonly string[]).includes(k)
                    ? addOnPart
                    : (ACCESS_KEYS as readonly string[]).includes(k) || k === "annotateServices"
                      ? accessPart
                      : topologyPart)[k] = v;
            }
            if (key === "hubs" && accessPart.orchestratorClusterId !== undefined) {
                // The orchestrator's load balancer cannot be restricted from here; the guardrails say so.
                topologyPart.allowedSourceRanges ??= [];
                topologyPart.allowPublicExposure = true;
            }
            if (key === "spokes" && accessPart.annotateServices !== undefined) {
                delete accessPart.annotateServices;
                topologyPart.annotateServices = raw.annotateServices;
            }
            const parsed = accessParser.safeParse(accessPart);
            if (!parsed.success) for (const i of parsed.error.issues) issues.push({ path: at(key, [index, ...i.path]), message: i.message });
            else if (typeof raw.name === "string") {
                const v = parsed.data;
                if (v.kubeconfig !== undefined && v.kubeconfigFile !== undefined)
                    notes.push({
                        path: at(key, [index, "kubeconfigFile"]),
                        message: `is not used: ${raw.name}'s explicit kubeconfig (${at(key, [index, "kubeconfig"])}) wins; remove kubeconfigFile to silence this note`,
                    });
                const kubeconfig: KubeconfigSource =
                    v.kubeconfig !== undefined
                        ? { kind: "secret", value: isSecureEnvelope(v.kubeconfig) ? undefined : (v.kubeconfig as string) }
                        : v.kubeconfigFile !== undefined
                          ? { kind: "file", path: v.kubeconfigFile }
                          : v.context !== undefined
                            ? { kind: "context", context: v.context }
                            : { kind: "none" };
                access[raw.name] = {
                    kubeconfig,
                    ...(v.clusterId ? { clusterId: v.clusterId } : {}),
                    ...(v.orchestratorClusterId ? { orchestratorClusterId: v.orchestratorClusterId } : {}),
                };
                if (key === "hubs") annotateServices[raw.name] = v.annotateServices ?? true;
            }
            if (accessPart.orchestratorClusterId !== undefined && (own.network as { skupperVersion?: unknown })?.skupperVersion === "v2")
                issues.push({
                    path: at(key, [index, "orchestratorClusterId"]),
                    message: `is given, but network.skupperVersion is "v2"; the orchestrator's skupper extension runs Skupper v1, so v2 networks use the direct mode (kubeconfig or context)`,
                });
            if (accessPart.orchestratorClusterId !== undefined)
                for (const k of Object.keys(addOnPart))
                    issues.push({
                        path: at(key, [index, k]),
                        message:
                            "applies to the direct mode; an orchestrator-managed cluster (orchestratorClusterId) gets its add-ons from the orchestrator's extension packages",
                    });
            else {
                // An invalid version is reported by the topology; the add-ons are then checked as v1's.
                const version = (own.network as { skupperVersion?: unknown })?.skupperVersion === "v2" ? "v2" : "v1";
                const addOns = memberAddOns(key, index, addOnPart, issues, version);
                if (addOns && Object.keys(addOns).length && typeof raw.name === "string") addOnsOf[raw.name] = addOns;
            }
            lists[key].push(topologyPart);
        });
    }
    let topology: TopologyModel | undefined;
    try {
        topology = validateTopology({
            network: {
                name: (own.network as { name?: string })?.name as string,
                naming: (own.network as { naming?: object })?.naming,
                skupperVersion: (own.network as { skupperVersion?: "v1" | "v2" })?.skupperVersion,
            },
            hubs: lists.hubs as never,
            spokes: lists.spokes as never,
        });
    } catch (e) {
        if (!(e instanceof TopologyError)) throw e;
        for (const i of e.issues) issues.push({ path: ns + i.path.replace(/^network\.name$/, "network.name"), message: i.message });
    }
    let applications: ApplicationConfig[] = [];
    if (own.applications !== undefined) {
        const apps = applicationsSchema().safeParse(own.applications);
        if (!apps.success) collect(apps.error, "applications");
        else {
            applications = apps.data;
            if (!orchestrator && applications.length)
                issues.push({
                    path: ns + "applications",
                    message: "need edge-interconnect:orchestrator: applications are deployed through its App Deployment Manager",
                });
            applications.forEach((app, i) =>
                app.clusters.forEach((c, j) => {
                    if (!access[c]) issues.push({ path: at("applications", [i, "clusters", j]), message: `"${c}" is not a hub or spoke of this stack` });
                    else if (!access[c].orchestratorClusterId)
                        issues.push({
                            path: at("applications", [i, "clusters", j]),
                            message: `"${c}" has no orchestratorClusterId: applications run on orchestrator-managed members`,
                        });
                }),
            );
        }
    }
    if (issues.length || dataIssues.length || !topology) throw new StackConfigError([...dataIssues, ...issues]);
    return {
        topology,
        network: {
            description: network.success ? network.data.description : undefined,
            adoptExisting: (network.success && network.data.adoptExisting) || false,
        },
        orchestrator,
        access,
        annotateServices,
        addOns: addOnsOf,
        applications,
        shards: shardsOf,
        ...(notes.length ? { notes } : {}),
    };
}

/** `hubs[i].shards`, checked: a list of distinct shard names. */
function shardList(value: unknown, path: string, issues: TopologyIssue[]): string[] | undefined {
    if (!Array.isArray(value)) {
        issues.push({ path, message: "must be a list of shard names" });
        return undefined;
    }
    const before = issues.length;
    value.forEach((s, i) => {
        if (typeof s !== "string" || !SHARD_NAME.test(s)) issues.push({ path: `${path}[${i}]`, message: `${SHARD_NAME_RULE} (got ${JSON.stringify(s)})` });
        else if (value.indexOf(s) !== i) issues.push({ path: `${path}[${i}]`, message: `"${s}" is listed twice` });
    });
    return issues.length > before ? undefined : (value as string[]);
}

/**
 * A spoke-shard stack: `hubStack` names the hub's stack, `shard` the shard
 * whose join information this stack's spokes use, `spokes` the spokes. The
 * hubs, their network and their orchestrator belong to the hub stack.
 */
function parseShardStackConfig(own: Record<string, unknown>, dataIssues: TopologyIssue[], issues: TopologyIssue[]): StackConfig {
    const ns = `${CONFIG_NAMESPACE}:`;
    const hubStack = own.hubStack;
    const shard = own.shard;
    if (hubStack === undefined)
        issues.push({ path: ns + "shard", message: `needs ${ns}hubStack: the stack (organization/project/stack) whose hubs issued the shard` });
    else if (typeof hubStack !== "string" || !STACK_REFERENCE.test(hubStack))
        issues.push({ path: ns + "hubStack", message: `must name the hub stack as organization/project/stack (got ${JSON.stringify(hubStack)})` });
    if (shard === undefined)
        issues.push({ path: ns + "shard", message: `is required with ${ns}hubStack: the shard of the hub stack this stack's spokes belong to` });
    else if (typeof shard !== "string" || !SHARD_NAME.test(shard))
        issues.push({ path: ns + "shard", message: `${SHARD_NAME_RULE} (got ${JSON.stringify(shard)})` });
    for (const key of ["hubs", "network", "orchestrator", "applications"])
        if (own[key] !== undefined)
            issues.push({
                path: ns + key,
                message: `belongs to the hub stack; a spoke-shard stack (${ns}hubStack) declares only spokes, and reads its hubs' network from their join information`,
            });
    const access: Record<string, ClusterAccess> = Object.create(null);
    const addOnsOf: Record<string, ClusterAddOns> = Object.create(null);
    const spokes: SpokeModel[] = [];
    const accessParser = accessSchema();
    const list = own.spokes;
    if (list === undefined) issues.push({ path: ns + "spokes", message: "is required: the spokes of this shard" });
    else if (!Array.isArray(list)) issues.push({ path: ns + "spokes", message: "must be a list of spokes" });
    else {
        const seen = new Map<string, number>();
        list.forEach((entry, index) => {
            const at = (...rest: PropertyKey[]) => ns + formatPath(["spokes", index, ...rest]);
            if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
                issues.push({ path: at(), message: "must be a mapping" });
                return;
            }
            const raw = entry as Record<string, unknown>;
            const accessPart: Record<string, unknown> = Object.create(null);
            const topologyPart: Record<string, unknown> = Object.create(null);
            const addOnPart: Record<string, unknown> = Object.create(null);
            for (const [k, v] of Object.entries(raw))
                ((ADD_ON_KEYS.spokes as readonly string[]).includes(k)
                    ? addOnPart
                    : (ACCESS_KEYS as readonly string[]).includes(k)
                      ? accessPart
                      : topologyPart)[k] = v;
            if (accessPart.orchestratorClusterId !== undefined)
                issues.push({
                    path: at("orchestratorClusterId"),
                    message: "applies to orchestrator-managed spokes, which the orchestrator links; a spoke-shard stack is direct mode",
                });
            const parsed = accessParser.safeParse(accessPart);
            if (!parsed.success) for (const i of parsed.error.issues) issues.push({ path: at(...i.path), message: i.message });
            try {
                const spoke = validateSpoke(topologyPart);
                const first = seen.get(spoke.name);
                if (first !== undefined) issues.push({ path: at("name"), message: `"${spoke.name}" is already spokes[${first}]; names must be unique` });
                seen.set(spoke.name, index);
                spokes.push(spoke);
                if (parsed.success) {
                    const v = parsed.data;
                    access[spoke.name] = {
                        kubeconfig:
                            v.kubeconfig !== undefined
                                ? { kind: "secret", value: isSecureEnvelope(v.kubeconfig) ? undefined : (v.kubeconfig as string) }
                                : v.kubeconfigFile !== undefined
                                  ? { kind: "file", path: v.kubeconfigFile }
                                  : v.context !== undefined
                                    ? { kind: "context", context: v.context }
                                    : { kind: "none" },
                        ...(v.clusterId ? { clusterId: v.clusterId } : {}),
                    };
                }
                // The backend is the hub stack's (its join information says which): the v2-only keys are
                // checked against it when the program runs (SpokeCluster), so here they are let through.
                const addOns = memberAddOns("spokes", index, addOnPart, issues, "v2");
                if (addOns && Object.keys(addOns).length) addOnsOf[spoke.name] = addOns;
            } catch (e) {
                if (!(e instanceof TopologyError)) throw e;
                for (const i of e.issues) issues.push({ path: at() + (i.path ? `.${i.path}` : ""), message: i.message });
            }
        });
    }
    if (issues.length || dataIssues.length) throw new StackConfigError([...dataIssues, ...issues]);
    return {
        // The network's name and naming come from the hub stack's join information when the program runs.
        // Its skupperVersion, too: "v1" here is a placeholder the spokes do not read.
        topology: { network: { name: "", naming: { ...PRODUCT_DOC_NAMING }, skupperVersion: "v1" }, hubs: [], spokes },
        network: { adoptExisting: false },
        access,
        annotateServices: Object.create(null),
        addOns: addOnsOf,
        applications: [],
        shards: Object.create(null),
        shardOf: { hubStack: hubStack as string, shard: shard as string },
    };
}
