/**
 * Topology validation (sdk/topology/validate.ts), table-driven: good inputs
 * give the exact normalised model, bad inputs exactly the expected
 * `{path, message}` issues, and TopologyError's message is the first issue.
 */
import * as assert from "node:assert/strict";
import { HubModel, PRODUCT_DOC_NAMING, UPSTREAM_NAMING } from "../../sdk/topology/model";
import { TopologyError, TopologyInput, TopologyIssue, validateHub, validateSpoke, validateTopology } from "../../sdk/topology/validate";

const SITE_NAME_RULE = "must be lowercase letters, digits and '-', starting and ending with a letter or digit";
const SERVICE_NAME_RULE = "must be a Service name: lowercase letters, digits and '-', starting with a letter";
const PORT_RANGE = "must be from 1 to 65535";
const EMPTY_SOURCES =
    "is empty, which would open the router's LoadBalancer to the Internet; list the spokes' egress CIDRs, or set allowPublicExposure: true to accept the risk";
const whole = (r: string) =>
    `${r} opens the router's LoadBalancer to the Internet (the product documentation's Best Practices forbid it); list the spokes' egress CIDRs, or set allowPublicExposure: true to accept the risk`;
const neither = (t: string) => `"${t}" is neither a CIDR (10.0.0.0/28) nor a range (10.0.0.10-10.0.0.20)`;
const NETWORK_RULE = "lowercase letters, digits and '-', starting and ending with a letter or digit, at most 40 characters";

/** The issues `fn` throws as a TopologyError; fails when it returns or throws anything else. */
function issuesOf(fn: () => unknown): TopologyIssue[] {
    try {
        fn();
    } catch (e) {
        assert.ok(e instanceof TopologyError, `expected a TopologyError, got ${e}`);
        assert.equal(e.name, "TopologyError");
        return e.issues;
    }
    assert.fail("expected a TopologyError, but the input was accepted");
}

/** The message TopologyError must carry for these issues. */
function expectedMessage(issues: TopologyIssue[]): string {
    const first = issues[0].path ? `${issues[0].path}: ${issues[0].message}` : issues[0].message;
    return issues.length > 1 ? `${first} (and ${issues.length - 1} more problem(s))` : first;
}

function assertRejects(fn: () => unknown, expected: TopologyIssue[]) {
    try {
        fn();
    } catch (e) {
        assert.ok(e instanceof TopologyError, `expected a TopologyError, got ${e}`);
        assert.deepEqual(e.issues, expected);
        assert.equal(e.message, expectedMessage(expected));
        return;
    }
    assert.fail("expected a TopologyError, but the input was accepted");
}

const hub = (over: Record<string, unknown> = {}) => ({
    name: "hub-a",
    loadBalancer: { addresses: ["10.0.0.0/28"] },
    allowedSourceRanges: ["192.168.0.0/24"],
    ...over,
});
const lb = (over: Record<string, unknown>) => hub({ loadBalancer: { addresses: ["10.0.0.0/28"], ...over } });
const svcs = (...exposedServices: Record<string, unknown>[]) => hub({ exposedServices });

const MINIMAL_MODEL: HubModel = {
    name: "hub-a",
    loadBalancer: { addresses: ["10.0.0.0/28"], routerIp: "10.0.0.1", l2Interfaces: [] },
    allowedSourceRanges: ["192.168.0.0/24"],
    allowPublicExposure: false,
    exposedServices: [],
};

