/**
 * `plan --diff`: old → new values, field by field; `--exit-code` as
 * `git diff --exit-code`; and examples/multi-environment, whose dev and prod
 * stacks share one topology, so that their diff is exactly what differs
 * between the environments.
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
const MULTI = path.join(ROOT, "examples/multi-environment");

function plan(args: string[], cwd = ROOT) {
    const env = { ...process.env, EDGE_ORCH_TOKEN: "", EDGE_ORCH_USERNAME: "", EDGE_ORCH_PASSWORD: "" };
    return spawnSync(CLI[0], [...CLI.slice(1), "plan", ...args], { cwd, env, encoding: "utf8", timeout: 120_000 });
}

describe("edge-interconnect plan --diff", function () {
    this.timeout(120_000);
    let dir: string;
    let moved: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-diff-"));
        const doc = parse(fs.readFileSync(DEV, "utf8"));
        doc.config["edge-interconnect:hubs"][0].allowedSourceRanges = ["10.4.0.0/16", "10.3.0.0/16"];
        doc.config["edge-interconnect:hubs"][0].exposedServices[0].port = 8081;
        moved = path.join(dir, "Pulumi.moved.yaml");
        fs.writeFileSync(moved, stringify(doc));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("shows each changed field with its old and new value", () => {
        const res = plan([DEV, "--diff", moved]);
        assert.equal(res.status, 0, res.stderr);
        assert.equal(
            res.stdout,
            [
                `Changes from Pulumi.dev.yaml to ${moved}`,
                "",
                "Topology",
                "  ~ hub store-hub: allowedSourceRanges",
                '      allowedSourceRanges: ["10.2.0.0/16","10.3.0.0/16"] → ["10.4.0.0/16","10.3.0.0/16"]',
                "  ~ service store-hub/my-backend: address, port",
                "      address: my-backend.interconnect.svc.cluster.local:8080 → my-backend.interconnect.svc.cluster.local:8081",
                "      port: 8080 → 8081",
                "",
                "Objects",
                "  store-hub",
                "    ~  Service  interconnect  my-backend",
                "        metadata.annotations.skupper.io/port: 8080 → 8081",
                '        spec.ports: [{"name":"tcp-8080","port":8080,"protocol":"TCP","targetPort":8080}] → [{"name":"tcp-8081","port":8081,"protocol":"TCP","targetPort":8081}]',
                "    ~  Service  interconnect  skupper-router",
                '        spec.loadBalancerSourceRanges: ["10.2.0.0/16","10.3.0.0/16"] → ["10.4.0.0/16","10.3.0.0/16"]',
                "    ~  Service (patch)  shop  my-backend",
                "        metadata.annotations.network.app.orchestrator.io/expose-port: 8080 → 8081",
                "",
                "Resources: 0 to create, 3 to update, 0 to delete",
                "",
            ].join("\n"),
        );
    });

    it("gives old and new values in JSON too", () => {
        const res = plan([DEV, "--diff", moved, "-o", "json"]);
        assert.equal(res.status, 0, res.stderr);
        const diff = JSON.parse(res.stdout);
        const router = diff.objects.find((o: any) => o.object.name === "skupper-router");
        assert.deepEqual(router.changes, [{ path: "spec.loadBalancerSourceRanges", old: ["10.2.0.0/16", "10.3.0.0/16"], new: ["10.4.0.0/16", "10.3.0.0/16"] }]);
        assert.deepEqual(diff.counts, { create: 0, update: 3, replace: 0, delete: 0 });
    });

    it("--exit-code exits 1 when the stacks differ and 0 when they do not, as git diff --exit-code", () => {
        const changed = plan([DEV, "--diff", moved, "--exit-code"]);
        assert.equal(changed.status, 1, changed.stderr);
        assert.match(changed.stdout, /Resources: 0 to create, 3 to update, 0 to delete\n$/);
        const same = plan([DEV, "--diff", DEV, "--exit-code"]);
        assert.equal(same.status, 0, same.stderr);
        assert.match(same.stdout, /Topology\n {2}\(no change\)\n\nObjects\n {2}\(no change\)\n/);
        // Without --exit-code a difference is not a failure.
        assert.equal(plan([DEV, "--diff", moved]).status, 0);
    });

    it("--exit-code without --diff is a usage error", () => {
        const res = plan([DEV, "--exit-code"]);
        assert.equal(res.status, 2);
        assert.equal(
            res.stderr
                .split("\n")
                .filter((l) => l && !l.startsWith("· "))
                .join("\n"),
            "edge-interconnect: --exit-code applies to --diff (exit code 1 when the two stacks differ)",
        );
    });

    it("examples/multi-environment: dev and prod share the topology, so their diff is only the environment's values", () => {
        // --diff takes a stack name of the same project.
        const res = plan([".", "--diff", "prod", "-o", "json"], MULTI);
        assert.equal(res.status, 0, res.stderr);
        assert.match(res.stderr, /from the project's Pulumi\.yaml: edge-interconnect:network, edge-interconnect:spokes/);
        const diff = JSON.parse(res.stdout);
        assert.deepEqual(diff.topology, [
            {
                op: "~",
                what: "network: orchestrator",
                changes: [{ path: "orchestrator", new: { apiUrl: "https://api.edge.example.com", project: "retail", status: "not checked" } }],
            },
            {
                op: "~",
                what: "hub dc-hub: allowedSourceRanges, pool, routerIp",
                changes: [
                    { path: "allowedSourceRanges", old: ["192.168.60.0/24"], new: ["10.41.0.0/16", "10.42.0.0/16"] },
                    { path: "pool", old: ["192.168.50.240-192.168.50.250"], new: ["10.40.0.16/28"] },
                    { path: "routerIp", old: "192.168.50.241", new: "10.40.0.20" },
                ],
            },
            ...["store-001", "store-002", "store-003"].map((s) => ({
                op: "~",
                what: `spoke ${s}: hubAddress`,
                changes: [{ path: "hubAddress", old: "192.168.50.241:55671", new: "10.40.0.20:55671" }],
            })),
        ]);
        assert.deepEqual(
            diff.objects.map((o: any) => [o.op, o.cluster, `${o.object.kind} ${o.object.namespace}/${o.object.name}`, o.fields]),
            [
                // As pulumi preview shows them: the site (replaceOnChanges on its annotations), the router
                // address record (on its data) and the router pool with it (replaceWith) are replaced.
                ["replace", "dc-hub", "ConfigMap interconnect/skupper-site", ["metadata.annotations.edge-interconnect.pulumi.com/router-ip"]],
                ["replace", "dc-hub", "ConfigMap metallb-system/dc-hub-router-address", ["data.address"]],
                ["update", "dc-hub", "IPAddressPool metallb-system/dc-hub-pool", ["spec.addresses"]],
                ["replace", "dc-hub", "IPAddressPool metallb-system/dc-hub-router", ["spec.addresses"]],
                ["update", "dc-hub", "L2Advertisement metallb-system/dc-hub-l2", ["spec.interfaces"]],
                [
                    "update",
                    "dc-hub",
                    "Service interconnect/skupper-router",
                    ["metadata.annotations.metallb.io/loadBalancerIPs", "metadata.annotations.pulumi.com/waitFor", "spec.loadBalancerSourceRanges"],
                ],
                ...["store-001", "store-002", "store-003"].map((s) => [
                    "update",
                    s,
                    "Secret interconnect/link-to-dc-hub",
                    ["metadata.annotations.edge-host", "metadata.annotations.inter-router-host"],
                ]),
            ],
        );
        assert.deepEqual(diff.counts, { create: 0, update: 6, replace: 3, delete: 0 });
        const text = plan([".", "--diff", "prod"], MULTI);
        assert.equal(text.status, 0, text.stderr);
        assert.match(text.stdout, /\n {4}\+- +IPAddressPool +metallb-system +dc-hub-router\n/);
        assert.match(text.stdout, /\n {4}~ +IPAddressPool +metallb-system +dc-hub-pool\n/);
        assert.match(text.stdout, /Resources: 0 to create, 6 to update, 3 to replace, 0 to delete\n$/);
    });
});
