/**
 * `network.skupperVersion` in the stack configuration: default, v2, and the
 * problems it is refused for, each naming its key.
 */
import * as assert from "node:assert/strict";
import { parseStackConfig, StackConfigError } from "../../sdk/stack/config";

const ns = (k: string) => `edge-interconnect:${k}`;
const base = (network: Record<string, unknown>, hubExtra: Record<string, unknown> = {}, spokeExtra: Record<string, unknown> = {}) => ({
    [ns("network")]: { name: "mesh", ...network },
    [ns("hubs")]: [{ name: "hub-a", context: "hub", loadBalancer: { addresses: ["10.1.0.32/28"] }, allowedSourceRanges: ["10.2.0.0/16"], ...hubExtra }],
    [ns("spokes")]: [{ name: "spoke-a", hub: "hub-a", context: "spoke", ...spokeExtra }],
});

function issuesOf(config: Record<string, unknown>): { path: string; message: string }[] {
    try {
        parseStackConfig(config);
    } catch (e) {
        assert.ok(e instanceof StackConfigError, String(e));
        return e.issues;
    }
    assert.fail("the configuration was accepted");
}

describe("stack configuration: network.skupperVersion", () => {
    it("defaults to v1 and takes v2", () => {
        assert.equal(parseStackConfig(base({})).topology.network.skupperVersion, "v1");
        assert.equal(parseStackConfig(base({ skupperVersion: "v2" })).topology.network.skupperVersion, "v2");
    });

    it("refuses another value, naming the key and what is allowed", () => {
        assert.deepEqual(issuesOf(base({ skupperVersion: 2 })), [
            { path: "edge-interconnect:network.skupperVersion", message: 'must be "v1" (Skupper 1.9) or "v2" (Skupper 2.2)' },
        ]);
    });

    it("takes skupperController.grantServer on a v2 network and refuses it on v1, naming the key", () => {
        assert.deepEqual(parseStackConfig(base({ skupperVersion: "v2" }, { skupperController: { grantServer: true } })).addOns["hub-a"], {
            skupperController: { grantServer: true },
        });
        assert.deepEqual(issuesOf(base({}, {}, { skupperController: { grantServer: true } })), [
            {
                path: "edge-interconnect:spokes[0].skupperController.grantServer",
                message: 'applies to Skupper v2 only (the network\'s skupperVersion is "v1"); v1 links with tokens the package mints',
            },
        ]);
    });

    it("refuses orchestrator-managed members on a v2 network, each one by its key", () => {
        const config = {
            ...base({ skupperVersion: "v2" }, { context: undefined, orchestratorClusterId: "c-hub" }, { context: undefined, orchestratorClusterId: "c-spoke" }),
            [ns("orchestrator")]: { apiUrl: "https://api.example.com", project: "p" },
        };
        const v2 = issuesOf(config).filter((i) => i.message.includes("skupperVersion"));
        assert.deepEqual(
            v2.map((i) => i.path),
            ["edge-interconnect:hubs[0].orchestratorClusterId", "edge-interconnect:spokes[0].orchestratorClusterId"],
        );
        assert.match(v2[0].message, /^is given, but network\.skupperVersion is "v2"; the orchestrator's skupper extension runs Skupper v1/);
    });
});
