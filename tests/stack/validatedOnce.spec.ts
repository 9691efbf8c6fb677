/**
 * The model is validated once (issue 14 §4): the stack program's components
 * take the models parseStackConfig validated with the whole topology (the
 * very objects), while a component built by hand still validates its own
 * arguments.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig } from "../../sdk/stack/config";
import { buildInterconnect } from "../../sdk/stack/program";
import { RecordingMocks } from "../support/mocks";
import { kubeconfig, PKI_PROVIDERS } from "../support/clusters";

describe("the model is validated once (mocks)", () => {
    before(async () => {
        await pulumi.runtime.setMocks(new RecordingMocks({}, PKI_PROVIDERS), "edge-interconnect", "once", false);
    });

    it("hands each component the model of the validated topology", () => {
        const stack = parseStackConfig({
            "edge-interconnect:network": { name: "once-mesh" },
            "edge-interconnect:hubs": [
                { name: "once-hub", kubeconfig: kubeconfig("h"), loadBalancer: { addresses: ["10.1.0.32/28"] }, allowedSourceRanges: ["10.2.0.0/16"] },
            ],
            "edge-interconnect:spokes": [{ name: "once-1", hub: "once-hub", kubeconfig: kubeconfig("s"), routerMode: "edge" }],
        });
        const ic = buildInterconnect(stack);
        assert.equal(ic.hubs[0].model, stack.topology.hubs[0]);
        assert.equal(ic.spokes[0].model, stack.topology.spokes[0]);
    });

    it("validates arguments given by hand, which no stack program vouched for", async () => {
        const sdk = await import("../../sdk");
        const network = new sdk.InterconnectNetwork("hand-mesh");
        const args = {
            network,
            kubeconfig: kubeconfig("h"),
            loadBalancer: { addresses: ["10.1.0.32/28"], routerIp: "10.9.9.9" },
            allowedSourceRanges: ["10.2.0.0/16"],
        };
        assert.throws(() => new sdk.HubCluster("hand-hub", args), {
            message:
                'HubCluster "hand-hub": loadBalancer.routerIp 10.9.9.9 is not an address of the pool (10.1.0.32/28); MetalLB can only assign pool addresses',
        });
    });
});
