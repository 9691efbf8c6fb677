/**
 * The components through the plugin's construct, in process under
 * pulumi.runtime.setMocks: inputs shaped as the Node SDK's provider host
 * delivers them (Outputs for values with dependencies and secrets, resource
 * references through the registered resource module), the objects each
 * construct registers compared with the TypeScript components', the state
 * returned, and the refusals (unknown decisive values, unresolvable or wrong
 * references, component argument errors).
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { certificateAuthorityProvider, intermediateAuthorityProvider, signedCertificateProvider } from "../../provider/pki";
import { constructComponent } from "../../provider/plugin/construct";
import { forgetLive } from "../../provider/plugin/inputs/references";
import { kubeconfig, PKI_PROVIDERS } from "../support/clusters";
import { inspect, isSecretValue, RecordingMocks, settle, unwrapSecrets, waitFor } from "../support/mocks";

/**
 * The PKI providers run inside the mocks, shard CAs included, so certificates
 * and keys are real; by the dynamic resources' types and the plugin's own
 * custom resource types alike.
 */
const PROVIDERS = {
    ...PKI_PROVIDERS,
    "pulumi-nodejs:dynamic/edge-interconnect:IntermediateAuthority": intermediateAuthorityProvider,
    "edge-interconnect:index:CertificateAuthority": certificateAuthorityProvider,
    "edge-interconnect:index:SignedCertificate": signedCertificateProvider,
    "edge-interconnect:index:IntermediateAuthority": intermediateAuthorityProvider,
};

const T = (name: string) => `edge-interconnect:index:${name}`;

/** A resource reference as it arrives on the wire, deserialized by the SDK (runtime/rpc.js deserializeProperty). */
function reference(urn: string): unknown {
    return pulumi.runtime.deserializeProperty({ [pulumi.runtime.specialSigKey]: pulumi.runtime.specialResourceSig, urn });
}

/** An input with dependencies, as deserializeInputs hands it over: an Output. */
const dependent = <T>(v: T) => pulumi.output(v);

/** Every value of a construct's state, awaited (secret-ness kept per key). */
async function resolvedState(state: Record<string, unknown>) {
    const out: Record<string, { value: unknown; isSecret: boolean }> = {};
    for (const [k, v] of Object.entries(state)) {
        const r = await inspect(pulumi.output(v) as pulumi.Output<unknown>);
        out[k] = { value: r.value, isSecret: r.isSecret };
    }
    return out;
}

function containsUndefined(v: unknown): boolean {
    if (v === undefined) return true;
    if (Array.isArray(v)) return v.some(containsUndefined);
    if (v && typeof v === "object") return Object.values(v).some(containsUndefined);
    return false;
}

const HUB_ARGS = {
    loadBalancer: { addresses: ["10.1.0.32/28"], routerIp: "10.1.0.33" },
    allowedSourceRanges: ["10.2.0.0/16"],
    exposedServices: [{ name: "my-backend", namespace: "shop", port: 8080 }],
    annotateServices: false,
};

/** What a test build registered: type and name of each resource, sorted. */
const registered = (mocks: RecordingMocks) => mocks.resources.map((r) => `${r.type} ${r.name}`).sort();

