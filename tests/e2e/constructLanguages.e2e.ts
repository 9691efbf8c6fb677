/**
 * The package from YAML, Python and Go, through the real CLI 3.248.0 and the
 * toolchain's language pieces (tests/e2e/support/languages.ts): each program
 * declares one network, one hub and two spokes; the engine has the package's
 * provider plugin (bin/, on PATH, running dist/) construct the components.
 * On three loopback clusters, the YAML and Python programs' `up` must leave
 * exactly the objects the TypeScript program with the local components
 * leaves, and `destroy` nothing; the Go program previews the same resources.
 * No piece of a kubeconfig is in plain text in the CLI's output (the Python
 * and Go programs write it to a file, CONSTRUCT_CLI_OUTPUT) or the backend.
 * The Python and Go SDKs are generated from the plugin's own schema by
 * pulumi-sdkgen (pulumi_edge_interconnect, …/sdk/go/edgeinterconnect).
 *
 * Needs `npx tsc -p tsconfig.json` first.
 *
 *   npx mocha --no-config -r ts-node/register/transpile-only --timeout 2700000 tests/e2e/constructLanguages.e2e.ts
 */
import * as assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { Cluster, ensureToolchain, startClusters, Toolchain } from "./harness";
import { goEnv } from "./toolchain/cache";
import { runBounded } from "../support/run";
import { keepEvidenceOnFailure } from "./support/hooks";
import {
    assertNoKubeconfigIn,
    BACKEND_ADDRESS,
    created,
    HUB,
    HUB_OBJECTS,
    kubeconfigMarkers,
    kubeconfigSecrets,
    localProgram,
    objectsOnClusters,
    ROUTER_IP,
    SPOKE_OBJECTS,
    SPOKES,
    withPackageProvider,
} from "./support/hubAndSpokes";
import { filesUnder } from "./support/files";
import { automationEnv, generateSdk, installPythonSdk, runPython, writeGoSdkModule, yamlEnvPath } from "./support/languages";
import { leftovers } from "./support/leftovers";
import { inlineStack, pulumiEnv, PulumiEnv, REPO, stepRecorder } from "./support/pulumi";

const LANGS = path.join(__dirname, "langs", "construct");
/** The Go SDK's module: the schema's language.go.importBasePath without its package folder. */
const GO_SDK_MODULE = "github.com/edge-interconnect/pulumi-edge-interconnect/sdk/go";
/** The pinned Go program whose go.mod and go.sum (sdk/v3 v3.248.0 and what it brings) the construct program shares. */
const GO_PINNED = path.join(__dirname, "langs", "go", "previewsmoke");
const log = (line: string) => console.log(`      ${line}`);

/**
 * The Go program of langs/construct/go in a module of its own under `dir`,
 * importing the generated SDK at `sdkDir` (a `replace`): go.mod is the
 * pinned smoke program's with this module's name and the SDK added, go.sum
 * the same (the SDK requires nothing else). Built with the toolchain's Go
 * environment; returns the binary.
 */
async function buildGoProgram(dir: string, sdkDir: string): Promise<string> {
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(path.join(LANGS, "go", "main.go"), path.join(dir, "main.go"));
    const pinned = fs.readFileSync(path.join(GO_PINNED, "go.mod"), "utf8").replace(/^module\s+\S+/m, "module edge-interconnect-e2e/langs/construct/go");
    fs.writeFileSync(path.join(dir, "go.mod"), `${pinned}\nrequire ${GO_SDK_MODULE} v0.0.0\n\nreplace ${GO_SDK_MODULE} => ${sdkDir}\n`);
    fs.copyFileSync(path.join(GO_PINNED, "go.sum"), path.join(dir, "go.sum"));
    const bin = path.join(dir, "hubandspokes");
    const r = await runBounded("go", ["build", "-p", "2", "-trimpath", "-o", bin, "."], { cwd: dir, env: goEnv(), timeoutMs: 20 * 60_000 });
    if (r.code !== 0 || r.timedOut) throw new Error(`go build of the construct program failed:\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-4000)}`);
    return bin;
}

