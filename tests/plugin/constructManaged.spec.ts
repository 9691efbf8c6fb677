/**
 * The orchestrator-managed mode through the plugin's construct (mocks): a
 * network with an orchestrator block given as one secret (as a secret
 * configuration object arrives), managed hub and spoke by reference, and an
 * InterconnectApplication whose clusters are hub and spoke references plus
 * plain cluster ids.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { constructComponent } from "../../provider/plugin/construct";
import { forgetLive } from "../../provider/plugin/inputs/references";
import { PKI_PROVIDERS } from "../support/clusters";
import { inspect, isSecretValue, RecordingMocks, unwrapSecrets, waitFor } from "../support/mocks";

const T = (name: string) => `edge-interconnect:index:${name}`;
/** The orchestrator's objects, as dynamic resources or as the plugin's custom resources. */
const NETWORK = ["pulumi-nodejs:dynamic/edge-interconnect:Network", "edge-interconnect:index:Network"];
const DEPLOYMENT = ["pulumi-nodejs:dynamic/edge-interconnect:Deployment", "edge-interconnect:index:Deployment"];
const reference = (urn: string) => pulumi.runtime.deserializeProperty({ [pulumi.runtime.specialSigKey]: pulumi.runtime.specialResourceSig, urn });

describe("plugin construct: the orchestrator-managed mode (mocks)", function () {
    this.timeout(30_000);
    const mocks = new RecordingMocks({}, PKI_PROVIDERS);
    let application: Record<string, unknown>;
    let hubState: Record<string, unknown>;

    before(async () => {
        await pulumi.runtime.setMocks(mocks, "edge-interconnect-test", "dev", false);
        forgetLive();
        mocks.reset();
        const net = await constructComponent(
            "mesh",
            T("InterconnectNetwork"),
            { orchestrator: pulumi.secret({ apiUrl: "http://127.0.0.1:8080", project: "retail", token: "jwt-not-a-real-one" }) },
            {},
        );
        const hub = await constructComponent(
            "hub",
            T("HubCluster"),
            { network: reference(net.urn as string), orchestratorClusterId: "cluster-hub", loadBalancer: { addresses: ["10.1.0.32/28"] } },
            {},
        );
        hubState = hub.state as Record<string, unknown>;
        const spoke = await constructComponent(
            "spoke",
            T("SpokeCluster"),
            { network: reference(net.urn as string), hub: reference(hub.urn as string), orchestratorClusterId: "cluster-spoke" },
            {},
        );
        const app = await constructComponent(
            "backend",
            T("InterconnectApplication"),
            {
                network: reference(net.urn as string),
                role: "server",
                appName: "skupper-backend",
                appVersion: "0.0.1",
                // A list of references with dependencies arrives as one Output (provider/server.js deserializeInputs).
                hubs: pulumi.output([reference(hub.urn as string)]),
                spokes: [reference(spoke.urn as string)],
                clusterIds: ["cluster-3"],
            },
            {},
        );
        application = app.state as Record<string, unknown>;
        await waitFor(() => mocks.resources.some((r) => r.name === "backend-deployment"), "the application's deployment");
    });

    it("registers the network with every orchestrator field secret, since the block came as one secret", () => {
        const [registration] = mocks.resources.filter((r) => NETWORK.includes(r.type));
        assert.equal(registration.name, "mesh-network");
        for (const f of ["apiUrl", "project", "token"]) assert.equal(isSecretValue(registration.inputs[f]), true, `${f} is secret`);
        assert.deepEqual([unwrapSecrets(registration.inputs.apiUrl), unwrapSecrets(registration.inputs.project)], ["http://127.0.0.1:8080", "retail"]);
    });

    it("deploys the extensions on the managed members and the application on hubs, spokes and cluster ids, in that order", async () => {
        assert.deepEqual(
            mocks.resources
                .filter((r) => DEPLOYMENT.includes(r.type))
                .map((d) => [d.name, unwrapSecrets(d.inputs.targetClusters).map((t: any) => t.clusterId)])
                .sort(),
            [
                ["backend-deployment", ["cluster-hub", "cluster-spoke", "cluster-3"]],
                ["hub-loadbalancer", ["cluster-hub", "cluster-hub", "cluster-hub", "cluster-hub"]],
                ["hub-skupper", ["cluster-hub"]],
                ["spoke-skupper", ["cluster-spoke"]],
            ],
        );
        assert.deepEqual((await inspect(pulumi.output(application.clusterIds) as pulumi.Output<unknown>)).value, ["cluster-hub", "cluster-spoke", "cluster-3"]);
        assert.equal(application.applicationName, "backend");
        assert.equal(hubState.orchestratorClusterId, "cluster-hub");
        assert.equal((await inspect(pulumi.output(hubState.deployIds) as pulumi.Output<unknown[]>)).value?.length, 2);
    });

    it("refuses a hub reference in spokes, naming the element", async () => {
        const net = await constructComponent("mesh-2", T("InterconnectNetwork"), { orchestrator: { apiUrl: "http://127.0.0.1:8080", project: "retail" } }, {});
        const hub = await constructComponent(
            "hub-2",
            T("HubCluster"),
            { network: reference(net.urn as string), orchestratorClusterId: "c-2", loadBalancer: { addresses: ["10.1.0.32/28"] } },
            {},
        );
        await assert.rejects(
            constructComponent(
                "app-2",
                T("InterconnectApplication"),
                { network: reference(net.urn as string), role: "client", appName: "a", appVersion: "1", spokes: [reference(hub.urn as string)] },
                {},
            ),
            { message: 'InterconnectApplication "app-2": spokes[0] must be a SpokeCluster, not a HubCluster' },
        );
    });
});
