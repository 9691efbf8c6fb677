/** The networks provider's check and diff rules, as pure functions. */
import * as assert from "node:assert/strict";
import { diffNetwork } from "../../provider/network/diff";
import { UNKNOWN, checkNetworkInputs, networkNameProblem } from "../../provider/network/inputs";

const valid = { apiUrl: "https://api.edge.example.com", project: "retail", networkName: "mesh", description: "d", token: "t" };

describe("network inputs: check", () => {
    it("accepts valid inputs unchanged", () => {
        assert.deepEqual(checkNetworkInputs(valid, {}), { inputs: valid, failures: [] });
    });

    it("defaults the description and drops undefined values", () => {
        const { inputs, failures } = checkNetworkInputs({ ...valid, description: undefined, caCert: undefined }, {});
        assert.deepEqual(failures, []);
        assert.deepEqual(inputs, { ...valid, description: "" });
    });

    const bad: [string, Record<string, unknown>, { property: string; reason: string }[]][] = [
        [
            "uppercase name",
            { networkName: "Mesh" },
            [
                {
                    property: "networkName",
                    reason: `"Mesh" is not allowed; use lowercase letters, digits and '-', starting and ending with a letter or digit, at most 40 characters`,
                },
            ],
        ],
        [
            "name over 40",
            { networkName: "a".repeat(41) },
            [
                {
                    property: "networkName",
                    reason: "is 41 characters long; use lowercase letters, digits and '-', starting and ending with a letter or digit, at most 40 characters",
                },
            ],
        ],
        [
            "name with an early dash",
            { networkName: "a-" + "b".repeat(30) },
            [
                {
                    property: "networkName",
                    reason: `"a-${"b".repeat(30)}" has a '-' too far from the end: the orchestrator's deployment API accepts '-' only within the last 19 characters`,
                },
            ],
        ],
        ["empty project", { project: "  " }, [{ property: "project", reason: "must not be empty" }]],
        [
            "http to a remote host",
            { apiUrl: "http://api.edge.example.com" },
            [{ property: "apiUrl", reason: `must use https; plain http is allowed only to a loopback address (got "http://api.edge.example.com")` }],
        ],
        ["not a URL", { apiUrl: "api.edge" }, [{ property: "apiUrl", reason: `must be an absolute URL such as https://api.<cluster-fqdn> (got "api.edge")` }]],
        [
            "credentials in the URL",
            { apiUrl: "https://u:p@api.edge.example.com" },
            [{ property: "apiUrl", reason: "must not embed credentials; use token or username/password" }],
        ],
        [
            "caCert not PEM",
            { caCert: "hello" },
            [{ property: "caCert", reason: "must be a PEM bundle containing at least one -----BEGIN CERTIFICATE----- block" }],
        ],
        ["timeout zero", { requestTimeoutSeconds: 0 }, [{ property: "requestTimeoutSeconds", reason: "must be at least 1" }]],
        ["unknown key", { colour: "blue" }, [{ property: "(inputs)", reason: "unknown input(s): colour" }]],
        ["username without password", { username: "ops" }, [{ property: "password", reason: "username and password must be given together" }]],
    ];
    for (const [label, patch, failures] of bad) {
        it(`reports ${label} once, naming the field`, () => {
            assert.deepEqual(checkNetworkInputs({ ...valid, ...patch }, {}).failures, failures);
        });
    }

    it("requires some credential, from inputs or environment", () => {
        const { token: _t, ...noCreds } = valid;
        assert.deepEqual(checkNetworkInputs(noCreds, {}).failures, [
            {
                property: "token",
                reason: "no orchestrator credentials: set orchestrator.token, or orchestrator.username and orchestrator.password, or the environment variables EDGE_ORCH_TOKEN or EDGE_ORCH_USERNAME and EDGE_ORCH_PASSWORD",
            },
        ]);
        assert.deepEqual(checkNetworkInputs(noCreds, { EDGE_ORCH_TOKEN: "x" }).failures, []);
        assert.deepEqual(checkNetworkInputs(noCreds, { EDGE_ORCH_USERNAME: "u", EDGE_ORCH_PASSWORD: "p" }).failures, []);
        assert.equal(checkNetworkInputs(noCreds, { EDGE_ORCH_USERNAME: "u" }).failures.length, 1);
    });

    it("skips values that are unknown at preview", () => {
        const news = { apiUrl: UNKNOWN, project: UNKNOWN, networkName: UNKNOWN, description: UNKNOWN, token: UNKNOWN };
        assert.deepEqual(checkNetworkInputs(news, {}), { inputs: news, failures: [] });
    });

    it("networkNameProblem accepts the documented example names", () => {
        for (const n of ["mesh", "retail-mesh", "a", "a1-b2", "x".repeat(40)]) assert.equal(networkNameProblem(n), undefined, n);
    });
});

describe("network inputs: diff", () => {
    const olds = { ...valid, type: "application-mesh", adopted: false };

    it("reports no change for identical inputs", () => {
        assert.deepEqual(diffNetwork(olds, valid), { changes: false, replaces: [], deleteBeforeReplace: false });
    });
    it("updates the description in place", () => {
        assert.deepEqual(diffNetwork(olds, { ...valid, description: "new" }), { changes: true, replaces: [], deleteBeforeReplace: false });
    });
    it("replaces on a new name, project or apiUrl", () => {
        assert.deepEqual(diffNetwork(olds, { ...valid, networkName: "other" }).replaces, ["networkName"]);
        assert.deepEqual(diffNetwork(olds, { ...valid, project: "other" }).replaces, ["project"]);
        assert.deepEqual(diffNetwork(olds, { ...valid, apiUrl: "https://api.b.example.com" }).replaces, ["apiUrl"]);
    });
    it("counts an unknown replace key as a replacement and an unknown description as a change", () => {
        assert.deepEqual(diffNetwork(olds, { ...valid, networkName: UNKNOWN }), { changes: true, replaces: ["networkName"], deleteBeforeReplace: false });
        assert.deepEqual(diffNetwork(olds, { ...valid, description: UNKNOWN }), { changes: true, replaces: [], deleteBeforeReplace: false });
    });
    it("updates in place when only connection settings change", () => {
        assert.deepEqual(diffNetwork(olds, { ...valid, token: "rotated" }), { changes: true, replaces: [], deleteBeforeReplace: false });
    });
});
