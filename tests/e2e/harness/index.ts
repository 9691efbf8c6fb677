// A real Kubernetes control plane on loopback for the end-to-end suite:
// etcd + kube-apiserver + kube-controller-manager (namespace and garbage
// collector controllers, so Namespace deletes finish), optionally MetalLB's
// controller, all run as local processes built by ../toolchain. Every process
// binds 127.0.0.1 only (or nothing), has a lifetime bound, and logs to a file
// under the cluster's folder, which is kept when a start fails.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ensureToolchain, Toolchain } from "../toolchain";
import { KubeClient, KubeObject, parseYamlObjects } from "./kube";
import { generateClusterPki, ClusterPki } from "./pki";
import { freePort, ManagedProcess, startProcess, tailFile, waitFor } from "./process";
import { assertPrivateNetworkNamespace, mirrorWebhookCertificate, waitForMetallbWebhook, webhookObjects } from "./metallbWebhook";

export { KubeClient, KubeError, KubeObject, parseYamlObjects } from "./kube";
export { waitFor, freePort } from "./process";
export { ensureToolchain, Toolchain } from "../toolchain";

/** Thrown when an option needs a tool the toolchain cannot provide; tests should skip on it. */
export class ToolUnavailableError extends Error {
    constructor(
        readonly tool: string,
        readonly reason: string,
    ) {
        super(`${tool} is unavailable: ${reason}`);
    }
}

export interface ClusterOptions {
    /** Run MetalLB's controller (namespace metallb-system, webhook disabled unless `metallbWebhook`) after applying its CRDs. */
    metallb?: boolean;
    /**
     * Also run MetalLB's validating webhook, with its own certificate rotation,
     * as MetalLB's manifest configures it. Only in a private network namespace
     * (./metallbWebhook.ts says why), and one such cluster per namespace: the
     * server's port is fixed.
     */
    metallbWebhook?: boolean;
    /** Run Skupper v1's site controller; throws ToolUnavailableError when the toolchain cannot build it. */
    skupper?: boolean;
    /** Service CIDR (default 10.96.0.0/16). */
    serviceCidr?: string;
    /** Parent folder of the cluster's folder (default: os.tmpdir()). */
    baseDir?: string;
    /** Bound on the whole start (default 180 s). */
    startTimeoutMs?: number;
    /** Lifetime bound of each process (default 60 minutes). */
    maxLifetimeMs?: number;
    /** Keep the cluster's folder (data, certificates, logs) after a clean stop(). */
    keepDir?: boolean;
    /** A toolchain already ensured (default: ensureToolchain()). */
    toolchain?: Toolchain;
    /** Progress lines (default: nothing). */
    log?: (line: string) => void;
}

export interface Cluster {
    name: string;
    /** https://127.0.0.1:<port> */
    server: string;
    /** Kubeconfig text (admin client certificate, embedded data) and the file holding it. */
    kubeconfig: string;
    kubeconfigPath: string;
    /** Context name inside the kubeconfig (= cluster name). */
    context: string;
    /** The cluster's folder: etcd data, pki/, logs/. */
    dir: string;
    pki: ClusterPki;
    client: KubeClient;
    /** Process name → its log file ("etcd", "kube-apiserver", "kube-controller-manager", "metallb-controller"). */
    logs: Record<string, string>;
    processes: ManagedProcess[];
    ports: { etcdClient: number; etcdPeer: number; apiserver: number };
    toolchain: Toolchain;
    /** MetalLB's namespace when metallb is on. */
    metallbNamespace?: string;
    /** Kills every process (SIGTERM, then SIGKILL), bounded by `timeoutMs` (default 20 s); removes the folder unless keepDir or keepLogs. */
    stop(opts?: { timeoutMs?: number; keepLogs?: boolean }): Promise<void>;
    /** Last lines of every process's log, for failure messages. */
    diagnostics(lines?: number): string;
}

export const METALLB_NAMESPACE = "metallb-system";

/** The toolchain entries a cluster needs (the Pulumi CLI is not one of them). */
export const CLUSTER_TOOLS = ["etcd", "kube-apiserver", "kube-controller-manager", "metallb"];

function kubeconfigText(name: string, server: string, pki: ClusterPki): string {
    const b64 = (s: string) => Buffer.from(s).toString("base64");
    const cfg = {
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name, cluster: { server, "certificate-authority-data": b64(pki.caCert) } }],
        users: [{ name: `${name}-admin`, user: { "client-certificate-data": b64(pki.adminCert), "client-key-data": b64(pki.adminKey) } }],
        contexts: [{ name, context: { cluster: name, user: `${name}-admin` } }],
        "current-context": name,
        preferences: {},
    };
    return JSON.stringify(cfg, null, 2) + "\n";
}

