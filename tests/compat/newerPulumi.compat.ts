/**
 * The packed library beside the newest @pulumi/pulumi 3.x on the registry
 * (issue 14, section 3): a user's project that already depends on a newer
 * @pulumi/pulumi must get ONE copy of it, and both `edge-interconnect plan`
 * and a mocked program must work there, and so must the package's provider
 * plugin (issue 16), which runs on that project's @pulumi/pulumi.
 *
 * Run with `npm run test:compat` (builds dist/ first). Needs the npm
 * registry, so it is not part of `npm test`. COMPAT_PULUMI_VERSION overrides
 * the @pulumi/pulumi version the temporary project asks for.
 *
 * Side effects: none outside a temporary folder, which is removed. The stack
 * file's orchestrator address is rewritten to a non-loopback `.invalid`
 * host and EDGE_ORCH_* are removed from the environment, so `plan` neither
 * starts the embedded local orchestrator on 127.0.0.1:8080 nor makes any
 * network call (it reports "not checked"). npm runs with --ignore-scripts, so
 * no Pulumi plugin is downloaded.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cacheRoot } from "../e2e/toolchain/cache";
import { Ran, runBounded } from "../support/run";

const REPO = path.resolve(__dirname, "..", "..");
const NPM_TIMEOUT_MS = 10 * 60_000;
const RUN_TIMEOUT_MS = 2 * 60_000;

/** The environment every child gets: no orchestrator credentials, quiet npm. */
function childEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" };
    for (const k of Object.keys(env)) if (k.startsWith("EDGE_ORCH_")) delete env[k];
    return env;
}

/** Runs a command bounded in time (its whole process group is killed past `timeoutMs`); a timeout fails the test. */
async function run(cmd: string, args: string[], cwd: string, timeoutMs: number, extraEnv: NodeJS.ProcessEnv = {}): Promise<Ran> {
    const r = await runBounded(cmd, args, { cwd, env: { ...childEnv(), ...extraEnv }, timeoutMs });
    if (r.timedOut) throw new Error(`${cmd} ${args.join(" ")} timed out after ${timeoutMs / 1000} s\n${r.stderr.slice(-2000)}`);
    return r;
}

async function ok(cmd: string, args: string[], cwd: string, timeoutMs: number, extraEnv?: NodeJS.ProcessEnv): Promise<Ran> {
    const r = await run(cmd, args, cwd, timeoutMs, extraEnv);
    assert.equal(
        r.code,
        0,
        `${cmd} ${args.join(" ")} exited ${r.code ?? r.signal}\n--- stdout\n${r.stdout.slice(-3000)}\n--- stderr\n${r.stderr.slice(-3000)}`,
    );
    return r;
}

/** What 1 InterconnectNetwork + 1 HubCluster (2 exposed services, one TLS) + 2 SpokeClusters register under mocks. */
const EXPECTED_TYPES: Record<string, number> = {
    "edge-interconnect:index:HubCluster": 1,
    "edge-interconnect:index:InterconnectNetwork": 1,
    "edge-interconnect:index:SpokeCluster": 2,
    "kubernetes-cert-manager:index:CertManager": 1,
    "kubernetes:apps/v1:Deployment": 3,
    "kubernetes:cert-manager.io/v1:Certificate": 1,
    "kubernetes:cert-manager.io/v1:ClusterIssuer": 1,
    "kubernetes:core/v1:ConfigMap": 4,
    "kubernetes:core/v1:Namespace": 7,
    "kubernetes:core/v1:Secret": 10,
    "kubernetes:core/v1:Service": 3,
    "kubernetes:core/v1:ServiceAccount": 3,
    "kubernetes:core/v1:ServicePatch": 3,
    "kubernetes:helm.sh/v3:Release": 1,
    "kubernetes:metallb.io/v1beta1:IPAddressPool": 2,
    "kubernetes:metallb.io/v1beta1:L2Advertisement": 1,
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole": 3,
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding": 3,
    "edge-interconnect:index:CertificateAuthority": 2,
    "edge-interconnect:index:SignedCertificate": 2,
    "pulumi:providers:kubernetes": 3,
};
const EXPECTED_TOTAL = Object.values(EXPECTED_TYPES).reduce((a, b) => a + b, 0);

