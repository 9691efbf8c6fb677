/**
 * Orchestrator checks: the network object exists
 * (`GET /v1/projects/<p>/networks/<name>`), and in the orchestrator-managed
 * mode the App Deployment Manager holds the deployments the stack creates
 * (`<hub>-loadbalancer`, `<member>-skupper`, one per application), running.
 */
import type { Deployment } from "../../../provider/orchestrator/types";
import type { CheckResult, OrchestratorSnapshot } from "../types";
import { plural, result } from "./common";

export const ORCHESTRATOR = "orchestrator";

export function checkNetwork(o: OrchestratorSnapshot, networkName: string): CheckResult {
    const id = "network";
    if (o.skipped) return result(ORCHESTRATOR, id, "SKIP", o.skipped);
    const f = o.network;
    if (!f) return result(ORCHESTRATOR, id, "SKIP", "the network was not read");
    if (!f.ok) {
        return result(
            ORCHESTRATOR,
            id,
            "FAIL",
            `cannot read network ${networkName}: ${f.error}`,
            `check orchestrator.apiUrl (${o.apiUrl}) and the EDGE_ORCH_* credentials (the user needs the project's member role)`,
        );
    }
    if (!f.value) {
        return result(
            ORCHESTRATOR,
            id,
            "FAIL",
            `network ${networkName} does not exist in project ${o.project}`,
            `pulumi up registers it (InterconnectNetwork with orchestrator), or PUT /v1/projects/${o.project}/networks/${networkName} as the product documentation's step 3 does`,
        );
    }
    const type = f.value.spec?.type;
    return result(ORCHESTRATOR, id, "OK", `${networkName} exists in project ${o.project}${type ? ` (${type})` : ""}`);
}

const BAD_STATES = new Set(["DOWN", "ERROR", "INTERNAL_ERROR", "NO_TARGET_CLUSTERS"]);

function stateOf(d: Deployment): string | undefined {
    const s = (d.status as { state?: unknown } | undefined)?.state;
    return typeof s === "string" ? s : undefined;
}

/** `deployments`: every expected deployment exists (by display name) and none is failing. */
export function checkDeployments(o: OrchestratorSnapshot, expected: string[]): CheckResult {
    const id = "deployments";
    if (o.skipped) return result(ORCHESTRATOR, id, "SKIP", o.skipped);
    const f = o.deployments;
    if (!f) return result(ORCHESTRATOR, id, "SKIP", "the deployments were not read");
    if (!f.ok) return result(ORCHESTRATOR, id, "FAIL", `cannot list deployments: ${f.error}`, "the user needs the project's app-deployment-manager role");
    const byName = new Map(f.value.map((d) => [d.displayName ?? d.name ?? d.deployId, d]));
    const missing = expected.filter((n) => !byName.has(n));
    if (missing.length) {
        return result(
            ORCHESTRATOR,
            id,
            "FAIL",
            `${plural(missing.length, "deployment")} missing: ${missing.join(", ")}`,
            `pulumi up creates them (orchestrator-managed mode); list them with GET /v1/projects/${o.project}/appdeployment/deployments`,
        );
    }
    const failing = expected.map((n) => [n, stateOf(byName.get(n)!)] as const).filter(([, s]) => s !== undefined && BAD_STATES.has(s));
    if (failing.length) {
        return result(
            ORCHESTRATOR,
            id,
            "FAIL",
            `failing: ${failing.map(([n, s]) => `${n} ${s}`).join(", ")}`,
            "open the deployment in the orchestrator UI (Deployments) for the cluster-side error",
        );
    }
    const pending = expected.map((n) => [n, stateOf(byName.get(n)!)] as const).filter(([, s]) => s !== undefined && s !== "RUNNING");
    if (pending.length) return result(ORCHESTRATOR, id, "WARN", `not running yet: ${pending.map(([n, s]) => `${n} ${s}`).join(", ")}`);
    return result(ORCHESTRATOR, id, "OK", `${plural(expected.length, "deployment")} present${expected.length ? `: ${expected.join(", ")}` : ""}`);
}
