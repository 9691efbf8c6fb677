/**
 * One doctor run: read every cluster and the orchestrator concurrently, then
 * apply the checks.
 */
import { ORCHESTRATOR, checkCluster, checkDeployments, checkNetwork } from "./checks";
import { CollectOptions, collectCluster, collectOrchestrator } from "./collect";
import { terminalSafe } from "../plan/text";
import { clip } from "../topology/names";
import type { DoctorPlan } from "./targets";
import type { CheckResult, CheckStatus, ClusterSnapshot } from "./types";

export interface DoctorReport {
    stack?: string;
    network?: string;
    siteNamespace: string;
    /** Set for a Skupper v2 network only, so that a v1 report keeps its exact shape. */
    skupperVersion?: "v2";
    timeoutMs: number;
    orchestrator?: { apiUrl: string; project: string };
    clusters: { name: string; role: "hub" | "spoke"; server?: string; elapsedMs?: number }[];
    /** Orchestrator results first, then each cluster's in plan order. */
    results: CheckResult[];
    summary: Record<CheckStatus, number>;
    /** 1 when any check failed, else 0. */
    exitCode: 0 | 1;
}

export function summarize(results: CheckResult[]): Record<CheckStatus, number> {
    const summary: Record<CheckStatus, number> = { OK: 0, FAIL: 0, WARN: 0, SKIP: 0 };
    for (const r of results) summary[r.status]++;
    return summary;
}

export async function runDoctorChecks(plan: DoctorPlan, env: NodeJS.ProcessEnv, opts: CollectOptions): Promise<DoctorReport> {
    const ns = plan.topology.siteNamespace;
    const [orchestrator, snapshots] = await Promise.all([
        collectOrchestrator(plan, env, opts),
        Promise.all(plan.clusters.map((c) => collectCluster(c, ns, opts, plan.topology.skupperVersion))),
    ]);
    const byName = new Map<string, ClusterSnapshot>(snapshots.map((s) => [s.cluster, s]));
    const results: CheckResult[] = [];
    // A check that trips over an answer the shape checks let through is a FAIL line, never a crash.
    const guarded = (cluster: string, id: string, run: () => CheckResult | CheckResult[]): CheckResult[] => {
        try {
            const r = run();
            return Array.isArray(r) ? r : [r];
        } catch (e) {
            const kind = e instanceof TypeError ? "an answer of an unexpected shape" : "an unexpected error";
            return [
                {
                    id,
                    cluster,
                    status: "FAIL",
                    message: `could not be checked: ${kind} (${clip(terminalSafe(String((e as Error)?.message ?? e)), 160)})`,
                    fix: "compare the objects with kubectl -o yaml; a proxy or an incompatible API server may be answering",
                },
            ];
        }
    };
    if (orchestrator) {
        results.push(...guarded(ORCHESTRATOR, "network", () => checkNetwork(orchestrator, plan.topology.networkName ?? "")));
        if (plan.expectedDeployments.length)
            results.push(...guarded(ORCHESTRATOR, "deployments", () => checkDeployments(orchestrator, plan.expectedDeployments)));
    }
    for (const s of snapshots) results.push(...guarded(s.cluster, "checks", () => checkCluster(s, plan.topology, byName)));
    const summary = summarize(results);
    return {
        ...(plan.stack ? { stack: plan.stack } : {}),
        ...(plan.topology.networkName ? { network: plan.topology.networkName } : {}),
        siteNamespace: ns,
        ...(plan.topology.skupperVersion === "v2" ? { skupperVersion: "v2" as const } : {}),
        timeoutMs: opts.timeoutMs,
        ...(orchestrator ? { orchestrator: { apiUrl: orchestrator.apiUrl, project: orchestrator.project } } : {}),
        clusters: snapshots.map((s) => ({
            name: s.cluster,
            role: s.role,
            ...(s.server ? { server: s.server } : {}),
            ...(s.elapsedMs !== undefined ? { elapsedMs: s.elapsedMs } : {}),
        })),
        results,
        summary,
        exitCode: summary.FAIL > 0 ? 1 : 0,
    };
}

export { ORCHESTRATOR };
