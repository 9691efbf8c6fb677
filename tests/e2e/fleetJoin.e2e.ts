/**
 * A hub stack and a spoke-shard stack of the repository's root program
 * (index.ts), in the same file backend, through the real Pulumi CLI (issue
 * 17 §1–2): the hub stack declares the shard `east` and exports its join
 * information as a secret output; the shard stack names the hub stack
 * (`edge-interconnect:hubStack`, `edge-interconnect:shard`) and reads that
 * output through a real StackReference. Loopback clusters: the hub with
 * MetalLB's controller, one spoke.
 *
 * Proven here: the spoke's link Secret carries the chain (its certificate,
 * then the shard CA) that openssl verifies against the hub's site CA as the
 * cluster holds it; the shard stack's state (decrypted or not) and the
 * backend's files hold no line of the site CA's key; both stacks destroy
 * cleanly. Not proven: that a skupper-router accepts the chain (Skupper
 * cannot be built here; README, "What is inferred").
 *
 *   npx mocha --no-config -r ts-node/register/transpile-only --extension ts --timeout 2400000 tests/e2e/fleetJoin.e2e.ts
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigMap, Stack } from "@pulumi/pulumi/automation";
import { parse } from "yaml";
import { Cluster, ensureToolchain, startClusters, Toolchain, waitFor } from "./harness";
import { keepEvidenceOnFailure } from "./support/hooks";
import { leftovers } from "./support/leftovers";
import { inlineStack, programOf, pulumiEnv, PulumiEnv, rawExport, REPO } from "./support/pulumi";
import { filesUnder, keyLines } from "./support/files";
import { OpensslWorkspace } from "../pki/openssl";

const PROGRAM = path.join(REPO, "index.ts");
const PROJECT = (parse(fs.readFileSync(path.join(REPO, "Pulumi.yaml"), "utf8")) as { name: string }).name;
const NS = `${PROJECT}:`;
const HUB = "store-hub";
const SPOKE = "store-1";
const SHARD = "east";
const POOL = "10.1.0.32/28";
const ROUTER_IP = "10.1.0.33";
const NETWORK = "fleet-mesh";
const log = (line: string) => console.log(`      ${line}`);

/** `openssl verify -CAfile ca -untrusted chain -purpose sslclient leaf`: status and output (the leaf shown as leaf.crt). */
function opensslVerify(caPem: string, chainPem: string, leafPem: string): { status: number | null; output: string } {
    const ws = new OpensslWorkspace();
    try {
        return ws.verify(caPem, leafPem, "-untrusted", ws.file(chainPem, "chain.crt"), "-purpose", "sslclient");
    } finally {
        ws.cleanup();
    }
}

const decode = (b64: string) => Buffer.from(b64, "base64").toString("utf8");

