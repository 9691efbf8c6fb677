/**
 * Bad input, table-driven, across the components, the stack configuration,
 * the providers' checks and the command line. Each case must give one clear
 * error that names the field and says what is allowed, with no JavaScript
 * stack, and leave nothing half-created.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { SignJWT } from "jose";
import { checkDeploymentInputs } from "../../provider/deployment/inputs";
import { checkNetworkInputs } from "../../provider/network/inputs";
import { parseStackConfig, StackConfigError } from "../../sdk/stack/config";
import { RecordingMocks } from "../support/mocks";
import { kubeconfig, PKI_PROVIDERS } from "../support/clusters";

const ROOT = path.resolve(__dirname, "../..");
const ORCH = { apiUrl: "https://api.edge.example.com", project: "retail", token: "t" };

type Sdk = typeof import("../../sdk");

describe("bad input: one clear error naming the field", function () {
    this.timeout(120_000);
    const mocks = new RecordingMocks({}, PKI_PROVIDERS);
    let sdk: Sdk;
    let counted = 0;
    before(async () => {
        await pulumi.runtime.setMocks(mocks, "edge-interconnect-test", "dev", false);
        sdk = await import("../../sdk");
    });
    after(() => assert.ok(counted >= 40, `the suite must cover at least 40 bad inputs, covered ${counted}`));

    /** A fresh network per case, so member names never collide across cases. */
    let n = 0;
    const net = (args: import("../../sdk").InterconnectNetworkArgs = {}) => new sdk.InterconnectNetwork(`bad-net-${n++}`, args);
    const hubArgs = (network: import("../../sdk").InterconnectNetwork, patch: Record<string, unknown> = {}): any => ({
        network,
        kubeconfig: kubeconfig(),
        loadBalancer: { addresses: ["10.1.0.32/28"] },
        allowedSourceRanges: ["10.2.0.0/16"],
        ...patch,
    });
    const svc = (patch: Record<string, unknown>) => ({ exposedServices: [{ name: "api", namespace: "shop", port: 8080, ...patch }] });

    const components: [string, (s: Sdk) => unknown, string][] = [
        ["an uppercase network name", () => net({ networkName: "Shop" }), `networkName "Shop" is not allowed; use lowercase letters, digits and '-'`],
        ["a network name of 41 characters", () => net({ networkName: "a".repeat(41) }), "networkName is 41 characters long; use lowercase letters"],
        [
            "a network name with an early dash",
            () => net({ networkName: "a-" + "b".repeat(25) }),
            "networkName \"a-bbbbbbbbbbbbbbbbbbbbbbbbb\" has a '-' too far from the end",
        ],
        [
            "a non-https apiUrl",
            () => net({ orchestrator: { ...ORCH, apiUrl: "http://api.edge.example.com" } }),
            "orchestrator.apiUrl must use https; plain http is allowed only to a loopback address",
        ],
        [
            "an apiUrl that is no URL",
            () => net({ orchestrator: { ...ORCH, apiUrl: "api.edge" } }),
            "orchestrator.apiUrl must be an absolute URL such as https://api.<cluster-fqdn>",
        ],
        ["an empty project", () => net({ orchestrator: { ...ORCH, project: " " } }), "orchestrator.project must not be empty"],
        ["a site namespace that is no namespace name", () => net({ naming: { siteNamespace: "Bad NS" } }), "naming.siteNamespace must be a namespace name"],
        ["an empty annotation prefix", () => net({ naming: { annotationPrefix: "" } }), "naming.annotationPrefix must be a DNS subdomain"],
        [
            "a malformed pool CIDR",
            () => new sdk.HubCluster("h", hubArgs(net(), { loadBalancer: { addresses: ["10.1.0.0/33"] } })),
            'HubCluster "h": loadBalancer.addresses[0] "10.1.0.0/33" has a prefix longer than 32',
        ],
        [
            "a pool range that ends before it starts",
            () => new sdk.HubCluster("h", hubArgs(net(), { loadBalancer: { addresses: ["10.0.0.9-10.0.0.1"] } })),
            'HubCluster "h": loadBalancer.addresses[0] "10.0.0.9-10.0.0.1" ends before it starts',
        ],
        [
            "overlapping pool entries",
            () => new sdk.HubCluster("h", hubArgs(net(), { loadBalancer: { addresses: ["10.0.0.0/28", "10.0.0.8-10.0.0.20"] } })),
            'HubCluster "h": loadBalancer.addresses "10.0.0.0/28" and "10.0.0.8-10.0.0.20" overlap',
        ],
        [
            "a router IP outside its pool",
            () => new sdk.HubCluster("h", hubArgs(net(), { loadBalancer: { addresses: ["10.1.0.32/28"], routerIp: "10.1.0.99" } })),
            'HubCluster "h": loadBalancer.routerIp 10.1.0.99 is not an address of the pool',
        ],
        [
            "an empty pool",
            () => new sdk.HubCluster("h", hubArgs(net(), { loadBalancer: { addresses: [] } })),
            'HubCluster "h": loadBalancer.addresses must list at least one CIDR or range',
        ],
        [
            "a source range of 0.0.0.0/0",
            () => new sdk.HubCluster("h", hubArgs(net(), { allowedSourceRanges: ["0.0.0.0/0"] })),
            'HubCluster "h": allowedSourceRanges[0] 0.0.0.0/0 opens the router\'s LoadBalancer to the Internet',
        ],
        [
            "a source range of ::/0",
            () => new sdk.HubCluster("h", hubArgs(net(), { allowedSourceRanges: ["::/0"] })),
            'HubCluster "h": allowedSourceRanges[0] ::/0 opens the router\'s LoadBalancer to the Internet',
        ],
        [
            "no source ranges",
            () => new sdk.HubCluster("h", hubArgs(net(), { allowedSourceRanges: [] })),
            'HubCluster "h": allowedSourceRanges is empty, which would open the router\'s LoadBalancer to the Internet',
        ],
        [
            "a malformed source range",
            () => new sdk.HubCluster("h", hubArgs(net(), { allowedSourceRanges: ["10.2.0.0"] })),
            'HubCluster "h": allowedSourceRanges[0] "10.2.0.0" is not a CIDR such as 10.0.0.0/24',
        ],
        ["port 0", () => new sdk.HubCluster("h", hubArgs(net(), svc({ port: 0 }))), 'HubCluster "h": exposedServices[0].port must be from 1 to 65535'],
        ["port 70000", () => new sdk.HubCluster("h", hubArgs(net(), svc({ port: 70000 }))), 'HubCluster "h": exposedServices[0].port must be from 1 to 65535'],
        [
            "a fractional port",
            () => new sdk.HubCluster("h", hubArgs(net(), svc({ port: 80.5 }))),
            'HubCluster "h": exposedServices[0].port must be a whole number',
        ],
        [
            "a NodePort exposed service",
            () => new sdk.HubCluster("h", hubArgs(net(), svc({ type: "NodePort" }))),
            'HubCluster "h": exposedServices[0].type is NodePort; only a ClusterIP Service can be exposed to the router',
        ],
        [
            "a LoadBalancer exposed service",
            () => new sdk.HubCluster("h", hubArgs(net(), svc({ type: "LoadBalancer" }))),
            'HubCluster "h": exposedServices[0].type is LoadBalancer; only a ClusterIP Service can be exposed',
        ],
        [
            "the same service exposed twice",
            () =>
                new sdk.HubCluster(
                    "h",
                    hubArgs(net(), {
                        exposedServices: [
                            { name: "api", port: 1 },
                            { name: "api", port: 2 },
                        ],
                    }),
                ),
            'HubCluster "h": exposedServices[1].name "api" is already exposed by exposedServices[0]',
        ],
        [
            "an uppercase service name",
            () => new sdk.HubCluster("h", hubArgs(net(), svc({ name: "API" }))),
            'HubCluster "h": exposedServices[0].name must be a Service name',
        ],
        [
            "a service named like Skupper's router",
            () => new sdk.HubCluster("h", hubArgs(net(), svc({ name: "skupper-router" }))),
            'HubCluster "h": exposedServices[0].name "skupper-router" is a Service the Skupper site owns',
        ],
        ["an uppercase hub name", () => new sdk.HubCluster("Hub", hubArgs(net())), "HubCluster \"Hub\": name must be lowercase letters, digits and '-'"],
        ["a hub name of 51 characters", () => new sdk.HubCluster("h".repeat(51), hubArgs(net())), "name must be at most 50 characters"],
        [
            "a kubeconfig that is not YAML",
            () => new sdk.HubCluster("h", hubArgs(net(), { kubeconfig: "clusters: [" })),
            'HubCluster "h": kubeconfig is not valid YAML or JSON',
        ],
        [
            "a kubeconfig without clusters",
            () => new sdk.HubCluster("h", hubArgs(net(), { kubeconfig: "users: []" })),
            'HubCluster "h": kubeconfig is not a kubeconfig: "clusters" must be a non-empty list',
        ],
        [
            "no kubeconfig at all",
            () => new sdk.HubCluster("h", hubArgs(net(), { kubeconfig: undefined })),
            'HubCluster "h": kubeconfig is required (or give provider or context)',
        ],
        [
            "a kubeconfig and a context",
            () => new sdk.HubCluster("h", hubArgs(net(), { context: "c" })),
            'HubCluster "h": kubeconfig and context are both given; give one of them',
        ],
        [
            "a spoke with a hub's name",
            (s) => {
                const network = net();
                const hub = new s.HubCluster("twin", hubArgs(network));
                return new s.SpokeCluster("twin", { network, hub, kubeconfig: kubeconfig() });
            },
            'name "twin" is already a member of network; cluster names must be unique',
        ],
        [
            "an application that selects the network for an extension",
            (s) =>
                new s.InterconnectApplication("lb", {
                    network: net({ orchestrator: ORCH }),
                    role: "server",
                    appName: "loadbalancer",
                    appVersion: "0.7.1",
                    clusters: ["c"],
                }),
            'InterconnectApplication "lb": appName "loadbalancer" is an extension package: extension packages must not join the interconnect network',
        ],
    ];
    for (const [label, build, message] of components) {
        it(`component: refuses ${label}`, () => {
            counted++;
            const before = mocks.resources.filter((r) => r.type.startsWith("kubernetes:") || r.type === "pulumi:providers:kubernetes").length;
            assert.throws(
                () => build(sdk),
                (e: any) => {
                    assert.equal(e instanceof pulumi.ResourceError || e instanceof pulumi.RunError, true, `${e?.name}: ${e?.message}`);
                    assert.equal(e.hideStack ?? true, true, "no JavaScript stack is shown");
                    assert.ok(e.message.includes(message), `message: ${e.message}\nexpected to contain: ${message}`);
                    assert.equal(e.message.includes("\n"), false, "one line");
                    return true;
                },
            );
            const after = mocks.resources.filter((r) => r.type.startsWith("kubernetes:") || r.type === "pulumi:providers:kubernetes").length;
            assert.equal(after, before, "nothing is created on any cluster");
        });
    }

    const dev = () => JSON.parse(JSON.stringify(require("yaml").parse(fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")).config));
    const stack: [string, (c: Record<string, any>) => void, string][] = [
        ["an unknown top-level key", (c) => (c["edge-interconnect:spoke"] = []), "edge-interconnect:spoke: is not a configuration key of this project"],
        ["an unknown hub key", (c) => (c["edge-interconnect:hubs"][0].routerIP = "x"), 'edge-interconnect:hubs[0]: unknown key(s) "routerIP"'],
        ["missing hubs", (c) => delete c["edge-interconnect:hubs"], "edge-interconnect:hubs: is required"],
        ["missing network", (c) => delete c["edge-interconnect:network"], "edge-interconnect:network: is required"],
        [
            "a port given as a string",
            (c) => (c["edge-interconnect:hubs"][0].exposedServices[0].port = "8080"),
            "edge-interconnect:hubs[0].exposedServices[0].port: must be a number",
        ],
        ["hubs that are not a list", (c) => (c["edge-interconnect:hubs"] = "store-hub"), "edge-interconnect:hubs: must be a list of hubs"],
        [
            "duplicate cluster names",
            (c) => (c["edge-interconnect:spokes"][1].name = "store-1"),
            'edge-interconnect:spokes[1].name: "store-1" is already the name of spokes[0].name',
        ],
        ["a spoke of an unknown hub", (c) => (c["edge-interconnect:spokes"][0].hub = "nowhere"), 'edge-interconnect:spokes[0].hub: "nowhere" is not a hub'],
        [
            "two kubeconfig sources",
            (c) => (c["edge-interconnect:spokes"][0].context = "x"),
            "edge-interconnect:spokes[0].context: cannot be combined with kubeconfigFile",
        ],
        [
            "a non-https orchestrator",
            (c) => (c["edge-interconnect:orchestrator"].apiUrl = "http://orch.example.com"),
            "edge-interconnect:orchestrator.apiUrl: must use https",
        ],
        [
            "applications without an orchestrator",
            (c) => {
                delete c["edge-interconnect:orchestrator"];
                c["edge-interconnect:applications"] = [{ name: "a", role: "client", appName: "a", appVersion: "1", clusters: ["store-1"] }];
            },
            "edge-interconnect:applications: need edge-interconnect:orchestrator",
        ],
        [
            "an application on a direct-mode member",
            (c) => (c["edge-interconnect:applications"] = [{ name: "a", role: "client", appName: "a", appVersion: "1", clusters: ["store-1"] }]),
            'edge-interconnect:applications[0].clusters[0]: "store-1" has no orchestratorClusterId',
        ],
    ];
    for (const [label, change, message] of stack) {
        it(`stack configuration: refuses ${label}`, () => {
            counted++;
            const config = dev();
            change(config);
            assert.throws(
                () => parseStackConfig(config),
                (e: any) => {
                    assert.equal(e instanceof StackConfigError, true);
                    assert.ok(e.message.startsWith(message), `message: ${e.message}\nexpected to start with: ${message}`);
                    assert.equal(e.message.includes("\n"), false);
                    return true;
                },
            );
        });
    }

    const valid = { apiUrl: "https://api.edge.example.com", project: "retail", networkName: "mesh", description: "" };
    it("provider check: refuses an expired token, naming it, without echoing it", async () => {
        counted++;
        const key = new TextEncoder().encode("k".repeat(32));
        const token = await new SignJWT({})
            .setProtectedHeader({ alg: "HS256" })
            .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
            .sign(key);
        const { failures } = checkNetworkInputs({ ...valid, token }, {});
        assert.equal(failures.length, 1);
        assert.equal(failures[0].property, "token");
        assert.match(
            failures[0].reason,
            /^expired at \d{4}-\d\d-\d\dT.*; obtain a new token, or give username and password so the provider can log in itself$/,
        );
        assert.equal(failures[0].reason.includes(token), false);
    });
    const providerCases: [string, Record<string, unknown>, Record<string, string | undefined>, { property: string; reason: string }[]][] = [
        [
            "missing credentials",
            valid,
            {},
            [
                {
                    property: "token",
                    reason: "no orchestrator credentials: set orchestrator.token, or orchestrator.username and orchestrator.password, or the environment variables EDGE_ORCH_TOKEN or EDGE_ORCH_USERNAME and EDGE_ORCH_PASSWORD",
                },
            ],
        ],
        ["a password without a username", { ...valid, password: "p" }, {}, [{ property: "username", reason: "username and password must be given together" }]],
        [
            "a non-PEM CA",
            { ...valid, token: "t", caCert: "not a pem" },
            {},
            [{ property: "caCert", reason: "must be a PEM bundle containing at least one -----BEGIN CERTIFICATE----- block" }],
        ],
        [
            "a zero operation timeout",
            { ...valid, token: "t", operationTimeoutSeconds: 0 },
            {},
            [{ property: "operationTimeoutSeconds", reason: "must be at least 1" }],
        ],
    ];
    for (const [label, inputs, env, failures] of providerCases) {
        it(`provider check: refuses ${label}`, () => {
            counted++;
            assert.deepEqual(checkNetworkInputs(inputs, env).failures, failures);
        });
    }
    it("provider check: refuses the network for the skupper extension deployment", () => {
        counted++;
        const { failures } = checkDeploymentInputs(
            { apiUrl: valid.apiUrl, project: "p", token: "t", appName: "skupper", appVersion: "0.3.1", networkName: "mesh" },
            {},
        );
        assert.deepEqual(
            failures.map((f) => f.property),
            ["networkName"],
        );
    });

    const cli: [string, string[], string][] = [
        ["an unknown flag", ["plan", "--colour"], "edge-interconnect: Unknown option '--colour'"],
        ["a stack file that does not exist", ["plan", "Pulumi.nope.yaml"], "edge-interconnect: Pulumi.nope.yaml: no such file or folder"],
        ["a stack file that is not YAML", ["plan", "BROKEN"], "edge-interconnect: "],
        ["a bad server port", ["orchestrator", "serve", "--port", "99999"], 'edge-interconnect: --port: expected an integer from 0 to 65535, got "99999"'],
    ];
    for (const [label, args, prefix] of cli) {
        it(`command line: refuses ${label} with one line and exit code 2`, () => {
            counted++;
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bad-cli-"));
            try {
                const broken = path.join(dir, "Pulumi.broken.yaml");
                fs.writeFileSync(broken, "config: [unclosed");
                const argv = args.map((a) => (a === "BROKEN" ? broken : a));
                const res = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(ROOT, "sdk/cli/main.ts"), ...argv], {
                    cwd: ROOT,
                    encoding: "utf8",
                    timeout: 60_000,
                });
                assert.equal(res.status, 2, res.stderr);
                const lines = res.stderr.split("\n").filter((l) => l && !l.startsWith("· "));
                assert.equal(lines.length, 1, res.stderr);
                assert.ok(lines[0].startsWith(prefix), lines[0]);
                assert.equal(/\n\s+at /.test(res.stderr), false, "no stack trace");
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });
    }
});
