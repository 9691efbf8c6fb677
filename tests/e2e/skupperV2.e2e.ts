/**
 * The Skupper v2 backend against real control planes: examples/hub-and-spoke
 * with only `skupperVersion: "v2"` changed, through the real Pulumi CLI, on
 * three loopback clusters with MetalLB's controller on the hub.
 *
 * The v2 CRDs are applied by the package, so every Site, Link, Connector and
 * Listener passes the real API server's schema validation. The v2 controller
 * itself does not run (skupperController.install=false): it cannot be built
 * here, since the Go module proxy refuses github.com/skupperproject/skupper
 * at every version —
 *   $ go list -m -versions github.com/skupperproject/skupper
 *   go: module github.com/skupperproject/skupper: reading
 *   https://proxy.golang.org/github.com/skupperproject/skupper/@v/list: 403 Forbidden
 *       server response: This module version is not available.
 * — and no kubelet could run its routers. What the controller does with
 * these objects is listed in README "What is inferred rather than proven".
 *
 *   npx mocha --config .mocharc.e2e.json --spec tests/e2e/skupperV2.e2e.ts
 */
import * as assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { Stack } from "@pulumi/pulumi/automation";
import { Cluster, ensureToolchain, KubeError, startClusters, Toolchain, waitFor } from "./harness";
import { keepEvidenceOnFailure } from "./support/hooks";
import { leftovers } from "./support/leftovers";
import { changes, inlineStack, programOf, pulumiEnv, PulumiEnv, REPO, stepRecorder } from "./support/pulumi";
import { aliasPackageName } from "../support/packageAlias";

const EXAMPLE = path.join(REPO, "examples/hub-and-spoke/index.ts");
const HUB = "store-hub";
const SPOKES = ["store-1", "store-2"];
const POOL = "10.1.0.32/28";
const ROUTER_IP = "10.1.0.33";
const NEW_ROUTER_IP = "10.1.0.40";
const EGRESS = "10.2.0.0/16";
const V2 = "skupper.io/v2alpha1";
const MANAGED_BY = `labelSelector=${encodeURIComponent("app.kubernetes.io/managed-by=pulumi-edge-interconnect")}`;
const log = (line: string) => console.log(`      ${line}`);