describe("topology validation", function () {
    describe("TopologyError", () => {
        it("message is the first issue as `path: message`", () => {
            const e = new TopologyError([{ path: "hubs[0].name", message: "must be a string" }]);
            assert.equal(e.message, "hubs[0].name: must be a string");
            assert.equal(e.name, "TopologyError");
            assert.ok(e instanceof Error);
        });

        it("adds ` (and N more problem(s))` when there are more, and keeps all issues", () => {
            const issues = [
                { path: "a", message: "one" },
                { path: "b", message: "two" },
                { path: "c", message: "three" },
            ];
            const e = new TopologyError(issues);
            assert.equal(e.message, "a: one (and 2 more problem(s))");
            assert.deepEqual(e.issues, issues);
        });

        it("an issue without a path is the message alone", () => {
            assert.equal(new TopologyError([{ path: "", message: 'unknown key(s) "x"' }]).message, 'unknown key(s) "x"');
        });
    });

    describe("validateHub: good inputs", () => {
        it("minimal hub gets every default", () => {
            assert.deepEqual(validateHub(hub()), MINIMAL_MODEL);
        });

        it("services get namespace default, tls false and type ClusterIP; given values are kept", () => {
            const model = validateHub(
                hub({
                    loadBalancer: { addresses: ["10.0.0.0/28", "10.0.1.5-10.0.1.9"], routerIp: "10.0.1.7", l2Interfaces: ["eth0", "eth1"] },
                    allowedSourceRanges: ["192.168.0.0/24", "2001:db8::/32"],
                    exposedServices: [
                        { name: "api", port: 443 },
                        { name: "db", namespace: "data", port: 5432, tls: true, type: "ClusterIP" },
                    ],
                }),
            );
            assert.deepEqual(model, {
                name: "hub-a",
                loadBalancer: { addresses: ["10.0.0.0/28", "10.0.1.5-10.0.1.9"], routerIp: "10.0.1.7", l2Interfaces: ["eth0", "eth1"] },
                allowedSourceRanges: ["192.168.0.0/24", "2001:db8::/32"],
                allowPublicExposure: false,
                exposedServices: [
                    { name: "api", namespace: "default", port: 443, tls: false, type: "ClusterIP" },
                    { name: "db", namespace: "data", port: 5432, tls: true, type: "ClusterIP" },
                ],
            });
        });

        const routerIps: [string[], string | undefined, string][] = [
            [["10.0.0.0/28"], undefined, "10.0.0.1"],
            [["10.0.1.5-10.0.1.9"], undefined, "10.0.1.5"],
            [["10.0.1.5-10.0.1.9", "10.0.0.0/28"], undefined, "10.0.1.5"],
            [["10.0.0.7/32"], undefined, "10.0.0.7"],
            [["fd00::10-fd00::20"], undefined, "fd00::10"],
            [["10.0.0.0/28"], "10.0.0.14", "10.0.0.14"],
            [["10.0.0.0/31"], "10.0.0.0", "10.0.0.0"],
            [["10.0.0.0-10.0.0.15"], "10.0.0.15", "10.0.0.15"],
            [["10.0.0.0/28", "fd00::/120"], "fd00::5", "fd00::5"],
        ];
        for (const [addresses, routerIp, expected] of routerIps) {
            it(`pool ${addresses.join(", ")}${routerIp ? ` with routerIp ${routerIp}` : ""} → router IP ${expected}`, () => {
                // An IPv6 router needs an IPv6 source range (kube-proxy filters per family).
                const allowedSourceRanges = ["192.168.0.0/24", "fd10::/64"];
                const model = validateHub(hub({ loadBalancer: routerIp ? { addresses, routerIp } : { addresses }, allowedSourceRanges }));
                assert.equal(model.loadBalancer.routerIp, expected);
                assert.deepEqual(model.loadBalancer.addresses, addresses);
            });
        }

        const publicCases: string[][] = [[], ["0.0.0.0/0"], ["::/0"], ["0.0.0.0/0", "::/0"]];
        for (const ranges of publicCases) {
            it(`allowPublicExposure: true permits allowedSourceRanges ${JSON.stringify(ranges)}`, () => {
                const model = validateHub(hub({ allowedSourceRanges: ranges, allowPublicExposure: true }));
                assert.deepEqual(model, { ...MINIMAL_MODEL, allowedSourceRanges: ranges, allowPublicExposure: true });
            });
        }

        it("copies arrays instead of sharing them with the input", () => {
            const input = hub({ loadBalancer: { addresses: ["10.0.0.0/28"], l2Interfaces: ["eth0"] } });
            const model = validateHub(input);
            assert.notEqual(model.loadBalancer.addresses, (input.loadBalancer as { addresses: string[] }).addresses);
            assert.notEqual(model.allowedSourceRanges, input.allowedSourceRanges);
            assert.deepEqual(model.loadBalancer.l2Interfaces, ["eth0"]);
        });
    });

    describe("validateHub: bad inputs", () => {
        const table: [string, unknown, TopologyIssue[]][] = [
            // Shape and types.
            ["not an object", "hub-a", [{ path: "", message: "Invalid input: expected object, received string" }]],
            ["null", null, [{ path: "", message: "Invalid input: expected object, received null" }]],
            ["unknown keys", hub({ extra: 1, other: 2 }), [{ path: "", message: 'unknown key(s) "extra", "other"' }]],
            ["unknown loadBalancer key", lb({ pool: "x" }), [{ path: "loadBalancer", message: 'unknown key(s) "pool"' }]],
            ["unknown service key", svcs({ name: "a", port: 80, protocol: "TCP" }), [{ path: "exposedServices[0]", message: 'unknown key(s) "protocol"' }]],
            ["name not a string", hub({ name: 5 }), [{ path: "name", message: "must be a string" }]],
            [
                "loadBalancer missing",
                { name: "hub-a", allowedSourceRanges: ["10.0.0.0/8"] },
                [{ path: "loadBalancer", message: "Invalid input: expected object, received undefined" }],
            ],
            ["addresses not a list", lb({ addresses: "10.0.0.0/28" }), [{ path: "loadBalancer.addresses", message: "must be a list of CIDRs or ranges" }]],
            ["address not a string", lb({ addresses: [10] }), [{ path: "loadBalancer.addresses[0]", message: "must be a string" }]],
            ["routerIp not a string", lb({ routerIp: 1 }), [{ path: "loadBalancer.routerIp", message: "must be an IP address string" }]],
            [
                "l2Interfaces entries empty or not strings",
                lb({ l2Interfaces: ["", 5] }),
                [
                    { path: "loadBalancer.l2Interfaces[0]", message: "must not be empty" },
                    { path: "loadBalancer.l2Interfaces[1]", message: "Invalid input: expected string, received number" },
                ],
            ],
            [
                "allowedSourceRanges not a list",
                hub({ allowedSourceRanges: "10.0.0.0/8" }),
                [{ path: "allowedSourceRanges", message: "must be a list of CIDRs (the spokes' egress ranges)" }],
            ],
            ["allowPublicExposure not a boolean", hub({ allowPublicExposure: "yes" }), [{ path: "allowPublicExposure", message: "must be true or false" }]],
            [
                "service fields missing",
                svcs({}),
                [
                    { path: "exposedServices[0].name", message: "must be a string" },
                    { path: "exposedServices[0].port", message: "must be a number" },
                ],
            ],
            [
                "service tls and type of the wrong type",
                svcs({ name: "a", port: 80, tls: "yes", type: 5 }),
                [
                    { path: "exposedServices[0].tls", message: "must be true or false" },
                    { path: "exposedServices[0].type", message: "Invalid input: expected string, received number" },
                ],
            ],
            // Pool entries.
            [
                "malformed CIDR",
                lb({ addresses: ["10.0.0/28"] }),
                [{ path: "loadBalancer.addresses[0]", message: '"10.0.0/28" is not a CIDR such as 10.0.0.0/24' }],
            ],
            [
                "prefix too long",
                lb({ addresses: ["10.0.0.0/33"] }),
                [{ path: "loadBalancer.addresses[0]", message: '"10.0.0.0/33" has a prefix longer than 32' }],
            ],
            ["malformed range", lb({ addresses: ["10.0.0.1-10.0.0"] }), [{ path: "loadBalancer.addresses[0]", message: neither("10.0.0.1-10.0.0") }]],
            ["bare address", lb({ addresses: ["10.0.0.1"] }), [{ path: "loadBalancer.addresses[0]", message: neither("10.0.0.1") }]],
            [
                "range ending before it starts",
                lb({ addresses: ["10.0.0.9-10.0.0.1"] }),
                [{ path: "loadBalancer.addresses[0]", message: '"10.0.0.9-10.0.0.1" ends before it starts' }],
            ],
            [
                "range mixing families",
                lb({ addresses: ["10.0.0.1-fd00::1"] }),
                [{ path: "loadBalancer.addresses[0]", message: '"10.0.0.1-fd00::1" mixes IPv4 and IPv6' }],
            ],
            [
                "several bad entries, each reported",
                lb({ addresses: ["10.0.0.0/28", "x", "10.0.0.2-10.0.0.1"] }),
                [
                    { path: "loadBalancer.addresses[1]", message: neither("x") },
                    { path: "loadBalancer.addresses[2]", message: '"10.0.0.2-10.0.0.1" ends before it starts' },
                ],
            ],
            [
                "overlapping pool entries",
                lb({ addresses: ["10.0.0.0/28", "10.0.0.10-10.0.0.20"] }),
                [{ path: "loadBalancer.addresses", message: '"10.0.0.0/28" and "10.0.0.10-10.0.0.20" overlap; list each address once' }],
            ],
            [
                "the same entry twice",
                hub({ loadBalancer: { addresses: ["fd00::/120", "fd00::/120"] }, allowedSourceRanges: ["fd10::/64"] }),
                [{ path: "loadBalancer.addresses", message: '"fd00::/120" and "fd00::/120" overlap; list each address once' }],
            ],
            ["empty pool", lb({ addresses: [] }), [{ path: "loadBalancer.addresses", message: "must list at least one CIDR or range for the MetalLB pool" }]],
            // Router IP.
            [
                "routerIp outside the pool",
                lb({ routerIp: "10.0.0.16" }),
                [{ path: "loadBalancer.routerIp", message: "10.0.0.16 is not an address of the pool (10.0.0.0/28); MetalLB can only assign pool addresses" }],
            ],
            [
                "routerIp of the other family",
                hub({ loadBalancer: { addresses: ["10.0.0.0/28", "10.0.1.5-10.0.1.9"], routerIp: "fd00::1" } }),
                [
                    {
                        path: "loadBalancer.routerIp",
                        message: "fd00::1 is not an address of the pool (10.0.0.0/28, 10.0.1.5-10.0.1.9); MetalLB can only assign pool addresses",
                    },
                ],
            ],
            [
                "routerIp not an IP",
                lb({ routerIp: "router.example" }),
                [
                    {
                        path: "loadBalancer.routerIp",
                        message: "router.example is not an address of the pool (10.0.0.0/28); MetalLB can only assign pool addresses",
                    },
                ],
            ],
            // Source ranges.
            ["empty allowedSourceRanges", hub({ allowedSourceRanges: [] }), [{ path: "allowedSourceRanges", message: EMPTY_SOURCES }]],
            ["0.0.0.0/0", hub({ allowedSourceRanges: ["192.168.0.0/24", "0.0.0.0/0"] }), [{ path: "allowedSourceRanges[1]", message: whole("0.0.0.0/0") }]],
            ["::/0", hub({ allowedSourceRanges: ["::/0"] }), [{ path: "allowedSourceRanges[0]", message: whole("::/0") }]],
            [
                "a /0 written with host bits",
                hub({ allowedSourceRanges: ["1.2.3.4/0"] }),
                [
                    {
                        path: "allowedSourceRanges[0]",
                        message: '"1.2.3.4/0" has host bits set; the network is 0.0.0.0/0 (write that, or a longer prefix for a smaller range)',
                    },
                ],
            ],
            [
                "allowPublicExposure: false is the default",
                hub({ allowedSourceRanges: ["0.0.0.0/0"], allowPublicExposure: false }),
                [{ path: "allowedSourceRanges[0]", message: whole("0.0.0.0/0") }],
            ],
            [
                "source range that is a range, not a CIDR, and one not a string",
                hub({ allowedSourceRanges: ["10.0.0.1-10.0.0.5", 5] }),
                [
                    { path: "allowedSourceRanges[0]", message: '"10.0.0.1-10.0.0.5" is not a CIDR such as 10.0.0.0/24' },
                    { path: "allowedSourceRanges[1]", message: "must be a CIDR string" },
                ],
            ],
            // Ports.
            ["port 0", svcs({ name: "a", port: 0 }), [{ path: "exposedServices[0].port", message: PORT_RANGE }]],
            ["port 70000", svcs({ name: "a", port: 70000 }), [{ path: "exposedServices[0].port", message: PORT_RANGE }]],
            ["port 1.5", svcs({ name: "a", port: 1.5 }), [{ path: "exposedServices[0].port", message: "must be a whole number" }]],
            ["port as a string", svcs({ name: "a", port: "80" }), [{ path: "exposedServices[0].port", message: "must be a number" }]],
            // Names.
            ["uppercase hub name", hub({ name: "Hub-A" }), [{ path: "name", message: SITE_NAME_RULE }]],
            ["hub name ending in '-'", hub({ name: "hub-" }), [{ path: "name", message: SITE_NAME_RULE }]],
            ["hub name of 51 characters", hub({ name: "h".repeat(51) }), [{ path: "name", message: "must be at most 50 characters" }]],
            [
                "uppercase hub name of 51 characters",
                hub({ name: "H".repeat(51) }),
                [
                    { path: "name", message: "must be at most 50 characters" },
                    { path: "name", message: SITE_NAME_RULE },
                ],
            ],
            ["uppercase service name", svcs({ name: "Api", port: 80 }), [{ path: "exposedServices[0].name", message: SERVICE_NAME_RULE }]],
            ["service name starting with a digit", svcs({ name: "1api", port: 80 }), [{ path: "exposedServices[0].name", message: SERVICE_NAME_RULE }]],
            [
                "service name of 64 characters",
                svcs({ name: "s".repeat(64), port: 80 }),
                [{ path: "exposedServices[0].name", message: "must be at most 63 characters" }],
            ],
            [
                "uppercase service namespace",
                svcs({ name: "a", namespace: "Shop", port: 80 }),
                [{ path: "exposedServices[0].namespace", message: SITE_NAME_RULE }],
            ],
            // Service type and uniqueness.
            [
                "a non-ClusterIP service type",
                svcs({ name: "a", port: 80, type: "LoadBalancer" }),
                [
                    {
                        path: "exposedServices[0].type",
                        message:
                            "is LoadBalancer; only a ClusterIP Service can be exposed to the router (product documentation, step 1). The router itself provides the LoadBalancer",
                    },
                ],
            ],
            [
                "duplicate exposed service names on one hub",
                svcs({ name: "a", port: 80 }, { name: "b", port: 81 }, { name: "a", namespace: "other", port: 82 }),
                [{ path: "exposedServices[2].name", message: '"a" is already exposed by exposedServices[0]; each network address must be unique' }],
            ],
        ];
        for (const [label, input, expected] of table) {
            it(label, () => assertRejects(() => validateHub(input), expected));
        }

        it("reports shape problems before cross-field rules (an overlapping pool with a bad name reports only the name)", () => {
            assert.deepEqual(
                issuesOf(() => validateHub(hub({ name: "Bad", loadBalancer: { addresses: ["10.0.0.0/28", "10.0.0.0/28"] } }))),
                [{ path: "name", message: SITE_NAME_RULE }],
            );
        });

        it("collects every cross-field problem at once", () => {
            const input = hub({
                loadBalancer: { addresses: ["10.0.0.0/28", "10.0.0.8/29"], routerIp: "10.9.9.9" },
                allowedSourceRanges: ["0.0.0.0/0"],
                exposedServices: [
                    { name: "a", port: 80, type: "NodePort" },
                    { name: "a", port: 81 },
                ],
            });
            const issues = issuesOf(() => validateHub(input));
            assert.deepEqual(
                issues.map((i) => i.path),
                ["loadBalancer.addresses", "loadBalancer.routerIp", "allowedSourceRanges[0]", "exposedServices[0].type", "exposedServices[1].name"],
            );
        });

        // an exposed service named like one of Skupper's own Services in the site namespace
        // (skupper-router, skupper-router-local, skupper) is accepted; skupperServiceDefinition then
        // renders a Service "skupper-router" in the site namespace, colliding with the router's
        // LoadBalancer Service that the site controller owns (and that routerSourceRangesPatch targets).
        it("rejects an exposed service named like a Skupper Service of the site namespace", () => {
            const issues = issuesOf(() => validateHub(svcs({ name: "skupper-router", namespace: "interconnect", port: 55671 })));
            assert.deepEqual(
                issues.map((i) => i.path),
                ["exposedServices[0].name"],
            );
        });
    });

    describe("validateSpoke", () => {
        it("defaults routerMode to interior", () => {
            assert.deepEqual(validateSpoke({ name: "store-1", hub: "hub-a" }), { name: "store-1", hub: "hub-a", routerMode: "interior" });
        });

        it("keeps routerMode edge", () => {
            assert.deepEqual(validateSpoke({ name: "store-2", hub: "hub-a", routerMode: "edge" }), { name: "store-2", hub: "hub-a", routerMode: "edge" });
        });

        const table: [string, unknown, TopologyIssue[]][] = [
            ["unknown router mode", { name: "s", hub: "h", routerMode: "leaf" }, [{ path: "routerMode", message: "must be interior or edge" }]],
            ["unknown key", { name: "s", hub: "h", cost: 2 }, [{ path: "", message: 'unknown key(s) "cost"' }]],
            [
                "missing fields",
                {},
                [
                    { path: "name", message: "must be a string" },
                    { path: "hub", message: "must be a string" },
                ],
            ],
            ["uppercase name", { name: "Store", hub: "h" }, [{ path: "name", message: SITE_NAME_RULE }]],
            ["name too long", { name: "s".repeat(51), hub: "h" }, [{ path: "name", message: "must be at most 50 characters" }]],
            ["hub not a string", { name: "s", hub: 5 }, [{ path: "hub", message: "must be a string" }]],
            [
                "everything wrong at once",
                { name: "S", hub: 5, routerMode: "leaf", x: 1 },
                [
                    { path: "name", message: SITE_NAME_RULE },
                    { path: "hub", message: "must be a string" },
                    { path: "routerMode", message: "must be interior or edge" },
                    { path: "", message: 'unknown key(s) "x"' },
                ],
            ],
        ];
        for (const [label, input, expected] of table) {
            it(label, () => assertRejects(() => validateSpoke(input), expected));
        }
    });

    describe("validateTopology", () => {
        const good = (): TopologyInput => ({
            network: { name: "edge-net" },
            hubs: [hub({ exposedServices: [{ name: "api", port: 443, tls: true }] })],
            spokes: [
                { name: "store-1", hub: "hub-a" },
                { name: "store-2", hub: "hub-a", routerMode: "edge" },
            ],
        });

        it("normalises a good topology, naming defaulting to the product documentation's", () => {
            assert.deepEqual(validateTopology(good()), {
                network: { name: "edge-net", naming: { annotationPrefix: "network.app.orchestrator.io", siteNamespace: "interconnect" }, skupperVersion: "v1" },
                hubs: [{ ...MINIMAL_MODEL, exposedServices: [{ name: "api", namespace: "default", port: 443, tls: true, type: "ClusterIP" }] }],
                spokes: [
                    { name: "store-1", hub: "hub-a", routerMode: "interior" },
                    { name: "store-2", hub: "hub-a", routerMode: "edge" },
                ],
            });
        });

        it("takes the upstream naming, or a partial override merged over the default", () => {
            assert.deepEqual(validateTopology({ ...good(), network: { name: "edge-net", naming: UPSTREAM_NAMING } }).network, {
                name: "edge-net",
                naming: { annotationPrefix: "network.app.edge-orchestrator.intel.com", siteNamespace: "interconnect" },
                skupperVersion: "v1",
            });
            assert.deepEqual(validateTopology({ ...good(), network: { name: "edge-net", naming: { siteNamespace: "mesh" } } }).network.naming, {
                ...PRODUCT_DOC_NAMING,
                siteNamespace: "mesh",
            });
        });

        it("accepts two hubs with services of different names, and spokes omitted", () => {
            const model = validateTopology({
                network: { name: "n" },
                hubs: [
                    hub({ exposedServices: [{ name: "db", port: 5432 }] }),
                    hub({ name: "hub-b", loadBalancer: { addresses: ["10.0.1.0/28"] }, exposedServices: [{ name: "api", port: 443 }] }),
                ],
                spokes: [],
            });
            assert.deepEqual(
                model.hubs.map((h) => [h.name, h.exposedServices.map((s) => s.name)]),
                [
                    ["hub-a", ["db"]],
                    ["hub-b", ["api"]],
                ],
            );
            assert.deepEqual(validateTopology({ network: { name: "n" }, hubs: [hub()] } as TopologyInput).spokes, []);
        });

        const table: [string, TopologyInput, TopologyIssue[]][] = [
            ["empty network name", { ...good(), network: { name: "" } }, [{ path: "network.name", message: `must not be empty; use ${NETWORK_RULE}` }]],
            ["missing network", { ...good(), network: undefined as never }, [{ path: "network", message: "must be a mapping with name" }]],
            [
                "network name of 41 characters",
                { ...good(), network: { name: "n".repeat(41) } },
                [{ path: "network.name", message: `is 41 characters long; use ${NETWORK_RULE}` }],
            ],
            [
                "uppercase network name",
                { ...good(), network: { name: "Edge" } },
                [{ path: "network.name", message: `"Edge" is not allowed; use ${NETWORK_RULE}` }],
            ],
            [
                "network name ending in '-'",
                { ...good(), network: { name: "edge-" } },
                [{ path: "network.name", message: `"edge-" is not allowed; use ${NETWORK_RULE}` }],
            ],
            [
                "network name with '-' too far from the end",
                { ...good(), network: { name: "a-bcdefghijklmnopqrstuvwxyz" } },
                [
                    {
                        path: "network.name",
                        message: `"a-bcdefghijklmnopqrstuvwxyz" has a '-' too far from the end: the orchestrator's deployment API accepts '-' only within the last 19 characters`,
                    },
                ],
            ],
            ["no hubs", { ...good(), hubs: [], spokes: [] }, [{ path: "hubs", message: "must list at least one hub" }]],
            [
                "a spoke naming an unknown hub",
                { ...good(), spokes: [{ name: "s", hub: "hub-x" }] },
                [{ path: "spokes[0].hub", message: '"hub-x" is not a hub; known hubs: hub-a' }],
            ],
            [
                "spokes naming a hub when there is none",
                { network: { name: "n" }, hubs: [], spokes: [{ name: "s", hub: "hub-x" }] },
                [
                    { path: "hubs", message: "must list at least one hub" },
                    { path: "spokes[0].hub", message: '"hub-x" is not a hub; known hubs: (none)' },
                ],
            ],
            [
                "duplicate cluster names across hubs and spokes",
                { network: { name: "n" }, hubs: [hub(), hub({ loadBalancer: { addresses: ["10.1.0.0/28"] } })], spokes: [{ name: "hub-a", hub: "hub-a" }] },
                [
                    { path: "hubs[1].name", message: '"hub-a" is already the name of hubs[0].name; cluster names must be unique' },
                    { path: "spokes[0].name", message: '"hub-a" is already the name of hubs[0].name; cluster names must be unique' },
                ],
            ],
            [
                "duplicate spoke names",
                {
                    ...good(),
                    spokes: [
                        { name: "s", hub: "hub-a" },
                        { name: "s", hub: "hub-a", routerMode: "edge" },
                    ],
                },
                [{ path: "spokes[1].name", message: '"s" is already the name of spokes[0].name; cluster names must be unique' }],
            ],
            [
                "the same service exposed by two hubs",
                {
                    network: { name: "n" },
                    hubs: [
                        hub({ exposedServices: [{ name: "db", port: 5432 }] }),
                        hub({
                            name: "hub-b",
                            loadBalancer: { addresses: ["10.0.1.0/28"] },
                            exposedServices: [
                                { name: "x", port: 1 },
                                { name: "db", namespace: "other", port: 5433 },
                            ],
                        }),
                    ],
                    spokes: [],
                },
                [{ path: "hubs[1].exposedServices[1].name", message: '"db" is also exposed by hub "hub-a"; each network address must be unique' }],
            ],
            [
                "duplicate services within one hub keep the hub's own path",
                { ...good(), hubs: [svcs({ name: "a", port: 1 }, { name: "a", port: 2 })] },
                [{ path: "hubs[0].exposedServices[1].name", message: '"a" is already exposed by exposedServices[0]; each network address must be unique' }],
            ],
            [
                "hub and spoke issues are prefixed with their index",
                {
                    network: { name: "n" },
                    hubs: [hub(), hub({ name: "hub-b", loadBalancer: { addresses: [] }, extra: true })],
                    spokes: [
                        { name: "s", hub: "hub-a" },
                        { name: "t", hub: "hub-a", routerMode: "leaf" as never },
                    ],
                },
                [
                    { path: "hubs[1].loadBalancer.addresses", message: "must list at least one CIDR or range for the MetalLB pool" },
                    { path: "hubs[1]", message: 'unknown key(s) "extra"' },
                    { path: "spokes[1].routerMode", message: "must be interior or edge" },
                ],
            ],
            [
                "a hub that is not an object",
                { network: { name: "n" }, hubs: [null as never], spokes: [] },
                [{ path: "hubs[0]", message: "Invalid input: expected object, received null" }],
            ],
            [
                "problems of every level together, network first",
                { network: { name: "N" }, hubs: [hub({ allowedSourceRanges: [] })], spokes: [{ name: "s", hub: "hub-z" }] },
                [
                    { path: "network.name", message: `"N" is not allowed; use ${NETWORK_RULE}` },
                    { path: "hubs[0].allowedSourceRanges", message: EMPTY_SOURCES },
                    { path: "spokes[0].hub", message: '"hub-z" is not a hub; known hubs: hub-a' },
                ],
            ],
        ];
        for (const [label, input, expected] of table) {
            it(label, () => assertRejects(() => validateTopology(input), expected));
        }

        it("a spoke may name a hub that failed validation without a second complaint", () => {
            const issues = issuesOf(() =>
                validateTopology({ network: { name: "n" }, hubs: [hub({ allowedSourceRanges: [] })], spokes: [{ name: "s", hub: "hub-a" }] }),
            );
            assert.deepEqual(issues, [{ path: "hubs[0].allowedSourceRanges", message: EMPTY_SOURCES }]);
        });

        // network.name is passed to networkNameProblem unchecked; a number has no `length`
        // and its String() form passes the regexes, so `name: 5` is accepted and the model's
        // network name is the number 5.
        it("rejects a network name that is not a string", () => {
            assertRejects(() => validateTopology({ ...good(), network: { name: 5 as never } }), [{ path: "network.name", message: "must be a string" }]);
        });

        // `hubs` (and `spokes`) that are not lists crash with a TypeError
        // ("(input.hubs ?? []).forEach is not a function") instead of a TopologyError naming the field.
        it("rejects hubs that are not a list with a TopologyError", () => {
            const issues = issuesOf(() => validateTopology({ ...good(), hubs: "hub-a" as never }));
            assert.deepEqual(
                issues.map((i) => i.path),
                ["hubs"],
            );
        });

        // A typo such as `spoke:` for `spokes:` must not silently yield a topology without spokes.
        it("rejects unknown keys at the top level and in network", () => {
            const input = { ...good(), spoke: [{ name: "s", hub: "hub-a" }], network: { name: "edge-net", nmae: "x" } } as never;
            assert.deepEqual(
                issuesOf(() => validateTopology(input)).map((i) => i.path),
                ["network", ""],
            );
        });

        // network.naming is not validated; an invalid siteNamespace ("Bad NS") or an empty
        // annotationPrefix is accepted and only fails when the Namespace or annotations are applied.
        it("rejects an invalid naming.siteNamespace and an empty annotationPrefix", () => {
            const input = { ...good(), network: { name: "edge-net", naming: { siteNamespace: "Bad NS", annotationPrefix: "" } } };
            assert.deepEqual(
                issuesOf(() => validateTopology(input)).map((i) => i.path),
                ["network.naming.siteNamespace", "network.naming.annotationPrefix"],
            );
        });
    });
});
