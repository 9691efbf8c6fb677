/**
 * Issue 14 §6: `pulumi config set --secret --path '…hubs[0].kubeconfig'` on
 * a stack whose hub has a kubeconfigFile leaves both keys (checked with the
 * Pulumi CLI 3.248.0). The explicit kubeconfig wins, with a note, instead of
 * a configuration error that would force hand-editing the stack file.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { StackConfigError, parseStackConfig } from "../../sdk/stack/config";
import { CLI } from "../support/cli";

const ROOT = path.resolve(__dirname, "../..");
const DEV = path.join(ROOT, "Pulumi.dev.yaml");

function devConfig(change: (c: Record<string, any>) => void): Record<string, any> {
    const config = parse(fs.readFileSync(DEV, "utf8")).config;
    change(config);
    return config;
}

const NOTE = {
    path: "edge-interconnect:hubs[0].kubeconfigFile",
    message: "is not used: store-hub's explicit kubeconfig (edge-interconnect:hubs[0].kubeconfig) wins; remove kubeconfigFile to silence this note",
};

describe("an explicit kubeconfig beside a kubeconfigFile", function () {
    this.timeout(60_000);

    it("a secret kubeconfig (as pulumi config set --secret --path leaves it) wins, with a note naming both keys", () => {
        const stack = parseStackConfig(devConfig((c) => (c["edge-interconnect:hubs"][0].kubeconfig = { secure: "v1:cAD7arJAoMlpH+Lj:lr1W0+tE9bhV" })));
        assert.deepEqual(stack.access["store-hub"].kubeconfig, { kind: "secret", value: undefined });
        assert.deepEqual(stack.notes, [NOTE]);
        // The other members keep their files, without notes of their own.
        assert.deepEqual(stack.access["store-1"].kubeconfig, { kind: "file", path: "~/.kube/store-1.yaml" });
    });

    it("a decrypted kubeconfig (as the program reads it) wins the same way", () => {
        const stack = parseStackConfig(devConfig((c) => (c["edge-interconnect:hubs"][0].kubeconfig = "apiVersion: v1\nkind: Config\n")));
        // Trimmed, as every string of the configuration.
        assert.deepEqual(stack.access["store-hub"].kubeconfig, { kind: "secret", value: "apiVersion: v1\nkind: Config" });
        assert.deepEqual(stack.notes, [NOTE]);
    });

    it("without both keys there is no note; other pairs of sources are still refused", () => {
        assert.equal(parseStackConfig(devConfig(() => undefined)).notes, undefined);
        assert.throws(
            () => parseStackConfig(devConfig((c) => (c["edge-interconnect:hubs"][0].context = "lab"))),
            (e: unknown) =>
                e instanceof StackConfigError &&
                e.issues.length === 1 &&
                e.issues[0].path === "edge-interconnect:hubs[0].context" &&
                e.issues[0].message === "cannot be combined with kubeconfigFile; give one kubeconfig source",
        );
    });

    it("plan accepts the stack and prints the note among its guardrails", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kubeconfig-both-"));
        try {
            const file = path.join(dir, "Pulumi.dev.yaml");
            const doc = parse(fs.readFileSync(DEV, "utf8"));
            doc.config["edge-interconnect:hubs"][0].kubeconfig = { secure: "v1:cAD7arJAoMlpH+Lj:lr1W0+tE9bhV" };
            fs.writeFileSync(file, stringify(doc));
            const env = { ...process.env, EDGE_ORCH_TOKEN: "", EDGE_ORCH_USERNAME: "", EDGE_ORCH_PASSWORD: "" };
            const res = spawnSync(CLI[0], [...CLI.slice(1), "plan", file], { cwd: ROOT, env, encoding: "utf8", timeout: 60_000 });
            assert.equal(res.status, 0, res.stderr);
            assert.ok(res.stdout.split("\n").includes(`  note  ${NOTE.path} ${NOTE.message}`), res.stdout);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
