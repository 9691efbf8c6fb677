/**
 * What HubCluster, SpokeCluster and readJoinInfo refuse around join
 * information and shards (one line naming the field, every problem of the
 * join information at once), and components placed on a cluster through
 * `opts.provider` / `opts.providers` instead of a kubeconfig.
 */
import * as assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { JOIN_INFO_FORMAT, JoinInfo } from "../../sdk/join/joinInfo";
import { RecordingMocks, StackReferenceMocks, inspect, waitFor } from "../support/mocks";
import { kubeconfig, PKI_PROVIDERS } from "../support/clusters";

const PEM = "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n";

function joinInfo(over: Partial<JoinInfo> = {}): JoinInfo {
    return {
        format: JOIN_INFO_FORMAT,
        network: "mesh",
        naming: { annotationPrefix: "network.app.orchestrator.io", siteNamespace: "interconnect" },
        hub: "hub",
        shard: "east",
        routerIp: "10.1.0.33",
        interRouterPort: 55671,
        edgePort: 45671,
        exposedServices: [{ name: "my-backend", port: 8080, tls: false }],
        siteCaCertPem: PEM,
        signer: { certPem: PEM, keyPem: PEM, chainPem: PEM },
        networkCa: null,
        ...over,
    };
}

const hubArgs = () => ({ kubeconfig: kubeconfig("hub"), loadBalancer: { addresses: ["10.1.0.32/28"] }, allowedSourceRanges: ["10.2.0.0/16"] });

