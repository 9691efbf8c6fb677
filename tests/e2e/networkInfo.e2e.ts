/**
 * A network stack and a hub stack in the same file backend, through the
 * real Pulumi CLI (issue 14 §4): the network stack exports
 * `network.networkInfo` as a secret output; the hub stack reads it through a
 * real StackReference (`readNetworkInfo`) and builds its hub from it, with no
 * InterconnectNetwork in its program. One loopback cluster with MetalLB's
 * controller.
 *
 * Proven here: the engine carries the output as a secret; the hub's objects
 * land in the site namespace and carry the network name of the network
 * stack's information; MetalLB assigns the router IP; the network CA's key
 * is in no plain text of the hub stack (its export as the CLI prints it, the
 * backend's files, the CLI's output) while its decrypted state holds it (the
 * StackReference's outputs), so the search is not vacuous; refresh finds
 * nothing to change; both stacks destroy cleanly.
 *
 *   npx mocha --no-config -r ts-node/register/transpile-only --timeout 2400000 tests/e2e/networkInfo.e2e.ts
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { Stack } from "@pulumi/pulumi/automation";
import { Cluster, ensureToolchain, startClusters, Toolchain, waitFor } from "./harness";
import { keepEvidenceOnFailure } from "./support/hooks";
import { leftovers } from "./support/leftovers";
import { changes, inlineStack, pulumiEnv, PulumiEnv, rawExport, stepRecorder } from "./support/pulumi";
import { filesUnder, keyLines } from "./support/files";

const PROJECT = "network-info";
const HUB = "store-hub";
const POOL = "10.1.0.32/28";
const ROUTER_IP = "10.1.0.33";
const NETWORK = "shop-mesh";
const SITE_NAMESPACE = "mesh";
const log = (line: string) => console.log(`      ${line}`);

/** The network stack's program: the network alone, its information exported. */
async function networkProgram(): Promise<Record<string, unknown>> {
    const sdk = await import("../../sdk");
    const network = new sdk.InterconnectNetwork(NETWORK, { naming: { siteNamespace: SITE_NAMESPACE } });
    return { networkInfo: network.networkInfo };
}

/** The hub stack's program: no network object, only the network stack's information. */
async function hubProgram(): Promise<Record<string, unknown>> {
    const pulumi = await import("@pulumi/pulumi");
    const sdk = await import("../../sdk");
    const config = new pulumi.Config();
    const info = await sdk.readNetworkInfo(new pulumi.StackReference(`organization/${PROJECT}/network`), "networkInfo");
    const hub = new sdk.HubCluster(HUB, {
        network: info,
        kubeconfig: config.requireSecret("kubeconfig"),
        loadBalancer: { addresses: [POOL], routerIp: ROUTER_IP },
        allowedSourceRanges: ["10.2.0.0/16"],
        exposedServices: [{ name: "my-backend", namespace: "shop", port: 8080 }],
        // The server's own Service is not part of this test; the hub's objects are.
        annotateServices: false,
        // The harness runs MetalLB's controller out of cluster; no kubelet could run the site controller's pod.
        metallb: { install: false },
        skupperController: { install: false },
    });
    return { facts: hub.facts };
}

