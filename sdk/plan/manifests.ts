/**
 * Writes each cluster's objects as a multi-document YAML file, for review or
 * GitOps. Secrets are redacted and certificates not generated yet are marked.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Plan } from "./report";

/** The YAML of one cluster's objects; patches are marked, as they apply to objects the package does not own. */
export function clusterYaml(plan: Plan, cluster: string): string {
    const { stringify } = require("yaml") as typeof import("yaml");
    const c = plan.clusters.find((x) => x.name === cluster);
    if (!c) return "";
    return c.objects
        .map((o) => {
            const header = o.patch
                ? `# server-side apply patch of an existing ${o.kind}\n`
                : o.kind === "HelmRelease"
                  ? `# Helm release (pulumi: ${o.resource})\n`
                  : "";
            return header + stringify(o.body, { lineWidth: 0 });
        })
        .join("---\n");
}

/** Writes `<cluster>.yaml` per cluster into `dir`; returns the files written. */
export function writeManifests(plan: Plan, dir: string): string[] {
    fs.mkdirSync(dir, { recursive: true });
    return plan.clusters.map((c) => {
        const file = path.join(dir, `${c.name}.yaml`);
        fs.writeFileSync(file, clusterYaml(plan, c.name));
        return file;
    });
}
