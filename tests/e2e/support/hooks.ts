/**
 * The end-to-end suites' clean-up: after a failed test, print the end of
 * every process log; at the end, stop every cluster (bounded) and keep the
 * logs and the Pulumi state for a failed run, or remove them.
 */
import { Cluster } from "../harness";
import { PulumiEnv } from "./pulumi";

export function keepEvidenceOnFailure(state: () => { clusters: Record<string, Cluster>; env?: PulumiEnv }, log: (line: string) => void): void {
    let failed = false;
    afterEach(function () {
        if (this.currentTest?.state !== "failed") return;
        failed = true;
        for (const c of Object.values(state().clusters)) console.log(c.diagnostics(30));
    });
    after(async function () {
        const { clusters, env } = state();
        await Promise.all(Object.values(clusters).map((c) => c.stop({ keepLogs: failed })));
        if (!failed) return env?.cleanup();
        const dirs = Object.values(clusters).map((c) => c.dir);
        log(`logs kept under ${dirs.join(", ")}; Pulumi state under ${env?.dir}`);
    });
}
