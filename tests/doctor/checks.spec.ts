/**
 * The doctor's checks as pure functions: fixtures in upstream shapes, mapped
 * through the same functions the Kubernetes client uses, then judged.
 */
import * as assert from "node:assert/strict";
import { deploymentInfo, podInfo, serviceInfo } from "@edge-interconnect/kube-client";
import {
    METALLB_FIX,
    checkCluster,
    checkDeployments,
    checkExposedServices,
    checkLinkStatus,
    checkLinkToken,
    checkNetwork,
    checkRouterIp,
    checkRouterService,
    checkSiteController,
    checkSitePods,
    checkSourceRanges,
} from "../../sdk/doctor/checks";
import { linkBetween, parseNetworkStatus } from "../../sdk/doctor/networkStatus";
import { renderReport, wrap } from "../../sdk/doctor/render";
import { DoctorReport, summarize } from "../../sdk/doctor/run";
import type { ClusterSnapshot, DoctorTopology, HubExpectation, SpokeExpectation } from "../../sdk/doctor/types";
import type { FakeClusterState, KubeObj } from "./fakeKube";
import {
    EXPOSED,
    HUB,
    NS,
    RANGES,
    ROUTER_IP,
    SPOKE,
    controllerPod,
    healthyHub,
    healthySpoke,
    linkSecret,
    networkStatus,
    routerPod,
    routerService,
    siteControllerDeployment,
} from "./fixtures";

const HUB_EXPECT: HubExpectation = {
    name: HUB,
    routerIp: ROUTER_IP,
    allowedSourceRanges: RANGES,
    allowPublicExposure: false,
    exposedServices: EXPOSED.map((s) => s.name),
    managed: false,
};
const SPOKE_EXPECT: SpokeExpectation = { name: SPOKE, hub: HUB, routerMode: "interior", managed: false };
const TOPOLOGY: DoctorTopology = { siteNamespace: NS, networkName: "retail-mesh", hubs: [HUB_EXPECT], spokes: [SPOKE_EXPECT] };

/** A snapshot as `collectCluster` builds it, from fixture objects. */
function snapshot(cluster: string, role: "hub" | "spoke", state: FakeClusterState): ClusterSnapshot {
    const ofNs = (list: KubeObj[] | undefined) => (list ?? []).filter((o) => o.metadata.namespace === NS);
    const services = ofNs(state.services).map((s) => serviceInfo(s as never));
    const deployment = (state.deployments ?? []).find((d) => d.metadata.name === "skupper-site-controller");
    const cm = ofNs(state.configMaps).find((c) => c.metadata.name === "skupper-network-status");
    return {
        cluster,
        role,
        server: "https://10.0.0.1:6443",
        access: { ok: true },
        pods: { ok: true, value: ofNs(state.pods).map((p) => podInfo(p as never)) },
        siteController: {
            ok: true,
            value: deployment
                ? { namespace: "skupper-site-controller", deployment: deploymentInfo(deployment as never) }
                : { namespace: "skupper-site-controller" },
        },
        services: { ok: true, value: services },
        ...(role === "hub"
            ? { routerService: { ok: true as const, value: services.find((s) => s.metadata.name === "skupper-router") } }
            : {
                  linkTokens: {
                      ok: true as const,
                      value: ofNs(state.secrets).map((s) => ({
                          metadata: {
                              name: s.metadata.name,
                              labels: s.metadata.labels ?? {},
                              annotations: (s.metadata.annotations as Record<string, string>) ?? {},
                          },
                          dataKeys: [],
                      })),
                  },
                  networkStatus: {
                      ok: true as const,
                      value: cm ? { metadata: { name: cm.metadata.name, labels: {}, annotations: {} }, data: cm.data as Record<string, string> } : undefined,
                  },
              }),
    };
}

