import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createOrchestratorServer, projectRoles, type DeploymentRecord, type OrchestratorServer, type StateDocument } from "../../tools/local-orchestrator";
import { ADMIN, ALPHA, BETA, JSON_HEADERS, ORG, READER, bearer, passwordToken, tenancyOptions } from "./support/fixtures";
import { httpRequest, type HttpInit } from "./support/http-client";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const GENERATED_NAME = /^deployment-[bcdfghjklmnpqrstvwxz2456789]{5}$/;
const RFC3339_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** The FACTS §2.4 example body. */
function backendBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        appName: "skupper-backend",
        appVersion: "0.0.1",
        profileName: "deployment-profile-1",
        displayName: "backend",
        deploymentType: "targeted",
        targetClusters: [{ appName: "skupper-backend", clusterId: "cluster-1" }],
        overrideValues: [],
        networkName: "mynet",
        serviceExports: [{ appName: "skupper-backend", enabled: true }],
        ...overrides,
    };
}

function loadbalancerBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        appName: "loadbalancer",
        appVersion: "0.7.1",
        displayName: "hub-lb",
        deploymentType: "targeted",
        targetClusters: [{ appName: "metallb-config", clusterId: "hub-1" }],
        overrideValues: [{ appName: "metallb-config", values: { ipAddressRange: "10.1.0.30-10.1.0.79" } }],
        ...overrides,
    };
}

const invalidArgument = (message: string) => ({ code: "invalid_argument", message, details: [] });
const notFound = (message: string) => ({ code: "not_found", message, details: [] });

/** What GET and LIST show of a stored record. */
function presented(record: DeploymentRecord): Record<string, unknown> {
    return {
        name: record.name,
        displayName: record.displayName,
        appName: record.appName,
        appVersion: record.appVersion,
        profileName: record.profileName,
        createTime: record.createTime,
        deployId: record.deployId,
        overrideValues: record.overrideValues,
        targetClusters: record.targetClusters,
        status: record.status,
        apps: [],
        deploymentType: record.deploymentType,
    };
}

