/**
 * TLS between applications and routers (FACTS §7): cert-manager release,
 * the network CA issuer, per-service Certificates and the trust Secrets.
 */
import * as assert from "node:assert/strict";
import { ExposedService, PRODUCT_DOC_NAMING, UPSTREAM_NAMING, VERSIONS } from "../../sdk/topology/model";
import {
    CERT_MANAGER_NAMESPACE,
    certManagerRelease,
    clientTrustSecret,
    SERVICE_CA_SECRET,
    serviceCaSecret,
    networkCaSecret,
    networkClusterIssuer,
    networkIssuerName,
    serviceCertificate,
} from "../../sdk/manifests/tls";
import { validateCoreObject, validateCustomResource } from "../support/schemas";
import { LABELS, NETWORK, PEM, topology } from "./fixture";

const inventory = topology().hubs[0].exposedServices[0];

describe("TLS manifests", function () {
    it("certManagerRelease pins chart v1.21.1 from jetstack with CRDs installed and kept", () => {
        assert.deepEqual(certManagerRelease(), {
            chart: "cert-manager",
            version: "v1.21.1",
            repository: "https://charts.jetstack.io",
            namespace: "cert-manager",
            values: { crds: { enabled: true, keep: true } },
        });
        assert.equal(VERSIONS.certManagerChart, "v1.21.1");
        assert.equal(CERT_MANAGER_NAMESPACE, "cert-manager");
    });

    it("networkCaSecret is <network>-ca in cert-manager's cluster resource namespace", () => {
        const s = networkCaSecret(NETWORK, { certPem: PEM.networkCaCert, keyPem: PEM.networkCaKey });
        assert.deepEqual(s, {
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: "edge-net-ca", namespace: "cert-manager", labels: LABELS("tls") },
            type: "kubernetes.io/tls",
            stringData: { "tls.crt": PEM.networkCaCert, "tls.key": PEM.networkCaKey },
        });
        assert.deepEqual(validateCoreObject(s), { ok: true, errors: [] });
    });

    it("networkClusterIssuer is a CA issuer reading that secret", () => {
        const issuer = networkClusterIssuer(NETWORK);
        assert.deepEqual(issuer, {
            apiVersion: "cert-manager.io/v1",
            kind: "ClusterIssuer",
            metadata: { name: "edge-net-ca", labels: LABELS("tls") },
            spec: { ca: { secretName: "edge-net-ca" } },
        });
        assert.equal(networkIssuerName(NETWORK), "edge-net-ca");
        assert.deepEqual(validateCustomResource(issuer), { ok: true, errors: [] });
    });

    describe("serviceCertificate", () => {
        it("server certificate in the server's namespace: RSA PKCS#1, issued by the ClusterIssuer, secret skupper-tls-<svc>", () => {
            const cert = serviceCertificate(inventory, inventory.namespace, PRODUCT_DOC_NAMING, NETWORK);
            assert.deepEqual(cert, {
                apiVersion: "cert-manager.io/v1",
                kind: "Certificate",
                metadata: { name: "skupper-tls-inventory", namespace: "default", labels: LABELS("tls"), annotations: { "pulumi.com/waitFor": "condition=Ready" } },
                spec: {
                    secretName: "skupper-tls-inventory",
                    commonName: "inventory",
                    dnsNames: [
                        "inventory",
                        "inventory.default.svc",
                        "inventory.default.svc.cluster.local",
                        "inventory.interconnect.svc",
                        "inventory.interconnect.svc.cluster.local",
                    ],
                    duration: "8760h",
                    renewBefore: "720h",
                    usages: ["server auth", "client auth", "digital signature", "key encipherment"],
                    privateKey: { algorithm: "RSA", encoding: "PKCS1", size: 2048, rotationPolicy: "Always" },
                    issuerRef: { name: "edge-net-ca", kind: "ClusterIssuer", group: "cert-manager.io" },
                },
            });
            assert.deepEqual(validateCustomResource(cert), { ok: true, errors: [] });
        });

        it("dnsNames hold no duplicates when the server already lives in the site namespace", () => {
            const local: ExposedService = { name: "metrics", namespace: "interconnect", port: 9090, tls: true, type: "ClusterIP" };
            const cert = serviceCertificate(local, "interconnect", UPSTREAM_NAMING, NETWORK);
            assert.deepEqual((cert.spec as any).dnsNames, ["metrics", "metrics.interconnect.svc", "metrics.interconnect.svc.cluster.local"]);
            assert.deepEqual(validateCustomResource(cert), { ok: true, errors: [] });
        });
    });

    it("clientTrustSecret is skupper-tls-client with the network CA certificate only", () => {
        const s = clientTrustSecret(PRODUCT_DOC_NAMING, NETWORK, PEM.networkCaCert);
        assert.deepEqual(s, {
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: "skupper-tls-client", namespace: "interconnect", labels: LABELS("tls") },
            type: "Opaque",
            stringData: { "ca.crt": PEM.networkCaCert },
        });
        assert.deepEqual(validateCoreObject(s), { ok: true, errors: [] });
    });

    it("serviceCaSecret is Skupper's skupper-service-ca in the site namespace, from the network CA, in Skupper's CA format", () => {
        const s = serviceCaSecret(PRODUCT_DOC_NAMING, NETWORK, { certPem: PEM.networkCaCert, keyPem: PEM.networkCaKey });
        assert.deepEqual(s, {
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: "skupper-service-ca", namespace: "interconnect", labels: LABELS("tls") },
            type: "kubernetes.io/tls",
            stringData: { "tls.crt": PEM.networkCaCert, "tls.key": PEM.networkCaKey, "ca.crt": PEM.networkCaCert },
        });
        assert.equal(SERVICE_CA_SECRET, "skupper-service-ca");
        assert.match(PEM.networkCaKey, /^-----BEGIN RSA PRIVATE KEY-----/, "Skupper parses it with x509.ParsePKCS1PrivateKey");
        assert.deepEqual(validateCoreObject(s), { ok: true, errors: [] });
    });
});
