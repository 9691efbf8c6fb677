/**
 * The guardrails over real resource graphs: HubCluster and SpokeCluster
 * under mocks, and the examples/hub-and-spoke program, each recorded
 * resource handed to the policies as the engine hands it to an analyzer
 * (type, plain inputs, name, provider).
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { allPolicies } from "../../policy/policies";
import { RecordingMocks, waitFor } from "../support/mocks";
import { aliasPackageName } from "../support/packageAlias";
import { evaluatePack, fromRecorded, urnOf } from "./support";
import { kubeconfig, PKI_PROVIDERS } from "../support/clusters";

/** Waits until `names` are registered and then until nothing new arrives for 100 ms (bounded). */
async function registered(mocks: RecordingMocks, names: string[]): Promise<void> {
    await waitFor(() => names.every((n) => mocks.resources.some((r) => r.name === n)), names.join(", "));
    for (let i = 0, count = -1; mocks.resources.length !== count; i++) {
        if (i === 30) throw new Error("registrations did not settle");
        count = mocks.resources.length;
        await new Promise((r) => setTimeout(r, 100));
    }
}

describe("policy pack over HubCluster and SpokeCluster (mocks)", function () {
    this.timeout(20_000);
    const mocks = new RecordingMocks({}, PKI_PROVIDERS);
    let sdk: typeof import("../../sdk");
    before(async () => {
        await pulumi.runtime.setMocks(mocks, "edge-interconnect-policy", "dev", false);
        sdk = await import("../../sdk");
    });
    beforeEach(() => mocks.reset());

    it("finds nothing to report on a compliant hub with a TLS service and a spoke", async () => {
        const network = new sdk.InterconnectNetwork("guarded-mesh", {});
        const hub = new sdk.HubCluster("guarded-hub", {
            network,
            kubeconfig: kubeconfig("hub"),
            loadBalancer: { addresses: ["10.1.0.32/28"] },
            allowedSourceRanges: ["10.2.0.0/16"],
            exposedServices: [
                { name: "my-backend", namespace: "shop", port: 8080 },
                { name: "payments", namespace: "shop", port: 8443, tls: true },
            ],
        });
        new sdk.SpokeCluster("guarded-spoke", { network, hub, kubeconfig: kubeconfig("spoke") });
        await registered(mocks, [
            "guarded-hub-service-interconnect-payments",
            "guarded-hub-service-interconnect-skupper-router",
            "guarded-hub-cert-manager",
            "guarded-spoke-secret-interconnect-skupper-service-ca",
        ]);

        const resources = mocks.resources.map(fromRecorded);
        const { violations, applied } = await evaluatePack(allPolicies, resources);
        assert.deepEqual(violations, []);
        // Not vacuous: the resources each policy looked at, from the real graph.
        const count = (types: string[]) => resources.filter((r) => types.includes(r.type)).length;
        assert.equal(count(["kubernetes:core/v1:Service"]), 3, "the two Skupper service definitions and the router's LoadBalancer");
        assert.equal(count(["kubernetes:core/v1:ServicePatch"]), 3, "two annotation patches, the MetalLB webhook gate");
        assert.deepEqual(applied, {
            "no-public-router-loadbalancer": { resources: 6, stack: true },
            "exposed-services-are-clusterip": { resources: 6 },
            "tls-secrets-for-tls-services": { resources: 0, stack: true },
            "pinned-image-versions": { resources: 4 },
        });
        assert.deepEqual(
            resources
                .filter((r) => ["kubernetes:apps/v1:Deployment", "kubernetes:helm.sh/v3:Release", "kubernetes-cert-manager:index:CertManager"].includes(r.type))
                .map((r) => r.name)
                .sort(),
            [
                "guarded-hub-cert-manager",
                "guarded-hub-deployment-skupper-site-controller",
                "guarded-hub-metallb",
                "guarded-spoke-deployment-skupper-site-controller",
            ],
        );
    });

    it("reports exactly the router Service of a hub opened with allowPublicExposure", async () => {
        const network = new sdk.InterconnectNetwork("open-mesh", {});
        const hub = new sdk.HubCluster("open-hub", {
            network,
            kubeconfig: kubeconfig("open-hub"),
            loadBalancer: { addresses: ["10.1.0.32/28"] },
            allowedSourceRanges: ["0.0.0.0/0"],
            allowPublicExposure: true,
            exposedServices: [{ name: "my-backend", port: 8080 }],
        });
        new sdk.SpokeCluster("open-spoke", { network, hub, kubeconfig: kubeconfig("open-spoke") });
        await registered(mocks, [
            "open-hub-service-interconnect-skupper-router",
            "open-hub-service-interconnect-my-backend",
            "open-spoke-secret-interconnect-link-to-open-hub",
        ]);

        const { violations } = await evaluatePack(allPolicies, mocks.resources.map(fromRecorded));
        assert.deepEqual(violations, [
            {
                policy: "no-public-router-loadbalancer",
                message:
                    `Service "open-hub-service-interconnect-skupper-router" (Service interconnect/skupper-router): spec.loadBalancerSourceRanges contains 0.0.0.0/0, ` +
                    `which opens the Skupper router's LoadBalancer to the Internet; the product documentation says "do not expose the load balancer to the Internet". ` +
                    `Allowed: a non-empty list of the spokes' egress CIDRs (for example 10.2.0.0/16), never 0.0.0.0/0 or ::/0.`,
                urn: urnOf("kubernetes:core/v1:Service", "open-hub-service-interconnect-skupper-router"),
            },
        ]);
    });
});