describe("join information and shards: refused inputs (mocks)", function () {
    const mocks = new RecordingMocks({}, PKI_PROVIDERS);
    let sdk: typeof import("../../sdk");
    before(async () => {
        await pulumi.runtime.setMocks(mocks, "edge-interconnect-test", "dev", false);
        sdk = await import("../../sdk");
    });

    it("refuses a hub given as an Output, saying how to read it instead", () => {
        assert.throws(() => new sdk.SpokeCluster("s-out", { hub: pulumi.output(joinInfo()) as never, kubeconfig: kubeconfig() }), {
            message:
                "SpokeCluster \"s-out\": hub is an Output or a Promise: the hub's name, address and services decide the spoke's objects, so they must be known when the program runs. " +
                'In a shard stack, pass `await readJoinInfo(new pulumi.StackReference("org/project/hub-stack"), "<output>")`',
        });
    });

    it("names every problem of the join information at once", () => {
        const bad = { ...joinInfo({ routerIp: "10.1.0.999", edgePort: 0 }), exposedServices: [{ name: "pay", port: 8443, tls: true }] };
        assert.throws(() => new sdk.SpokeCluster("s-bad", { hub: bad, kubeconfig: kubeconfig() }), {
            message: 'SpokeCluster "s-bad": hub.routerIp must be an IP address; hub.edgePort must be a port number',
        });
        assert.throws(
            () =>
                new sdk.SpokeCluster("s-tls", { hub: { ...joinInfo(), exposedServices: [{ name: "pay", port: 8443, tls: true }] }, kubeconfig: kubeconfig() }),
            {
                message: 'SpokeCluster "s-tls": hub.networkCa is missing: a service uses TLS, so spokes need the network CA',
            },
        );
        const { keyPem: _key, ...noKey } = joinInfo().signer;
        assert.throws(() => new sdk.SpokeCluster("s-key", { hub: { ...joinInfo(), signer: noKey } as never, kubeconfig: kubeconfig() }), {
            message: 'SpokeCluster "s-key": hub.signer.keyPem is required: PEM text, or an Output of it',
        });
        assert.throws(() => new sdk.SpokeCluster("s-fmt", { hub: { ...joinInfo(), format: "v0" } as never, kubeconfig: kubeconfig() }), {
            message: `SpokeCluster "s-fmt": hub.format must be "${JOIN_INFO_FORMAT}"; this join information comes from another version of the package`,
        });
    });

    it("refuses a network other than the join information's, and a managed spoke joined through join information", () => {
        const other = new sdk.InterconnectNetwork("other-mesh");
        assert.throws(() => new sdk.SpokeCluster("s-net", { network: other, hub: joinInfo(), kubeconfig: kubeconfig() }), {
            message:
                'SpokeCluster "s-net": network is "other-mesh" (site namespace interconnect), but the hub\'s join information is for network "mesh" (site namespace interconnect); omit network, or pass the same one',
        });
        assert.throws(() => new sdk.SpokeCluster("s-mgd", { hub: joinInfo(), orchestratorClusterId: "c-1" }), {
            message:
                'SpokeCluster "s-mgd": orchestratorClusterId cannot be used with join information: spokes of an orchestrator-managed hub are linked by the orchestrator',
        });
    });

    it("refuses bad shard names, a shard listed twice, and join information for an undeclared shard", () => {
        const network = new sdk.InterconnectNetwork("shard-mesh");
        assert.throws(() => new sdk.HubCluster("h-bad", { network, ...hubArgs(), shards: ["East"] }), {
            message: `HubCluster "h-bad": shards[0] must be a shard name: lowercase letters, digits and '-', at most 40, starting and ending with a letter or digit (got "East")`,
        });
        assert.throws(() => new sdk.HubCluster("h-dup", { network, ...hubArgs(), shards: ["east", "east"] }), {
            message: 'HubCluster "h-dup": shards[1] "east" is listed twice',
        });
        const hub = new sdk.HubCluster("h-ok", { network, ...hubArgs(), shards: ["east"] });
        assert.throws(() => hub.joinInfoFor("west"), {
            message: 'HubCluster "h-ok": shards do not include "west"; declared: east. Add it to shards so the hub issues its CA',
        });
    });

    it("issues shard CAs for the longest hub and shard names, within X.509's 64-character common name", async () => {
        const network = new sdk.InterconnectNetwork("long-mesh");
        const hubName = `h${"x".repeat(48)}1`;
        const shardName = `s${"y".repeat(38)}2`;
        const hub = new sdk.HubCluster(hubName, { network, ...hubArgs(), shards: [shardName, "east"] });
        const long = await inspect(hub.shardCas[shardName].commonName);
        const short = await inspect(hub.shardCas.east.commonName);
        assert.deepEqual([long.value, short.value], [`shard ${shardName} CA`, `${hubName} shard east CA`]);
        assert.equal((await inspect(hub.shardCas[shardName].permittedDnsDomain)).value, `${shardName}.${hubName}.long-mesh.edge-interconnect.invalid`);
    });

    it("keeps the site CA key out of shard join information, and in the hub's own (for this program only)", async () => {
        const network = new sdk.InterconnectNetwork("key-mesh");
        const hub = new sdk.HubCluster("h-key", { network, ...hubArgs(), shards: ["east"] });
        const siteKey = (await inspect(hub.siteCa!.keyPem)).value!;
        const own = await inspect(hub.joinInfo!);
        const shard = await inspect(hub.joinInfoFor("east"));
        assert.deepEqual([own.isSecret, shard.isSecret], [true, true]);
        assert.equal(own.value!.signer.keyPem, siteKey);
        assert.equal(own.value!.signer.chainPem, "");
        assert.equal(JSON.stringify(shard.value).includes(siteKey.split("\n")[1]), false);
        assert.equal(shard.value!.signer.keyPem, (await inspect(hub.shardCas.east.keyPem)).value);
    });
});

