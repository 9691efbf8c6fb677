/**
 * A misspelt configuration namespace (`edge-interconect:spokes`) is an error
 * naming the key, not a silently dropped list: Pulumi keeps keys of any
 * namespace for other projects, so nothing else would notice.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { loadStackConfig } from "../../sdk/stack/program";

const ROOT = path.resolve(__dirname, "../..");

describe("stack configuration: the configuration namespace", () => {
    const dev = (): Record<string, string> => {
        const config = parse(fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")).config as Record<string, unknown>;
        return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
    };
    afterEach(() => pulumi.runtime.setAllConfig({}));

    it("refuses a misspelt namespace with the key and the right spelling, and keeps other projects' keys out of it", () => {
        const config = dev();
        config["edge-interconect:spokes"] = config["edge-interconnect:spokes"];
        delete config["edge-interconnect:spokes"];
        config["kubernetes:enableServerSideApply"] = "true";
        pulumi.runtime.setAllConfig(config);
        assert.throws(
            () => loadStackConfig(),
            (e: Error) => {
                assert.equal(e instanceof pulumi.RunError, true);
                assert.equal(
                    e.message,
                    'invalid stack configuration: edge-interconect:spokes: is in namespace "edge-interconect", not this project\'s "edge-interconnect"; did you mean edge-interconnect:spokes?',
                );
                return true;
            },
        );
    });

    it("accepts the dev stack beside keys of other namespaces", () => {
        pulumi.runtime.setAllConfig({ ...dev(), "kubernetes:enableServerSideApply": "true", "aws:region": "eu-west-1" });
        const { stack } = loadStackConfig();
        assert.deepEqual(
            stack.topology.spokes.map((s) => s.name),
            ["store-1", "store-2"],
        );
    });
});

describe("stack configuration: every problem at once in pulumi up", () => {
    afterEach(() => pulumi.runtime.setAllConfig({}));

    it("prints the count, then each problem on its own line naming its key", () => {
        pulumi.runtime.setAllConfig({
            "edge-interconnect:network": JSON.stringify({ name: "store-net" }),
            "edge-interconnect:hubs": JSON.stringify([
                { name: "store-hub", context: "hub", loadBalancer: { addresses: [] }, allowedSourceRanges: ["10.2.0.0/16"] },
            ]),
            "edge-interconnect:spokes": JSON.stringify([{ name: "Store_1", hub: "store-hub", context: "s1" }]),
        });
        assert.throws(
            () => loadStackConfig(),
            (e: Error) => {
                assert.equal(e instanceof pulumi.RunError, true);
                assert.equal(
                    e.message,
                    [
                        "invalid stack configuration: 2 problems",
                        "  edge-interconnect:hubs[0].loadBalancer.addresses: must list at least one CIDR or range for the MetalLB pool",
                        "  edge-interconnect:spokes[0].name: must be lowercase letters, digits and '-', starting and ending with a letter or digit",
                    ].join("\n"),
                );
                return true;
            },
        );
    });
});

describe("stack configuration: notes in pulumi up", () => {
    afterEach(() => pulumi.runtime.setAllConfig({}));

    it("warns, naming both keys, when an explicit kubeconfig overrides kubeconfigFile (what config set --secret --path leaves)", () => {
        pulumi.runtime.setAllConfig({
            "edge-interconnect:network": JSON.stringify({ name: "store-net" }),
            "edge-interconnect:hubs": JSON.stringify([
                {
                    name: "store-hub",
                    kubeconfigFile: "hub.yaml",
                    kubeconfig: "apiVersion: v1",
                    loadBalancer: { addresses: ["10.1.0.32/28"] },
                    allowedSourceRanges: ["10.2.0.0/16"],
                },
            ]),
            "edge-interconnect:spokes": JSON.stringify([]),
        });
        const warned: string[] = [];
        const warn = pulumi.log.warn;
        (pulumi.log as { warn: (msg: string) => Promise<void> }).warn = async (msg: string) => void warned.push(msg);
        try {
            loadStackConfig();
        } finally {
            (pulumi.log as { warn: typeof warn }).warn = warn;
        }
        assert.deepEqual(warned, [
            "edge-interconnect:hubs[0].kubeconfigFile: is not used: store-hub's explicit kubeconfig (edge-interconnect:hubs[0].kubeconfig) wins; remove kubeconfigFile to silence this note",
        ]);
    });
});