describe("server: App Deployment Manager deployments API", () => {
    let server: OrchestratorServer;
    let token: string;

    before(async () => {
        server = await createOrchestratorServer(tenancyOptions());
        token = await passwordToken(server.url, ADMIN);
    });
    after(() => server.close());
    afterEach(() => server.faults.clear());

    const collectionUrl = (project = ALPHA.name, query = "") => `${server.url}/v1/projects/${project}/appdeployment/deployments${query}`;
    const itemUrl = (id: string, query = "", project = ALPHA.name) => `${collectionUrl(project)}/${id}${query}`;
    const call = (url: string, init: HttpInit = {}) => httpRequest(url, { ...init, headers: { ...bearer(token), ...init.headers } });
    const post = (body: unknown, project = ALPHA.name) =>
        call(collectionUrl(project), { method: "POST", headers: JSON_HEADERS, body: typeof body === "string" ? body : JSON.stringify(body) });
    const put = (id: string, body: unknown) =>
        call(itemUrl(id), { method: "PUT", headers: JSON_HEADERS, body: typeof body === "string" ? body : JSON.stringify(body) });
    const stored = (id: string): DeploymentRecord => {
        const record = server.deployments().find((d) => d.deployId === id);
        assert.ok(record, `deployment ${id} should be stored`);
        return record;
    };
    const createOk = async (body: Record<string, unknown>, project = ALPHA.name): Promise<string> => {
        const res = await post(body, project);
        assert.equal(res.status, 200, res.text);
        const { deploymentId } = res.json() as { deploymentId: string };
        return deploymentId;
    };

    describe("create, get, list, update, delete", () => {
        let backendId: string;

        it("creates with 200 {deploymentId} and stores networkName and serviceExports", async () => {
            const res = await post(backendBody());
            assert.equal(res.status, 200);
            assert.match(String(res.headers["content-type"]), /^application\/json/);
            const body = res.json() as { deploymentId: string };
            assert.deepEqual(Object.keys(body), ["deploymentId"]);
            assert.match(body.deploymentId, UUID);
            backendId = body.deploymentId;

            const record = stored(backendId);
            assert.match(record.name, GENERATED_NAME);
            assert.match(record.createTime, RFC3339_SECONDS);
            assert.ok(Math.abs(Date.parse(record.createTime) - Date.now()) < 5000);
            assert.deepEqual(record, {
                project: ALPHA.name,
                deployId: backendId,
                name: record.name,
                createTime: record.createTime,
                displayName: "backend",
                appName: "skupper-backend",
                appVersion: "0.0.1",
                profileName: "deployment-profile-1",
                deploymentType: "targeted",
                overrideValues: [],
                targetClusters: [{ appName: "skupper-backend", clusterId: "cluster-1" }],
                networkName: "mynet",
                serviceExports: [{ appName: "skupper-backend", enabled: true }],
                status: { state: "RUNNING", message: "", summary: { total: 1, running: 1, down: 0, unknown: 0, type: "clusterCounts" } },
            });
        });

        it("gets {deployment} without networkName or serviceExports", async () => {
            const res = await call(itemUrl(backendId));
            assert.equal(res.status, 200);
            const record = stored(backendId);
            assert.deepEqual(res.json(), { deployment: presented(record) });
            const deployment = (res.json() as { deployment: Record<string, unknown> }).deployment;
            assert.equal("networkName" in deployment, false);
            assert.equal("serviceExports" in deployment, false);
            assert.equal(record.networkName, "mynet", "the server still has it");
        });

        it("lists {deployments, totalElements} without networkName or serviceExports", async () => {
            const res = await call(collectionUrl());
            assert.equal(res.status, 200);
            const body = res.json() as { deployments: Array<Record<string, unknown>>; totalElements: number };
            assert.deepEqual(body, { deployments: server.deployments(ALPHA.name).map(presented), totalElements: server.deployments(ALPHA.name).length });
            for (const d of body.deployments) {
                assert.equal("networkName" in d, false);
                assert.equal("serviceExports" in d, false);
            }
        });

        it("ignores output-only fields sent by the client", async () => {
            const id = await createOk(
                backendBody({
                    displayName: "with-outputs",
                    name: "deployment-mine",
                    deployId: "11111111-1111-4111-8111-111111111111",
                    createTime: "2001-01-01T00:00:00Z",
                    status: { state: "ERROR" },
                    apps: [{ name: "x" }],
                }),
            );
            assert.notEqual(id, "11111111-1111-4111-8111-111111111111");
            const record = stored(id);
            assert.match(record.name, GENERATED_NAME);
            assert.notEqual(record.createTime, "2001-01-01T00:00:00Z");
            assert.equal(record.status.state, "RUNNING");
        });

        it("applies ADM's defaults: generated display name, auto-scaling, catalog profile", async () => {
            const id = await createOk({ appName: "skupper", appVersion: "0.3.1", targetClusters: [{ appName: "skupper", labels: { color: "blue" } }] });
            const record = stored(id);
            assert.equal(record.displayName, record.name);
            assert.equal(record.deploymentType, "auto-scaling");
            assert.equal(record.profileName, "default-profile");
            assert.equal(record.networkName, "");
            assert.deepEqual(record.serviceExports, []);
            assert.deepEqual(record.status.summary, { total: 0, running: 0, down: 0, unknown: 0, type: "clusterCounts" });
        });

        it("updates with PUT: 200 {deployment}; an empty networkName keeps the stored one", async () => {
            const before = stored(backendId);
            const res = await put(
                backendId,
                backendBody({
                    appVersion: "0.0.2",
                    displayName: "",
                    networkName: "",
                    serviceExports: [],
                    targetClusters: [
                        { appName: "skupper-backend", clusterId: "cluster-1" },
                        { appName: "skupper-backend", clusterId: "cluster-2" },
                    ],
                }),
            );
            assert.equal(res.status, 200);
            const after = stored(backendId);
            assert.deepEqual(res.json(), { deployment: presented(after) });
            assert.equal(after.networkName, "mynet");
            assert.equal(after.displayName, "backend", "an empty display name keeps the stored one too");
            assert.deepEqual(after.serviceExports, []);
            assert.equal(after.appVersion, "0.0.2");
            assert.equal(after.status.summary.total, 2);
            assert.equal(after.name, before.name);
            assert.equal(after.createTime, before.createTime);

            const moved = await put(backendId, backendBody({ networkName: "othernet" }));
            assert.equal(moved.status, 200);
            assert.equal(stored(backendId).networkName, "othernet");
            assert.deepEqual(stored(backendId).serviceExports, [{ appName: "skupper-backend", enabled: true }]);
        });

        it("answers 404 not_found for a deployment that does not exist, on GET, PUT and DELETE", async () => {
            const missing = "00000000-0000-4000-8000-000000000000";
            const got = await call(itemUrl(missing));
            assert.equal(got.status, 404);
            assert.deepEqual(got.json(), notFound(`deployment id ${missing} not found`));
            const updated = await put(missing, backendBody());
            assert.equal(updated.status, 404);
            assert.deepEqual(updated.json(), notFound(`deployment ${missing} not found while updating deployment`));
            const deleted = await call(itemUrl(missing), { method: "DELETE" });
            assert.equal(deleted.status, 404);
            assert.deepEqual(deleted.json(), notFound(`deployment ${missing} not found while deleting deployment`));
            // Deployments are per project.
            const elsewhere = await call(itemUrl(backendId, "", BETA.name));
            assert.equal(elsewhere.status, 404);
        });

        it("validates the body of a PUT before looking the deployment up", async () => {
            const res = await put("00000000-0000-4000-8000-000000000000", backendBody({ appName: "" }));
            assert.equal(res.status, 400);
            assert.deepEqual(res.json(), invalidArgument("appName: value length must be at least 1 characters"));
        });

        it("answers 400 for a deleteType other than PARENT_ONLY or ALL, and for a malformed id", async () => {
            for (const query of ["?deleteType=SOME", "?deleteType=", "?deleteType=all"]) {
                const res = await call(itemUrl(backendId, query), { method: "DELETE" });
                assert.equal(res.status, 400, query);
                assert.deepEqual(res.json(), invalidArgument("deleteType: value must be one of PARENT_ONLY, ALL"), query);
            }
            const bad = await call(itemUrl("Not_An_Id"));
            assert.equal(bad.status, 400);
            assert.deepEqual(bad.json(), invalidArgument("deplId: value does not match regex pattern `^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]{0,1}$`"));
            assert.ok(stored(backendId));
        });

        it("deletes with 200 {}: PARENT_ONLY by default, ALL on request", async () => {
            const first = await call(itemUrl(backendId), { method: "DELETE" });
            assert.equal(first.status, 200);
            assert.deepEqual(first.json(), {});
            assert.equal(
                server.deployments().some((d) => d.deployId === backendId),
                false,
            );
            assert.equal((await call(itemUrl(backendId))).status, 404);

            const other = await createOk(backendBody({ displayName: "delete-all" }));
            const all = await call(itemUrl(other, "?deleteType=ALL"), { method: "DELETE" });
            assert.equal(all.status, 200);
            assert.deepEqual(all.json(), {});
            const again = await call(itemUrl(other, "?deleteType=PARENT_ONLY"), { method: "DELETE" });
            assert.equal(again.status, 404);
        });
    });

    describe("validation: 400 invalid_argument naming the field", () => {
        const cases: Array<[string, Record<string, unknown>, string]> = [
            ["displayName too long", { displayName: "d".repeat(41) }, "displayName: value length must be at most 40 characters"],
            [
                "displayName pattern",
                { displayName: "-dash-first" },
                "displayName: value does not match regex pattern `^([a-zA-Z0-9][\\w\\- \\.\\/_]{0,38}[a-zA-Z0-9]{0,1}|)$`",
            ],
            ["displayName type", { displayName: 5 }, "displayName: must be a string"],
            ["appName missing", { appName: undefined }, "appName: value length must be at least 1 characters"],
            ["appName pattern", { appName: "Skupper_Backend" }, "appName: value does not match regex pattern `^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]{0,1}$`"],
            ["appVersion missing", { appVersion: "" }, "appVersion: value length must be at least 1 characters"],
            ["appVersion too long", { appVersion: "1".repeat(21) }, "appVersion: value length must be at most 20 characters"],
            ["profileName pattern", { profileName: "Profile" }, "profileName: value does not match regex pattern `^[a-z0-9]*[a-z0-9-]{0,38}[a-z0-9]{0,1}$`"],
            [
                "overrideValues too many",
                { overrideValues: Array.from({ length: 101 }, () => ({ appName: "a", values: {} })) },
                "overrideValues: value must contain no more than 100 item(s)",
            ],
            [
                "overrideValues appName empty",
                { overrideValues: [{ appName: "", values: {} }] },
                "overrideValues[0].appName: value length must be at least 1 characters",
            ],
            [
                "overrideValues targetNamespace",
                { overrideValues: [{ appName: "a", targetNamespace: "-ns" }] },
                "overrideValues[0].targetNamespace: value does not match regex pattern `(^$)|^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`",
            ],
            ["overrideValues values type", { overrideValues: [{ appName: "a", values: "x: 1" }] }, "overrideValues[0].values: must be an object"],
            [
                "overrideValues neither values nor namespace",
                { overrideValues: [{ appName: "a" }] },
                "missing overrideValues.targetNamespace or overrideValues.values in request",
            ],
            [
                "targetClusters too many",
                { targetClusters: Array.from({ length: 51 }, (_, i) => ({ appName: "a", clusterId: `c${i}` })) },
                "targetClusters: value must contain no more than 50 item(s)",
            ],
            [
                "targetClusters clusterId",
                { targetClusters: [{ appName: "a", clusterId: "-c" }] },
                "targetClusters[0].clusterId: value does not match regex pattern `(^$)|^[a-zA-Z0-9][a-zA-Z0-9-_\\.]{0,98}[a-zA-Z0-9]?$`",
            ],
            [
                "targetClusters too many labels",
                {
                    deploymentType: "auto-scaling",
                    targetClusters: [{ appName: "a", labels: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, "v"])) }],
                },
                "targetClusters[0].labels: map must be at most 10 entries",
            ],
            [
                "targetClusters label key",
                { deploymentType: "auto-scaling", targetClusters: [{ appName: "a", labels: { Color: "blue" } }] },
                'targetClusters[0].labels["Color"]: value does not match regex pattern `(^$)|^[a-z0-9]([-_.=,a-z0-9/]{0,38}[a-z0-9])?$`',
            ],
            [
                "targetClusters label value empty",
                { deploymentType: "auto-scaling", targetClusters: [{ appName: "a", labels: { color: "" } }] },
                'targetClusters[0].labels["color"]: value length must be at least 1 characters',
            ],
            ["targetClusters missing", { targetClusters: [] }, "missing targetClusters in request"],
            ["targetClusters without appName", { targetClusters: [{ clusterId: "c1" }] }, "missing targetClusters.appName in request"],
            [
                "targeted without clusterId",
                { targetClusters: [{ appName: "a", labels: { color: "blue" } }] },
                "deployment type is targeted but missing targetClusters.clusterId",
            ],
            [
                "auto-scaling without labels",
                { deploymentType: "auto-scaling", targetClusters: [{ appName: "a", clusterId: "c1" }] },
                "deployment type is auto-scaling but missing targetClusters.labels",
            ],
            ["deploymentType unknown", { deploymentType: "rolling" }, "deploymentType: value must be one of auto-scaling, targeted"],
            [
                "deploymentType pattern",
                { deploymentType: "Targeted" },
                "deploymentType: value does not match regex pattern `^[a-z0-9]*[a-z0-9-]{0,18}[a-z0-9]{0,1}$`",
            ],
            ["networkName too long", { networkName: "n".repeat(41) }, "networkName: value length must be at most 40 characters"],
            [
                "networkName pattern",
                { networkName: "a-bcdefghijklmnopqrst" },
                "networkName: value does not match regex pattern `^[a-z0-9]*[a-z0-9-]{0,18}[a-z0-9]{0,1}$`",
            ],
            ["networkName upper case", { networkName: "MyNet" }, "networkName: value does not match regex pattern `^[a-z0-9]*[a-z0-9-]{0,18}[a-z0-9]{0,1}$`"],
            [
                "serviceExports too many",
                { serviceExports: Array.from({ length: 11 }, () => ({ appName: "a", enabled: true })) },
                "serviceExports: value must contain no more than 10 item(s)",
            ],
            ["serviceExports appName empty", { serviceExports: [{ enabled: true }] }, "serviceExports[0].appName: value length must be at least 1 characters"],
            ["serviceExports enabled type", { serviceExports: [{ appName: "a", enabled: "yes" }] }, "serviceExports[0].enabled: must be a boolean"],
            ["unknown field", { replicas: 3 }, "replicas: unknown field"],
            ["unknown nested field", { targetClusters: [{ appName: "a", clusterId: "c1", zone: "z" }] }, "targetClusters[0].zone: unknown field"],
            ["display name with a trailing space", { displayName: "backend " }, "display-name cannot contain leading or trailing spaces"],
        ];

        for (const [label, change, message] of cases) {
            it(label, async () => {
                const before = server.deployments().length;
                const res = await post(backendBody({ displayName: `v-${label.replace(/[^a-z]/g, "").slice(0, 30)}`, ...change }));
                assert.equal(res.status, 400, res.text);
                assert.deepEqual(res.json(), invalidArgument(message));
                assert.equal(server.deployments().length, before, "nothing is stored");
            });
        }

        it("an empty, null or non-JSON body", async () => {
            const empty = await call(collectionUrl(), { method: "POST", headers: JSON_HEADERS });
            assert.equal(empty.status, 400);
            assert.deepEqual(empty.json(), invalidArgument("incomplete request"));
            const nul = await post("null");
            assert.deepEqual(nul.json(), invalidArgument("incomplete request"));
            const garbage = await post("{nope");
            assert.equal(garbage.status, 400);
            assert.deepEqual(garbage.json(), invalidArgument("deployment: request body is not valid JSON"));
            const array = await post("[]");
            assert.equal(array.status, 400);
            assert.deepEqual(array.json(), invalidArgument("deployment: must be a JSON object"));
        });

        it("list parameters", async () => {
            const cases: Array<[string, string]> = [
                ["?pageSize=501", "pageSize: value must be greater than or equal to 0 and less than or equal to 500"],
                ["?pageSize=-1", "pageSize: value must be greater than or equal to 0 and less than or equal to 500"],
                ["?pageSize=ten", 'pageSize: invalid value "ten": must be a 32-bit integer'],
                ["?offset=-3", "offset: value must be greater than or equal to 0"],
                ["?orderBy=name%20up", "orderBy: invalid order direction; must be 'asc' or 'desc'"],
                ["?filter=name", "filter: invalid filter request"],
            ];
            for (const [query, message] of cases) {
                const res = await call(collectionUrl(ALPHA.name, query));
                assert.equal(res.status, 400, query);
                assert.deepEqual(res.json(), invalidArgument(message), query);
            }
        });
    });

    describe("duplicates and mandatory parameters", () => {
        it("answers 409 already_exists for the same package, version, profile and display name", async () => {
            const first = await createOk(backendBody({ displayName: "dup" }));
            const res = await post(backendBody({ displayName: "dup", networkName: "elsewhere" }));
            assert.equal(res.status, 409);
            assert.deepEqual(res.json(), {
                code: "already_exists",
                message: `Duplicate deployment exists with same name dup, deployID: ${first}`,
                details: [],
            });
            assert.equal(server.deployments(ALPHA.name).filter((d) => d.displayName === "dup").length, 1);

            // Any one of the four differing is a different deployment; so is another project.
            await createOk(backendBody({ displayName: "dup", appVersion: "0.0.9" }));
            await createOk(backendBody({ displayName: "dup", profileName: "other-profile" }));
            await createOk(backendBody({ displayName: "dup", appName: "skupper-frontend" }));
            await createOk(backendBody({ displayName: "dup" }), BETA.name);
        });

        it("requires metallb-config.ipAddressRange for the loadbalancer package", async () => {
            const missingMessage = "application metallb-config is missing mandatory override profile values: ipAddressRange";
            const variants: Array<[string, unknown]> = [
                ["no overrideValues", []],
                ["another app's values", [{ appName: "metallb", values: { ipAddressRange: "10.1.0.30-10.1.0.79" } }]],
                ["other keys only", [{ appName: "metallb-config", values: { ingressIPAddress: "10.1.0.81/32" } }]],
                ["an empty value", [{ appName: "metallb-config", values: { ipAddressRange: "" } }]],
                ["a namespace only", [{ appName: "metallb-config", targetNamespace: "metallb-system" }]],
            ];
            for (const [label, overrideValues] of variants) {
                const res = await post(loadbalancerBody({ overrideValues }));
                assert.equal(res.status, 400, label);
                assert.deepEqual(res.json(), invalidArgument(missingMessage), label);
            }
            assert.equal(
                server.deployments().some((d) => d.appName === "loadbalancer"),
                false,
            );

            const id = await createOk(loadbalancerBody());
            const record = stored(id);
            assert.equal(record.profileName, "default-profile");
            assert.deepEqual(record.overrideValues, [{ appName: "metallb-config", values: { ipAddressRange: "10.1.0.30-10.1.0.79" } }]);

            // The same rule holds on update.
            const update = await put(id, loadbalancerBody({ overrideValues: [] }));
            assert.equal(update.status, 400);
            assert.deepEqual(update.json(), invalidArgument(missingMessage));
        });

        it("has no mandatory parameters for skupper", async () => {
            await createOk({
                appName: "skupper",
                appVersion: "0.3.1",
                displayName: "skupper-hub",
                deploymentType: "targeted",
                targetClusters: [{ appName: "skupper", clusterId: "hub-1" }],
            });
        });
    });

    describe("authorization: 403 {message} on the proxied API", () => {
        const post403 = async (headers: Record<string, string>, project = ALPHA.name) =>
            httpRequest(collectionUrl(project), {
                method: "POST",
                headers: { ...JSON_HEADERS, ...headers },
                body: JSON.stringify(backendBody({ displayName: "denied" })),
            });

        it("answers 403 for a missing, malformed or forged token", async () => {
            const missing = await post403({});
            assert.equal(missing.status, 403);
            assert.deepEqual(missing.json(), { message: "Authorization header is missing. Unauthorized" });
            const get = await httpRequest(collectionUrl());
            assert.equal(get.status, 403);
            assert.deepEqual(get.json(), { message: "Authorization header is missing. Unauthorized" });
            const basic = await post403({ authorization: "Basic abc" });
            assert.equal(basic.status, 403);
            assert.deepEqual(basic.json(), { message: 'Expecting "Bearer" scheme. Unauthorized' });
            const forged = await post403(bearer(await server.issueForgedToken({ username: ADMIN.username })));
            assert.equal(forged.status, 403);
            assert.deepEqual(forged.json(), { message: "JWT token is invalid or expired. Unauthorized" });
            const expired = await post403(bearer(await server.issueToken({ username: ADMIN.username, expiresInSec: -5 })));
            assert.equal(expired.status, 403);
            assert.deepEqual(expired.json(), { message: "JWT token is invalid or expired. Unauthorized" });
            assert.equal(
                server.deployments().some((d) => d.displayName === "denied"),
                false,
            );
        });

        it("answers 403 without the project's ao-rw role, membership, or a resolvable project", async () => {
            const full = projectRoles(ORG.uid, ALPHA.uid);
            const cases: Array<[string, string[], string]> = [
                ["no ao-rw", full.filter((r) => !r.endsWith("_ao-rw")), ALPHA.name],
                ["no membership", [...full.filter((r) => !r.endsWith("_m")), `${ORG.uid}_project-read-role`], ALPHA.name],
                ["another project's roles", projectRoles(ORG.uid, BETA.uid), ALPHA.name],
                ["unknown project", full, "no-such-project"],
            ];
            for (const [label, roles, project] of cases) {
                const res = await post403(bearer(await server.issueToken({ username: "partial", roles })), project);
                assert.equal(res.status, 403, label);
                assert.deepEqual(res.json(), { message: "Unauthorized" }, label);
            }
            const orgless = await post403(bearer(await server.issueToken({ username: "nobody", roles: [`${ALPHA.uid}_ao-rw`] })));
            assert.equal(orgless.status, 403);
            assert.deepEqual(orgless.json(), { message: "Unable to determine the organizations. Bad Request" });
        });

        it("admits membership plus ao-rw (no app-deployment-manager roles needed), or the m2m role", async () => {
            const aoOnly = [`${ORG.uid}_${ALPHA.uid}_m`, `${ALPHA.uid}_ao-rw`];
            const list = await httpRequest(collectionUrl(), { headers: bearer(await server.issueToken({ username: "ao", roles: aoOnly })) });
            assert.equal(list.status, 200);
            const m2m = [`${ORG.uid}_${ALPHA.uid}_member-role`, "ao-m2m-rw"];
            const listed = await httpRequest(collectionUrl(), { headers: bearer(await server.issueToken({ username: "m2m", roles: m2m })) });
            assert.equal(listed.status, 200);
            // The networks API keeps its own rules and its 401s.
            const networks = await httpRequest(`${server.url}/v1/projects/${ALPHA.name}/networks`);
            assert.equal(networks.status, 401);
            // A reader of alpha has ao-rw there, and nothing in beta.
            const reader = await passwordToken(server.url, READER);
            assert.equal((await httpRequest(collectionUrl(), { headers: bearer(reader) })).status, 200);
            assert.equal((await httpRequest(collectionUrl(BETA.name), { headers: bearer(reader) })).status, 403);
        });

        it("routes only the deployments collection and items", async () => {
            const other = await call(`${server.url}/v1/projects/${ALPHA.name}/appdeployment/clusters`);
            assert.equal(other.status, 404);
            assert.deepEqual(other.json(), { message: "Not Found" });
            const patch = await call(collectionUrl(), { method: "PATCH", headers: JSON_HEADERS, body: "{}" });
            assert.equal(patch.status, 405);
            assert.equal((await httpRequest(`${server.url}/v1/projects/${ALPHA.name}/appdeployment/clusters`)).status, 403, "auth comes first");
        });
    });

    describe("faults and the request log", () => {
        it("applies faults to the deployments routes", async () => {
            server.faults.set({ status5xx: { times: 1, pathPrefix: `/v1/projects/${ALPHA.name}/appdeployment/` } });
            const before = server.deployments().length;
            const failed = await post(backendBody({ displayName: "faulted" }));
            assert.equal(failed.status, 503);
            assert.deepEqual(failed.json(), { message: "Service Unavailable" });
            assert.equal(server.deployments().length, before);

            // A create commits, then loses its answer; the retry finds the duplicate.
            server.faults.set({ failAfterCommit: { times: 1 } });
            await assert.rejects(post(backendBody({ displayName: "lost-answer" })));
            const [kept] = server.deployments().filter((d) => d.displayName === "lost-answer");
            assert.ok(kept);
            const retry = await post(backendBody({ displayName: "lost-answer" }));
            assert.equal(retry.status, 409);
            assert.deepEqual(retry.json(), {
                code: "already_exists",
                message: `Duplicate deployment exists with same name lost-answer, deployID: ${kept.deployId}`,
                details: [],
            });
        });

        it("logs every deployments request with its status and query, without headers or bodies", async () => {
            server.requests.clear();
            await call(collectionUrl(ALPHA.name, "?pageSize=2"));
            await httpRequest(collectionUrl());
            const entries = server.requests.entries.map((r) => ({ method: r.method, path: r.path, query: r.query, status: r.status }));
            assert.deepEqual(entries, [
                { method: "GET", path: `/v1/projects/${ALPHA.name}/appdeployment/deployments`, query: "pageSize=2", status: 200 },
                { method: "GET", path: `/v1/projects/${ALPHA.name}/appdeployment/deployments`, query: "", status: 403 },
            ]);
            assert.equal(JSON.stringify(server.requests.entries).includes(token), false);
        });
    });
});