describe("readJoinInfo: refused stack outputs (mocks)", function () {
    const outputs: Record<string, unknown> = {
        own: joinInfo({ shard: null }),
        fleet: { hub: { east: joinInfo() } },
        broken: { routerIp: "x" },
    };
    let sdk: typeof import("../../sdk");
    let ref: pulumi.StackReference;
    before(async () => {
        await pulumi.runtime.setMocks(new StackReferenceMocks(() => outputs, ["fleet"]), "edge-interconnect-test", "shard", false);
        sdk = await import("../../sdk");
        ref = new pulumi.StackReference("org/proj/hub");
    });

    it("reads a shard's join information at a path of a secret output", async () => {
        const join = await sdk.readJoinInfo(ref, "fleet", ["hub", "east"]);
        assert.deepEqual([join.hub, join.shard, join.routerIp], ["hub", "east", "10.1.0.33"]);
    });

    it("names the missing output, the missing key with what there is, bad content, and the hub's own join information", async () => {
        await assert.rejects(sdk.readJoinInfo(ref, "nothing"), {
            message: 'stack "org/proj/hub" output "nothing" does not exist; run `pulumi up` on the hub stack first, or correct the name',
        });
        await assert.rejects(sdk.readJoinInfo(ref, "fleet", ["hub", "west"]), {
            message: 'stack "org/proj/hub" output "fleet".hub has no "west"; it has: east',
        });
        await assert.rejects(sdk.readJoinInfo(ref, "broken"), (e: Error) => {
            assert.match(
                e.message,
                /^stack "org\/proj\/hub" output "broken" is not join information: format must be "edge-interconnect\/join-info\/v1"; .*routerIp must be an IP address/,
            );
            return true;
        });
        await assert.rejects(sdk.readJoinInfo(ref, "own"), {
            message:
                'stack "org/proj/hub" output "own" is the hub\'s own join information, which carries its site CA key; export hub.joinInfoFor(<shard>) for other stacks',
        });
    });
});

describe("components on a cluster given through opts.provider / opts.providers (mocks)", function () {
    const mocks = new RecordingMocks({}, PKI_PROVIDERS);
    let sdk: typeof import("../../sdk");
    before(async () => {
        await pulumi.runtime.setMocks(mocks, "edge-interconnect-test", "dev", false);
        sdk = await import("../../sdk");
    });

    it("puts every Kubernetes child on the given provider and builds none", async () => {
        mocks.reset();
        const hubProvider = new k8s.Provider("my-hub-cluster", { kubeconfig: kubeconfig("hub") });
        const spokeProvider = new k8s.Provider("my-spoke-cluster", { kubeconfig: kubeconfig("spoke") });
        const network = new sdk.InterconnectNetwork("opts-mesh");
        const { kubeconfig: _k, ...noKubeconfig } = hubArgs();
        const hub = new sdk.HubCluster("o-hub", { network, ...noKubeconfig }, { provider: hubProvider });
        const spoke = new sdk.SpokeCluster("o-spoke", { network, hub }, { providers: { kubernetes: spokeProvider } });
        assert.equal(hub.provider, hubProvider);
        assert.equal(spoke.provider, spokeProvider);
        await inspect(spoke.linkCertificate!.certPem);
        await waitFor(() => mocks.resources.some((r) => r.name === "o-spoke-secret-interconnect-link-to-o-hub"), "the link");
        const kube = mocks.resources.filter((r) => r.type.startsWith("kubernetes:"));
        const on = (prefix: string) => new Set(kube.filter((r) => r.name.startsWith(prefix)).map((r) => r.provider!.split("::").slice(-2)[0]));
        assert.deepEqual([...on("o-hub-")], ["my-hub-cluster"]);
        assert.deepEqual([...on("o-spoke-")], ["my-spoke-cluster"]);
        assert.deepEqual(
            mocks.resources
                .filter((r) => r.type === "pulumi:providers:kubernetes")
                .map((r) => r.name)
                .sort(),
            ["my-hub-cluster", "my-spoke-cluster"],
        );
    });

    it("refuses a kubeconfig given besides a provider in the options", () => {
        const network = new sdk.InterconnectNetwork("opts-mesh-2");
        const p = new k8s.Provider("p2", { kubeconfig: kubeconfig("x") });
        assert.throws(() => new sdk.HubCluster("o-both", { network, ...hubArgs() }, { provider: p }), {
            message: 'HubCluster "o-both": kubeconfig and a Kubernetes provider in the resource options (opts.provider) are both given; give one of them',
        });
    });
});
