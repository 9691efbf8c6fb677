/**
 * @edge-interconnect/kube-client (tools/kube-client) against a fake API server: the paths it asks, the bearer
 * token from the kubeconfig, 404 as undefined, Status messages in errors,
 * Secrets without their values, and a deadline on every call.
 */
import * as assert from "node:assert/strict";
import * as http from "node:http";
import * as net from "node:net";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { KubeClusterClient, KubeConfigError, KubeRequestError } from "@edge-interconnect/kube-client";
import { loadKubeClient } from "../../sdk/cli/kubeClient";
import { FakeCluster, closedPort, kubeconfigFor, startFakeCluster } from "./fakeKube";
import { NS, healthySpoke } from "./fixtures";

async function rejection(p: Promise<unknown>): Promise<KubeRequestError> {
    try {
        await p;
    } catch (e) {
        assert.ok(e instanceof KubeRequestError, String(e));
        return e;
    }
    assert.fail("expected a rejection");
}

describe("@edge-interconnect/kube-client KubeClusterClient", () => {
    let cluster: FakeCluster;
    before(async () => {
        cluster = await startFakeCluster({ ...healthySpoke(), forbidden: [`/api/v1/namespaces/${NS}/configmaps/denied`] });
    });

    it("is loaded by doctor once, as the same module the tests import", async () => {
        const loaded = await loadKubeClient();
        assert.equal(await loadKubeClient(), loaded);
        assert.equal(loaded.KubeClusterClient, KubeClusterClient);
    });
    after(() => cluster.close());

    it("reads pods, Services, a ConfigMap, Secrets by label and a Deployment through the kubeconfig's server and token", async () => {
        const client = new KubeClusterClient({ kubeconfig: { kind: "yaml", text: cluster.kubeconfig() } });
        assert.equal(client.server, cluster.url);
        const before = cluster.requests.length;
        const pods = await client.listPods(NS);
        assert.deepEqual(
            pods.map((p) => [p.metadata.labels["skupper.io/component"], p.phase, p.ready, p.containers.map((c) => `${c.name}:${c.state}`).join(",")]),
            [
                ["router", "Running", true, "router:running,config-sync:running"],
                ["service-controller", "Running", true, "service-controller:running"],
            ],
        );
        assert.equal((await client.listServices(NS)).length, 3);
        assert.equal(await client.getService(NS, "skupper-router"), undefined);
        assert.equal((await client.getService(NS, "my-backend"))?.type, "ClusterIP");
        const cm = await client.getConfigMap(NS, "skupper-network-status");
        assert.ok(cm?.data.NetworkStatus.startsWith('{"addresses"'));
        const secrets = await client.listSecrets(NS, "skupper.io/type=connection-token");
        assert.deepEqual(
            secrets.map((s) => [s.metadata.name, s.metadata.annotations["inter-router-host"], s.dataKeys.join(",")]),
            [["link-to-store-hub", "10.1.0.33", "ca.crt,tls.crt,tls.key"]],
        );
        assert.equal(JSON.stringify(secrets).includes("SECRET-KEY"), false);
        assert.equal(JSON.stringify(secrets).includes(Buffer.from("-----BEGIN RSA").toString("base64").slice(0, 12)), false);
        assert.equal(await client.listSecrets(NS, "skupper.io/type=connection-token-request").then((s) => s.length), 0);
        const d = await client.getDeployment("skupper-site-controller", "skupper-site-controller");
        assert.deepEqual([d?.availableReplicas, d?.conditions[0].type, d?.conditions[0].status], [1, "Available", "True"]);
        assert.equal(await client.getDeployment(NS, "skupper-site-controller"), undefined);
        const asked = cluster.requests.slice(before);
        assert.ok(asked.every((r) => r.authorized && r.method === "GET"));
        assert.deepEqual(
            asked.map((r) => r.path + r.query),
            [
                `/api/v1/namespaces/${NS}/pods`,
                `/api/v1/namespaces/${NS}/services`,
                `/api/v1/namespaces/${NS}/services/skupper-router`,
                `/api/v1/namespaces/${NS}/services/my-backend`,
                `/api/v1/namespaces/${NS}/configmaps/skupper-network-status`,
                `/api/v1/namespaces/${NS}/secrets?labelSelector=skupper.io%2Ftype%3Dconnection-token`,
                `/api/v1/namespaces/${NS}/secrets?labelSelector=skupper.io%2Ftype%3Dconnection-token-request`,
                "/apis/apps/v1/namespaces/skupper-site-controller/deployments/skupper-site-controller",
                `/apis/apps/v1/namespaces/${NS}/deployments/skupper-site-controller`,
            ],
        );
    });

    it("turns 403 and 401 answers into one-line errors with the server's message", async () => {
        const client = new KubeClusterClient({ kubeconfig: { kind: "yaml", text: cluster.kubeconfig() } });
        const denied = await rejection(client.getConfigMap(NS, "denied"));
        assert.deepEqual([denied.kind, denied.status], ["http", 403]);
        assert.match(denied.message, /^HTTP 403: configmaps is forbidden: User "system:serviceaccount:ops:doctor" cannot list/);
        const wrongToken = cluster.kubeconfig().replace(/token: .*/, "token: not-the-token");
        const refused = await rejection(new KubeClusterClient({ kubeconfig: { kind: "yaml", text: wrongToken } }).listPods(NS));
        assert.equal(refused.message, "HTTP 401: Unauthorized: the kubeconfig's credentials were refused");
        assert.equal(refused.message.includes("not-the-token"), false);
    });

    it("selects a context, and refuses unknown contexts, missing files and broken kubeconfigs in one line", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-client-"));
        const file = path.join(dir, "config");
        fs.writeFileSync(file, cluster.kubeconfig("edge-ctx"));
        assert.equal(new KubeClusterClient({ kubeconfig: { kind: "file", path: file, context: "edge-ctx" } }).context, "edge-ctx");
        assert.throws(
            () => new KubeClusterClient({ kubeconfig: { kind: "file", path: file, context: "other" } }),
            (e: Error) => {
                assert.ok(e instanceof KubeConfigError);
                assert.equal(e.message, 'context "other" is not in the kubeconfig (contexts: edge-ctx)');
                return true;
            },
        );
        assert.throws(() => new KubeClusterClient({ kubeconfig: { kind: "file", path: path.join(dir, "nope") } }), /kubeconfig file .*nope does not exist/);
        assert.throws(
            () => new KubeClusterClient({ kubeconfig: { kind: "yaml", text: "clusters: [" } }),
            /^KubeConfigError: the kubeconfig is not a valid kubeconfig/,
        );
    });

    it("fails fast on a closed port and within its deadline on a server that never answers", async () => {
        const port = await closedPort();
        const closed = new KubeClusterClient({ kubeconfig: { kind: "yaml", text: kubeconfigFor(`http://127.0.0.1:${port}`) } });
        const refused = await rejection(closed.listPods(NS));
        assert.deepEqual([refused.kind, refused.code, refused.unreachable], ["transport", "ECONNREFUSED", true]);
        assert.equal(refused.message, `http://127.0.0.1:${port}: connection refused`);

        const silent = await startFakeCluster({}, { hang: true });
        try {
            const client = new KubeClusterClient({ kubeconfig: { kind: "yaml", text: silent.kubeconfig() }, requestTimeoutMs: 300 });
            const started = Date.now();
            const timedOut = await rejection(client.listPods(NS));
            const took = Date.now() - started;
            assert.equal(timedOut.kind, "timeout");
            assert.equal(timedOut.message, `no answer from ${silent.url} within 0.3s`);
            assert.ok(took >= 280 && took < 1000, `took ${took} ms`);
            const controller = new AbortController();
            const aborted = new KubeClusterClient({
                kubeconfig: { kind: "yaml", text: silent.kubeconfig() },
                requestTimeoutMs: 10_000,
                signal: controller.signal,
            });
            const pending = rejection(aborted.getService(NS, "skupper-router"));
            setTimeout(() => controller.abort(), 100);
            assert.equal((await pending).kind, "aborted");
            assert.equal((await rejection(aborted.listPods(NS))).message, `GET /api/v1/namespaces/${NS}/pods: not sent, the time budget is used up`);
        } finally {
            await silent.close();
        }
    });

    it("refuses an answer larger than its cap without keeping it, in one line", async () => {
        const endless = http.createServer((_req, res) => {
            res.writeHead(200, { "content-type": "application/json" });
            const chunk = Buffer.alloc(64 * 1024, 0x20);
            let sent = 0;
            const pump = () => {
                while (sent < 64 * 1024 * 1024) {
                    sent += chunk.length;
                    if (!res.write(chunk)) return void res.once("drain", pump);
                }
                res.end();
            };
            pump();
        });
        await new Promise<void>((r) => endless.listen(0, "127.0.0.1", r));
        const url = `http://127.0.0.1:${(endless.address() as net.AddressInfo).port}`;
        try {
            const client = new KubeClusterClient({ kubeconfig: { kind: "yaml", text: kubeconfigFor(url) }, maxResponseBytes: 1024 * 1024 });
            const e = await rejection(client.listPods(NS));
            assert.deepEqual([e.kind, e.unreachable], ["http", false]);
            assert.equal(e.message, `GET /api/v1/namespaces/${NS}/pods: the answer from ${url} is larger than 1 MiB; refused without reading it all`);
        } finally {
            endless.closeAllConnections();
            await new Promise((r) => endless.close(r));
        }
    });
});
