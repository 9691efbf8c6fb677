/**
 * HubCluster and SpokeCluster on a `skupperVersion: "v2"` network under
 * Pulumi's mocks, with the PKI dynamic providers running for real: what
 * each cluster gets, and that every certificate the package mints for v2
 * verifies with openssl against the CA it must chain to.
 */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { RecordedResource, RecordingMocks, inspect, unwrapSecrets, waitFor } from "../support/mocks";
import { kubeconfig, PKI_PROVIDERS } from "../support/clusters";

function clusterOf(r: RecordedResource): string | undefined {
    if (!r.provider) return undefined;
    const parts = r.provider.split("::");
    return parts[parts.length - 2].replace(/-k8s$/, "");
}

function openssl(args: string[], files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "skupper-v2-"));
    try {
        for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
        return execFileSync("openssl", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

describe("HubCluster and SpokeCluster with skupperVersion v2 (mocks, 1 hub + 2 spokes)", function () {
    this.timeout(60_000);
    const mocks = new RecordingMocks({}, PKI_PROVIDERS);
    let sdk: typeof import("../../sdk");

    before(async () => {
        await pulumi.runtime.setMocks(mocks, "edge-interconnect-test", "dev", false);
        sdk = await import("../../sdk");
        mocks.reset();
        const network = new sdk.InterconnectNetwork("v2-mesh", { skupperVersion: "v2" });
        const hub = new sdk.HubCluster("v2-hub", {
            network,
            kubeconfig: kubeconfig("v2-hub"),
            loadBalancer: { addresses: ["10.7.0.32/28"] },
            allowedSourceRanges: ["10.8.0.0/16"],
            exposedServices: [
                { name: "payments", namespace: "shop", port: 8443, tls: true },
                { name: "catalog", namespace: "shop", port: 8080 },
            ],
        });
        const spokes = ["v2-store-1", "v2-store-2"].map(
            (n, i) => new sdk.SpokeCluster(n, { network, hub, kubeconfig: kubeconfig(n), routerMode: i ? "edge" : "interior" }),
        );
        await Promise.all(spokes.map((s) => inspect(s.linkCertificate!.certPem)));
        await inspect(hub.siteCa!.certPem);
        const last = [
            "v2-hub-site-interconnect-v2-hub",
            "v2-hub-connector-interconnect-payments",
            ...["v2-store-1", "v2-store-2"].flatMap((n) => [
                `${n}-link-interconnect-link-to-v2-hub`,
                `${n}-secret-interconnect-skupper-tls-payments`,
                `${n}-listener-interconnect-catalog`,
            ]),
        ];
        await waitFor(() => last.every((n) => mocks.resources.some((r) => r.name === n)), last.join(", "), 30_000);
    });

    const secretOn = (cluster: string, name: string) => {
        const found = mocks.ofType("kubernetes:core/v1:Secret").filter((s) => clusterOf(s) === cluster && s.inputs.metadata.name === name);
        assert.equal(found.length, 1, `${cluster}: one Secret ${name}`);
        return unwrapSecrets(found[0].inputs.stringData) as Record<string, string>;
    };

    it("registers the v2 kinds, and no v1 ConfigMap or site controller, on each cluster", () => {
        const kinds = (cluster: string) =>
            mocks.resources
                .filter((r) => clusterOf(r) === cluster && r.inputs?.apiVersion === "skupper.io/v2alpha1")
                .map((r) => `${r.inputs.kind}/${r.inputs.metadata.name}`)
                .sort();
        assert.deepEqual(kinds("v2-hub"), ["Connector/catalog", "Connector/payments", "Site/v2-hub"]);
        for (const s of ["v2-store-1", "v2-store-2"]) assert.deepEqual(kinds(s), ["Link/link-to-v2-hub", "Listener/catalog", "Listener/payments", `Site/${s}`]);
        assert.equal(mocks.ofType("kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition").length, 36, "twelve CRDs on each of three clusters");
        // The one ConfigMap is MetalLB's side of the hub, the router's address record, whatever the Skupper.
        assert.deepEqual(
            mocks.resources.filter((r) => r.inputs?.kind === "ConfigMap" || r.inputs?.metadata?.name === "skupper-site-controller").map((r) => r.name),
            ["v2-hub-configmap-metallb-system-v2-hub-router-address"],
        );
        const controllers = mocks
            .ofType("kubernetes:apps/v1:Deployment")
            .map((d) => [clusterOf(d), d.inputs.metadata.name, d.inputs.spec.template.spec.containers[0].image]);
        assert.deepEqual(controllers.sort(), [
            ["v2-hub", "skupper-controller", "quay.io/skupper/controller:2.2.1"],
            ["v2-store-1", "skupper-controller", "quay.io/skupper/controller:2.2.1"],
            ["v2-store-2", "skupper-controller", "quay.io/skupper/controller:2.2.1"],
        ]);
    });

    it("pre-provisions an RSA PKCS#1 site CA named '<site> site CA' on the hub", () => {
        const ca = secretOn("v2-hub", "skupper-site-ca");
        assert.match(ca["tls.key"], /^-----BEGIN RSA PRIVATE KEY-----\n/);
        assert.match(openssl(["rsa", "-in", "ca.key", "-check", "-noout"], { "ca.key": ca["tls.key"] }), /RSA key ok/);
        assert.equal(
            openssl(["x509", "-in", "ca.crt", "-noout", "-subject"], { "ca.crt": ca["tls.crt"] }).trim(),
            "subject=O = pulumi-edge-interconnect, CN = v2-hub site CA",
        );
        assert.equal(ca["ca.crt"], ca["tls.crt"]);
    });

    it("mints each spoke's link Secret from the hub's site CA: RSA PKCS#1 key, CN = the spoke, verifies with openssl", () => {
        const ca = secretOn("v2-hub", "skupper-site-ca");
        const certs: string[] = [];
        for (const spoke of ["v2-store-1", "v2-store-2"]) {
            const link = secretOn(spoke, "link-to-v2-hub");
            assert.equal(link["ca.crt"], ca["tls.crt"]);
            assert.match(link["tls.key"], /^-----BEGIN RSA PRIVATE KEY-----\n/);
            assert.match(openssl(["rsa", "-in", "tls.key", "-check", "-noout"], { "tls.key": link["tls.key"] }), /RSA key ok/);
            assert.equal(openssl(["verify", "-CAfile", "ca.crt", "tls.crt"], { "ca.crt": ca["tls.crt"], "tls.crt": link["tls.crt"] }).trim(), "tls.crt: OK");
            assert.equal(openssl(["x509", "-in", "tls.crt", "-noout", "-subject"], { "tls.crt": link["tls.crt"] }).trim(), `subject=CN = ${spoke}`);
            // The key belongs to the certificate.
            const modulus = (args: string[], f: Record<string, string>) => openssl(args, f).trim();
            assert.equal(
                modulus(["rsa", "-in", "k", "-noout", "-modulus"], { k: link["tls.key"] }),
                modulus(["x509", "-in", "c", "-noout", "-modulus"], { c: link["tls.crt"] }),
            );
            certs.push(link["tls.crt"]);
        }
        assert.notEqual(certs[0], certs[1], "each spoke has its own credential");
        const linkSecret = mocks.ofType("kubernetes:core/v1:Secret").find((s) => clusterOf(s) === "v2-store-1" && s.inputs.metadata.name === "link-to-v2-hub")!;
        assert.equal(linkSecret.inputs.type, "kubernetes.io/tls");
    });

    it("signs each spoke router's skupper-tls-<svc> with the network CA, for the names clients use, and only for TLS services", () => {
        const networkCa = secretOn("v2-store-1", "skupper-tls-client")["ca.crt"];
        for (const spoke of ["v2-store-1", "v2-store-2"]) {
            const tls = secretOn(spoke, "skupper-tls-payments");
            assert.deepEqual(Object.keys(tls).sort(), ["tls.crt", "tls.key"]);
            assert.equal(openssl(["verify", "-CAfile", "ca.crt", "tls.crt"], { "ca.crt": networkCa, "tls.crt": tls["tls.crt"] }).trim(), "tls.crt: OK");
            assert.match(
                openssl(["x509", "-in", "tls.crt", "-noout", "-ext", "subjectAltName"], { "tls.crt": tls["tls.crt"] }),
                /DNS:payments, DNS:payments\.interconnect\.svc, DNS:payments\.interconnect\.svc\.cluster\.local/,
            );
            assert.match(tls["tls.key"], /^-----BEGIN RSA PRIVATE KEY-----\n/);
        }
        assert.equal(mocks.ofType("kubernetes:core/v1:Secret").filter((s) => s.inputs.metadata.name === "skupper-tls-catalog").length, 0);
    });

    it("the Link names its Secret and the router IP; the hub's Connector verifies the server with the network CA", () => {
        const link = mocks.resources.find((r) => r.name === "v2-store-2-link-interconnect-link-to-v2-hub")!;
        assert.deepEqual(link.inputs.spec, {
            tlsCredentials: "link-to-v2-hub",
            cost: 1,
            endpoints: [
                { name: "inter-router", host: "10.7.0.33", port: "55671", group: "skupper-router" },
                { name: "edge", host: "10.7.0.33", port: "45671", group: "skupper-router" },
            ],
        });
        const connector = mocks.resources.find((r) => r.name === "v2-hub-connector-interconnect-payments")!;
        assert.deepEqual(connector.inputs.spec, { routingKey: "payments", port: 8443, host: "payments.shop.svc", tlsCredentials: "skupper-tls-client" });
    });

    it("refuses an orchestrator-managed member on a v2 network, in one line naming the argument", async () => {
        const network = new sdk.InterconnectNetwork("v2-managed", { skupperVersion: "v2" });
        assert.throws(
            () => new sdk.HubCluster("managed-hub", { network, orchestratorClusterId: "cluster-1", loadBalancer: { addresses: ["10.9.0.0/28"] } }),
            /^Error: HubCluster "managed-hub": orchestratorClusterId is given, but the network's skupperVersion is "v2"; the orchestrator's skupper extension runs Skupper v1/,
        );
    });

    it("refuses a skupperVersion other than v1 or v2", () => {
        assert.throws(
            () => new sdk.InterconnectNetwork("bad-version", { skupperVersion: "v3" as never }),
            /^Error: skupperVersion is "v3"; must be "v1" \(Skupper 1\.9\) or "v2" \(Skupper 2\.2\)$/,
        );
    });
});
