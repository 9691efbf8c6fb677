/**
 * `edge-interconnect doctor` run in-process (`runDoctor(argv, io)`) against
 * one fake Kubernetes API server per cluster and the local orchestrator:
 * exact statuses per check, exit codes, the time bound with an unreachable
 * or silent cluster, and usage errors.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { OrchestratorClient } from "../../provider/orchestrator/client";
import { OrchestratorServer, createOrchestratorServer } from "../../tools/local-orchestrator";
import { runDoctor } from "../../sdk/cli/doctor";
import { UsageError } from "../../sdk/cli/usage";
import type { DoctorReport } from "../../sdk/doctor/run";
import { FakeCluster, FakeClusterState, closedPort, kubeconfigFor, startFakeCluster } from "./fakeKube";
import { HUB, SPOKE, healthyHub, healthySpoke, stackYaml } from "./fixtures";

interface Run {
    code: number;
    stdout: string;
    stderr: string;
    ms: number;
}

async function doctor(argv: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<Run> {
    let stdout = "";
    let stderr = "";
    const started = Date.now();
    const code = await runDoctor(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env, cwd });
    return { code, stdout, stderr, ms: Date.now() - started };
}

async function usageError(argv: string[], cwd?: string): Promise<string> {
    try {
        await doctor(argv, {}, cwd);
    } catch (e) {
        assert.ok(e instanceof UsageError, String(e));
        assert.equal(e.message.includes("\n"), false);
        return e.message;
    }
    assert.fail("expected a usage error");
}

/** `cluster id status` for every result. */
function lines(report: DoctorReport): string[] {
    return report.results.map((r) => `${r.cluster} ${r.id} ${r.status}`);
}

const HUB_OK = [
    "store-hub kube-api OK",
    "store-hub router-pods OK",
    "store-hub service-controller OK",
    "store-hub site-controller OK",
    "store-hub router-service OK",
    "store-hub router-ip OK",
    "store-hub source-ranges OK",
    "store-hub exposed-services OK",
];
const SPOKE_OK = [
    "store-1 kube-api OK",
    "store-1 router-pods OK",
    "store-1 service-controller OK",
    "store-1 site-controller OK",
    "store-1 link-token OK",
    "store-1 link-status OK",
    "store-1 service-sync OK",
];