describe("the package from YAML, Python and Go: 1 hub + 2 spokes through construct on real control planes", function () {
    this.timeout(45 * 60_000);
    let toolchain: Toolchain;
    const clusters: Record<string, Cluster> = {};
    let env: PulumiEnv;
    let schemaFile: string;
    let kubeconfigFile: string;
    /** What the TypeScript program made: resources, and objects on each cluster. */
    let expectedResources: string[];
    let expected: Record<string, Record<string, unknown>>;
    let cliOutput = "";

    /** A folder for a program, with the repository's node_modules, as a program's folder has its packages (the engine starts plugins there). */
    function programDir(name: string): string {
        const dir = path.join(env.dir, name);
        fs.mkdirSync(dir, { recursive: true });
        fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"));
        return dir;
    }

    async function sameObjectsAsTypeScript(label: string) {
        const actual = await objectsOnClusters(clusters);
        for (const n of [HUB, ...SPOKES]) assert.deepEqual(Object.keys(actual[n]), Object.keys(expected[n]), `${label}, ${n}: the same objects`);
        assert.deepEqual(actual, expected, label);
    }

    /**
     * No piece of any kubeconfig (support/hubAndSpokes.ts, kubeconfigSecrets) in
     * the CLI's output a program captured, nor in any file of the backend
     * (every stack's state, history and backups).
     */
    function noKubeconfigInPlainText(cliOutputFile: string, mustMention: string) {
        const output = fs.readFileSync(cliOutputFile, "utf8");
        assert.ok(output.includes(mustMention), `the CLI's output was captured (${cliOutputFile} mentions ${mustMention})`);
        const backend = filesUnder(path.join(env.dir, "backend"));
        assert.ok(backend.some((f) => f.file.includes(`/stacks/${mustMention}/`)), `the backend holds the stack of ${mustMention}`);
        assertNoKubeconfigIn(clusters, [{ file: cliOutputFile, text: output }, ...backend]);
    }

    async function nothingLeft(label: string) {
        for (const n of Object.keys(clusters)) assert.deepEqual(await leftovers(clusters[n]), [], `${label}: ${n}`);
    }

    before(async function () {
        toolchain = await ensureToolchain({ log });
        const started = await startClusters([HUB, ...SPOKES], (n) => ({ metallb: n === HUB, toolchain, log }));
        started.forEach((c) => (clusters[c.name] = c));
        // The plugin (bin/) and the YAML language host (beside the CLI) on PATH.
        env = await pulumiEnv(toolchain, "construct-langs", { log, env: { PATH: `${path.join(REPO, "bin")}:${yamlEnvPath()}` } });
        assert.ok(fs.existsSync(path.join(REPO, "dist/provider/plugin/main.js")), "the plugin is built (npx tsc -p tsconfig.json)");
        // The schema as the plugin serves it (GetSchema returns schemaJson()).
        schemaFile = path.join(env.dir, "schema.json");
        fs.writeFileSync(schemaFile, require(path.join(REPO, "dist/provider/plugin/schema")).schemaJson());
        kubeconfigFile = path.join(env.dir, "kubeconfigs.json");
        fs.writeFileSync(kubeconfigFile, JSON.stringify(Object.fromEntries([HUB, ...SPOKES].map((n) => [n, clusters[n].kubeconfig]))), { mode: 0o600 });
    });

    keepEvidenceOnFailure(() => ({ clusters, env }), log);

    it("the TypeScript program (local components): its resources and objects are recorded, then destroyed", async () => {
        const stack = await inlineStack(env, "construct-langs", "typescript", localProgram);
        await stack.setAllConfig(Object.fromEntries([HUB, ...SPOKES].map((n) => [`construct-langs:${n}`, { value: clusters[n].kubeconfig, secret: true }])));
        const rec = stepRecorder();
        const res = await stack.up({ onEvent: rec.onEvent, onOutput: (o) => (cliOutput += o), color: "never" });
        assert.equal(res.summary.result, "succeeded");
        expectedResources = created(rec.steps);
        expected = await objectsOnClusters(clusters);
        assert.deepEqual(Object.keys(expected[HUB]), HUB_OBJECTS);
        for (const s of SPOKES) assert.deepEqual(Object.keys(expected[s]), SPOKE_OBJECTS, s);
        assert.equal((await stack.destroy({ color: "never" })).summary.result, "succeeded");
        await nothingLeft("after the TypeScript program's destroy");
    });

    let yamlStack: Stack;
    let pyEnv: Record<string, string>;
    let pyDir: string;

    it("YAML (pulumi-language-yaml 1.25.0, the components by type token): pulumi up creates the same resources and exactly the TypeScript program's objects", async () => {
        const dir = programDir("yaml");
        fs.copyFileSync(path.join(LANGS, "yaml", "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        yamlStack = await LocalWorkspace.createOrSelectStack({ stackName: "dev", workDir: dir }, { pulumiCommand: env.command, envVars: env.envVars });
        const keys: Record<string, string> = { hubKubeconfig: HUB, store1Kubeconfig: "store-1", store2Kubeconfig: "store-2" };
        await yamlStack.setAllConfig(Object.fromEntries(Object.entries(keys).map(([k, n]) => [k, { value: clusters[n].kubeconfig, secret: true }])));
        const rec = stepRecorder();
        const started = Date.now();
        const res = await yamlStack.up({ onEvent: rec.onEvent, onOutput: (o) => (cliOutput += o), color: "never" });
        log(`YAML up in ${Math.round((Date.now() - started) / 1000)} s`);
        assert.equal(res.summary.result, "succeeded");
        assert.deepEqual(created(rec.steps), withPackageProvider(expectedResources));
        assert.deepEqual(Object.fromEntries(Object.entries(res.outputs).map(([k, v]) => [k, v.value])), {
            networkName: "shop-mesh",
            routerIp: ROUTER_IP,
            serviceAddresses: { "my-backend": BACKEND_ADDRESS },
            links: ["link-to-store-hub", "link-to-store-hub"],
            hubAddress: `${ROUTER_IP}:55671`,
        });
        await sameObjectsAsTypeScript("YAML");
    });

    it("YAML: pulumi destroy leaves nothing", async () => {
        assert.equal((await yamlStack.destroy({ onOutput: (o) => (cliOutput += o), color: "never" })).summary.result, "succeeded");
        await nothingLeft("after the YAML program's destroy");
    });

    it("Python (pulumi 3.248.0, the SDK generated from the schema): pulumi up creates exactly the TypeScript program's objects; the outputs come back typed", async () => {
        const started = Date.now();
        const sdk = path.join(env.dir, "sdk-python");
        const files = await generateSdk(schemaFile, "python", sdk);
        assert.ok(files.includes("pulumi_edge_interconnect/hub_cluster.py") && files.includes("pulumi_edge_interconnect/_inputs.py"), files.join(", "));
        const site = await installPythonSdk(sdk, path.join(env.dir, "site-python"));
        pyDir = programDir("python");
        const pyOutput = path.join(env.dir, "python-cli-output.txt");
        pyEnv = { ...automationEnv(env, toolchain, pyDir), PYTHONPATH: site, CONSTRUCT_KUBECONFIGS: kubeconfigFile, CONSTRUCT_CLI_OUTPUT: pyOutput };
        // Run from the stack's folder, as a user would: the engine starts plugins in the program's folder.
        const out = JSON.parse(await runPython(path.join(LANGS, "python", "hub_and_spokes.py"), pyEnv, { args: ["up"], cwd: pyDir, timeoutMs: 10 * 60_000 }));
        log(`Python SDK generated, installed, and up in ${Math.round((Date.now() - started) / 1000)} s`);
        assert.deepEqual(out, {
            result: "succeeded",
            outputs: {
                networkName: { value: "shop-mesh", secret: false },
                routerIp: { value: ROUTER_IP, secret: false },
                serviceAddresses: { value: { "my-backend": BACKEND_ADDRESS }, secret: false },
                links: { value: ["link-to-store-hub", "link-to-store-hub"], secret: false },
                hubAddress: { value: `${ROUTER_IP}:55671`, secret: false },
            },
        });
        await sameObjectsAsTypeScript("Python");
        noKubeconfigInPlainText(pyOutput, "construct-python");
    });

    it("Python: pulumi destroy leaves nothing", async () => {
        const out = JSON.parse(
            await runPython(path.join(LANGS, "python", "hub_and_spokes.py"), pyEnv, { args: ["destroy"], cwd: pyDir, timeoutMs: 10 * 60_000 }),
        );
        assert.deepEqual(out, { result: "succeeded" });
        await nothingLeft("after the Python program's destroy");
    });

    it("YAML across stacks: a shard's spoke links with the join information a hub stack publishes (shardJoinInfo, read through a StackReference); the site CA's key stays in the hub stack", async () => {
        const project = (name: string) => {
            const dir = programDir(`yaml-shard-${name}`);
            fs.copyFileSync(path.join(LANGS, "yaml-shard", name, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
            return LocalWorkspace.createOrSelectStack({ stackName: "dev", workDir: dir }, { pulumiCommand: env.command, envVars: env.envVars });
        };
        const hubStack = await project("hub");
        await hubStack.setConfig("hubKubeconfig", { value: clusters[HUB].kubeconfig, secret: true });
        const hubUp = await hubStack.up({ onOutput: (o) => (cliOutput += o), color: "never" });
        assert.equal(hubUp.summary.result, "succeeded");
        assert.equal(hubUp.outputs.shardJoinInfo.secret, true, "the join information is a secret output");
        assert.deepEqual(Object.keys(hubUp.outputs.shardJoinInfo.value), ["east"]);
        const spokeStack = await project("spoke");
        // The local backend's stack names: organization/<project>/<stack>.
        await spokeStack.setAllConfig({
            hubStack: { value: "organization/construct-yaml-hub/dev" },
            spokeKubeconfig: { value: clusters["store-1"].kubeconfig, secret: true },
        });
        const spokeUp = await spokeStack.up({ onOutput: (o) => (cliOutput += o), color: "never" });
        assert.equal(spokeUp.summary.result, "succeeded");
        assert.deepEqual([spokeUp.outputs.linkName.value, spokeUp.outputs.hubAddress.value], ["link-to-store-hub", `${ROUTER_IP}:55671`]);
        const objects = await objectsOnClusters(clusters);
        assert.deepEqual(Object.keys(objects[HUB]), HUB_OBJECTS);
        assert.deepEqual(Object.keys(objects["store-1"]), SPOKE_OBJECTS);
        // The link presents its certificate and the shard CA's (the hub router trusts the site CA above it).
        const link = await clusters["store-1"].client.get("v1", "Secret", "link-to-store-hub", "interconnect");
        const chain =
            Buffer.from(link!.data["tls.crt"], "base64")
                .toString("utf8")
                .match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
        assert.deepEqual(
            chain.map((pem) => new X509Certificate(pem).subject.split("\n").find((l) => l.startsWith("CN="))),
            ["CN=store-1", "CN=store-hub shard east CA"],
        );
        const siteCa = ((await hubStack.exportStack()).deployment.resources as any[]).find((r) => r.urn.endsWith("::store-hub-site-ca"));
        const siteKey = String(siteCa.outputs.keyPem?.plaintext ? JSON.parse(siteCa.outputs.keyPem.plaintext) : siteCa.outputs.keyPem);
        assert.match(siteKey, /-----BEGIN RSA PRIVATE KEY-----/);
        const keyBody = siteKey.split("\n")[5];
        assert.equal(JSON.stringify(await spokeStack.exportStack()).includes(keyBody), false, "the shard stack's state holds no part of the site CA's key");
        assert.equal((await spokeStack.destroy({ color: "never" })).summary.result, "succeeded");
        assert.equal((await hubStack.destroy({ color: "never" })).summary.result, "succeeded");
        await nothingLeft("after the shard and hub stacks' destroy");
    });

    it("Go (sdk/v3 v3.248.0, the SDK generated from the schema): pulumi preview plans the same resources", async () => {
        const started = Date.now();
        const sdk = path.join(env.dir, "sdk-go");
        const files = await generateSdk(schemaFile, "go", sdk);
        assert.ok(files.includes("edgeinterconnect/hubCluster.go"), files.join(", "));
        writeGoSdkModule(sdk, GO_SDK_MODULE);
        const bin = await buildGoProgram(path.join(env.dir, "go-program"), sdk);
        const goDir = programDir("go");
        const goOutput = path.join(env.dir, "go-cli-output.txt");
        const r = await runBounded(bin, [], {
            cwd: goDir,
            env: { ...process.env, ...automationEnv(env, toolchain, goDir), CONSTRUCT_KUBECONFIGS: kubeconfigFile, CONSTRUCT_CLI_OUTPUT: goOutput },
            timeoutMs: 10 * 60_000,
        });
        assert.equal(r.code, 0, `the Go program failed:\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-4000)}`);
        log(`Go SDK generated, program built, and preview in ${Math.round((Date.now() - started) / 1000)} s`);
        const out = JSON.parse(r.stdout) as { changeSummary: Record<string, number>; steps: string[] };
        assert.deepEqual(
            out.steps.filter((s) => !s.startsWith("create ")),
            [],
        );
        assert.deepEqual(out.steps.map((s) => s.slice("create ".length)).sort(), withPackageProvider(expectedResources));
        await nothingLeft("a preview changes nothing");
        noKubeconfigInPlainText(goOutput, "construct-go");
    });

    it("no kubeconfig in plain text in anything the CLI printed for the TypeScript and YAML programs", () => {
        assert.ok(cliOutput.length > 0);
        for (const m of kubeconfigMarkers(clusters)) assert.equal(cliOutput.includes(m), false);
        assertNoKubeconfigIn(clusters, [{ file: "the CLI's output (TypeScript and YAML programs)", text: cliOutput }]);
    });

    it("what the plain-text checks look for: per cluster the whole kubeconfig, its three data lines, the client key's base64 and its PEM body lines", () => {
        const secrets = kubeconfigSecrets(clusters);
        for (const n of [HUB, ...SPOKES]) {
            const mine = secrets.filter((s) => s.cluster === n);
            assert.equal(mine.filter((s) => s.what.startsWith("the line ")).length, 3, n);
            assert.equal(mine.filter((s) => s.what === "the whole kubeconfig" || s.what === "the client key's base64").length, 2, n);
            assert.ok(mine.filter((s) => s.what.includes("PEM body")).length >= 3, `${n}: the key's PEM body lines`);
        }
        // And it finds them: the file of kubeconfigs given to the Python and Go programs holds them JSON-escaped.
        assert.throws(() => assertNoKubeconfigIn(clusters, [{ file: kubeconfigFile, text: fs.readFileSync(kubeconfigFile, "utf8") }]), {
            message: `the client key's base64 of ${HUB}'s kubeconfig is in plain text in ${kubeconfigFile}`,
        });
    });
});
