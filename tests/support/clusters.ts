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
