// Smoke test of the e2e harness: one loopback cluster with MetalLB's controller
// (and Skupper's site controller where the toolchain can build it), an
// IPAddressPool and a LoadBalancer Service that asks for an address from it.
//   npx mocha --no-config -r ts-node/register/transpile-only --timeout 600000 tests/e2e/harness/smoke.e2e.ts
// (--no-config: the repository's .mocharc.json adds the whole unit suite, tests/**/*.spec.ts, to any file named here.)
import * as assert from "assert";
import { Cluster, CLUSTER_TOOLS, ensureToolchain, startCluster, Toolchain, waitFor, waitForLoadBalancerIp } from "./index";

describe("e2e harness smoke", function () {
    this.timeout(600_000);
    let toolchain: Toolchain;
    let cluster: Cluster | undefined;
    let failed = false;

    before(async function () {
        // Only what the cluster needs; the Pulumi CLI is not part of this smoke test.
        toolchain = await ensureToolchain({
            only: CLUSTER_TOOLS,
            log: (l) => console.log(`    ${l}`),
        });
        cluster = await startCluster("smoke", {
            metallb: true,
            toolchain,
            log: (l) => console.log(`    ${l}`),
        });
    });

    afterEach(function () {
        if (this.currentTest?.state === "failed") {
            failed = true;
            if (cluster) console.log(cluster.diagnostics(40));
        }
    });

    after(async function () {
        if (cluster) {
            await cluster.stop({ keepLogs: failed });
            if (failed) console.log(`    logs kept in ${cluster.dir}/logs`);
        }
    });

    it("serves the Kubernetes API with the built version", async function () {
        const v = await cluster!.client.request("GET", "/version");
        assert.strictEqual(v.gitVersion, toolchain.versions["kube-apiserver"]);
    });

    it("finishes a Namespace delete (namespace controller running)", async function () {
        const c = cluster!.client;
        await c.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "smoke-delete" } });
        await c.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "smoke-delete" }, data: { a: "b" } });
        await c.delete("v1", "Namespace", "smoke-delete");
        await waitFor("namespace smoke-delete to be gone", async () => !(await c.get("v1", "Namespace", "smoke-delete")), {
            timeoutMs: 60_000,
            intervalMs: 500,
        });
    });

    it("assigns the requested LoadBalancer IP from a MetalLB pool", async function () {
        const c = cluster!.client;
        const ip = "192.0.2.10"; // TEST-NET-1: never routed; only written into the Service status.
        await c.apply({
            apiVersion: "metallb.io/v1beta1",
            kind: "IPAddressPool",
            metadata: { name: "smoke-pool", namespace: "metallb-system" },
            spec: { addresses: ["192.0.2.0/28"] },
        });
        await c.apply({
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: "smoke-lb", namespace: "default", annotations: { "metallb.io/loadBalancerIPs": ip } },
            spec: { type: "LoadBalancer", selector: { app: "none" }, ports: [{ name: "http", port: 80, targetPort: 8080 }] },
        });
        const got = await waitForLoadBalancerIp(cluster!, "default", "smoke-lb", 60_000);
        assert.strictEqual(got, ip);
    });

    it("runs Skupper's site controller", async function () {
        const reason = toolchain.unavailable["skupper-site-controller"];
        if (reason) {
            console.log(`    skipped: ${reason}`);
            this.skip();
        }
    });
});