describe("policy pack over examples/hub-and-spoke (mocks)", function () {
    this.timeout(20_000);
    const mocks = new RecordingMocks({}, PKI_PROVIDERS);
    const EXAMPLE = "../../examples/hub-and-spoke/index";
    /** Runs the program afresh even if another spec imported it earlier in this process. */
    const forget = () => delete require.cache[require.resolve(EXAMPLE)];

    before(async () => {
        aliasPackageName();
        pulumi.runtime.setAllConfig(
            { "hub-and-spoke:hubKubeconfig": kubeconfig("hub"), "hub-and-spoke:spokeKubeconfig": kubeconfig("spoke"), "hub-and-spoke:hubPool": "10.1.0.32/28" },
            ["hub-and-spoke:hubKubeconfig", "hub-and-spoke:spokeKubeconfig"],
        );
        await pulumi.runtime.setMocks(mocks, "hub-and-spoke", "dev", false);
        forget();
        await import(EXAMPLE);
        await registered(mocks, [
            "frontend",
            "backend",
            "store-hub-service-interconnect-skupper-router",
            "store-1-secret-interconnect-link-to-store-hub",
        ]);
    });
    after(forget);

    it("flags only the two :latest images of the example's Deployments", async () => {
        const resources = mocks.resources.map(fromRecorded);
        const { violations } = await evaluatePack(allPolicies, resources);
        violations.sort((a, b) => a.urn.localeCompare(b.urn));
        const pin = "Allowed: an explicit version tag other than latest (for example quay.io/skupper/site-controller:1.9.6) or a digest (@sha256:…).";
        assert.deepEqual(violations, [
            {
                policy: "pinned-image-versions",
                message: `Deployment "backend" (Deployment shop/my-backend): spec.template.spec.containers[0].image quay.io/skupper/hello-world-backend:latest uses the tag latest. ${pin}`,
                urn: urnOf("kubernetes:apps/v1:Deployment", "backend"),
            },
            {
                policy: "pinned-image-versions",
                message: `Deployment "frontend" (Deployment default/frontend): spec.template.spec.containers[0].image quay.io/skupper/hello-world-frontend:latest uses the tag latest. ${pin}`,
                urn: urnOf("kubernetes:apps/v1:Deployment", "frontend"),
            },
        ]);
        // The example's own Service is exposed and ClusterIP: the check ran on it and passed.
        const backend = resources.find((r) => r.type === "kubernetes:core/v1:Service" && r.name === "backend")!;
        assert.equal(backend.props.spec.type, "ClusterIP");
        assert.equal(backend.props.metadata.annotations["network.app.orchestrator.io/expose-service"], "true");
    });
});
