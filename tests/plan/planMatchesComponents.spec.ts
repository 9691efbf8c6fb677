/**
 * `plan` computes each cluster's objects from the pure core (sdk/plan/core.ts),
 * with no Pulumi runtime. This proves, topology by topology, that those are
 * exactly what the components register under Pulumi's mocks: kind,
 * namespace, name, resource name and body of every object, per cluster, the
 * Helm releases, and the orchestrator deployments; and that the whole plan
 * (as `--format json` prints it) is the same either way.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { GENERATED, PlanContent, PlanObject, planContent } from "../../sdk/plan/core";
import { buildPlan } from "../../sdk/plan/report";
import { readStackFile } from "../../sdk/plan/stackFile";
import { CONFIG_NAMESPACE, StackConfig, parseStackConfig } from "../../sdk/stack/config";
import { contentOfRegistrations, evaluateOffline } from "../support/mockEvaluation";

const ROOT = path.resolve(__dirname, "../..");
const ns = (key: string) => `${CONFIG_NAMESPACE}:${key}`;

/** What both sides write for material made at deploy (certificates, keys, their fingerprints). */
const GENERATED_MATERIAL = "<generated at deploy>";
const PEM = /-----BEGIN [A-Z ]+-----/;

/**
 * The one place certificate and key placeholders are normalised, on both
 * sides alike: the core writes {@link GENERATED}; the mocks hand the
 * components {@link GENERATED} as the PKI resources' outputs, and a real PEM
 * would show up as one. Everything else is compared as it is.
 */
function normaliseGeneratedMaterial<T>(value: T): T {
    if (typeof value === "string") return (value === GENERATED || PEM.test(value) ? GENERATED_MATERIAL : value) as T;
    if (Array.isArray(value)) return value.map(normaliseGeneratedMaterial) as T;
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normaliseGeneratedMaterial(v)])) as T;
    }
    return value;
}

const objectKey = (o: PlanObject) => `${o.patch ? "patch:" : ""}${o.kind}/${o.namespace ?? ""}/${o.name}`;

/** Each cluster's objects in one order, placeholders normalised. */
function comparable(content: PlanContent): PlanContent {
    const clusters: PlanContent["clusters"] = {};
    for (const name of Object.keys(content.clusters).sort()) {
        clusters[name] = normaliseGeneratedMaterial([...content.clusters[name]].sort((a, b) => objectKey(a).localeCompare(objectKey(b))));
    }
    const deployments = normaliseGeneratedMaterial([...content.deployments].sort((a, b) => a.resource.localeCompare(b.resource)));
    return { clusters, deployments };
}

function hub(name: string, octet: number, extra: Record<string, unknown> = {}) {
    return {
        name,
        loadBalancer: { addresses: [`10.${octet}.0.32/28`] },
        allowedSourceRanges: [`10.${octet + 100}.0.0/16`],
        ...extra,
    };
}

