/**
 * For programs that declare their server's Service themselves: the
 * annotations that expose it (step 1 of the product documentation), with the
 * ClusterIP rule checked where the Service is written.
 */
import * as pulumi from "@pulumi/pulumi";
import { exposeAnnotations } from "../manifests/exposure";
import { PRODUCT_DOC_NAMING } from "../topology/model";

export interface InterconnectServiceOptions {
    /** Port to expose on the network. */
    port: number;
    /** The Service's `spec.type`; anything but ClusterIP (the default) is refused. */
    type?: string;
    /** Annotation prefix; default `network.app.orchestrator.io`. Pass `network.naming.annotationPrefix` to follow the network's setting. */
    annotationPrefix?: string;
}

/**
 * Returns `metadata.annotations` for a Service to be exposed on the network.
 *
 * @example
 * new k8s.core.v1.Service("backend", {
 *     metadata: { name: "my-backend", annotations: interconnectServiceAnnotations({ port: 8080, annotationPrefix: network.naming.annotationPrefix }) },
 *     spec: { type: "ClusterIP", selector: { app: "my-backend" }, ports: [{ port: 8080, targetPort: 8080 }] },
 * });
 */
export function interconnectServiceAnnotations(options: InterconnectServiceOptions): Record<string, string> {
    const type = options.type ?? "ClusterIP";
    if (type !== "ClusterIP") {
        throw new pulumi.RunError(
            `interconnectServiceAnnotations: type is ${type}; only a ClusterIP Service can be exposed to the router (product documentation, step 1)`,
        );
    }
    if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) {
        throw new pulumi.RunError(`interconnectServiceAnnotations: port must be a whole number from 1 to 65535 (got ${options.port})`);
    }
    return exposeAnnotations(options.port, { annotationPrefix: options.annotationPrefix ?? PRODUCT_DOC_NAMING.annotationPrefix });
}