/** Every version of `name` anywhere in an `npm ls --all --json` tree. */
function versionsIn(tree: any, name: string, found = new Set<string>()): Set<string> {
    for (const [dep, node] of Object.entries<any>(tree?.dependencies ?? {})) {
        if (dep === name && node?.version) found.add(node.version);
        versionsIn(node, name, found);
    }
    return found;
}

describe("the packed library beside the newest @pulumi/pulumi 3.x (needs the npm registry)", function () {
    let tmp: string;
    let project: string;
    let newest: string;
    let installed: { pulumi: string; kubernetes: string; library: string };

    before(async function () {
        this.timeout(NPM_TIMEOUT_MS + 3 * RUN_TIMEOUT_MS);
        assert.ok(fs.existsSync(path.join(REPO, "dist/sdk/cli/main.js")), "dist/ is missing: run `npm run build` (npm run test:compat does)");
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "edge-interconnect-compat-"));
        project = path.join(tmp, "project");
        fs.mkdirSync(project);

        newest = process.env.COMPAT_PULUMI_VERSION || (await ok("npm", ["view", "@pulumi/pulumi", "version"], tmp, RUN_TIMEOUT_MS)).stdout.trim();
        assert.match(newest, /^3\.\d+\.\d+$/, `newest @pulumi/pulumi 3.x: got "${newest}"`);

        const packed = JSON.parse((await ok("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", tmp], REPO, RUN_TIMEOUT_MS)).stdout);
        const tarball = path.join(tmp, packed[0].filename);
        assert.ok(fs.existsSync(tarball), `npm pack wrote no ${tarball}`);

        // A user's project that already depends on the newest @pulumi/pulumi, plus the packed library.
        const dependencies = { "@pulumi/pulumi": newest, "@pulumi/kubernetes": "^4.34.2", "pulumi-edge-interconnect": `file:${tarball}` };
        fs.writeFileSync(
            path.join(project, "package.json"),
            JSON.stringify({ name: "compat-project", version: "0.0.0", private: true, dependencies }, null, 2),
        );
        await ok("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts"], project, NPM_TIMEOUT_MS);

        const version = (p: string) => JSON.parse(fs.readFileSync(path.join(project, "node_modules", p, "package.json"), "utf8")).version as string;
        installed = { pulumi: version("@pulumi/pulumi"), kubernetes: version("@pulumi/kubernetes"), library: version("pulumi-edge-interconnect") };
        process.stderr.write(
            `      compat project: @pulumi/pulumi ${installed.pulumi}, @pulumi/kubernetes ${installed.kubernetes}, pulumi-edge-interconnect ${installed.library} (${path.basename(tarball)})\n`,
        );
        assert.equal(installed.pulumi, newest);
    });

    after(() => {
        if (tmp && !process.env.COMPAT_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("installs ONE copy of @pulumi/pulumi: the project's newest one", async function () {
        this.timeout(RUN_TIMEOUT_MS);
        const r = await run("npm", ["ls", "@pulumi/pulumi", "--all", "--json"], project, RUN_TIMEOUT_MS);
        assert.equal(r.code, 0, `npm ls @pulumi/pulumi failed (invalid or missing dependencies):\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-2000)}`);
        assert.deepEqual([...versionsIn(JSON.parse(r.stdout), "@pulumi/pulumi")], [newest]);
        assert.ok(
            !fs.existsSync(path.join(project, "node_modules/pulumi-edge-interconnect/node_modules/@pulumi/pulumi")),
            "the library has a nested @pulumi/pulumi",
        );
    });

    it("`npx edge-interconnect plan` on a copy of Pulumi.dev.yaml exits 0 with the dev stack's plan", async function () {
        this.timeout(RUN_TIMEOUT_MS + 10_000);
        const stackDir = path.join(tmp, "stack");
        fs.mkdirSync(stackDir);
        const original = fs.readFileSync(path.join(REPO, "Pulumi.dev.yaml"), "utf8");
        const apiUrl = /^(\s*apiUrl:\s*)\S+/m;
        assert.match(original, apiUrl, "Pulumi.dev.yaml has no orchestrator apiUrl to rewrite");
        // Non-loopback and without credentials: plan neither binds 127.0.0.1:8080 nor calls out.
        fs.writeFileSync(path.join(stackDir, "Pulumi.dev.yaml"), original.replace(apiUrl, "$1https://orchestrator.compat.invalid"));

        const r = await run("npx", ["--no", "--", "edge-interconnect", "plan", path.join(stackDir, "Pulumi.dev.yaml")], project, RUN_TIMEOUT_MS);
        assert.equal(r.code, 0, `plan exited ${r.code ?? r.signal}\n--- stdout\n${r.stdout.slice(-3000)}\n--- stderr\n${r.stderr.slice(-3000)}`);
        assert.equal(r.stdout.split("\n")[0], 'Plan for stack "dev": 1 hub(s), 2 spoke(s), 46 object(s) on 3 cluster(s)');
        assert.doesNotMatch(r.stderr, /getUnknown is not a function|embedded local orchestrator/);
        assert.match(r.stdout, /registration\s+not checked/);
    });

    it("a program under pulumi.runtime.setMocks registers the same resources through the installed package", async function () {
        this.timeout(RUN_TIMEOUT_MS + 10_000);
        fs.copyFileSync(path.join(__dirname, "fixture", "program.js"), path.join(project, "program.js"));
        const r = await ok("node", ["program.js"], project, RUN_TIMEOUT_MS, { COMPAT_SDK: "" });
        const out = JSON.parse(r.stdout.trim().split("\n").pop()!) as {
            project: { version: string; dir: string };
            library: { version: string; dir: string };
            registered: { type: string; name: string }[];
        };
        // The project and the library load the very same @pulumi/pulumi.
        assert.equal(out.project.version, newest);
        assert.equal(out.library.dir, out.project.dir);
        const counts: Record<string, number> = {};
        for (const res of out.registered) counts[res.type] = (counts[res.type] ?? 0) + 1;
        assert.deepEqual(counts, EXPECTED_TYPES);
        assert.equal(out.registered.length, EXPECTED_TOTAL);
        assert.equal(EXPECTED_TOTAL, 57);
    });

    it("the installed package's provider plugin serves its schema to the Pulumi CLI on the project's @pulumi/pulumi", async function () {
        this.timeout(RUN_TIMEOUT_MS + 10_000);
        // The CLI is the end-to-end toolchain's (tests/e2e/toolchain); without that cache there is no CLI here.
        const cli = path.join(cacheRoot(), "pulumi-v3.248.0", "bin", "pulumi");
        if (!fs.existsSync(cli)) this.skip();
        const home = path.join(tmp, "pulumi-home");
        const plugin = path.join(project, "node_modules", "pulumi-edge-interconnect", "bin", "pulumi-resource-edge-interconnect");
        const r = await ok(cli, ["package", "get-schema", plugin], project, RUN_TIMEOUT_MS, {
            PULUMI_HOME: home,
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        });
        const schema = JSON.parse(r.stdout) as { name: string; version: string; resources: Record<string, unknown> };
        assert.equal(schema.name, "edge-interconnect");
        assert.equal(schema.version, installed.library);
        assert.deepEqual(
            Object.keys(schema.resources).sort(),
            [
                "CertificateAuthority",
                "Deployment",
                "HubCluster",
                "InterconnectApplication",
                "InterconnectNetwork",
                "IntermediateAuthority",
                "Network",
                "SignedCertificate",
                "SpokeCluster",
            ].map((n) => `edge-interconnect:index:${n}`),
        );
    });
});
