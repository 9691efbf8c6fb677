/**
 * What doctor checks and how it reaches each cluster: from a stack
 * configuration (with `--kubeconfig` / `--context` over the stack's own
 * sources), or from the command line alone (`--hub`, `--spoke`, `--kubeconfig`, `--context`).
 */
import * as os from "node:os";
import * as path from "node:path";
import type { KubeconfigSource } from "./clusterClient";
import type { StackConfig } from "../stack/config";
import type { DoctorTopology } from "./types";

export type ClusterAccessSpec =
    | { kind: "kubeconfig"; source: KubeconfigSource; origin: string }
    | { kind: "unavailable"; status: "FAIL" | "SKIP"; message: string; fix: string };

export interface DoctorCluster {
    name: string;
    role: "hub" | "spoke";
    access: ClusterAccessSpec;
}

export interface DoctorPlan {
    /** Stack name, when a stack file was given. */
    stack?: string;
    topology: DoctorTopology;
    /** Hubs first, then spokes, in configuration order. */
    clusters: DoctorCluster[];
    orchestrator?: { apiUrl: string; project: string; keycloakUrl?: string; caCert?: string; username?: string; requestTimeoutSeconds?: number };
    /** Display names of the deployments the orchestrator-managed mode creates. */
    expectedDeployments: string[];
}

/** A problem with the command line or the stack: one line, exit code 2. */
export class DoctorInputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "DoctorInputError";
    }
}

export function expandHome(p: string): string {
    return p === "~" ? os.homedir() : p.startsWith("~/") ? path.join(os.homedir(), p.slice(2)) : p;
}

function fileAccess(file: string, origin: string, base: string, context?: string): ClusterAccessSpec {
    return { kind: "kubeconfig", source: { kind: "file", path: path.resolve(base, expandHome(file)), context }, origin };
}

/**
 * How the command line says to reach clusters, as kubectl's flags with a
 * per-member form: `--kubeconfig FILE` replaces the default kubeconfig
 * ($KUBECONFIG or ~/.kube/config), `--kubeconfig NAME=FILE` is member NAME's
 * whole kubeconfig; `--context CONTEXT` (one cluster only) and
 * `--context NAME=CONTEXT` pick the context in whatever kubeconfig the member reads.
 */
export interface AccessFlags {
    defaultFile?: string;
    files: Map<string, string>;
    context?: string;
    contexts: Map<string, string>;
}

/** The kubeconfig a member reads when the command line names only its context. */
function defaultSource(flags: AccessFlags, context: string | undefined): KubeconfigSource {
    return flags.defaultFile !== undefined ? { kind: "file", path: flags.defaultFile, context } : { kind: "default", context };
}

/** A bare `--context` names one cluster's context: it applies when exactly one cluster is checked. */
function withBareContext(flags: AccessFlags, members: string[]): AccessFlags {
    if (flags.context === undefined) return flags;
    if (members.length !== 1)
        throw new DoctorInputError(
            `--context ${flags.context}: with ${members.length} clusters, say whose context it is: --context NAME=${flags.context} (members: ${members.join(", ")})`,
        );
    const contexts = new Map(flags.contexts);
    if (!contexts.has(members[0])) contexts.set(members[0], flags.context);
    return { ...flags, context: undefined, contexts };
}

function checkMembers(flags: AccessFlags, members: Set<string>, where: string): void {
    for (const [flag, map] of [
        ["--kubeconfig", flags.files],
        ["--context", flags.contexts],
    ] as const) {
        for (const name of map.keys())
            if (!members.has(name))
                throw new DoctorInputError(`${flag} ${name}=…: "${name}" is not a hub or spoke of ${where} (members: ${[...members].join(", ")})`);
    }
}

