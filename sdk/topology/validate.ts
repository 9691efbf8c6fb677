/**
 * Validation of the topology with zod. Every problem names the field path
 * (`hubs[0].loadBalancer.routerIp`) and says what is allowed; the first one
 * becomes the error message, all of them are kept in `issues`.
 */
import { z } from "zod";
import { networkNameProblem } from "../../provider/network/inputs";
import { AddressSpan, defaultRouterIp, firstOverlap, parseExactCidr, parsePoolEntry, spansContain } from "./addresses";
import { crossHubProblems } from "./crossHub";
import { clipMessage } from "./names";
import { routerExposureIssues } from "./routerRules";
import { ExposedService, HubModel, Naming, PRODUCT_DOC_NAMING, SKUPPER_VERSIONS, SkupperVersion, SpokeModel, TopologyModel } from "./model";

/** What users write for a hub (before defaults). */
export interface HubInput {
    name: string;
    loadBalancer: { addresses: string[]; routerIp?: string; l2Interfaces?: string[] };
    allowedSourceRanges: string[];
    allowPublicExposure?: boolean;
    exposedServices?: { name: string; namespace?: string; port: number; tls?: boolean; type?: string }[];
}

/** What users write for a spoke. */
export interface SpokeInput {
    name: string;
    hub: string;
    routerMode?: "interior" | "edge";
}

export interface TopologyInput {
    network: { name: string; naming?: Partial<Naming>; skupperVersion?: SkupperVersion };
    hubs: HubInput[];
    spokes: SpokeInput[];
}

export interface TopologyIssue {
    /** Dotted path with indexes, e.g. `hubs[0].exposedServices[1].port`. */
    path: string;
    message: string;
}

/** Invalid topology. `message` is the first issue, as one line. */
export class TopologyError extends Error {
    constructor(readonly issues: TopologyIssue[]) {
        super(
            clipMessage(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))[0]) +
                (issues.length > 1 ? ` (and ${issues.length - 1} more problem(s))` : ""),
        );
        this.name = "TopologyError";
    }
}

/** `hubs[0].loadBalancer.routerIp` from a zod-style path. */
export function formatPath(path: PropertyKey[]): string {
    return path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), "");
}

const SITE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SERVICE_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const ANNOTATION_PREFIX = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
/** Services the Skupper site itself owns in the site namespace. */
const SKUPPER_SERVICES = ["skupper", "skupper-router", "skupper-router-local"];

/** The schema of `naming`: a DNS subdomain prefix and a namespace name. */
export function namingSchema() {
    return z
        .object({
            siteNamespace: z
                .string({ error: "must be a string" })
                .max(63, "must be at most 63 characters")
                .regex(SITE_NAME, "must be a namespace name: lowercase letters, digits and '-'")
                .optional(),
            annotationPrefix: z
                .string({ error: "must be a string" })
                .max(253, "must be at most 253 characters")
                .regex(ANNOTATION_PREFIX, "must be a DNS subdomain such as network.app.orchestrator.io")
                .optional(),
        })
        .strict();
}

/** `"v1"` or `"v2"`, the Skupper a network runs (see {@link SkupperVersion}). */
export function skupperVersionSchema() {
    return z.enum(SKUPPER_VERSIONS as [SkupperVersion, ...SkupperVersion[]], { error: `must be "v1" (Skupper 1.9) or "v2" (Skupper 2.2)` });
}

/** Shape of the whole topology, checked before the per-cluster rules. */
function topologyShapeSchema() {
    return z
        .object({
            network: z
                .object(
                    { name: z.string({ error: "must be a string" }), naming: namingSchema().optional(), skupperVersion: skupperVersionSchema().optional() },
                    { error: "must be a mapping with name" },
                )
                .strict(),
            hubs: z.array(z.unknown(), { error: "must be a list of hubs" }),
            spokes: z.array(z.unknown(), { error: "must be a list of spokes" }).optional(),
        })
        .strict();
}

function siteName() {
    return z
        .string({ error: "must be a string" })
        .max(50, "must be at most 50 characters")
        .regex(SITE_NAME, "must be lowercase letters, digits and '-', starting and ending with a letter or digit");
}