describe("Skupper v2 on real control planes: examples/hub-and-spoke with skupperVersion v2, through the Pulumi CLI", function () {
    this.timeout(40 * 60_000);
    let toolchain: Toolchain;
    const clusters: Record<string, Cluster> = {};
    let env: PulumiEnv;
    let stack: Stack;
    const hub = () => clusters[HUB].client;

    async function configure(spokeList: { name: string; routerMode?: string }[], routerIp?: string) {
        const cfg: Record<string, { value: string; secret?: boolean }> = {
            // The only change from the v1 lifecycle suite's configuration.
            skupperVersion: { value: "v2" },
            hubKubeconfig: { value: clusters[HUB].kubeconfig, secret: true },
            hubPool: { value: POOL },
            spokeEgress: { value: EGRESS },
            spokes: { value: JSON.stringify(spokeList) },
            spokeKubeconfigs: { value: JSON.stringify(Object.fromEntries(SPOKES.map((s) => [s, clusters[s].kubeconfig]))), secret: true },
            hubAddOns: { value: JSON.stringify({ metallb: { install: false }, skupperController: { install: false } }) },
            spokeAddOns: { value: JSON.stringify({ skupperController: { install: false } }) },
            awaitWorkloads: { value: "false" },
        };
        if (routerIp) cfg.routerIp = { value: routerIp };
        else await stack.removeConfig("routerIp").catch(() => undefined);
        await stack.setAllConfig(Object.fromEntries(Object.entries(cfg).map(([k, v]) => [`hub-and-spoke:${k}`, v])));
    }

    async function up(label: string) {
        const rec = stepRecorder();
        const started = Date.now();
        const res = await stack.up({ onEvent: rec.onEvent, color: "never" });
        log(`up (${label}) in ${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(res.summary.resourceChanges)}`);
        assert.equal(res.summary.result, "succeeded");
        return rec.steps;
    }

    async function refreshHolds() {
        const res = await stack.refresh({ expectNoChanges: true, color: "never" });
        assert.equal(res.summary.result, "succeeded");
    }

    const routerService = () => hub().get("v1", "Service", "skupper-router", "interconnect");

    async function assignedIp(ip: string) {
        await waitFor(`skupper-router to be assigned ${ip}`, async () => (await routerService())?.status?.loadBalancer?.ingress?.[0]?.ip === ip, {
            timeoutMs: 60_000,
            intervalMs: 500,
        });
    }

    /** Everything of the package left on a cluster, the v2 CRDs included. */
    async function leftoversV2(c: Cluster): Promise<string[]> {
        const crds = (await c.client.request("GET", `/apis/apiextensions.k8s.io/v1/customresourcedefinitions?${MANAGED_BY}`)).items ?? [];
        return [...(await leftovers(c, ["interconnect", "shop"])), ...crds.map((d: any) => `CustomResourceDefinition ${d.metadata.name}`)];
    }

    before(async function () {
        toolchain = await ensureToolchain({ log });
        const names = [HUB, ...SPOKES];
        const started = await startClusters(names, (n) => ({ metallb: n === HUB, toolchain, log }));
        names.forEach((n, i) => (clusters[n] = started[i]));
        env = await pulumiEnv(toolchain, "skupper-v2", { log });
        stack = await inlineStack(env, "hub-and-spoke", "e2e-v2", programOf(EXAMPLE, aliasPackageName));
        await configure([{ name: "store-1" }, { name: "store-2", routerMode: "edge" }]);
    });

    keepEvidenceOnFailure(() => ({ clusters, env }), log);

    it("previews only creates, then pulumi up creates the v2 network", async () => {
        const rec = stepRecorder();
        await stack.preview({ diff: true, onEvent: rec.onEvent, color: "never" });
        assert.ok(
            rec.steps.every((s) => s.op === "create" || s.op === "same"),
            `a first preview only creates: ${changes(rec.steps).join(", ")}`,
        );
        assert.ok(rec.steps.some((s) => s.name === `${HUB}-site-interconnect-${HUB}`));
        const steps = await up("first deploy");
        assert.deepEqual(
            steps.filter((s) => s.op !== "create" && s.op !== "same").map((s) => `${s.op} ${s.name}`),
            [],
        );
    });

    it("every member serves the twelve skupper.io CRDs, applied by the package", async () => {
        for (const name of [HUB, ...SPOKES]) {
            const crds = (await clusters[name].client.request("GET", `/apis/apiextensions.k8s.io/v1/customresourcedefinitions?${MANAGED_BY}`)).items;
            assert.equal(crds.length, 12, name);
            for (const d of crds) {
                assert.equal(d.spec.group, "skupper.io");
                assert.ok(
                    d.status.conditions.some((c: any) => c.type === "Established" && c.status === "True"),
                    `${name}: ${d.metadata.name} established`,
                );
            }
        }
    });

    it("the API server holds the Site, Link, Connector and Listeners as the package wrote them", async () => {
        const site = (await hub().get(V2, "Site", HUB, "interconnect"))!;
        assert.deepEqual(site.spec, { linkAccess: "loadbalancer" });
        assert.equal(site.metadata.annotations["edge-interconnect.pulumi.com/router-ip"], ROUTER_IP);
        const connector = (await hub().get(V2, "Connector", "my-backend", "interconnect"))!;
        assert.deepEqual(connector.spec, { routingKey: "my-backend", port: 8080, host: "my-backend.shop.svc" });
        for (const [s, spec] of [
            ["store-1", { linkAccess: "none" }],
            ["store-2", { linkAccess: "none", edge: true }],
        ] as const) {
            const c = clusters[s].client;
            assert.deepEqual((await c.get(V2, "Site", s, "interconnect"))!.spec, spec, s);
            assert.deepEqual(
                (await c.get(V2, "Link", `link-to-${HUB}`, "interconnect"))!.spec,
                {
                    tlsCredentials: `link-to-${HUB}`,
                    cost: 1,
                    endpoints: [
                        { name: "inter-router", host: ROUTER_IP, port: "55671", group: "skupper-router" },
                        { name: "edge", host: ROUTER_IP, port: "45671", group: "skupper-router" },
                    ],
                },
                s,
            );
            assert.deepEqual(
                (await c.get(V2, "Listener", "my-backend", "interconnect"))!.spec,
                { routingKey: "my-backend", host: "my-backend", port: 8080 },
                s,
            );
        }
    });

    it("sensitivity: the same API server refuses a Link that breaks the CRD schema (a numeric port)", async () => {
        let error: unknown;
        try {
            await clusters["store-1"].client.create({
                apiVersion: V2,
                kind: "Link",
                metadata: { name: "bad-link", namespace: "interconnect" },
                spec: { endpoints: [{ name: "edge", host: ROUTER_IP, port: 45671 }] },
            });
        } catch (e) {
            error = e;
        }
        assert.ok(error instanceof KubeError, `the Link is refused: ${error}`);
        assert.equal(error.status, 422);
        assert.match(error.message, /spec\.endpoints\[0\]\.port: Invalid value: "integer": spec\.endpoints\[0\]\.port in body must be of type string/);
    });

    it("MetalLB assigns the pinned router IP to the package's skupper-router, with one pin, the source ranges and the controller's selector and ports", async () => {
        await assignedIp(ROUTER_IP);
        const svc = (await routerService())!;
        assert.equal(svc.spec.type, "LoadBalancer");
        assert.equal(svc.spec.loadBalancerIP, undefined);
        assert.equal(svc.metadata.annotations["metallb.io/loadBalancerIPs"], ROUTER_IP);
        assert.equal(svc.metadata.annotations["metallb.io/ip-allocated-from-pool"], `${HUB}-router`);
        assert.equal(svc.metadata.annotations["internal.skupper.io/controlled"], undefined, "never deleted by the controller (canDelete)");
        assert.equal(svc.metadata.labels["internal.skupper.io/secured-access"], "true", "found by the controller's Service informer");
        assert.deepEqual(svc.spec.loadBalancerSourceRanges, [EGRESS]);
        assert.deepEqual(svc.spec.selector, { "skupper.io/component": "router", "skupper.io/group": "skupper-router" });
        assert.deepEqual(
            svc.spec.ports.map((p: any) => [p.name, p.port, p.targetPort, p.protocol]),
            [
                ["inter-router", 55671, 55671, "TCP"],
                ["edge", 45671, 45671, "TCP"],
            ],
        );
    });

    it("the controller's kind of reconcile (an Update of the Service as read, re-asserting labels and annotations) keeps the source ranges and the address", async () => {
        // internal/kube/securedaccess/access.go:285-321 at 2.2.1: checkService sets selector, ports, type,
        // and label-template labels/annotations on the Service it read, then Updates it. Done here as it does.
        const svc = (await routerService())!;
        svc.metadata.labels["example.com/from-label-template"] = "true";
        svc.metadata.annotations["example.com/from-label-template"] = "true";
        svc.spec.selector = { "skupper.io/component": "router", "skupper.io/group": "skupper-router" };
        const p = await hub().path("v1", "Service", "interconnect", "skupper-router");
        await hub().request("PUT", p, svc);
        const after = (await routerService())!;
        assert.deepEqual(after.spec.loadBalancerSourceRanges, [EGRESS]);
        assert.equal(after.status.loadBalancer.ingress[0].ip, ROUTER_IP);
        assert.equal(after.metadata.annotations["metallb.io/loadBalancerIPs"], ROUTER_IP);
        // Put it back, so that refresh compares the package's own object.
        delete after.metadata.labels["example.com/from-label-template"];
        delete after.metadata.annotations["example.com/from-label-template"];
        await hub().request("PUT", p, after);
    });

    it("each spoke's link Secret is kubernetes.io/tls, chains to the hub's skupper-site-ca, and names the spoke", async () => {
        const ca = (await hub().get("v1", "Secret", "skupper-site-ca", "interconnect"))!;
        assert.equal(ca.type, "kubernetes.io/tls");
        const caPem = Buffer.from(ca.data["tls.crt"], "base64").toString();
        assert.match(new X509Certificate(caPem).subject, /CN=store-hub site CA/);
        for (const s of SPOKES) {
            const link = (await clusters[s].client.get("v1", "Secret", `link-to-${HUB}`, "interconnect"))!;
            assert.equal(link.type, "kubernetes.io/tls");
            assert.equal(Buffer.from(link.data["ca.crt"], "base64").toString(), caPem);
            const cert = new X509Certificate(Buffer.from(link.data["tls.crt"], "base64").toString());
            assert.equal(cert.verify(new X509Certificate(caPem).publicKey), true, s);
            assert.equal(cert.subject, `CN=${s}`);
            assert.match(Buffer.from(link.data["tls.key"], "base64").toString(), /^-----BEGIN RSA PRIVATE KEY-----/);
        }
    });

    it("pulumi refresh --expect-no-changes holds after the first deploy", refreshHolds);

    it("changing the router IP moves MetalLB's assignment and replaces the hub Site; the spokes' Links follow", async () => {
        const before = (await hub().get(V2, "Site", HUB, "interconnect"))!.metadata.uid;
        await configure([{ name: "store-1" }, { name: "store-2", routerMode: "edge" }], NEW_ROUTER_IP);
        const steps = await up("router IP");
        assert.ok(
            steps.some((s) => s.name === `${HUB}-site-interconnect-${HUB}` && s.op === "replace"),
            `the hub Site is replaced: ${changes(steps).join(", ")}`,
        );
        await assignedIp(NEW_ROUTER_IP);
        assert.notEqual((await hub().get(V2, "Site", HUB, "interconnect"))!.metadata.uid, before);
        for (const s of SPOKES) {
            const link = (await clusters[s].client.get(V2, "Link", `link-to-${HUB}`, "interconnect"))!;
            assert.deepEqual(
                link.spec.endpoints.map((e: any) => e.host),
                [NEW_ROUTER_IP, NEW_ROUTER_IP],
                s,
            );
        }
        await refreshHolds();
    });

    it("pulumi destroy leaves no object of the package, CRDs included, on any cluster", async () => {
        const res = await stack.destroy({ color: "never" });
        assert.equal(res.summary.result, "succeeded");
        for (const name of Object.keys(clusters)) assert.deepEqual(await leftoversV2(clusters[name]), [], name);
    });
});

