/**
 * Direct mode against real control planes: examples/hub-and-spoke through the
 * real Pulumi CLI (preview, up, refresh, destroy) on three loopback clusters
 * (etcd + kube-apiserver + kube-controller-manager each), with MetalLB's own
 * controller assigning the hub router's address. No kubelet runs, so no pod
 * does: what is checked is what the API servers, the controllers and the
 * engine do with the package's objects.
 *
 *   npm run test:e2e
 */
import * as assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import * as path from "node:path";
import { Stack } from "@pulumi/pulumi/automation";
import { Cluster, ensureToolchain, startClusters, Toolchain, waitFor } from "./harness";
import { keepEvidenceOnFailure } from "./support/hooks";
import { leftovers } from "./support/leftovers";
import { changes, inlineStack, programOf, pulumiEnv, PulumiEnv, REPO, stepRecorder } from "./support/pulumi";
import { aliasPackageName } from "../support/packageAlias";

const EXAMPLE = path.join(REPO, "examples/hub-and-spoke/index.ts");
const HUB = "store-hub";
const POOL = "10.1.0.32/28";
const ROUTER_IP = "10.1.0.33";
const NEW_ROUTER_IP = "10.1.0.40";
const EGRESS = "10.2.0.0/16";
const log = (line: string) => console.log(`      ${line}`);