describe("server: deployments paging and selection", () => {
    let server: OrchestratorServer;
    let token: string;
    const url = (query = "") => `${server.url}/v1/projects/${ALPHA.name}/appdeployment/deployments${query}`;

    before(async () => {
        server = await createOrchestratorServer(tenancyOptions());
        token = await server.issueToken({ username: ADMIN.username });
        for (let i = 0; i < 25; i += 1) {
            const res = await httpRequest(url(), {
                method: "POST",
                headers: { ...bearer(token), ...JSON_HEADERS },
                body: JSON.stringify({
                    appName: i % 2 === 0 ? "even-app" : "odd-app",
                    appVersion: "1.0.0",
                    displayName: `item-${String(i).padStart(2, "0")}`,
                    deploymentType: "targeted",
                    targetClusters: [{ appName: "web", clusterId: `cluster-${i}` }],
                }),
            });
            assert.equal(res.status, 200, res.text);
        }
    });
    after(() => server.close());

    const list = async (query = "") => {
        const res = await httpRequest(url(query), { headers: bearer(token) });
        assert.equal(res.status, 200, res.text);
        return res.json() as { deployments: Array<{ name: string; displayName: string; appName: string }>; totalElements: number };
    };
    const byName = () => server.deployments(ALPHA.name).map((d) => d.name);

    it("pages 10 at a time by default, ordered by name, with the total", async () => {
        const page = await list();
        assert.equal(page.totalElements, 25);
        assert.deepEqual(
            page.deployments.map((d) => d.name),
            byName().slice(0, 10),
        );
        assert.deepEqual(
            (await list("?pageSize=0&offset=20")).deployments.map((d) => d.name),
            byName().slice(20, 25),
        );
    });

    it("honours pageSize and offset, up to 500", async () => {
        const names = byName();
        assert.deepEqual(
            (await list("?pageSize=7&offset=7")).deployments.map((d) => d.name),
            names.slice(7, 14),
        );
        const tail = await list("?pageSize=7&offset=21");
        assert.deepEqual(
            tail.deployments.map((d) => d.name),
            names.slice(21),
        );
        assert.equal(tail.totalElements, 25);
        assert.deepEqual(await list("?offset=25"), { deployments: [], totalElements: 25 });
        const everything = await list("?pageSize=500");
        assert.deepEqual(
            everything.deployments.map((d) => d.name),
            names,
        );
        // Walking the pages sees every deployment once.
        const walked: string[] = [];
        for (let offset = 0; offset < 25; offset += 4) walked.push(...(await list(`?pageSize=4&offset=${offset}`)).deployments.map((d) => d.name));
        assert.deepEqual(walked, names);
    });

    it("sorts by orderBy and filters by filter, as ADM's data selector does", async () => {
        const desc = await list("?orderBy=displayName%20desc&pageSize=3");
        assert.deepEqual(
            desc.deployments.map((d) => d.displayName),
            ["item-24", "item-23", "item-22"],
        );
        const odd = await list(`?filter=${encodeURIComponent("appName=odd")}&orderBy=displayName&pageSize=100`);
        assert.equal(odd.deployments.length, 12);
        assert.ok(odd.deployments.every((d) => d.appName === "odd-app"));
        assert.equal(odd.totalElements, 25, "totalElements counts before the filter, as upstream");
        const wildcard = await list(`?filter=${encodeURIComponent("displayName=item-1*")}&orderBy=displayName&pageSize=100`);
        assert.deepEqual(
            wildcard.deployments.map((d) => d.displayName),
            Array.from({ length: 10 }, (_, i) => `item-1${i}`),
        );
    });

    it("keeps, for a labels query, the deployments whose every target carries one of the pairs", async () => {
        const betaUrl = `${server.url}/v1/projects/${BETA.name}/appdeployment/deployments`;
        for (const [displayName, color] of [
            ["blue-one", "blue"],
            ["red-one", "red"],
        ]) {
            const res = await httpRequest(betaUrl, {
                method: "POST",
                headers: { ...bearer(token), ...JSON_HEADERS },
                body: JSON.stringify({ appName: "web", appVersion: "1.0.0", displayName, targetClusters: [{ appName: "web", labels: { color } }] }),
            });
            assert.equal(res.status, 200, res.text);
        }
        const res = await httpRequest(`${betaUrl}?labels=${encodeURIComponent("color=blue,size=xl")}`, { headers: bearer(token) });
        const body = res.json() as { deployments: Array<{ displayName: string }>; totalElements: number };
        assert.deepEqual(
            body.deployments.map((d) => d.displayName),
            ["blue-one"],
        );
        assert.equal(body.totalElements, 1);
    });
});

