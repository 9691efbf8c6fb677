/**
 * The orchestrator-managed mode under mocks: hubs and spokes given
 * orchestrator cluster ids create the extension deployments, applications
 * join the network, and what the product documentation forbids is refused.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { certificateAuthorityProvider } from "../../provider/pki";
import { RecordingMocks, unwrapSecrets, waitFor } from "../support/mocks";

const DEPLOYMENT = "edge-interconnect:index:Deployment";
const ORCH = { apiUrl: "https://api.edge.example.com", project: "retail", username: "ops", password: "orch-pass-88" };

describe("orchestrator-managed mode (mocks)", function () {
    const mocks = new RecordingMocks({}, { "edge-interconnect:index:CertificateAuthority": certificateAuthorityProvider });
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
            .map(({ apiUrl, project, username, password, ...rest }) => {
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
                appVersion: "0.6.3",
                profileName: "default-profile",
                displayName: "dc-hub-loadbalancer",
                deploymentType: "targeted",
                targetClusters: [
                    { appName: "metallb", clusterId: "cluster-dc" },
                    { appName: "metallb-base", clusterId: "cluster-dc" },
                    { appName: "metallb-config", clusterId: "cluster-dc" },
                    { appName: "ingress-nginx", clusterId: "cluster-dc" },
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

    it("joins the registered network name, after the registration and the extensions on the application's clusters (issue 12.1)", async () => {
        // networkName as an Output: the registration's name, not the resource name, reaches the deployments.
        const network = new sdk.InterconnectNetwork("mesh-resource", { networkName: pulumi.output("shop-mesh"), orchestrator: ORCH });
        const hub = new sdk.HubCluster("o-hub", { network, orchestratorClusterId: "cluster-o", loadBalancer: { addresses: ["10.1.0.32/28"] } });
        const spoke = new sdk.SpokeCluster("o-spoke", { network, hub, orchestratorClusterId: "cluster-p" });
        const backend = new sdk.InterconnectApplication("o-backend", { network, role: "server", appName: "be", appVersion: "1.0.0", clusters: [hub] });
        const frontend = new sdk.InterconnectApplication("o-frontend", { network, role: "client", appName: "fe", appVersion: "1.0.0", clusters: ["cluster-p"] });
        await waitFor(() => mocks.ofType(DEPLOYMENT).length === 5, "five deployments");
        const networkNames = mocks
            .ofType(DEPLOYMENT)
            .map((d) => [d.name, unwrapSecrets(d.inputs).networkName ?? null])
            .sort(([a], [b]) => String(a).localeCompare(String(b)));
        assert.deepEqual(networkNames, [
            ["o-backend-deployment", "shop-mesh"],
            ["o-frontend-deployment", "shop-mesh"],
            ["o-hub-loadbalancer", null],
            ["o-hub-skupper", null],
            ["o-spoke-skupper", null],
        ]);
        assert.deepEqual(backend.waitsFor, [network.registration, ...hub.deployments]);
        assert.deepEqual(frontend.waitsFor, [network.registration, ...spoke.deployments]);
        assert.equal(backend.waitsFor.length, 3);
        assert.equal(frontend.waitsFor.length, 2);
    });

    for (const [release, lb, apps] of [
        [undefined, "0.6.3", ["metallb", "metallb-base", "metallb-config", "ingress-nginx"]],
        ["2025.2", "0.6.3", ["metallb", "metallb-base", "metallb-config", "ingress-nginx"]],
        ["1.4.12", "0.6.3", ["metallb", "metallb-base", "metallb-config", "ingress-nginx"]],
        ["1.5.1", "0.7.0", ["metallb", "metallb-base", "metallb-config"]],
    ] as [string | undefined, string, string[]][]) {
        it(`deploys the extension versions of orchestrator release ${release ?? "(default)"} with profile default-profile (issue 12.4)`, () => {
            const network = new sdk.InterconnectNetwork(`rel-${release ?? "default"}`.replace(/\./g, "-"), { orchestrator: ORCH, orchestratorRelease: release });
            assert.deepEqual(network.extensionPackages, {
                loadbalancer: { appName: "loadbalancer", appVersion: lb, profileName: "default-profile", applications: apps },
                skupper: { appName: "skupper", appVersion: "0.3.1", profileName: "default-profile", applications: ["skupper"] },
            });
        });
    }

    it("lets the stack configuration choose the release or the versions (edge-interconnect:orchestrator.release / .extensionPackages)", async () => {
        const { parseStackConfig } = await import("../../sdk/stack/config");
        const { buildInterconnect } = await import("../../sdk/stack/program");
        const config = (orchestrator: Record<string, unknown>) => ({
            "edge-interconnect:orchestrator": { apiUrl: ORCH.apiUrl, project: ORCH.project, ...orchestrator },
            "edge-interconnect:network": { name: "cfg-mesh", naming: { annotationPrefix: "network.app.edge-orchestrator.intel.com" } },
            "edge-interconnect:hubs": [{ name: "cfg-hub", orchestratorClusterId: "cluster-cfg", loadBalancer: { addresses: ["10.1.0.30-10.1.0.79"] } }],
        });
        const built = buildInterconnect(parseStackConfig(config({ release: "1.5.1", extensionPackages: { skupper: { appVersion: "0.3.2" } } })), {
            orchestratorPassword: "x",
        });
        assert.deepEqual(
            [built.network.extensionPackages.loadbalancer.appVersion, built.network.extensionPackages.skupper.appVersion],
            ["0.7.0", "0.3.2"],
        );
        assert.throws(
            () => parseStackConfig(config({ release: "2026.0" })),
            (e: Error) =>
                e.message.includes(
                    'edge-interconnect:orchestrator.release: must be one of "2025.2", "1.4.12", "1.5.1" (orchestrator releases that still run the interconnect controller); for another release give extensionPackages with its versions',
                ),
        );
        assert.throws(
            () => parseStackConfig(config({ extensionPackages: { loadbalancer: { appVersion: "0.7.0", ports: 1 } } })),
            (e: Error) => e.message.includes("orchestrator.extensionPackages.loadbalancer") && e.message.includes("ports"),
        );
    });

    it("takes extension versions field by field over the release's", () => {
        const network = new sdk.InterconnectNetwork("rel-override", {
            orchestrator: ORCH,
            orchestratorRelease: "1.5.1",
            extensionPackages: { skupper: { appVersion: "0.3.2" } },
        });
        assert.deepEqual(network.extensionPackages.skupper, { appName: "skupper", appVersion: "0.3.2", profileName: "default-profile", applications: ["skupper"] });
        assert.equal(network.extensionPackages.loadbalancer.appVersion, "0.7.0");
    });

    it("defaults the managed mode to the annotation prefix the controller reads, and keeps an explicit one with a warning (issue 12.5)", async () => {
        const plain = new sdk.InterconnectNetwork("prefix-default", { orchestrator: ORCH });
        assert.equal(plain.naming.annotationPrefix, "network.app.orchestrator.io", "direct mode keeps the product documentation's prefix");
        new sdk.HubCluster("prefix-hub", { network: plain, orchestratorClusterId: "c-pd", loadBalancer: { addresses: ["10.1.0.32/28"] } });
        assert.equal(plain.naming.annotationPrefix, "network.app.edge-orchestrator.intel.com");

        const warnings: string[] = [];
        const warn = pulumi.log.warn;
        (pulumi.log as { warn: typeof warn }).warn = (msg: string) => {
            warnings.push(msg);
            return Promise.resolve();
        };
        try {
            const explicit = new sdk.InterconnectNetwork("prefix-explicit", { orchestrator: ORCH, naming: { annotationPrefix: "network.app.orchestrator.io" } });
            const hub = new sdk.HubCluster("prefix-hub-2", { network: explicit, orchestratorClusterId: "c-pe", loadBalancer: { addresses: ["10.1.0.32/28"] } });
            // A second managed member adds no second warning.
            new sdk.SpokeCluster("prefix-spoke-2", { network: explicit, hub, orchestratorClusterId: "c-ps" });
            assert.equal(explicit.naming.annotationPrefix, "network.app.orchestrator.io", "an explicit prefix is kept");
        } finally {
            (pulumi.log as { warn: typeof warn }).warn = warn;
        }
        assert.deepEqual(
            warnings.filter((w) => w.startsWith("naming.annotationPrefix")),
            [
                'naming.annotationPrefix is "network.app.orchestrator.io", but the orchestrator\'s interconnect controller reads only "network.app.edge-orchestrator.intel.com/expose-service" and "…/expose-port": Services annotated with "network.app.orchestrator.io/…" will not be exposed in the orchestrator-managed mode. Remove naming.annotationPrefix, or set it to "network.app.edge-orchestrator.intel.com".',
            ],
        );
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
        [
            "an unknown orchestrator release",
            (s) => {
                new s.InterconnectNetwork("r6", { orchestrator: ORCH, orchestratorRelease: "2026.0" });
            },
            'orchestratorRelease must be one of "2025.2", "1.4.12", "1.5.1" (orchestrator releases that still run the interconnect controller); for another release give extensionPackages with its versions',
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
