/**
 * The package's objects on a cluster as comparable data: every object it
 * labels, of every kind it creates, with its key fields. Values the API
 * server or the PKI chooses afresh on each deploy (cluster IPs, node ports,
 * certificate bytes, the site CA's fingerprint) are left out or checked for
 * their form only, so that two deploys of the same topology compare equal.
 */
import * as assert from "node:assert/strict";
import { Cluster } from "../harness";
import { labelledObjects, objectKey } from "./leftovers";

/** The site CA's fingerprint annotation (edge-interconnect.pulumi.com/site-ca-sha256, sdk/manifests/skupper.ts). */
const FINGERPRINT = /sha256/;

function annotations(o: any): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries((o.metadata.annotations ?? {}) as Record<string, string>)) {
        if (FINGERPRINT.test(k)) {
            assert.match(v, /^[0-9a-f]{64}$/, `${o.kind} ${o.metadata.name}: ${k} is a SHA-256 fingerprint`);
            out[k] = "<sha256>";
        } else out[k] = v;
    }
    return out;
}

function keyFields(o: any): Record<string, unknown> {
    switch (o.kind) {
        case "Secret":
            // Certificates and keys are generated per deploy: their names and type, not their bytes.
            return { type: o.type, keys: Object.keys(o.data ?? {}).sort() };
        case "ConfigMap":
            return { data: o.data ?? {} };
        case "Service":
            return {
                type: o.spec.type,
                selector: o.spec.selector,
                ports: (o.spec.ports ?? []).map((p: any) => ({ name: p.name, port: p.port, targetPort: p.targetPort, protocol: p.protocol })),
                loadBalancerSourceRanges: o.spec.loadBalancerSourceRanges,
            };
        case "ClusterRole":
            return { rules: o.rules };
        case "ClusterRoleBinding":
            return { roleRef: o.roleRef, subjects: o.subjects };
        case "Namespace":
        case "ServiceAccount":
            return {};
        default:
            return { spec: o.spec };
    }
}

/** `<Kind> <namespace>/<name>` → labels, annotations and key fields of every labelled object on the cluster. */
export async function packageObjects(cluster: Cluster): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const labelled of await labelledObjects(cluster)) {
        const o = labelled.object;
        o.kind = labelled.kind;
        out[objectKey(labelled)] = { labels: o.metadata.labels ?? {}, annotations: annotations(o), ...keyFields(o) };
    }
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}
