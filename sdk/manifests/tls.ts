/**
 * TLS between applications and routers (Best Practices of the product
 * documentation): cert-manager on the hub issues `skupper-tls-<service>` from
 * the network CA, and every member gets `skupper-tls-client` with the CA
 * certificate clients trust.
 */
import { ExposedService, KubeObject, Naming } from "../topology/model";
import { CLIENT_TRUST_SECRET, serviceTlsSecretName } from "./exposure";
import { commonLabels } from "./labels";
import { HelmReleaseSpec, mergeValues } from "./metallb";
import { AddOnsModel, DEFAULT_ADD_ONS, mirroredImage } from "../topology/addons";

export const CERT_MANAGER_NAMESPACE = "cert-manager";

/**
 * Helm options for @pulumi/kubernetes-cert-manager: pinned chart, CRDs
 * installed and kept; a local chart or a mirror registry for air-gapped sites;
 * the user's values merged over the package's.
 */
export function certManagerRelease(addOns: AddOnsModel = DEFAULT_ADD_ONS): HelmReleaseSpec {
    const { chart } = addOns.certManager;
    const values: Record<string, unknown> = { crds: { enabled: true, keep: true } };
    if (addOns.imageRegistry) {
        // Each component's `image.repository` in the chart's values.yaml (quay.io/jetstack/cert-manager-<component>).
        const image = (component: string) => ({ image: { repository: mirroredImage(`quay.io/jetstack/cert-manager-${component}`, addOns.imageRegistry) } });
        Object.assign(values, image("controller"), {
            webhook: image("webhook"),
            cainjector: image("cainjector"),
            startupapicheck: image("startupapicheck"),
            acmesolver: image("acmesolver"),
        });
    }
    return {
        chart: chart.path ?? "cert-manager",
        version: chart.version,
        ...(chart.path === undefined ? { repository: chart.repository! } : {}),
        namespace: CERT_MANAGER_NAMESPACE,
        values: mergeValues(values, chart.values),
    };
}

/** The arguments of @pulumi/kubernetes-cert-manager's `CertManager`, as plain data (HubCluster and the plan share them). */
export function certManagerArgs(addOns: AddOnsModel = DEFAULT_ADD_ONS): Record<string, unknown> {
    const cm = certManagerRelease(addOns);
    return {
        installCRDs: true,
        helmOptions: {
            ...(cm.repository ? { repositoryOpts: { repo: cm.repository } } : { chart: cm.chart }),
            version: cm.version,
            namespace: cm.namespace,
            createNamespace: true,
            values: cm.values,
        },
    };
}

/** Name of the ClusterIssuer (and its CA secret) backed by the network CA. */
export function networkIssuerName(network: string): string {
    return `${network}-ca`;
}

/** The network CA as the secret a cert-manager CA issuer reads (in the cluster resource namespace). */
export function networkCaSecret<S>(network: string, ca: { certPem: S; keyPem: S }): KubeObject {
    return {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: networkIssuerName(network), namespace: CERT_MANAGER_NAMESPACE, labels: commonLabels(network, "tls") },
        type: "kubernetes.io/tls",
        stringData: { "tls.crt": ca.certPem, "tls.key": ca.keyPem },
    };
}

export function networkClusterIssuer(network: string): KubeObject {
    return {
        apiVersion: "cert-manager.io/v1",
        kind: "ClusterIssuer",
        metadata: { name: networkIssuerName(network), labels: commonLabels(network, "tls") },
        spec: { ca: { secretName: networkIssuerName(network) } },
    };
}

/**
 * `skupper-tls-<service>` for the server, in the server's own namespace,
 * renewed by cert-manager. Never in the site namespace: Skupper treats a
 * `skupper-tls-` Secret there as one it generated and, finding it present,
 * adds no sslProfile for it (pkg/kube/qdr/tls_handler.go, EnableTlsSupport),
 * so the router would refuse the listener. The router verifies this
 * certificate with `skupper-service-client`, which holds the network CA.
 * `pulumi.com/waitFor: condition=Ready` keeps anything that uses it waiting
 * until cert-manager has issued it.
 */
export function serviceCertificate(svc: ExposedService, namespace: string, naming: Naming, network: string): KubeObject {
    const dnsNames = [
        ...new Set([
            svc.name,
            `${svc.name}.${svc.namespace}.svc`,
            `${svc.name}.${svc.namespace}.svc.cluster.local`,
            `${svc.name}.${naming.siteNamespace}.svc`,
            `${svc.name}.${naming.siteNamespace}.svc.cluster.local`,
        ]),
    ];
    return {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: {
            name: serviceTlsSecretName(svc.name),
            namespace,
            labels: commonLabels(network, "tls"),
            annotations: { "pulumi.com/waitFor": "condition=Ready" },
        },
        spec: {
            secretName: serviceTlsSecretName(svc.name),
            commonName: svc.name,
            dnsNames,
            duration: "8760h",
            renewBefore: "720h",
            usages: ["server auth", "client auth", "digital signature", "key encipherment"],
            privateKey: { algorithm: "RSA", encoding: "PKCS1", size: 2048, rotationPolicy: "Always" },
            issuerRef: { name: networkIssuerName(network), kind: "ClusterIssuer", group: "cert-manager.io" },
        },
    };
}

/** `skupper-tls-client`: the network CA certificate, for clients (and the router) to trust. */
export function clientTrustSecret<S>(naming: Naming, network: string, caCertPem: S): KubeObject {
    return {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: CLIENT_TRUST_SECRET, namespace: naming.siteNamespace, labels: commonLabels(network, "tls") },
        type: "Opaque",
        stringData: { "ca.crt": caCertPem },
    };
}

/**
 * `skupper-service-ca` from the network CA, on every member with a TLS
 * service. Skupper 1.9.6 signs every `skupper-tls-<address>` it generates,
 * and `skupper-service-client`, with this CA (pkg/kube/qdr/tls_handler.go,
 * generateNewSecret: `CA: types.ServiceCaSecret`), and reuses the Secret when
 * it exists (pkg/kube/secrets.go, NewCertAuthority). Pre-provisioned on every
 * site, it makes one trust for the whole network: each router's own listener
 * certificate, every server certificate and every client's `ca.crt` chain to
 * the network CA. The key must be RSA PKCS#1 (pkg/certs/certs.go:
 * `x509.ParsePKCS1PrivateKey`).
 */
export function serviceCaSecret<S>(naming: Naming, network: string, ca: { certPem: S; keyPem: S }): KubeObject {
    return {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: SERVICE_CA_SECRET, namespace: naming.siteNamespace, labels: commonLabels(network, "tls") },
        type: "kubernetes.io/tls",
        stringData: { "tls.crt": ca.certPem, "tls.key": ca.keyPem, "ca.crt": ca.certPem },
    };
}

/** Skupper v1's service CA (api/types/types.go: ServiceCaSecret). */
export const SERVICE_CA_SECRET = "skupper-service-ca";
/** Skupper v1's own client trust, holding the service CA (api/types/types.go: ServiceClientSecret). */
export const SERVICE_CLIENT_SECRET = "skupper-service-client";
