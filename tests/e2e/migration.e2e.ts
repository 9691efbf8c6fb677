/**
 * Upgrading a stack made by the dynamic providers (issue 16 §3, "Upgrading
 * stacks"), through the real Pulumi CLI against the local orchestrator: a
 * stack is created with the previous release's dynamic resources
 * (tests/e2e/support/legacyDynamicResources.ts: a Network, a Deployment, a
 * CertificateAuthority and a SignedCertificate), then `up` runs the same
 * program with this release's custom resources. Nothing is created, deleted,
 * replaced or even updated: each resource finds its record through the alias
 * from its old type and stays the same, without any request to the
 * orchestrator; the next refresh drops the old provider's code from the
 * records' outputs, showing no change.
 *
 * Why no replacement although the resources move from the `pulumi-nodejs`
 * default provider to the `edge-interconnect` one: when a resource's
 * provider changes, the engine asks the *new* provider's DiffConfig whether
 * that means a replacement (pkg/v3@v3.248.0 resource/deploy/step_generator.go,
 * `providerChanged`, lines 2613-2690, DiffConfig at 2668); our plugin's host
 * does not implement DiffConfig (@pulumi/pulumi provider/server.js line 114),
 * which the engine reads as "no replacement" (sdk/v3@v3.248.0
 * go/common/resource/plugin/provider_plugin.go lines 810-823). The resource's
 * own diff then decides (provider/plugin/resources.ts).
 *
 *   npx tsc -p tsconfig.json
 *   npx mocha --no-config -r ts-node/register/transpile-only --timeout 2700000 tests/e2e/migration.e2e.ts
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { Stack } from "@pulumi/pulumi/automation";
import { OrchestratorServer, createOrchestratorServer } from "../../tools/local-orchestrator";
import { ensureToolchain } from "./toolchain";
import { filesUnder } from "./support/files";
import { changes, inlineStack, pulumiEnv, PulumiEnv, stepRecorder } from "./support/pulumi";

const PROJECT_NAME = "edge-migration";
const PROJECT = "sample-project";
const NETWORK = "migrate-mesh";
const USER = "edge-admin";
const PASSWORD = "e2e-migrate-pass-2718";
const TOKEN = "/realms/master/protocol/openid-connect/token";
const log = (line: string) => console.log(`      ${line}`);

type Flavour = "legacy" | "current";

/**
 * The program, with either release's classes: the same names, parents and
 * inputs. Exports the PEMs (the keys as secrets) to compare across the upgrade.
 */
function program(flavour: Flavour, apiUrl: () => string): () => Promise<Record<string, unknown>> {
    return async () => {
        const legacy = await import("./support/legacyDynamicResources");
        const current = {
            network: await import("../../provider/network/resource"),
            deployment: await import("../../provider/deployment/resource"),
            pki: await import("../../provider/pki"),
        };
        const Network = flavour === "legacy" ? legacy.LegacyNetworkResource : current.network.NetworkResource;
        const Deployment = flavour === "legacy" ? legacy.LegacyOrchestratorDeployment : current.deployment.OrchestratorDeployment;
        const Authority = flavour === "legacy" ? legacy.LegacyCertificateAuthority : current.pki.CertificateAuthority;
        const Certificate = flavour === "legacy" ? legacy.LegacySignedCertificate : current.pki.SignedCertificate;

        const network = new Network("mig-network", { apiUrl: apiUrl(), project: PROJECT, networkName: NETWORK, description: "Migrated mesh" });
        new Deployment(
            "mig-deployment",
            {
                apiUrl: apiUrl(),
                project: PROJECT,
                appName: "skupper-backend",
                appVersion: "0.0.1",
                displayName: "backend",
                targetClusters: [{ appName: "skupper-backend", clusterId: "cluster-dc" }],
                networkName: NETWORK,
                serviceExports: [{ appName: "skupper-backend", enabled: true }],
            },
            { dependsOn: [network] },
        );
        const ca = new Authority("mig-ca", { commonName: "migrate-site-ca" });
        const cert = new Certificate("mig-cert", { caCertPem: ca.certPem, caKeyPem: ca.keyPem, commonName: "migrate-link", usages: ["client"] });
        return {
            caCertPem: ca.certPem,
            caKeyPem: ca.keyPem,
            caSerial: ca.serialNumber,
            certPem: cert.certPem,
            certKeyPem: cert.keyPem,
            certSerial: cert.serialNumber,
        };
    };
}

