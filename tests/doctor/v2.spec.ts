/**
 * `edge-interconnect doctor` on a Skupper v2 network (`network.skupperVersion: v2`),
 * run in-process against one fake Kubernetes API server per cluster that
 * serves the skupper.io/v2alpha1 kinds: exact check ids, statuses, counts
 * and next steps for a healthy hub+spoke and for one fault at a time.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runDoctor } from "../../sdk/cli/doctor";
import { KubeClusterClient, skupperResourceInfo } from "@edge-interconnect/kube-client";
import { checkSiteV2 } from "../../sdk/doctor/checks";
import type { CheckResult, ClusterSnapshot } from "../../sdk/doctor/types";
import type { DoctorReport } from "../../sdk/doctor/run";
import { FakeCluster, FakeClusterState, startFakeCluster } from "./fakeKube";
import { HUB, NS, SPOKE, stackYaml } from "./fixtures";
import { healthyHubV2, healthySpokeV2, linkSecretV2, linkV2, site } from "./fixturesV2";

interface Run {
    code: number;
    stdout: string;
    stderr: string;
}

const HUB_OK = [
    "store-hub kube-api OK",
    "store-hub router-pods OK",
    "store-hub controller OK",
    "store-hub site OK",
    "store-hub router-service OK",
    "store-hub router-ip OK",
    "store-hub source-ranges OK",
    "store-hub exposed-services OK",
];
const SPOKE_OK = [
    "store-1 kube-api OK",
    "store-1 router-pods OK",
    "store-1 controller OK",
    "store-1 site OK",
    "store-1 link-secret OK",
    "store-1 link-status OK",
    "store-1 service-sync OK",
];

const lines = (r: DoctorReport) => r.results.map((x) => `${x.cluster} ${x.id} ${x.status}`);

describe("edge-interconnect doctor on a Skupper v2 network", function () {
    this.timeout(15_000);
    let tmp: string;
    const clusters: FakeCluster[] = [];

    beforeEach(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-v2-"));
    });
    afterEach(async () => {
        await Promise.all(clusters.splice(0).map((c) => c.close()));
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    async function doctor(argv: string[]): Promise<Run> {
        let stdout = "";
        let stderr = "";
        const code = await runDoctor(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {} });
        return { code, stdout, stderr };
    }

    /** Fake hub and spoke, and a v2 stack file naming their kubeconfigs. */
    async function stack(hubState: FakeClusterState, spokeState: FakeClusterState) {
        const hub = await startFakeCluster(hubState);
        const spoke = await startFakeCluster(spokeState);
        clusters.push(hub, spoke);
        hub.writeKubeconfig(tmp, HUB);
        spoke.writeKubeconfig(tmp, SPOKE);
        const file = path.join(tmp, "Pulumi.edge.yaml");
        fs.writeFileSync(
            file,
            stackYaml({ hubKubeconfig: `kubeconfigFile: ${HUB}.kubeconfig`, spokeKubeconfig: `kubeconfigFile: ${SPOKE}.kubeconfig`, skupperVersion: "v2" }),
        );
        return { hub, spoke, file };
    }

    async function report(hubState: FakeClusterState, spokeState: FakeClusterState) {
        const s = await stack(hubState, spokeState);
        const run = await doctor([s.file, "-o", "json"]);
        const r = JSON.parse(run.stdout) as DoctorReport;
        const byId = new Map(r.results.map((x) => [`${x.cluster} ${x.id}`, x]));
        return { ...s, run, report: r, byId };
    }

    it("without a stack file, --skupper-version v2 checks the same v2 objects with the same results", async () => {
        const { hub, spoke } = await stack(healthyHubV2(), healthySpokeV2());
        const flags = ["--kubeconfig", `${HUB}=${path.join(tmp, `${HUB}.kubeconfig`)}`, "--kubeconfig", `${SPOKE}=${path.join(tmp, `${SPOKE}.kubeconfig`)}`];
        const run = await doctor([...flags, "--hub", HUB, "--spoke", `${SPOKE}=${HUB}`, "--skupper-version", "v2", "-o", "json"]);
        assert.equal(run.code, 0, run.stdout + run.stderr);
        const r = JSON.parse(run.stdout) as DoctorReport;
        assert.equal(r.skupperVersion, "v2");
        // No stack: the router's address is not known, so its comparison is skipped, as with v1.
        assert.deepEqual(
            lines(r),
            [...HUB_OK, ...SPOKE_OK].map((l) => (l === `${HUB} router-ip OK` ? `${HUB} router-ip SKIP` : l)),
        );
        assert.ok(hub.requests.some((q) => q.path === "/apis/skupper.io/v2alpha1/namespaces/interconnect/sites"));
        assert.ok(spoke.requests.some((q) => q.path.startsWith("/apis/skupper.io/v2alpha1/namespaces/interconnect/links")));
        // Usage errors (exit code 2 at the command line) reach an in-process caller as UsageError.
        await assert.rejects(doctor([...flags, "--hub", HUB, "--skupper-version", "v3"]), {
            name: "UsageError",
            message: '--skupper-version must be v1 or v2, got "v3"',
        });
        await assert.rejects(doctor([path.join(tmp, "Pulumi.edge.yaml"), "--skupper-version", "v2"]), {
            name: "UsageError",
            message: "--skupper-version is for use without a stack file; the stack's network.skupperVersion applies",
        });
    });

    it("passes a healthy v2 hub and spoke: every check OK, exit 0, and reads the v2 objects, not v1's", async () => {
        const { run, report: r, byId, hub, spoke } = await report(healthyHubV2(), healthySpokeV2());
        assert.equal(run.code, 0, run.stdout);
        assert.deepEqual(lines(r), [...HUB_OK, ...SPOKE_OK]);
        assert.deepEqual(r.summary, { OK: 15, FAIL: 0, WARN: 0, SKIP: 0 });
        assert.equal(r.skupperVersion, "v2");
        const msg = (k: string) => byId.get(k)!.message;
        assert.equal(msg(`${HUB} controller`), "Deployment skupper/skupper-controller 1/1 available");
        assert.equal(msg(`${HUB} site`), "Site interconnect/store-hub Ready, 2 sites in the network");
        assert.equal(msg(`${HUB} exposed-services`), "Connector interconnect/my-backend, Connector interconnect/payments Ready");
        assert.equal(msg(`${SPOKE} link-secret`), "interconnect/link-to-store-hub (kubernetes.io/tls: ca.crt, tls.crt, tls.key)");
        assert.equal(msg(`${SPOKE} link-status`), "Link interconnect/link-to-store-hub Operational: linked to site store-hub");
        assert.equal(msg(`${SPOKE} service-sync`), "Listener interconnect/my-backend, Listener interconnect/payments Ready (from store-hub)");
        // What was asked: the v2 kinds and the controller in `skupper`; no v1 site controller, token Secrets or network-status ConfigMap.
        const paths = (c: FakeCluster) => [...new Set(c.requests.map((q) => q.path + q.query))].sort();
        assert.deepEqual(paths(hub), [
            "/api/v1/namespaces/interconnect/pods",
            "/api/v1/namespaces/interconnect/services",
            "/api/v1/namespaces/interconnect/services/skupper-router",
            "/apis/apps/v1/namespaces/skupper/deployments/skupper-controller",
            "/apis/skupper.io/v2alpha1/namespaces/interconnect/connectors",
            "/apis/skupper.io/v2alpha1/namespaces/interconnect/sites",
            "/version",
        ]);
        assert.deepEqual(paths(spoke), [
            "/api/v1/namespaces/interconnect/pods",
            "/api/v1/namespaces/interconnect/secrets/link-to-store-hub",
            "/api/v1/namespaces/interconnect/services",
            "/apis/apps/v1/namespaces/skupper/deployments/skupper-controller",
            "/apis/skupper.io/v2alpha1/namespaces/interconnect/links",
            "/apis/skupper.io/v2alpha1/namespaces/interconnect/listeners",
            "/apis/skupper.io/v2alpha1/namespaces/interconnect/sites",
            "/version",
        ]);
        // The Secret's key material never reaches the report.
        assert.equal(run.stdout.includes("BEGIN"), false);
    });

    it("prints the same text report shape, naming Skupper v2 above the clusters", async () => {
        const { file } = await stack(healthyHubV2(), healthySpokeV2());
        const run = await doctor([file]);
        assert.equal(run.code, 0);
        const out = run.stdout.split("\n");
        assert.equal(out[0], 'Doctor for stack "edge": network retail-mesh, 1 hub(s), 1 spoke(s), site namespace interconnect');
        assert.equal(out[2], "Clusters (Skupper v2, budget 10s each)");
        assert.ok(out.includes("  OK    site              Site interconnect/store-1 Ready, 2 sites in the network"), run.stdout);
        assert.equal(out.filter((l) => l.startsWith("Summary:")).join(), "Summary: 15 OK, 0 FAIL, 0 WARN, 0 SKIP");
    });

    it("fails a Site that is not Ready, with the condition's reason and a next step", async () => {
        const notConfigured = site(HUB, { hub: true, failing: { type: "Configured", reason: "Error", message: "secret skupper-site-ca has no tls.key" } });
        const { run, report: r, byId } = await report(healthyHubV2({ site: notConfigured }), healthySpokeV2());
        assert.equal(run.code, 1);
        const s = byId.get(`${HUB} site`)!;
        assert.deepEqual(
            [s.status, s.message, s.fix],
            [
                "FAIL",
                "Site interconnect/store-hub not Ready: Configured False (Error: secret skupper-site-ca has no tls.key)",
                "kubectl -n skupper logs deploy/skupper-controller; kubectl -n interconnect describe sites.skupper.io store-hub",
            ],
        );
        assert.deepEqual(r.summary, { OK: 14, FAIL: 1, WARN: 0, SKIP: 0 });
    });

    it("fails a Link that is not Operational, pointing at reachability and the router log", async () => {
        const down = linkV2(undefined, { reason: "Error", message: "connection refused" });
        const { run, report: r, byId } = await report(healthyHubV2({ matched: false }), healthySpokeV2({ link: down, matched: false }));
        assert.equal(run.code, 1);
        const l = byId.get(`${SPOKE} link-status`)!;
        assert.equal(l.status, "FAIL");
        assert.equal(l.message, "Link interconnect/link-to-store-hub not Operational: Operational False (Error: connection refused)");
        assert.equal(
            l.fix,
            "10.1.0.33:55671 must be reachable from store-1 (the hub's allowedSourceRanges must include its egress); read the router log: kubectl -n interconnect logs deploy/skupper-router -c router",
        );
        // Its consequences are WARNs naming the check to fix first, not more FAILs.
        assert.deepEqual(
            [byId.get(`${SPOKE} service-sync`)!.status, byId.get(`${SPOKE} service-sync`)!.fix],
            ["WARN", "the Listeners match once the link is up: fix link-status first"],
        );
        assert.deepEqual(
            [byId.get(`${HUB} exposed-services`)!.status, byId.get(`${HUB} exposed-services`)!.fix],
            ["WARN", "see link-status and service-sync on the spokes"],
        );
        assert.deepEqual(r.summary, { OK: 12, FAIL: 1, WARN: 2, SKIP: 0 });
    });

    it("fails a missing Listener on the spoke, naming it", async () => {
        const { run, report: r, byId } = await report(healthyHubV2({ matched: false }), healthySpokeV2({ listeners: ["my-backend"] }));
        assert.equal(run.code, 1);
        const s = byId.get(`${SPOKE} service-sync`)!;
        assert.deepEqual(
            [s.status, s.message, s.fix],
            [
                "FAIL",
                "no Listener interconnect/payments for store-hub's exposed service",
                "pulumi up creates them (SpokeCluster, skupperVersion v2); check with kubectl -n interconnect get listeners.skupper.io",
            ],
        );
        assert.equal(byId.get(`${HUB} exposed-services`)!.status, "WARN");
        assert.deepEqual(r.summary, { OK: 13, FAIL: 1, WARN: 1, SKIP: 0 });
    });

    it("fails a pending LoadBalancer IP once, on router-service, and the Site and Link wait for it", async () => {
        const down = linkV2(undefined, { reason: "Error", message: "dial tcp 10.1.0.33:55671: i/o timeout" });
        const { run, report: r, byId } = await report(healthyHubV2({ routerIp: null, matched: false }), healthySpokeV2({ link: down, matched: false }));
        assert.equal(run.code, 1);
        const svc = byId.get(`${HUB} router-service`)!;
        assert.deepEqual([svc.status, svc.message], ["FAIL", "LoadBalancer IP of interconnect/skupper-router is pending (asked for 10.1.0.33)"]);
        assert.match(svc.fix!, /^check MetalLB: pool, L2Advertisement, controller logs/);
        const s = byId.get(`${HUB} site`)!;
        assert.deepEqual(
            [s.status, s.message, s.fix],
            [
                "WARN",
                "Site interconnect/store-hub not Ready: Resolved False (Pending: No addresses for link access); waits for the router's LoadBalancer address",
                "the controller resolves the Site once its router has an address: fix router-service first",
            ],
        );
        const l = byId.get(`${SPOKE} link-status`)!;
        assert.deepEqual([l.status, l.fix], ["WARN", "the hub's router has no LoadBalancer address yet: fix router-service on store-hub first"]);
        assert.deepEqual(
            lines(r).filter((x) => !x.endsWith(" OK")),
            [
                "store-hub site WARN",
                "store-hub router-service FAIL",
                "store-hub router-ip SKIP",
                "store-hub exposed-services WARN",
                "store-1 link-status WARN",
                "store-1 service-sync WARN",
            ],
        );
        assert.deepEqual(r.summary, { OK: 9, FAIL: 1, WARN: 4, SKIP: 1 });
    });

    it("fails a Link Secret that is not kubernetes.io/tls, and the Link waits for it", async () => {
        const down = linkV2(undefined, { reason: "Error", message: "secret link-to-store-hub: no tls.key" });
        const { report: r, byId } = await report(healthyHubV2(), healthySpokeV2({ link: down, secret: linkSecretV2({ type: "Opaque", keys: ["tls.crt"] }) }));
        const s = byId.get(`${SPOKE} link-secret`)!;
        assert.deepEqual(
            [s.status, s.message, s.fix],
            [
                "FAIL",
                "Secret interconnect/link-to-store-hub: type Opaque, not kubernetes.io/tls; no ca.crt, tls.key",
                "pulumi up writes it (SpokeCluster: a client certificate signed by store-hub's site CA)",
            ],
        );
        assert.deepEqual(
            [byId.get(`${SPOKE} link-status`)!.status, byId.get(`${SPOKE} link-status`)!.fix],
            ["WARN", "fix link-secret first: the router links once it has its certificate"],
        );
        assert.deepEqual(r.summary, { OK: 13, FAIL: 1, WARN: 1, SKIP: 0 });
    });

    it("fails a cluster without the skupper.io CRDs once per kind it reads, and a missing controller", async () => {
        const bare: FakeClusterState = { ...healthySpokeV2(), skupperCrds: false, deployments: [] };
        const { report: r, byId } = await report(healthyHubV2(), bare);
        const spoke = r.results.filter((x) => x.cluster === SPOKE).map((x) => `${x.id} ${x.status}`);
        assert.deepEqual(spoke, ["kube-api OK", "router-pods OK", "controller FAIL", "site FAIL", "link-secret SKIP", "link-status FAIL", "service-sync FAIL"]);
        assert.equal(byId.get(`${SPOKE} site`)!.message, "the API server does not know Site (skupper.io/v2alpha1): the Skupper v2 CRDs are not installed");
        assert.equal(byId.get(`${SPOKE} controller`)!.message, "Deployment skupper-controller not found in skupper");
    });

    it("names RBAC for skupper.io kinds it may not list, and refuses a Site whose conditions have no type", async () => {
        const spoke: FakeClusterState = { ...healthySpokeV2(), forbidden: [`/apis/skupper.io/v2alpha1/namespaces/${NS}/links`] };
        const broken = site(HUB, { hub: true });
        (broken.status as { conditions: object[] }).conditions.push({
            status: "True",
            reason: "Ready",
            message: "no type",
            lastTransitionTime: "2026-06-30T08:12:41Z",
        });
        const { run, byId } = await report(healthyHubV2({ site: broken }), spoke);
        assert.equal(run.code, 1);
        const s = byId.get(`${HUB} site`)!;
        assert.deepEqual(
            [s.status, s.message],
            [
                "FAIL",
                "cannot read Sites in interconnect: unexpected answer for Sites in interconnect: Site[0].status.conditions has an entry without a string type and status",
            ],
        );
        const l = byId.get(`${SPOKE} link-status`)!;
        assert.equal(l.status, "FAIL");
        assert.match(l.message, /^cannot read Links in interconnect: HTTP 403: links is forbidden: /);
        assert.equal(
            l.fix,
            "the kubeconfig's user needs get/list on pods, services and secrets and on skupper.io sites, links, connectors and listeners in the site namespace, and get on deployments in skupper",
        );
        // One FAIL for the unreadable Links: the Secret they would name is not looked for.
        assert.deepEqual(
            [byId.get(`${SPOKE} link-secret`)!.status, byId.get(`${SPOKE} link-secret`)!.message],
            ["SKIP", "no Links to read the Secret of (see link-status)"],
        );
    });
});

