/**
 * The fleet driver's inline program (sdk/fleet/program.ts) is the
 * repository's index.ts as a function: under mocks, with the dev stack's
 * configuration, both register the same resources with the same inputs and
 * export the same outputs. (index.ts is not in dist/, so the CLI cannot run it.)
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { rootProgram } from "../../sdk/fleet/program";
import { RecordingMocks, unwrapSecrets } from "../support/mocks";

const ROOT = path.resolve(__dirname, "../..");

/** Settles every output of a module's exports or a program's result. */
async function settled(outputs: Record<string, unknown>): Promise<Record<string, unknown>> {
    const defined = Object.entries(outputs).filter(([k, v]) => v !== undefined && k !== "__esModule" && k !== "default");
    const values = await Promise.all(
        defined.map(([, v]) => new Promise((resolve) => pulumi.output(v as pulumi.Input<object>).apply((x: unknown) => resolve(unwrapSecrets(x))))),
    );
    return Object.fromEntries(defined.map(([k], i) => [k, values[i]]));
}

async function registrations(run: () => Promise<Record<string, unknown>>): Promise<{ resources: string[]; outputs: Record<string, unknown> }> {
    const mocks = new RecordingMocks();
    await pulumi.runtime.setMocks(mocks, "edge-interconnect", "dev", false);
    const outputs = await settled(await run());
    // Registrations settle after the outputs that do not wait for them.
    let count = -1;
    while (count !== mocks.resources.length) {
        count = mocks.resources.length;
        await new Promise((r) => setTimeout(r, 50));
    }
    return { resources: mocks.resources.map((r) => JSON.stringify([r.type, r.name, r.provider ?? "", unwrapSecrets(r.inputs)])).sort(), outputs };
}

describe("the root program (index.ts and the fleet driver)", function () {
    this.timeout(60_000);
    let dir: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleet-program-"));
        const config = parse(fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")).config as Record<string, any>;
        for (const list of ["edge-interconnect:hubs", "edge-interconnect:spokes"])
            for (const cluster of config[list]) {
                cluster.kubeconfigFile = path.join(dir, `${cluster.name}.yaml`);
                fs.writeFileSync(
                    cluster.kubeconfigFile,
                    JSON.stringify({
                        clusters: [{ name: cluster.name, cluster: { server: `https://${cluster.name}:6443` } }],
                        contexts: [{ name: cluster.name, context: { cluster: cluster.name, user: cluster.name } }],
                        users: [{ name: cluster.name, user: { token: "t" } }],
                    }),
                );
            }
        pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("index.ts is the root program itself: one code path for pulumi up of the repository and for the fleet driver", () => {
        const file = require.resolve("../../index");
        delete require.cache[file];
        assert.equal(require(file), rootProgram);
    });

    it("registers the dev stack and exports its outputs under the names index.ts always had", async () => {
        const { resources, outputs } = await registrations(rootProgram);
        const expected = parse(fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")).config as Record<string, unknown>;
        assert.ok(expected["edge-interconnect:hubs"], "the dev stack has hubs");
        assert.deepEqual(Object.keys(outputs).sort(), ["caCertPem", "hubs", "networkName", "project", "registered", "spokes"]);
        assert.equal(outputs.networkName, "retail-mesh");
        // The dev stack: 1 network (CA, no registration), 1 hub, 2 spokes, each with its provider and objects.
        assert.equal(resources.length, 58);
    });
});
