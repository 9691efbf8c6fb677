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
import { RecordingMocks, settle, waitFor } from "../support/mocks";
import { kubeconfig, PKI_PROVIDERS } from "../support/clusters";
import { CLI, TOOLS_CLI } from "../support/cli";

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
        [
            "a misspelt configuration namespace",
            (c) => {
                c["edge-interconect:spokes"] = c["edge-interconnect:spokes"];
                delete c["edge-interconnect:spokes"];
            },
            'edge-interconect:spokes: is in namespace "edge-interconect", not this project\'s "edge-interconnect"; did you mean edge-interconnect:spokes?',
        ],
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
        ["an unknown flag", ["plan", "--colour"], "edge-interconnect: unknown option '--colour'"],
        ["a stack file that does not exist", ["plan", "Pulumi.nope.yaml"], "edge-interconnect: Pulumi.nope.yaml: no such file or folder"],
        ["a stack file that is not YAML", ["plan", "BROKEN"], "edge-interconnect: "],
        [
            "a bad server port (development tools)",
            ["TOOLS", "orchestrator", "serve", "--port", "99999"],
            'edge-interconnect tools: --port: expected an integer from 0 to 65535, got "99999"',
        ],
    ];
    for (const [label, args, prefix] of cli) {
        it(`command line: refuses ${label} with one line and exit code 2`, () => {
            counted++;
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bad-cli-"));
            try {
                const broken = path.join(dir, "Pulumi.broken.yaml");
                fs.writeFileSync(broken, "config: [unclosed");
                const tools = args[0] === "TOOLS";
                const argv = (tools ? args.slice(1) : args).map((a) => (a === "BROKEN" ? broken : a));
                const cli = tools ? TOOLS_CLI : CLI;
                const res = spawnSync(cli[0], [...cli.slice(1), ...argv], {
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

/**
 * Generated per class: each field × each class of bad value, so a new field
 * or class is covered without a hand-written case. Messages are exact.
 */
describe("bad input, generated per field and class", function () {
    this.timeout(120_000);
    const mocks = new RecordingMocks({}, PKI_PROVIDERS);
    let sdk: Sdk;
    let n = 0;
    before(async () => {
        await pulumi.runtime.setMocks(mocks, "edge-interconnect-test", "dev", false);
        sdk = await import("../../sdk");
    });
    const onClusters = () => mocks.resources.filter((r) => r.type.startsWith("kubernetes:") || r.type === "pulumi:providers:kubernetes").map((r) => r.name);
    const hubArgs = (network: import("../../sdk").InterconnectNetwork, patch: Record<string, unknown> = {}): any => ({
        network,
        kubeconfig: kubeconfig(),
        loadBalancer: { addresses: ["10.1.0.32/28"] },
        allowedSourceRanges: ["10.2.0.0/16"],
        ...patch,
    });
    /** Builds one member of `kind` with `field` set to `value` (alone: the other access fields removed). */
    const member = (kind: "HubCluster" | "SpokeCluster", field: string, value: unknown) => {
        const network = new sdk.InterconnectNetwork(`gen-net-${n++}`, {});
        const access = { kubeconfig: undefined, [field]: value };
        if (kind === "HubCluster") return () => new sdk.HubCluster(`gen-hub-${n}`, hubArgs(network, access));
        const hub = new sdk.HubCluster(`gen-hub-${n}`, hubArgs(network));
        return () => new sdk.SpokeCluster(`gen-spoke-${n}`, { network, hub, ...access } as any);
    };
    const refuses = (build: () => unknown, message: string) => {
        const before = onClusters().length;
        assert.throws(build, (e: any) => {
            assert.equal(e instanceof pulumi.ResourceError, true, `${e?.name}: ${e?.message}`);
            assert.equal(e.hideStack, true, "no JavaScript stack");
            assert.equal(e.message, message);
            return true;
        });
        assert.equal(onClusters().length, before, "nothing is created on any cluster");
    };

    const noServer = JSON.stringify({
        clusters: [{ name: "c", cluster: {} }],
        contexts: [{ name: "c", context: { cluster: "c", user: "u" } }],
        users: [{ name: "u", user: {} }],
    });
    const strayContext = JSON.parse(kubeconfig());
    strayContext["current-context"] = "elsewhere";
    const KUBECONFIG_CLASSES: [string, unknown, string][] = [
        ["null", null, "must be the kubeconfig's text (YAML or JSON), not null"],
        ["an empty string", "", "is empty; give the cluster's kubeconfig (YAML or JSON)"],
        ["whitespace", " \n\t", "is empty; give the cluster's kubeconfig (YAML or JSON)"],
        ["a number", 42, "must be the kubeconfig's text (YAML or JSON), not a number"],
        ["an object", { clusters: [] }, "must be the kubeconfig's text (YAML or JSON), not an object"],
        ["a list", ["a"], "must be the kubeconfig's text (YAML or JSON), not a list"],
        ["a YAML list", "[]", "is not a kubeconfig: expected a mapping with clusters, contexts and users"],
        ["no users", JSON.stringify({ clusters: [{}], contexts: [{}], users: [] }), 'is not a kubeconfig: "users" must be a non-empty list'],
        ["a current-context naming nothing", JSON.stringify(strayContext), 'is not usable: "current-context" names a context the kubeconfig does not list'],
        ["a cluster without a server", noServer, 'is not usable: every entry of "clusters" needs a server URL'],
    ];
    const CONTEXT_CLASSES: [string, unknown, string][] = [
        ["an empty string", "", "is empty; an empty context selects whatever the default kubeconfig's current context is"],
        ["whitespace", "  ", "is empty; an empty context selects whatever the default kubeconfig's current context is"],
        ["null", null, "must be the name of a kubeconfig context, not null"],
        ["a number", 5, "must be the name of a kubeconfig context, not a number"],
        ["an escape sequence", "prod\u001b[2J", "must not contain control characters"],
    ];
    const PROVIDER_CLASSES: [string, unknown, string][] = [
        ["an object", { kubeconfig: "x" }, "must be a Kubernetes provider (new k8s.Provider(...) from @pulumi/kubernetes), not an object"],
        ["a string", "default", "must be a Kubernetes provider (new k8s.Provider(...) from @pulumi/kubernetes), not a string"],
        ["null", null, "must be a Kubernetes provider (new k8s.Provider(...) from @pulumi/kubernetes), not null"],
        ["a number", 1, "must be a Kubernetes provider (new k8s.Provider(...) from @pulumi/kubernetes), not a number"],
    ];
    const FIELDS: [string, [string, unknown, string][]][] = [
        ["kubeconfig", KUBECONFIG_CLASSES],
        ["context", CONTEXT_CLASSES],
        ["provider", PROVIDER_CLASSES],
    ];
    for (const kind of ["HubCluster", "SpokeCluster"] as const) {
        for (const [field, classes] of FIELDS) {
            for (const [label, value, problem] of classes) {
                it(`${kind}: refuses ${field} given as ${label}, naming the cluster and the field`, () => {
                    const build = member(kind, field, value);
                    refuses(build, `${kind} "gen-${kind === "HubCluster" ? "hub" : "spoke"}-${n}": ${field} ${problem}`);
                });
            }
        }
    }

    // Values known only at deploy time: the check runs inside the Output.
    const { checkedKubeconfig } = require("../../sdk/kube/clusterProvider") as typeof import("../../sdk/kube/clusterProvider");
    const { argumentFailure } = require("../../sdk/component/argumentError") as typeof import("../../sdk/component/argumentError");
    for (const [label, value, problem] of KUBECONFIG_CLASSES) {
        it(`an Output kubeconfig resolving to ${label} fails inside the Output with the cluster and the field`, async () => {
            const owner = new pulumi.ComponentResource("test:index:Owner", `owner-${n++}`);
            const checked = checkedKubeconfig(pulumi.output(value as string), argumentFailure(owner, 'HubCluster "edge-hub"'));
            await assert.rejects((checked as any).promise(), (e: any) => {
                assert.equal(e instanceof pulumi.ResourceError, true);
                assert.equal(e.message, `HubCluster "edge-hub": kubeconfig ${problem}`);
                return true;
            });
        });
    }
    for (const kind of ["HubCluster", "SpokeCluster"] as const) {
        it(`${kind}: an Output kubeconfig resolving to "" never registers a provider or an object for that cluster`, async () => {
            const network = new sdk.InterconnectNetwork(`out-net-${n++}`, {});
            const name = `out-${kind.toLowerCase()}-${n}`;
            if (kind === "HubCluster") new sdk.HubCluster(name, hubArgs(network, { kubeconfig: pulumi.output("") }));
            else new sdk.SpokeCluster(name, { network, hub: new sdk.HubCluster(`${name}-hub`, hubArgs(network)), kubeconfig: pulumi.output("") });
            // The member's certificates are registered after its provider is asked for: once they are, so would the provider be.
            await waitFor(
                () =>
                    mocks.resources.some(
                        (r) =>
                            r.name.startsWith(`${name}-`) &&
                            ["edge-interconnect:index:CertificateAuthority", "edge-interconnect:index:SignedCertificate"].includes(r.type),
                    ),
                `${name}'s certificates`,
            );
            await settle();
            assert.deepEqual(
                mocks.resources.filter((r) => r.name === `${name}-k8s` || (r.provider ?? "").includes(`::${name}-k8s::`)).map((r) => r.name),
                [],
            );
        });
    }

    it("cross-hub rules run in the components: a service exposed by two hubs, one router IP on two hubs", () => {
        const network = new sdk.InterconnectNetwork(`x-net-${n++}`, {});
        new sdk.HubCluster("x-a", hubArgs(network, { exposedServices: [{ name: "api", port: 80 }] }));
        refuses(
            () => new sdk.HubCluster("x-b", hubArgs(network, { loadBalancer: { addresses: ["10.1.1.0/28"] }, exposedServices: [{ name: "api", port: 81 }] })),
            'HubCluster "x-b": exposedServices[0].name "api" is also exposed by hub "x-a"; each network address must be unique',
        );
        refuses(
            () => new sdk.HubCluster("x-c", hubArgs(network)),
            `HubCluster "x-c": loadBalancer.routerIp 10.1.0.33 is also the router address of hub "x-a"; spokes' link tokens name the router by address, so each hub needs its own`,
        );
    });

    it("the name used for labels is checked when networkName is an Output", () => {
        const network = new sdk.InterconnectNetwork("Retail Mesh", { networkName: pulumi.output("retail-mesh") });
        refuses(
            () => new sdk.HubCluster(`label-hub-${n++}`, hubArgs(network)),
            `network "Retail Mesh" (the name used for labels and object names on the clusters) "Retail Mesh" is not allowed; use lowercase letters, digits and '-', starting and ending with a letter or digit, at most 40 characters; give networkName as a plain string, or a valid resource name`,
        );
    });

    const ACCEPT = "list the spokes' egress CIDRs, or set allowPublicExposure: true to accept the risk";
    const addressCases: [string, Record<string, unknown>, string][] = [
        [
            "an IPv6 pool with only IPv4 source ranges",
            { loadBalancer: { addresses: ["fd00:10::/120"] } },
            `allowedSourceRanges open the router's LoadBalancer at fd00:10:: to the Internet: no IPv6 range is listed, and kube-proxy applies only the ranges of the Service's own family, so every IPv6 address may connect; ${ACCEPT}`,
        ],
        [
            "an IPv4 router with only IPv6 source ranges",
            { allowedSourceRanges: ["fd10::/64"] },
            `allowedSourceRanges open the router's LoadBalancer at 10.1.0.33 to the Internet: no IPv4 range is listed, and kube-proxy applies only the ranges of the Service's own family, so every IPv4 address may connect; ${ACCEPT}`,
        ],
        [
            "two halves of a public /8, neither public alone",
            { allowedSourceRanges: ["10.2.0.0/16", "11.0.0.0/9", "11.128.0.0/9"] },
            `allowedSourceRanges open the router's LoadBalancer at 10.1.0.33 to the Internet: 10.2.0.0/16, 11.0.0.0/9, 11.128.0.0/9 together cover 0.45% of the public IPv4 address space (public from 1/256 on); ${ACCEPT}`,
        ],
        [
            "half of the Internet (public on its own)",
            { allowedSourceRanges: ["0.0.0.0/1", "128.0.0.0/1"] },
            `allowedSourceRanges[0] 0.0.0.0/1 opens the router's LoadBalancer to the Internet (the product documentation's Best Practices forbid it); ${ACCEPT}`,
        ],
        [
            "a source range with host bits",
            { allowedSourceRanges: ["10.2.0.1/16"] },
            'allowedSourceRanges[0] "10.2.0.1/16" has host bits set; the network is 10.2.0.0/16 (write that, or a longer prefix for a smaller range)',
        ],
        [
            "a whole-Internet pool",
            { loadBalancer: { addresses: ["0.0.0.0/0"] }, allowPublicExposure: true },
            "loadBalancer.addresses cover a large share of the public IPv4 Internet (1/256 or more of it); MetalLB would announce addresses that belong to others. List the hub's own LoadBalancer addresses, e.g. 10.1.0.32/28",
        ],
        [
            "a router IP on the pool's network address",
            { loadBalancer: { addresses: ["10.1.0.32/28"], routerIp: "10.1.0.32" } },
            "loadBalancer.routerIp 10.1.0.32 is the network address of 10.1.0.32/28, which hosts on that subnet cannot reach; choose a host address of the pool",
        ],
        [
            "a router IP on the pool's broadcast address",
            { loadBalancer: { addresses: ["10.1.0.32/28"], routerIp: "10.1.0.47" } },
            "loadBalancer.routerIp 10.1.0.47 is the broadcast address of 10.1.0.32/28, which hosts on that subnet cannot reach; choose a host address of the pool",
        ],
    ];
    for (const [label, patch, message] of addressCases) {
        it(`HubCluster: refuses ${label}`, () => {
            const network = new sdk.InterconnectNetwork(`addr-net-${n++}`, {});
            refuses(() => new sdk.HubCluster(`addr-hub-${n}`, hubArgs(network, patch)), `HubCluster "addr-hub-${n}": ${message}`);
        });
    }

    // Stack configuration: prototype keys, control characters, project names, sizes.
    const dev = () => JSON.parse(JSON.stringify(require("yaml").parse(fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")).config));
    const stackIssues = (config: Record<string, unknown>) => {
        try {
            parseStackConfig(config);
        } catch (e) {
            assert.ok(e instanceof StackConfigError, String(e));
            assert.equal(e.message.includes("\n"), false);
            assert.ok(e.message.length <= 700, `message of ${e.message.length} characters`);
            return e.issues;
        }
        assert.fail("accepted");
    };
    /** Places within the stack configuration, as [where a key is added, its key path]. */
    const PLACES: [string, (c: any) => any][] = [
        ["edge-interconnect:network", (c) => c["edge-interconnect:network"]],
        ["edge-interconnect:orchestrator", (c) => c["edge-interconnect:orchestrator"]],
        ["edge-interconnect:hubs[0]", (c) => c["edge-interconnect:hubs"][0]],
        ["edge-interconnect:hubs[0].loadBalancer", (c) => c["edge-interconnect:hubs"][0].loadBalancer],
        ["edge-interconnect:hubs[0].exposedServices[1]", (c) => c["edge-interconnect:hubs"][0].exposedServices[1]],
        ["edge-interconnect:spokes[1]", (c) => c["edge-interconnect:spokes"][1]],
    ];
    for (const key of ["__proto__", "constructor", "prototype"]) {
        for (const [where, at] of PLACES) {
            it(`stack configuration: refuses a "${key}" key in ${where}, whatever it holds`, () => {
                const config = dev();
                // JSON.parse makes "__proto__" an own key, as the engine's configuration JSON does.
                Object.assign(at(config), JSON.parse(`{"${key}": {"allowPublicExposure": true, "name": "x"}}`));
                Object.defineProperty(at(config), key, { value: { allowPublicExposure: true }, enumerable: true, configurable: true, writable: true });
                assert.deepEqual(stackIssues(config), [
                    { path: where, message: `has the key "${key}", which is not configuration (it would reach JavaScript object prototypes); remove it` },
                ]);
            });
        }
    }
    it("stack configuration: __proto__ cannot switch on allowPublicExposure (both problems reported)", () => {
        const config = dev();
        const hub = config["edge-interconnect:hubs"][0];
        Object.defineProperty(hub, "__proto__", { value: { allowPublicExposure: true }, enumerable: true, configurable: true, writable: true });
        hub.allowedSourceRanges = ["0.0.0.0/0"];
        assert.deepEqual(stackIssues(config), [
            {
                path: "edge-interconnect:hubs[0]",
                message: 'has the key "__proto__", which is not configuration (it would reach JavaScript object prototypes); remove it',
            },
            {
                path: "edge-interconnect:hubs[0].allowedSourceRanges[0]",
                message: `0.0.0.0/0 opens the router's LoadBalancer to the Internet (the product documentation's Best Practices forbid it); ${ACCEPT}`,
            },
        ]);
    });
    const STRING_FIELDS: [string, (c: any, v: string) => void][] = [
        ["edge-interconnect:network.description", (c, v) => (c["edge-interconnect:network"].description = v)],
        ["edge-interconnect:orchestrator.username", (c, v) => (c["edge-interconnect:orchestrator"].username = v)],
        ["edge-interconnect:hubs[0].kubeconfigFile", (c, v) => (c["edge-interconnect:hubs"][0].kubeconfigFile = v)],
        ["edge-interconnect:hubs[0].exposedServices[0].namespace", (c, v) => (c["edge-interconnect:hubs"][0].exposedServices[0].namespace = v)],
        ["edge-interconnect:spokes[0].hub", (c, v) => (c["edge-interconnect:spokes"][0].hub = v)],
    ];
    const CONTROL_VALUES: [string, string][] = [
        ["an ANSI colour", "a\u001b[31mb"],
        ["a title-setting OSC", "a\u001b]0;owned\u0007"],
        ["a NUL", "a\u0000b"],
        ["a C1 CSI", "a\u009b2J"],
    ];
    for (const [field, set] of STRING_FIELDS) {
        for (const [label, value] of CONTROL_VALUES) {
            it(`stack configuration: refuses ${label} in ${field}`, () => {
                const config = dev();
                set(config, value);
                const issues = stackIssues(config);
                assert.deepEqual(issues[0], { path: field, message: "contains control characters (ESC, NUL, …); remove them" });
            });
        }
    }
    const PROJECTS: [string, string][] = [
        ["../admin", "must not contain '..'"],
        ["..", "must not contain '..'"],
        ["a..b", "must not contain '..'"],
        ["retail\r\nX-Injected: 1", "must not contain control characters (CR, LF, ESC, …)"],
        ["retail\n", "must not contain control characters (CR, LF, ESC, …)"],
        ["a/b", "must be a project name: letters, digits, '-', '_' and '.', starting with a letter or digit (no '/', '?', '#', '%' or spaces)"],
        ["a?b", "must be a project name: letters, digits, '-', '_' and '.', starting with a letter or digit (no '/', '?', '#', '%' or spaces)"],
        ["a#b", "must be a project name: letters, digits, '-', '_' and '.', starting with a letter or digit (no '/', '?', '#', '%' or spaces)"],
        ["a%2e%2e", "must be a project name: letters, digits, '-', '_' and '.', starting with a letter or digit (no '/', '?', '#', '%' or spaces)"],
        [" retail", "must not start or end with whitespace"],
        ["", "must not be empty"],
        ["p".repeat(64), "is 64 characters long; a project name has at most 63"],
    ];
    for (const [project, message] of PROJECTS) {
        it(`stack configuration: refuses the project name ${JSON.stringify(project)}`, () => {
            const config = dev();
            config["edge-interconnect:orchestrator"].project = project;
            const issues = stackIssues(config);
            // Control characters are refused twice over: by the general rule and the project rule; the project rule names URLs.
            assert.deepEqual(
                issues.find(
                    (i) => i.path === "edge-interconnect:orchestrator.project" && i.message !== "contains control characters (ESC, NUL, …); remove them",
                ),
                { path: "edge-interconnect:orchestrator.project", message },
            );
        });
    }
    it("stack configuration: a 2 MiB description is refused without being echoed", () => {
        const config = dev();
        config["edge-interconnect:network"].description = "d".repeat(2 * 1024 * 1024);
        assert.deepEqual(stackIssues(config), [{ path: "edge-interconnect:network.description", message: "must be at most 1024 characters" }]);
    });
    it("stack configuration: a 2 MiB source range is clipped in the message", () => {
        const config = dev();
        config["edge-interconnect:hubs"][0].allowedSourceRanges = ["1".repeat(2 * 1024 * 1024)];
        assert.throws(
            () => parseStackConfig(config),
            (e: any) => {
                assert.ok(e.message.length <= 700, `${e.message.length} characters`);
                assert.match(
                    e.message,
                    /^edge-interconnect:hubs\[0\]\.allowedSourceRanges\[0\]: "1+… \(\d+ characters elided\) …1+" is not a CIDR such as 10\.0\.0\.0\/24$/,
                );
                return true;
            },
        );
    });
    it("stack configuration: nesting deeper than 32 levels is refused", () => {
        const config = dev();
        let deep: unknown = "x";
        for (let i = 0; i < 40; i++) deep = [deep];
        config["edge-interconnect:network"].naming = deep;
        assert.deepEqual(stackIssues(config)[0], {
            path: "edge-interconnect:network.naming" + "[0]".repeat(31),
            message: "nests deeper than 32 levels; configuration values are shallow",
        });
    });
    const FILE_CLASSES: [string, (dir: string) => string, (file: string) => string][] = [
        ["missing", (dir) => path.join(dir, "nope.yaml"), () => "does not exist"],
        ["a folder", (dir) => dir, () => "is not a file"],
        ["empty", (dir) => write(dir, ""), () => "is empty; give the cluster's kubeconfig (YAML or JSON)"],
        ["whitespace", (dir) => write(dir, "\n  \n"), () => "is empty; give the cluster's kubeconfig (YAML or JSON)"],
        [
            "not YAML",
            (dir) => write(dir, "clusters: ["),
            () => "is not valid YAML or JSON (Flow sequence in block collection must be sufficiently indented and end with a ] at line 1, column 12:)",
        ],
        ["YAML that is no kubeconfig", (dir) => write(dir, "users: []\n"), () => 'is not a kubeconfig: "clusters" must be a non-empty list'],
        [
            "larger than any kubeconfig",
            (dir) => {
                const f = write(dir, "");
                fs.truncateSync(f, 5 * 1024 * 1024);
                return f;
            },
            () => "is 5242880 bytes; a kubeconfig is at most 4194304 bytes",
        ],
    ];
    function write(dir: string, text: string): string {
        const f = path.join(dir, `k-${n++}.yaml`);
        fs.writeFileSync(f, text);
        return f;
    }
    for (const [label, make, problem] of FILE_CLASSES) {
        it(`stack program: refuses a kubeconfigFile that is ${label}, naming the cluster and the file, before any cluster object`, () => {
            const { buildInterconnect } = require("../../sdk/stack/program") as typeof import("../../sdk/stack/program");
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bad-kubeconfig-"));
            try {
                const file = make(dir);
                const config = dev();
                config["edge-interconnect:hubs"][0].kubeconfigFile = file;
                config["edge-interconnect:network"].name = `file-mesh-${n++}`;
                const stack = parseStackConfig(config);
                const before = onClusters().length;
                assert.throws(
                    () => buildInterconnect(stack),
                    (e: any) => {
                        assert.equal(e instanceof pulumi.RunError, true, String(e));
                        assert.equal(e.message, `edge-interconnect: kubeconfigFile of "store-hub" (${file}) ${problem(file)}`);
                        return true;
                    },
                );
                assert.equal(onClusters().length, before);
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });
    }

    it("stack configuration: cross-hub rules (one router IP on two hubs)", () => {
        const config = dev();
        const second = JSON.parse(JSON.stringify(config["edge-interconnect:hubs"][0]));
        second.name = "store-hub-2";
        second.exposedServices = [];
        config["edge-interconnect:hubs"].push(second);
        assert.deepEqual(stackIssues(config), [
            {
                path: "edge-interconnect:hubs[1].loadBalancer.routerIp",
                message: `10.1.0.33 is also the router address of hub "store-hub"; spokes' link tokens name the router by address, so each hub needs its own`,
            },
        ]);
    });
});
