/**
 * Pulumi programs in YAML, Python and Go through the real CLI 3.248.0 and the
 * toolchain's language pieces (tests/e2e/support/languages.ts), plus the SDK
 * generator the Python and Go programs of the component package will use:
 *   - YAML: `up` of a YAML project (pulumi-language-yaml 1.25.0 as the CLI's plugin);
 *   - Python: `up` of an inline program through Python's Automation API (pulumi 3.248.0 from PyPI);
 *   - Go: `preview` of an inline program through Go's Automation API (sdk/v3 v3.248.0);
 *   - pulumi-sdkgen: the Python and Go SDKs of a schema with one component and
 *     one custom resource; the Python SDK registers both under the runtime's
 *     mocks, the Go SDK compiles.
 * No cluster and no provider plugin: local file backend, no plugin downloads.
 *
 *   npx mocha --no-config -r ts-node/register/transpile-only --extension ts --timeout 900000 tests/e2e/languages.e2e.ts
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { Toolchain } from "./toolchain";
import { pulumiEnv, PulumiEnv } from "./support/pulumi";
import {
    automationEnv,
    generateSdk,
    goBuild,
    installPythonSdk,
    languageToolchain,
    runGoProgram,
    runPython,
    writeGoSdkModule,
    yamlEnvPath,
} from "./support/languages";

const LANGS = path.join(__dirname, "langs");
const SCHEMA = path.join(LANGS, "fixtures", "sdkgen-schema.json");
/** @pulumi/pulumi's secret signature (sdk/v3 go/common/resource/properties.go, SecretSig). */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const log = (line: string) => console.log(`      ${line}`);