describe("a network stack and a hub stack joined through networkInfo, on a real control plane, through the Pulumi CLI", function () {
    this.timeout(30 * 60_000);
    let toolchain: Toolchain;
    const clusters: Record<string, Cluster> = {};
    let env: PulumiEnv;
    let networkStack: Stack;
    let hubStack: Stack;
    let cliOutput = "";
    const onOutput = (out: string) => (cliOutput += out);

    before(async function () {
        toolchain = await ensureToolchain({ log });
        const [hub] = await startClusters([HUB], () => ({ metallb: true, toolchain, log }));
        clusters[HUB] = hub;
        env = await pulumiEnv(toolchain, "network-info", { log });
        networkStack = await inlineStack(env, PROJECT, "network", networkProgram);
        hubStack = await inlineStack(env, PROJECT, "hub", hubProgram);
        await hubStack.setConfig(`${PROJECT}:kubeconfig`, { value: clusters[HUB].kubeconfig, secret: true });
    });

    keepEvidenceOnFailure(() => ({ clusters, env }), log);

    it("the network stack exports its information as one secret output", async () => {
        const res = await networkStack.up({ onOutput, color: "never" });
        assert.equal(res.summary.result, "succeeded");
        assert.equal(res.outputs.networkInfo.secret, true);
        const { ca, ...facts } = res.outputs.networkInfo.value;
        assert.deepEqual(facts, {
            format: "edge-interconnect/network-info/v1",
            network: NETWORK,
            skupperVersion: "v1",
            naming: { annotationPrefix: "network.app.orchestrator.io", siteNamespace: SITE_NAMESPACE },
        });
        assert.match(ca.certPem, /^-----BEGIN CERTIFICATE-----\n/);
        assert.match(ca.keyPem, /^-----BEGIN RSA PRIVATE KEY-----\n/);
    });

    it("the hub stack previews only its hub's creates, then builds it from the network's information", async () => {
        const rec = stepRecorder();
        await hubStack.preview({ onEvent: rec.onEvent, onOutput, color: "never" });
        const planned = changes(rec.steps);
        log(`preview (hub): ${planned.length} changes`);
        assert.deepEqual(planned, [
            "create default (pulumi:providers:edge-interconnect)",
            // The StackReference is a read (left out by `changes`) through the engine's own default provider.
            "create default (pulumi:providers:pulumi)",
            "create store-hub",
            "create store-hub-configmap-mesh-skupper-site",
            "create store-hub-configmap-metallb-system-store-hub-router-address",
            "create store-hub-ipaddresspool-metallb-system-store-hub-pool",
            "create store-hub-ipaddresspool-metallb-system-store-hub-router",
            "create store-hub-k8s (pulumi:providers:kubernetes)",
            "create store-hub-l2advertisement-metallb-system-store-hub-l2",
            // metallb-system is MetalLB's own here (metallb.install false): the package creates the namespace only with its release.
            "create store-hub-namespace-mesh",
            "create store-hub-secret-mesh-skupper-site-ca",
            "create store-hub-service-mesh-my-backend",
            "create store-hub-service-mesh-skupper-router",
            "create store-hub-site-ca",
        ]);
        const res = await hubStack.up({ onOutput, color: "never" });
        assert.equal(res.summary.result, "succeeded");
        assert.deepEqual(res.outputs.facts.value, {
            format: "edge-interconnect/join-info/v1",
            network: NETWORK,
            skupperVersion: "v1",
            naming: { annotationPrefix: "network.app.orchestrator.io", siteNamespace: SITE_NAMESPACE },
            hub: HUB,
            shard: null,
            routerIp: ROUTER_IP,
            interRouterPort: 55671,
            edgePort: 45671,
            exposedServices: [{ name: "my-backend", port: 8080, tls: false }],
        });
        const site = await clusters[HUB].client.get("v1", "ConfigMap", "skupper-site", SITE_NAMESPACE);
        assert.deepEqual([site?.metadata.labels["app.kubernetes.io/part-of"], site?.data.name, site?.data.ingress], [NETWORK, HUB, "loadbalancer"]);
        await waitFor(
            `skupper-router to be assigned ${ROUTER_IP}`,
            async () =>
                (await clusters[HUB].client.get("v1", "Service", "skupper-router", SITE_NAMESPACE))?.status?.loadBalancer?.ingress?.[0]?.ip === ROUTER_IP,
            { timeoutMs: 60_000, intervalMs: 500 },
        );
    });

    it("keeps the network CA's key out of every plain text of the hub stack", async () => {
        const networkOut = await networkStack.outputs();
        const caKey = keyLines(networkOut.networkInfo.value.ca.keyPem);
        assert.ok(caKey.length >= 20, "the network CA key has lines to look for");
        const hubDecrypted = JSON.stringify(await hubStack.exportStack());
        assert.equal(hubDecrypted.includes(caKey[5]), true, "the hub stack's decrypted state holds the key (the search is not vacuous)");
        const hubRaw = rawExport(toolchain.pulumi!, env, "hub");
        assert.ok(JSON.parse(hubRaw).deployment, "the raw export is a deployment");
        const files = filesUnder(path.join(env.dir, "backend"));
        assert.ok(
            files.some((f) => f.file.endsWith("hub.json")),
            `the hub stack's state file is checked: ${files.map((f) => path.relative(env.dir, f.file)).join(", ")}`,
        );
        for (const line of caKey) {
            assert.equal(hubRaw.includes(line), false, "a line of the network CA key is in the hub stack's export");
            for (const f of files) assert.equal(f.text.includes(line), false, `a line of the network CA key is in ${path.relative(env.dir, f.file)}`);
            assert.equal(cliOutput.includes(line), false, "a line of the network CA key is in the CLI's output");
        }
    });

    it("refresh finds nothing to change", async () => {
        const res = await hubStack.refresh({ expectNoChanges: true, onOutput, color: "never" });
        assert.equal(res.summary.result, "succeeded");
    });

    it("destroys the hub stack, then the network stack, leaving nothing of the package on the cluster", async () => {
        for (const stack of [hubStack, networkStack]) {
            const res = await stack.destroy({ onOutput, color: "never" });
            assert.equal(res.summary.result, "succeeded");
        }
        assert.deepEqual(await leftovers(clusters[HUB]), []);
    });
});
