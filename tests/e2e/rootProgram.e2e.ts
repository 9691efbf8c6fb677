/**
 * The repository's own Pulumi program (index.ts at the root, project name
 * from Pulumi.yaml) against real control planes, driven as its README says:
 * a stack configuration whose kubeconfigs are secrets set by key path
 * (`pulumi config set --secret --path 'edge-interconnect:hubs[0].kubeconfig'`),
 * through the real Pulumi CLI (preview, up, refresh, destroy). One hub and two
 * spokes on loopback clusters (etcd + kube-apiserver + kube-controller-manager
 * each), MetalLB's own controller assigning the hub router's address; then a
 * third spoke joins. The add-ons come from the stack configuration
 * (`metallb.install: false`, `skupperController.install: false`): the harness
 * runs MetalLB's controller and no kubelet runs pods. Last, a router IP
 * change: `edge-interconnect plan --diff` between the stack file before and
 * after names exactly the Kubernetes changes the engine's preview makes
 * (replace or update, resource by resource), and `up` applies them.
 *
 * The kubeconfigs must never appear in plain text: not in the stack's state
 * (`pulumi stack export`, and every file of the backend), not in the stack's
 * configuration file, not in anything the CLI prints.
 *
 *   npx mocha --no-config -r ts-node/register/transpile-only --extension ts --timeout 2400000 tests/e2e/rootProgram.e2e.ts
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigMap, Stack } from "@pulumi/pulumi/automation";
import { parse } from "yaml";
import { Cluster, ensureToolchain, startClusters, Toolchain, waitFor } from "./harness";
import { keepEvidenceOnFailure } from "./support/hooks";
import { leftovers } from "./support/leftovers";
import { changes, inlineStack, programOf, pulumiEnv, PulumiEnv, rawExport, REPO, stepRecorder } from "./support/pulumi";
import { filesUnder } from "./support/files";
import { CLI } from "../support/cli";

const PROGRAM = path.join(REPO, "index.ts");
const PROJECT = (parse(fs.readFileSync(path.join(REPO, "Pulumi.yaml"), "utf8")) as { name: string }).name;
const NS = `${PROJECT}:`;
const HUB = "store-hub";
const POOL = "10.1.0.32/28";
const ROUTER_IP = "10.1.0.33";
/** The router's address after the day-2 change: another host of the pool. */
const NEW_ROUTER_IP = "10.1.0.40";
const EGRESS = ["10.2.0.0/16", "10.3.0.0/16"];
const NETWORK = "root-mesh";
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const log = (line: string) => console.log(`      ${line}`);

/**
 * Distinctive pieces of a kubeconfig that must never show in plain text: its
 * client key as the kubeconfig embeds it (base64 of the PEM), then as PEM
 * (what anything that decoded the kubeconfig would hold).
 */
function kubeconfigMarkers(cluster: Cluster): [embedded: string, pem: string] {
    const user = (JSON.parse(cluster.kubeconfig) as { users: { user: Record<string, string> }[] }).users[0].user;
    const keyData = user["client-key-data"];
    const pemBody = Buffer.from(keyData, "base64")
        .toString("utf8")
        .split("\n")
        .filter((l) => l && !l.startsWith("-----"))
        .join("");
    assert.ok(keyData.length > 200 && pemBody.length > 200, `${cluster.name}: the kubeconfig carries a client key`);
    return [keyData.slice(100, 160), pemBody.slice(100, 160)];
}

/** `value` with every secret envelope (`{<sig>: …, plaintext | ciphertext}`) replaced by a placeholder. */
function withoutSecrets(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(withoutSecrets);
    if (typeof value !== "object" || value === null) return value;
    if (SECRET_SIG in value) return "[secret]";
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutSecrets(v)]));
}

