/**
 * `plan --out DIR`: each cluster's objects as files a GitOps repository can
 * hold and `kubectl apply --dry-run=client -f` accepts:
 *
 *   <cluster>.yaml          the objects the package owns, in apply order
 *   <cluster>.patches.yaml  server-side apply patches of objects it does not own
 *                           (`kubectl apply --server-side -f`)
 *   <cluster>.helm.yaml     the Helm releases as Flux objects (HelmRepository + HelmRelease)
 *
 * Secrets are left out (their keys are made by `pulumi up` and must not sit
 * in a repository); each file's header lists the ones left out. Values only
 * known at deploy stand as "(generated at deploy)".
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Plan, PlanObject } from "./report";

/**
 * Flux's GA APIs, from the Flux v2.3.0 release notes
 * (https://github.com/fluxcd/flux2/releases/tag/v2.3.0: "HelmRelease -
 * helm.toolkit.fluxcd.io/v2", "HelmRepository - source.toolkit.fluxcd.io/v1").
 */
export const FLUX_SOURCE_API = "source.toolkit.fluxcd.io/v1";
export const FLUX_HELM_API = "helm.toolkit.fluxcd.io/v2";
/** Where `flux bootstrap` puts its own objects and its GitRepository (named flux-system). */
export const FLUX_NAMESPACE = "flux-system";

type Doc = Record<string, unknown>;

/** One Helm release of the plan, whichever component argument shape it came in (helm.v3.Release or CertManager). */
interface ReleaseFacts {
    chart: string;
    version?: string;
    repository?: string;
    namespace: string;
    values: Doc;
    crds: boolean;
    timeoutSeconds?: number;
}

function releaseFacts(o: PlanObject): ReleaseFacts {
    const b = o.body as Doc;
    // CertManager's arguments nest the release under helmOptions; helm.v3.Release's are flat.
    const h = (b.helmOptions as Doc | undefined) ?? b;
    const repository = (h.repositoryOpts as { repo?: string } | undefined)?.repo;
    const chart = (h.chart as string | undefined) ?? o.name.split("@")[0];
    return {
        chart,
        version: h.version as string | undefined,
        repository,
        namespace: (h.namespace as string | undefined) ?? o.namespace ?? "default",
        values: (h.values as Doc | undefined) ?? {},
        crds: b.installCRDs === true,
        timeoutSeconds: typeof b.timeout === "number" ? b.timeout : undefined,
    };
}

/** A name as Kubernetes takes it (RFC 1123 label): lowercase letters, digits and '-'. */
function dnsLabel(s: string): string {
    return (
        s
            .toLowerCase()
            .replace(/[^a-z0-9-]+/g, "-")
            .replace(/^-+|-+$/g, "")
            .slice(0, 63) || "chart"
    );
}