describe("migrating a stack of the dynamic providers to the provider plugin (issue 16 §3)", function () {
    this.timeout(20 * 60_000);
    let server: OrchestratorServer;
    let env: PulumiEnv;
    let stack: Stack;
    let flavour: Flavour = "legacy";
    let legacyOutputs: Record<string, unknown>;

    /** Resources of the state, by name: type, id, and where the dynamic provider's code (`__provider`) still is. */
    const stateOf = async (): Promise<Record<string, { type: string; id: string; legacyCode: string[] }>> => {
        const state = await stack.exportStack();
        const resources = ((state.deployment as { resources?: Record<string, any>[] }).resources ?? []).filter((r) =>
            String(r.urn).split("::").pop()!.startsWith("mig-"),
        );
        return Object.fromEntries(
            resources.map((r) => [
                String(r.urn).split("::").pop(),
                { type: r.type, id: r.id, legacyCode: (["inputs", "outputs"] as const).filter((k) => "__provider" in (r[k] ?? {})) },
            ]),
        );
    };
    /** The stack outputs' plain values. */
    const outputs = async () => Object.fromEntries(Object.entries(await stack.outputs()).map(([k, v]) => [k, v.value]));
    /** What reached the orchestrator since request number `since`, tokens left out. */
    const requestsSince = (since: number) =>
        server.requests.entries.filter((r) => r.seq > since && r.path !== TOKEN).map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ""} ${r.status}`);

    before(async function () {
        const toolchain = await ensureToolchain();
        if (!toolchain.pulumi || !toolchain.pulumiBinDir) {
            log(`skipped: no Pulumi CLI (${JSON.stringify(toolchain.unavailable)})`);
            this.skip();
        }
        server = await createOrchestratorServer({ users: [{ username: USER, password: PASSWORD }] });
        env = await pulumiEnv(toolchain, PROJECT_NAME, { kubernetesPlugin: false, env: { EDGE_ORCH_USERNAME: USER, EDGE_ORCH_PASSWORD: PASSWORD } });
        stack = await inlineStack(env, PROJECT_NAME, "e2e", () => program(flavour, () => server.url)());
    });
    after(async () => {
        try {
            if (stack) await stack.destroy({ color: "never" }).catch(() => undefined);
        } finally {
            await server?.close();
            env?.cleanup();
        }
    });

    it("the previous release's dynamic resources create the network, the deployment and the PKI", async () => {
        const rec = stepRecorder();
        await stack.up({ onEvent: rec.onEvent, color: "never" });
        assert.deepEqual(changes(rec.steps), [
            "create default (pulumi:providers:pulumi-nodejs)",
            "create mig-ca",
            "create mig-cert",
            "create mig-deployment",
            "create mig-network",
        ]);
        legacyOutputs = await outputs();
        assert.match(String(legacyOutputs.caKeyPem), /^-----BEGIN RSA PRIVATE KEY-----\n/);
        assert.match(String(legacyOutputs.certPem), /^-----BEGIN CERTIFICATE-----\n/);
        const both = ["inputs", "outputs"];
        assert.deepEqual(await stateOf(), {
            "mig-network": { type: "pulumi-nodejs:dynamic/edge-interconnect:Network", id: `${PROJECT}/${NETWORK}`, legacyCode: both },
            "mig-deployment": { type: "pulumi-nodejs:dynamic/edge-interconnect:Deployment", id: server.deployments(PROJECT)[0].deployId, legacyCode: both },
            "mig-ca": { type: "pulumi-nodejs:dynamic/edge-interconnect:CertificateAuthority", id: legacyOutputs.caSerial, legacyCode: both },
            "mig-cert": { type: "pulumi-nodejs:dynamic/edge-interconnect:SignedCertificate", id: legacyOutputs.certSerial, legacyCode: both },
        });
        assert.deepEqual(
            server.networks(PROJECT).map((n) => [n.name, n.spec]),
            [[NETWORK, { description: "Migrated mesh", type: "application-mesh" }]],
        );
        assert.equal(server.deployments(PROJECT).length, 1);
    });

    /** The steps of a preview or up after the switch: the default provider changes, the four resources stay. */
    const MIGRATION = ["create default (pulumi:providers:edge-interconnect)", "delete default (pulumi:providers:pulumi-nodejs)"];

    it("preview with the custom resources shows no create, delete, replace or update of any of them", async () => {
        flavour = "current";
        const rec = stepRecorder();
        await stack.preview({ onEvent: rec.onEvent, color: "never" });
        assert.deepEqual(changes(rec.steps), MIGRATION);
        assert.deepEqual(
            rec.steps
                .filter((st) => st.name.startsWith("mig-"))
                .map((st) => `${st.op} ${st.name}`)
                .sort(),
            ["same mig-ca", "same mig-cert", "same mig-deployment", "same mig-network"],
        );
    });

    it("up keeps every record: nothing reaches the orchestrator and the PEMs are unchanged", async () => {
        const since = server.requests.total;
        const deployId = server.deployments(PROJECT)[0].deployId;
        const rec = stepRecorder();
        const res = await stack.up({ onEvent: rec.onEvent, color: "never" });
        assert.deepEqual(changes(rec.steps), MIGRATION);
        assert.deepEqual(requestsSince(since), [], "no DELETE, PUT or POST: the orchestrator sees nothing of the migration");
        assert.deepEqual(
            server.networks(PROJECT).map((n) => [n.name, n.spec]),
            [[NETWORK, { description: "Migrated mesh", type: "application-mesh" }]],
        );
        assert.deepEqual(
            server.deployments(PROJECT).map((d) => d.deployId),
            [deployId],
        );
        // The records now belong to the custom resources; their inputs are the new ones, their outputs the old.
        assert.deepEqual(await stateOf(), {
            "mig-network": { type: "edge-interconnect:index:Network", id: `${PROJECT}/${NETWORK}`, legacyCode: ["outputs"] },
            "mig-deployment": { type: "edge-interconnect:index:Deployment", id: deployId, legacyCode: ["outputs"] },
            "mig-ca": { type: "edge-interconnect:index:CertificateAuthority", id: legacyOutputs.caSerial, legacyCode: ["outputs"] },
            "mig-cert": { type: "edge-interconnect:index:SignedCertificate", id: legacyOutputs.certSerial, legacyCode: ["outputs"] },
        });
        assert.deepEqual(await outputs(), legacyOutputs, "the same CA and certificate, keys included");
        assert.equal(res.stdout.includes(PASSWORD), false);
        // The keys stay secrets: no line of either key in any file of the backend (the state is encrypted there).
        const keyLines = [legacyOutputs.caKeyPem, legacyOutputs.certKeyPem].map((k) => String(k).split("\n")[1]);
        const backend = filesUnder(path.join(env.dir, "backend"));
        assert.ok(
            backend.some((f) => f.text.includes("mig-cert")),
            "the backend holds the state",
        );
        assert.deepEqual(
            backend.filter((f) => keyLines.some((l) => f.text.includes(l))).map((f) => f.file),
            [],
        );
    });

    it("refresh then finds no change and drops the old provider's code; a second up does nothing", async () => {
        const since = server.requests.total;
        const refreshed = await stack.refresh({ expectNoChanges: true, color: "never" });
        // Nothing but "same" (five resources as the engine counts them in a refresh summary).
        assert.deepEqual(refreshed.summary.resourceChanges, { same: 5 });
        // Only reads: a GET of the network and of the deployment.
        assert.deepEqual(requestsSince(since).sort(), [
            `GET /v1/projects/${PROJECT}/appdeployment/deployments/${server.deployments(PROJECT)[0].deployId} 200`,
            `GET /v1/projects/${PROJECT}/networks/${NETWORK} 200`,
        ]);
        const state = await stateOf();
        assert.deepEqual(
            Object.values(state).map((r) => r.legacyCode),
            [[], [], [], []],
        );
        const again = stepRecorder();
        await stack.up({ onEvent: again.onEvent, color: "never" });
        assert.deepEqual(changes(again.steps), []);
        assert.deepEqual(await outputs(), legacyOutputs);
    });

    it("destroy removes the network and the deployment", async () => {
        await stack.destroy({ color: "never" });
        assert.deepEqual(server.networks(PROJECT), []);
        assert.deepEqual(server.deployments(PROJECT), []);
        assert.deepEqual(await stateOf(), {});
    });
});
