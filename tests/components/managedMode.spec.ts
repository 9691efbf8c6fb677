/**
 * The orchestrator-managed mode under mocks: hubs and spokes given
 * orchestrator cluster ids create the extension deployments, applications
 * join the network, and what the product documentation forbids is refused.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { certificateAuthorityProvider } from "../../provider/pki";
import { RecordingMocks, unwrapSecrets, waitFor } from "../support/mocks";

const DEPLOYMENT = "pulumi-nodejs:dynamic/edge-interconnect:Deployment";
const ORCH = { apiUrl: "https://api.edge.example.com", project: "retail", username: "ops", password: "orch-pass-88" };

describe("orchestrator-managed mode (mocks)", function () {
    const mocks = new RecordingMocks({}, { "pulumi-nodejs:dynamic/edge-interconnect:CertificateAuthority": certificateAuthorityProvider });
    let sdk: typeof import("../../sdk");
    before(async () => {
        await pulumi.runtime.setMocks(mocks, "edge-interconnect-test", "dev", false);
        sdk = await import("../../sdk");
    });
    beforeEach(() => mocks.reset());

    it("creates the four kinds of deployments of steps 4–7 with the right network fields", async () => {
        const network = new sdk.InterconnectNetwork("shop-mesh", { orchestrator: ORCH });
        const hub = new sdk.HubCluster("dc-hub", { network, orchestratorClusterId: "cluster-dc", loadBalancer: { addresses: ["10.1.0.32/28"] } });
        const spokes = ["store-1", "store-2"].map((n) => new sdk.SpokeCluster(n, { network, hub, orchestratorClusterId: `cluster-${n}` }));
        new sdk.InterconnectApplication("backend", { network, role: "server", appName: "skupper-backend", appVersion: "0.0.1", clusters: [hub] });
        new sdk.InterconnectApplication("frontend", { network, role: "client", appName: "skupper-frontend", appVersion: "0.0.1", clusters: spokes });
        await waitFor(() => mocks.ofType(DEPLOYMENT).length === 6, "six deployments");
        const deployments = mocks
            .ofType(DEPLOYMENT)
            .map((d) => unwrapSecrets(d.inputs))
            .map(({ __provider, apiUrl, project, username, password, ...rest }) => {
                assert.deepEqual([apiUrl, project, username, password], [ORCH.apiUrl, ORCH.project, ORCH.username, ORCH.password]);
                return rest;
            })
            .sort((a, b) => a.displayName.localeCompare(b.displayName));
        assert.deepEqual(deployments, [
            {
                appName: "skupper-backend",
                appVersion: "0.0.1",
                displayName: "backend",
                deploymentType: "targeted",
                targetClusters: [{ appName: "skupper-backend", clusterId: "cluster-dc" }],
                networkName: "shop-mesh",
                serviceExports: [{ appName: "skupper-backend", enabled: true }],
            },
            {
                appName: "loadbalancer",
                appVersion: "0.7.1",
                profileName: "default-profile",
                displayName: "dc-hub-loadbalancer",
                deploymentType: "targeted",
                targetClusters: [
                    { appName: "metallb", clusterId: "cluster-dc" },
                    { appName: "metallb-base", clusterId: "cluster-dc" },
                    { appName: "metallb-config", clusterId: "cluster-dc" },
                ],
                overrideValues: [{ appName: "metallb-config", values: { ipAddressRange: "10.1.0.32-10.1.0.47" } }],
            },
            {
                appName: "skupper",
                appVersion: "0.3.1",
                profileName: "default-profile",
                displayName: "dc-hub-skupper",
                deploymentType: "targeted",
                targetClusters: [{ appName: "skupper", clusterId: "cluster-dc" }],
            },
            {
                appName: "skupper-frontend",
                appVersion: "0.0.1",
                displayName: "frontend",
                deploymentType: "targeted",
                targetClusters: [
                    { appName: "skupper-frontend", clusterId: "cluster-store-1" },
                    { appName: "skupper-frontend", clusterId: "cluster-store-2" },
                ],
                networkName: "shop-mesh",
            },
            {
                appName: "skupper",
                appVersion: "0.3.1",
                profileName: "default-profile",
                displayName: "store-1-skupper",
                deploymentType: "targeted",
                targetClusters: [{ appName: "skupper", clusterId: "cluster-store-1" }],
            },
            {
                appName: "skupper",
                appVersion: "0.3.1",
                profileName: "default-profile",
                displayName: "store-2-skupper",
                deploymentType: "targeted",
                targetClusters: [{ appName: "skupper", clusterId: "cluster-store-2" }],
            },
        ]);
        assert.equal(
            mocks.resources.filter((r) => r.type.startsWith("kubernetes:") || r.type === "pulumi:providers:kubernetes").length,
            0,
            "nothing is applied to the clusters directly",
        );
        assert.equal(hub.deployments.length, 2);
        assert.equal(spokes[0].deployments.length, 1);
    });

    const refusals: [string, (sdk: typeof import("../../sdk")) => void, string][] = [
        [
            "an extension package deployed as an application on the network",
            (s) => {
                const network = new s.InterconnectNetwork("r1", { orchestrator: ORCH });
                new s.InterconnectApplication("sk", { network, role: "client", appName: "skupper", appVersion: "0.3.1", clusters: ["c1"] });
            },
            'InterconnectApplication "sk": appName "skupper" is an extension package: extension packages must not join the interconnect network: the product documentation says not to select the network when deploying the load balancer (step 4) or Skupper (step 5); only applications join it (steps 6 and 7)',
        ],
        [
            "a client that exposes applications",
            (s) => {
                const network = new s.InterconnectNetwork("r2", { orchestrator: ORCH });
                new s.InterconnectApplication("fe", {
                    network,
                    role: "client",
                    appName: "web",
                    appVersion: "1.0.0",
                    clusters: ["c1"],
                    exposedApplications: ["web"],
                });
            },
            'InterconnectApplication "fe": exposedApplications apply to servers only: a client joins the network without exposing anything (product documentation, step 7)',
        ],
        [
            "a managed hub without an orchestrator",
            (s) => {
                const network = new s.InterconnectNetwork("r3", {});
                new s.HubCluster("h", { network, orchestratorClusterId: "c", loadBalancer: { addresses: ["10.0.0.0/28"] } });
            },
            'HubCluster "h": orchestratorClusterId needs an InterconnectNetwork with `orchestrator`: the orchestrator-managed mode deploys through its App Deployment Manager',
        ],
        [
            "a managed hub given a kubeconfig too",
            (s) => {
                const network = new s.InterconnectNetwork("r4", { orchestrator: ORCH });
                new s.HubCluster("h", { network, orchestratorClusterId: "c", kubeconfig: "x", loadBalancer: { addresses: ["10.0.0.0/28"] } });
            },
            'HubCluster "h": orchestratorClusterId and kubeconfig are both given: a managed hub is reached through the orchestrator, not a kubeconfig',
        ],
        [
            "a direct-mode spoke on a managed hub",
            (s) => {
                const network = new s.InterconnectNetwork("r5", { orchestrator: ORCH });
                const hub = new s.HubCluster("h5", { network, orchestratorClusterId: "c", loadBalancer: { addresses: ["10.0.0.0/28"] } });
                new s.SpokeCluster("s5", { network, hub, kubeconfig: "x" });
            },
            'SpokeCluster "s5": orchestratorClusterId is missing: hub "h5" is orchestrator-managed, so its spokes are too',
        ],
    ];
    for (const [label, build, message] of refusals) {
        it(`refuses ${label}`, () => {
            assert.throws(
                () => build(sdk),
                (e: any) => {
                    assert.equal(e.hideStack, true);
                    assert.equal(e.message, message);
                    return true;
                },
            );
        });
    }
});