/** Environment for the processes: nothing proxies loopback, and no ambient kubeconfig leaks in. */
function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_PROXY: "127.0.0.1,localhost", no_proxy: "127.0.0.1,localhost" };
    for (const k of ["HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "KUBECONFIG", "WATCH_NAMESPACE"]) delete env[k];
    return { ...env, ...extra };
}

export async function startCluster(name: string, opts: ClusterOptions = {}): Promise<Cluster> {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) throw new Error(`cluster name ${JSON.stringify(name)} must be a DNS label`);
    const log = opts.log ?? (() => {});
    const startTimeoutMs = opts.startTimeoutMs ?? 180_000;
    const deadline = Date.now() + startTimeoutMs;
    const remaining = () => Math.max(1_000, deadline - Date.now());
    const toolchain = opts.toolchain ?? (await ensureToolchain({ only: CLUSTER_TOOLS, log }));
    if (opts.skupper) {
        const reason = toolchain.unavailable["skupper-site-controller"];
        if (reason) throw new ToolUnavailableError("skupper-site-controller", reason);
    }
    if (opts.metallb && !toolchain.metallbController) throw new Error("the toolchain was ensured without metallb");
    if (opts.metallbWebhook && !opts.metallb) throw new Error("metallbWebhook needs metallb");
    if (opts.metallbWebhook) assertPrivateNetworkNamespace("MetalLB's webhook server");

    const dir = fs.mkdtempSync(path.join(opts.baseDir ?? os.tmpdir(), `edge-e2e-${name}-`));
    const logsDir = path.join(dir, "logs");
    fs.mkdirSync(logsDir);
    const processes: ManagedProcess[] = [];
    const logs: Record<string, string> = {};
    const maxLifetimeMs = opts.maxLifetimeMs ?? 60 * 60_000;
    const spawnTool = (procName: string, command: string, args: string[], env?: NodeJS.ProcessEnv) => {
        const logFile = path.join(logsDir, `${procName}.log`);
        logs[procName] = logFile;
        const p = startProcess({ name: procName, command, args, logFile, env: childEnv(env), cwd: dir, maxLifetimeMs });
        processes.push(p);
        log(`[${name}] started ${procName} (pid ${p.pid}, log ${logFile})`);
        return p;
    };
    const deadProcess = () => {
        const dead = processes.find((p) => p.exit);
        return dead ? `${dead.name} exited (${JSON.stringify(dead.exit)}); last log lines:\n${dead.tail(30)}` : undefined;
    };
    const diagnostics = (lines = 30) =>
        Object.entries(logs)
            .map(([n, f]) => `----- ${n} (${f}) -----\n${tailFile(f, lines)}`)
            .join("\n");
    let stopped = false;
    const stop = async (stopOpts: { timeoutMs?: number; keepLogs?: boolean } = {}) => {
        if (stopped) return;
        stopped = true;
        const timeoutMs = stopOpts.timeoutMs ?? 20_000;
        // Reverse order: controllers, then the apiserver, then etcd.
        const grace = Math.max(1_000, Math.floor(timeoutMs / 2) - 2_000);
        await Promise.race([
            (async () => {
                for (const p of [...processes].reverse()) await p.stop(Math.min(grace, 5_000));
            })(),
            new Promise((r) => setTimeout(r, timeoutMs).unref()),
        ]);
        for (const p of processes) {
            if (p.exit) continue;
            try {
                process.kill(-p.pid, "SIGKILL");
            } catch {
                /* already gone */
            }
        }
        if (!opts.keepDir && !stopOpts.keepLogs) fs.rmSync(dir, { recursive: true, force: true });
        else log(`[${name}] kept ${dir}`);
    };

    try {
        const pki = generateClusterPki(path.join(dir, "pki"), name);

        // --- etcd (go.etcd.io/etcd/server/v3@v3.6.16; flags from server/embed/config.go / etcdmain/config.go)
        const etcdClient = await freePort();
        const etcdPeer = await freePort();
        const etcdUrl = `http://127.0.0.1:${etcdClient}`;
        spawnTool("etcd", toolchain.etcd, [
            `--name=${name}`,
            `--data-dir=${path.join(dir, "etcd")}`,
            `--listen-client-urls=${etcdUrl}`,
            `--advertise-client-urls=${etcdUrl}`,
            `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
            `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
            `--initial-cluster=${name}=http://127.0.0.1:${etcdPeer}`,
            "--initial-cluster-state=new",
            "--unsafe-no-fsync=true",
            "--log-level=warn",
        ]);
        await waitFor(
            "etcd /health",
            async () => {
                const r = await fetch(`${etcdUrl}/health`, { signal: AbortSignal.timeout(2_000) });
                return r.ok && ((await r.json()) as any).health === "true";
            },
            { timeoutMs: Math.min(remaining(), 30_000), alive: deadProcess },
        );

        // --- kube-apiserver (k8s.io/kubernetes@v1.34.4/cmd/kube-apiserver)
        const apiPort = await freePort();
        const server = `https://127.0.0.1:${apiPort}`;
        spawnTool("kube-apiserver", toolchain.kubeApiserver, [
            `--etcd-servers=${etcdUrl}`,
            "--bind-address=127.0.0.1",
            "--advertise-address=127.0.0.1",
            `--secure-port=${apiPort}`,
            `--tls-cert-file=${pki.files.serverCert}`,
            `--tls-private-key-file=${pki.files.serverKey}`,
            `--client-ca-file=${pki.files.caCert}`,
            `--service-account-key-file=${pki.files.saPub}`,
            `--service-account-signing-key-file=${pki.files.saKey}`,
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            `--service-cluster-ip-range=${opts.serviceCidr ?? "10.96.0.0/16"}`,
            "--authorization-mode=RBAC",
            "--allow-privileged=true",
            "--profiling=false",
            `--cert-dir=${path.join(dir, "pki")}`,
            // Webhooks are called at their Service's endpoints (./metallbWebhook.ts): there is no kube-proxy.
            ...(opts.metallbWebhook ? ["--enable-aggregator-routing=true"] : []),
            "--v=1",
        ]);
        const client = new KubeClient(server, { ca: pki.caCert, cert: pki.adminCert, key: pki.adminKey });
        await waitFor("kube-apiserver /readyz", async () => (await client.request("GET", "/readyz")) === "ok", {
            timeoutMs: Math.min(remaining(), 120_000),
            intervalMs: 500,
            alive: deadProcess,
        });

        const kubeconfig = kubeconfigText(name, server, pki);
        const kubeconfigPath = path.join(dir, "kubeconfig");
        fs.writeFileSync(kubeconfigPath, kubeconfig, { mode: 0o600 });

        // --- kube-controller-manager: namespace and garbage-collector controllers only
        // (names from k8s.io/kubernetes@v1.34.4/cmd/kube-controller-manager/names/controller_names.go);
        // --secure-port=0: serve nothing (k8s.io/apiserver@v0.34.4/pkg/server/options/serving.go).
        spawnTool("kube-controller-manager", toolchain.kubeControllerManager, [
            `--kubeconfig=${kubeconfigPath}`,
            "--controllers=namespace-controller,garbage-collector-controller",
            "--leader-elect=false",
            "--use-service-account-credentials=false",
            "--secure-port=0",
            "--v=1",
        ]);

        // The "default" namespace and the bootstrap RBAC come from the apiserver's own post-start hooks.
        await waitFor("namespace default", () => client.get("v1", "Namespace", "default"), {
            timeoutMs: Math.min(remaining(), 30_000),
            alive: deadProcess,
        });

        let metallbNamespace: string | undefined;
        if (opts.metallb) {
            metallbNamespace = METALLB_NAMESPACE;
            const webhook = opts.metallbWebhook ? webhookObjects(toolchain.metallbModuleDir, METALLB_NAMESPACE) : undefined;
            await installMetallbCrds(client, toolchain, remaining(), deadProcess, webhook?.crds);
            await client.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: METALLB_NAMESPACE } });
            for (const obj of webhook?.objects ?? []) await client.apply(obj);
            // go.universe.tf/metallb@v0.15.3/controller/main.go: --namespace (or METALLB_NAMESPACE; otherwise it
            // reads the in-cluster service-account namespace file and exits), --webhook-mode=disabled (no
            // webhook server, no cert rotation), --ml-secret-name unset (no memberlist secret).
            // internal/k8s/k8s.go: the client config is controller-runtime's GetConfigOrDie (--kubeconfig /
            // KUBECONFIG); the manager's own metrics and health probes are off (BindAddress "0"), and
            // its Prometheus listener uses net.JoinHostPort(MetricsHost="", --port), i.e. all interfaces
            // with no flag to narrow it, so --port=-1 makes that listen fail (logged, not fatal) and the
            // controller listens on nothing.
            // With the webhook: --webhook-mode=enabled and the certificate rotator on (the defaults), which
            // writes metallb-webhook-cert and injects its CA into the webhook configuration and the bgppeers
            // CRD (internal/k8s/webhook.go, enableCertRotation); --cert-dir keeps its files in the cluster's folder.
            // The webhook server itself does not take --cert-dir: internal/k8s/k8s.go `webhookServer` sets no
            // CertDir, so controller-runtime reads <os.TempDir()>/k8s-webhook-server/serving-certs
            // (sigs.k8s.io/controller-runtime@v0.22.3 pkg/webhook/server.go, setDefaults). TMPDIR points
            // os.TempDir() into the cluster's folder, and --cert-dir names the same place.
            const tmp = path.join(dir, "tmp");
            const certDir = path.join(tmp, "k8s-webhook-server", "serving-certs");
            const webhookArgs = opts.metallbWebhook ? ["--webhook-mode=enabled", `--cert-dir=${certDir}`] : ["--webhook-mode=disabled"];
            if (opts.metallbWebhook) fs.mkdirSync(tmp, { mode: 0o700 });
            spawnTool(
                "metallb-controller",
                toolchain.metallbController,
                [`--namespace=${METALLB_NAMESPACE}`, ...webhookArgs, "--port=-1", "--log-level=info"],
                { KUBECONFIG: kubeconfigPath, METALLB_NAMESPACE, ...(opts.metallbWebhook ? { TMPDIR: tmp } : {}) },
            );
            // controller-runtime logs `"msg":"Starting workers","controller":"service"` once the Service
            // reconciler (internal/k8s/controllers/service_controller.go) has synced its caches.
            await waitFor(
                "metallb-controller to start its service reconciler",
                () => /"msg":"Starting workers","controller":"service"/.test(fs.readFileSync(logs["metallb-controller"], "utf8")),
                { timeoutMs: Math.min(remaining(), 60_000), alive: deadProcess },
            );
            if (opts.metallbWebhook) {
                await mirrorWebhookCertificate(client, METALLB_NAMESPACE, certDir, Math.min(remaining(), 60_000), deadProcess);
                await waitForMetallbWebhook(client, METALLB_NAMESPACE, Math.min(remaining(), 90_000), deadProcess);
            }
        }

        log(`[${name}] ready at ${server} (folder ${dir})`);
        return {
            name,
            server,
            kubeconfig,
            kubeconfigPath,
            context: name,
            dir,
            pki,
            client,
            logs,
            processes,
            ports: { etcdClient, etcdPeer, apiserver: apiPort },
            toolchain,
            metallbNamespace,
            stop,
            diagnostics,
        };
    } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        const diag = diagnostics();
        await stop({ keepLogs: true });
        throw new Error(`starting cluster ${name} failed: ${msg}\nlogs kept in ${logsDir}\n${diag}`);
    }
}

