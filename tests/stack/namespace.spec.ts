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