/** The plan for a validated stack configuration, with the command line's kubeconfigs and contexts over the stack's. */
export function planFromStack(config: StackConfig, stack: string, stackDir: string, given: AccessFlags): DoctorPlan {
    const t = config.topology;
    const members = new Set([...t.hubs.map((h) => h.name), ...t.spokes.map((s) => s.name)]);
    checkMembers(given, members, `stack "${stack}"`);
    const flags = withBareContext(given, [...members]);
    const managed = (name: string) => config.access[name]?.orchestratorClusterId !== undefined;
    const accessOf = (name: string, key: string): ClusterAccessSpec => {
        const file = flags.files.get(name);
        const context = flags.contexts.get(name);
        const ctxNote = context !== undefined ? `, --context ${name}=${context}` : "";
        if (file !== undefined) return { kind: "kubeconfig", source: { kind: "file", path: file, context }, origin: `--kubeconfig ${name}=${file}${ctxNote}` };
        const a = config.access[name]?.kubeconfig ?? { kind: "none" };
        switch (a.kind) {
            case "secret":
                if (a.value !== undefined)
                    return { kind: "kubeconfig", source: { kind: "yaml", text: a.value, context }, origin: `${key}.kubeconfig${ctxNote}` };
                if (context !== undefined) return { kind: "kubeconfig", source: defaultSource(flags, context), origin: `--context ${name}=${context}` };
                return {
                    kind: "unavailable",
                    status: "FAIL",
                    message: "kubeconfig is a Pulumi secret; pass --kubeconfig NAME=FILE",
                    fix: `pulumi config get --path 'edge-interconnect:${key}.kubeconfig' > FILE, then --kubeconfig ${name}=FILE`,
                };
            case "file":
                return fileAccess(a.path, `${key}.kubeconfigFile ${a.path}${ctxNote}`, stackDir, context);
            case "context": {
                const ctx = context ?? a.context;
                return {
                    kind: "kubeconfig",
                    source: defaultSource(flags, ctx),
                    origin: `context ${ctx}${flags.defaultFile ? ` of --kubeconfig ${flags.defaultFile}` : ""}`,
                };
            }
            case "none":
                if (context !== undefined) return { kind: "kubeconfig", source: defaultSource(flags, context), origin: `--context ${name}=${context}` };
                if (managed(name)) {
                    return {
                        kind: "unavailable",
                        status: "SKIP",
                        message: `orchestrator-managed (cluster ${config.access[name].orchestratorClusterId}): no kubeconfig`,
                        fix: `pass --kubeconfig ${name}=FILE to check its site`,
                    };
                }
                return {
                    kind: "unavailable",
                    status: "FAIL",
                    message: "no kubeconfig configured",
                    fix: `set ${key}.kubeconfigFile or pass --kubeconfig ${name}=FILE`,
                };
        }
    };
    const hubs = t.hubs.map((h, i) => ({
        name: h.name,
        routerIp: h.loadBalancer.routerIp,
        allowedSourceRanges: [...h.allowedSourceRanges],
        allowPublicExposure: h.allowPublicExposure,
        exposedServices: h.exposedServices.map((s) => s.name),
        managed: managed(h.name),
        key: `hubs[${i}]`,
    }));
    const spokes = t.spokes.map((s, i) => ({ name: s.name, hub: s.hub, routerMode: s.routerMode, managed: managed(s.name), key: `spokes[${i}]` }));
    const expectedDeployments = [
        ...hubs.filter((h) => h.managed).flatMap((h) => [`${h.name}-loadbalancer`, `${h.name}-skupper`]),
        ...spokes.filter((s) => s.managed).map((s) => `${s.name}-skupper`),
        ...config.applications.map((a) => a.displayName ?? a.name),
    ];
    return {
        stack,
        topology: {
            siteNamespace: t.network.naming.siteNamespace,
            networkName: t.network.name,
            skupperVersion: t.network.skupperVersion,
            hubs: hubs.map(({ key: _key, ...h }) => h),
            spokes: spokes.map(({ key: _key, ...s }) => s),
        },
        clusters: [
            ...hubs.map((h) => ({ name: h.name, role: "hub" as const, access: accessOf(h.name, h.key) })),
            ...spokes.map((s) => ({ name: s.name, role: "spoke" as const, access: accessOf(s.name, s.key) })),
        ],
        orchestrator: config.orchestrator,
        expectedDeployments,
    };
}

/** The plan without a stack file: each cluster's role from `--hub` / `--spoke NAME=HUB`, its kubeconfig from `--kubeconfig` / `--context`. */
export function planFromFlags(
    given: AccessFlags,
    hubs: string[],
    spokes: [string, string][],
    siteNamespace: string,
    /** `--skupper-version`: which Skupper's objects to look for (default v1, as a stack without network.skupperVersion). */
    skupperVersion: "v1" | "v2" = "v1",
): DoctorPlan {
    const roles = new Map<string, "hub" | "spoke">();
    for (const h of hubs) {
        if (roles.has(h)) throw new DoctorInputError(`--hub ${h}: named twice`);
        roles.set(h, "hub");
    }
    for (const [s, hub] of spokes) {
        if (roles.has(s)) throw new DoctorInputError(`--spoke ${s}=${hub}: ${s} already has a role`);
        if (!hubs.includes(hub)) throw new DoctorInputError(`--spoke ${s}=${hub}: "${hub}" is not given with --hub`);
        roles.set(s, "spoke");
    }
    for (const [flag, map] of [
        ["--kubeconfig", given.files],
        ["--context", given.contexts],
    ] as const) {
        for (const name of map.keys())
            if (!roles.has(name)) throw new DoctorInputError(`${flag} ${name}=…: say its role with --hub ${name} or --spoke ${name}=HUB`);
    }
    const flags = withBareContext(given, [...roles.keys()]);
    const single = roles.size === 1;
    const accessOf = (name: string): ClusterAccessSpec => {
        const file = flags.files.get(name);
        const context = flags.contexts.get(name);
        if (file !== undefined) return fileAccess(file, `--kubeconfig ${name}`, process.cwd(), context);
        // Several clusters cannot all be the default kubeconfig's current context: each needs its own file or context.
        if (context !== undefined || (single && flags.defaultFile !== undefined))
            return {
                kind: "kubeconfig",
                source: defaultSource(flags, context),
                origin: context !== undefined ? `--context ${name}=${context}` : `--kubeconfig ${flags.defaultFile}`,
            };
        throw new DoctorInputError(`${name}: no kubeconfig; pass --kubeconfig ${name}=FILE or --context ${name}=CONTEXT`);
    };
    return {
        topology: {
            siteNamespace,
            skupperVersion,
            hubs: hubs.map((name) => ({ name, allowPublicExposure: false, managed: false })),
            spokes: spokes.map(([name, hub]) => ({ name, hub, routerMode: "interior" as const, managed: false })),
        },
        clusters: [
            ...hubs.map((name) => ({ name, role: "hub" as const, access: accessOf(name) })),
            ...spokes.map(([name]) => ({ name, role: "spoke" as const, access: accessOf(name) })),
        ],
        expectedDeployments: [],
    };
}
