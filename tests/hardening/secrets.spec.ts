/**
 * Secret hygiene: passwords, tokens, private keys and kubeconfigs never
 * appear in plain text in what the package writes or registers — provider
 * errors and host output, the orchestrator's logs and state file, plans and
 * manifests, CLI output, or resource inputs outside Pulumi's secret wrapper.
 * Every capture is scanned for every known secret.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ProviderPluginHost, HostCallError } from "../../tools/provider-host/pluginHost";
import { createOrchestratorServer } from "../../tools/local-orchestrator";
import { RecordingMocks, SECRET_SIG, waitFor } from "../support/mocks";
import { kubeconfig, PKI_PROVIDERS } from "../support/clusters";
import { CLI, TOOLS_CLI } from "../support/cli";

const ROOT = path.resolve(__dirname, "../..");
const PASSWORD = "pw-7f3c9e1a-never-print";
const KUBE_TOKEN = "kube-token-5d2b8a-never-print";
const KUBECONFIG_WITH_SECRET = kubeconfig("c", KUBE_TOKEN);

/** Everything captured, by where it came from. */
const captures: { where: string; text: string }[] = [];
const capture = (where: string, value: unknown) => captures.push({ where, text: typeof value === "string" ? value : JSON.stringify(value) });
/** Secret values seen during the run: the fixed ones, plus tokens and keys generated on the way. */
const secrets = new Set<string>([PASSWORD, KUBE_TOKEN]);

/** Drops values inside Pulumi's secret wrapper: what remains is what would be stored or shown in plain text. */
function outsideSecrets(v: unknown): unknown {
    if (v && typeof v === "object") {
        if ((v as Record<string, unknown>)[SECRET_SIG] !== undefined) return "[secret]";
        if (Array.isArray(v)) return v.map(outsideSecrets);
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, outsideSecrets(x)]));
    }
    return v;
}

