/**
 * The repository's Pulumi program (index.ts) under mocks with the dev
 * stack's configuration: it validates the configuration, reads the
 * kubeconfigs as secrets and builds the whole interconnect.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { RecordingMocks, inspect, isSecretValue, waitFor } from "../support/mocks";
import { PKI_PROVIDERS } from "../support/clusters";

const ROOT = path.resolve(__dirname, "../..");

/** The dev stack's config as the engine hands it to a program: JSON strings per key. */
function devConfig(kubeconfigDir: string): Record<string, string> {
    const config = parse(fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")).config as Record<string, any>;
    for (const list of ["edge-interconnect:hubs", "edge-interconnect:spokes"]) {
        for (const cluster of config[list]) cluster.kubeconfigFile = path.join(kubeconfigDir, `${cluster.name}.yaml`);
    }
    return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

describe("the repository's Pulumi program with the dev stack (mocks)", function () {
    const mocks = new RecordingMocks({}, PKI_PROVIDERS);
    let dir: string;
    let program: Record<string, any>;

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "root-program-"));
        for (const c of ["store-hub", "store-1", "store-2"]) {
            fs.writeFileSync(
                path.join(dir, `${c}.yaml`),
                JSON.stringify({
                    clusters: [{ name: c, cluster: { server: `https://${c}:6443` } }],
                    contexts: [{ name: c, context: { cluster: c, user: c } }],
                    users: [{ name: c, user: { token: `secret-token-${c}` } }],
                }),
            );
        }
        pulumi.runtime.setAllConfig(devConfig(dir));
        await pulumi.runtime.setMocks(mocks, "edge-interconnect", "dev", false);
        // index.ts exports the root program as a function, which Pulumi's runtime calls (@pulumi/pulumi cmd/run/run.js).
        const run = require("../../index") as () => Promise<Record<string, any>>;
        program = await run();
        await waitFor(() => mocks.ofType("pulumi:providers:kubernetes").length === 3, "three cluster providers");
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("builds one network, one hub and two spokes, registered with the orchestrator", async () => {
        assert.equal((await inspect(program.networkName)).value, "retail-mesh");
        assert.equal(program.registered, true);
        assert.equal((await inspect(program.project)).value, "sample-project");
        assert.deepEqual(program.hubs, {
            "store-hub": {
                routerAddress: "10.1.0.33:55671",
                serviceAddresses: { "my-backend": "my-backend.interconnect.svc.cluster.local:8080", payments: "payments.interconnect.svc.cluster.local:8443" },
            },
        });
        assert.deepEqual(program.spokes, {
            "store-1": { hub: "store-hub", link: "link-to-store-hub", hubAddress: "10.1.0.33:55671" },
            "store-2": { hub: "store-hub", link: "link-to-store-hub", hubAddress: "10.1.0.33:55671" },
        });
        const network = mocks.ofType("edge-interconnect:index:Network");
        assert.deepEqual(
            network.map((n) => [n.inputs.apiUrl, n.inputs.project, n.inputs.networkName, n.inputs.description]),
            [["http://127.0.0.1:8080", "sample-project", "retail-mesh", "Store clients reach the shop backends"]],
        );
    });

    it("reads each kubeconfig file into a secret provider input", () => {
        const providers = mocks.ofType("pulumi:providers:kubernetes");
        assert.deepEqual(providers.map((p) => p.name).sort(), ["store-1-k8s", "store-2-k8s", "store-hub-k8s"]);
        for (const p of providers) assert.equal(isSecretValue(p.inputs.kubeconfig), true, p.name);
    });
});