/**
 * Starts clusters side by side. When one fails to start, the others that did
 * are stopped before the first failure is thrown, so no process outlives a
 * failed `before` hook (a suite records its clusters only once all started).
 */
export async function startClusters(names: readonly string[], optsOf: (name: string) => ClusterOptions): Promise<Cluster[]> {
    const settled = await Promise.allSettled(names.map((n) => startCluster(n, optsOf(n))));
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (!failed) return settled.map((s) => (s as PromiseFulfilledResult<Cluster>).value);
    await Promise.all(settled.flatMap((s) => (s.status === "fulfilled" ? [s.value.stop()] : [])));
    throw failed.reason;
}

/**
 * Applies MetalLB's CRDs and waits until they are established: those of
 * config/crd/bases of the pinned module, or the given ones (with the webhook,
 * metallb-native.yaml's, whose bgppeers CRD names its conversion webhook).
 */
async function installMetallbCrds(client: KubeClient, toolchain: Toolchain, timeoutMs: number, alive: () => string | undefined, given?: KubeObject[]) {
    const crds =
        given ??
        fs
            .readdirSync(toolchain.metallbCrdDir)
            .filter((f) => f.endsWith(".yaml"))
            .sort()
            .flatMap((f) => parseYamlObjects(fs.readFileSync(path.join(toolchain.metallbCrdDir, f), "utf8")))
            .filter((obj) => obj.kind === "CustomResourceDefinition");
    const names: string[] = [];
    for (const obj of crds) {
        await client.apply(obj);
        names.push(obj.metadata.name);
    }
    for (const n of names) {
        await waitFor(
            `CRD ${n} established`,
            async () => {
                const crd = await client.get("apiextensions.k8s.io/v1", "CustomResourceDefinition", n);
                return (crd?.status?.conditions ?? []).some((c: any) => c.type === "Established" && c.status === "True");
            },
            { timeoutMs, alive },
        );
    }
}

/** Waits until a Service of type LoadBalancer has an ingress IP; returns it. */
export async function waitForLoadBalancerIp(cluster: Cluster, namespace: string, name: string, timeoutMs = 60_000): Promise<string> {
    return waitFor(
        `an ingress IP on Service ${namespace}/${name}`,
        async () => {
            const svc = await cluster.client.get("v1", "Service", name, namespace);
            const ip = svc?.status?.loadBalancer?.ingress?.[0]?.ip;
            return typeof ip === "string" && ip ? ip : undefined;
        },
        { timeoutMs, intervalMs: 500 },
    );
}
