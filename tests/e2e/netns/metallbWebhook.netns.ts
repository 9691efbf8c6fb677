/**
 * A change of the hub router's address with MetalLB's admission webhook on,
 * through the real Pulumi CLI (examples/hub-and-spoke, 1 hub + 1 spoke).
 *
 * Runs only inside a private network namespace: tests/e2e/metallbWebhook.e2e.ts
 * starts it there (tests/e2e/harness/metallbWebhook.ts says why). By hand:
 *   unshare --net sh -c 'ip link set lo up && ip addr add 10.255.255.1/32 dev lo && exec "$@"' sh \
 *     npx mocha --no-config -r ts-node/register/transpile-only --timeout 1800000 tests/e2e/netns/metallbWebhook.netns.ts
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { Stack } from "@pulumi/pulumi/automation";
import { Cluster, ensureToolchain, KubeError, KubeObject, startClusters, waitFor } from "../harness";
import { keepEvidenceOnFailure } from "../support/hooks";
import { leftovers } from "../support/leftovers";
import { changes, inlineStack, programOf, pulumiEnv, PulumiEnv, REPO, stepRecorder } from "../support/pulumi";
import { aliasPackageName } from "../../support/packageAlias";

const EXAMPLE = path.join(REPO, "examples/hub-and-spoke/index.ts");
const HUB = "store-hub";
const SPOKE = "store-1";
const POOL = "10.1.0.32/28";
const ROUTER_IP = "10.1.0.33";
const NEW_ROUTER_IP = "10.1.0.40";
const EGRESS = "10.2.0.0/16";
const NS = "metallb-system";
const log = (line: string) => console.log(`      ${line}`);

describe("a router-address change under MetalLB's admission webhook (private network namespace)", function () {
    this.timeout(25 * 60_000);
    const clusters: Record<string, Cluster> = {};
    let env: PulumiEnv;
    let stack: Stack;
    const hub = () => clusters[HUB].client;

    async function configure(routerIp: string) {
        const cfg: Record<string, { value: string; secret?: boolean }> = {
            hubKubeconfig: { value: clusters[HUB].kubeconfig, secret: true },
            hubPool: { value: POOL },
            spokeEgress: { value: EGRESS },
            spokes: { value: JSON.stringify([{ name: SPOKE }]) },
            spokeKubeconfigs: { value: JSON.stringify({ [SPOKE]: clusters[SPOKE].kubeconfig }), secret: true },
            hubAddOns: { value: JSON.stringify({ metallb: { install: false }, skupperController: { install: false } }) },
            spokeAddOns: { value: JSON.stringify({ skupperController: { install: false } }) },
            awaitWorkloads: { value: "false" },
            routerIp: { value: routerIp },
        };
        await stack.setAllConfig(Object.fromEntries(Object.entries(cfg).map(([k, v]) => [`hub-and-spoke:${k}`, v])));
    }

    async function up(label: string) {
        const rec = stepRecorder();
        const res = await stack.up({ onEvent: rec.onEvent, color: "never" });
        log(`up (${label}): ${JSON.stringify(res.summary.resourceChanges)}`);
        assert.equal(res.summary.result, "succeeded");
        return rec.steps;
    }

    const pool = (name: string) => hub().get("metallb.io/v1beta1", "IPAddressPool", name, NS);
    const pools = async () => (await hub().list("metallb.io/v1beta1", "IPAddressPool", NS)).map((p) => [p.metadata.name, p.spec.addresses, p.spec.autoAssign]);
    const ingressIp = async (namespace: string, name: string) => (await hub().get("v1", "Service", name, namespace))?.status?.loadBalancer?.ingress?.[0]?.ip;

    /** A server-side apply with dryRun=All: what the webhook says of `obj`, without changing anything. */
    async function dryRunApply(obj: KubeObject): Promise<string> {
        const p = await hub().path(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name);
        try {
            await hub().request("PATCH", `${p}?dryRun=All&fieldManager=e2e-probe&force=true`, obj, "application/apply-patch+yaml");
            return "admitted";
        } catch (e) {
            if (e instanceof KubeError) return `${e.status} ${e.body?.message}`;
            throw e;
        }
    }

    before(async function () {
        const toolchain = await ensureToolchain({ log });
        const [h, s] = await startClusters([HUB, SPOKE], (n) => (n === HUB ? { metallb: true, metallbWebhook: true, toolchain, log } : { toolchain, log }));
        clusters[HUB] = h;
        clusters[SPOKE] = s;
        env = await pulumiEnv(toolchain, "metallb-webhook", { log });
        stack = await inlineStack(env, "hub-and-spoke", "e2e", programOf(EXAMPLE, aliasPackageName));
        await configure(ROUTER_IP);
    });

    keepEvidenceOnFailure(() => ({ clusters, env }), log);

    it("pulumi up creates the hub and the spoke with the webhook admitting the record, both pools and the advertisement", async () => {
        const steps = await up("first deploy");
        assert.deepEqual(
            steps.filter((s) => s.op !== "create").map((s) => `${s.op} ${s.name}`),
            [],
        );
        assert.deepEqual(await pools(), [
            [`${HUB}-pool`, ["10.1.0.32-10.1.0.32", "10.1.0.34-10.1.0.47"], true],
            [`${HUB}-router`, [`${ROUTER_IP}/32`], false],
        ]);
        assert.deepEqual((await hub().get("v1", "ConfigMap", `${HUB}-router-address`, NS))!.data, { address: ROUTER_IP });
        await waitFor("skupper-router to be assigned the router IP", async () => (await ingressIp("interconnect", "skupper-router")) === ROUTER_IP, {
            timeoutMs: 60_000,
            intervalMs: 500,
        });
    });

    it("the webhook refuses either pool taking the new address while the other still holds it: no single update of a pool can move it", async () => {
        const routerPool = (await pool(`${HUB}-router`))!;
        const autoAssign = (await pool(`${HUB}-pool`))!;
        const base = (p: KubeObject) => ({ apiVersion: p.apiVersion, kind: p.kind, metadata: { name: p.metadata.name, namespace: NS } });
        // The router pool first: the new address is still in the auto-assign pool.
        const routerFirst = await dryRunApply({ ...base(routerPool), spec: { ...routerPool.spec, addresses: [`${NEW_ROUTER_IP}/32`] } });
        assert.match(
            routerFirst,
            /^403 admission webhook "ipaddresspoolvalidationwebhook\.metallb\.io" denied the request: CIDR "10\.1\.0\.40\/32" in pool "store-hub-(router|pool)" overlaps with already defined CIDR/,
        );
        // The auto-assign pool first: the old address is still in the router pool.
        const poolFirst = await dryRunApply({ ...base(autoAssign), spec: { ...autoAssign.spec, addresses: ["10.1.0.32-10.1.0.39", "10.1.0.41-10.1.0.47"] } });
        assert.match(
            poolFirst,
            /^403 admission webhook "ipaddresspoolvalidationwebhook\.metallb\.io" denied the request: CIDR "10\.1\.0\.33\/32" in pool "store-hub-(router|pool)" overlaps with already defined CIDR/,
        );
    });

    it("changing routerIp replaces the record and the router pool, updates the auto-assign pool in place, and passes the webhook; another LoadBalancer keeps its address", async () => {
        await hub().apply({
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: "greedy", namespace: "default" },
            spec: { type: "LoadBalancer", selector: { app: "none" }, ports: [{ name: "http", port: 80, targetPort: 80 }] },
        });
        const greedyIp = await waitFor("greedy to get an address", () => ingressIp("default", "greedy"), { timeoutMs: 60_000, intervalMs: 500 });
        assert.equal(greedyIp, "10.1.0.32", "the lowest free address of the auto-assign pool");
        const autoAssignUid = (await pool(`${HUB}-pool`))!.metadata.uid;
        const routerPoolUid = (await pool(`${HUB}-router`))!.metadata.uid;

        await configure(NEW_ROUTER_IP);
        const rec = stepRecorder();
        await stack.preview({ onEvent: rec.onEvent, color: "never" });
        const metallb = (c: string[]) => c.filter((x) => x.includes("metallb-system"));
        const expected = [
            `replace ${HUB}-configmap-metallb-system-${HUB}-router-address`,
            `replace ${HUB}-ipaddresspool-metallb-system-${HUB}-router`,
            `update ${HUB}-ipaddresspool-metallb-system-${HUB}-pool`,
        ];
        assert.deepEqual(metallb(changes(rec.steps)), expected, "the preview");
        const steps = await up("router IP");
        assert.deepEqual(metallb(changes(steps)), expected, "the update");
        // The order the webhook needs, as the engine ran it: the router pool deleted, the auto-assign pool
        // updated, the router pool created (resource pre-events arrive in the order steps start).
        const at = (op: string, pool: string) => steps.findIndex((s) => s.op === op && s.name === `${HUB}-ipaddresspool-metallb-system-${pool}`);
        const order = [at("delete-replaced", `${HUB}-router`), at("update", `${HUB}-pool`), at("create-replacement", `${HUB}-router`)];
        assert.ok(
            order[0] >= 0 && order[0] < order[1] && order[1] < order[2],
            `step order ${JSON.stringify(order)}: ${steps.map((s) => `${s.op} ${s.name}`).join(", ")}`,
        );

        assert.deepEqual(await pools(), [
            [`${HUB}-pool`, ["10.1.0.32-10.1.0.39", "10.1.0.41-10.1.0.47"], true],
            [`${HUB}-router`, [`${NEW_ROUTER_IP}/32`], false],
        ]);
        assert.equal((await pool(`${HUB}-pool`))!.metadata.uid, autoAssignUid, "the auto-assign pool is updated, never deleted");
        assert.notEqual((await pool(`${HUB}-router`))!.metadata.uid, routerPoolUid, "the router pool is a new object");
        await waitFor("skupper-router to be assigned the new router IP", async () => (await ingressIp("interconnect", "skupper-router")) === NEW_ROUTER_IP, {
            timeoutMs: 60_000,
            intervalMs: 500,
        });
        const router = (await hub().get("v1", "Service", "skupper-router", "interconnect"))!;
        assert.equal(router.metadata.annotations["metallb.io/ip-allocated-from-pool"], `${HUB}-router`);
        assert.equal(await ingressIp("default", "greedy"), greedyIp, "greedy keeps its address");
        const link = (await clusters[SPOKE].client.get("v1", "Secret", `link-to-${HUB}`, "interconnect"))!;
        assert.equal(link.metadata.annotations["inter-router-host"], NEW_ROUTER_IP);
        const refresh = await stack.refresh({ expectNoChanges: true, color: "never" });
        assert.equal(refresh.summary.result, "succeeded");
        await hub().delete("v1", "Service", "greedy", "default");
    });

    it("pulumi destroy passes the webhook and leaves nothing of the package or the example", async () => {
        const res = await stack.destroy({ color: "never" });
        assert.equal(res.summary.result, "succeeded");
        for (const name of Object.keys(clusters)) assert.deepEqual(await leftovers(clusters[name], ["interconnect", "shop"]), [], name);
    });
});