describe("direct mode on real control planes: examples/hub-and-spoke through the Pulumi CLI", function () {
    this.timeout(40 * 60_000);
    let toolchain: Toolchain;
    const clusters: Record<string, Cluster> = {};
    let env: PulumiEnv;
    let stack: Stack;
    const spokes = () => Object.keys(clusters).filter((c) => c !== HUB);
    const hub = () => clusters[HUB].client;

    async function configure(spokeList: { name: string; routerMode?: string }[], routerIp?: string) {
        const cfg: Record<string, { value: string; secret?: boolean }> = {
            hubKubeconfig: { value: clusters[HUB].kubeconfig, secret: true },
            hubPool: { value: POOL },
            spokeEgress: { value: EGRESS },
            spokes: { value: JSON.stringify(spokeList) },
            spokeKubeconfigs: { value: JSON.stringify(Object.fromEntries(spokes().map((s) => [s, clusters[s].kubeconfig]))), secret: true },
            // The harness runs MetalLB's controller out of cluster; no kubelet could run the site controller's pod.
            hubAddOns: { value: JSON.stringify({ metallb: { install: false }, skupperController: { install: false } }) },
            spokeAddOns: { value: JSON.stringify({ skupperController: { install: false } }) },
            awaitWorkloads: { value: "false" },
        };
        if (routerIp) cfg.routerIp = { value: routerIp };
        else await stack.removeConfig("routerIp").catch(() => undefined);
        await stack.setAllConfig(Object.fromEntries(Object.entries(cfg).map(([k, v]) => [`hub-and-spoke:${k}`, v])));
    }

    async function up(label: string, opts: { replace?: string[] } = {}) {
        const rec = stepRecorder();
        const started = Date.now();
        const res = await stack.up({ onEvent: rec.onEvent, color: "never", ...opts });
        log(`up (${label}) in ${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(res.summary.resourceChanges)}`);
        assert.equal(res.summary.result, "succeeded");
        return rec.steps;
    }

    async function previewSteps() {
        const rec = stepRecorder();
        await stack.preview({ diff: true, onEvent: rec.onEvent, color: "never" });
        return rec.steps;
    }

    async function refreshHolds() {
        const res = await stack.refresh({ expectNoChanges: true, color: "never" });
        assert.equal(res.summary.result, "succeeded");
    }

    async function routerService() {
        return hub().get("v1", "Service", "skupper-router", "interconnect");
    }

    async function assignedIp(ip: string) {
        await waitFor(`skupper-router to be assigned ${ip}`, async () => (await routerService())?.status?.loadBalancer?.ingress?.[0]?.ip === ip, {
            timeoutMs: 60_000,
            intervalMs: 500,
        });
    }

    before(async function () {
        toolchain = await ensureToolchain({ log });
        const names = [HUB, "store-1", "store-2", "store-3"];
        const started = await startClusters(names, (n) => ({ metallb: n === HUB, toolchain, log }));
        names.forEach((n, i) => (clusters[n] = started[i]));
        env = await pulumiEnv(toolchain, "lifecycle", { log });
        stack = await inlineStack(env, "hub-and-spoke", "e2e", programOf(EXAMPLE, aliasPackageName));
        await configure([{ name: "store-1" }, { name: "store-2" }]);
    });

    keepEvidenceOnFailure(() => ({ clusters, env }), log);

    it("previews, then creates 1 hub and 2 spokes with pulumi up", async () => {
        const preview = await previewSteps();
        assert.ok(
            preview.every((s) => s.op === "create"),
            `a first preview only creates: ${changes(preview).join(", ")}`,
        );
        const steps = await up("first deploy");
        assert.deepEqual(
            steps.filter((s) => s.op !== "create").map((s) => `${s.op} ${s.name}`),
            [],
        );
    });

    it("MetalLB assigns the pinned router IP to skupper-router, from the router's own pool, with one pin and the source ranges", async () => {
        await assignedIp(ROUTER_IP);
        const svc = (await routerService())!;
        assert.equal(svc.spec.type, "LoadBalancer");
        assert.equal(svc.spec.loadBalancerIP, undefined, "MetalLB refuses spec.loadBalancerIP next to its annotation");
        assert.equal(svc.metadata.annotations["metallb.io/loadBalancerIPs"], ROUTER_IP);
        // MetalLB v0.15.3 records the pool it allocated from (controller/service.go, annotationIPAllocateFromPool).
        assert.equal(svc.metadata.annotations["metallb.io/ip-allocated-from-pool"], `${HUB}-router`);
        assert.deepEqual(svc.spec.loadBalancerSourceRanges, [EGRESS]);
        assert.deepEqual(
            svc.spec.ports.map((p: any) => [p.name, p.port]),
            [
                ["inter-router", 55671],
                ["edge", 45671],
                ["claims", 8081],
            ],
        );
    });

    it("the router's address is never handed to another LoadBalancer", async () => {
        const c = hub();
        await c.apply({
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: "greedy", namespace: "default" },
            spec: { type: "LoadBalancer", selector: { app: "none" }, ports: [{ name: "http", port: 80, targetPort: 80 }] },
        });
        let ip: string | undefined;
        await waitFor(
            "greedy to get an address",
            async () => !!(ip = (await c.get("v1", "Service", "greedy", "default"))?.status?.loadBalancer?.ingress?.[0]?.ip),
            {
                timeoutMs: 60_000,
                intervalMs: 500,
            },
        );
        // The lowest free address of the auto-assign pool: 10.1.0.32 (10.1.0.33 is the router's).
        assert.equal(ip, "10.1.0.32");
        await c.delete("v1", "Service", "greedy", "default");
    });

    it("sensitivity: MetalLB refuses the router Service the previous release made Skupper build (both pins), and says why", async () => {
        // Release 85e8d4c put router-load-balancer-ip and router-service-annotations
        // (metallb.io/loadBalancerIPs=<ip>) in skupper-site. Skupper 1.9.6 turns them into
        // spec.loadBalancerIP plus the annotation (client/router_create.go, RouterCreate).
        // Built here as Skupper builds it, since Skupper cannot run in this suite.
        const c = hub();
        const ip = "10.1.0.41";
        await c.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: "sensitivity" } });
        await c.apply({
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: "skupper-router", namespace: "sensitivity", annotations: { "metallb.io/loadBalancerIPs": ip } },
            spec: {
                type: "LoadBalancer",
                loadBalancerIP: ip,
                selector: { application: "skupper-router" },
                ports: [{ name: "inter-router", port: 55671, targetPort: 55671 }],
            },
        });
        let message = "";
        await waitFor(
            "MetalLB's verdict on the doubly pinned Service",
            async () => {
                const events = await c.list("v1", "Event", "sensitivity", `fieldSelector=${encodeURIComponent("involvedObject.name=skupper-router")}`);
                message = events.find((e) => e.reason === "AllocationFailed")?.message ?? "";
                return message !== "";
            },
            { timeoutMs: 60_000, intervalMs: 500 },
        );
        log(`MetalLB: AllocationFailed: ${message}`);
        assert.match(message, /service can not have both metallb\.io\/loadBalancerIPs and svc\.Spec\.LoadBalancerIP/);
        assert.equal((await c.get("v1", "Service", "skupper-router", "sensitivity"))!.status?.loadBalancer?.ingress, undefined);
        await c.delete("v1", "Namespace", "sensitivity");
    });

    it("the pools and the site are in place on the hub; each spoke holds a link to the router", async () => {
        const pools = await hub().list(
            "metallb.io/v1beta1",
            "IPAddressPool",
            "metallb-system",
            `labelSelector=${encodeURIComponent("app.kubernetes.io/part-of=shop-mesh")}`,
        );
        assert.deepEqual(pools.map((p) => [p.metadata.name, p.spec.addresses, p.spec.autoAssign]).sort(), [
            [`${HUB}-pool`, ["10.1.0.32-10.1.0.32", "10.1.0.34-10.1.0.47"], true],
            [`${HUB}-router`, [`${ROUTER_IP}/32`], false],
        ]);
        const site = await hub().get("v1", "ConfigMap", "skupper-site", "interconnect");
        assert.deepEqual([site!.data.name, site!.data.ingress, site!.data["router-mode"]], [HUB, "loadbalancer", "interior"]);
        assert.equal(site!.data["router-load-balancer-ip"], undefined);
        const ca = await hub().get("v1", "Secret", "skupper-site-ca", "interconnect");
        assert.equal(ca!.type, "kubernetes.io/tls");
        for (const s of ["store-1", "store-2"]) {
            const link = await clusters[s].client.get("v1", "Secret", `link-to-${HUB}`, "interconnect");
            assert.deepEqual(
                [link!.metadata.labels["skupper.io/type"], link!.metadata.annotations["inter-router-host"], link!.metadata.annotations["inter-router-port"]],
                ["connection-token", ROUTER_IP, "55671"],
                s,
            );
            assert.equal(Buffer.from(link!.data["ca.crt"], "base64").toString(), Buffer.from(ca!.data["tls.crt"], "base64").toString());
        }
    });

    it("exposes the backend: its annotated Service on the hub and the Skupper service definition", async () => {
        const backend = await hub().get("v1", "Service", "my-backend", "shop");
        assert.equal(backend!.metadata.annotations["network.app.orchestrator.io/expose-service"], "true");
        const def = await hub().get("v1", "Service", "my-backend", "interconnect");
        assert.deepEqual(
            [def!.metadata.annotations["skupper.io/address"], def!.metadata.annotations["skupper.io/target"], def!.spec.ports[0].port],
            ["my-backend", "my-backend.shop", 8080],
        );
    });

    it("pulumi refresh --expect-no-changes holds after the first deploy", refreshHolds);

    it("adding a spoke previews only that spoke's resources, nothing on the hub", async () => {
        await configure([{ name: "store-1" }, { name: "store-2" }, { name: "store-3" }]);
        const preview = await previewSteps();
        const changed = changes(preview);
        assert.ok(changed.length >= 5, changed.join(", "));
        assert.deepEqual(
            changed.filter((c) => !c.startsWith("create store-3")),
            [],
        );
        await up("add store-3");
        const link = await clusters["store-3"].client.get("v1", "Secret", `link-to-${HUB}`, "interconnect");
        assert.equal(link!.metadata.annotations["inter-router-host"], ROUTER_IP);
        await refreshHolds();
    });

    it("changing the router IP moves MetalLB's assignment and replaces the hub site; the spokes' links follow", async () => {
        const before = (await hub().get("v1", "ConfigMap", "skupper-site", "interconnect"))!.metadata.uid;
        await configure([{ name: "store-1" }, { name: "store-2" }, { name: "store-3" }], NEW_ROUTER_IP);
        const steps = await up("router IP");
        assert.ok(
            steps.some((s) => s.name === `${HUB}-configmap-interconnect-skupper-site` && s.op === "replace"),
            `the hub site is replaced: ${changes(steps).join(", ")}`,
        );
        await assignedIp(NEW_ROUTER_IP);
        const svc = (await routerService())!;
        assert.equal(svc.metadata.annotations["metallb.io/ip-allocated-from-pool"], `${HUB}-router`);
        const site = (await hub().get("v1", "ConfigMap", "skupper-site", "interconnect"))!;
        assert.notEqual(site.metadata.uid, before);
        assert.equal(site.metadata.annotations["edge-interconnect.pulumi.com/router-ip"], NEW_ROUTER_IP);
        for (const s of ["store-1", "store-2", "store-3"]) {
            const link = await clusters[s].client.get("v1", "Secret", `link-to-${HUB}`, "interconnect");
            assert.equal(link!.metadata.annotations["inter-router-host"], NEW_ROUTER_IP, s);
        }
        await refreshHolds();
    });

    it("changing a spoke's router mode replaces that spoke's site only", async () => {
        const before = (await clusters["store-2"].client.get("v1", "ConfigMap", "skupper-site", "interconnect"))!.metadata.uid;
        await configure([{ name: "store-1" }, { name: "store-2", routerMode: "edge" }, { name: "store-3" }], NEW_ROUTER_IP);
        const preview = await previewSteps();
        assert.deepEqual(changes(preview), ["replace store-2-configmap-interconnect-skupper-site"]);
        await up("router mode");
        const site = (await clusters["store-2"].client.get("v1", "ConfigMap", "skupper-site", "interconnect"))!;
        assert.equal(site.data["router-mode"], "edge");
        assert.notEqual(site.metadata.uid, before);
        await refreshHolds();
    });

    it("a new site CA replaces the hub site (so Skupper re-signs its router) and re-signs every spoke's link", async () => {
        const before = (await hub().get("v1", "ConfigMap", "skupper-site", "interconnect"))!.metadata.uid;
        const state = await stack.exportStack();
        const caUrn = (state.deployment.resources as { urn: string }[]).map((r) => r.urn).find((u) => u.endsWith("::store-hub-site-ca"))!;
        assert.ok(caUrn, "the site CA is in the state");
        const steps = await up("site CA", { replace: [caUrn] });
        assert.deepEqual(
            changes(steps).filter((c) => c.startsWith("replace")),
            // pulumi-kubernetes replaces a Secret whose data changes (delete, then create), as it does ConfigMaps:
            // the CA Secret and each link token are re-created, and Skupper re-links from the new token.
            [
                "replace store-1-link-cert",
                "replace store-1-secret-interconnect-link-to-store-hub",
                "replace store-2-link-cert",
                "replace store-2-secret-interconnect-link-to-store-hub",
                "replace store-3-link-cert",
                "replace store-3-secret-interconnect-link-to-store-hub",
                "replace store-hub-configmap-interconnect-skupper-site",
                "replace store-hub-secret-interconnect-skupper-site-ca",
                "replace store-hub-site-ca",
            ],
        );
        const caSecret = (await hub().get("v1", "Secret", "skupper-site-ca", "interconnect"))!;
        const caPem = Buffer.from(caSecret.data["tls.crt"], "base64").toString();
        const site = (await hub().get("v1", "ConfigMap", "skupper-site", "interconnect"))!;
        assert.notEqual(site.metadata.uid, before);
        assert.equal(
            site.metadata.annotations["edge-interconnect.pulumi.com/site-ca-sha256"],
            new X509Certificate(caPem).fingerprint256.replace(/:/g, "").toLowerCase(),
        );
        for (const s of ["store-1", "store-2", "store-3"]) {
            const link = (await clusters[s].client.get("v1", "Secret", `link-to-${HUB}`, "interconnect"))!;
            assert.equal(Buffer.from(link.data["ca.crt"], "base64").toString(), caPem, s);
            assert.equal(new X509Certificate(Buffer.from(link.data["tls.crt"], "base64").toString()).verify(new X509Certificate(caPem).publicKey), true, s);
        }
        await refreshHolds();
    });

    it("rotating one spoke's link credential replaces only that spoke's key, certificate and Secret, and the preview says exactly that (issue 18.4)", async () => {
        const linkOf = async (s: string) => (await clusters[s].client.get("v1", "Secret", `link-to-${HUB}`, "interconnect"))!;
        const before = Object.fromEntries(await Promise.all(["store-1", "store-2", "store-3"].map(async (s) => [s, await linkOf(s)] as const)));
        const state = await stack.exportStack();
        const certUrn = (state.deployment.resources as { urn: string }[]).map((r) => r.urn).find((u) => u.endsWith("::store-1-link-cert"))!;
        assert.ok(certUrn, "store-1's link certificate is in the state");
        const expected = ["replace store-1-link-cert", "replace store-1-secret-interconnect-link-to-store-hub"];
        const rec = stepRecorder();
        await stack.preview({ diff: true, replace: [certUrn], onEvent: rec.onEvent, color: "never" });
        assert.deepEqual(changes(rec.steps), expected);
        assert.deepEqual(changes(await up("rotate store-1's link", { replace: [certUrn] })), expected);

        const after = await linkOf("store-1");
        const pem = (secret: typeof after, key: string) => Buffer.from(secret.data[key], "base64").toString();
        assert.notEqual(after.metadata.uid, before["store-1"].metadata.uid);
        assert.notEqual(pem(after, "tls.key"), pem(before["store-1"], "tls.key"), "a new key");
        const [oldCert, newCert] = [new X509Certificate(pem(before["store-1"], "tls.crt")), new X509Certificate(pem(after, "tls.crt"))];
        assert.notEqual(newCert.serialNumber, oldCert.serialNumber);
        assert.equal(newCert.subject, oldCert.subject, "the same identity (CN = the spoke)");
        assert.equal(newCert.verify(new X509Certificate(pem(after, "ca.crt")).publicKey), true, "signed by the hub's site CA");
        // Nothing else moved: the other spokes' tokens are the very same objects with the same data.
        for (const s of ["store-2", "store-3"]) {
            const link = await linkOf(s);
            assert.equal(link.metadata.uid, before[s].metadata.uid, s);
            assert.deepEqual(link.data, before[s].data, s);
        }
        await refreshHolds();
    });

    it("removing a spoke deletes only its resources, and nothing of the package stays on it", async () => {
        await configure([{ name: "store-1" }, { name: "store-2", routerMode: "edge" }], NEW_ROUTER_IP);
        const steps = await up("remove store-3");
        assert.deepEqual(
            changes(steps).filter((c) => !c.startsWith("delete store-3")),
            [],
        );
        assert.deepEqual(await leftovers(clusters["store-3"], ["interconnect", "shop"]), []);
        await refreshHolds();
    });

    it("pulumi destroy leaves no object of the package or the example on any cluster", async () => {
        const res = await stack.destroy({ color: "never" });
        assert.equal(res.summary.result, "succeeded");
        for (const name of Object.keys(clusters)) assert.deepEqual(await leftovers(clusters[name], ["interconnect", "shop"]), [], name);
    });
});
