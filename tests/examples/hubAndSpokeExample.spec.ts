/**
 * examples/hub-and-spoke under mocks: the program builds, exposes the
 * backend on the hub and points the spoke's client at the network address.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { RecordingMocks, waitFor } from "../support/mocks";
import { aliasPackageName } from "../support/packageAlias";
import { kubeconfig, PKI_PROVIDERS } from "../support/clusters";

describe("examples/hub-and-spoke (mocks)", function () {
    const mocks = new RecordingMocks({}, PKI_PROVIDERS);
    let program: { backendAddress: string; routerAddress: string; link: string };

    before(async () => {
        aliasPackageName();
        pulumi.runtime.setAllConfig(
            { "hub-and-spoke:hubKubeconfig": kubeconfig("hub"), "hub-and-spoke:spokeKubeconfig": kubeconfig("spoke"), "hub-and-spoke:hubPool": "10.1.0.32/28" },
            ["hub-and-spoke:hubKubeconfig", "hub-and-spoke:spokeKubeconfig"],
        );
        await pulumi.runtime.setMocks(mocks, "hub-and-spoke", "dev", false);
        program = await import("../../examples/hub-and-spoke/index");
        await waitFor(() => mocks.ofType("kubernetes:apps/v1:Deployment").some((d) => d.name === "frontend"), "the frontend Deployment");
        // The backend's own Service and its Skupper service definition (skupper-router is a Service too).
        await waitFor(
            () => ["backend", "store-hub-service-interconnect-my-backend"].every((n) => mocks.ofType("kubernetes:core/v1:Service").some((s) => s.name === n)),
            "the backend Services",
        );
    });

    it("configures the spoke's client with the backend's network address", async () => {
        assert.equal(program.backendAddress, "http://my-backend.interconnect.svc.cluster.local:8080");
        const frontend = mocks.ofType("kubernetes:apps/v1:Deployment").find((d) => d.name === "frontend")!;
        assert.deepEqual(frontend.inputs.spec.template.spec.containers[0].env, [
            { name: "BACKEND", value: "http://my-backend.interconnect.svc.cluster.local:8080" },
        ]);
        assert.match(frontend.provider!, /store-1-k8s::/);
    });

    it("exposes the backend on the hub as a ClusterIP Service with the orchestrator's annotations", () => {
        const svc = mocks.ofType("kubernetes:core/v1:Service").find((s) => s.name === "backend")!;
        assert.equal(svc.inputs.spec.type, "ClusterIP");
        assert.deepEqual(svc.inputs.metadata.annotations, {
            "network.app.orchestrator.io/expose-service": "true",
            "network.app.orchestrator.io/expose-port": "8080",
        });
        assert.match(svc.provider!, /store-hub-k8s::/);
        const definition = mocks.ofType("kubernetes:core/v1:Service").find((s) => s.name === "store-hub-service-interconnect-my-backend")!;
        assert.equal(definition.inputs.metadata.annotations["skupper.io/target"], "my-backend.shop");
        assert.equal(
            mocks.ofType("kubernetes:core/v1:ServicePatch").filter((p) => p.inputs.metadata.name === "my-backend").length,
            0,
            "annotateServices: false",
        );
    });

    it("links the spoke to the hub router", () => {
        assert.equal(program.routerAddress, "10.1.0.33:55671");
        assert.equal(program.link, "link-to-store-hub");
    });
});