function hubSchema() {
    const cidr = z.string({ error: "must be a CIDR string" }).superRefine((v, ctx) => {
        const parsed = parseExactCidr(v);
        if (typeof parsed === "string") ctx.addIssue({ code: "custom", message: parsed });
    });
    return z
        .object({
            name: siteName(),
            loadBalancer: z
                .object({
                    addresses: z
                        .array(
                            z.string({ error: "must be a string" }).superRefine((v, ctx) => {
                                const parsed = parsePoolEntry(v);
                                if (typeof parsed === "string") ctx.addIssue({ code: "custom", message: parsed });
                            }),
                            { error: "must be a list of CIDRs or ranges" },
                        )
                        .min(1, "must list at least one CIDR or range for the MetalLB pool"),
                    routerIp: z.string({ error: "must be an IP address string" }).optional(),
                    l2Interfaces: z.array(z.string().min(1, "must not be empty")).optional(),
                })
                .strict(),
            allowedSourceRanges: z.array(cidr, { error: "must be a list of CIDRs (the spokes' egress ranges)" }),
            allowPublicExposure: z.boolean({ error: "must be true or false" }).optional(),
            exposedServices: z
                .array(
                    z
                        .object({
                            name: z
                                .string({ error: "must be a string" })
                                .max(63, "must be at most 63 characters")
                                .regex(SERVICE_NAME, "must be a Service name: lowercase letters, digits and '-', starting with a letter"),
                            namespace: siteName().optional(),
                            port: z
                                .number({ error: "must be a number" })
                                .int("must be a whole number")
                                .min(1, "must be from 1 to 65535")
                                .max(65535, "must be from 1 to 65535"),
                            tls: z.boolean({ error: "must be true or false" }).optional(),
                            type: z.string().optional(),
                        })
                        .strict(),
                )
                .optional(),
        })
        .strict();
}

function spokeSchema() {
    return z
        .object({
            name: siteName(),
            hub: siteName(),
            routerMode: z.enum(["interior", "edge"], { error: "must be interior or edge" }).optional(),
        })
        .strict();
}

function zodIssues(error: z.ZodError, prefix: PropertyKey[]): TopologyIssue[] {
    return error.issues.map((i) => ({
        path: formatPath([...prefix, ...i.path]),
        message: i.code === "unrecognized_keys" ? `unknown key(s) ${(i as { keys: string[] }).keys.map((k) => `"${k}"`).join(", ")}` : i.message,
    }));
}

/** Cross-field rules of one hub that zod's shape checks cannot express. */
function hubRules(hub: HubInput, prefix: PropertyKey[]): { issues: TopologyIssue[]; routerIp?: string } {
    const issues: TopologyIssue[] = [];
    const at = (...p: PropertyKey[]) => formatPath([...prefix, ...p]);
    const spans = hub.loadBalancer.addresses.map(parsePoolEntry).filter((s): s is AddressSpan => typeof s !== "string");
    const overlap = firstOverlap(spans);
    if (overlap)
        issues.push({ path: at("loadBalancer", "addresses"), message: `"${overlap[0].text}" and "${overlap[1].text}" overlap; list each address once` });
    let routerIp = hub.loadBalancer.routerIp;
    if (routerIp !== undefined && !spansContain(spans, routerIp)) {
        issues.push({
            path: at("loadBalancer", "routerIp"),
            message: `${routerIp} is not an address of the pool (${hub.loadBalancer.addresses.join(", ")}); MetalLB can only assign pool addresses`,
        });
    }
    if (routerIp === undefined && spans.length > 0) routerIp = defaultRouterIp(spans);
    issues.push(...routerExposureIssues({ ...hub, addresses: hub.loadBalancer.addresses }, spans, routerIp, at));
    const seen = new Map<string, number>();
    (hub.exposedServices ?? []).forEach((svc, i) => {
        const type = svc.type ?? "ClusterIP";
        if (type !== "ClusterIP") {
            issues.push({
                path: at("exposedServices", i, "type"),
                message: `is ${type}; only a ClusterIP Service can be exposed to the router (product documentation, step 1). The router itself provides the LoadBalancer`,
            });
        }
        if (SKUPPER_SERVICES.includes(svc.name)) {
            issues.push({
                path: at("exposedServices", i, "name"),
                message: `"${svc.name}" is a Service the Skupper site owns in the site namespace; choose another name`,
            });
        }
        const first = seen.get(svc.name);
        if (first !== undefined)
            issues.push({
                path: at("exposedServices", i, "name"),
                message: `"${svc.name}" is already exposed by exposedServices[${first}]; each network address must be unique`,
            });
        else seen.set(svc.name, i);
    });
    return { issues, routerIp };
}

