/**
 * HubCluster and SpokeCluster under pulumi.runtime.setMocks with one hub and
 * two spokes: what lands on which cluster, how links and credentials are
 * wired, and which inputs are refused. The PKI_PROVIDERS dynamic providers run for
 * real inside the mocks, so certificates are real X.509.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { RecordedResource, RecordingMocks, inspect, isSecretValue, unknownOutput, unwrapSecrets, waitFor } from "../support/mocks";
import { kubeconfig, PKI_PROVIDERS } from "../support/clusters";

/** The cluster a resource lands on: its provider is "<provider URN>::<provider id>", named "<cluster>-k8s". */
function clusterOf(r: RecordedResource): string | undefined {
    if (!r.provider) return undefined;
    const parts = r.provider.split("::");
    return parts[parts.length - 2].replace(/-k8s$/, "");
}

function openssl(args: string[], files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hub-spoke-"));
    try {
        for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
        return execFileSync("openssl", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

describe("HubCluster and SpokeCluster (mocks, 1 hub + 2 spokes)", function () {
    const mocks = new RecordingMocks({}, PKI_PROVIDERS);
    let sdk: typeof import("../../sdk");
    let hub: import("../../sdk").HubCluster;
    let spokes: import("../../sdk").SpokeCluster[];
    let dependsOn: Map<string, string[]>;
    let replacement: Map<string, { replaceOnChanges?: string[]; deleteBeforeReplace?: boolean; replaceWith?: string[] }>;

    before(async () => {
        await pulumi.runtime.setMocks(mocks, "edge-interconnect-test", "dev", false);
        sdk = await import("../../sdk");
        mocks.reset();
        dependsOn = new Map();
        replacement = new Map();
        // Transformations see the options mocks hide: record each child's dependsOn and replacement options by name.
        const record: pulumi.ResourceTransformation = (a) => {
            const deps = (a.opts.dependsOn ?? []) as pulumi.Resource[];
            dependsOn.set(a.name, Array.isArray(deps) ? deps.map((d) => (d as any).__name ?? "") : []);
            const o = a.opts as pulumi.CustomResourceOptions;
            if (o.replaceOnChanges || o.deleteBeforeReplace || o.replaceWith)
                replacement.set(a.name, {
                    ...(o.replaceOnChanges ? { replaceOnChanges: o.replaceOnChanges } : {}),
                    deleteBeforeReplace: o.deleteBeforeReplace,
                    ...(o.replaceWith ? { replaceWith: o.replaceWith.map((d) => (d as any).__name ?? "") } : {}),
                });
            return undefined;
        };
        const watch = { transformations: [record] };
        const network = new sdk.InterconnectNetwork("shop-mesh", {}, watch);
        hub = new sdk.HubCluster(
            "store-hub",
            {
                network,
                kubeconfig: kubeconfig("store-hub"),
                loadBalancer: { addresses: ["10.1.0.32/28"], l2Interfaces: ["eth1"] },
                allowedSourceRanges: ["10.2.0.0/16", "10.3.0.0/16"],
                exposedServices: [
                    { name: "my-backend", namespace: "shop", port: 8080 },
                    { name: "payments", namespace: "shop", port: 8443, tls: true },
                ],
            },
            watch,
        );
        spokes = ["store-1", "store-2"].map((n) => new sdk.SpokeCluster(n, { network, hub, kubeconfig: kubeconfig(n) }, watch));
        await Promise.all(spokes.map((s) => inspect(s.linkCertificate!.certPem)));
        await inspect(hub.siteCa!.certPem);
        // Registrations follow the certificates asynchronously: wait for the last objects of each cluster, not a fixed time.
        const last = [
            "store-hub-configmap-interconnect-skupper-site",
            "store-hub-service-interconnect-payments",
            "store-hub-secret-interconnect-skupper-tls-client",
            ...["store-1", "store-2"].flatMap((n) => [
                `${n}-configmap-interconnect-skupper-site`,
                `${n}-secret-interconnect-link-to-store-hub`,
                `${n}-secret-interconnect-skupper-tls-client`,
                `${n}-secret-interconnect-skupper-service-ca`,
            ]),
        ];
        await waitFor(() => last.every((n) => mocks.resources.some((r) => r.name === n)), last.join(", "), 30_000);
    });

    const ofKind = (kind: string) => mocks.resources.filter((r) => r.inputs?.kind === kind || r.type.endsWith(`:${kind}`));
    const on = (cluster: string) => mocks.resources.filter((r) => clusterOf(r) === cluster);

    it("creates one Kubernetes provider per cluster, keyed by a stable cluster identifier", () => {
        const providers = mocks.ofType("pulumi:providers:kubernetes");
        assert.deepEqual(
            providers.map((p) => [p.name, p.inputs.clusterIdentifier, p.inputs.enableServerSideApply]),
            [
                ["store-hub-k8s", "store-hub", "true"],
                ["store-1-k8s", "store-1", "true"],
                ["store-2-k8s", "store-2", "true"],
            ],
        );
        for (const p of providers) assert.equal(isSecretValue(p.inputs.kubeconfig), true, `${p.name}: the kubeconfig is a secret`);
    });

    it("installs MetalLB only on the hub, pinned, with the pool and L2 advertisement", () => {
        const releases = mocks.ofType("kubernetes:helm.sh/v3:Release");
        assert.deepEqual(
            releases.map((r) => [clusterOf(r), r.inputs.chart, r.inputs.version, r.inputs.namespace, r.inputs.repositoryOpts.repo]),
            [["store-hub", "metallb", "0.15.3", "metallb-system", "https://metallb.github.io/metallb"]],
        );
        const pools = mocks.resources.filter((r) => r.inputs?.kind === "IPAddressPool");
        const ads = mocks.resources.filter((r) => r.inputs?.kind === "L2Advertisement");
        // The router's address alone in a pool nothing else is assigned from; the rest auto-assigns.
        // The auto-assign pool is registered first: a new router address needs that order (routerAddressRecord).
        assert.deepEqual(
            pools.map((p) => [clusterOf(p), p.inputs.metadata.name, p.inputs.spec.addresses, p.inputs.spec.autoAssign]),
            [
                ["store-hub", "store-hub-pool", ["10.1.0.32-10.1.0.32", "10.1.0.34-10.1.0.47"], true],
                ["store-hub", "store-hub-router", ["10.1.0.33/32"], false],
            ],
        );
        const records = mocks.ofType("kubernetes:core/v1:ConfigMap").filter((c) => c.inputs.metadata.namespace === "metallb-system");
        assert.deepEqual(
            records.map((r) => [clusterOf(r), r.inputs]),
            [
                [
                    "store-hub",
                    {
                        apiVersion: "v1",
                        kind: "ConfigMap",
                        metadata: {
                            name: "store-hub-router-address",
                            namespace: "metallb-system",
                            labels: {
                                "app.kubernetes.io/managed-by": "pulumi-edge-interconnect",
                                "app.kubernetes.io/part-of": "shop-mesh",
                                "app.kubernetes.io/component": "metallb",
                            },
                        },
                        data: { address: "10.1.0.33" },
                    },
                ],
            ],
        );
        assert.deepEqual(
            ads.map((a) => [clusterOf(a), a.inputs.spec]),
            [["store-hub", { ipAddressPools: ["store-hub-router", "store-hub-pool"], interfaces: ["eth1"] }]],
        );
        // The pools wait for the release and for the webhook Service's endpoints (the install race); the
        // auto-assign pool for the router's address record, the router pool for the auto-assign pool.
        assert.deepEqual(dependsOn.get("store-hub-configmap-metallb-system-store-hub-router-address"), [
            "store-hub-namespace-metallb-system",
            "store-hub-metallb",
        ]);
        assert.deepEqual(dependsOn.get("store-hub-ipaddresspool-metallb-system-store-hub-pool"), [
            "store-hub-metallb",
            "store-hub-service-metallb-system-metallb-webhook-service-patch",
            "store-hub-configmap-metallb-system-store-hub-router-address",
        ]);
        assert.deepEqual(dependsOn.get("store-hub-ipaddresspool-metallb-system-store-hub-router"), [
            "store-hub-metallb",
            "store-hub-service-metallb-system-metallb-webhook-service-patch",
            "store-hub-ipaddresspool-metallb-system-store-hub-pool",
        ]);
        const gate = mocks.ofType("kubernetes:core/v1:ServicePatch").filter((p) => p.inputs.metadata.name === "metallb-webhook-service");
        assert.deepEqual(
            gate.map((g) => [clusterOf(g), g.inputs.metadata.namespace]),
            [["store-hub", "metallb-system"]],
        );
    });

    it("installs the Skupper site controller and a site on all three clusters", () => {
        const byCluster = (a: RecordedResource, b: RecordedResource) => (clusterOf(a) ?? "").localeCompare(clusterOf(b) ?? "");
        const deployments = mocks.ofType("kubernetes:apps/v1:Deployment").sort(byCluster);
        assert.deepEqual(
            deployments.map((d) => [clusterOf(d), d.inputs.metadata.name, d.inputs.spec.template.spec.containers[0].image]),
            [
                ["store-1", "skupper-site-controller", "quay.io/skupper/site-controller:1.9.6"],
                ["store-2", "skupper-site-controller", "quay.io/skupper/site-controller:1.9.6"],
                ["store-hub", "skupper-site-controller", "quay.io/skupper/site-controller:1.9.6"],
            ],
        );
        const sites = mocks
            .ofType("kubernetes:core/v1:ConfigMap")
            .filter((c) => c.inputs.metadata.name === "skupper-site")
            .sort(byCluster);
        assert.deepEqual(
            sites.map((s) => [
                clusterOf(s),
                s.inputs.metadata.namespace,
                s.inputs.data.ingress,
                s.inputs.data["router-mode"],
                s.inputs.data.console,
                s.inputs.data["flow-collector"],
            ]),
            [
                ["store-1", "interconnect", "none", "interior", "false", "false"],
                ["store-2", "interconnect", "none", "interior", "false", "false"],
                ["store-hub", "interconnect", "loadbalancer", "interior", "false", "false"],
            ],
        );
        // Neither of the keys that made Skupper pin the address a second time (spec.loadBalancerIP).
        assert.equal("router-load-balancer-ip" in sites[2].inputs.data, false);
        assert.equal("router-service-annotations" in sites[2].inputs.data, false);
        // The hub's site carries its CA's fingerprint, so a new CA replaces the site; spokes have no CA.
        const hubCa = unwrapSecrets(mocks.ofType("kubernetes:core/v1:Secret").find((x) => x.inputs.metadata.name === "skupper-site-ca")!.inputs.stringData);
        const fingerprint = openssl(["x509", "-in", "ca.crt", "-noout", "-fingerprint", "-sha256"], { "ca.crt": hubCa["tls.crt"] })
            .trim()
            .replace(/^.*=/, "")
            .replace(/:/g, "")
            .toLowerCase();
        assert.deepEqual(sites[2].inputs.metadata.annotations, {
            "edge-interconnect.pulumi.com/router-ip": "10.1.0.33",
            "edge-interconnect.pulumi.com/site-ca-sha256": fingerprint,
        });
        assert.equal(sites[0].inputs.metadata.annotations, undefined);
    });

    it("replaces a site (delete, then create) when its data or the hub's site CA changes, and the router pool with the router's address, and nothing else", () => {
        assert.deepEqual([...replacement.entries()].sort(), [
            ["store-1-configmap-interconnect-skupper-site", { replaceOnChanges: ["data", "metadata.annotations"], deleteBeforeReplace: true }],
            ["store-2-configmap-interconnect-skupper-site", { replaceOnChanges: ["data", "metadata.annotations"], deleteBeforeReplace: true }],
            ["store-hub-configmap-interconnect-skupper-site", { replaceOnChanges: ["data", "metadata.annotations"], deleteBeforeReplace: true }],
            ["store-hub-configmap-metallb-system-store-hub-router-address", { replaceOnChanges: ["data"], deleteBeforeReplace: true }],
            [
                "store-hub-ipaddresspool-metallb-system-store-hub-router",
                { deleteBeforeReplace: true, replaceWith: ["store-hub-configmap-metallb-system-store-hub-router-address"] },
            ],
        ]);
    });

    it("creates the router Service after the pools, and the hub site only after the router Service and the site CA exist", () => {
        assert.deepEqual(dependsOn.get("store-hub-service-interconnect-skupper-router"), [
            "store-hub-namespace-interconnect",
            "store-hub-ipaddresspool-metallb-system-store-hub-pool",
            "store-hub-l2advertisement-metallb-system-store-hub-l2",
            "store-hub-ipaddresspool-metallb-system-store-hub-router",
        ]);
        assert.deepEqual(dependsOn.get("store-hub-configmap-interconnect-skupper-site"), [
            "store-hub-namespace-interconnect",
            "store-hub-secret-interconnect-skupper-site-ca",
            "store-hub-secret-interconnect-skupper-service-ca",
            "store-hub-serviceaccount-skupper-site-controller",
            "store-hub-clusterrole-skupper-site-controller",
            "store-hub-clusterrolebinding-skupper-site-controller",
            "store-hub-deployment-skupper-site-controller",
            "store-hub-ipaddresspool-metallb-system-store-hub-pool",
            "store-hub-l2advertisement-metallb-system-store-hub-l2",
            "store-hub-ipaddresspool-metallb-system-store-hub-router",
            "store-hub-service-interconnect-skupper-router",
        ]);
    });

    it("links each spoke once, to the hub router's IP and inter-router port", () => {
        const links = mocks
            .ofType("kubernetes:core/v1:Secret")
            .filter((s) => s.inputs.metadata.labels?.["skupper.io/type"] === "connection-token")
            // Registration order follows key generation, which is asynchronous.
            .sort((a, b) => (clusterOf(a) ?? "").localeCompare(clusterOf(b) ?? ""));
        assert.deepEqual(
            links.map((l) => [clusterOf(l), l.inputs.metadata.name, l.inputs.metadata.namespace, l.inputs.metadata.annotations]),
            ["store-1", "store-2"].map((c) => [
                c,
                "link-to-store-hub",
                "interconnect",
                { "inter-router-host": "10.1.0.33", "inter-router-port": "55671", "edge-host": "10.1.0.33", "edge-port": "45671", "skupper.io/cost": "1" },
            ]),
        );
        assert.deepEqual(
            spokes.map((s) => s.hubAddress),
            ["10.1.0.33:55671", "10.1.0.33:55671"],
        );
    });

    it("signs each link certificate with the hub's site CA, as real X.509 (PKCS#1 RSA site CA, ECDSA P-256 link keys)", () => {
        const hubCa = unwrapSecrets(mocks.ofType("kubernetes:core/v1:Secret").find((s) => s.inputs.metadata.name === "skupper-site-ca")!.inputs.stringData);
        assert.match(hubCa["tls.key"], /^-----BEGIN RSA PRIVATE KEY-----/);
        assert.match(openssl(["rsa", "-in", "ca.key", "-check", "-noout"], { "ca.key": hubCa["tls.key"] }), /RSA key ok/);
        const links = mocks
            .ofType("kubernetes:core/v1:Secret")
            .filter((s) => s.inputs.metadata.labels?.["skupper.io/type"] === "connection-token")
            // Registration order follows key generation, which is asynchronous.
            .sort((a, b) => (clusterOf(a) ?? "").localeCompare(clusterOf(b) ?? ""));
        assert.equal(links.length, 2);
        for (const link of links) {
            const data = unwrapSecrets(link.inputs.stringData);
            assert.equal(data["ca.crt"], hubCa["tls.crt"]);
            // Link keys are ECDSA P-256 (SEC1): only the router's OpenSSL reads them; the site CA above stays PKCS#1 RSA.
            assert.match(data["tls.key"], /^-----BEGIN EC PRIVATE KEY-----\n/);
            // openssl exits non-zero (and execFileSync throws) unless the key checks out; the curve is on stdout.
            assert.match(
                openssl(["ec", "-in", "tls.key", "-check", "-noout", "-text"], { "tls.key": data["tls.key"] }),
                /\nASN1 OID: prime256v1\nNIST CURVE: P-256\n/,
            );
            assert.equal(openssl(["verify", "-CAfile", "ca.crt", "tls.crt"], { "ca.crt": data["ca.crt"], "tls.crt": data["tls.crt"] }).trim(), "tls.crt: OK");
            assert.equal(openssl(["x509", "-in", "tls.crt", "-noout", "-subject"], { "tls.crt": data["tls.crt"] }).trim(), `subject=CN = ${clusterOf(link)}`);
        }
        const [a, b] = links.map((l) => unwrapSecrets(l.inputs.stringData)["tls.crt"]);
        assert.notEqual(a, b, "each spoke has its own credential");
    });

    it("keeps every private key secret on its way to the cluster", () => {
        const secrets = mocks.ofType("kubernetes:core/v1:Secret").filter((s) => unwrapSecrets(s.inputs.stringData)?.["tls.key"] !== undefined);
        assert.equal(secrets.length, 7, "hub site CA, network CA for the issuer, two link tokens, the service CA on each of the three members");
        for (const s of secrets) {
            const secret = isSecretValue(s.inputs.stringData) || isSecretValue(s.inputs.stringData["tls.key"]);
            assert.equal(secret, true, `${s.name}: tls.key must reach the engine as a secret`);
        }
    });

    it("owns the router's LoadBalancer on the hub only: one MetalLB pin, the allowed source ranges, a wait for the address", () => {
        assert.deepEqual(
            mocks.ofType("kubernetes:core/v1:ServicePatch").filter((p) => p.inputs.metadata.name === "skupper-router"),
            [],
        );
        const routers = mocks.ofType("kubernetes:core/v1:Service").filter((p) => p.inputs.metadata.name === "skupper-router");
        assert.deepEqual(
            routers.map((p) => [
                clusterOf(p),
                p.inputs.metadata.namespace,
                p.inputs.metadata.annotations,
                p.inputs.spec.type,
                p.inputs.spec.loadBalancerSourceRanges,
            ]),
            [
                [
                    "store-hub",
                    "interconnect",
                    { "metallb.io/loadBalancerIPs": "10.1.0.33", "pulumi.com/waitFor": "jsonpath={.status.loadBalancer.ingress[0].ip}=10.1.0.33" },
                    "LoadBalancer",
                    ["10.2.0.0/16", "10.3.0.0/16"],
                ],
            ],
        );
        assert.equal(routers[0].inputs.spec.loadBalancerIP, undefined);
        assert.equal(hub.routerService !== undefined, true);
    });

    it("annotates exposed services with the orchestrator's annotations and defines them for Skupper", () => {
        const annotated = mocks.ofType("kubernetes:core/v1:ServicePatch").filter((p) => p.inputs.metadata.namespace === "shop");
        assert.deepEqual(
            annotated.map((p) => [clusterOf(p), p.inputs.metadata.namespace, p.inputs.metadata.name, p.inputs.metadata.annotations]),
            [
                [
                    "store-hub",
                    "shop",
                    "my-backend",
                    { "network.app.orchestrator.io/expose-service": "true", "network.app.orchestrator.io/expose-port": "8080" },
                ],
                ["store-hub", "shop", "payments", { "network.app.orchestrator.io/expose-service": "true", "network.app.orchestrator.io/expose-port": "8443" }],
            ],
        );
        const defs = mocks.ofType("kubernetes:core/v1:Service").filter((d) => d.inputs.metadata.name !== "skupper-router");
        assert.deepEqual(
            defs.map((d) => [clusterOf(d), d.inputs.metadata.namespace, d.inputs.metadata.name, d.inputs.metadata.annotations["skupper.io/target"]]),
            [
                ["store-hub", "interconnect", "my-backend", "my-backend.shop"],
                ["store-hub", "interconnect", "payments", "payments.shop"],
            ],
        );
        assert.deepEqual(hub.serviceAddresses, {
            "my-backend": "my-backend.interconnect.svc.cluster.local:8080",
            payments: "payments.interconnect.svc.cluster.local:8443",
        });
        assert.deepEqual(spokes[0].serviceAddresses, hub.serviceAddresses);
    });

    it("issues skupper-tls-<service> through cert-manager on the hub and skupper-tls-client everywhere", () => {
        const certManagers = mocks.ofType("kubernetes-cert-manager:index:CertManager");
        assert.deepEqual(
            certManagers.map((c) => [c.name, c.inputs.installCRDs, c.inputs.helmOptions.version, c.inputs.helmOptions.values]),
            [["store-hub-cert-manager", true, "v1.21.1", { crds: { enabled: true, keep: true } }]],
        );
        const certs = mocks.resources.filter((r) => r.inputs?.kind === "Certificate");
        // Only the server's certificate, in the server's namespace: each router makes its own from skupper-service-ca.
        assert.deepEqual(
            certs.map((c) => [
                clusterOf(c),
                c.inputs.metadata.namespace,
                c.inputs.spec.secretName,
                c.inputs.spec.privateKey.encoding,
                c.inputs.spec.issuerRef.kind,
                c.inputs.metadata.annotations["pulumi.com/waitFor"],
            ]),
            [["store-hub", "shop", "skupper-tls-payments", "PKCS1", "ClusterIssuer", "condition=Ready"]],
        );
        const trust = mocks.ofType("kubernetes:core/v1:Secret").filter((s) => s.inputs.metadata.name === "skupper-tls-client");
        assert.deepEqual(
            trust.map((t) => clusterOf(t)),
            ["store-hub", "store-1", "store-2"],
        );
        assert.deepEqual(
            mocks.ofType("kubernetes:core/v1:Secret").filter((s) => /^skupper-tls-(?!client)/.test(s.inputs.metadata.name)),
            [],
            "no skupper-tls-<service> in a site namespace: Skupper would add no sslProfile for it",
        );
        // One network trust: every member's skupper-service-ca is the network CA, whose certificate clients trust.
        const serviceCas = mocks.ofType("kubernetes:core/v1:Secret").filter((s) => s.inputs.metadata.name === "skupper-service-ca");
        assert.deepEqual(
            serviceCas.map((t) => [clusterOf(t), t.inputs.metadata.namespace]),
            [
                ["store-hub", "interconnect"],
                ["store-1", "interconnect"],
                ["store-2", "interconnect"],
            ],
        );
        const caPem = unwrapSecrets(trust[1].inputs.stringData)["ca.crt"];
        for (const ca of serviceCas) {
            const data = unwrapSecrets(ca.inputs.stringData);
            assert.equal(data["tls.crt"], caPem);
            assert.match(data["tls.key"], /^-----BEGIN RSA PRIVATE KEY-----/);
            assert.equal(isSecretValue(ca.inputs.stringData) || isSecretValue(ca.inputs.stringData["tls.key"]), true);
        }
        // Skupper must find the service CA when it creates the site.
        assert.ok(dependsOn.get("store-1-configmap-interconnect-skupper-site")!.includes("store-1-secret-interconnect-skupper-service-ca"));
        assert.ok(dependsOn.get("store-hub-configmap-interconnect-skupper-site")!.includes("store-hub-secret-interconnect-skupper-service-ca"));
        // Clients' ca.crt is a complete trust anchor for what Skupper and cert-manager sign with it: a self-signed CA.
        const networkCa = new X509Certificate(caPem);
        assert.deepEqual([networkCa.ca, networkCa.verify(networkCa.publicKey), networkCa.subject === networkCa.issuer], [true, true, true]);
        const siteCa = unwrapSecrets(mocks.ofType("kubernetes:core/v1:Secret").find((s) => s.inputs.metadata.name === "skupper-site-ca")!.inputs.stringData);
        assert.notEqual(siteCa["tls.crt"], caPem, "the site CA and the network CA are distinct trusts");
    });

    it("keeps spokes independent: no spoke resource depends on another spoke", () => {
        // The recorded edges are real: each link waits for its own site, and nothing else.
        assert.deepEqual(dependsOn.get("store-1-secret-interconnect-link-to-store-hub"), ["store-1-configmap-interconnect-skupper-site"]);
        assert.deepEqual(dependsOn.get("store-2-secret-interconnect-link-to-store-hub"), ["store-2-configmap-interconnect-skupper-site"]);
        let checked = 0;
        for (const [name, deps] of dependsOn) {
            const own = name.startsWith("store-1") ? "store-1" : name.startsWith("store-2") ? "store-2" : undefined;
            if (!own) continue;
            checked += deps.length;
            const other = own === "store-1" ? "store-2" : "store-1";
            assert.equal(
                deps.some((d) => d.startsWith(other)),
                false,
                `${name} depends on ${deps.join(", ")}`,
            );
        }
        assert.ok(checked >= 16, `the spokes' dependsOn edges were inspected (${checked})`);
    });

    it("puts no hub resource per spoke, so adding a spoke touches only the spoke", () => {
        const hubNames = on("store-hub").map((r) => r.name);
        assert.equal(
            hubNames.some((n) => n.includes("store-1") || n.includes("store-2")),
            false,
        );
        assert.deepEqual(
            hub.network!.members.map((m) => [m.role, m.name, m.hub]),
            [
                ["hub", "store-hub", undefined],
                ["spoke", "store-1", "store-hub"],
                ["spoke", "store-2", "store-hub"],
            ],
        );
    });
});
