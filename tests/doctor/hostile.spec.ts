/**
 * `edge-interconnect doctor` against hostile or broken API servers and
 * orchestrators, generated per class: each object doctor reads × each kind
 * of bad answer (an HTML page, a list that is no list, wrong-typed fields,
 * terminal escape sequences in names and messages). Every case must end in a
 * report (no exception), FAIL the check that read the object with one clear
 * line, and print nothing a terminal would act on. An exec credential plugin
 * that never returns is bounded by the cluster's deadline.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { runDoctor } from "../../sdk/cli/doctor";
import type { DoctorReport } from "../../sdk/doctor/run";
import { checkNetwork } from "../../sdk/doctor/checks";
import { networkObjectProblem, deploymentsProblem } from "../../sdk/doctor/shape";
import { FakeCluster, kubeconfigFor, startFakeCluster, TOKEN } from "./fakeKube";
import { HUB, SPOKE, healthyHub, healthySpoke, stackYaml } from "./fixtures";

/** Bytes a terminal acts on: C0 controls other than newline, DEL, C1. */
const TERMINAL_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
const EVIL = "evil\u001b]0;pwned\u0007\u001b[2J\u001b[31mRED\r\nOK    fake-line\u009b1m";

type Json = any;
/** How a hostile server changes a healthy answer (`body` is the parsed JSON). */
type Mutation = { label: string; apply: (body: Json) => { status?: number; type?: string; raw?: string; body?: Json } };

const MUTATIONS: Mutation[] = [
    { label: "an HTML page", apply: () => ({ type: "text/html", raw: "<!doctype html><html><body>Sign in to the proxy</body></html>" }) },
    { label: "HTML announced as JSON", apply: () => ({ raw: "<html><body>502 Bad Gateway</body></html>" }) },
    {
        label: "a list that is no list",
        apply: (b) => ({ body: Array.isArray(b.items) ? { ...b, items: { first: b.items[0] ?? {} } } : ["not", "an", "object"] }),
    },
    {
        label: "a number for metadata.name",
        apply: (b) => {
            const target = Array.isArray(b.items) ? b.items[0] : b;
            if (target) target.metadata = { ...target.metadata, name: 42 };
            return { body: b };
        },
    },
    {
        label: "entries that are not objects",
        apply: (b) => ({ body: Array.isArray(b.items) ? { ...b, items: ["pod", 5, null] } : "a string" }),
    },
    { label: "a 200 with an empty body", apply: () => ({ raw: "" }) },
];

/** The objects doctor reads from a hub, the path of each, and the check that reports a bad answer for it. */
const HUB_READS: { what: string; path: RegExp; check: string }[] = [
    // The pod list is also the reachability probe: an answer the client cannot read fails kube-api, a wrong field router-pods.
    { what: "the pod list", path: /\/pods$/, check: "kube-api|router-pods" },
    { what: "the Service list", path: /\/services$/, check: "exposed-services" },
    { what: "Service skupper-router", path: /\/services\/skupper-router$/, check: "router-service" },
    { what: "Deployment skupper-site-controller", path: /\/deployments\/skupper-site-controller$/, check: "site-controller" },
];

/** A proxy in front of a fake cluster that rewrites the answers of matching paths. */
async function hostileProxy(upstream: FakeCluster, match: RegExp, mutation: Mutation): Promise<{ url: string; close(): Promise<void> }> {
    const server = http.createServer((req, res) => {
        const up = http.request(upstream.url + req.url, { method: req.method, headers: req.headers }, (upRes) => {
            const chunks: Buffer[] = [];
            upRes.on("data", (c) => chunks.push(c));
            upRes.on("end", () => {
                const text = Buffer.concat(chunks).toString("utf8");
                const pathname = new URL(req.url ?? "/", "http://x").pathname;
                if (!match.test(pathname) || upRes.statusCode !== 200) {
                    res.writeHead(upRes.statusCode ?? 500, { "content-type": "application/json" });
                    return res.end(text);
                }
                const out = mutation.apply(JSON.parse(text));
                res.writeHead(out.status ?? 200, { "content-type": out.type ?? "application/json" });
                res.end(out.raw ?? JSON.stringify(out.body));
            });
        });
        req.pipe(up);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
        url,
        close: () =>
            new Promise<void>((r) => {
                server.closeAllConnections();
                server.close(() => r());
            }),
    };
}

async function doctor(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await runDoctor(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {} });
    return { code, stdout, stderr };
}