/**
 * The move from v1 to v2 on real control planes, with the repository's root
 * program and the stack files of examples/migration-v2 (kubeconfig files
 * swapped for the loopback clusters' kubeconfigs, set as secrets by key
 * path; MetalLB, cert-manager and the controllers left to the harness): the
 * v1 network up, the v2 network up beside it on the same three clusters,
 * both refreshed without drift, the v1 network destroyed with the v2 one
 * untouched, then the v2 one destroyed.
 */
describe("moving from v1 to v2 side by side on real control planes: the root program with examples/migration-v2's stack files", function () {
    this.timeout(40 * 60_000);
    const PROGRAM = path.join(REPO, "index.ts");
    const NS = "edge-interconnect:";
    const FILES: Record<string, string> = { "~/.kube/store-hub.yaml": HUB, "~/.kube/store-1.yaml": "store-1", "~/.kube/store-2.yaml": "store-2" };
    const clusters: Record<string, Cluster> = {};
    let env: PulumiEnv;
    const stacks: Record<"v1" | "v2", Stack> = {} as never;

    /** The stack file's configuration as `pulumi config set [--secret] --path` would set it, on the loopback clusters. */
    function configOf(version: "v1" | "v2"): Record<string, { value: string; secret?: boolean }> {
        const file = YAML.parse(fs.readFileSync(path.join(REPO, `examples/migration-v2/Pulumi.${version}.yaml`), "utf8")).config as Record<string, any>;
        const out: Record<string, { value: string; secret?: boolean }> = {};
        const walk = (prefix: string, v: unknown) => {
            if (Array.isArray(v)) v.forEach((x, i) => walk(`${prefix}[${i}]`, x));
            else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(`${prefix}.${k}`, x);
            else out[prefix] = { value: String(v) };
        };
        for (const [key, value] of Object.entries(file)) {
            const list = key.slice(NS.length);
            const items = Array.isArray(value) ? value : [value];
            if (!Array.isArray(value)) {
                walk(`${NS}${list}`, value);
                continue;
            }
            items.forEach((item: Record<string, any>, i: number) => {
                const { kubeconfigFile, metallb, certManager, ...rest } = item;
                walk(`${NS}${list}[${i}]`, rest);
                out[`${NS}${list}[${i}].kubeconfig`] = { value: clusters[FILES[kubeconfigFile]].kubeconfig, secret: true };
                out[`${NS}${list}[${i}].skupperController.install`] = { value: "false" };
                if (list === "hubs") {
                    out[`${NS}${list}[${i}].metallb.install`] = { value: "false" };
                    out[`${NS}${list}[${i}].certManager.install`] = { value: "false" };
                }
            });
        }
        return out;
    }

    async function up(version: "v1" | "v2") {
        const rec = stepRecorder();
        const started = Date.now();
        const res = await stacks[version].up({ onEvent: rec.onEvent, color: "never" });
        log(`up (${version}) in ${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(res.summary.resourceChanges)}`);
        assert.equal(res.summary.result, "succeeded");
        return rec.steps;
    }

    async function refreshHolds(version: "v1" | "v2") {
        const res = await stacks[version].refresh({ expectNoChanges: true, color: "never" });
        assert.equal(res.summary.result, "succeeded");
    }

    const ip = async (ns: string) => (await clusters[HUB].client.get("v1", "Service", "skupper-router", ns))?.status?.loadBalancer?.ingress?.[0]?.ip;

    before(async function () {
        const toolchain = await ensureToolchain({ log });
        const names = [HUB, ...SPOKES];
        const started = await startClusters(names, (n) => ({ metallb: n === HUB, toolchain, log }));
        names.forEach((n, i) => (clusters[n] = started[i]));
        env = await pulumiEnv(toolchain, "skupper-v2-migration", { log });
        for (const v of ["v1", "v2"] as const) {
            stacks[v] = await inlineStack(env, "edge-interconnect", v, programOf(PROGRAM));
            await stacks[v].setAllConfig(configOf(v), true);
        }
        // The server's Service both networks annotate, as the user's application would provide it. Without a
        // selector: Pulumi waits for a patched Service's endpoints (up to 10 minutes), and no pod runs here.
        await clusters[HUB].client.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } });
        await clusters[HUB].client.apply({
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: "my-backend", namespace: "shop" },
            spec: { type: "ClusterIP", ports: [{ port: 8080, targetPort: 8080 }] },
        });
    });

    keepEvidenceOnFailure(() => ({ clusters, env }), log);

    it("step 0: the v1 network runs", async () => {
        await up("v1");
        await waitFor("the v1 router address", async () => (await ip("interconnect")) === "10.1.0.33", { timeoutMs: 60_000, intervalMs: 500 });
        assert.ok(await clusters["store-1"].client.get("v1", "ConfigMap", "skupper-site", "interconnect"));
    });

    it("step 1: the v2 network comes up beside it on the same clusters, and nothing of the v1 network changes", async () => {
        const steps = await up("v2");
        assert.deepEqual(
            steps.filter((s) => s.op !== "create" && s.op !== "same").map((s) => `${s.op} ${s.name}`),
            [],
        );
        await waitFor("the v2 router address", async () => (await ip("interconnect-v2")) === "10.1.0.49", { timeoutMs: 60_000, intervalMs: 500 });
        assert.equal(await ip("interconnect"), "10.1.0.33");
        for (const s of SPOKES) {
            const c = clusters[s].client;
            assert.ok(await c.get("v1", "ConfigMap", "skupper-site", "interconnect"), `${s}: the v1 site stays`);
            assert.deepEqual((await c.get(V2, "Link", "link-to-store-hub-v2", "interconnect-v2"))!.spec.endpoints[0].host, "10.1.0.49", s);
            assert.ok(await c.get(V2, "Listener", "my-backend", "interconnect-v2"), s);
        }
        await refreshHolds("v1");
        await refreshHolds("v2");
    });

    it("step 4: destroying the v1 network removes only its objects; the v2 network holds without drift", async () => {
        const res = await stacks.v1.destroy({ color: "never" });
        assert.equal(res.summary.result, "succeeded");
        for (const s of [HUB, ...SPOKES]) {
            const c = clusters[s].client;
            assert.equal(await c.get("v1", "Namespace", "interconnect"), undefined, `${s}: the v1 site namespace is gone`);
            assert.ok(await c.get(V2, "Site", s === HUB ? "store-hub-v2" : s, "interconnect-v2"), `${s}: the v2 Site stays`);
        }
        assert.equal(await ip("interconnect-v2"), "10.1.0.49");
        // The exposure annotations both stacks patched stay with the v2 stack's patch.
        const backend = (await clusters[HUB].client.get("v1", "Service", "my-backend", "shop"))!;
        assert.equal(backend.metadata.annotations["network.app.orchestrator.io/expose-service"], "true");
        await refreshHolds("v2");
    });

    it("destroying the v2 network too leaves nothing of the package, CRDs included", async () => {
        const res = await stacks.v2.destroy({ color: "never" });
        assert.equal(res.summary.result, "succeeded");
        for (const name of Object.keys(clusters)) {
            const crds = (await clusters[name].client.request("GET", `/apis/apiextensions.k8s.io/v1/customresourcedefinitions?${MANAGED_BY}`)).items ?? [];
            assert.deepEqual([...(await leftovers(clusters[name], ["interconnect", "interconnect-v2"])), ...crds.map((d: any) => d.metadata.name)], [], name);
        }
    });
});
