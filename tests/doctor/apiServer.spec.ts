/**
 * `edge-interconnect doctor` telling apart what stands behind a kubeconfig's
 * server: not Kubernetes at all (404 on /version, or a web page), credentials
 * refused (401), RBAC (403); kubectl's --kubeconfig FILE and --context; a
 * stack whose member has both an explicit kubeconfig and a kubeconfigFile;
 * and the Kubernetes client (@edge-interconnect/kube-client) missing.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { runDoctor } from "../../sdk/cli/doctor";
import { UsageError } from "../../sdk/cli/usage";
import { KUBE_CLIENT_PACKAGE, KUBE_LIBRARY_PACKAGE } from "../../sdk/cli/kubeClient";
import type { DoctorReport } from "../../sdk/doctor/run";
import { FakeCluster, FakeClusterState, TOKEN, kubeconfigFor, startFakeCluster } from "./fakeKube";
import { HUB, NS, SPOKE, healthyHub, healthySpoke, stackYaml } from "./fixtures";

const ROOT = path.resolve(__dirname, "../..");

async function doctor(argv: string[], cwd?: string): Promise<{ code: number; report: DoctorReport; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const code = await runDoctor([...argv, "-o", "json"], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {}, cwd });
    return { code, report: JSON.parse(stdout) as DoctorReport, stderr };
}

async function usageError(argv: string[]): Promise<string> {
    try {
        await runDoctor(argv, { stdout: () => undefined, stderr: () => undefined, env: {} });
    } catch (e) {
        assert.ok(e instanceof UsageError, String(e));
        return e.message;
    }
    assert.fail("expected a usage error");
}

/** The kube-api result of `cluster`. */
function api(report: DoctorReport, cluster = HUB) {
    const r = report.results.find((x) => x.cluster === cluster && x.id === "kube-api")!;
    return { status: r.status, message: r.message, fix: r.fix };
}

/** One kubeconfig file with a context per fake cluster, as kubectl users keep them. */
function combinedKubeconfig(entries: [string, FakeCluster][]): string {
    return [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        ...entries.flatMap(([n, c]) => [`- name: ${n}`, "  cluster:", `    server: ${c.url}`, "    insecure-skip-tls-verify: true"]),
        "users:",
        ...entries.flatMap(([n]) => [`- name: ${n}-admin`, "  user:", `    token: ${TOKEN}`]),
        "contexts:",
        ...entries.flatMap(([n]) => [`- name: ${n}`, "  context:", `    cluster: ${n}`, `    user: ${n}-admin`]),
        `current-context: ${entries[0][0]}`,
        "",
    ].join("\n");
}

