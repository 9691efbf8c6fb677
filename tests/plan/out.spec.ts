/**
 * `plan --out DIR`: the files a GitOps repository would hold, checked the
 * way `kubectl apply --dry-run=client -f` reads them (kubectl is not on this
 * machine, so its client-side rules are applied here): every YAML document
 * parses, has apiVersion, kind and metadata.name, and metadata.namespace
 * exactly when its kind is namespaced; and each object is valid against its
 * schema (kubernetes-models for core kinds, the saved upstream CRDs for
 * MetalLB and cert-manager: tests/support/schemas.ts).
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { fluxObjects } from "../../sdk/plan/manifests";
import type { PlanObject } from "../../sdk/plan/report";
import { CLI } from "../support/cli";
import { crdValidator, isCoreObject, validateObject } from "../support/schemas";

const ROOT = path.resolve(__dirname, "../..");
const DEV = path.join(ROOT, "Pulumi.dev.yaml");

/** Cluster-scoped core kinds among those the package writes (Kubernetes API reference: each kind's scope). */
const CLUSTER_SCOPED_CORE = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding"]);

function namespaced(doc: Record<string, any>): boolean {
    if (isCoreObject(doc)) return !CLUSTER_SCOPED_CORE.has(doc.kind);
    return crdValidator(doc.apiVersion, doc.kind).namespaced;
}

function documents(file: string): Record<string, any>[] {
    const docs = parseAllDocuments(fs.readFileSync(file, "utf8"));
    for (const d of docs) assert.deepEqual(d.errors, [], `${file}: YAML errors`);
    return docs.map((d) => d.toJS());
}