describe("doctor checks", () => {
    describe("a healthy hub and spoke", () => {
        it("pass every check", () => {
            const hub = snapshot(HUB, "hub", healthyHub());
            const spoke = snapshot(SPOKE, "spoke", healthySpoke());
            const all = new Map([
                [HUB, hub],
                [SPOKE, spoke],
            ]);
            const results = [...checkCluster(hub, TOPOLOGY, all), ...checkCluster(spoke, TOPOLOGY, all)];
            assert.deepEqual(
                results.map((r) => `${r.cluster} ${r.id} ${r.status}`),
                [
                    "store-hub kube-api OK",
                    "store-hub router-pods OK",
                    "store-hub service-controller OK",
                    "store-hub site-controller OK",
                    "store-hub router-service OK",
                    "store-hub router-ip OK",
                    "store-hub source-ranges OK",
                    "store-hub exposed-services OK",
                    "store-1 kube-api OK",
                    "store-1 router-pods OK",
                    "store-1 service-controller OK",
                    "store-1 site-controller OK",
                    "store-1 link-token OK",
                    "store-1 link-status OK",
                    "store-1 service-sync OK",
                ],
            );
            assert.ok(results.every((r) => r.fix === undefined));
        });
    });

    describe("site pods", () => {
        it("fails a crash-looping router with the waiting reason, restarts and last exit", () => {
            const s = snapshot(HUB, "hub", healthyHub({ crashLoop: 7 }));
            const r = checkSitePods(s, NS, "router");
            assert.equal(r.status, "FAIL");
            assert.match(r.message, /^pod skupper-router-7c9d8b6f5-\w{5}: container router CrashLoopBackOff \(7 restarts; last exit: Error, code 1\)$/);
            assert.match(r.fix!, /kubectl -n interconnect logs skupper-router-7c9d8b6f5-\w{5} -c router --previous/);
            assert.equal(checkSitePods(s, NS, "service-controller").status, "OK");
        });

        it("fails a running, unready pod with many restarts as crash-looping, and warns on a ready one that restarted often", () => {
            const p = podInfo(routerPod(HUB) as never);
            const unready = {
                ...p,
                ready: false,
                containers: p.containers.map((c) => ({ ...c, ready: c.name !== "router", restartCount: c.name === "router" ? 9 : 0 })),
            };
            const s = (pods: (typeof p)[]): ClusterSnapshot => ({ cluster: HUB, role: "hub", access: { ok: true }, pods: { ok: true, value: pods } });
            const r1 = checkSitePods(s([unready]), NS, "router");
            assert.equal(r1.status, "FAIL");
            assert.match(r1.message, /is crash-looping: not ready \(router\), 9 restarts$/);
            const flappy = { ...p, containers: p.containers.map((c) => ({ ...c, restartCount: 6, lastTermination: { reason: "OOMKilled", exitCode: 137 } })) };
            const r2 = checkSitePods(s([flappy]), NS, "router");
            assert.equal(r2.status, "WARN");
            assert.match(r2.message, /ready but restarted 12 times; last exit: OOMKilled, code 137$/);
        });

        it("fails a pending pod, and a namespace without the pods, with the site controller as the next step", () => {
            const p = podInfo(routerPod(HUB) as never);
            const pending = {
                ...p,
                phase: "Pending",
                ready: false,
                containers: [{ name: "router", ready: false, restartCount: 0, state: "waiting" as const, reason: "ContainerCreating" }],
            };
            const s = (pods: (typeof p)[]): ClusterSnapshot => ({ cluster: HUB, role: "hub", access: { ok: true }, pods: { ok: true, value: pods } });
            const r1 = checkSitePods(s([pending]), NS, "router");
            assert.equal(r1.message, `pod ${p.metadata.name} is Pending (router: ContainerCreating)`);
            assert.equal(r1.fix, `see its events: kubectl -n interconnect describe pod ${p.metadata.name}`);
            const r2 = checkSitePods(s([podInfo(controllerPod() as never)]), NS, "router");
            assert.deepEqual({ status: r2.status, message: r2.message }, { status: "FAIL", message: "no skupper-router pod in interconnect" });
            assert.match(r2.fix!, /kubectl -n skupper-site-controller logs deploy\/skupper-site-controller/);
        });

        it("finds service-controller pods by skupper.io/component (1.x has no application label on them)", () => {
            const p = podInfo(controllerPod() as never);
            assert.equal(p.metadata.labels.application, undefined);
            const r = checkSitePods({ cluster: HUB, role: "hub", access: { ok: true }, pods: { ok: true, value: [p] } }, NS, "service-controller");
            assert.equal(r.status, "OK");
            assert.equal(r.message, "1/1 ready: skupper-service-controller-5b6d7f8c9-qk4tz");
        });

        it("fails an unavailable or missing site controller, and a pod list it may not read", () => {
            const s = snapshot(HUB, "hub", { ...healthyHub(), deployments: [siteControllerDeployment(false)] });
            const r = checkSiteController(s);
            assert.equal(r.status, "FAIL");
            assert.equal(
                r.message,
                "Deployment skupper-site-controller/skupper-site-controller not available (0/1 available: Deployment does not have minimum availability.)",
            );
            assert.equal(
                checkSiteController(snapshot(HUB, "hub", { ...healthyHub(), deployments: [] })).message,
                "Deployment skupper-site-controller not found in skupper-site-controller",
            );
            const denied = checkSitePods(
                { cluster: HUB, role: "hub", access: { ok: true }, pods: { ok: false, error: "HTTP 403: pods is forbidden" } },
                NS,
                "router",
            );
            assert.equal(denied.message, "cannot read pods in interconnect: HTTP 403: pods is forbidden");
            assert.match(denied.fix!, /get\/list on pods/);
        });
    });

    describe("hub router", () => {
        const hubWith = (svc: KubeObj) => snapshot(HUB, "hub", { ...healthyHub(), services: [svc] });

        it("fails a pending LoadBalancer IP with the MetalLB next step, and skips the address comparison", () => {
            const s = hubWith(routerService({ pinned: ROUTER_IP, ranges: RANGES }));
            const r = checkRouterService(s, NS);
            assert.deepEqual(r, {
                id: "router-service",
                cluster: HUB,
                status: "FAIL",
                message: "LoadBalancer IP of interconnect/skupper-router is pending (asked for 10.1.0.33)",
                fix: METALLB_FIX,
            });
            assert.match(METALLB_FIX, /^check MetalLB: pool, L2Advertisement, controller logs/);
            assert.equal(checkRouterIp(s, HUB_EXPECT).status, "SKIP");
        });

        it("fails a ClusterIP router, a missing one, and an address other than routerIp", () => {
            assert.match(checkRouterService(hubWith(routerService({ type: "ClusterIP" })), NS).message, /is ClusterIP, not LoadBalancer/);
            const missing = snapshot(HUB, "hub", { ...healthyHub(), services: [] });
            assert.equal(checkRouterService(missing, NS).message, "Service interconnect/skupper-router not found");
            const moved = checkRouterIp(hubWith(routerService({ ip: "10.1.0.40", ranges: RANGES })), HUB_EXPECT);
            assert.equal(moved.status, "FAIL");
            assert.equal(moved.message, "router got 10.1.0.40, but the configured routerIp is 10.1.0.33: link tokens point at 10.1.0.33");
        });

        for (const [ranges, text] of [
            [["0.0.0.0/0"], "router is open to 0.0.0.0/0"],
            [["10.2.0.0/16", "::/0"], "router is open to ::/0"],
            [undefined, "router has no loadBalancerSourceRanges: reachable from anywhere"],
        ] as const) {
            it(`fails a router that ${text.replace(/^router /, "")}`, () => {
                const r = checkSourceRanges(hubWith(routerService({ ip: ROUTER_IP, ranges: ranges ? [...ranges] : undefined })), HUB_EXPECT, NS);
                assert.equal(r.status, "FAIL");
                assert.equal(r.message, text);
                assert.match(r.fix!, /allowedSourceRanges \(10\.2\.0\.0\/16, 10\.3\.0\.0\/16\)/);
            });
        }

        it("compares source ranges as address ranges, in any order, and names the difference", () => {
            const same = checkSourceRanges(hubWith(routerService({ ip: ROUTER_IP, ranges: ["10.3.0.0/16", "10.2.0.0/16"] })), HUB_EXPECT, NS);
            assert.equal(same.status, "OK");
            const differ = checkSourceRanges(hubWith(routerService({ ip: ROUTER_IP, ranges: ["10.2.0.0/16", "192.168.0.0/24"] })), HUB_EXPECT, NS);
            assert.equal(differ.status, "FAIL");
            assert.equal(
                differ.message,
                "loadBalancerSourceRanges 10.2.0.0/16, 192.168.0.0/24 differ from allowedSourceRanges (missing 10.3.0.0/16; extra 192.168.0.0/24)",
            );
            const allowed = checkSourceRanges(
                hubWith(routerService({ ip: ROUTER_IP, ranges: ["0.0.0.0/0"] })),
                { ...HUB_EXPECT, allowedSourceRanges: ["0.0.0.0/0"], allowPublicExposure: true },
                NS,
            );
            assert.equal(allowed.status, "WARN");
        });

        it("fails a missing exposed Service and discovers exposed ones without a stack", () => {
            const s = snapshot(HUB, "hub", { ...healthyHub(), services: healthyHub().services!.filter((x) => x.metadata.name !== "payments") });
            const r = checkExposedServices(s, HUB_EXPECT, NS);
            assert.equal(r.message, "missing Service interconnect/payments (of 2 exposed)");
            const discovered = checkExposedServices(snapshot(HUB, "hub", healthyHub()), { ...HUB_EXPECT, exposedServices: undefined }, NS);
            assert.equal(discovered.message, "exposes my-backend, payments");
        });
    });

    describe("spoke link", () => {
        const hub = snapshot(HUB, "hub", healthyHub());

        it("fails a spoke without a link token, with the next step", () => {
            const s = snapshot(SPOKE, "spoke", healthySpoke({ link: false, connected: false }));
            const token = checkLinkToken(s, SPOKE_EXPECT, HUB_EXPECT, hub, NS);
            assert.equal(token.status, "FAIL");
            assert.equal(
                token.message,
                "no link token interconnect/link-to-store-hub (Secret labelled skupper.io/type=connection-token): the spoke's router has no link to store-hub",
            );
            assert.match(token.fix!, /^pulumi up creates it \(SpokeCluster/);
            const status = checkLinkStatus(s, SPOKE_EXPECT, HUB_EXPECT, hub, NS);
            assert.deepEqual([status.status, status.message], ["FAIL", "link to store-hub not connected: store-hub is not in this site's network status"]);
            assert.equal(status.fix, "the router links once it has a token: fix link-token first");
        });

        it("fails a token that names another address or port than the hub's router, preferring the hub's live IP", () => {
            const moved = snapshot(HUB, "hub", { ...healthyHub(), services: [routerService({ ip: "10.1.0.40", ranges: RANGES })] });
            const s = snapshot(SPOKE, "spoke", healthySpoke());
            const r = checkLinkToken(s, SPOKE_EXPECT, HUB_EXPECT, moved, NS);
            assert.equal(r.message, "interconnect/link-to-store-hub dials 10.1.0.33:55671, but the hub's router is at 10.1.0.40 (hub's LoadBalancer IP)");
            const port = snapshot(SPOKE, "spoke", { ...healthySpoke(), secrets: [linkSecret(HUB, ROUTER_IP, { port: "45671" })] });
            assert.equal(
                checkLinkToken(port, SPOKE_EXPECT, HUB_EXPECT, hub, NS).message,
                "interconnect/link-to-store-hub names port 45671 in inter-router-port; an interior spoke dials 55671",
            );
            const unreachableHub: ClusterSnapshot = { cluster: HUB, role: "hub", access: { ok: false, status: "FAIL", message: "connection refused" } };
            const fallback = checkLinkToken(s, SPOKE_EXPECT, HUB_EXPECT, unreachableHub, NS);
            assert.equal(fallback.status, "OK");
            assert.equal(fallback.message, "interconnect/link-to-store-hub → 10.1.0.33:55671 (configured routerIp; hub not reachable)");
        });

        it("warns when there is no network status yet", () => {
            const s = snapshot(SPOKE, "spoke", { ...healthySpoke(), configMaps: [] });
            const r = checkLinkStatus(s, SPOKE_EXPECT, HUB_EXPECT, hub, NS);
            assert.equal(r.status, "WARN");
            assert.equal(r.message, "no status yet: ConfigMap interconnect/skupper-network-status does not exist");
        });
    });

    describe("NetworkStatus parsing (skupper v1 pkg/network NetworkStatusInfo)", () => {
        const doc = (cm: KubeObj) => parseNetworkStatus((cm.data as Record<string, string>).NetworkStatus);

        it("finds the link from either end, and by router ids", () => {
            const status = doc(networkStatus(SPOKE, HUB, true, ["my-backend"]));
            assert.ok(typeof status !== "string");
            assert.deepEqual(linkBetween(status, SPOKE, HUB), { state: "connected", direction: "outgoing", cost: 1 });
            assert.deepEqual(linkBetween(status, HUB, SPOKE), { state: "connected", direction: "incoming", cost: 1 });
            // Only the hub's side reports the link (the spoke's router status lags): still connected.
            const hubSideOnly = {
                ...status,
                siteStatus: status.siteStatus!.map((s) =>
                    s.site?.name === SPOKE ? { ...s, routerStatus: s.routerStatus!.map((r) => ({ ...r, links: null })) } : s,
                ),
            };
            assert.deepEqual(linkBetween(hubSideOnly, SPOKE, HUB), { state: "connected", direction: "outgoing", cost: 1 });
        });

        it("reports no link, an unknown site, and unreadable documents", () => {
            const lonely = doc(networkStatus(SPOKE, HUB, false));
            assert.ok(typeof lonely !== "string");
            assert.deepEqual(linkBetween(lonely, SPOKE, HUB), { state: "not-connected", reason: "store-hub is not in this site's network status" });
            assert.deepEqual(linkBetween(lonely, "store-9", HUB), { state: "unknown-site", sites: [SPOKE] });
            assert.equal(parseNetworkStatus(""), "the NetworkStatus key is empty");
            assert.match(parseNetworkStatus("{") as string, /^NetworkStatus is not JSON/);
            assert.equal(parseNetworkStatus('{"siteStatus": 3}'), "NetworkStatus.siteStatus is not a list");
            assert.deepEqual(parseNetworkStatus('{"addresses": null, "siteStatus": null}'), { addresses: null, siteStatus: null });
        });
    });

    describe("orchestrator", () => {
        const base = { apiUrl: "https://api.edge.example.com", project: "retail" };

        it("fails a missing network and reports an existing one", () => {
            const missing = checkNetwork({ ...base, network: { ok: true, value: undefined } }, "retail-mesh");
            assert.equal(missing.status, "FAIL");
            assert.equal(missing.message, "network retail-mesh does not exist in project retail");
            assert.match(missing.fix!, /PUT \/v1\/projects\/retail\/networks\/retail-mesh/);
            const present = checkNetwork({ ...base, network: { ok: true, value: { spec: { type: "application-mesh" }, status: {} } } }, "retail-mesh");
            assert.equal(present.message, "retail-mesh exists in project retail (application-mesh)");
            assert.equal(checkNetwork({ ...base, skipped: "no credentials" }, "retail-mesh").status, "SKIP");
        });

        it("fails missing or failing managed-mode deployments", () => {
            const d = (displayName: string, state: string) => ({
                deployId: displayName,
                displayName,
                appName: "skupper",
                appVersion: "0.3.1",
                status: { state },
            });
            const expected = ["dc-hub-loadbalancer", "dc-hub-skupper", "store-1-skupper"];
            const missing = checkDeployments({ ...base, deployments: { ok: true, value: [d("dc-hub-loadbalancer", "RUNNING")] } }, expected);
            assert.equal(missing.message, "2 deployments missing: dc-hub-skupper, store-1-skupper");
            const failing = checkDeployments(
                { ...base, deployments: { ok: true, value: expected.map((n, i) => d(n, i === 1 ? "ERROR" : "RUNNING")) } },
                expected,
            );
            assert.equal(failing.message, "failing: dc-hub-skupper ERROR");
            const ok = checkDeployments({ ...base, deployments: { ok: true, value: expected.map((n) => d(n, "RUNNING")) } }, expected);
            assert.equal(ok.status, "OK");
        });
    });

    describe("text report", () => {
        it("fits 100 columns, wraps fixes under their check and counts statuses", () => {
            const hub = snapshot(HUB, "hub", { ...healthyHub({ routerIp: null, ranges: ["0.0.0.0/0"] }) });
            const spoke = snapshot(SPOKE, "spoke", healthySpoke({ link: false, connected: false }));
            const all = new Map([
                [HUB, hub],
                [SPOKE, spoke],
            ]);
            const results = [...checkCluster(hub, TOPOLOGY, all), ...checkCluster(spoke, TOPOLOGY, all)];
            const summary = summarize(results);
            assert.deepEqual(summary, { OK: 9, FAIL: 5, WARN: 0, SKIP: 1 });
            const report: DoctorReport = {
                stack: "dev",
                network: "retail-mesh",
                siteNamespace: NS,
                timeoutMs: 10_000,
                clusters: [
                    { name: HUB, role: "hub", server: "https://10.0.0.1:6443", elapsedMs: 120 },
                    { name: SPOKE, role: "spoke", server: "https://10.0.0.2:6443", elapsedMs: 80 },
                ],
                results,
                summary,
                exitCode: 1,
            };
            // On a terminal 100 columns wide (the CLI passes the terminal's width).
            const text = renderReport(report, 100);
            const lines = text.trimEnd().split("\n");
            assert.ok(
                lines.every((l) => l.length <= 100),
                lines.find((l) => l.length > 100),
            );
            assert.equal(lines.filter((l) => /^ {28}fix: /.test(l)).length, 5);
            assert.equal(lines[lines.length - 1], "Summary: 9 OK, 5 FAIL, 0 WARN, 1 SKIP");
            // Piped (no terminal width), nothing wraps: each message and fix is one line, whole.
            const piped = renderReport(report).trimEnd().split("\n");
            assert.equal(piped.filter((l) => /^ {28}fix: /.test(l)).length, 5);
            assert.equal(piped.filter((l) => /^ {33}\S/.test(l)).length, 0, "no continuation lines");
            assert.ok(
                piped.some((l) => l.length > 100),
                "long fixes stay whole",
            );
            assert.deepEqual(wrap("aaa bbb ccc", 7), ["aaa bbb", "ccc"]);
            assert.deepEqual(wrap("x".repeat(10), 4), ["xxxx", "xxxx", "xx"]);
        });
    });
});
