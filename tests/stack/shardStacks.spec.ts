/**
 * Hub stacks and spoke-shard stacks in the stack configuration:
 * `hubs[].shards` on the hub stack, `hubStack` + `shard` + `spokes` on a
 * shard stack. Every problem is reported at once, naming its key; the hub
 * stack exports `joinInfo` (secret) per hub and shard; the shard stack
 * reads it through a StackReference and builds its spokes from it.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { intermediateAuthorityProvider } from "../../provider/pki";
import { StackConfigError, parseStackConfig } from "../../sdk/stack/config";
import { JOIN_INFO_OUTPUT, buildInterconnect, buildShard, readShardJoins, shardOutputs, stackOutputs } from "../../sdk/stack/program";
import { RecordingMocks, StackReferenceMocks, inspect, waitFor } from "../support/mocks";
import { kubeconfig, PKI_PROVIDERS } from "../support/clusters";
import { CLI } from "../support/cli";

const ROOT = path.resolve(__dirname, "../..");

const PROVIDERS = { ...PKI_PROVIDERS, "edge-interconnect:index:IntermediateAuthority": intermediateAuthorityProvider };

function hubConfig(shards: unknown = ["east", "west"]): Record<string, unknown> {
    return {
        "edge-interconnect:network": { name: "fleet-mesh" },
        "edge-interconnect:hubs": [
            {
                name: "store-hub",
                kubeconfig: kubeconfig("store-hub"),
                loadBalancer: { addresses: ["10.1.0.32/28"] },
                allowedSourceRanges: ["10.2.0.0/16"],
                shards,
            },
        ],
    };
}

function shardConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        "edge-interconnect:hubStack": "organization/edge-interconnect/hub",
        "edge-interconnect:shard": "east",
        "edge-interconnect:spokes": [
            { name: "store-1", hub: "store-hub", kubeconfig: kubeconfig("store-1") },
            { name: "store-2", hub: "store-hub", kubeconfig: kubeconfig("store-2"), routerMode: "edge" },
        ],
        ...extra,
    };
}

function issuesOf(input: Record<string, unknown>) {
    try {
        parseStackConfig(input);
    } catch (e) {
        assert.ok(e instanceof StackConfigError, String(e));
        return e.issues;
    }
    assert.fail("the configuration was accepted");
}

describe("stack configuration: hub stacks with shards, spoke-shard stacks", () => {
    it("reads a hub's shards, and a shard stack's hub stack, shard and spokes", () => {
        assert.deepEqual({ ...parseStackConfig(hubConfig()).shards }, { "store-hub": ["east", "west"] });
        const shard = parseStackConfig(shardConfig());
        assert.deepEqual(shard.shardOf, { hubStack: "organization/edge-interconnect/hub", shard: "east" });
        assert.deepEqual(shard.topology.spokes, [
            { name: "store-1", hub: "store-hub", routerMode: "interior" },
            { name: "store-2", hub: "store-hub", routerMode: "edge" },
        ]);
        assert.deepEqual(shard.topology.hubs, []);
        assert.deepEqual(Object.keys(shard.access), ["store-1", "store-2"]);
    });

    it("names every problem of hubs[].shards", () => {
        assert.deepEqual(issuesOf(hubConfig(["East", "east", "east"])), [
            {
                path: "edge-interconnect:hubs[0].shards[0]",
                message: `must be a shard name: lowercase letters, digits and '-', at most 40, starting and ending with a letter or digit (got "East")`,
            },
            { path: "edge-interconnect:hubs[0].shards[2]", message: '"east" is listed twice' },
        ]);
        assert.deepEqual(issuesOf(hubConfig("east")), [{ path: "edge-interconnect:hubs[0].shards", message: "must be a list of shard names" }]);
    });

    it("names every problem of a shard stack at once, each by its key", () => {
        assert.deepEqual(
            issuesOf({
                "edge-interconnect:hubStack": "not a stack!",
                "edge-interconnect:network": { name: "x" },
                "edge-interconnect:hubs": [],
                "edge-interconnect:spokes": [
                    { name: "store-1", hub: "store-hub", kubeconfig: kubeconfig("a") },
                    { name: "store-1", hub: "Store Hub", context: "c" },
                    { name: "store-3", hub: "store-hub", orchestratorClusterId: "c-3" },
                ],
            }),
            [
                { path: "edge-interconnect:hubStack", message: 'must name the hub stack as organization/project/stack (got "not a stack!")' },
                {
                    path: "edge-interconnect:shard",
                    message: "is required with edge-interconnect:hubStack: the shard of the hub stack this stack's spokes belong to",
                },
                {
                    path: "edge-interconnect:hubs",
                    message:
                        "belongs to the hub stack; a spoke-shard stack (edge-interconnect:hubStack) declares only spokes, and reads its hubs' network from their join information",
                },
                {
                    path: "edge-interconnect:network",
                    message:
                        "belongs to the hub stack; a spoke-shard stack (edge-interconnect:hubStack) declares only spokes, and reads its hubs' network from their join information",
                },
                { path: "edge-interconnect:spokes[1].hub", message: "must be lowercase letters, digits and '-', starting and ending with a letter or digit" },
                {
                    path: "edge-interconnect:spokes[2].orchestratorClusterId",
                    message: "applies to orchestrator-managed spokes, which the orchestrator links; a spoke-shard stack is direct mode",
                },
            ],
        );
        assert.deepEqual(issuesOf({ ...shardConfig(), "edge-interconnect:hubStack": undefined }), [
            {
                path: "edge-interconnect:shard",
                message: "needs edge-interconnect:hubStack: the stack (organization/project/stack) whose hubs issued the shard",
            },
        ]);
        const dup = shardConfig({
            "edge-interconnect:spokes": [
                { name: "s", hub: "h", context: "a" },
                { name: "s", hub: "h", context: "b" },
            ],
        });
        assert.deepEqual(issuesOf(dup), [{ path: "edge-interconnect:spokes[1].name", message: '"s" is already spokes[0]; names must be unique' }]);
    });
});

describe("hub stack → shard stack through the joinInfo output (mocks)", function () {
    this.timeout(60_000);
    let hubOutputs: Record<string, unknown>;
    let siteKey: string;

    before(async () => {
        await pulumi.runtime.setMocks(new RecordingMocks({}, PROVIDERS), "edge-interconnect", "hub", false);
        const ic = buildInterconnect(parseStackConfig(hubConfig()));
        const out = stackOutputs(ic);
        const exported = await inspect(pulumi.output((out as Record<string, unknown>)[JOIN_INFO_OUTPUT]));
        assert.equal(exported.isSecret, true);
        hubOutputs = { [JOIN_INFO_OUTPUT]: exported.value };
        siteKey = (await inspect(ic.hubs[0].siteCa!.keyPem)).value!;
    });

    const shardMocks = () => new StackReferenceMocks(() => hubOutputs, [JOIN_INFO_OUTPUT], {}, PROVIDERS);

    it("exports one join information per hub and shard, none holding the site CA key", () => {
        const info = hubOutputs[JOIN_INFO_OUTPUT] as Record<string, Record<string, { shard: string; hub: string }>>;
        assert.deepEqual(
            Object.entries(info["store-hub"]).map(([k, v]) => [k, v.hub, v.shard]),
            [
                ["east", "store-hub", "east"],
                ["west", "store-hub", "west"],
            ],
        );
        assert.equal(JSON.stringify(info).includes(siteKey.split("\n")[1]), false);
    });

    it("builds the shard's spokes from the hub stack's join information", async () => {
        const mocks = shardMocks();
        await pulumi.runtime.setMocks(mocks, "edge-interconnect", "east", false);
        const stack = parseStackConfig(shardConfig());
        const ic = buildShard(stack, await readShardJoins(stack));
        await waitFor(() => mocks.resources.filter((r) => r.name.endsWith("-secret-interconnect-link-to-store-hub")).length === 2, "two links");
        const out = shardOutputs(ic);
        assert.deepEqual(out, {
            networkName: "fleet-mesh",
            hubStack: "organization/edge-interconnect/hub",
            shard: "east",
            spokes: {
                "store-1": { hub: "store-hub", link: "link-to-store-hub", hubAddress: "10.1.0.33:55671" },
                "store-2": { hub: "store-hub", link: "link-to-store-hub", hubAddress: "10.1.0.33:55671" },
            },
        });
        assert.deepEqual(
            mocks.resources
                .filter((r) => r.type === "pulumi:providers:kubernetes")
                .map((r) => r.name)
                .sort(),
            ["store-1-k8s", "store-2-k8s"],
        );
        assert.equal(
            mocks.resources.some((r) => r.type.includes("HubCluster") || r.type.includes("InterconnectNetwork")),
            false,
        );
    });

    it("names the configuration key when the hub stack has no such shard or hub", async () => {
        await pulumi.runtime.setMocks(shardMocks(), "edge-interconnect", "north", false);
        await assert.rejects(readShardJoins(parseStackConfig(shardConfig({ "edge-interconnect:shard": "north" }))), {
            message:
                'edge-interconnect:shard: stack "organization/edge-interconnect/hub" output "joinInfo".store-hub has no "north"; it has: east, west (edge-interconnect:hubStack is organization/edge-interconnect/hub)',
        });
        const otherHub = shardConfig({ "edge-interconnect:spokes": [{ name: "s-1", hub: "dc-hub", context: "a" }] });
        await assert.rejects(readShardJoins(parseStackConfig(otherHub)), {
            message:
                'edge-interconnect:spokes[0].hub: stack "organization/edge-interconnect/hub" output "joinInfo" has no "dc-hub"; it has: store-hub (edge-interconnect:hubStack is organization/edge-interconnect/hub)',
        });
    });
});

describe("edge-interconnect plan on a spoke-shard stack", () => {
    const SHARD =
        "config:\n  edge-interconnect:hubStack: organization/edge-interconnect/hub\n  edge-interconnect:shard: east\n" +
        "  edge-interconnect:spokes:\n    - name: store-1\n      hub: store-hub\n      context: store-1\n    - name: store-2\n      hub: store-hub\n      context: store-2\n      routerMode: edge\n";
    const hubFile = (shards: string) =>
        "config:\n  edge-interconnect:network:\n    name: shop-mesh\n  edge-interconnect:hubs:\n    - name: store-hub\n      context: hub\n" +
        `      shards: [${shards}]\n      loadBalancer:\n        addresses: [10.1.0.32/28]\n      allowedSourceRanges: [10.2.0.0/16]\n` +
        "      exposedServices:\n        - name: my-backend\n          namespace: shop\n          port: 8080\n";
    const ONE_PROGRAM =
        hubFile("east").replace("      shards: [east]\n", "") +
        "  edge-interconnect:spokes:\n    - name: store-1\n      hub: store-hub\n      context: store-1\n    - name: store-2\n      hub: store-hub\n      context: store-2\n      routerMode: edge\n";
    let dir: string;
    const plan = (file: string, ...flags: string[]) =>
        spawnSync(CLI[0], [...CLI.slice(1), "plan", file, ...flags], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "shard-plan-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("plans the shard's spokes from the hub stack's file beside it: the same objects as the spokes of one program, no hub cluster", () => {
        fs.writeFileSync(path.join(dir, "Pulumi.east.yaml"), SHARD);
        fs.writeFileSync(path.join(dir, "Pulumi.hub.yaml"), hubFile("east, west"));
        fs.writeFileSync(path.join(dir, "Pulumi.one.yaml"), ONE_PROGRAM);
        const shard = plan(path.join(dir, "Pulumi.east.yaml"), "-o", "json");
        assert.equal(shard.status, 0, shard.stderr);
        const one = plan(path.join(dir, "Pulumi.one.yaml"), "-o", "json");
        assert.equal(one.status, 0, one.stderr);
        const [s, o] = [JSON.parse(shard.stdout), JSON.parse(one.stdout)];
        assert.deepEqual(
            s.clusters.map((c: { name: string; role: string }) => `${c.role} ${c.name}`),
            ["spoke store-1", "spoke store-2"],
        );
        assert.deepEqual(
            s.clusters,
            o.clusters.filter((c: { role: string }) => c.role === "spoke"),
        );
        assert.deepEqual(s.spokes, o.spokes);
        assert.equal(
            s.clusters.reduce((n: number, c: { objects: unknown[] }) => n + c.objects.length, 0),
            2 * 8,
        );
    });

    it("names the key when the hub stack does not issue the shard or lacks the hub, all at once (exit 2)", () => {
        fs.writeFileSync(path.join(dir, "Pulumi.east.yaml"), SHARD.replace("hub: store-hub\n      context: store-2", "hub: dc-hub\n      context: store-2"));
        fs.writeFileSync(path.join(dir, "Pulumi.hub.yaml"), hubFile("west"));
        const r = plan(path.join(dir, "Pulumi.east.yaml"));
        assert.equal(r.status, 2, r.stderr);
        assert.equal(r.stdout, "");
        const file = path.join(dir, "Pulumi.east.yaml");
        assert.deepEqual(
            r.stderr
                .trim()
                .split("\n")
                .filter((l) => !l.startsWith("·")),
            [
                `edge-interconnect: ${file}: 2 configuration problems`,
                '  edge-interconnect:shard: "east" is not among the shards hub "store-hub" issues (hubs[].shards: west)',
                '  edge-interconnect:spokes[1].hub: "dc-hub" is not a hub of the hub stack (its hubs: store-hub)',
            ],
        );
    });

    it("without the hub stack's file beside it, says in one line where plan looks and what else to run (exit 2)", () => {
        const file = path.join(dir, "Pulumi.east.yaml");
        fs.writeFileSync(file, SHARD);
        const r = plan(file);
        assert.equal(r.status, 2, r.stderr);
        assert.equal(r.stdout, "");
        assert.equal(
            r.stderr.trim().split("\n").pop(),
            // A file outside the working directory is named by its absolute path (sdk/cli/stackInput.ts).
            `edge-interconnect: ${file}: edge-interconnect:hubStack: this is a spoke-shard stack of organization/edge-interconnect/hub, ` +
                "and no Pulumi.hub.yaml is beside it; plan reads the hub stack's facts from that file: put the hub stack's file there, " +
                "or run `pulumi preview` on this stack",
        );
    });
});
