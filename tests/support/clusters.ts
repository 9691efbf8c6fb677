/** Fixtures shared by the component tests: kubeconfigs, and the PKI providers to run inside mocks. */
import { certificateAuthorityProvider, signedCertificateProvider } from "../../provider/pki";

/** A syntactically valid kubeconfig for `cluster`; nothing ever connects to it. */
export function kubeconfig(cluster = "c", token = `token-of-${cluster}`): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: cluster, cluster: { server: `https://${cluster}.example:6443` } }],
        contexts: [{ name: cluster, context: { cluster, user: cluster } }],
        "current-context": cluster,
        users: [{ name: cluster, user: { token } }],
    });
}

/** The operations of the package's PKI resources by type token: RecordingMocks runs them, so certificates are real. */
export const PKI_PROVIDERS = {
    "edge-interconnect:index:CertificateAuthority": certificateAuthorityProvider,
    "edge-interconnect:index:SignedCertificate": signedCertificateProvider,
};

/** A shop hub's arguments: its pool and the spokes' range, a plain service and a TLS one (so the network CA is on it). */
export const SHOP_HUB_ARGS = Object.freeze({
    loadBalancer: { addresses: ["10.1.0.32/28"] },
    allowedSourceRanges: ["10.2.0.0/16"],
    exposedServices: [
        { name: "my-backend", namespace: "shop", port: 8080 },
        { name: "payments", namespace: "shop", port: 8443, tls: true },
    ],
});
