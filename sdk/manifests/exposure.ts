/**
 * Exposing a hub's server on the network: the orchestrator's annotations on
 * the server's own Service (step 1 of the product documentation), and the
 * Skupper service definition that makes it reachable on every linked site as
 * `<service>.<siteNamespace>.svc.cluster.local:<port>`.
 */
import { ExposedService, KubeObject, Naming } from "../topology/model";
import { commonLabels } from "./labels";

/** The orchestrator's exposure annotations, under the configured prefix. */
export function exposeAnnotations(port: number, naming: Pick<Naming, "annotationPrefix">): Record<string, string> {
    return {
        [`${naming.annotationPrefix}/expose-service`]: "true",
        [`${naming.annotationPrefix}/expose-port`]: String(port),
    };
}

/** Name of the TLS secret of an exposed service (product documentation: `skupper-tls-<service>`). */
export function serviceTlsSecretName(service: string): string {
    return `skupper-tls-${service}`;
}

/** Secret with the network CA that clients use to trust the router (`ca.crt` only). */
export const CLIENT_TRUST_SECRET = "skupper-tls-client";

/** Server-side-apply patch that adds the annotations to the server's Service, which the user owns. */
export function serviceAnnotationPatch(svc: ExposedService, naming: Naming): KubeObject {
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: svc.name, namespace: svc.namespace, annotations: exposeAnnotations(svc.port, naming) },
    };
}

/**
 * The Skupper v1 service definition: a Service in the site namespace whose
 * annotations tell the service controller to route the address `<name>` to
 * the server's Service. Service sync then creates `<name>` in the site
 * namespace of every linked site.
 */
export function skupperServiceDefinition(svc: ExposedService, naming: Naming, network: string): KubeObject {
    const annotations: Record<string, string> = {
        "skupper.io/proxy": "tcp",
        "skupper.io/address": svc.name,
        "skupper.io/port": String(svc.port),
        "skupper.io/target": svc.namespace === naming.siteNamespace ? svc.name : `${svc.name}.${svc.namespace}`,
    };
    if (svc.tls) {
        // Each router presents its own skupper-tls-<name>, which Skupper generates per site from
        // skupper-service-ca (the network CA) because the name has its prefix, and verifies the
        // server with skupper-service-client, Skupper's own trust of that CA: the one tls-trust
        // that needs no sslProfile of its own (pkg/kube/qdr/tls_handler.go, EnableTlsSupport).
        annotations["skupper.io/tls-cert"] = serviceTlsSecretName(svc.name);
        annotations["skupper.io/tls-trust"] = "skupper-service-client";
    }
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: svc.name, namespace: naming.siteNamespace, labels: commonLabels(network, "skupper-service"), annotations },
        spec: { type: "ClusterIP", ports: [{ name: `tcp-${svc.port}`, protocol: "TCP", port: svc.port, targetPort: svc.port }] },
    };
}

/** The address clients use, without scheme: `<name>.<siteNamespace>.svc.cluster.local:<port>`. */
export function networkAddress(svc: Pick<ExposedService, "name" | "port">, naming: Naming): string {
    return `${svc.name}.${naming.siteNamespace}.svc.cluster.local:${svc.port}`;
}
