/**
 * The package from other languages' point of view, through the real Pulumi
 * CLI: the provider plugin (bin/pulumi-resource-edge-interconnect, on PATH,
 * serving the compiled dist/) prints its schema, and builds the components
 * through construct when a program declares them remotely, as every
 * generated SDK does (tests/e2e/support/remoteComponents.ts). One hub and
 * two spokes on loopback clusters: the objects they make are exactly those
 * the TypeScript program with the local components makes; destroy leaves
 * nothing; kubeconfigs never appear in plain text.
 *
 * Needs `npx tsc -p tsconfig.json` first (the plugin runs dist/).
 *
 *   npx mocha --no-config -r ts-node/register/transpile-only --timeout 2700000 tests/e2e/construct.e2e.ts
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Stack } from "@pulumi/pulumi/automation";
import { Cluster, ensureToolchain, startClusters, Toolchain, waitFor } from "./harness";
import { keepEvidenceOnFailure } from "./support/hooks";
import { leftovers } from "./support/leftovers";
import {
    BACKEND_ADDRESS,
    created,
    HUB,
    HUB_OBJECTS,
    hubArgs,
    kubeconfigMarkers,
    localProgram,
    NETWORK_ARGS,
    objectsOnClusters,
    ROUTER_IP,
    SPOKE_OBJECTS,
    spokeArgs,
    SPOKES,
    withPackageProvider,
} from "./support/hubAndSpokes";
import { inlineStack, pulumiEnv, PulumiEnv, REPO, stepRecorder } from "./support/pulumi";
import { RemoteHub, RemoteNetwork, RemoteSpoke } from "./support/remoteComponents";

const PLUGIN = path.join(REPO, "bin/pulumi-resource-edge-interconnect");
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
/** One project for every stack: they share the work folder, whose Pulumi.yaml names the project. */
const PROJECT = "construct-e2e";
/** The components' type tokens (the package's custom resources share the prefix). */
const COMPONENT_TYPES = ["InterconnectNetwork", "HubCluster", "SpokeCluster", "InterconnectApplication"].map((n) => `edge-interconnect:index:${n}`);
const T = (name: string) => `edge-interconnect:index:${name}`;
/** A well-formed kubeconfig for programs that fail before anything connects (port 9, discard, on loopback). */
const NEVER_USED_KUBECONFIG = JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "c", cluster: { server: "https://127.0.0.1:9" } }],
    contexts: [{ name: "c", context: { cluster: "c", user: "u" } }],
    "current-context": "c",
    users: [{ name: "u", user: { token: "never-used" } }],
});
const log = (line: string) => console.log(`      ${line}`);

/** The same program with the components declared remotely: the engine has the plugin construct them. */
async function remoteProgram() {
    const cfg = new pulumi.Config();
    const network = new RemoteNetwork("shop-mesh", NETWORK_ARGS);
    const hub = new RemoteHub(HUB, { network, ...hubArgs(cfg.requireSecret(HUB)) });
    const spokes = SPOKES.map((s) => new RemoteSpoke(s, { network, hub, ...spokeArgs(cfg.requireSecret(s)) }));
    return {
        networkName: network.networkName,
        hub: { siteName: hub.siteName, routerIp: hub.routerIp, routerPort: hub.routerPort, serviceAddresses: hub.serviceAddresses },
        spokes: pulumi.all(spokes.map((s) => pulumi.all([s.siteName, s.linkName, s.hubAddress, s.serviceAddresses]))),
    };
}

