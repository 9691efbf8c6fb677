/**
 * The local orchestrator against hostile input (issue 13.6): deeply nested
 * deployment values are a 400, never a 500; access tokens without `exp`, or
 * for another audience, are refused. Generated per class: each shape of
 * nesting × each depth × create and update; each bad claim × each API.
 */
import assert from "node:assert/strict";
import { createOrchestratorServer, type OrchestratorServer } from "../../tools/local-orchestrator";
import { MAX_VALUES_DEPTH } from "../../tools/local-orchestrator/deployment-schema";
import { ADMIN, ALPHA, JSON_HEADERS, bearer, tenancyOptions } from "./support/fixtures";
import { httpRequest } from "./support/http-client";

/** A value nested `depth` levels deep (the outermost object is level 1), in one of three shapes. */
const SHAPES: Record<string, (depth: number) => string> = {
    objects: (d) => '{"a":'.repeat(d - 1) + '{"leaf":1}' + "}".repeat(d - 1),
    "arrays inside an object": (d) => '{"a":' + "[".repeat(d - 1) + "1" + "]".repeat(d - 1) + "}",
    "objects and arrays alternating": (d) => {
        let v = '{"leaf":1}';
        for (let i = 1; i < d; i++) v = i % 2 ? `[${v}]` : `{"a":${v}}`;
        return v.startsWith("[") ? `{"a":${v}}` : v;
    },
};
/** Levels of each shape as built (the alternating shape may add one object around an array). */
const levelsOf = (json: string) => {
    let depth = 0;
    let deepest = 0;
    for (const ch of json) {
        if (ch === "{" || ch === "[") deepest = Math.max(deepest, ++depth);
        else if (ch === "}" || ch === "]") depth--;
    }
    return deepest;
};

describe("server: hostile input (issue 13.6)", function () {
    this.timeout(30_000);
    let server: OrchestratorServer;
    let token: string;
    const deployments = () => `${server.url}/v1/projects/${ALPHA.name}/appdeployment/deployments`;
    const body = (displayName: string, values: string) =>
        `{"appName":"app","appVersion":"1.0.0","displayName":"${displayName}","deploymentType":"targeted","targetClusters":[{"appName":"app","clusterId":"c1"}],"overrideValues":[{"appName":"app","values":${values}}]}`;

    before(async () => {
        server = await createOrchestratorServer(tenancyOptions());
        token = await server.issueToken({ username: ADMIN.username });
    });
    after(() => server.close());

    let n = 0;
    for (const [shape, build] of Object.entries(SHAPES)) {
        for (const depth of [MAX_VALUES_DEPTH, MAX_VALUES_DEPTH + 1, 5_000, 100_000]) {
            for (const op of ["create", "update"] as const) {
                it(`${op}: values of ${shape} nested ${depth} levels → ${levelsOf(build(depth)) > MAX_VALUES_DEPTH ? "400" : "accepted"}`, async () => {
                    const values = build(depth);
                    const name = `nest-${++n}`;
                    let url = deployments();
                    let method = "POST";
                    if (op === "update") {
                        const created = await httpRequest(url, { method: "POST", headers: { ...bearer(token), ...JSON_HEADERS }, body: body(name, "{}") });
                        assert.equal(created.status, 200, created.text);
                        url = `${url}/${(created.json() as { deploymentId: string }).deploymentId}`;
                        method = "PUT";
                    }
                    const res = await httpRequest(url, { method, headers: { ...bearer(token), ...JSON_HEADERS }, body: body(name, values) });
                    if (levelsOf(values) > MAX_VALUES_DEPTH) {
                        assert.equal(res.status, 400, res.text);
                        assert.deepEqual(res.json(), {
                            code: "invalid_argument",
                            message: `overrideValues[0].values: must not nest deeper than ${MAX_VALUES_DEPTH} levels`,
                            details: [],
                        });
                    } else {
                        assert.equal(res.status, 200, res.text);
                    }
                });
            }
        }
    }

    const claims: Record<string, Record<string, unknown>> = {
        "no exp": { exp: undefined },
        "another audience": { aud: "someone-else" },
        "several audiences, none ours": { aud: ["app-a", "app-b"] },
        "no audience": { aud: undefined },
    };
    const apis: Record<string, () => string> = {
        networks: () => `${server.url}/v1/projects/${ALPHA.name}/networks`,
        deployments: () => deployments(),
    };
    // The gateway answers 401 on its own APIs and 403 with the same message on the APIs it
    // proxies (OU echoserver tenancyapiHandler; tools/local-orchestrator/auth.ts).
    const refusal: Record<string, number> = { networks: 401, deployments: 403 };
    for (const [label, extra] of Object.entries(claims)) {
        for (const [api, url] of Object.entries(apis)) {
            it(`refuses a token with ${label} on the ${api} API`, async () => {
                const bad = await server.issueToken({ username: ADMIN.username, claims: extra });
                const res = await httpRequest(url(), { headers: bearer(bad) });
                assert.equal(res.status, refusal[api]);
                assert.deepEqual(res.json(), { message: "JWT token is invalid or expired. Unauthorized" });
            });
        }
    }

    it("still accepts its own tokens, including one that lists our audience among others", async () => {
        for (const extra of [{}, { aud: ["account", "app-a"] }]) {
            const ok = await server.issueToken({ username: ADMIN.username, claims: extra });
            const res = await httpRequest(apis.networks(), { headers: bearer(ok) });
            assert.equal(res.status, 200, JSON.stringify(extra));
        }
    });
});
