// MetalLB's validating webhook for the end-to-end suite, in a private network
// namespace only.
//
// Why a namespace of its own: MetalLB v0.15.3 builds its webhook server with
// `Port: 9443` and no host (internal/k8s/k8s.go:523-528, `webhookServer`), so
// it listens on every interface, and controller/main.go has no flag to narrow
// it. The suite's rule is that servers bind to loopback only. In a network
// namespace made by `unshare --net` (tests/e2e/harness/netns.ts), loopback is
// the only interface there is, so "every interface" is loopback and nothing
// outside the namespace can reach the server.
//
// How the API server reaches it: an EndpointSlice must not name a loopback
// address (k8s.io/kubernetes@v1.34.4 pkg/apis/discovery/validation, which
// calls ValidateEndpointIP), so the namespace's loopback device also carries a
// private address (WEBHOOK_ADDRESS), and the API server runs with
// --enable-aggregator-routing, which makes it call webhooks at their Service's
// endpoints rather than its cluster IP (k8s.io/kube-aggregator@v0.34.4
// pkg/apiserver/resolvers.go, NewEndpointServiceResolver; chosen in
// cmd/kube-apiserver/app/server.go, buildServiceResolver). No kube-proxy is
// needed.

import * as fs from "fs";
import * as path from "path";
import { KubeClient, KubeError, KubeObject, parseYamlObjects } from "./kube";
import { waitFor } from "./process";

/** The address the private namespace's loopback carries for the webhook (tests/e2e/harness/netns.ts adds it). */
export const WEBHOOK_ADDRESS = "10.255.255.1";

/** The webhook server's port (internal/k8s/k8s.go, webhookServer). */
const WEBHOOK_PORT = 9443;

/** The interfaces of this process's network namespace (/proc/self/net/dev is per namespace). */
export function networkInterfaces(): string[] {
    return fs
        .readFileSync("/proc/self/net/dev", "utf8")
        .split("\n")
        .slice(2)
        .map((l) => l.split(":")[0].trim())
        .filter(Boolean);
}

/** Throws unless this process runs in a network namespace whose only interface is loopback. */
export function assertPrivateNetworkNamespace(what: string): void {
    const ifaces = networkInterfaces();
    if (ifaces.length !== 1 || ifaces[0] !== "lo")
        throw new Error(
            `${what} listens on every interface, so it runs only in a private network namespace (interfaces here: ${ifaces.join(", ")}); start the test through tests/e2e/harness/netns.ts`,
        );
}

/**
 * The objects of MetalLB's own manifest (config/manifests/metallb-native.yaml
 * of the pinned module) that the webhook needs: the CRDs (bgppeers' carries
 * its conversion webhook), the Secret the certificate rotator fills, the
 * webhook Service and the ValidatingWebhookConfiguration. The Service loses its
 * pod selector: no pod runs, and the EndpointSlice below names the server.
 */
export function webhookObjects(metallbModuleDir: string, namespace: string): { crds: KubeObject[]; objects: KubeObject[] } {
    const all = parseYamlObjects(fs.readFileSync(path.join(metallbModuleDir, "config", "manifests", "metallb-native.yaml"), "utf8"));
    const crds = all.filter((o) => o.kind === "CustomResourceDefinition");
    const pick = (kind: string, name: string) => {
        const o = all.find((x) => x.kind === kind && x.metadata.name === name);
        if (!o) throw new Error(`metallb-native.yaml has no ${kind} ${name}`);
        return o;
    };
    const service = pick("Service", "metallb-webhook-service");
    const { selector: _podSelector, ...serviceSpec } = service.spec;
    const objects: KubeObject[] = [
        pick("Secret", "metallb-webhook-cert"),
        { ...service, spec: serviceSpec },
        {
            apiVersion: "discovery.k8s.io/v1",
            kind: "EndpointSlice",
            metadata: { name: "metallb-webhook-service-e2e", namespace, labels: { "kubernetes.io/service-name": "metallb-webhook-service" } },
            addressType: "IPv4",
            endpoints: [{ addresses: [WEBHOOK_ADDRESS], conditions: { ready: true } }],
            ports: [{ port: WEBHOOK_PORT, protocol: "TCP" }],
        },
        pick("ValidatingWebhookConfiguration", "metallb-webhook-configuration"),
    ];
    for (const o of objects) if (o.metadata.namespace) o.metadata.namespace = namespace;
    return { crds, objects };
}

/**
 * Does what the kubelet's Secret volume does for MetalLB's controller pod:
 * puts the certificate the rotator wrote into `metallb-webhook-cert` into the
 * controller's --cert-dir. The rotator waits for `<cert-dir>/tls.crt` before
 * it starts the webhook server (cert-controller@v0.13.0 pkg/rotator/rotator.go,
 * `ensureCertsMounted`), and no kubelet runs here.
 */
export async function mirrorWebhookCertificate(
    client: KubeClient,
    namespace: string,
    certDir: string,
    timeoutMs: number,
    alive: () => string | undefined,
): Promise<void> {
    const data = await waitFor(
        "MetalLB's certificate rotator to fill metallb-webhook-cert",
        async () => {
            const secret = await client.get("v1", "Secret", "metallb-webhook-cert", namespace);
            return secret?.data?.["tls.crt"] && secret.data["tls.key"] ? (secret.data as Record<string, string>) : undefined;
        },
        { timeoutMs, intervalMs: 500, alive },
    );
    fs.mkdirSync(certDir, { recursive: true, mode: 0o700 });
    for (const [key, value] of Object.entries(data)) fs.writeFileSync(path.join(certDir, key), Buffer.from(value, "base64"), { mode: 0o600 });
}

/**
 * Waits until the webhook answers for real: a dry-run IPAddressPool outside
 * MetalLB's namespace is refused by validateIPAddressPoolCreate
 * (internal/k8s/webhooks/webhookv1beta1/ipaddresspool_webhook.go: "resource
 * must be created in <namespace> namespace"). Before the rotator has written
 * its certificate and injected the CA, the API server answers 500 (failurePolicy Fail).
 */
export async function waitForMetallbWebhook(client: KubeClient, namespace: string, timeoutMs: number, alive: () => string | undefined): Promise<void> {
    const pool = {
        apiVersion: "metallb.io/v1beta1",
        kind: "IPAddressPool",
        metadata: { name: "e2e-webhook-probe", namespace: "default" },
        spec: { addresses: ["192.0.2.0/30"] },
    };
    const poolsPath = await client.path("metallb.io/v1beta1", "IPAddressPool", "default");
    await waitFor(
        "MetalLB's webhook to refuse an IPAddressPool outside its namespace",
        async () => {
            try {
                await client.request("POST", `${poolsPath}?dryRun=All`, pool);
                throw new Error("the dry-run pool outside MetalLB's namespace was admitted: the webhook is not called");
            } catch (e) {
                if (e instanceof KubeError && e.status === 403 && String(e.body?.message).includes(`resource must be created in ${namespace} namespace`))
                    return true;
                if (e instanceof KubeError) return false;
                throw e;
            }
        },
        { timeoutMs, intervalMs: 500, alive },
    );
}