function hubModel(hub: HubInput, routerIp: string): HubModel {
    return {
        name: hub.name,
        loadBalancer: { addresses: [...hub.loadBalancer.addresses], routerIp, l2Interfaces: [...(hub.loadBalancer.l2Interfaces ?? [])] },
        allowedSourceRanges: [...hub.allowedSourceRanges],
        allowPublicExposure: hub.allowPublicExposure ?? false,
        exposedServices: (hub.exposedServices ?? []).map(
            (s): ExposedService => ({ name: s.name, namespace: s.namespace ?? "default", port: s.port, tls: s.tls ?? false, type: s.type ?? "ClusterIP" }),
        ),
    };
}

function collectHub(input: unknown, prefix: PropertyKey[]): { issues: TopologyIssue[]; model?: HubModel } {
    const parsed = hubSchema().safeParse(input);
    if (!parsed.success) return { issues: zodIssues(parsed.error, prefix) };
    const { issues, routerIp } = hubRules(parsed.data, prefix);
    return issues.length ? { issues } : { issues, model: hubModel(parsed.data, routerIp!) };
}

/** Validates one hub; field paths are relative to the hub (`loadBalancer.routerIp`). */
export function validateHub(input: unknown): HubModel {
    const { issues, model } = collectHub(input, []);
    if (!model) throw new TopologyError(issues);
    return model;
}

/** Validates one spoke; field paths are relative to the spoke. */
export function validateSpoke(input: unknown): SpokeModel {
    const parsed = spokeSchema().safeParse(input);
    if (!parsed.success) throw new TopologyError(zodIssues(parsed.error, []));
    return { name: parsed.data.name, hub: parsed.data.hub, routerMode: parsed.data.routerMode ?? "interior" };
}

/** Validates a whole topology, including the rules that span clusters. */
export function validateTopology(input: TopologyInput): TopologyModel {
    const shape = topologyShapeSchema().safeParse(input);
    if (!shape.success) throw new TopologyError(zodIssues(shape.error, []));
    const issues: TopologyIssue[] = [];
    const problem = networkNameProblem(input.network?.name ?? "");
    if (problem) issues.push({ path: "network.name", message: problem });
    const hubs: HubModel[] = [];
    (input.hubs ?? []).forEach((h, i) => {
        const r = collectHub(h, ["hubs", i]);
        issues.push(...r.issues);
        if (r.model) hubs.push(r.model);
    });
    const spokes: SpokeModel[] = [];
    // One schema for every spoke: building a zod schema costs more than using it.
    const spokeParser = spokeSchema();
    (input.spokes ?? []).forEach((s, i) => {
        const parsed = spokeParser.safeParse(s);
        if (!parsed.success) issues.push(...zodIssues(parsed.error, ["spokes", i]));
        else spokes.push({ name: parsed.data.name, hub: parsed.data.hub, routerMode: parsed.data.routerMode ?? "interior" });
    });
    if ((input.hubs ?? []).length === 0) issues.push({ path: "hubs", message: "must list at least one hub" });
    const names = new Map<string, string>();
    const claim = (name: string, path: string) => {
        const prior = names.get(name);
        if (prior) issues.push({ path, message: `"${name}" is already the name of ${prior}; cluster names must be unique` });
        else names.set(name, path);
    };
    (input.hubs ?? []).forEach((h, i) => typeof h?.name === "string" && claim(h.name, `hubs[${i}].name`));
    (input.spokes ?? []).forEach((s, i) => typeof s?.name === "string" && claim(s.name, `spokes[${i}].name`));
    const hubNames = new Set((input.hubs ?? []).map((h) => h?.name));
    (input.spokes ?? []).forEach((s, i) => {
        if (typeof s?.hub === "string" && !hubNames.has(s.hub)) {
            issues.push({ path: `spokes[${i}].hub`, message: `"${s.hub}" is not a hub; known hubs: ${[...hubNames].join(", ") || "(none)"}` });
        }
    });
    const facts = hubs.map((h) => ({ name: h.name, routerIp: h.loadBalancer.routerIp, exposedServices: h.exposedServices.map((s) => s.name) }));
    for (const p of crossHubProblems(facts)) {
        const hubIndex = (input.hubs ?? []).findIndex((x) => x?.name === hubs[p.hubIndex].name);
        issues.push({ path: `hubs[${hubIndex}].${p.field}`, message: p.message });
    }
    if (issues.length) throw new TopologyError(issues);
    return {
        network: {
            name: input.network.name,
            naming: { ...PRODUCT_DOC_NAMING, ...(input.network.naming ?? {}) },
            skupperVersion: input.network.skupperVersion ?? "v1",
        },
        hubs,
        spokes,
    };
}