describe("the repository's root program on real control planes: secret kubeconfigs by key path, through the Pulumi CLI", function () {
    this.timeout(40 * 60_000);
    let toolchain: Toolchain;
    const clusters: Record<string, Cluster> = {};
    let env: PulumiEnv;
    let stack: Stack;
    /** Everything the CLI printed, across all operations. */
    let cliOutput = "";
    const onOutput = (out: string) => (cliOutput += out);
    const hub = () => clusters[HUB].client;

    /** The stack configuration of `spokes`, set by key path as `pulumi config set [--secret] --path` does. */
    async function configure(spokes: string[]) {
        const cfg: ConfigMap = {
            [`${NS}network.name`]: { value: NETWORK },
            [`${NS}hubs[0].name`]: { value: HUB },
            [`${NS}hubs[0].kubeconfig`]: { value: clusters[HUB].kubeconfig, secret: true },
            [`${NS}hubs[0].loadBalancer.addresses[0]`]: { value: POOL },
            [`${NS}hubs[0].loadBalancer.routerIp`]: { value: ROUTER_IP },
            [`${NS}hubs[0].allowedSourceRanges[0]`]: { value: EGRESS[0] },
            [`${NS}hubs[0].allowedSourceRanges[1]`]: { value: EGRESS[1] },
            // The harness runs MetalLB's controller out of cluster; no kubelet could run the site controller's pod.
            [`${NS}hubs[0].metallb.install`]: { value: "false" },
            [`${NS}hubs[0].skupperController.install`]: { value: "false" },
        };
        spokes.forEach((s, i) => {
            cfg[`${NS}spokes[${i}].name`] = { value: s };
            cfg[`${NS}spokes[${i}].hub`] = { value: HUB };
            cfg[`${NS}spokes[${i}].kubeconfig`] = { value: clusters[s].kubeconfig, secret: true };
            cfg[`${NS}spokes[${i}].skupperController.install`] = { value: "false" };
        });
        await stack.setAllConfig(cfg, true);
    }

    async function up(label: string) {
        const rec = stepRecorder();
        const started = Date.now();
        const res = await stack.up({ onEvent: rec.onEvent, onOutput, color: "never" });
        log(`up (${label}) in ${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(res.summary.resourceChanges)}`);
        assert.equal(res.summary.result, "succeeded");
        return { steps: rec.steps, outputs: res.outputs };
    }

    async function previewSteps() {
        const rec = stepRecorder();
        await stack.preview({ diff: true, onEvent: rec.onEvent, onOutput, color: "never" });
        return rec.steps;
    }

    async function refreshHolds() {
        const res = await stack.refresh({ expectNoChanges: true, onOutput, color: "never" });
        assert.equal(res.summary.result, "succeeded");
    }

    /** `pulumi stack export` as the CLI prints it without --show-secrets (the Automation API's exportStack passes that flag). */
    const rawExportOf = () => rawExport(toolchain.pulumi!, env, "e2e");

    /**
     * No kubeconfig in plain text: in the state exported with its secrets
     * decrypted (stack.exportStack()), each is only inside a secret envelope,
     * and there for the `deployed` clusters (so the search is not vacuous); in
     * the state exported as is, the backend's files, the stack's configuration
     * file and the CLI's output, none is at all.
     */
    async function noPlainKubeconfigs(where: string, deployed: string[]) {
        const decrypted = (await stack.exportStack()) as unknown;
        const withSecrets = JSON.stringify(decrypted);
        const redacted = JSON.stringify(withoutSecrets(decrypted));
        const raw = rawExportOf();
        assert.ok(JSON.parse(raw).deployment, "the raw export is a deployment");
        const files = [
            ...filesUnder(path.join(env.dir, "backend")),
            ...filesUnder(env.workDir).filter((f) => /^Pulumi\..*\.yaml$/.test(path.basename(f.file))),
        ];
        assert.ok(
            files.some((f) => /Pulumi\.e2e\.yaml$/.test(f.file)),
            "the stack's configuration file is checked",
        );
        assert.ok(cliOutput.length > 0, "the CLI's output is checked");
        for (const [name, cluster] of Object.entries(clusters)) {
            const [embedded] = kubeconfigMarkers(cluster);
            if (deployed.includes(name))
                assert.equal(withSecrets.includes(embedded), true, `${where}: ${name}'s kubeconfig is in the decrypted export, as a secret`);
            for (const marker of kubeconfigMarkers(cluster)) {
                assert.equal(redacted.includes(marker), false, `${where}: ${name}'s client key is in the exported state outside a secret`);
                assert.equal(raw.includes(marker), false, `${where}: ${name}'s client key is in \`pulumi stack export\``);
                for (const f of files) assert.equal(f.text.includes(marker), false, `${where}: ${name}'s client key is in ${path.relative(env.dir, f.file)}`);
                assert.equal(cliOutput.includes(marker), false, `${where}: ${name}'s client key is in the CLI's output`);
            }
        }
    }

    before(async function () {
        toolchain = await ensureToolchain({ log });
        const names = [HUB, "store-1", "store-2", "store-3"];
        const started = await startClusters(names, (n) => ({ metallb: n === HUB, toolchain, log }));
        names.forEach((n, i) => (clusters[n] = started[i]));
        env = await pulumiEnv(toolchain, "root-program", { log });
        stack = await inlineStack(env, PROJECT, "e2e", programOf(PROGRAM));
        await configure(["store-1", "store-2"]);
    });

    keepEvidenceOnFailure(() => ({ clusters, env }), log);

    it("the kubeconfigs are stored as secrets in the stack's configuration, by key path", async () => {
        const file = parse(fs.readFileSync(path.join(env.workDir, "Pulumi.e2e.yaml"), "utf8")).config as Record<string, any>;
        assert.deepEqual(Object.keys(file).sort(), [`${NS}hubs`, `${NS}network`, `${NS}spokes`]);
        const hubs = file[`${NS}hubs`];
        assert.deepEqual(Object.keys(hubs[0].kubeconfig), ["secure"]);
        assert.deepEqual(
            file[`${NS}spokes`].map((s: any) => [s.name, Object.keys(s.kubeconfig), s.skupperController]),
            [
                ["store-1", ["secure"], { install: false }],
                ["store-2", ["secure"], { install: false }],
            ],
        );
        // Path configuration types booleans, as `pulumi config set --path … false` does.
        assert.deepEqual(
            [hubs[0].metallb, hubs[0].skupperController, hubs[0].loadBalancer],
            [{ install: false }, { install: false }, { addresses: [POOL], routerIp: ROUTER_IP }],
        );
    });

    it("previews, then creates 1 hub and 2 spokes with pulumi up", async () => {
        const preview = await previewSteps();
        assert.ok(preview.length > 0 && preview.every((s) => s.op === "create"), `a first preview only creates: ${changes(preview).join(", ")}`);
        const { steps, outputs } = await up("first deploy");
        assert.deepEqual(
            steps.filter((s) => s.op !== "create").map((s) => `${s.op} ${s.name}`),
            [],
        );
        assert.equal(outputs.networkName.value, NETWORK);
        assert.deepEqual(outputs.hubs.value, { [HUB]: { routerAddress: `${ROUTER_IP}:55671`, serviceAddresses: {} } });
        assert.deepEqual(outputs.spokes.value, {
            "store-1": { hub: HUB, link: `link-to-${HUB}`, hubAddress: `${ROUTER_IP}:55671` },
            "store-2": { hub: HUB, link: `link-to-${HUB}`, hubAddress: `${ROUTER_IP}:55671` },
        });
    });

    it("MetalLB assigns the pinned router IP to skupper-router; the Service carries the allowed source ranges", async () => {
        let svc: any;
        await waitFor(
            `skupper-router to be assigned ${ROUTER_IP}`,
            async () => (svc = await hub().get("v1", "Service", "skupper-router", "interconnect"))?.status?.loadBalancer?.ingress?.[0]?.ip === ROUTER_IP,
            { timeoutMs: 60_000, intervalMs: 500 },
        );
        log(
            `skupper-router: status.loadBalancer.ingress[0].ip ${svc.status.loadBalancer.ingress[0].ip}, from pool ${svc.metadata.annotations["metallb.io/ip-allocated-from-pool"]}`,
        );
        assert.equal(svc.spec.type, "LoadBalancer");
        assert.equal(svc.metadata.annotations["metallb.io/loadBalancerIPs"], ROUTER_IP);
        assert.equal(svc.metadata.annotations["metallb.io/ip-allocated-from-pool"], `${HUB}-router`);
        assert.deepEqual(svc.spec.loadBalancerSourceRanges, EGRESS);
    });

    it("the add-ons follow the stack configuration: no MetalLB release, no site controller; each spoke links to the router", async () => {
        for (const [name, c] of Object.entries(clusters).filter(([n]) => n !== "store-3")) {
            const controllers = await c.client.list("apps/v1", "Deployment", "skupper-site-controller");
            assert.deepEqual(
                controllers.map((d: any) => d.metadata.name),
                [],
                name,
            );
        }
        const releases = await hub().list("v1", "Secret", "metallb-system", `labelSelector=${encodeURIComponent("owner=helm")}`);
        assert.deepEqual(
            releases.map((s: any) => s.metadata.name),
            [],
        );
        for (const s of ["store-1", "store-2"]) {
            const link = await clusters[s].client.get("v1", "Secret", `link-to-${HUB}`, "interconnect");
            assert.deepEqual([link!.metadata.annotations["inter-router-host"], link!.metadata.annotations["inter-router-port"]], [ROUTER_IP, "55671"], s);
        }
    });

    it("the kubeconfigs are secrets in the state, and never in plain text in the state, the backend, the configuration or the CLI's output", async () => {
        const deployment = JSON.parse(rawExportOf());
        const providers = (deployment.deployment.resources as any[]).filter((r) => r.type === "pulumi:providers:kubernetes");
        assert.deepEqual(providers.map((p) => p.urn.split("::").pop()).sort(), ["store-1-k8s", "store-2-k8s", "store-hub-k8s"]);
        for (const p of providers) {
            assert.equal(p.inputs.kubeconfig?.[SECRET_SIG], "1b47061264138c4ac30d75fd1eb44270", `${p.urn}: the kubeconfig input is a secret`);
            assert.equal(typeof p.inputs.kubeconfig.ciphertext, "string", `${p.urn}: encrypted`);
        }
        await noPlainKubeconfigs("after the first deploy", [HUB, "store-1", "store-2"]);
    });

    it("pulumi refresh --expect-no-changes holds after the first deploy", refreshHolds);

    it("adding a spoke by key path previews and changes only that spoke's resources", async () => {
        await configure(["store-1", "store-2", "store-3"]);
        const preview = await previewSteps();
        const changed = changes(preview);
        assert.ok(changed.length >= 5, changed.join(", "));
        assert.deepEqual(
            changed.filter((c) => !c.startsWith("create store-3")),
            [],
        );
        const { steps } = await up("add store-3");
        assert.deepEqual(
            changes(steps).filter((c) => !c.startsWith("create store-3")),
            [],
        );
        const link = await clusters["store-3"].client.get("v1", "Secret", `link-to-${HUB}`, "interconnect");
        assert.equal(link!.metadata.annotations["inter-router-host"], ROUTER_IP);
        await refreshHolds();
        await noPlainKubeconfigs("after adding store-3", [HUB, "store-1", "store-2", "store-3"]);
    });

    it("plan --diff names exactly the Kubernetes changes pulumi preview makes for a router IP change, and up applies them", async () => {
        // The stack file as it is, then as `pulumi config set --path …routerIp` leaves it (kubeconfigs stay `secure:`).
        const stackFile = path.join(env.workDir, "Pulumi.e2e.yaml");
        const before = path.join(fs.mkdtempSync(path.join(env.dir, "plan-before-")), "Pulumi.e2e.yaml");
        fs.copyFileSync(stackFile, before);
        await stack.setConfig(`${NS}hubs[0].loadBalancer.routerIp`, { value: NEW_ROUTER_IP }, true);
        const res = spawnSync(CLI[0], [...CLI.slice(1), "plan", before, "--diff", stackFile, "-o", "json"], {
            cwd: REPO,
            env: { ...process.env, EDGE_ORCH_TOKEN: "", EDGE_ORCH_USERNAME: "", EDGE_ORCH_PASSWORD: "" },
            encoding: "utf8",
            timeout: 120_000,
        });
        assert.equal(res.status, 0, res.stderr);
        const planned = (JSON.parse(res.stdout).objects as { op: string; object: { resource: string } }[]).map((o) => `${o.op} ${o.object.resource}`).sort();
        const previewed = changes((await previewSteps()).filter((s) => s.type.startsWith("kubernetes:")));
        assert.deepEqual(planned, previewed);
        assert.deepEqual(planned, [
            "replace store-hub-configmap-interconnect-skupper-site",
            "replace store-hub-configmap-metallb-system-store-hub-router-address",
            "replace store-hub-ipaddresspool-metallb-system-store-hub-router",
            "update store-1-secret-interconnect-link-to-store-hub",
            "update store-2-secret-interconnect-link-to-store-hub",
            "update store-3-secret-interconnect-link-to-store-hub",
            "update store-hub-ipaddresspool-metallb-system-store-hub-pool",
            "update store-hub-service-interconnect-skupper-router",
        ]);
        await up(`router IP ${NEW_ROUTER_IP}`);
        await waitFor(
            `skupper-router to be assigned ${NEW_ROUTER_IP}`,
            async () => (await hub().get("v1", "Service", "skupper-router", "interconnect"))?.status?.loadBalancer?.ingress?.[0]?.ip === NEW_ROUTER_IP,
            { timeoutMs: 60_000, intervalMs: 500 },
        );
        for (const s of ["store-1", "store-2", "store-3"]) {
            const link = await clusters[s].client.get("v1", "Secret", `link-to-${HUB}`, "interconnect");
            assert.equal(link!.metadata.annotations["inter-router-host"], NEW_ROUTER_IP, s);
        }
        await refreshHolds();
    });

    it("pulumi destroy leaves nothing labelled by the package on any cluster, and no kubeconfig in plain text", async () => {
        const res = await stack.destroy({ onOutput, color: "never" });
        assert.equal(res.summary.result, "succeeded");
        for (const name of Object.keys(clusters)) assert.deepEqual(await leftovers(clusters[name]), [], name);
        await noPlainKubeconfigs("after destroy", []);
    });
});