describe("a hub stack and a spoke-shard stack joined through joinInfo, on real control planes, through the Pulumi CLI", function () {
    this.timeout(40 * 60_000);
    let toolchain: Toolchain;
    const clusters: Record<string, Cluster> = {};
    let env: PulumiEnv;
    let hubStack: Stack;
    let shardStack: Stack;
    let cliOutput = "";
    const onOutput = (out: string) => (cliOutput += out);

    before(async function () {
        toolchain = await ensureToolchain({ log });
        const started = await startClusters([HUB, SPOKE], (n) => ({ metallb: n === HUB, toolchain, log }));
        [HUB, SPOKE].forEach((n, i) => (clusters[n] = started[i]));
        env = await pulumiEnv(toolchain, "fleet-join", { log });
        hubStack = await inlineStack(env, PROJECT, "hub", programOf(PROGRAM));
        const hubConfig: ConfigMap = {
            [`${NS}network.name`]: { value: NETWORK },
            [`${NS}hubs[0].name`]: { value: HUB },
            [`${NS}hubs[0].kubeconfig`]: { value: clusters[HUB].kubeconfig, secret: true },
            [`${NS}hubs[0].loadBalancer.addresses[0]`]: { value: POOL },
            [`${NS}hubs[0].loadBalancer.routerIp`]: { value: ROUTER_IP },
            [`${NS}hubs[0].allowedSourceRanges[0]`]: { value: "10.2.0.0/16" },
            [`${NS}hubs[0].shards[0]`]: { value: SHARD },
            // The harness runs MetalLB's controller out of cluster; no kubelet could run the site controller's pod.
            [`${NS}hubs[0].metallb.install`]: { value: "false" },
            [`${NS}hubs[0].skupperController.install`]: { value: "false" },
        };
        await hubStack.setAllConfig(hubConfig, true);
        shardStack = await inlineStack(env, PROJECT, SHARD, programOf(PROGRAM));
        await shardStack.setAllConfig(
            {
                // The file backend's fully qualified stack name: organization/<project>/<stack>.
                [`${NS}hubStack`]: { value: `organization/${PROJECT}/hub` },
                [`${NS}shard`]: { value: SHARD },
                [`${NS}spokes[0].name`]: { value: SPOKE },
                [`${NS}spokes[0].hub`]: { value: HUB },
                [`${NS}spokes[0].kubeconfig`]: { value: clusters[SPOKE].kubeconfig, secret: true },
                [`${NS}spokes[0].skupperController.install`]: { value: "false" },
            },
            true,
        );
    });

    keepEvidenceOnFailure(() => ({ clusters, env }), log);

    it("the hub stack exports the shard's join information as a secret output, without the site CA key", async () => {
        const started = Date.now();
        const res = await hubStack.up({ onOutput, color: "never" });
        log(`up (hub) in ${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(res.summary.resourceChanges)}`);
        assert.equal(res.summary.result, "succeeded");
        assert.equal(res.outputs.joinInfo.secret, true);
        const info = res.outputs.joinInfo.value[HUB][SHARD];
        assert.deepEqual(
            [info.network, info.hub, info.shard, info.routerIp, info.interRouterPort, info.networkCa],
            [NETWORK, HUB, SHARD, ROUTER_IP, 55671, null],
        );
        const siteCa = await clusters[HUB].client.get("v1", "Secret", "skupper-site-ca", "interconnect");
        assert.equal(info.siteCaCertPem, decode(siteCa!.data["tls.crt"]));
        const siteKey = keyLines(decode(siteCa!.data["tls.key"]));
        assert.ok(siteKey.length >= 20, "the site CA key has lines to look for");
        for (const line of siteKey) assert.equal(JSON.stringify(info).includes(line), false, "a line of the site CA key is in the join information");
        await waitFor(
            `skupper-router to be assigned ${ROUTER_IP}`,
            async () =>
                (await clusters[HUB].client.get("v1", "Service", "skupper-router", "interconnect"))?.status?.loadBalancer?.ingress?.[0]?.ip === ROUTER_IP,
            { timeoutMs: 60_000, intervalMs: 500 },
        );
    });

    it("the shard stack reads it through a StackReference and links its spoke with a chain that verifies against the hub's site CA", async () => {
        const started = Date.now();
        const res = await shardStack.up({ onOutput, color: "never" });
        log(`up (${SHARD}) in ${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(res.summary.resourceChanges)}`);
        assert.equal(res.summary.result, "succeeded");
        assert.equal(res.outputs.networkName.value, NETWORK);
        assert.deepEqual(res.outputs.spokes.value, { [SPOKE]: { hub: HUB, link: `link-to-${HUB}`, hubAddress: `${ROUTER_IP}:55671` } });
        const link = await clusters[SPOKE].client.get("v1", "Secret", `link-to-${HUB}`, "interconnect");
        const siteCa = await clusters[HUB].client.get("v1", "Secret", "skupper-site-ca", "interconnect");
        const siteCaPem = decode(siteCa!.data["tls.crt"]);
        assert.equal(decode(link!.data["ca.crt"]), siteCaPem, "the link trusts the hub's site CA");
        const [leaf, ...chain] = decode(link!.data["tls.crt"]).split(/(?=-----BEGIN CERTIFICATE-----)/);
        assert.equal(chain.length, 1, "tls.crt is the leaf, then the shard CA");
        const hubOut = await hubStack.outputs();
        assert.equal(chain[0], hubOut.joinInfo.value[HUB][SHARD].signer.certPem, "the intermediate is the hub's shard CA");
        assert.deepEqual(opensslVerify(siteCaPem, chain[0], leaf), { status: 0, output: "leaf.crt: OK" });
        // Without its intermediate the leaf does not verify: the chain in tls.crt is what makes the link valid.
        assert.equal(opensslVerify(siteCaPem, siteCaPem, leaf).status, 2);
        assert.deepEqual(
            [link!.metadata.annotations["inter-router-host"], link!.metadata.annotations["inter-router-port"], link!.metadata.labels["skupper.io/type"]],
            [ROUTER_IP, "55671", "connection-token"],
        );
    });

    it("the shard stack's state (decrypted too) and the backend's files hold no line of the hub site CA's key", async () => {
        const siteCa = await clusters[HUB].client.get("v1", "Secret", "skupper-site-ca", "interconnect");
        const siteKey = keyLines(decode(siteCa!.data["tls.key"]));
        const hubDecrypted = JSON.stringify(await hubStack.exportStack());
        assert.equal(hubDecrypted.includes(siteKey[5]), true, "the hub stack's decrypted state holds the key (the search is not vacuous)");
        const shardDecrypted = JSON.stringify(await shardStack.exportStack());
        const shardRaw = rawExport(toolchain.pulumi!, env, SHARD);
        assert.ok(
            shardDecrypted.includes("IntermediateAuthority") === false && shardDecrypted.includes("link-cert"),
            "the shard's state holds its link, not the shard CA resource",
        );
        const files = filesUnder(path.join(env.dir, "backend"));
        assert.ok(
            files.some((f) => f.file.endsWith(`${SHARD}.json`)),
            `the shard stack's state file is checked: ${files.map((f) => path.relative(env.dir, f.file)).join(", ")}`,
        );
        for (const line of siteKey) {
            assert.equal(shardDecrypted.includes(line), false, "a line of the site CA key is in the shard stack's decrypted state");
            assert.equal(shardRaw.includes(line), false, "a line of the site CA key is in the shard stack's export");
            for (const f of files) assert.equal(f.text.includes(line), false, `a line of the site CA key is in ${path.relative(env.dir, f.file)}`);
            assert.equal(cliOutput.includes(line), false, "a line of the site CA key is in the CLI's output");
        }
    });

    it("destroys the shard stack, then the hub stack, leaving nothing of the package on either cluster", async () => {
        for (const stack of [shardStack, hubStack]) {
            const res = await stack.destroy({ onOutput, color: "never" });
            assert.equal(res.summary.result, "succeeded");
        }
        for (const name of Object.keys(clusters)) assert.deepEqual(await leftovers(clusters[name]), [], name);
    });
});