describe("edge-interconnect doctor", function () {
    this.timeout(15_000);
    let orchestrator: OrchestratorServer;
    let token: string;
    let tmp: string;
    const clusters: FakeCluster[] = [];

    before(async () => {
        orchestrator = await createOrchestratorServer({ users: [{ username: "doctor", password: "doctor-pass-5521" }] });
        token = await orchestrator.issueToken({ username: "doctor" });
        const client = new OrchestratorClient({ apiUrl: orchestrator.url, token });
        await client.putNetwork("sample-project", "retail-mesh", { description: "doctor tests", type: "application-mesh" });
    });
    after(() => orchestrator.close());
    beforeEach(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-"));
    });
    afterEach(async () => {
        await Promise.all(clusters.splice(0).map((c) => c.close()));
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    /** Fake hub and spoke, their kubeconfigs next to a stack file that names them relatively. */
    async function stack(hubState: FakeClusterState, spokeState: FakeClusterState, opts: { orchestrator?: boolean; allowPublicExposure?: boolean } = {}) {
        const hub = await startFakeCluster(hubState);
        const spoke = await startFakeCluster(spokeState);
        clusters.push(hub, spoke);
        hub.writeKubeconfig(tmp, HUB);
        spoke.writeKubeconfig(tmp, SPOKE);
        const file = path.join(tmp, "Pulumi.edge.yaml");
        fs.writeFileSync(
            file,
            stackYaml({
                orchestrator: opts.orchestrator ? { apiUrl: orchestrator.url, keycloakUrl: orchestrator.keycloakUrl } : undefined,
                hubKubeconfig: `kubeconfigFile: ${HUB}.kubeconfig`,
                spokeKubeconfig: `kubeconfigFile: ${SPOKE}.kubeconfig`,
                allowPublicExposure: opts.allowPublicExposure,
            }),
        );
        return { hub, spoke, file };
    }

    async function report(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ run: Run; report: DoctorReport }> {
        const run = await doctor([...argv, "-o", "json"], env);
        return { run, report: JSON.parse(run.stdout) as DoctorReport };
    }

    it("passes a healthy hub and spoke and the orchestrator's network: all OK, exit 0", async () => {
        const { file, hub, spoke } = await stack(healthyHub(), healthySpoke(), { orchestrator: true });
        // Relative kubeconfigFile paths start at the stack file's folder, not at the working directory.
        const run = await doctor([file], { EDGE_ORCH_TOKEN: token }, os.tmpdir());
        assert.equal(run.code, 0, run.stdout);
        const out = run.stdout.trimEnd().split("\n");
        assert.ok(
            out.every((l) => l.length <= 100),
            out.find((l) => l.length > 100),
        );
        assert.equal(out[0], 'Doctor for stack "edge": network retail-mesh, 1 hub(s), 1 spoke(s), site namespace interconnect');
        assert.equal(out[out.length - 1], "Summary: 16 OK, 0 FAIL, 0 WARN, 0 SKIP");
        assert.ok(
            out.some((l) => new RegExp(`^  ${HUB}  hub    \\d+\\.\\ds  ${hub.url}$`).test(l)),
            run.stdout,
        );
        assert.match(run.stdout, /\n {2}OK {4}network {13}retail-mesh exists in project sample-project \(application-mesh\)\n/);
        assert.equal(run.stdout.includes("fix:"), false);
        assert.match(run.stderr, new RegExp(`· ${HUB}: asking ${hub.url} \\(hub, budget 10s\\)`));
        assert.match(run.stderr, new RegExp(`· ${SPOKE}: asking ${spoke.url} \\(spoke, budget 10s\\)`));
        assert.equal(run.stderr.includes("Summary"), false, "the report goes to stdout only");

        const json = await report([file], { EDGE_ORCH_TOKEN: token });
        assert.deepEqual(lines(json.report), ["orchestrator network OK", ...HUB_OK, ...SPOKE_OK]);
        assert.deepEqual(json.report.summary, { OK: 16, FAIL: 0, WARN: 0, SKIP: 0 });
        assert.equal(json.report.exitCode, 0);
        assert.deepEqual(
            json.report.clusters.map((c) => [c.name, c.role, c.server]),
            [
                [HUB, "hub", hub.url],
                [SPOKE, "spoke", spoke.url],
            ],
        );
        // Every call carried the kubeconfig's token; nothing but reads.
        assert.ok([...hub.requests, ...spoke.requests].every((r) => r.authorized && r.method === "GET"));
        assert.equal(run.stdout.includes("SECRET-KEY") || json.run.stdout.includes("SECRET-KEY"), false);
    });

    it("fails the orchestrator check when the network is gone, and skips it without credentials", async () => {
        const { file } = await stack(healthyHub(), healthySpoke(), { orchestrator: true });
        const client = new OrchestratorClient({ apiUrl: orchestrator.url, token });
        await client.deleteNetwork("sample-project", "retail-mesh");
        try {
            const gone = await report([file], { EDGE_ORCH_TOKEN: token });
            assert.equal(gone.run.code, 1);
            const r = gone.report.results[0];
            assert.deepEqual(
                [r.cluster, r.id, r.status, r.message],
                ["orchestrator", "network", "FAIL", "network retail-mesh does not exist in project sample-project"],
            );
            assert.deepEqual(gone.report.summary, { OK: 15, FAIL: 1, WARN: 0, SKIP: 0 });
            const anonymous = await report([file]);
            assert.equal(anonymous.run.code, 0);
            assert.equal(anonymous.report.results[0].status, "SKIP");
            assert.match(anonymous.report.results[0].message, /set EDGE_ORCH_TOKEN, or EDGE_ORCH_USERNAME and EDGE_ORCH_PASSWORD/);
        } finally {
            await client.putNetwork("sample-project", "retail-mesh", { description: "doctor tests", type: "application-mesh" });
        }
    });

    it("fails a spoke without a link, each FAIL with a next step", async () => {
        const { file } = await stack(healthyHub(), healthySpoke({ link: false, connected: false }));
        const { run, report: r } = await report([file]);
        assert.equal(run.code, 1);
        assert.deepEqual(lines(r), [
            ...HUB_OK,
            "store-1 kube-api OK",
            "store-1 router-pods OK",
            "store-1 service-controller OK",
            "store-1 site-controller OK",
            "store-1 link-token FAIL",
            "store-1 link-status FAIL",
            "store-1 service-sync FAIL",
        ]);
        assert.deepEqual(r.summary, { OK: 12, FAIL: 3, WARN: 0, SKIP: 0 });
        const failed = r.results.filter((x) => x.status === "FAIL");
        assert.ok(failed.every((x) => x.fix && x.fix.length > 20));
        assert.equal(
            failed[0].fix,
            "pulumi up creates it (SpokeCluster, signed by store-hub's site CA); check with kubectl -n interconnect get secret -l skupper.io/type=connection-token",
        );
    });

    it("fails a hub whose LoadBalancer IP is still pending, pointing at MetalLB", async () => {
        const { file } = await stack(healthyHub({ routerIp: null }), healthySpoke({ connected: false }));
        const { run, report: r } = await report([file]);
        assert.equal(run.code, 1);
        const byId = new Map(r.results.map((x) => [`${x.cluster} ${x.id}`, x]));
        const svc = byId.get(`${HUB} router-service`)!;
        assert.deepEqual([svc.status, svc.message], ["FAIL", "LoadBalancer IP of interconnect/skupper-router is pending (asked for 10.1.0.33)"]);
        assert.match(svc.fix!, /^check MetalLB: pool, L2Advertisement, controller logs/);
        assert.equal(byId.get(`${HUB} router-ip`)!.status, "SKIP");
        const token = byId.get(`${SPOKE} link-token`)!;
        assert.deepEqual(
            [token.status, token.message],
            ["OK", "interconnect/link-to-store-hub → 10.1.0.33:55671 (configured routerIp; the hub has no IP yet)"],
        );
        assert.equal(byId.get(`${SPOKE} link-status`)!.fix, "the hub's router has no LoadBalancer address yet: fix router-service on store-hub first");
        assert.deepEqual(r.summary, { OK: 11, FAIL: 3, WARN: 0, SKIP: 1 });
    });

    it("fails crash-looping router pods with the waiting reason", async () => {
        const { file } = await stack(healthyHub({ crashLoop: 12 }), healthySpoke());
        const { run, report: r } = await report([file]);
        assert.equal(run.code, 1);
        const pods = r.results.find((x) => x.cluster === HUB && x.id === "router-pods")!;
        assert.equal(pods.status, "FAIL");
        assert.match(pods.message, /^pod skupper-router-7c9d8b6f5-\w{5}: container router CrashLoopBackOff \(12 restarts; last exit: Error, code 1\)$/);
        assert.match(pods.fix!, /logs skupper-router-7c9d8b6f5-\w{5} -c router --previous/);
        assert.deepEqual(r.summary, { OK: 14, FAIL: 1, WARN: 0, SKIP: 0 });
    });

    it("fails a router open to 0.0.0.0/0", async () => {
        const { file } = await stack(healthyHub({ ranges: ["0.0.0.0/0"] }), healthySpoke());
        const { run, report: r } = await report([file]);
        assert.equal(run.code, 1);
        const ranges = r.results.find((x) => x.id === "source-ranges")!;
        assert.deepEqual([ranges.status, ranges.message], ["FAIL", "router is open to 0.0.0.0/0"]);
        assert.match(
            ranges.fix!,
            /pulumi up re-applies allowedSourceRanges \(10\.2\.0\.0\/16, 10\.3\.0\.0\/16\), or kubectl -n interconnect patch svc skupper-router/,
        );
        assert.deepEqual(r.summary, { OK: 14, FAIL: 1, WARN: 0, SKIP: 0 });
    });

    it("reports an unreachable cluster within the time bound and still checks the other one", async () => {
        const { file } = await stack(healthyHub(), healthySpoke());
        const port = await closedPort();
        const dead = path.join(tmp, "dead.kubeconfig");
        fs.writeFileSync(dead, kubeconfigFor(`http://127.0.0.1:${port}`, SPOKE));
        const { run, report: r } = await report([file, "--kubeconfig", `${SPOKE}=${dead}`, "--timeout", "2s"]);
        assert.equal(run.code, 1);
        assert.ok(run.ms < 2000, `took ${run.ms} ms`);
        assert.deepEqual(lines(r), [...HUB_OK, "store-1 kube-api FAIL"]);
        const api = r.results[r.results.length - 1];
        assert.equal(api.message, `http://127.0.0.1:${port}: connection refused`);
        assert.match(api.fix!, /check that this machine reaches http:\/\/127\.0\.0\.1:\d+ \(VPN, firewall\)/);
        assert.deepEqual(r.summary, { OK: 8, FAIL: 1, WARN: 0, SKIP: 0 });
    });

    it("bounds a cluster that accepts connections but never answers by --timeout", async () => {
        const silent = await startFakeCluster({}, { hang: true });
        clusters.push(silent);
        const { file } = await stack(healthyHub(), healthySpoke());
        const hung = path.join(tmp, "hung.kubeconfig");
        fs.writeFileSync(hung, kubeconfigFor(silent.url, HUB));
        const { run, report: r } = await report([file, "--kubeconfig", `${HUB}=${hung}`, "--timeout", "1s"]);
        assert.equal(run.code, 1);
        assert.ok(run.ms >= 1000 && run.ms < 2000, `took ${run.ms} ms (bound 1s)`);
        assert.deepEqual(lines(r), ["store-hub kube-api FAIL", ...SPOKE_OK]);
        assert.equal(r.results[0].message, `no answer from ${silent.url} within 1s`);
        // The spoke is compared with the configured routerIp when its hub cannot be asked.
        assert.equal(
            r.results.find((x) => x.id === "link-token")!.message,
            "interconnect/link-to-store-hub → 10.1.0.33:55671 (configured routerIp; hub not reachable)",
        );
        assert.equal(silent.requests.length, 1, "one probe, then nothing more to a silent cluster");
    });

    it("cannot read a secret kubeconfig offline, and takes --kubeconfig instead", async () => {
        const { file, hub } = await stack(healthyHub(), healthySpoke());
        fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(`kubeconfigFile: ${HUB}.kubeconfig`, "kubeconfig: { secure: v1:Zm9vYmFyYmF6cXV4 }"));
        const secret = await report([file]);
        assert.equal(secret.run.code, 1);
        const api = secret.report.results[0];
        assert.deepEqual(
            [api.cluster, api.id, api.status, api.message],
            [HUB, "kube-api", "FAIL", "kubeconfig is a Pulumi secret; pass --kubeconfig NAME=FILE"],
        );
        assert.equal(api.fix, "pulumi config get --path 'edge-interconnect:hubs[0].kubeconfig' > FILE, then --kubeconfig store-hub=FILE");
        assert.deepEqual(secret.report.summary, { OK: 7, FAIL: 1, WARN: 0, SKIP: 0 });
        const file2 = path.join(tmp, "hub-admin.yaml");
        fs.writeFileSync(file2, kubeconfigFor(hub.url, HUB));
        const given = await report([file, "--kubeconfig", `${HUB}=${file2}`]);
        assert.equal(given.run.code, 0);
        assert.deepEqual(given.report.summary, { OK: 15, FAIL: 0, WARN: 0, SKIP: 0 });
    });

    it("checks clusters given only on the command line, discovering what the hub exposes", async () => {
        const hub = await startFakeCluster(healthyHub());
        const spoke = await startFakeCluster(healthySpoke());
        clusters.push(hub, spoke);
        const hubFile = hub.writeKubeconfig(tmp, HUB);
        const spokeFile = spoke.writeKubeconfig(tmp, SPOKE);
        const { run, report: r } = await report([
            "--kubeconfig",
            `${HUB}=${hubFile}`,
            "--kubeconfig",
            `${SPOKE}=${spokeFile}`,
            "--hub",
            HUB,
            "--spoke",
            `${SPOKE}=${HUB}`,
        ]);
        assert.equal(run.code, 0);
        assert.equal(r.stack, undefined);
        assert.deepEqual(lines(r), [...HUB_OK.map((l) => (l === "store-hub router-ip OK" ? "store-hub router-ip SKIP" : l)), ...SPOKE_OK]);
        assert.equal(r.results.find((x) => x.id === "exposed-services")!.message, "exposes my-backend, payments");
        assert.equal(r.results.find((x) => x.id === "service-sync")!.message, "interconnect/my-backend, interconnect/payments present (from store-hub)");
        const text = await doctor(["--kubeconfig", `${HUB}=${hubFile}`, "--hub", HUB]);
        assert.match(text.stdout, /^Doctor for the given clusters: 1 hub\(s\), 0 spoke\(s\), site namespace interconnect\n/);
    });

    it("refuses bad command lines and configurations with one line (exit code 2)", async () => {
        const { file } = await stack(healthyHub(), healthySpoke());
        assert.equal(await usageError([file, "--timeout", "forever"]), '--timeout must be a duration from 100ms to 600s such as 10s, got "forever"');
        assert.equal(await usageError(["--kubeconfig", "a=x", "--hub", "a", "--spoke", "b"]), "--spoke b: expected NAME=HUB");
        assert.equal(await usageError(["--kubeconfig", "a=x", "--spoke", "a=h"]), '--spoke a=h: "h" is not given with --hub');
        assert.equal(await usageError(["--hub", "a"]), "a: no kubeconfig; pass --kubeconfig a=FILE or --context a=CONTEXT");
        assert.equal(
            await usageError(["--kubeconfig", "a=x", "--kubeconfig", "b=y", "--hub", "a"]),
            "--kubeconfig b=…: say its role with --hub b or --spoke b=HUB",
        );
        assert.equal(
            await usageError([file, "--kubeconfig", "store-9=x"]),
            '--kubeconfig store-9=…: "store-9" is not a hub or spoke of stack "edge" (members: store-hub, store-1)',
        );
        assert.equal(await usageError([file, "--hub", HUB]), "--hub and --spoke describe clusters without a stack file; the stack file already says the roles");
        assert.match(await usageError([path.join(tmp, "Pulumi.none.yaml")]), /Pulumi\.none\.yaml: no such file or folder$/);
        fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("routerIp: 10.1.0.33", "routerIp: 10.1.0.99"));
        assert.match(
            await usageError([file], tmp),
            /^Pulumi\.edge\.yaml: edge-interconnect:hubs\[0\]\.loadBalancer\.routerIp: 10\.1\.0\.99 is not an address of the pool/,
        );
        assert.equal(await usageError(["--bogus"]), `unknown option '--bogus'; run "edge-interconnect doctor --help"`);
        const help = await doctor(["--help"]);
        assert.equal(help.code, 0);
        assert.match(help.stdout, /^Usage: edge-interconnect doctor \[options\] \[stack\]\n/);
        assert.ok(help.stdout.split("\n").every((l) => l.length <= 100));
    });
});