describe("pulumi package get-schema ./bin/pulumi-resource-edge-interconnect (real CLI)", function () {
    this.timeout(5 * 60_000);
    let schema: any;

    before(async function () {
        const toolchain = await ensureToolchain({ only: ["pulumi"], log });
        const home = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-schema-"));
        try {
            const text = execFileSync(toolchain.pulumi!, ["package", "get-schema", PLUGIN], {
                env: { ...process.env, PULUMI_HOME: home, PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true" },
                encoding: "utf8",
                timeout: 120_000,
            });
            schema = JSON.parse(text);
        } finally {
            fs.rmSync(home, { recursive: true, force: true });
        }
    });

    it("names the package and its version, and the SDK package of each language", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
        assert.deepEqual([schema.name, schema.version], ["edge-interconnect", pkg.version]);
        assert.deepEqual(
            [schema.language.python.packageName, schema.language.go.importBasePath, schema.language.nodejs.packageName],
            [
                "pulumi_edge_interconnect",
                "github.com/edge-interconnect/pulumi-edge-interconnect/sdk/go/edgeinterconnect",
                "@edge-interconnect/pulumi-edge-interconnect",
            ],
        );
    });

    it("lists exactly the four components and the five custom resources", () => {
        assert.deepEqual(Object.keys(schema.resources).sort(), [
            T("CertificateAuthority"),
            T("Deployment"),
            T("HubCluster"),
            T("InterconnectApplication"),
            T("InterconnectNetwork"),
            T("IntermediateAuthority"),
            T("Network"),
            T("SignedCertificate"),
            T("SpokeCluster"),
        ]);
        const components = Object.entries(schema.resources)
            .filter(([, r]: [string, any]) => r.isComponent === true)
            .map(([t]) => t)
            .sort();
        assert.deepEqual(components, [T("HubCluster"), T("InterconnectApplication"), T("InterconnectNetwork"), T("SpokeCluster")]);
    });

    it("types the inputs: references between components, secret kubeconfigs and join information, object types", () => {
        const hub = schema.resources[T("HubCluster")];
        const spoke = schema.resources[T("SpokeCluster")];
        const strip = (p: any) => {
            const { description, ...rest } = p;
            assert.ok(description.length > 10, "documented");
            return rest;
        };
        assert.deepEqual(strip(hub.inputProperties.network), { $ref: `#/resources/${T("InterconnectNetwork")}` });
        assert.deepEqual(strip(hub.inputProperties.kubeconfig), { type: "string", secret: true });
        assert.deepEqual(strip(hub.inputProperties.loadBalancer), { $ref: `#/types/${T("LoadBalancer")}` });
        assert.deepEqual(strip(hub.inputProperties.exposedServices), { type: "array", items: { $ref: `#/types/${T("ExposedService")}` } });
        assert.deepEqual(hub.requiredInputs, ["network", "loadBalancer"]);
        assert.deepEqual(strip(spoke.inputProperties.hub), { $ref: `#/resources/${T("HubCluster")}` });
        assert.deepEqual(strip(spoke.inputProperties.joinInfo), { $ref: `#/types/${T("JoinInfo")}`, secret: true });
        assert.deepEqual(strip(schema.types[T("JoinSigner")].properties.keyPem), { type: "string", secret: true });
    });

    it("types the outputs", () => {
        const hub = schema.resources[T("HubCluster")];
        assert.deepEqual(strip2(hub.properties.routerPort), { type: "integer" });
        assert.deepEqual(strip2(hub.properties.serviceAddresses), { type: "object", additionalProperties: { type: "string" } });
        assert.deepEqual(strip2(hub.properties.shardJoinInfo), { type: "object", additionalProperties: { $ref: `#/types/${T("JoinInfo")}` }, secret: true });
        assert.deepEqual(hub.required, ["siteName", "routerIp", "routerPort", "edgePort", "serviceAddresses", "shards"]);
        assert.deepEqual(strip2(schema.resources[T("CertificateAuthority")].properties.keyPem), { type: "string", secret: true });
        assert.deepEqual(strip2(schema.resources[T("Network")].properties.password), { type: "string", secret: true });
        function strip2(p: any) {
            const { description: _d, ...rest } = p;
            return rest;
        }
    });
});

