/**
 * What doctor checks and how it reaches each cluster: from a stack
 * configuration (with `--kubeconfig NAME=FILE` overrides), or from the
 * command line alone (`--kubeconfig`, `--hub`, `--spoke`).
 */
import * as os from "node:os";
import * as path from "node:path";
import type { KubeconfigSource } from "../../provider/kube/client";
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

function fileAccess(file: string, origin: string, base: string): ClusterAccessSpec {
    return { kind: "kubeconfig", source: { kind: "file", path: path.resolve(base, expandHome(file)) }, origin };
}

/** The plan for a validated stack configuration. `overrides` maps member names to kubeconfig files (already resolved). */
export function planFromStack(config: StackConfig, stack: string, stackDir: string, overrides: ReadonlyMap<string, string>): DoctorPlan {
    const t = config.topology;
    const members = new Set([...t.hubs.map((h) => h.name), ...t.spokes.map((s) => s.name)]);
    for (const name of overrides.keys()) {
        if (!members.has(name))
            throw new DoctorInputError(`--kubeconfig ${name}=…: "${name}" is not a hub or spoke of stack "${stack}" (members: ${[...members].join(", ")})`);
    }
    const managed = (name: string) => config.access[name]?.orchestratorClusterId !== undefined;
    const accessOf = (name: string, key: string): ClusterAccessSpec => {
        const override = overrides.get(name);
        if (override !== undefined) return fileAccess(override, `--kubeconfig ${name}=${override}`, process.cwd());
        const a = config.access[name]?.kubeconfig ?? { kind: "none" };
        switch (a.kind) {
            case "secret":
                if (a.value !== undefined) return { kind: "kubeconfig", source: { kind: "yaml", text: a.value }, origin: `${key}.kubeconfig` };
                return {
                    kind: "unavailable",
                    status: "FAIL",
                    message: "kubeconfig is a Pulumi secret; pass --kubeconfig NAME=FILE",
                    fix: `pulumi config get --path 'edge-interconnect:${key}.kubeconfig' > FILE, then --kubeconfig ${name}=FILE`,
                };
            case "file":
                return fileAccess(a.path, `${key}.kubeconfigFile ${a.path}`, stackDir);
            case "context":
                return { kind: "kubeconfig", source: { kind: "default", context: a.context }, origin: `context ${a.context}` };
            case "none":
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

/** The plan without a stack file: every cluster from `--kubeconfig`, its role from `--hub` / `--spoke NAME=HUB`. */
export function planFromFlags(kubeconfigs: ReadonlyMap<string, string>, hubs: string[], spokes: [string, string][], siteNamespace: string): DoctorPlan {
    if (kubeconfigs.size === 0 && hubs.length === 0 && spokes.length === 0)
        throw new DoctorInputError("give a stack file, or --kubeconfig NAME=FILE with --hub NAME / --spoke NAME=HUB");
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
    for (const name of kubeconfigs.keys()) {
        if (!roles.has(name)) throw new DoctorInputError(`--kubeconfig ${name}=…: say its role with --hub ${name} or --spoke ${name}=HUB`);
    }
    for (const name of roles.keys()) {
        if (!kubeconfigs.has(name)) throw new DoctorInputError(`${name}: no kubeconfig; pass --kubeconfig ${name}=FILE`);
    }
    return {
        topology: {
            siteNamespace,
            hubs: hubs.map((name) => ({ name, allowPublicExposure: false, managed: false })),
            spokes: spokes.map(([name, hub]) => ({ name, hub, routerMode: "interior" as const, managed: false })),
        },
        clusters: [
            ...hubs.map((name) => ({ name, role: "hub" as const, access: fileAccess(kubeconfigs.get(name)!, `--kubeconfig ${name}`, process.cwd()) })),
            ...spokes.map(([name]) => ({ name, role: "spoke" as const, access: fileAccess(kubeconfigs.get(name)!, `--kubeconfig ${name}`, process.cwd()) })),
        ],
        expectedDeployments: [],
    };
}
