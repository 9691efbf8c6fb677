/**
 * Components read each other only through what they publish (issue 14 §4):
 * a hub reads its network through `network.info` (facts plain, the network
 * CA as Outputs), a spoke reads its hub through `hub.join` (direct) or
 * `hub.facts` (managed). Proven two ways:
 * - a hub in a stack of its own, given the network information another
 *   stack exported, registers exactly what the same hub registers beside
 *   its network in one program;
 * - components handed recording proxies read nothing else of each other.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { NetworkInfo } from "../../sdk/network/networkInfo";
import { RecordingMocks, StackReferenceMocks, inspect, isSecretValue, unwrapSecrets, waitFor } from "../support/mocks";
import { pemShape, registrationsOf } from "../support/registrations";
import { kubeconfig, PKI_PROVIDERS, SHOP_HUB_ARGS } from "../support/clusters";

const HUB_ARGS = SHOP_HUB_ARGS;
const NAMING = { annotationPrefix: "network.app.edge-orchestrator.intel.com", siteNamespace: "mesh" };
const ORCH = { apiUrl: "https://api.edge.example.com", project: "retail", username: "ops", password: "orch-pass-88" };

/** The hub's last registrations: the router Service and the per-service objects come after the site. */
async function untilHub(mocks: RecordingMocks): Promise<void> {
    await waitFor(() => mocks.resources.some((r) => r.name === "store-hub-service-mesh-payments"), "the hub's exposed services", 30_000);
}

describe("a hub in a stack of its own, joined through the network's information (mocks)", function () {
    this.timeout(120_000);
    let sdk: typeof import("../../sdk");
    const oneProgram = new RecordingMocks({}, PKI_PROVIDERS);
    let exported: { value: NetworkInfo | undefined; isSecret: boolean };
    let networkCa: { certPem: string; keyPem: string };
    let read: NetworkInfo<pulumi.Input<string>>;
    let hubStack: StackReferenceMocks;
    let hub: import("../../sdk").HubCluster;

    before(async () => {
        sdk = await import("../../sdk");
        // 1. One program: the network and its hub.
        await pulumi.runtime.setMocks(oneProgram, "edge-interconnect", "one", false);
        {
            const network = new sdk.InterconnectNetwork("shop-mesh", { naming: NAMING });
            new sdk.HubCluster("store-hub", { network, kubeconfig: kubeconfig("store-hub"), ...HUB_ARGS });
            await untilHub(oneProgram);
        }
        // 2. The network stack: the network alone, its information as a stack output.
        await pulumi.runtime.setMocks(new RecordingMocks({}, PKI_PROVIDERS), "edge-interconnect", "network", false);
        {
            const network = new sdk.InterconnectNetwork("shop-mesh", { naming: NAMING });
            exported = await inspect(network.networkInfo);
            networkCa = { certPem: (await inspect(network.ca.certPem)).value!, keyPem: (await inspect(network.ca.keyPem)).value! };
        }
        // 3. The hub stack: the hub, from the network stack's output through a StackReference.
        hubStack = new StackReferenceMocks(() => ({ networkInfo: exported.value }), ["networkInfo"], {}, PKI_PROVIDERS);
        await pulumi.runtime.setMocks(hubStack, "edge-interconnect", "hub", false);
        read = await sdk.readNetworkInfo(new pulumi.StackReference("organization/edge-interconnect/network"), "networkInfo");
        hub = new sdk.HubCluster("store-hub", { network: read, kubeconfig: kubeconfig("store-hub"), ...HUB_ARGS });
        await untilHub(hubStack);
    });

    it("exports the network's information as one secret: the facts, the network CA's certificate and key", () => {
        assert.equal(exported.isSecret, true);
        assert.deepEqual(
            { ...exported.value!, ca: pemShape(exported.value!.ca) },
            {
                format: "edge-interconnect/network-info/v1",
                network: "shop-mesh",
                skupperVersion: "v1",
                naming: NAMING,
                ca: { certPem: "PEM[CERTIFICATE]", keyPem: "PEM[RSA PRIVATE KEY]" },
            },
        );
        assert.deepEqual(exported.value!.ca, networkCa);
    });

    it("reads the facts as plain values and the CA's key as a secret", async () => {
        assert.deepEqual({ ...read, ca: undefined }, { ...exported.value!, ca: undefined });
        assert.equal((await inspect(pulumi.output(read.ca.keyPem))).isSecret, true);
        assert.equal((await inspect(pulumi.output(read.ca.certPem))).isSecret, false);
        assert.equal(hub.network, undefined);
    });

    it("registers what the same hub registers beside its network in one program", () => {
        // Each run makes its own site CA: its fingerprint on the site compares as a shape, as PEM does.
        const fingerprints = (r: Record<string, unknown>) => JSON.parse(JSON.stringify(r).replace(/"[0-9a-f]{64}"/g, '"SHA256"'));
        const expected = fingerprints(registrationsOf(oneProgram.resources, "store-hub"));
        const actual = fingerprints(registrationsOf(hubStack.resources, "store-hub"));
        assert.deepEqual(actual, expected);
        assert.equal(Object.keys(actual).length, 29, Object.keys(actual).join(", "));
    });

    it("issues the services' TLS from the network stack's CA, its key secret", () => {
        const serviceCa = hubStack.resources.find((r) => r.name === "store-hub-secret-mesh-skupper-service-ca")!;
        assert.equal(isSecretValue(serviceCa.inputs.stringData), true);
        assert.deepEqual(unwrapSecrets(serviceCa.inputs).stringData, {
            "tls.crt": networkCa.certPem,
            "tls.key": networkCa.keyPem,
            "ca.crt": networkCa.certPem,
        });
    });

    it("publishes its facts, taken from the network's information", () => {
        assert.deepEqual(hub.facts, {
            format: "edge-interconnect/join-info/v1",
            network: "shop-mesh",
            skupperVersion: "v1",
            naming: NAMING,
            hub: "store-hub",
            shard: null,
            routerIp: "10.1.0.33",
            interRouterPort: 55671,
            edgePort: 45671,
            exposedServices: [
                { name: "my-backend", port: 8080, tls: false },
                { name: "payments", port: 8443, tls: true },
            ],
        });
    });

    it("names the stack and the output when the network information is missing or broken", async () => {
        const outputs: Record<string, unknown> = { broken: { ...exported.value!, network: "Shop", ca: { certPem: 1 } } };
        await pulumi.runtime.setMocks(new StackReferenceMocks(() => outputs, [], {}, PKI_PROVIDERS), "edge-interconnect", "hub-2", false);
        const ref = new pulumi.StackReference("organization/edge-interconnect/network");
        await assert.rejects(sdk.readNetworkInfo(ref, "networkInfo"), {
            message:
                'stack "organization/edge-interconnect/network" output "networkInfo" does not exist; run `pulumi up` on the network stack first, or correct the name',
        });
        await assert.rejects(sdk.readNetworkInfo(ref, "broken"), {
            message:
                'stack "organization/edge-interconnect/network" output "broken" is not network information: ' +
                "network must be lowercase letters, digits and '-'; ca.certPem must be PEM text; ca.keyPem must be PEM text",
        });
    });
});