describe("@edge-interconnect/kube-client KubeClusterClient: Skupper v2 reads", () => {
    let cluster: FakeCluster;
    before(async () => {
        cluster = await startFakeCluster(healthySpokeV2({ link: linkV2(undefined, { reason: "Error", message: "connection refused" }) }));
    });
    after(() => cluster.close());

    it("lists skupper.io resources reduced to the fields doctor reads, and one Secret without its values", async () => {
        const client = new KubeClusterClient({ kubeconfig: { kind: "yaml", text: cluster.kubeconfig() } });
        const links = await client.listSkupperResources(NS, "links");
        assert.deepEqual(links, [
            {
                metadata: {
                    name: "link-to-store-hub",
                    namespace: NS,
                    labels: { "app.kubernetes.io/managed-by": "pulumi-edge-interconnect", "app.kubernetes.io/component": "skupper-link" },
                    annotations: {},
                },
                spec: {
                    tlsCredentials: "link-to-store-hub",
                    endpoints: [
                        { name: "inter-router", host: "10.1.0.33", port: "55671" },
                        { name: "edge", host: "10.1.0.33", port: "45671" },
                    ],
                },
                status: {
                    status: "Pending",
                    message: "connection refused",
                    conditions: [
                        { type: "Configured", status: "True", reason: "Ready", message: "OK" },
                        { type: "Operational", status: "False", reason: "Error", message: "connection refused" },
                        { type: "Ready", status: "False", reason: "Error", message: "connection refused" },
                    ],
                },
            },
        ]);
        assert.deepEqual(
            (await client.listSkupperResources(NS, "sites"))!.map((x) => [x.metadata.name, x.status.sitesInNetwork, x.status.conditions.length]),
            [["store-1", 2, 4]],
        );
        const secret = await client.getSecret(NS, "link-to-store-hub");
        assert.deepEqual(secret, {
            metadata: { name: "link-to-store-hub", namespace: NS, labels: { "app.kubernetes.io/component": "skupper-link" }, annotations: {} },
            type: "kubernetes.io/tls",
            dataKeys: ["ca.crt", "tls.crt", "tls.key"],
        });
        assert.equal(await client.getSecret(NS, "absent"), undefined);
        // Without the CRDs the API server answers 404 for the kind: undefined, which the checks call "CRDs not installed".
        cluster.state.skupperCrds = false;
        assert.equal(await client.listSkupperResources(NS, "listeners"), undefined);
        cluster.state.skupperCrds = true;
    });
});

