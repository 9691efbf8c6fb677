/**
 * Exposed services in Skupper v2: a `Connector` on the hub that routes the
 * address `<service>` to the server's Service, and a `Listener` on each
 * spoke that makes the Service `<service>` in the site namespace, so clients
 * keep `<service>.<siteNamespace>.svc.cluster.local:<port>` as with v1.
 *
 * TLS is hop by hop in v2 (skupper-docs application-tls.md) and v2 makes no
 * application certificates, so the package supplies them under the product
 * documentation's names: the hub router verifies the server with
 * `skupper-tls-client` (the network CA, `ca.crt` only), and each spoke router
 * presents `skupper-tls-<service>`, signed by the network CA, to clients
 * that trust `skupper-tls-client` as before.
 */
import { ExposedService, KubeObject, Naming } from "../../topology/model";
import { CLIENT_TRUST_SECRET, serviceTlsSecretName } from "../exposure";
import { commonLabels } from "../labels";
import { SKUPPER_V2_API } from "./site";

/**
 * Where the hub router reaches the server: its Service by `<name>.<namespace>.svc`,
 * a name the server's certificate carries (tls.ts serviceCertificate) and that
 * resolves from the site namespace under any cluster domain.
 */
export function connectorHost(svc: ExposedService): string {
    return `${svc.name}.${svc.namespace}.svc`;
}

/**
 * The hub's `Connector`: routing key = the service name, the server Service
 * as `host` (not a pod selector: the server's Service is what the user
 * names). With TLS, `tlsCredentials` is the CA bundle to verify the server
 * with ("The bundle contains the trusted server certificate (usually a CA)",
 * refdog properties.yaml); no client certificate is sent.
 */
export function connectorV2(svc: ExposedService, naming: Naming, network: string): KubeObject {
    const spec: Record<string, unknown> = { routingKey: svc.name, port: svc.port, host: connectorHost(svc) };
    if (svc.tls) spec.tlsCredentials = CLIENT_TRUST_SECRET;
    return {
        apiVersion: SKUPPER_V2_API,
        kind: "Connector",
        metadata: { name: svc.name, namespace: naming.siteNamespace, labels: commonLabels(network, "skupper-service") },
        spec,
    };
}

/**
 * A spoke's `Listener`: the controller creates the Service `host` in the
 * site namespace. With TLS, `tlsCredentials` names the server certificate
 * and key the router presents; no `ca.crt` in it, which would ask clients
 * for certificates (mutual TLS, refdog listener.yaml).
 */
export function listenerV2(svc: ExposedService, naming: Naming, network: string): KubeObject {
    const spec: Record<string, unknown> = { routingKey: svc.name, host: svc.name, port: svc.port };
    if (svc.tls) spec.tlsCredentials = serviceTlsSecretName(svc.name);
    return {
        apiVersion: SKUPPER_V2_API,
        kind: "Listener",
        metadata: { name: svc.name, namespace: naming.siteNamespace, labels: commonLabels(network, "skupper-service") },
        spec,
    };
}

/** DNS names of a spoke router's certificate for `svc`: the names clients use for the Listener's Service. */
export function listenerDnsNames(svc: Pick<ExposedService, "name">, naming: Naming): string[] {
    return [svc.name, `${svc.name}.${naming.siteNamespace}.svc`, `${svc.name}.${naming.siteNamespace}.svc.cluster.local`];
}

/** `skupper-tls-<service>` on a spoke: the certificate its router presents for the Listener, signed by the network CA. */
export function listenerTlsSecret<S>(svc: ExposedService, naming: Naming, network: string, material: { certPem: S; keyPem: S }): KubeObject {
    return {
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: serviceTlsSecretName(svc.name), namespace: naming.siteNamespace, labels: commonLabels(network, "tls") },
        type: "kubernetes.io/tls",
        stringData: { "tls.crt": material.certPem, "tls.key": material.keyPem },
    };
}