describe("plugin construct: the components built from construct inputs (mocks)", function () {
    this.timeout(60_000);
    const mocks = new RecordingMocks({}, PROVIDERS);
    let networkUrn: string;
    let hubUrn: string;
    const states: Record<string, Record<string, { value: unknown; isSecret: boolean }>> = {};
    let viaConstruct: string[];

    before(async () => {
        await pulumi.runtime.setMocks(mocks, "edge-interconnect-test", "dev", false);
        forgetLive();
        mocks.reset();
        const net = await constructComponent(
            "shop-mesh",
            T("InterconnectNetwork"),
            { description: dependent("Shop backends"), naming: dependent({ siteNamespace: "interconnect" }) },
            {},
        );
        networkUrn = net.urn as string;
        states.network = await resolvedState(net.state as Record<string, unknown>);
        const hub = await constructComponent(
            "store-hub",
            T("HubCluster"),
            {
                ...HUB_ARGS,
                loadBalancer: dependent(HUB_ARGS.loadBalancer),
                network: reference(networkUrn),
                kubeconfig: pulumi.secret(kubeconfig("store-hub")),
                shards: ["east"],
            },
            {},
        );
        hubUrn = hub.urn as string;
        states.hub = await resolvedState(hub.state as Record<string, unknown>);
        for (const s of ["store-1", "store-2"]) {
            const spoke = await constructComponent(
                s,
                T("SpokeCluster"),
                { network: reference(networkUrn), hub: reference(hubUrn), kubeconfig: pulumi.secret(kubeconfig(s)) },
                {},
            );
            states[s] = await resolvedState(spoke.state as Record<string, unknown>);
        }
        const last = ["store-1", "store-2"].map((n) => `${n}-secret-interconnect-link-to-store-hub`);
        await waitFor(() => last.every((n) => mocks.resources.some((r) => r.name === n)), last.join(", "), 30_000);
        await settle();
        viaConstruct = registered(mocks);
    });

    it("registers the same resources as the TypeScript components with the same arguments", async () => {
        mocks.reset();
        const sdk = await import("../../sdk");
        const network = new sdk.InterconnectNetwork("shop-mesh", { description: "Shop backends", naming: { siteNamespace: "interconnect" } });
        const hub = new sdk.HubCluster("store-hub", { ...HUB_ARGS, network, kubeconfig: kubeconfig("store-hub"), shards: ["east"] });
        const spokes = ["store-1", "store-2"].map((s) => new sdk.SpokeCluster(s, { network, hub, kubeconfig: kubeconfig(s) }));
        await Promise.all(spokes.map((s) => inspect(s.linkCertificate!.certPem)));
        await waitFor(() => registered(mocks).length >= viaConstruct.length, `${viaConstruct.length} resources`, 30_000);
        await settle();
        const local = registered(mocks);
        assert.ok(local.length > 40, `a hub and two spokes make many objects (${local.length})`);
        assert.deepEqual(viaConstruct, local);
    });

    it("returns the network's outputs, none undefined", () => {
        assert.deepEqual(Object.fromEntries(Object.entries(states.network).filter(([k]) => k !== "caCertPem")), {
            networkName: { value: "shop-mesh", isSecret: false },
            labelName: { value: "shop-mesh", isSecret: false },
            registered: { value: false, isSecret: false },
            adopted: { value: false, isSecret: false },
            naming: { value: { annotationPrefix: "network.app.orchestrator.io", siteNamespace: "interconnect" }, isSecret: false },
            skupperVersion: { value: "v1", isSecret: false },
        });
        assert.match(String(states.network.caCertPem.value), /^-----BEGIN CERTIFICATE-----/);
        for (const s of Object.values(states)) assert.equal(containsUndefined(Object.values(s).map((v) => v.value)), false);
    });

    it("returns the hub's outputs; the shards' join information is one secret", () => {
        const { siteCaCertPem, shardJoinInfo, ...rest } = states.hub;
        assert.deepEqual(rest, {
            siteName: { value: "store-hub", isSecret: false },
            routerIp: { value: "10.1.0.33", isSecret: false },
            routerPort: { value: 55671, isSecret: false },
            edgePort: { value: 45671, isSecret: false },
            serviceAddresses: { value: { "my-backend": "my-backend.interconnect.svc.cluster.local:8080" }, isSecret: false },
            shards: { value: ["east"], isSecret: false },
        });
        assert.match(String(siteCaCertPem.value), /^-----BEGIN CERTIFICATE-----/);
        assert.equal(shardJoinInfo.isSecret, true);
        const east = (shardJoinInfo.value as Record<string, any>).east;
        assert.deepEqual(
            [east.hub, east.shard, east.routerIp, east.network, east.exposedServices, east.networkCa],
            ["store-hub", "east", "10.1.0.33", "shop-mesh", [{ name: "my-backend", port: 8080, tls: false }], null],
        );
        assert.match(east.signer.keyPem, /^-----BEGIN RSA PRIVATE KEY-----/);
    });

    it("returns each spoke's outputs", () => {
        for (const s of ["store-1", "store-2"])
            assert.deepEqual(states[s], {
                siteName: { value: s, isSecret: false },
                linkName: { value: "link-to-store-hub", isSecret: false },
                hubAddress: { value: "10.1.0.33:55671", isSecret: false },
                serviceAddresses: { value: { "my-backend": "my-backend.interconnect.svc.cluster.local:8080" }, isSecret: false },
            });
    });

    it("a spoke built from the hub's published join information (a secret Output, as a StackReference gives it) links with the shard CA", async () => {
        mocks.reset();
        const join = pulumi.secret((states.hub.shardJoinInfo.value as Record<string, unknown>).east);
        const spoke = await constructComponent("store-9", T("SpokeCluster"), { joinInfo: join, kubeconfig: pulumi.secret(kubeconfig("store-9")) }, {});
        const state = await resolvedState(spoke.state as Record<string, unknown>);
        assert.deepEqual(state.hubAddress, { value: "10.1.0.33:55671", isSecret: false });
        await waitFor(() => mocks.resources.some((r) => r.name === "store-9-link-cert"), "the link certificate", 30_000);
        const cert = mocks.resources.find((r) => r.name === "store-9-link-cert")!;
        assert.equal(isSecretValue(cert.inputs.caKeyPem), true, "the shard CA's key stays a secret");
        assert.equal(unwrapSecrets(cert.inputs.caCertPem), (states.hub.shardJoinInfo.value as any).east.signer.certPem);
    });

    it("refuses a reference this provider instance did not construct, naming the field", async () => {
        await assert.rejects(
            constructComponent(
                "other-hub",
                T("HubCluster"),
                { ...HUB_ARGS, network: reference("urn:pulumi:dev::p::edge-interconnect:index:InterconnectNetwork::elsewhere"), kubeconfig: kubeconfig("x") },
                {},
            ),
            (e: Error) => {
                assert.equal(
                    e.message,
                    'HubCluster "other-hub": network refers to urn:pulumi:dev::p::edge-interconnect:index:InterconnectNetwork::elsewhere, which this provider instance did not construct; pass an InterconnectNetwork created with the same provider in this program',
                );
                assert.deepEqual((e as any).problems, [
                    {
                        propertyPath: "network",
                        reason: "refers to urn:pulumi:dev::p::edge-interconnect:index:InterconnectNetwork::elsewhere, which this provider instance did not construct; pass an InterconnectNetwork created with the same provider in this program",
                    },
                ]);
                return true;
            },
        );
    });

    it("refuses a reference to the wrong kind of component, and a spoke with both hub and joinInfo, all at once", async () => {
        await assert.rejects(
            constructComponent(
                "store-8",
                T("SpokeCluster"),
                { network: reference(hubUrn), hub: reference(networkUrn), joinInfo: { hub: "x" }, kubeconfig: kubeconfig("x") },
                {},
            ),
            {
                message: [
                    'SpokeCluster "store-8": network must be an InterconnectNetwork, not a HubCluster',
                    'SpokeCluster "store-8": hub must be a HubCluster, not an InterconnectNetwork',
                    'SpokeCluster "store-8": joinInfo and hub are both given; give hub (a HubCluster of this program) or joinInfo (a hub\'s published join information)',
                ].join("\n"),
            },
        );
    });

    it("passes the component's own argument errors through as one line, without a stack", async () => {
        await assert.rejects(
            constructComponent(
                "bad-hub",
                T("HubCluster"),
                { network: reference(networkUrn), kubeconfig: kubeconfig("x"), loadBalancer: { addresses: ["10.1.0.500/28"] } },
                {},
            ),
            (e: Error) => {
                assert.equal(pulumi.ResourceError.isInstance(e), true);
                assert.equal((e as pulumi.ResourceError).hideStack, true);
                assert.match(e.message, /^HubCluster "bad-hub": loadBalancer\.addresses\[0\] /);
                assert.equal(e.message.includes("\n"), false);
                return true;
            },
        );
    });

    it("refuses a known kubeconfig that is not one before building anything, without quoting it", async () => {
        const before = mocks.resources.length;
        await assert.rejects(
            constructComponent(
                "kc-spoke",
                T("SpokeCluster"),
                { network: reference(networkUrn), hub: reference(hubUrn), kubeconfig: pulumi.secret("apiVersion: v1\nsecret-token: hunter2\n") },
                {},
            ),
            { message: 'SpokeCluster "kc-spoke": kubeconfig is not a kubeconfig: "clusters" must be a non-empty list' },
        );
        assert.equal(mocks.resources.length, before, "nothing registered");
    });

    it("takes a kubeconfig given as an object (Pulumi YAML reads JSON configuration into objects) as its JSON text, still secret", async () => {
        const config = JSON.parse(kubeconfig("store-7"));
        await constructComponent(
            "store-7",
            T("SpokeCluster"),
            { network: reference(networkUrn), hub: reference(hubUrn), kubeconfig: pulumi.secret(config) },
            {},
        );
        await waitFor(() => mocks.resources.some((r) => r.name === "store-7-k8s"), "the spoke's Kubernetes provider");
        const provider = mocks.resources.find((r) => r.name === "store-7-k8s")!;
        assert.equal(isSecretValue(provider.inputs.kubeconfig), true);
        assert.deepEqual(JSON.parse(unwrapSecrets(provider.inputs.kubeconfig)), config);
    });

    it("refuses a type it does not construct", async () => {
        await assert.rejects(constructComponent("x", T("Network"), {}, {}), {
            message:
                "edge-interconnect cannot construct edge-interconnect:index:Network: its components are edge-interconnect:index:InterconnectNetwork, edge-interconnect:index:HubCluster, edge-interconnect:index:SpokeCluster, edge-interconnect:index:InterconnectApplication",
        });
    });
});