/**
 * A stack frame of the plugin's or the components' code. The engine prints a
 * construct error as the message alone; the program's own SDK then reports
 * that its registration failed ("resource monitor shut down") with the
 * program's stack (@pulumi/pulumi automation/server.js), which is the
 * program's, not the package's.
 */
/** Everything a preview that must fail printed, with its error; the preview must fail. */
async function failedPreviewOutput(stack: Stack): Promise<string> {
    let output = "";
    await assert.rejects(stack.preview({ onOutput: (o) => (output += o), color: "never" }), (e: Error) => {
        output += e.message;
        return true;
    });
    return output;
}

const PLUGIN_FRAME = /(provider\/plugin\/|dist\/|\/sdk\/(hub|spoke|network|component|application)\/)\S*:\d+/;

describe("construct errors through the real CLI: one line per problem, naming the field, no stack trace", function () {
    this.timeout(10 * 60_000);
    let env: PulumiEnv;

    before(async function () {
        const toolchain = await ensureToolchain({ only: ["pulumi"], log });
        env = await pulumiEnv(toolchain, "construct-errors", {
            log,
            kubernetesPlugin: false,
            env: { PATH: `${path.join(REPO, "bin")}:${toolchain.pulumiBinDir}:${process.env.PATH}` },
        });
    });

    after(() => env?.cleanup());

    it("a field that decides objects, computed by another resource, fails the preview naming the field, without a stack trace", async () => {
        const bad = await inlineStack(env, PROJECT, "unknown-field", async () => {
            const network = new RemoteNetwork("mesh-x");
            // The network CA's certificate exists only after an update: unknown in a preview.
            new RemoteHub("hub-x", { network, ...hubArgs(NEVER_USED_KUBECONFIG), clusterId: network.caCertPem });
            return {};
        });
        const output = await failedPreviewOutput(bad);
        assert.match(
            output,
            /error: edge-interconnect:index:HubCluster resource 'hub-x' has a problem: HubCluster "hub-x": clusterId must be known when the program runs, not computed by another resource\n/,
        );
        assert.doesNotMatch(output, PLUGIN_FRAME, "no stack frame of the plugin");
        await bad.workspace.removeStack("unknown-field");
    });

    it("a component's argument error reaches the user as one line, without a stack trace", async () => {
        const bad = await inlineStack(env, PROJECT, "bad-argument", async () => {
            const network = new RemoteNetwork("mesh-y");
            new RemoteHub("hub-y", { network, ...hubArgs(NEVER_USED_KUBECONFIG), loadBalancer: { addresses: ["10.1.0.500/28"] } });
            return {};
        });
        const output = await failedPreviewOutput(bad);
        assert.match(
            output,
            /error: edge-interconnect:index:HubCluster resource 'hub-y' has a problem: HubCluster "hub-y": loadBalancer\.addresses\[0\] "10\.1\.0\.500\/28" is not a CIDR such as 10\.0\.0\.0\/24\n/,
        );
        assert.doesNotMatch(output, PLUGIN_FRAME, "no stack frame of the plugin");
        await bad.workspace.removeStack("bad-argument");
    });

    it("a kubeconfig that is not one is refused naming the field, and its text (a secret) is printed nowhere", async () => {
        const marker = "not-a-kubeconfig-but-a-secret-4f1c";
        const bad = await inlineStack(env, PROJECT, "bad-kubeconfig", async () => {
            const network = new RemoteNetwork("mesh-z");
            new RemoteHub("hub-z", { network, ...hubArgs(pulumi.secret(`apiVersion: v1\ntoken: ${marker}\n`)) });
            return {};
        });
        const output = await failedPreviewOutput(bad);
        assert.match(
            output,
            /error: edge-interconnect:index:HubCluster resource 'hub-z' has a problem: HubCluster "hub-z": kubeconfig is not a kubeconfig: "clusters" must be a non-empty list\n/,
        );
        // The engine appends property values to InputPropertiesError messages without redacting secrets; the plugin sends none.
        assert.equal(output.includes(marker), false, "the kubeconfig's text is not in the CLI's output");
        assert.doesNotMatch(output, PLUGIN_FRAME, "no stack frame of the plugin");
        await bad.workspace.removeStack("bad-kubeconfig");
    });
});