const TOPOLOGIES: { title: string; config: () => StackConfig; minObjects: number }[] = [
    {
        title: "direct, one hub, no TLS",
        config: () =>
            parseStackConfig({
                [ns("network")]: { name: "plain-mesh" },
                [ns("hubs")]: [hub("hub-a", 1, { exposedServices: [{ name: "backend", namespace: "shop", port: 8080 }] })],
                [ns("spokes")]: [
                    { name: "store-1", hub: "hub-a" },
                    { name: "store-2", hub: "hub-a" },
                ],
            }),
        minObjects: 30,
    },
    {
        title: "TLS services (the repository's dev stack: one TLS, one plain service)",
        config: () => parseStackConfig(readStackFile(path.join(ROOT, "Pulumi.dev.yaml")).config),
        minObjects: 45,
    },
    {
        title: "edge-mode spokes, custom naming, a service without annotations",
        config: () =>
            parseStackConfig({
                [ns("network")]: { name: "edge-mesh", naming: { siteNamespace: "mesh-site", annotationPrefix: "mesh.example.com" } },
                [ns("hubs")]: [hub("edge-hub", 2, { annotateServices: false, exposedServices: [{ name: "api", namespace: "apps", port: 9443, tls: true }] })],
                [ns("spokes")]: [
                    { name: "edge-1", hub: "edge-hub", routerMode: "edge" },
                    { name: "edge-2", hub: "edge-hub", routerMode: "edge" },
                    { name: "interior-1", hub: "edge-hub" },
                ],
            }),
        minObjects: 30,
    },
    {
        title: "multi-hub: three hubs, spokes on each, TLS on one",
        config: () =>
            parseStackConfig({
                [ns("network")]: { name: "wide-mesh" },
                [ns("hubs")]: [
                    hub("hub-1", 11, { exposedServices: [{ name: "orders", namespace: "shop", port: 8080 }] }),
                    hub("hub-2", 12, { exposedServices: [{ name: "stock", namespace: "shop", port: 8443, tls: true }] }),
                    hub("hub-3", 13),
                ],
                [ns("spokes")]: Array.from({ length: 7 }, (_, i) => ({ name: `site-${i + 1}`, hub: `hub-${(i % 3) + 1}` })),
            }),
        minObjects: 80,
    },
    {
        title: "add-ons: MetalLB and the site controller already installed, cert-manager off, mirrored images, local and custom charts",
        config: () =>
            parseStackConfig({
                [ns("network")]: { name: "addon-mesh" },
                [ns("hubs")]: [
                    hub("hub-bare", 21, {
                        metallb: { install: false },
                        skupperController: { install: false },
                        certManager: { install: false },
                        exposedServices: [{ name: "db", namespace: "data", port: 5432, tls: true }],
                    }),
                    hub("hub-mirror", 22, {
                        imageRegistry: "registry.example.com:5000/mirror",
                        metallb: { namespace: "lb-system", chart: { version: "0.15.2", values: { speaker: { logLevel: "debug" } } } },
                        certManager: { chart: { path: "/charts/cert-manager.tgz" } },
                        exposedServices: [{ name: "web", namespace: "front", port: 443, tls: true }],
                    }),
                ],
                [ns("spokes")]: [
                    { name: "spoke-bare", hub: "hub-bare", skupperController: { install: false } },
                    { name: "spoke-mirror", hub: "hub-mirror", imageRegistry: "registry.example.com:5000/mirror", linkKeyAlgorithm: "RSA" },
                ],
            }),
        minObjects: 30,
    },
    {
        title: "Skupper v2: CRDs, controller (one with the grant server), Sites, Links with their Secrets, Connectors, Listeners with TLS, an edge spoke without the controller",
        config: () =>
            parseStackConfig({
                [ns("network")]: { name: "v2-mesh", skupperVersion: "v2", naming: { siteNamespace: "interconnect-v2" } },
                [ns("hubs")]: [
                    hub("hub-v2", 31, {
                        exposedServices: [
                            { name: "api", namespace: "apps", port: 9443, tls: true },
                            { name: "db", namespace: "data", port: 5432 },
                        ],
                    }),
                ],
                [ns("spokes")]: [
                    { name: "v2-store-1", hub: "hub-v2", skupperController: { grantServer: true } },
                    { name: "v2-store-2", hub: "hub-v2", routerMode: "edge", skupperController: { install: false } },
                ],
            }),
        minObjects: 80,
    },
    {
        title: "orchestrator-managed (examples/orchestrator-managed): deployments, no Kubernetes objects",
        config: () => parseStackConfig(readStackFile(path.join(ROOT, "examples/orchestrator-managed/Pulumi.dev.yaml")).config),
        minObjects: 0,
    },
];

describe("plan: the core's objects are the components' registrations", function () {
    this.timeout(120_000);

    for (const t of TOPOLOGIES) {
        it(t.title, async () => {
            const config = t.config();
            const core = planContent(config);
            const mocked = contentOfRegistrations(config, await evaluateOffline(config));
            const a = comparable(core);
            const b = comparable(mocked);

            assert.deepEqual(Object.keys(a.clusters), Object.keys(b.clusters), "the same clusters");
            let objects = 0;
            for (const cluster of Object.keys(b.clusters)) {
                assert.deepEqual(a.clusters[cluster].map(objectKey), b.clusters[cluster].map(objectKey), `${cluster}: the same kind/namespace/name list`);
                for (let i = 0; i < b.clusters[cluster].length; i++) {
                    // Exact equality, key order included: that is what --format json and --out print.
                    assert.equal(
                        JSON.stringify(a.clusters[cluster][i]),
                        JSON.stringify(b.clusters[cluster][i]),
                        `${cluster}: ${objectKey(b.clusters[cluster][i])}`,
                    );
                }
                objects += b.clusters[cluster].length;
            }
            assert.ok(objects >= t.minObjects, `the topology is not vacuous (${objects} objects)`);
            assert.equal(JSON.stringify(a.deployments), JSON.stringify(b.deployments), "the same orchestrator deployments");
            if (Object.values(config.access).some((x) => x.orchestratorClusterId))
                assert.ok(b.deployments.length > 0, "the managed example has deployments to compare");

            // The whole plan, as printed, is the same either way.
            const planA = normaliseGeneratedMaterial(buildPlan("t", config, core, "not checked"));
            const planB = normaliseGeneratedMaterial(buildPlan("t", config, mocked, "not checked"));
            assert.equal(JSON.stringify(planA), JSON.stringify(planB));
        });
    }

    it("the CLI's plan path loads no Pulumi module", () => {
        const script = [
            'require("./sdk/cli/plan");',
            'const { planContent } = require("./sdk/plan/core");',
            'const { readStackFile } = require("./sdk/plan/stackFile");',
            'const { parseStackConfig } = require("./sdk/stack/config");',
            'planContent(parseStackConfig(readStackFile("Pulumi.dev.yaml").config));',
            'const loaded = Object.keys(require.cache).filter((m) => m.includes("@pulumi"));',
            "process.stdout.write(JSON.stringify(loaded));",
        ].join("\n");
        const res = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: ROOT, encoding: "utf8" });
        assert.equal(res.status, 0, res.stderr);
        assert.deepEqual(JSON.parse(res.stdout), []);
    });
});