describe("edge-interconnect doctor: what answers behind the kubeconfig", function () {
    this.timeout(30_000);
    let tmp: string;
    const clusters: FakeCluster[] = [];
    const servers: http.Server[] = [];
    beforeEach(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-api-"));
    });
    afterEach(async () => {
        await Promise.all(clusters.splice(0).map((c) => c.close()));
        await Promise.all(servers.splice(0).map((s) => new Promise((r) => (s.closeAllConnections(), s.close(r)))));
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    async function hubOnly(state: FakeClusterState, kubeconfig?: (c: FakeCluster) => string) {
        const hub = await startFakeCluster(state);
        clusters.push(hub);
        const file = path.join(tmp, "hub.kubeconfig");
        fs.writeFileSync(file, kubeconfig ? kubeconfig(hub) : kubeconfigFor(hub.url, HUB));
        return doctor(["--kubeconfig", `${HUB}=${file}`, "--hub", HUB]);
    }

    it("a server that answers 404 on /version is not a Kubernetes API server", async () => {
        const { code, report } = await hubOnly({ ...healthyHub(), version: null });
        assert.equal(code, 1);
        const hub = clusters[0];
        assert.deepEqual(api(report), {
            status: "FAIL",
            message: `${hub.url} is not a Kubernetes API server: it answers 404 for /version`,
            fix: `point the kubeconfig's server at the cluster's API server (usually https://HOST:6443), not a web server, ingress or proxy (--kubeconfig ${HUB})`,
        });
        assert.deepEqual(
            hub.requests.map((r) => r.path),
            ["/version"],
            "nothing else is asked of a server that is not Kubernetes",
        );
    });

    it("a web server answering an HTML page is not a Kubernetes API server either", async () => {
        const web = http.createServer((_req, res) => {
            res.writeHead(200, { "content-type": "text/html" });
            res.end("<html><body>Welcome to nginx!</body></html>");
        });
        servers.push(web);
        await new Promise<void>((r) => web.listen(0, "127.0.0.1", r));
        const url = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
        const file = path.join(tmp, "web.kubeconfig");
        fs.writeFileSync(file, kubeconfigFor(url, HUB));
        const { code, report } = await doctor(["--kubeconfig", `${HUB}=${file}`, "--hub", HUB]);
        assert.equal(code, 1);
        assert.deepEqual(api(report), {
            status: "FAIL",
            message: `${url} is not a Kubernetes API server: unexpected answer for /version: not a Kubernetes version object (no gitVersion such as v1.30.2)`,
            fix: `point the kubeconfig's server at the cluster's API server (usually https://HOST:6443), not a web server, ingress or proxy (--kubeconfig ${HUB})`,
        });
    });

    it("credentials refused (401) are named as such, not as a missing API server", async () => {
        const { code, report } = await hubOnly(healthyHub(), (c) => kubeconfigFor(c.url, HUB).replace(TOKEN, "expired-token"));
        assert.equal(code, 1);
        assert.deepEqual(api(report), {
            status: "FAIL",
            message: "HTTP 401: Unauthorized: the kubeconfig's credentials were refused",
            fix: `the credentials of --kubeconfig ${HUB} were refused; renew them or pass --kubeconfig ${HUB}=FILE`,
        });
    });

    it("403 on /version is RBAC: the server accepts the credentials but denies them", async () => {
        const { code, report } = await hubOnly({ ...healthyHub(), forbidden: ["/version"] });
        assert.equal(code, 1);
        const a = api(report);
        assert.equal(a.status, "FAIL");
        assert.ok(a.message.startsWith("RBAC: the API server accepts these credentials but denies them /version (HTTP 403: "), a.message);
        assert.equal(
            a.fix,
            `every authenticated user may read /version through the system:public-info-viewer ClusterRole; restore its binding, or use credentials the cluster grants (--kubeconfig ${HUB})`,
        );
    });

    it("403 on the site's pods is RBAC, with the rights to grant", async () => {
        const { code, report } = await hubOnly({ ...healthyHub(), forbidden: [`/api/v1/namespaces/${NS}/pods`] });
        assert.equal(code, 1);
        assert.deepEqual(api(report), {
            status: "FAIL",
            message: `RBAC: the credentials are accepted but may not list pods in ${NS} (HTTP 403: pods is forbidden: User "system:serviceaccount:ops:doctor" cannot list resource "pods" in API group "" in the namespace "${NS}")`,
            fix: `grant the user of --kubeconfig ${HUB} get and list on pods, services, secrets and configmaps in ${NS} and on deployments (a Role and RoleBinding), or use a kubeconfig that has them`,
        });
    });

    it("a healthy API server's kube-api line names its Kubernetes version", async () => {
        const { code, report } = await hubOnly({ ...healthyHub(), version: "v1.34.4" });
        assert.equal(code, 0);
        assert.deepEqual(api(report), { status: "OK", message: `${clusters[0].url} answered (Kubernetes v1.34.4)`, fix: undefined });
        // -o yaml is the same report as -o json.
        let yaml = "";
        const argv = ["--kubeconfig", `${HUB}=${path.join(tmp, "hub.kubeconfig")}`, "--hub", HUB, "-o", "yaml"];
        assert.equal(await runDoctor(argv, { stdout: (t) => (yaml += t), stderr: () => undefined, env: {} }), 0);
        const again = parse(yaml) as DoctorReport;
        assert.deepEqual(
            again.results.map((r) => [r.id, r.status]),
            report.results.map((r) => [r.id, r.status]),
        );
    });

    it("--kubeconfig FILE and --context NAME=CONTEXT read one kubeconfig with a context per member, as kubectl users keep them", async () => {
        const hub = await startFakeCluster(healthyHub());
        const spoke = await startFakeCluster(healthySpoke());
        clusters.push(hub, spoke);
        const file = path.join(tmp, "all.kubeconfig");
        fs.writeFileSync(
            file,
            combinedKubeconfig([
                ["ctx-hub", hub],
                ["ctx-spoke", spoke],
            ]),
        );
        const { code, report } = await doctor([
            "--kubeconfig",
            file,
            "--context",
            `${HUB}=ctx-hub`,
            "--context",
            `${SPOKE}=ctx-spoke`,
            "--hub",
            HUB,
            "--spoke",
            `${SPOKE}=${HUB}`,
        ]);
        assert.equal(code, 0, JSON.stringify(report.results.filter((r) => r.status === "FAIL")));
        assert.deepEqual(
            report.clusters.map((c) => [c.name, c.server]),
            [
                [HUB, hub.url],
                [SPOKE, spoke.url],
            ],
        );
        assert.ok(spoke.requests.length > 0 && hub.requests.length > 0);

        // One cluster: a bare --context picks its context, as kubectl's.
        const single = await doctor(["--kubeconfig", file, "--context", "ctx-spoke", "--hub", HUB]);
        assert.equal(single.report.clusters[0].server, spoke.url);
    });

    it("a stack's context: members read --kubeconfig FILE instead of the default kubeconfig", async () => {
        const hub = await startFakeCluster(healthyHub());
        const spoke = await startFakeCluster(healthySpoke());
        clusters.push(hub, spoke);
        const kubeconfig = path.join(tmp, "all.kubeconfig");
        fs.writeFileSync(
            kubeconfig,
            combinedKubeconfig([
                [HUB, hub],
                [SPOKE, spoke],
            ]),
        );
        const file = path.join(tmp, "Pulumi.ctx.yaml");
        fs.writeFileSync(file, stackYaml({ hubKubeconfig: `context: ${HUB}`, spokeKubeconfig: `context: ${SPOKE}` }));
        const { code, report } = await doctor([file, "--kubeconfig", kubeconfig]);
        assert.equal(code, 0, JSON.stringify(report.results.filter((r) => r.status === "FAIL")));
        assert.deepEqual(
            report.clusters.map((c) => c.server),
            [hub.url, spoke.url],
        );
    });

    it("refuses a bare --context for several clusters, and --context for a member the stack does not have", async () => {
        assert.equal(
            await usageError(["--kubeconfig", "k", "--context", "x", "--hub", "a", "--spoke", "b=a"]),
            "--context x: with 2 clusters, say whose context it is: --context NAME=x (members: a, b)",
        );
        const file = path.join(tmp, "Pulumi.s.yaml");
        fs.writeFileSync(file, stackYaml({ hubKubeconfig: `context: ${HUB}`, spokeKubeconfig: `context: ${SPOKE}` }));
        assert.equal(
            await usageError([file, "--context", "store-9=x"]),
            `--context store-9=…: "store-9" is not a hub or spoke of stack "s" (members: ${HUB}, ${SPOKE})`,
        );
        assert.equal(
            await usageError([file, "--kubeconfig", "a", "--kubeconfig", "b"]),
            "--kubeconfig b: a kubeconfig file is given twice; per member, use --kubeconfig NAME=FILE",
        );
    });

    it("an explicit kubeconfig wins over the member's kubeconfigFile, with a note", async () => {
        const hub = await startFakeCluster(healthyHub());
        const spoke = await startFakeCluster(healthySpoke());
        clusters.push(hub, spoke);
        spoke.writeKubeconfig(tmp, SPOKE);
        // What `pulumi config set --secret --path 'edge-interconnect:hubs[0].kubeconfig'` leaves, as the program reads it decrypted.
        const inline = JSON.stringify(kubeconfigFor(hub.url, HUB));
        const file = path.join(tmp, "Pulumi.both.yaml");
        fs.writeFileSync(
            file,
            stackYaml({
                hubKubeconfig: `kubeconfigFile: missing.kubeconfig\n      kubeconfig: ${inline}`,
                spokeKubeconfig: `kubeconfigFile: ${SPOKE}.kubeconfig`,
            }),
        );
        const { code, report, stderr } = await doctor([file]);
        assert.equal(code, 0, JSON.stringify(report.results.filter((r) => r.status === "FAIL")));
        assert.equal(report.clusters[0].server, hub.url);
        assert.match(
            stderr,
            /· note: edge-interconnect:hubs\[0\]\.kubeconfigFile is not used: store-hub's explicit kubeconfig \(edge-interconnect:hubs\[0\]\.kubeconfig\) wins; remove kubeconfigFile to silence this note\n/,
        );
    });
});

describe("edge-interconnect doctor without @edge-interconnect/kube-client", function () {
    this.timeout(60_000);

    /** A copy of the compiled CLI whose node_modules lacks the workspace package and @kubernetes/client-node, as an installed tarball has it. */
    function compiledCopy(tmp: string): string {
        const build = spawnSync(
            process.execPath,
            [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", path.join(ROOT, "tsconfig.json"), "--outDir", path.join(tmp, "dist")],
            {
                encoding: "utf8",
                timeout: 120_000,
            },
        );
        assert.equal(build.status, 0, build.stdout + build.stderr);
        fs.copyFileSync(path.join(ROOT, "package.json"), path.join(tmp, "package.json"));
        fs.mkdirSync(path.join(tmp, "node_modules"));
        for (const entry of fs.readdirSync(path.join(ROOT, "node_modules"))) {
            if (entry === "@edge-interconnect" || entry === "@kubernetes" || entry === ".bin") continue;
            fs.symlinkSync(path.join(ROOT, "node_modules", entry), path.join(tmp, "node_modules", entry));
        }
        fs.copyFileSync(path.join(ROOT, "Pulumi.dev.yaml"), path.join(tmp, "Pulumi.dev.yaml"));
        return path.join(tmp, "dist/sdk/cli/main.js");
    }

    const doctorIn = (tmp: string, cli: string) =>
        spawnSync(process.execPath, [cli, "doctor", "--kubeconfig", "hub=x", "--hub", "hub"], { cwd: tmp, encoding: "utf8", timeout: 60_000 });

    // One compiled copy for both tests: the second adds to its node_modules what the first must not find.
    let tmp: string;
    let cli: string;
    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-noclient-"));
        cli = compiledCopy(tmp);
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("exits 2 with one line naming the package and how to get it; plan still works", () => {
        const res = doctorIn(tmp, cli);
        assert.equal(res.status, 2, res.stderr);
        assert.equal(
            res.stderr,
            "edge-interconnect: doctor needs @edge-interconnect/kube-client (tools/kube-client in the repository), which is not installed: run npm ci at the root of a clone of the repository\n",
        );
        const plan = spawnSync(process.execPath, [cli, "plan", "-o", "json"], {
            cwd: tmp,
            encoding: "utf8",
            timeout: 60_000,
            env: { ...process.env, EDGE_ORCH_TOKEN: "", EDGE_ORCH_USERNAME: "", EDGE_ORCH_PASSWORD: "" },
        });
        assert.equal(plan.status, 0, plan.stderr);
        assert.equal(JSON.parse(plan.stdout).stack, "dev");
    });

    it("exits 2 with one line when the package is linked but not built, or its @kubernetes/client-node is missing", () => {
        // Linked as npm ci links it, but tools/kube-client/dist was never built.
        const linked = path.join(tmp, "node_modules", KUBE_CLIENT_PACKAGE);
        fs.mkdirSync(linked, { recursive: true });
        fs.copyFileSync(path.join(ROOT, "tools/kube-client/package.json"), path.join(linked, "package.json"));
        const unbuilt = doctorIn(tmp, cli);
        assert.equal(unbuilt.status, 2, unbuilt.stderr);
        assert.equal(unbuilt.stderr, "edge-interconnect: doctor needs @edge-interconnect/kube-client built: run npm run build at the root of the repository\n");
        // Built, but without its one dependency (a copy, so that Node does not find it beside the real one).
        fs.cpSync(path.join(ROOT, "tools/kube-client/dist"), path.join(linked, "dist"), { recursive: true });
        const withoutLibrary = doctorIn(tmp, cli);
        assert.equal(withoutLibrary.status, 2, withoutLibrary.stderr);
        assert.equal(
            withoutLibrary.stderr,
            `edge-interconnect: doctor needs ${KUBE_LIBRARY_PACKAGE}, the dependency of ${KUBE_CLIENT_PACKAGE}, which is not installed: run npm ci at the root of the repository\n`,
        );
    });

    it("package.json: the library has no @kubernetes/client-node at all; the workspace package depends on the exact version", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        for (const field of ["dependencies", "devDependencies", "peerDependencies", "peerDependenciesMeta", "optionalDependencies"])
            assert.equal(pkg[field]?.[KUBE_LIBRARY_PACKAGE], undefined, field);
        assert.deepEqual(pkg.workspaces, ["tools/kube-client"]);
        assert.equal(
            pkg.files.some((f: string) => f.startsWith("tools")),
            false,
        );
        const client = JSON.parse(fs.readFileSync(path.join(ROOT, "tools/kube-client/package.json"), "utf8"));
        assert.deepEqual([client.name, client.private], [KUBE_CLIENT_PACKAGE, true]);
        assert.deepEqual(client.dependencies, { [KUBE_LIBRARY_PACKAGE]: "1.3.0" });
    });

    it("the library (dist/sdk/index.js) loads neither the Kubernetes client nor the CLI's parser", () => {
        const probe = [
            'require("./dist/sdk/index.js");',
            "const loaded = Object.keys(require.cache).filter((k) => k.includes('/node_modules/@kubernetes/client-node/') || k.includes('/tools/kube-client/') || k.includes('/node_modules/commander/'));",
            "process.stdout.write(JSON.stringify(loaded));",
        ].join("\n");
        const res = spawnSync(process.execPath, ["-e", probe], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
        assert.equal(res.status, 0, res.stderr);
        assert.deepEqual(JSON.parse(res.stdout), []);
    });
});