describe("edge-interconnect plan --out", function () {
    this.timeout(120_000);
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-out-"));
        const res = spawnSync(CLI[0], [...CLI.slice(1), "plan", DEV, "--out", dir], {
            cwd: ROOT,
            env: { ...process.env, EDGE_ORCH_TOKEN: "", EDGE_ORCH_USERNAME: "", EDGE_ORCH_PASSWORD: "" },
            encoding: "utf8",
            timeout: 120_000,
        });
        assert.equal(res.status, 0, res.stderr);
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("writes, per cluster, the objects, the patches and the Helm releases as separate files", () => {
        assert.deepEqual(fs.readdirSync(dir).sort(), [
            "store-1.yaml",
            "store-2.yaml",
            "store-hub.helm.yaml",
            "store-hub.patches.yaml",
            "store-hub.yaml",
            "topology.mmd",
            "topology.svg",
        ]);
    });

    it("every document of the apply files is one kubectl apply -f accepts, and valid against its schema", () => {
        const seen: string[] = [];
        for (const file of ["store-hub.yaml", "store-1.yaml", "store-2.yaml"]) {
            for (const doc of documents(path.join(dir, file))) {
                assert.equal(typeof doc.apiVersion, "string", `${file}: apiVersion`);
                assert.equal(typeof doc.kind, "string", `${file}: kind`);
                assert.match(doc.metadata?.name ?? "", /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, `${file} ${doc.kind}: metadata.name`);
                assert.equal(typeof doc.metadata.namespace === "string", namespaced(doc), `${file} ${doc.kind}/${doc.metadata.name}: namespace`);
                const result = validateObject(doc);
                assert.deepEqual(result.errors, [], `${file} ${doc.kind}/${doc.metadata.name}`);
                seen.push(`${file} ${doc.kind}`);
            }
        }
        const count = (file: string) => seen.filter((s) => s.startsWith(`${file} `)).length;
        // 26 hub objects less 2 Helm releases, 4 Secrets and 3 patches; 10 spoke objects less 3 Secrets.
        assert.deepEqual([count("store-hub.yaml"), count("store-1.yaml"), count("store-2.yaml")], [17, 7, 7]);
        assert.equal(
            seen.some((s) => / (Secret|HelmRelease)$/.test(s)),
            false,
            "no Secret (keys are made at deploy) and no Helm pseudo-object in an apply file",
        );
    });

    it("lists the Secrets it left out in each file's header", () => {
        const head = fs
            .readFileSync(path.join(dir, "store-1.yaml"), "utf8")
            .split("\n")
            .filter((l) => l.startsWith("#"));
        assert.deepEqual(head, [
            "# store-1 (spoke), stack dev: written by edge-interconnect plan --out",
            "# kubectl apply -f this file; the Helm releases (in .helm.yaml) come first, as their CRDs are used here",
            "# Secrets left out (their keys are made by pulumi up, and keys do not belong in a repository):",
            "#   interconnect/link-to-store-hub",
            "#   interconnect/skupper-service-ca",
            "#   interconnect/skupper-tls-client",
        ]);
    });

    it("writes the patches of objects the package does not own for server-side apply", () => {
        const docs = documents(path.join(dir, "store-hub.patches.yaml"));
        assert.deepEqual(
            docs.map((d) => `${d.apiVersion} ${d.kind} ${d.metadata.namespace}/${d.metadata.name}`),
            ["v1 Service metallb-system/metallb-webhook-service", "v1 Service shop/my-backend", "v1 Service shop/payments"],
        );
        assert.match(
            fs.readFileSync(path.join(dir, "store-hub.patches.yaml"), "utf8"),
            /^# .*kubectl apply --server-side --field-manager=edge-interconnect -f this file$/m,
        );
    });

    it("writes the Helm releases as Flux HelmRepository and HelmRelease objects with the charts, versions and values of the plan", () => {
        const docs = documents(path.join(dir, "store-hub.helm.yaml"));
        for (const d of docs) {
            assert.equal(d.metadata.namespace, "flux-system");
            assert.match(d.metadata.name, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
        }
        assert.deepEqual(
            docs.map((d) => [d.apiVersion, d.kind, d.metadata.name]),
            [
                ["source.toolkit.fluxcd.io/v1", "HelmRepository", "cert-manager"],
                ["helm.toolkit.fluxcd.io/v2", "HelmRelease", "cert-manager"],
                ["source.toolkit.fluxcd.io/v1", "HelmRepository", "metallb"],
                ["helm.toolkit.fluxcd.io/v2", "HelmRelease", "metallb"],
            ],
        );
        assert.deepEqual(docs[0].spec, { interval: "1h", url: "https://charts.jetstack.io" });
        assert.deepEqual(docs[2].spec, { interval: "1h", url: "https://metallb.github.io/metallb" });
        assert.deepEqual(docs[3].spec, {
            interval: "10m",
            releaseName: "metallb",
            targetNamespace: "metallb-system",
            timeout: "600s",
            install: { createNamespace: true },
            chart: { spec: { chart: "metallb", version: "0.15.3", sourceRef: { kind: "HelmRepository", name: "metallb", namespace: "flux-system" } } },
            values: {
                controller: { webhookMode: "enabled" },
                crds: { enabled: true, validationFailurePolicy: "Fail" },
                loadBalancerClass: "",
                speaker: { frr: { enabled: false }, ignoreExcludeLB: true, tolerateMaster: true },
            },
        });
        assert.deepEqual(docs[1].spec.chart.spec, {
            chart: "cert-manager",
            version: "v1.21.1",
            sourceRef: { kind: "HelmRepository", name: "cert-manager", namespace: "flux-system" },
        });
        assert.deepEqual(
            [docs[1].spec.install, docs[1].spec.upgrade, docs[1].spec.targetNamespace],
            [{ createNamespace: true, crds: "CreateReplace" }, { crds: "CreateReplace" }, "cert-manager"],
        );
    });
});

describe("fluxObjects: the Helm releases of a plan as Flux objects", () => {
    const release = (name: string, body: Record<string, unknown>): PlanObject => ({
        kind: "HelmRelease",
        apiVersion: "helm.sh/v3",
        namespace: "metallb-system",
        name,
        patch: false,
        resource: "hub-metallb",
        body,
    });

    it("an OCI chart repository is a HelmRepository of type oci", () => {
        const { docs, notes } = fluxObjects([
            release("metallb@0.15.3", {
                chart: "metallb",
                version: "0.15.3",
                namespace: "metallb-system",
                repositoryOpts: { repo: "oci://registry.example/charts" },
                values: {},
            }),
        ]);
        assert.deepEqual(docs[0], {
            apiVersion: "source.toolkit.fluxcd.io/v1",
            kind: "HelmRepository",
            metadata: { name: "metallb", namespace: "flux-system" },
            spec: { interval: "1h", url: "oci://registry.example/charts", type: "oci" },
        });
        assert.deepEqual(notes, []);
    });

    it("a chart from a local path is read from the bootstrap GitRepository, with a note saying to commit it", () => {
        const { docs, notes } = fluxObjects([
            release("charts/metallb@0.15.3", { chart: "charts/metallb", version: "0.15.3", namespace: "metallb-system", values: { a: 1 } }),
        ]);
        assert.equal(docs.length, 1, "no HelmRepository for a local chart");
        assert.deepEqual((docs[0].spec as any).chart, {
            spec: { chart: "./charts/metallb", version: "0.15.3", sourceRef: { kind: "GitRepository", name: "flux-system", namespace: "flux-system" } },
        });
        assert.deepEqual(notes, ["metallb: the chart is a local path (charts/metallb); commit it to the repository flux-system reads, at that path"]);
    });

    it("two releases from one repository share one HelmRepository", () => {
        const repo = { repo: "https://charts.example" };
        const { docs } = fluxObjects([
            release("a@1.0.0", { chart: "a", version: "1.0.0", namespace: "x", repositoryOpts: repo, values: {} }),
            release("b@2.0.0", { chart: "b", version: "2.0.0", namespace: "y", repositoryOpts: repo, values: {} }),
        ]);
        assert.deepEqual(
            docs.map((d) => `${d.kind} ${(d.metadata as any).name}`),
            ["HelmRepository a", "HelmRelease a", "HelmRelease b"],
        );
        assert.deepEqual((docs[2].spec as any).chart.spec.sourceRef, { kind: "HelmRepository", name: "a", namespace: "flux-system" });
    });
});
