/**
 * examples/fleet under mocks: the hub program exports a join information per
 * shard (secret); the shard program, given the hub stack's outputs through a
 * StackReference, links its spokes with the shard CA's chain.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { intermediateAuthorityProvider } from "../../provider/pki";
import { RecordingMocks, StackReferenceMocks, inspect, unwrapSecrets, waitFor } from "../support/mocks";
import { aliasPackageName } from "../support/packageAlias";
import { kubeconfig, PKI_PROVIDERS } from "../support/clusters";

const PROVIDERS = { ...PKI_PROVIDERS, "edge-interconnect:index:IntermediateAuthority": intermediateAuthorityProvider };

describe("examples/fleet (mocks)", function () {
    this.timeout(60_000);
    let joinInfo: { value: any; isSecret: boolean };
    let siteCaCertPem: string;

    before(async () => {
        aliasPackageName();
        pulumi.runtime.setAllConfig({ "fleet-hub:hubKubeconfig": kubeconfig("hub") }, ["fleet-hub:hubKubeconfig"]);
        await pulumi.runtime.setMocks(new RecordingMocks({}, PROVIDERS), "fleet-hub", "prod", false);
        const hub = await import("../../examples/fleet/hub/index");
        joinInfo = await inspect(pulumi.output(hub.joinInfo));
        siteCaCertPem = joinInfo.value["store-hub"].east.siteCaCertPem;
    });

    it("the hub exports one secret join information per shard, signed by its own shard CA", () => {
        assert.equal(joinInfo.isSecret, true);
        const info = joinInfo.value["store-hub"];
        assert.deepEqual(Object.keys(info), ["east", "west"]);
        assert.deepEqual([info.east.shard, info.west.shard, info.east.routerIp], ["east", "west", "10.1.0.33"]);
        assert.notEqual(info.east.signer.certPem, info.west.signer.certPem);
        assert.equal(info.east.signer.chainPem, info.east.signer.certPem);
    });

    it("the shard links its spokes to the hub with the chain of its shard CA", async () => {
        const outputs = { joinInfo: joinInfo.value };
        const mocks = new StackReferenceMocks(() => outputs, ["joinInfo"], {}, PROVIDERS);
        pulumi.runtime.setAllConfig(
            {
                "fleet-shard:hubStack": "organization/fleet-hub/prod",
                "fleet-shard:shard": "west",
                "fleet-shard:spokes": JSON.stringify([{ name: "store-7" }, { name: "store-8", routerMode: "edge" }]),
                "fleet-shard:spokeKubeconfigs": JSON.stringify({ "store-7": kubeconfig("store-7"), "store-8": kubeconfig("store-8") }),
            },
            ["fleet-shard:spokeKubeconfigs"],
        );
        await pulumi.runtime.setMocks(mocks, "fleet-shard", "west", false);
        const program = (await import("../../examples/fleet/shard/index")) as unknown as
            | (() => Promise<Record<string, unknown>>)
            | { default: () => Promise<Record<string, unknown>> };
        const run = typeof program === "function" ? program : program.default;
        const out = await run();
        assert.deepEqual(out, {
            network: "fleet-mesh",
            links: { "store-7": "link-to-store-hub → 10.1.0.33:55671", "store-8": "link-to-store-hub → 10.1.0.33:55671" },
            backendAddress: "my-backend.interconnect.svc.cluster.local:8080",
        });
        await waitFor(() => mocks.resources.filter((r) => r.name.endsWith("-secret-interconnect-link-to-store-hub")).length === 2, "two links", 30_000);
        for (const spoke of ["store-7", "store-8"]) {
            const link = unwrapSecrets(mocks.resources.find((r) => r.name === `${spoke}-secret-interconnect-link-to-store-hub`)!.inputs);
            assert.equal(link.stringData["ca.crt"], siteCaCertPem);
            assert.equal((link.stringData["tls.crt"].match(/-----BEGIN CERTIFICATE-----/g) ?? []).length, 2);
            assert.ok(link.stringData["tls.crt"].endsWith(joinInfo.value["store-hub"].west.signer.certPem), "the west shard CA follows the leaf");
        }
    });
});