describe("network information given to a hub, checked (mocks)", function () {
    const mocks = new RecordingMocks({}, PKI_PROVIDERS);
    let sdk: typeof import("../../sdk");
    before(async () => {
        await pulumi.runtime.setMocks(mocks, "edge-interconnect-test", "dev", false);
        sdk = await import("../../sdk");
    });
    const info = (): NetworkInfo<pulumi.Input<string>> => ({
        format: "edge-interconnect/network-info/v1",
        network: "shop-mesh",
        skupperVersion: "v1",
        naming: NAMING,
        ca: { certPem: pulumi.output("cert"), keyPem: pulumi.secret("key") },
    });

    it("names every wrong field at once, and creates nothing", async () => {
        mocks.reset();
        const bad = { ...info(), format: "v0", naming: { annotationPrefix: "", siteNamespace: "Mesh" }, skupperVersion: "v3", ca: { certPem: "c" } };
        assert.throws(() => new sdk.HubCluster("h-bad", { network: bad as never, kubeconfig: kubeconfig(), ...HUB_ARGS }), {
            message:
                'HubCluster "h-bad": network.format must be "edge-interconnect/network-info/v1"; this network information comes from another version of the package; ' +
                "network.naming.annotationPrefix must not be empty; " +
                "network.naming.siteNamespace must be lowercase letters, digits and '-'; " +
                'network.skupperVersion must be "v1" or "v2"; ' +
                "network.ca.keyPem is required: PEM text, or an Output of it",
        });
        await new Promise((r) => setTimeout(r, 50));
        assert.deepEqual(
            mocks.resources.map((r) => r.name),
            ["h-bad"],
        );
    });

    it("refuses it in the orchestrator-managed mode, and an Output for the network", () => {
        assert.throws(() => new sdk.HubCluster("h-mgd", { network: info(), orchestratorClusterId: "c-1", loadBalancer: HUB_ARGS.loadBalancer }), {
            message:
                'HubCluster "h-mgd": network must be the InterconnectNetwork itself in the orchestrator-managed mode: the hub\'s extensions deploy through its orchestrator connection, which network information does not carry',
        });
        assert.throws(() => new sdk.HubCluster("h-out", { network: pulumi.output(info()) as never, kubeconfig: kubeconfig(), ...HUB_ARGS }), {
            message:
                "HubCluster \"h-out\": network is an Output or a Promise: the network's name, naming and Skupper backend decide the member's objects, so they must be known when the program runs. " +
                'In another stack, pass `await readNetworkInfo(new pulumi.StackReference("org/project/network-stack"), "<output>")`',
        });
    });

    it("refuses join information of another Skupper backend than the spoke's network", () => {
        const network = new sdk.InterconnectNetwork("v2-mesh", { skupperVersion: "v2" });
        const hub = new sdk.HubCluster("v1-hub", { network: { ...info(), network: "v2-mesh" }, kubeconfig: kubeconfig(), ...HUB_ARGS });
        assert.throws(() => new sdk.SpokeCluster("s-v", { network, hub: { ...hub.join!, naming: { ...network.naming } }, kubeconfig: kubeconfig() }), {
            message:
                'SpokeCluster "s-v": network is "v2-mesh" (site namespace interconnect, Skupper v2), but the hub\'s join information is for network "v2-mesh" (site namespace interconnect, Skupper v1); omit network, or pass the same one',
        });
    });
});