describe("checkSiteV2: a Site's trouble that another check already reports", () => {
    const ok = (id: string): CheckResult => ({ id, cluster: SPOKE, status: "OK", message: "" });
    const failed = (id: string): CheckResult => ({ id, cluster: SPOKE, status: "FAIL", message: "", fix: "x" });
    const snapshot = (s: object): ClusterSnapshot => ({
        cluster: SPOKE,
        role: "spoke",
        access: { ok: true },
        sites: { ok: true, value: [skupperResourceInfo(s)] },
    });
    const running = site(SPOKE, { failing: { type: "Running", reason: "Pending", message: "No router pod is ready" } });

    it("a Site without status is a FAIL, or a WARN when the controller check failed", () => {
        const bare = snapshot(site(SPOKE, { noStatus: true }));
        assert.deepEqual(checkSiteV2(bare, NS, { routerPods: ok("router-pods"), controller: ok("controller") }), {
            id: "site",
            cluster: SPOKE,
            status: "FAIL",
            message: "Site interconnect/store-1 has no status: the controller has not processed it",
            fix: "kubectl -n skupper logs deploy/skupper-controller",
        });
        assert.deepEqual(
            [checkSiteV2(bare, NS, { routerPods: ok("router-pods"), controller: failed("controller") })].map((r) => [r.status, r.fix]),
            [["WARN", "fix controller first"]],
        );
    });

    it("Running False is a FAIL, or a WARN when router-pods failed", () => {
        const r = checkSiteV2(snapshot(running), NS, { routerPods: ok("router-pods"), controller: ok("controller") });
        assert.deepEqual(
            [r.status, r.message, r.fix],
            [
                "FAIL",
                "Site interconnect/store-1 not Ready: Running False (Pending: No router pod is ready)",
                "kubectl -n interconnect describe deploy/skupper-router; kubectl -n skupper logs deploy/skupper-controller",
            ],
        );
        const w = checkSiteV2(snapshot(running), NS, { routerPods: failed("router-pods"), controller: ok("controller") });
        assert.deepEqual([w.status, w.fix], ["WARN", "fix router-pods first"]);
    });
});
