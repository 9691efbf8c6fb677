/**
 * HubCluster and SpokeCluster: the exact resources per cluster, the inputs
 * they refuse (one line naming the field, nothing registered), and preview
 * with kubeconfigs that are not known yet.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { RecordingMocks, inspect, unknownOutput } from "../support/mocks";
import { kubeconfig, PKI_PROVIDERS } from "../support/clusters";

const clusterOf = (provider?: string) => (provider ? provider.split("::").slice(-2)[0].replace(/-k8s$/, "") : "(none)");

describe("HubCluster and SpokeCluster: resources per cluster", function () {
    const mocks = new RecordingMocks({}, PKI_PROVIDERS);
    let sdk: typeof import("../../sdk");
    before(async () => {
        await pulumi.runtime.setMocks(mocks, "edge-interconnect-test", "dev", false);
        sdk = await import("../../sdk");
    });
    beforeEach(() => mocks.reset());

    it("creates exactly the objects a hub without TLS and a spoke need", async () => {
        const network = new sdk.InterconnectNetwork("mesh", {});
        const hub = new sdk.HubCluster("hub", {
            network,
            kubeconfig: kubeconfig(),
            loadBalancer: { addresses: ["192.168.50.10-192.168.50.19"] },
            allowedSourceRanges: ["192.168.60.0/24"],
            exposedServices: [{ name: "my-backend", port: 8080 }],
        });
        const spoke = new sdk.SpokeCluster("edge-1", { network, hub, kubeconfig: kubeconfig() });
        await inspect(spoke.linkCertificate!.certPem);
        await new Promise((r) => setTimeout(r, 50));
        const by = (cluster: string) =>
            mocks.resources
                .filter((r) => clusterOf(r.provider) === cluster)
                .map((r) => r.name)
                .sort();
        assert.deepEqual(by("hub"), [
            "hub-clusterrole-skupper-site-controller",
            "hub-clusterrolebinding-skupper-site-controller",
            "hub-configmap-interconnect-skupper-site",
            "hub-configmap-metallb-system-hub-router-address",
            "hub-deployment-skupper-site-controller",
            "hub-ipaddresspool-metallb-system-hub-pool",
            "hub-ipaddresspool-metallb-system-hub-router",
            "hub-l2advertisement-metallb-system-hub-l2",
            "hub-metallb",
            "hub-namespace-interconnect",
            "hub-namespace-metallb-system",
            "hub-namespace-skupper-site-controller",
            "hub-secret-interconnect-skupper-site-ca",
            "hub-service-default-my-backend-patch",
            "hub-service-interconnect-my-backend",
            "hub-service-interconnect-skupper-router",
            "hub-service-metallb-system-metallb-webhook-service-patch",
            "hub-serviceaccount-skupper-site-controller",
        ]);
        assert.deepEqual(by("edge-1"), [
            "edge-1-clusterrole-skupper-site-controller",
            "edge-1-clusterrolebinding-skupper-site-controller",
            "edge-1-configmap-interconnect-skupper-site",
            "edge-1-deployment-skupper-site-controller",
            "edge-1-namespace-interconnect",
            "edge-1-namespace-skupper-site-controller",
            "edge-1-secret-interconnect-link-to-hub",
            "edge-1-serviceaccount-skupper-site-controller",
        ]);
        assert.equal(hub.routerIp, "192.168.50.10");
        assert.equal(spoke.hubAddress, "192.168.50.10:55671");
    });

    it("uses the upstream annotation prefix when the network is configured for it", async () => {
        const network = new sdk.InterconnectNetwork("upstream-mesh", { naming: sdk.UPSTREAM_NAMING });
        new sdk.HubCluster("up-hub", {
            network,
            kubeconfig: kubeconfig(),
            loadBalancer: { addresses: ["10.0.0.0/29"] },
            allowedSourceRanges: ["10.9.0.0/16"],
            exposedServices: [{ name: "api", namespace: "prod", port: 9000 }],
        });
        await new Promise((r) => setTimeout(r, 50));
        const patch = mocks.ofType("kubernetes:core/v1:ServicePatch").find((p) => p.inputs.metadata.name === "api")!;
        assert.deepEqual(patch.inputs.metadata.annotations, {
            "network.app.edge-orchestrator.intel.com/expose-service": "true",
            "network.app.edge-orchestrator.intel.com/expose-port": "9000",
        });
    });

    it("annotates user-declared Services with the helper, which refuses non-ClusterIP types", () => {
        assert.deepEqual(sdk.interconnectServiceAnnotations({ port: 8080 }), {
            "network.app.orchestrator.io/expose-service": "true",
            "network.app.orchestrator.io/expose-port": "8080",
        });
        assert.throws(() => sdk.interconnectServiceAnnotations({ port: 8080, type: "NodePort" }), {
            message: "interconnectServiceAnnotations: type is NodePort; only a ClusterIP Service can be exposed to the router (product documentation, step 1)",
        });
    });
});

describe("HubCluster and SpokeCluster: refused inputs", function () {
    const mocks = new RecordingMocks({}, PKI_PROVIDERS);
    let sdk: typeof import("../../sdk");
    before(async () => {
        await pulumi.runtime.setMocks(mocks, "edge-interconnect-test", "dev", false);
        sdk = await import("../../sdk");
    });
    beforeEach(() => mocks.reset());

    const hubArgs = () => ({
        kubeconfig: kubeconfig(),
        loadBalancer: { addresses: ["10.1.0.32/28"] } as { addresses: string[]; routerIp?: string },
        allowedSourceRanges: ["10.2.0.0/16"],
    });
    const cases: [string, (a: any) => void, string][] = [
        [
            "0.0.0.0/0",
            (a) => (a.allowedSourceRanges = ["0.0.0.0/0"]),
            `HubCluster "h": allowedSourceRanges[0] 0.0.0.0/0 opens the router's LoadBalancer to the Internet (the product documentation's Best Practices forbid it); list the spokes' egress CIDRs, or set allowPublicExposure: true to accept the risk`,
        ],
        [
            "::/0",
            (a) => (a.allowedSourceRanges = ["10.2.0.0/16", "::/0"]),
            `HubCluster "h": allowedSourceRanges[1] ::/0 opens the router's LoadBalancer to the Internet (the product documentation's Best Practices forbid it); list the spokes' egress CIDRs, or set allowPublicExposure: true to accept the risk`,
        ],
        [
            "an empty source list",
            (a) => (a.allowedSourceRanges = []),
            `HubCluster "h": allowedSourceRanges is empty, which would open the router's LoadBalancer to the Internet; list the spokes' egress CIDRs, or set allowPublicExposure: true to accept the risk`,
        ],
        [
            "a router IP outside the pool",
            (a) => (a.loadBalancer.routerIp = "10.9.9.9"),
            `HubCluster "h": loadBalancer.routerIp 10.9.9.9 is not an address of the pool (10.1.0.32/28); MetalLB can only assign pool addresses`,
        ],
        [
            "a NodePort service",
            (a) => (a.exposedServices = [{ name: "web", port: 80, type: "NodePort" }]),
            `HubCluster "h": exposedServices[0].type is NodePort; only a ClusterIP Service can be exposed to the router (product documentation, step 1). The router itself provides the LoadBalancer`,
        ],
        [
            "a malformed kubeconfig",
            (a) => (a.kubeconfig = "clusters: []"),
            `HubCluster "h": kubeconfig is not a kubeconfig: "clusters" must be a non-empty list`,
        ],
        ["no kubeconfig and no provider", (a) => delete a.kubeconfig, `HubCluster "h": kubeconfig is required (or give provider or context)`],
        ["an empty kubeconfig", (a) => (a.kubeconfig = ""), `HubCluster "h": kubeconfig is empty; give the cluster's kubeconfig (YAML or JSON)`],
        ["a null kubeconfig", (a) => (a.kubeconfig = null), `HubCluster "h": kubeconfig must be the kubeconfig's text (YAML or JSON), not null`],
        [
            "a provider that is not one",
            (a) => {
                delete a.kubeconfig;
                a.provider = { kubeconfig: "x" };
            },
            `HubCluster "h": provider must be a Kubernetes provider (new k8s.Provider(...) from @pulumi/kubernetes), not an object`,
        ],
        [
            "an IPv6 pool with IPv4 source ranges only",
            (a) => (a.loadBalancer = { addresses: ["fd00:10::/120"] }),
            `HubCluster "h": allowedSourceRanges open the router's LoadBalancer at fd00:10:: to the Internet: no IPv6 range is listed, and kube-proxy applies only the ranges of the Service's own family, so every IPv6 address may connect; list the spokes' egress CIDRs, or set allowPublicExposure: true to accept the risk`,
        ],
        [
            "a router IP on the pool's broadcast address",
            (a) => (a.loadBalancer.routerIp = "10.1.0.47"),
            `HubCluster "h": loadBalancer.routerIp 10.1.0.47 is the broadcast address of 10.1.0.32/28, which hosts on that subnet cannot reach; choose a host address of the pool`,
        ],
    ];
    for (const [label, mutate, message] of cases) {
        it(`refuses ${label} before creating anything on the cluster`, () => {
            const network = new sdk.InterconnectNetwork(`net-${cases.findIndex((c) => c[0] === label)}`, {});
            const args: any = { network, ...hubArgs() };
            mutate(args);
            assert.throws(
                () => new sdk.HubCluster("h", args),
                (e: any) => {
                    assert.equal(e instanceof pulumi.ResourceError, true);
                    assert.equal(e.hideStack, true);
                    assert.equal(e.message, message);
                    return true;
                },
            );
            assert.deepEqual(
                mocks.resources.filter((r) => r.provider !== undefined || r.type.startsWith("kubernetes:")).map((r) => r.name),
                [],
            );
        });
    }

    it("accepts public exposure only when allowPublicExposure is set", async () => {
        const network = new sdk.InterconnectNetwork("open-net", {});
        const hub = new sdk.HubCluster("open-hub", { network, ...hubArgs(), allowedSourceRanges: ["0.0.0.0/0"], allowPublicExposure: true });
        await new Promise((r) => setTimeout(r, 50));
        const router = mocks.ofType("kubernetes:core/v1:Service").find((p) => p.inputs.metadata.name === "skupper-router")!;
        assert.deepEqual(router.inputs.spec.loadBalancerSourceRanges, ["0.0.0.0/0"]);
        assert.equal(hub.routerIp, "10.1.0.33");
    });

    it("refuses a second member with the same name, and a spoke of another network's hub", () => {
        const network = new sdk.InterconnectNetwork("dup-net", {});
        const hub = new sdk.HubCluster("dup", { network, ...hubArgs() });
        assert.throws(() => new sdk.SpokeCluster("dup", { network, hub, kubeconfig: kubeconfig() }), {
            message: 'name "dup" is already a member of network; cluster names must be unique',
        });
        const other = new sdk.InterconnectNetwork("other-net", {});
        assert.throws(() => new sdk.SpokeCluster("stray", { network: other, hub, kubeconfig: kubeconfig() }), {
            message: 'SpokeCluster "stray": hub "dup" belongs to another network',
        });
    });
});

describe("HubCluster and SpokeCluster at preview (kubeconfigs unknown)", function () {
    const mocks = new RecordingMocks({}, PKI_PROVIDERS, true);
    let sdk: typeof import("../../sdk");
    before(async () => {
        await pulumi.runtime.setMocks(mocks, "edge-interconnect-test", "dev", true);
        sdk = await import("../../sdk");
    });
    after(async () => {
        await pulumi.runtime.setMocks(new RecordingMocks(), "edge-interconnect-test", "dev", false);
    });

    it("plans the same objects while kubeconfigs and certificates are unknown", async () => {
        const network = new sdk.InterconnectNetwork("preview-net", {});
        const hub = new sdk.HubCluster("p-hub", {
            network,
            kubeconfig: unknownOutput("hub-kubeconfig"),
            loadBalancer: { addresses: ["10.1.0.32/28"] },
            allowedSourceRanges: ["10.2.0.0/16"],
            exposedServices: [{ name: "my-backend", port: 8080 }],
        });
        const spoke = new sdk.SpokeCluster("p-spoke", { network, hub, kubeconfig: unknownOutput("spoke-kubeconfig") });
        assert.equal((await inspect(spoke.linkCertificate!.certPem)).isKnown, false);
        await new Promise((r) => setTimeout(r, 50));
        const onHub = mocks.resources.filter((r) => clusterOf(r.provider) === "p-hub").length;
        const onSpoke = mocks.resources.filter((r) => clusterOf(r.provider) === "p-spoke").length;
        assert.deepEqual([onHub, onSpoke], [18, 8]);
        const link = mocks.ofType("kubernetes:core/v1:Secret").find((s) => s.name === "p-spoke-secret-interconnect-link-to-p-hub")!;
        assert.equal(link.inputs.metadata.annotations["inter-router-host"], "10.1.0.33", "the link target is known at preview");
    });
});
