/**
 * The fleet description: a project folder's Pulumi.yaml and stack files.
 * Exact fleets for good folders, and every problem at once, each naming its
 * file and key, for bad ones.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FleetError, parseFleet, selectStacks } from "../../sdk/fleet/description";
import { readFleet } from "../../sdk/fleet/read";

const NS = "edge-interconnect";
const shardConfig = (hubStack: string, shard: string, spokes: string[]) => ({
    config: {
        [`${NS}:hubStack`]: hubStack,
        [`${NS}:shard`]: shard,
        [`${NS}:spokes`]: spokes.map((name) => ({ name, hub: "store-hub", kubeconfigFile: `/k/${name}.yaml` })),
    },
});

function problemsOf(f: () => unknown): string[] {
    try {
        f();
    } catch (e) {
        assert.ok(e instanceof FleetError, `a FleetError, got ${e}`);
        return e.problems;
    }
    return assert.fail("no FleetError");
}

describe("fleet description", () => {
    it("hub stacks are those without hubStack; shards name their hub by organization/project/stack, stack or organization/stack", () => {
        const fleet = parseFleet(
            { name: "edge-interconnect", runtime: "nodejs" },
            {
                west: shardConfig("hub", "west", ["w1"]),
                east: shardConfig("organization/edge-interconnect/hub", "east", ["e1", "e2"]),
                hub: { config: { [`${NS}:hubs`]: [{ name: "store-hub", shards: ["east", "west", "north"] }] } },
                north: shardConfig("organization/hub", "north", []),
                far: shardConfig("organization/other-project/core", "far", ["f1"]),
            },
        );
        assert.deepEqual(fleet, {
            project: "edge-interconnect",
            stacks: [
                { name: "hub", role: "hub", file: "Pulumi.hub.yaml", spokes: 0 },
                { name: "east", role: "shard", file: "Pulumi.east.yaml", hubStack: "organization/edge-interconnect/hub", hub: "hub", shard: "east", spokes: 2 },
                { name: "far", role: "shard", file: "Pulumi.far.yaml", hubStack: "organization/other-project/core", shard: "far", spokes: 1 },
                { name: "north", role: "shard", file: "Pulumi.north.yaml", hubStack: "organization/hub", hub: "hub", shard: "north", spokes: 0 },
                { name: "west", role: "shard", file: "Pulumi.west.yaml", hubStack: "hub", hub: "hub", shard: "west", spokes: 1 },
            ],
        });
    });

    it("reports every problem at once, each naming its file and key", () => {
        assert.deepEqual(
            problemsOf(() =>
                parseFleet(
                    { runtime: "nodejs" },
                    {
                        a: { config: { [`${NS}:shard`]: "a" } },
                        b: { config: { [`${NS}:hubStack`]: "organization/x/y/z", [`${NS}:shard`]: 3 } },
                        c: { config: { [`${NS}:hubStack`]: "organization/edge-interconnect/hub" } },
                        d: { config: "nope" },
                        "e f": {},
                        g: { config: { [`${NS}:hubStack`]: "b", [`${NS}:shard`]: "g" } },
                    },
                ),
            ),
            [
                "Pulumi.yaml: name: must name the project",
                `Pulumi.a.yaml: ${NS}:shard needs ${NS}:hubStack: the stack (organization/project/stack) whose hubs issued the shard`,
                `Pulumi.b.yaml: ${NS}:hubStack: must name the hub stack as organization/project/stack (got "organization/x/y/z")`,
                `Pulumi.b.yaml: ${NS}:shard: must be the shard's name (got 3)`,
                `Pulumi.c.yaml: ${NS}:hubStack needs ${NS}:shard: the shard of the hub stack this stack's spokes belong to`,
                "Pulumi.d.yaml: config: must be a mapping of configuration keys",
                'Pulumi.e f.yaml: "e f" is not a stack name; use letters, digits, "-", "_" and "."',
                // g's hubStack is not checked against the project's stacks: without Pulumi.yaml's name, which are this project's is unknown.
            ],
        );
    });

    it("refuses a shard naming a stack of this project that is missing or is itself a shard", () => {
        assert.deepEqual(
            problemsOf(() =>
                parseFleet(
                    { name: "edge-interconnect" },
                    { hub: null, east: shardConfig("organization/edge-interconnect/central", "east", []), west: shardConfig("east", "west", []) },
                ),
            ),
            [
                `Pulumi.east.yaml: ${NS}:hubStack: "organization/edge-interconnect/central" names stack "central" of project "edge-interconnect", which has no Pulumi.central.yaml here; hub stacks: hub`,
                `Pulumi.west.yaml: ${NS}:hubStack: "east" is a spoke-shard stack of this fleet; name a hub stack (hub)`,
            ],
        );
    });

    it("refuses a folder without stack files", () => {
        assert.deepEqual(
            problemsOf(() => parseFleet({ name: "p" }, {})),
            ["Pulumi.yaml: the project folder has no stack file (Pulumi.<stack>.yaml); a fleet needs at least its hub stack"],
        );
    });

    it("--stack keeps the named stacks in fleet order and refuses unknown names", () => {
        const fleet = parseFleet({ name: "p" }, { hub: {}, east: shardConfig("hub", "east", []), west: shardConfig("hub", "west", []) });
        assert.deepEqual(
            selectStacks(fleet, ["west", "hub"]).stacks.map((s) => s.name),
            ["hub", "west"],
        );
        assert.deepEqual(
            problemsOf(() => selectStacks(fleet, ["north", "south"])),
            ["--stack north: the fleet has no such stack; it has: hub, east, west", "--stack south: the fleet has no such stack; it has: hub, east, west"],
        );
    });

    describe("readFleet (the folder)", () => {
        let dir: string;
        beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-desc-"))));
        afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

        it("reads Pulumi.yaml and every Pulumi.<stack>.yaml, ignoring other files", () => {
            fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: fleet\nruntime: nodejs\n");
            fs.writeFileSync(path.join(dir, "Pulumi.hub.yaml"), `config:\n  ${NS}:network:\n    name: m\n`);
            fs.writeFileSync(
                path.join(dir, "Pulumi.east.yml"),
                `config:\n  ${NS}:hubStack: organization/fleet/hub\n  ${NS}:shard: east\n  ${NS}:spokes:\n    - name: s1\n      hub: h\n`,
            );
            fs.writeFileSync(path.join(dir, "README.md"), "not a stack\n");
            assert.deepEqual(readFleet(dir), {
                project: "fleet",
                stacks: [
                    { name: "hub", role: "hub", file: "Pulumi.hub.yaml", spokes: 0 },
                    { name: "east", role: "shard", file: "Pulumi.east.yml", hubStack: "organization/fleet/hub", hub: "hub", shard: "east", spokes: 1 },
                ],
            });
        });

        it("names the file that is not YAML, and a folder without Pulumi.yaml", () => {
            fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: fleet\n");
            fs.writeFileSync(path.join(dir, "Pulumi.hub.yaml"), "config: [unclosed\n");
            const problems = problemsOf(() => readFleet(dir));
            assert.equal(problems.length, 1);
            assert.match(problems[0], /^Pulumi\.hub\.yaml: is not YAML: /);
            fs.rmSync(path.join(dir, "Pulumi.yaml"));
            assert.deepEqual(
                problemsOf(() => readFleet(dir)),
                [`${dir}: has no Pulumi.yaml; give the project folder of the fleet's stacks`],
            );
            assert.deepEqual(
                problemsOf(() => readFleet(path.join(dir, "missing"))),
                [`${path.join(dir, "missing")}: not a readable folder (ENOENT); give the project folder of the fleet's stacks`],
            );
        });
    });
});