describe("programs in YAML, Python and Go through the Pulumi CLI 3.248.0", function () {
    this.timeout(15 * 60_000);
    let toolchain: Toolchain;
    let env: PulumiEnv;
    let failed = false;

    before(async function () {
        toolchain = await languageToolchain(log);
        env = await pulumiEnv(toolchain, "languages", { kubernetesPlugin: false });
    });
    afterEach(function () {
        if (this.currentTest?.state === "failed") failed = true;
    });
    after(function () {
        if (!env) return;
        if (failed) log(`Pulumi state kept under ${env.dir}`);
        else env.cleanup();
    });

    it("YAML: `up` of a YAML project with no resources gives its three outputs (config, expression, secret), without a plugin warning", async function () {
        const started = Date.now();
        const project = path.join(env.dir, "yaml-outputs");
        fs.cpSync(path.join(LANGS, "yaml", "outputs"), project, { recursive: true });
        const stack = await LocalWorkspace.createOrSelectStack(
            { stackName: "dev", workDir: project },
            { pulumiCommand: env.command, envVars: { ...env.envVars, PATH: yamlEnvPath() } },
        );
        await stack.setConfig("who", { value: "yaml" });
        const up = await stack.up();
        log(`YAML up in ${Date.now() - started} ms`);
        assert.equal(up.summary.result, "succeeded");
        assert.deepEqual(up.summary.resourceChanges, { create: 1 });
        assert.deepEqual(up.outputs, {
            greeting: { value: "hello yaml", secret: false },
            joined: { value: "a-b-c", secret: false },
            hidden: { value: "not-shown", secret: true },
        });
        // The CLI found pulumi-language-yaml as a bundled plugin (linked next to it), not as a stray one on PATH.
        assert.doesNotMatch(up.stdout + up.stderr, /from \$PATH/);
        const resources = ((await stack.exportStack()).deployment.resources ?? []) as { type: string }[];
        assert.deepEqual(
            resources.map((r) => r.type),
            ["pulumi:pulumi:Stack"],
        );
    });

    it("Python: the Automation API's `up` of an inline program gives its one output", async function () {
        const started = Date.now();
        const out = await runPython(path.join(LANGS, "python", "up_smoke.py"), automationEnv(env, toolchain, path.join(env.dir, "python-up")));
        log(`Python up in ${Date.now() - started} ms`);
        assert.deepEqual(JSON.parse(out), {
            result: "succeeded",
            resourceChanges: { create: 1 },
            outputs: { greeting: { value: "hello from python", secret: false } },
        });
    });

    it("Go: the Automation API's `preview` of an inline program plans the stack and shows its one output", async function () {
        const started = Date.now();
        const out = await runGoProgram(path.join(LANGS, "go", "previewsmoke"), automationEnv(env, toolchain, path.join(env.dir, "go-preview")));
        log(`Go preview in ${Date.now() - started} ms`);
        assert.deepEqual(JSON.parse(out), { changeSummary: { create: 1 }, stackOutputs: { greeting: "hello from go" } });
    });

    it("pulumi-sdkgen: the Python SDK of a schema with a component and a custom resource registers both with their inputs", async function () {
        const started = Date.now();
        const sdk = path.join(env.dir, "sdk-python");
        const files = await generateSdk(SCHEMA, "python", sdk);
        assert.deepEqual(files, [
            ".gitattributes",
            ".gitignore",
            "pulumi_langsmoke/README.md",
            "pulumi_langsmoke/__init__.py",
            "pulumi_langsmoke/_utilities.py",
            "pulumi_langsmoke/bundle.py",
            "pulumi_langsmoke/provider.py",
            "pulumi_langsmoke/pulumi-plugin.json",
            "pulumi_langsmoke/py.typed",
            "pulumi_langsmoke/widget.py",
            "pyproject.toml",
        ]);
        const site = await installPythonSdk(sdk, path.join(env.dir, "site-python"));
        const out = await runPython(path.join(LANGS, "python", "sdk_mocks.py"), { PYTHONPATH: site });
        log(`Python SDK generated, installed and run in ${Date.now() - started} ms`);
        assert.deepEqual(JSON.parse(out), {
            registered: [
                {
                    type: "langsmoke:index:Bundle",
                    name: "b",
                    custom: false,
                    inputs: { count: 2, kubeconfig: { [SECRET_SIG]: "1b47061264138c4ac30d75fd1eb44270", value: "kubeconfig-text" } },
                },
                { type: "langsmoke:index:Widget", name: "w", custom: true, inputs: { size: 3 } },
            ],
            widget: { size: 3, label: "label-of-w" },
            bundle: { names: ["b-0", "b-1"] },
        });
    });

    it("pulumi-sdkgen: a reference to another package's resource needs that package's schema (-dep), and then imports its SDK", async function () {
        const uses = path.join(LANGS, "fixtures", "sdkgen-uses-schema.json");
        const dep = path.join(LANGS, "fixtures", "sdkgen-dep-schema.json");
        const refused = path.join(env.dir, "sdk-uses-refused");
        await assert.rejects(generateSdk(uses, "python", refused), (e: Error) => {
            const last = e.message.trim().split("\n").pop();
            assert.equal(
                last,
                `pulumi-sdkgen: binding ${uses}: error binding resource languses:index:User: failed to bind input properties for ` +
                    `languses:index:User: error binding type for property "peer": resolving package ` +
                    `/langdep/v1.2.3/schema.json#/resources/langdep:index:Peer: the schema refers to package "langdep": pass its schema with -dep`,
            );
            return true;
        });
        assert.equal(fs.existsSync(refused), false);
        const sdk = path.join(env.dir, "sdk-uses");
        const files = await generateSdk(uses, "python", sdk, { deps: [dep] });
        assert.deepEqual(files, [
            ".gitattributes",
            ".gitignore",
            "pulumi_languses/README.md",
            "pulumi_languses/__init__.py",
            "pulumi_languses/_utilities.py",
            "pulumi_languses/provider.py",
            "pulumi_languses/pulumi-plugin.json",
            "pulumi_languses/py.typed",
            "pulumi_languses/user.py",
            "setup.py",
        ]);
        const user = fs.readFileSync(path.join(sdk, "pulumi_languses", "user.py"), "utf8");
        assert.match(user, /^import pulumi_langdep$/m);
        assert.match(user, /peer: pulumi\.Input\[Optional\['pulumi_langdep\.Peer'\]\] = None/);
    });

    it("pulumi-sdkgen: the Go SDK of the component-and-custom-resource schema compiles against sdk/v3 v3.248.0", async function () {
        const started = Date.now();
        const sdk = path.join(env.dir, "sdk-go");
        const files = await generateSdk(SCHEMA, "go", sdk);
        assert.deepEqual(files, [
            ".gitattributes",
            "langsmoke/bundle.go",
            "langsmoke/doc.go",
            "langsmoke/init.go",
            "langsmoke/internal/pulumiUtilities.go",
            "langsmoke/internal/pulumiVersion.go",
            "langsmoke/provider.go",
            "langsmoke/pulumi-plugin.json",
            "langsmoke/widget.go",
        ]);
        const bundle = fs.readFileSync(path.join(sdk, "langsmoke", "bundle.go"), "utf8");
        assert.match(
            bundle,
            /func NewBundle\(ctx \*pulumi\.Context,\s+name string, args \*BundleArgs, opts \.\.\.pulumi\.ResourceOption\) \(\*Bundle, error\)/,
        );
        assert.match(bundle, /ctx\.RegisterRemoteComponentResource\("langsmoke:index:Bundle"/);
        const widget = fs.readFileSync(path.join(sdk, "langsmoke", "widget.go"), "utf8");
        assert.match(widget, /ctx\.RegisterResource\("langsmoke:index:Widget"/);
        writeGoSdkModule(sdk, "example.com/langsmoke/sdk/go");
        await goBuild(sdk);
        log(`Go SDK generated and built in ${Date.now() - started} ms`);
    });
});