describe("secrets never appear in plain text", function () {
    this.timeout(120_000);

    it("provider host output and errors, the orchestrator's request log and state file", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "secrets-"));
        const stateFile = path.join(dir, "state.json");
        const server = await createOrchestratorServer({ users: [{ username: "edge-admin", password: PASSWORD }], stateFile });
        // Credentials come from the inputs only (no EDGE_ORCH_* fallback), so every failure below really fails.
        const host = await ProviderPluginHost.start("Network", { env: { PATH: process.env.PATH } });
        try {
            await host.configure({});
            const token = await server.issueToken({ username: "edge-admin" });
            secrets.add(token);
            const inputs = {
                apiUrl: server.url,
                project: "sample-project",
                networkName: "secret-mesh",
                description: "d",
                password: PASSWORD,
                username: "edge-admin",
            };
            const created = await host.create(inputs);
            await host.read(created.id, created.properties);
            await host.update(created.id, created.properties, { ...inputs, description: "e" });
            // Failures too: a wrong password, a refused token, an unreachable orchestrator.
            for (const bad of [
                { ...inputs, networkName: "x1", password: `${PASSWORD}-wrong` },
                {
                    ...inputs,
                    networkName: "x2",
                    username: undefined,
                    password: undefined,
                    token: (await server.issueForgedToken({ username: "edge-admin" })) as string,
                },
                { ...inputs, networkName: "x3", apiUrl: "http://127.0.0.1:1", operationTimeoutSeconds: 1 },
            ]) {
                const clean = Object.fromEntries(Object.entries(bad).filter(([, v]) => v !== undefined));
                if (typeof clean.token === "string") secrets.add(clean.token);
                await host.create(clean).then(
                    () => assert.fail(`must fail: ${String(clean.networkName)}`),
                    (e: HostCallError) => capture(`host error ${clean.networkName}`, e.details),
                );
            }
            await host.delete(created.id, created.properties);
            capture("host stderr", host.stderr);
            capture("server request log", server.requests.entries);
            capture("server state file", fs.readFileSync(stateFile, "utf8"));
        } finally {
            await host.close();
            await server.close();
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("component inputs: kubeconfigs, passwords, tokens and generated private keys only inside secret wrappers", async () => {
        const mocks = new RecordingMocks({}, PKI_PROVIDERS);
        const logged: string[] = [];
        const original = console.log;
        console.log = (...a: unknown[]) => void logged.push(a.map(String).join(" "));
        try {
            await pulumi.runtime.setMocks(mocks, "edge-interconnect-test", "dev", false);
            const sdk = await import("../../sdk");
            const network = new sdk.InterconnectNetwork("secret-net", {
                orchestrator: { apiUrl: "https://api.edge.example.com", project: "p", username: "ops", password: PASSWORD },
            });
            const hub = new sdk.HubCluster("s-hub", {
                network,
                kubeconfig: KUBECONFIG_WITH_SECRET,
                loadBalancer: { addresses: ["10.1.0.32/28"] },
                allowedSourceRanges: ["10.2.0.0/16"],
                exposedServices: [{ name: "pay", port: 8443, tls: true }],
            });
            new sdk.SpokeCluster("s-spoke", { network, hub, kubeconfig: KUBECONFIG_WITH_SECRET });
            await waitFor(() => mocks.ofType("kubernetes:core/v1:Secret").length >= 6, "the secrets of hub and spoke");
        } finally {
            console.log = original;
        }
        // Every generated private key is a secret value to look for.
        for (const r of mocks.resources) {
            const text = JSON.stringify(r.inputs);
            for (const m of text.matchAll(/-----BEGIN RSA PRIVATE KEY-----[^"]+?-----END RSA PRIVATE KEY-----/g)) secrets.add(m[0].replace(/\\n/g, "\n"));
        }
        assert.ok(
            [...secrets].some((s) => s.startsWith("-----BEGIN RSA PRIVATE KEY-----")),
            "the run generated private keys to look for",
        );
        capture(
            "registered inputs outside secret wrappers",
            mocks.resources.map((r) => ({ type: r.type, name: r.name, inputs: outsideSecrets(r.inputs) })),
        );
        capture("console during construction", logged.join("\n"));
    });

    it("plans, their JSON and manifests, and the CLI's output", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "secrets-plan-"));
        try {
            // A stack whose kubeconfig and password are (wrongly) in plain text: plan must still not print them.
            const doc = require("yaml").parse(fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8"));
            doc.config["edge-interconnect:hubs"][0].kubeconfig = KUBECONFIG_WITH_SECRET;
            delete doc.config["edge-interconnect:hubs"][0].kubeconfigFile;
            doc.config["edge-interconnect:orchestratorPassword"] = PASSWORD;
            const stackFile = path.join(dir, "Pulumi.leaky.yaml");
            fs.writeFileSync(stackFile, require("yaml").stringify(doc));
            const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
                spawnSync(CLI[0], [...CLI.slice(1), ...args], {
                    cwd: ROOT,
                    env: { ...process.env, EDGE_ORCH_USERNAME: "", EDGE_ORCH_PASSWORD: "", EDGE_ORCH_TOKEN: "", ...env },
                    encoding: "utf8",
                    timeout: 60_000,
                });
            const out = path.join(dir, "out");
            const text = run(["plan", stackFile, "--out", out]);
            assert.equal(text.status, 0, text.stderr);
            capture("plan text", text.stdout + text.stderr);
            const json = run(["plan", stackFile, "--format", "json"]);
            capture("plan json", json.stdout + json.stderr);
            for (const f of fs.readdirSync(out)) capture(`plan --out ${f}`, fs.readFileSync(path.join(out, f), "utf8"));
            const demo = spawnSync(TOOLS_CLI[0], [...TOOLS_CLI.slice(1), "demo"], {
                cwd: ROOT,
                env: { ...process.env, EDGE_ORCH_USERNAME: "", EDGE_ORCH_PASSWORD: "", EDGE_ORCH_TOKEN: "" },
                encoding: "utf8",
                timeout: 60_000,
            });
            assert.equal(demo.status, 0, demo.stderr);
            capture("demo output", demo.stdout + demo.stderr);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    after(() => {
        assert.ok(captures.length >= 12, `expected many captures, got ${captures.length}`);
        const leaks: string[] = [];
        for (const c of captures) {
            for (const s of secrets) {
                if (c.text.includes(s) || c.text.includes(JSON.stringify(s).slice(1, -1))) leaks.push(`${c.where}: contains ${s.slice(0, 24)}…`);
            }
        }
        assert.deepEqual(leaks, []);
    });
});