describe("server: deployments persistence", () => {
    let dir: string;
    let stateFile: string;

    beforeEach(async () => {
        dir = await fs.mkdtemp(path.join(os.tmpdir(), "orch-deployments-"));
        stateFile = path.join(dir, "state.json");
    });
    afterEach(() => fs.rm(dir, { recursive: true, force: true }));

    const create = async (server: OrchestratorServer, body: Record<string, unknown>) => {
        const res = await httpRequest(`${server.url}/v1/projects/${ALPHA.name}/appdeployment/deployments`, {
            method: "POST",
            headers: { ...bearer(await server.issueToken({ username: ADMIN.username })), ...JSON_HEADERS },
            body: JSON.stringify(body),
        });
        assert.equal(res.status, 200, res.text);
        return (res.json() as { deploymentId: string }).deploymentId;
    };

    it("has the deployment on disk when the reply arrives, and keeps it across a restart", async () => {
        const first = await createOrchestratorServer({ ...tenancyOptions(), stateFile });
        let id: string;
        let before: DeploymentRecord[];
        try {
            id = await create(first, backendBody());
            const doc = JSON.parse(await fs.readFile(stateFile, "utf8")) as StateDocument;
            const [key, saved] = Object.entries(doc.deployments ?? {})[0] ?? [];
            assert.equal(key, `${ALPHA.name}/${id}`);
            assert.equal(saved?.networkName, "mynet");
            assert.deepEqual(saved?.serviceExports, [{ appName: "skupper-backend", enabled: true }]);
            before = first.deployments();
        } finally {
            await first.close();
        }

        const second = await createOrchestratorServer({ ...tenancyOptions(), stateFile });
        try {
            assert.deepEqual(second.deployments(), before);
            const token = await second.issueToken({ username: ADMIN.username });
            const got = await httpRequest(`${second.url}/v1/projects/${ALPHA.name}/appdeployment/deployments/${id}`, { headers: bearer(token) });
            assert.equal(got.status, 200);
            assert.deepEqual(got.json(), { deployment: presented(before[0] as DeploymentRecord) });
            const duplicate = await httpRequest(`${second.url}/v1/projects/${ALPHA.name}/appdeployment/deployments`, {
                method: "POST",
                headers: { ...bearer(token), ...JSON_HEADERS },
                body: JSON.stringify(backendBody()),
            });
            assert.equal(duplicate.status, 409);
        } finally {
            await second.close();
        }
    });

    it("loads a state file written before deployments existed", async () => {
        await fs.writeFile(
            stateFile,
            JSON.stringify({
                version: 1,
                networks: {
                    [`${ALPHA.name}/old-mesh`]: {
                        spec: { type: "application-mesh" },
                        status: {},
                        hashedName: "0".repeat(40),
                        labels: { "nexus/display_name": "old-mesh" },
                    },
                },
            }),
        );
        const server = await createOrchestratorServer({ ...tenancyOptions(), stateFile });
        try {
            assert.deepEqual(
                server.networks().map((n) => n.name),
                ["old-mesh"],
            );
            assert.deepEqual(server.deployments(), []);
            const token = await server.issueToken({ username: ADMIN.username });
            const empty = await httpRequest(`${server.url}/v1/projects/${ALPHA.name}/appdeployment/deployments`, { headers: bearer(token) });
            assert.deepEqual(empty.json(), { deployments: [], totalElements: 0 });
            const id = await create(server, backendBody());
            const doc = JSON.parse(await fs.readFile(stateFile, "utf8")) as StateDocument;
            assert.deepEqual(Object.keys(doc.networks), [`${ALPHA.name}/old-mesh`]);
            assert.deepEqual(Object.keys(doc.deployments ?? {}), [`${ALPHA.name}/${id}`]);
        } finally {
            await server.close();
        }
    });

    it("refuses a state file whose deployments do not match the schema", async () => {
        await fs.writeFile(stateFile, JSON.stringify({ version: 1, networks: {}, deployments: { [`${ALPHA.name}/x`]: { deployId: "x" } } }));
        await assert.rejects(createOrchestratorServer({ ...tenancyOptions(), stateFile }), /is not a version 1 state document/);
    });
});