/** A cluster's Helm releases as Flux objects: one HelmRepository per repository, one HelmRelease per release. */
export function fluxObjects(releases: PlanObject[]): { docs: Doc[]; notes: string[] } {
    const docs: Doc[] = [];
    const notes: string[] = [];
    const repositories = new Map<string, string>();
    for (const o of releases) {
        const r = releaseFacts(o);
        const name = dnsLabel(path.basename(r.chart));
        let sourceRef: Doc;
        let chart = r.chart;
        if (r.repository) {
            let repoName = repositories.get(r.repository);
            if (!repoName) {
                repoName = name;
                repositories.set(r.repository, repoName);
                docs.push({
                    apiVersion: FLUX_SOURCE_API,
                    kind: "HelmRepository",
                    metadata: { name: repoName, namespace: FLUX_NAMESPACE },
                    // An oci:// repository is a registry, which Flux reads with type: oci.
                    spec: { interval: "1h", url: r.repository, ...(r.repository.startsWith("oci://") ? { type: "oci" } : {}) },
                });
            }
            sourceRef = { kind: "HelmRepository", name: repoName, namespace: FLUX_NAMESPACE };
        } else {
            // A chart from a local path: Flux reads it from the bootstrap GitRepository, once committed there.
            sourceRef = { kind: "GitRepository", name: "flux-system", namespace: FLUX_NAMESPACE };
            chart = r.chart.startsWith(".") ? r.chart : `./${r.chart}`;
            notes.push(`${name}: the chart is a local path (${r.chart}); commit it to the repository flux-system reads, at that path`);
        }
        docs.push({
            apiVersion: FLUX_HELM_API,
            kind: "HelmRelease",
            metadata: { name, namespace: FLUX_NAMESPACE },
            spec: {
                interval: "10m",
                releaseName: name,
                targetNamespace: r.namespace,
                ...(r.timeoutSeconds ? { timeout: `${r.timeoutSeconds}s` } : {}),
                install: { createNamespace: true, ...(r.crds ? { crds: "CreateReplace" } : {}) },
                ...(r.crds ? { upgrade: { crds: "CreateReplace" } } : {}),
                chart: { spec: { chart, ...(r.version ? { version: r.version } : {}), sourceRef } },
                values: r.values,
            },
        });
    }
    return { docs, notes };
}

export interface ClusterFiles {
    /** File name → content. */
    files: Record<string, string>;
}

function yamlDocs(docs: Doc[], header: string[]): string {
    const { stringify } = require("yaml") as typeof import("yaml");
    const head = header.map((l) => `# ${l}\n`).join("");
    return head + docs.map((d) => stringify(d, { lineWidth: 0 })).join("---\n");
}

/** The files of one cluster (none for a cluster the orchestrator deploys to). */
export function clusterFiles(plan: Plan, cluster: string): ClusterFiles {
    const c = plan.clusters.find((x) => x.name === cluster);
    if (!c || c.objects.length === 0) return { files: {} };
    const owned = c.objects.filter((o) => !o.patch && o.kind !== "HelmRelease" && !(o.kind === "Secret" && o.apiVersion === "v1"));
    const secrets = c.objects.filter((o) => !o.patch && o.kind === "Secret" && o.apiVersion === "v1");
    const patches = c.objects.filter((o) => o.patch);
    const releases = c.objects.filter((o) => o.kind === "HelmRelease");
    const header = [`${cluster} (${c.role}), stack ${plan.stack}: written by edge-interconnect plan --out`];
    const files: Record<string, string> = {};
    files[`${cluster}.yaml`] = yamlDocs(
        owned.map((o) => o.body),
        [
            ...header,
            "kubectl apply -f this file; the Helm releases (in .helm.yaml) come first, as their CRDs are used here",
            ...(secrets.length
                ? [
                      "Secrets left out (their keys are made by pulumi up, and keys do not belong in a repository):",
                      ...secrets.map((s) => `  ${s.namespace ?? "default"}/${s.name}`),
                  ]
                : []),
        ],
    );
    if (patches.length)
        files[`${cluster}.patches.yaml`] = yamlDocs(
            patches.map((o) => o.body),
            [...header, "patches of objects this package does not own: kubectl apply --server-side --field-manager=edge-interconnect -f this file"],
        );
    if (releases.length) {
        const flux = fluxObjects(releases);
        files[`${cluster}.helm.yaml`] = yamlDocs(flux.docs, [
            ...header,
            `Flux objects (${FLUX_SOURCE_API}, ${FLUX_HELM_API}) for the Helm releases`,
            ...flux.notes,
        ]);
    }
    return { files };
}

/** Writes every cluster's files into `dir`; returns the file names written. */
export function writeManifests(plan: Plan, dir: string): string[] {
    fs.mkdirSync(dir, { recursive: true });
    const written: string[] = [];
    for (const c of plan.clusters) {
        for (const [name, content] of Object.entries(clusterFiles(plan, c.name).files)) {
            fs.writeFileSync(path.join(dir, name), content);
            written.push(name);
        }
    }
    return written;
}