/** A stand-in that records which properties its holder reads; methods run on the real object, so only the holder's reads count. */
function recording<T extends object>(target: T): { proxy: T; reads: Set<string> } {
    const reads = new Set<string>();
    const proxy = new Proxy(target, {
        get(t, key) {
            // The SDK's own type checks (Resource.isInstance, Output.isInstance) read these brands; they carry no data.
            if (typeof key === "string" && !key.startsWith("__pulumi")) reads.add(key);
            const v = Reflect.get(t, key, t);
            return typeof v === "function" ? v.bind(t) : v;
        },
    });
    return { proxy, reads };
}

describe("components read each other only through what they publish (mocks)", function () {
    const mocks = new RecordingMocks({}, PKI_PROVIDERS);
    let sdk: typeof import("../../sdk");
    before(async () => {
        await pulumi.runtime.setMocks(mocks, "edge-interconnect-test", "dev", false);
        sdk = await import("../../sdk");
    });

    it("direct mode: the hub reads the network's info; the spoke the hub's facts and join information", () => {
        const net = recording(new sdk.InterconnectNetwork("rec-mesh"));
        const hub = recording(new sdk.HubCluster("rec-hub", { network: net.proxy, kubeconfig: kubeconfig(), ...HUB_ARGS }));
        assert.deepEqual([...net.reads].sort(), ["addMember", "info"]);
        net.reads.clear();
        new sdk.SpokeCluster("rec-spoke", { network: net.proxy, hub: hub.proxy, kubeconfig: kubeconfig() });
        assert.deepEqual([...hub.reads].sort(), ["facts", "join"]);
        assert.deepEqual([...net.reads].sort(), ["addMember"]);
    });

    it("orchestrator-managed mode: the same, and the network's orchestrator connection for the deployments", () => {
        const net = recording(new sdk.InterconnectNetwork("rec-managed", { orchestrator: ORCH }));
        const hub = recording(new sdk.HubCluster("rec-mhub", { network: net.proxy, orchestratorClusterId: "c-hub", loadBalancer: HUB_ARGS.loadBalancer }));
        assert.deepEqual([...net.reads].sort(), ["addExtensionDeployment", "addMember", "extensionPackages", "info", "orchestratorConnection"]);
        net.reads.clear();
        const spoke = new sdk.SpokeCluster("rec-mspoke", { network: net.proxy, hub: hub.proxy, orchestratorClusterId: "c-spoke" });
        assert.deepEqual([...hub.reads].sort(), ["facts", "join"]);
        assert.deepEqual([...net.reads].sort(), ["addExtensionDeployment", "addMember", "extensionPackages", "orchestratorConnection"]);
        assert.deepEqual([spoke.linkName, spoke.hubAddress, spoke.serviceAddresses], ["link-to-rec-mhub", "10.1.0.33:55671", {}]);
        // An application reads the network's orchestrator side (what to wait for, the registered name) and its clusters' ids.
        net.reads.clear();
        hub.reads.clear();
        new sdk.InterconnectApplication("rec-app", { network: net.proxy, role: "server", appName: "shop", appVersion: "1.0.0", clusters: [hub.proxy] });
        assert.deepEqual([...net.reads].sort(), ["extensionDeploymentsOn", "extensionPackages", "orchestratorConnection", "registeredName", "registration"]);
        assert.deepEqual([...hub.reads].sort(), ["orchestratorClusterId"]);
    });
});