describe("the components used remotely from a program (construct) on real control planes, compared with the TypeScript program", function () {
    this.timeout(40 * 60_000);
    let toolchain: Toolchain;
    const clusters: Record<string, Cluster> = {};
    let env: PulumiEnv;
    let local: Stack;
    let remote: Stack;
    /** What the TypeScript program made on each cluster. */
    let expected: Record<string, Record<string, unknown>>;
    let cliOutput = "";
    const onOutput = (out: string) => (cliOutput += out);

    async function configure(stack: Stack) {
        await stack.setAllConfig(Object.fromEntries([HUB, ...SPOKES].map((n) => [`${PROJECT}:${n}`, { value: clusters[n].kubeconfig, secret: true }])));
    }

    async function up(stack: Stack, label: string) {
        const rec = stepRecorder();
        const started = Date.now();
        const res = await stack.up({ onEvent: rec.onEvent, onOutput, color: "never" });
        log(`up (${label}) in ${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(res.summary.resourceChanges)}`);
        assert.equal(res.summary.result, "succeeded");
        return { steps: rec.steps, outputs: res.outputs };
    }

    before(async function () {
        toolchain = await ensureToolchain({ log });
        const started = await startClusters([HUB, ...SPOKES], (n) => ({ metallb: n === HUB, toolchain, log }));
        started.forEach((c) => (clusters[c.name] = c));
        // The engine finds the package's plugin on PATH (bin/), beside the toolchain's CLI.
        env = await pulumiEnv(toolchain, "construct", { log, env: { PATH: `${path.join(REPO, "bin")}:${toolchain.pulumiBinDir}:${process.env.PATH}` } });
        assert.ok(fs.existsSync(path.join(REPO, "dist/provider/plugin/main.js")), "the plugin is built (npx tsc -p tsconfig.json)");
        local = await inlineStack(env, PROJECT, "local", localProgram);
        remote = await inlineStack(env, PROJECT, "remote", remoteProgram);
        await configure(local);
        await configure(remote);
    });

    keepEvidenceOnFailure(() => ({ clusters, env }), log);

    /** What the TypeScript program's `pulumi up` created. */
    let localResources: string[];

    it("the TypeScript program (local components) deploys 1 hub + 2 spokes; its objects are recorded, then destroyed", async () => {
        const { outputs, steps } = await up(local, "TypeScript program");
        localResources = created(steps);
        assert.deepEqual([outputs.hubAddress.value, outputs.links.value], [`${ROUTER_IP}:55671`, ["link-to-store-hub", "link-to-store-hub"]]);
        expected = await objectsOnClusters(clusters);
        assert.deepEqual(Object.keys(expected[HUB]), HUB_OBJECTS);
        for (const s of SPOKES) assert.deepEqual(Object.keys(expected[s]), SPOKE_OBJECTS, s);
        const res = await local.destroy({ onOutput, color: "never" });
        assert.equal(res.summary.result, "succeeded");
        for (const n of Object.keys(clusters)) assert.deepEqual(await leftovers(clusters[n]), [], n);
    });

    it("the same program with remote components previews the same resources: the engine has the plugin construct each component", async () => {
        const rec = stepRecorder();
        await remote.preview({ onEvent: rec.onEvent, onOutput, color: "never" });
        const components = rec.steps.filter((s) => COMPONENT_TYPES.includes(s.type)).map((s) => `${s.op} ${s.type} ${s.name}`);
        assert.deepEqual(components.sort(), [
            `create ${T("HubCluster")} ${HUB}`,
            `create ${T("InterconnectNetwork")} shop-mesh`,
            `create ${T("SpokeCluster")} store-1`,
            `create ${T("SpokeCluster")} store-2`,
        ]);
        assert.deepEqual(
            rec.steps.filter((s) => s.op !== "create").map((s) => `${s.op} ${s.name}`),
            [],
        );
        assert.deepEqual(created(rec.steps), withPackageProvider(localResources));
    });

    it("pulumi up through construct creates the same resources; the components' outputs come back from the plugin", async () => {
        const { outputs, steps } = await up(remote, "remote components");
        assert.deepEqual(created(steps), withPackageProvider(localResources));
        assert.equal(outputs.networkName.value, "shop-mesh");
        assert.deepEqual(outputs.hub.value, {
            siteName: HUB,
            routerIp: ROUTER_IP,
            routerPort: 55671,
            serviceAddresses: { "my-backend": BACKEND_ADDRESS },
        });
        assert.deepEqual(
            outputs.spokes.value,
            SPOKES.map((s) => [s, "link-to-store-hub", `${ROUTER_IP}:55671`, { "my-backend": BACKEND_ADDRESS }]),
        );
    });

    it("the clusters hold exactly the objects the TypeScript program made: same kinds, names, namespaces, labels, annotations and key fields", async () => {
        const actual = await objectsOnClusters(clusters);
        for (const n of [HUB, ...SPOKES]) assert.deepEqual(Object.keys(actual[n]), Object.keys(expected[n]), `${n}: the same objects`);
        assert.deepEqual(actual, expected);
        await waitFor(
            `skupper-router to be assigned ${ROUTER_IP}`,
            async () =>
                (await clusters[HUB].client.get("v1", "Service", "skupper-router", "interconnect"))?.status?.loadBalancer?.ingress?.[0]?.ip === ROUTER_IP,
            { timeoutMs: 60_000, intervalMs: 500 },
        );
    });

    it("the state: the components are the plugin's, their children under them, kubeconfigs only as secrets", async () => {
        const raw = execFileSync(toolchain.pulumi!, ["stack", "export", "--stack", "remote"], {
            cwd: env.workDir,
            env: { ...process.env, ...env.envVars },
            encoding: "utf8",
            timeout: 120_000,
        });
        const resources = JSON.parse(raw).deployment.resources as any[];
        const count = (type: string) => resources.filter((r) => r.type === type).length;
        assert.deepEqual(
            ["InterconnectNetwork", "HubCluster", "SpokeCluster"].map((t) => count(T(t))),
            [1, 1, 2],
        );
        const hubUrn = resources.find((r) => r.type === T("HubCluster")).urn;
        const providers = resources.filter((r) => r.type === "pulumi:providers:kubernetes");
        assert.deepEqual(providers.map((p) => [p.urn.split("::").pop(), p.parent === hubUrn || SPOKES.some((s) => p.parent.endsWith(`::${s}`))]).sort(), [
            ["store-1-k8s", true],
            ["store-2-k8s", true],
            ["store-hub-k8s", true],
        ]);
        for (const p of providers) assert.equal(p.inputs.kubeconfig?.[SECRET_SIG], "1b47061264138c4ac30d75fd1eb44270", `${p.urn}: the kubeconfig is a secret`);
        for (const m of kubeconfigMarkers(clusters)) {
            assert.equal(raw.includes(m), false, "no kubeconfig in plain text in the state");
            assert.equal(cliOutput.includes(m), false, "no kubeconfig in the CLI's output");
        }
    });

    it("pulumi refresh --expect-no-changes holds", async () => {
        const res = await remote.refresh({ expectNoChanges: true, onOutput, color: "never" });
        assert.equal(res.summary.result, "succeeded");
    });

    it("pulumi destroy leaves nothing labelled by the package on any cluster", async () => {
        const res = await remote.destroy({ onOutput, color: "never" });
        assert.equal(res.summary.result, "succeeded");
        for (const n of Object.keys(clusters)) assert.deepEqual(await leftovers(clusters[n]), [], n);
    });
});