describe("doctor against hostile answers", function () {
    this.timeout(30_000);
    let tmp: string;
    const closers: (() => Promise<void>)[] = [];
    beforeEach(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-hostile-"));
    });
    afterEach(async () => {
        await Promise.all(closers.splice(0).map((c) => c()));
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    /** A stack whose hub is reached through `hubUrl` (kubeconfig written next to the stack file). */
    function stackFile(hubKubeconfig: string, spokeUrl: string): string {
        fs.writeFileSync(path.join(tmp, `${HUB}.kubeconfig`), hubKubeconfig, { mode: 0o600 });
        fs.writeFileSync(path.join(tmp, `${SPOKE}.kubeconfig`), kubeconfigFor(spokeUrl, SPOKE), { mode: 0o600 });
        const file = path.join(tmp, "Pulumi.edge.yaml");
        fs.writeFileSync(file, stackYaml({ hubKubeconfig: `kubeconfigFile: ${HUB}.kubeconfig`, spokeKubeconfig: `kubeconfigFile: ${SPOKE}.kubeconfig` }));
        return file;
    }

    let generated = 0;
    after(() => assert.equal(generated, HUB_READS.length * MUTATIONS.length));
    for (const read of HUB_READS) {
        for (const mutation of MUTATIONS) {
            it(`${read.what} answered with ${mutation.label}: a FAIL line for ${read.check}, no exception`, async () => {
                generated++;
                const hub = await startFakeCluster(healthyHub());
                const spoke = await startFakeCluster(healthySpoke());
                const proxy = await hostileProxy(hub, read.path, mutation);
                closers.push(hub.close, spoke.close, proxy.close);
                const file = stackFile(kubeconfigFor(proxy.url, HUB), spoke.url);
                const json = await doctor([file, "-o", "json"]);
                const report = JSON.parse(json.stdout) as DoctorReport;
                assert.equal(json.code, 1);
                const failing = report.results.filter((r) => r.cluster === HUB && r.status === "FAIL");
                const line = failing.find((r) => read.check.split("|").includes(r.id));
                assert.ok(line, `expected ${read.check} to FAIL; got ${JSON.stringify(failing)}`);
                assert.match(
                    line.message,
                    /unexpected answer for [^:]+: |the answer for [^:]+ is not JSON \(an HTML page\? check the kubeconfig's server URL and any proxy in between\)$/,
                );
                assert.doesNotMatch(line.message, /TypeError|is not a function|Cannot read properties|undefined/);
                const text = await doctor([file]);
                assert.equal(text.code, 1);
                assert.doesNotMatch(text.stdout, TERMINAL_CONTROL);
            });
        }
    }

    it("escape sequences and fake lines in names and messages from a cluster never reach the terminal", async () => {
        const state = healthyHub();
        for (const list of [state.pods!, state.services!]) list[0].metadata.name = EVIL;
        (state.pods![0] as any).status.containerStatuses[0].state = { waiting: { reason: "CrashLoopBackOff", message: EVIL } };
        const hub = await startFakeCluster(state);
        const spoke = await startFakeCluster(healthySpoke());
        closers.push(hub.close, spoke.close);
        const file = stackFile(kubeconfigFor(hub.url, HUB), spoke.url);
        const run = await doctor([file]);
        assert.doesNotMatch(run.stdout, TERMINAL_CONTROL);
        assert.doesNotMatch(run.stderr, TERMINAL_CONTROL);
        assert.equal(
            run.stdout.split("\n").some((l) => l.startsWith("OK    fake-line")),
            false,
            "a value cannot start a report line of its own",
        );
        const json = await doctor([file, "-o", "json"]);
        assert.doesNotMatch(json.stdout, TERMINAL_CONTROL, "JSON escapes what the report keeps");
    });

    it("an exec credential plugin that never returns is bounded by --timeout", async () => {
        const hub = await startFakeCluster(healthyHub());
        const spoke = await startFakeCluster(healthySpoke());
        closers.push(hub.close, spoke.close);
        const plugin = path.join(tmp, "hang.sh");
        fs.writeFileSync(plugin, "#!/bin/sh\nsleep 30\n", { mode: 0o700 });
        const kubeconfig = kubeconfigFor(hub.url, HUB).replace(
            `    token: ${TOKEN}`,
            ["    exec:", "      apiVersion: client.authentication.k8s.io/v1beta1", `      command: ${plugin}`, "      interactiveMode: Never"].join("\n"),
        );
        const file = stackFile(kubeconfig, spoke.url);
        const started = Date.now();
        const run = await doctor([file, "-o", "json", "--timeout", "1s"]);
        const elapsed = Date.now() - started;
        assert.ok(elapsed < 5_000, `took ${elapsed} ms`);
        const report = JSON.parse(run.stdout) as DoctorReport;
        const access = report.results.find((r) => r.cluster === HUB && r.id === "kube-api")!;
        assert.deepEqual(
            [access.status, access.message],
            ["FAIL", "no answer within 1s (the server, or the kubeconfig's exec credential plugin, did not finish)"],
        );
        assert.equal(report.results.find((r) => r.cluster === SPOKE && r.id === "kube-api")!.status, "OK");
    });

    describe("orchestrator answers of the wrong shape are never OK", () => {
        const answers: [string, unknown, string][] = [
            ["a string", "<html>login</html>", "the orchestrator answered text, not a network object"],
            ["a list", [{ name: "retail-mesh" }], "the orchestrator answered a list, not a network object"],
            ["a number", 7, "the orchestrator answered number, not a network object"],
            ["an object without spec", { name: "retail-mesh" }, "the orchestrator's network object has no spec"],
            ["a spec without type", { spec: { description: "x" } }, "the orchestrator's network object has no spec.type"],
            ["a numeric type", { spec: { type: 1 } }, "the orchestrator's network object has no spec.type"],
        ];
        for (const [label, value, problem] of answers) {
            it(`${label}: ${problem}`, () => {
                assert.equal(networkObjectProblem(value), problem);
                const r = checkNetwork({ apiUrl: "https://api.x", project: "p", network: { ok: false, error: problem } }, "retail-mesh");
                assert.deepEqual([r.status, r.message], ["FAIL", `cannot read network retail-mesh: ${problem}`]);
            });
        }
        it("a well-formed network object passes the shape check", () =>
            assert.equal(networkObjectProblem({ spec: { type: "application-mesh" }, status: {} }), undefined));
        it("deployment lists: not a list, or entries of the wrong shape", () => {
            assert.equal(deploymentsProblem({}), "the orchestrator's deployment list is not a list");
            assert.equal(deploymentsProblem([{ displayName: 5 }]), "deployment 0 of the orchestrator's list has the wrong shape");
            assert.equal(deploymentsProblem([{ displayName: "a", deployId: "1" }]), undefined);
        });
    });
});
