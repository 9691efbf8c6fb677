/**
 * `edge-interconnect plan` on the bundled dev stack: the objects per
 * cluster, the preview-style diff after adding a spoke, and one-line errors
 * for broken configuration files.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { CLI } from "../support/cli";

const ROOT = path.resolve(__dirname, "../..");

const DEV = path.join(ROOT, "Pulumi.dev.yaml");

function plan(args: string[]) {
    // EDGE_ORCH_* unset: plan does not ask the orchestrator, and binds no port.
    const env = { ...process.env, EDGE_ORCH_TOKEN: "", EDGE_ORCH_USERNAME: "", EDGE_ORCH_PASSWORD: "" };
    return spawnSync(CLI[0], [...CLI.slice(1), "plan", ...args], { cwd: ROOT, env, encoding: "utf8", timeout: 120_000 });
}

/** Writes a variant of the dev stack into a temp folder. */
function variant(dir: string, name: string, change: (config: Record<string, any>) => void): string {
    const doc = parse(fs.readFileSync(DEV, "utf8"));
    change(doc.config);
    const file = path.join(dir, `Pulumi.${name}.yaml`);
    fs.writeFileSync(file, stringify(doc));
    return file;
}

describe("edge-interconnect plan", function () {
    this.timeout(120_000);
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-spec-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("plans the dev stack: the exact objects on each cluster, in JSON", () => {
        const res = plan([DEV, "-o", "json"]);
        assert.equal(res.status, 0, res.stderr);
        const p = JSON.parse(res.stdout);
        const names = (cluster: string) =>
            p.clusters.find((c: any) => c.name === cluster).objects.map((o: any) => `${o.kind}${o.patch ? " (patch)" : ""} ${o.namespace ?? "-"}/${o.name}`);
        assert.deepEqual(
            p.clusters.map((c: any) => [c.name, c.role, c.objects.length]),
            [
                ["store-hub", "hub", 26],
                ["store-1", "spoke", 10],
                ["store-2", "spoke", 10],
            ],
        );
        assert.deepEqual(names("store-hub"), [
            "Namespace -/interconnect",
            "Namespace -/metallb-system",
            "Namespace -/skupper-site-controller",
            "HelmRelease cert-manager/cert-manager@v1.21.1",
            "HelmRelease metallb-system/metallb@0.15.3",
            "ServiceAccount skupper-site-controller/skupper-site-controller",
            "ClusterRole -/skupper-site-controller",
            "ClusterRoleBinding -/skupper-site-controller",
            "Secret cert-manager/retail-mesh-ca",
            "Secret interconnect/skupper-service-ca",
            "Secret interconnect/skupper-site-ca",
            "Secret interconnect/skupper-tls-client",
            "ConfigMap interconnect/skupper-site",
            "ConfigMap metallb-system/store-hub-router-address",
            "Deployment skupper-site-controller/skupper-site-controller",
            "IPAddressPool metallb-system/store-hub-pool",
            "IPAddressPool metallb-system/store-hub-router",
            "L2Advertisement metallb-system/store-hub-l2",
            "ClusterIssuer -/retail-mesh-ca",
            "Certificate shop/skupper-tls-payments",
            "Service interconnect/my-backend",
            "Service interconnect/payments",
            "Service interconnect/skupper-router",
            "Service (patch) metallb-system/metallb-webhook-service",
            "Service (patch) shop/my-backend",
            "Service (patch) shop/payments",
        ]);
        assert.deepEqual(names("store-1"), [
            "Namespace -/interconnect",
            "Namespace -/skupper-site-controller",
            "ServiceAccount skupper-site-controller/skupper-site-controller",
            "ClusterRole -/skupper-site-controller",
            "ClusterRoleBinding -/skupper-site-controller",
            "Secret interconnect/link-to-store-hub",
            "Secret interconnect/skupper-service-ca",
            "Secret interconnect/skupper-tls-client",
            "ConfigMap interconnect/skupper-site",
            "Deployment skupper-site-controller/skupper-site-controller",
        ]);
        assert.deepEqual(p.spokes, [
            { name: "store-1", hub: "store-hub", routerMode: "interior", link: "link-to-store-hub", hubAddress: "10.1.0.33:55671" },
            { name: "store-2", hub: "store-hub", routerMode: "interior", link: "link-to-store-hub", hubAddress: "10.1.0.33:55671" },
        ]);
        assert.deepEqual(
            p.hubs[0].services.map((s: any) => s.address),
            ["my-backend.interconnect.svc.cluster.local:8080", "payments.interconnect.svc.cluster.local:8443"],
        );
        assert.equal(p.network.orchestrator.status, "not checked: no EDGE_ORCH_TOKEN or EDGE_ORCH_USERNAME/EDGE_ORCH_PASSWORD set");
        assert.match(p.mermaid, /^---\ntitle: "retail-mesh/);
        assert.equal(/BEGIN (RSA PRIVATE KEY|CERTIFICATE)/.test(res.stdout), false, "no key or certificate material in a plan");
    });

    it("prints a readable text plan, whole when piped, and writes manifests and pictures with --out", () => {
        const out = path.join(dir, "out");
        const res = plan([DEV, "--out", out]);
        assert.equal(res.status, 0, res.stderr);
        const lines = res.stdout.split("\n");
        assert.equal(lines[0], 'Plan for stack "dev": 1 hub(s), 2 spoke(s), 46 object(s) on 3 cluster(s)');
        // stdout is a pipe here: no line is cut, no value ends in an ellipsis.
        assert.deepEqual(
            lines.filter((l) => l.endsWith("…")),
            [],
        );
        assert.ok(lines.includes("  ok    hub store-hub: router 10.1.0.33:55671 reachable only from 10.2.0.0/16, 10.3.0.0/16"));
        assert.equal(
            lines[lines.length - 2],
            `Written to ${out}/: store-hub.yaml, store-hub.patches.yaml, store-hub.helm.yaml, store-1.yaml, store-2.yaml, topology.svg, topology.mmd`,
        );
        assert.deepEqual(fs.readdirSync(out).sort(), [
            "store-1.yaml",
            "store-2.yaml",
            "store-hub.helm.yaml",
            "store-hub.patches.yaml",
            "store-hub.yaml",
            "topology.mmd",
            "topology.svg",
        ]);
        // store-1's 10 objects less its 3 Secrets (left out of manifests, listed in the header).
        const docs = fs.readFileSync(path.join(out, "store-1.yaml"), "utf8").split(/^---$/m);
        assert.equal(docs.length, 7);
        assert.match(fs.readFileSync(path.join(out, "topology.svg"), "utf8"), /^<\?xml|^<svg/);
        assert.match(res.stderr, /computing the objects: 1 network, 1 hub\(s\), 2 spoke\(s\)/, "progress goes to stderr");
    });

    it("plans examples/orchestrator-managed: the four kinds of deployments with the right network fields", () => {
        const res = plan([path.join(ROOT, "examples/orchestrator-managed"), "-o", "json"]);
        assert.equal(res.status, 0, res.stderr);
        const p = JSON.parse(res.stdout);
        assert.deepEqual(
            p.deployments.map((d: any) => [d.displayName, d.appName, d.networkName ?? null, d.serviceExports, d.clusterIds]),
            [
                ["dc-hub-loadbalancer", "loadbalancer", null, [], ["cluster-dc"]],
                ["dc-hub-skupper", "skupper", null, [], ["cluster-dc"]],
                ["store-1-skupper", "skupper", null, [], ["cluster-store-1"]],
                ["store-2-skupper", "skupper", null, [], ["cluster-store-2"]],
                ["backend", "skupper-backend", "shop-mesh", ["skupper-backend"], ["cluster-dc"]],
                ["frontend", "skupper-frontend", "shop-mesh", [], ["cluster-store-1", "cluster-store-2"]],
            ],
        );
        assert.deepEqual(p.deployments[0].overrideValues, [{ appName: "metallb-config", values: { ipAddressRange: "10.1.0.30-10.1.0.79" } }]);
        assert.deepEqual(
            p.clusters.map((c: any) => [c.name, c.orchestratorClusterId, c.objects.length]),
            [
                ["dc-hub", "cluster-dc", 0],
                ["store-1", "cluster-store-1", 0],
                ["store-2", "cluster-store-2", 0],
            ],
        );
    });

    it("--diff after adding a spoke shows only that spoke's objects and no hub change", () => {
        const grown = variant(dir, "grown", (c) =>
            c["edge-interconnect:spokes"].push({ name: "store-3", hub: "store-hub", kubeconfigFile: "~/.kube/store-3.yaml" }),
        );
        const res = plan([DEV, "--diff", grown, "-o", "json"]);
        assert.equal(res.status, 0, res.stderr);
        const diff = JSON.parse(res.stdout);
        assert.deepEqual(diff.topology, [{ op: "+", what: "spoke store-3 → store-hub (link-to-store-hub)" }]);
        assert.deepEqual([...new Set(diff.objects.map((o: any) => `${o.op} ${o.cluster}`))], ["create store-3"]);
        assert.deepEqual(diff.counts, { create: 10, update: 0, replace: 0, delete: 0 });

        const text = plan([DEV, "--diff", grown]);
        assert.equal(text.status, 0, text.stderr);
        assert.match(text.stdout, /Topology\n {2}\+ spoke store-3 → store-hub \(link-to-store-hub\)\n/);
        assert.match(text.stdout, /Resources: 10 to create, 0 to update, 0 to delete\n$/);
    });

    it("--diff after changing the hub's allowed ranges shows one update on the hub", () => {
        const narrowed = variant(dir, "narrowed", (c) => (c["edge-interconnect:hubs"][0].allowedSourceRanges = ["10.2.0.0/16"]));
        const res = plan([DEV, "--diff", narrowed, "-o", "json"]);
        assert.equal(res.status, 0, res.stderr);
        const diff = JSON.parse(res.stdout);
        assert.deepEqual(
            diff.objects.map((o: any) => [o.op, o.cluster, o.object.kind, o.object.name, o.fields]),
            [["update", "store-hub", "Service", "skupper-router", ["spec.loadBalancerSourceRanges"]]],
        );
    });

    const broken: [string, (c: Record<string, any>) => void, string][] = [
        [
            "a wrong type",
            (c) => (c["edge-interconnect:hubs"][0].exposedServices[0].port = "8080"),
            "edge-interconnect:hubs[0].exposedServices[0].port: must be a number",
        ],
        ["a missing key", (c) => delete c["edge-interconnect:hubs"], "edge-interconnect:hubs: is required"],
        [
            "a bad CIDR",
            (c) => (c["edge-interconnect:hubs"][0].allowedSourceRanges = ["10.2.0.0/33"]),
            'edge-interconnect:hubs[0].allowedSourceRanges[0]: "10.2.0.0/33" has a prefix longer than 32',
        ],
        [
            "duplicate cluster names",
            (c) => (c["edge-interconnect:spokes"][1].name = "store-1"),
            'edge-interconnect:spokes[1].name: "store-1" is already the name of spokes[0].name; cluster names must be unique',
        ],
        [
            "a router IP outside the pool",
            (c) => (c["edge-interconnect:hubs"][0].loadBalancer.routerIp = "10.1.0.99"),
            "edge-interconnect:hubs[0].loadBalancer.routerIp: 10.1.0.99 is not an address of the pool (10.1.0.32/28); MetalLB can only assign pool addresses",
        ],
        ["an unknown key", (c) => (c["edge-interconnect:hubs"][0].routerIP = "10.1.0.33"), 'edge-interconnect:hubs[0]: unknown key(s) "routerIP"'],
        [
            "an unknown top-level key",
            (c) => (c["edge-interconnect:spoke"] = []),
            "edge-interconnect:spoke: is not a configuration key of this project; known keys: edge-interconnect:orchestrator, edge-interconnect:network, edge-interconnect:hubs, edge-interconnect:spokes, edge-interconnect:applications, edge-interconnect:orchestratorToken, edge-interconnect:orchestratorPassword",
        ],
        [
            "public exposure",
            (c) => (c["edge-interconnect:hubs"][0].allowedSourceRanges = ["0.0.0.0/0"]),
            "edge-interconnect:hubs[0].allowedSourceRanges[0]: 0.0.0.0/0 opens the router's LoadBalancer",
        ],
    ];
    for (const [label, change, message] of broken) {
        it(`refuses ${label} with one line naming the key and exit code 2`, () => {
            const file = variant(dir, label.replace(/\W+/g, "-"), change);
            const res = plan([file]);
            assert.equal(res.status, 2);
            assert.equal(res.stdout, "");
            const lines = res.stderr.split("\n").filter((l) => l && !l.startsWith("· "));
            assert.equal(lines.length, 1, res.stderr);
            // A file outside the working directory is named by its absolute path.
            assert.ok(lines[0].startsWith(`edge-interconnect: ${file}: ${message}`), lines[0]);
        });
    }
});