describe("plugin construct in a preview: decisive inputs must be known", function () {
    this.timeout(30_000);
    const mocks = new RecordingMocks({}, PROVIDERS, true);

    before(async () => {
        await pulumi.runtime.setMocks(mocks, "edge-interconnect-test", "dev", true);
        forgetLive();
    });

    it("names every unknown field that decides objects (an unknown Output, and an unknown inside a plain value)", async () => {
        const net = await constructComponent("mesh", T("InterconnectNetwork"), {}, {});
        await assert.rejects(
            constructComponent(
                "hub",
                T("HubCluster"),
                {
                    network: reference(net.urn as string),
                    kubeconfig: pulumi.output(pulumi.unknown),
                    loadBalancer: { addresses: [pulumi.unknown] },
                    exposedServices: pulumi.output([{ name: "a", port: pulumi.unknown }]),
                    allowedSourceRanges: ["10.2.0.0/16"],
                },
                {},
            ),
            (e: Error) => {
                assert.equal(
                    e.message,
                    [
                        'HubCluster "hub": loadBalancer.addresses[0] must be known when the program runs, not computed by another resource',
                        'HubCluster "hub": exposedServices must be known when the program runs, not computed by another resource',
                    ].join("\n"),
                );
                return true;
            },
        );
    });

    it("accepts an unknown kubeconfig: it decides no object", async () => {
        const net = await constructComponent("mesh-2", T("InterconnectNetwork"), {}, {});
        const hub = await constructComponent(
            "hub-2",
            T("HubCluster"),
            { ...HUB_ARGS, network: reference(net.urn as string), kubeconfig: pulumi.output(pulumi.unknown) },
            {},
        );
        const state = await resolvedState(hub.state as Record<string, unknown>);
        assert.deepEqual(state.routerIp, { value: "10.1.0.33", isSecret: false });
    });
});
