/**
 * Network information: what a member needs from its network, and nothing
 * more. InterconnectNetwork publishes it (`network.info`, or as one secret
 * Output `network.networkInfo` for another stack); HubCluster and
 * SpokeCluster read the network only through it. Pure: no Pulumi import; the
 * PEM fields are strings here and Pulumi Inputs in components (the `S`
 * parameter), as in join information.
 *
 * The facts (name, naming, Skupper backend) decide which objects a member
 * creates and what they are called, so they are plain values when the
 * program runs; only the CA's PEM material may still be pending. This is
 * pulumi-eks's pattern: a node group takes `Cluster | CoreData` and reads the
 * cluster only through that record (nodejs/eks/nodegroup.ts, createNodeGroup:
 * `args.cluster instanceof Cluster ? args.cluster.core : args.cluster`).
 */
import { z } from "zod";
import type { Naming, SkupperVersion } from "../topology/model";
import { ContractIssue, contractIssues, pemField } from "../contract/issues";

/** Marks the record's layout; a member refuses a layout it does not know. */
export const NETWORK_INFO_FORMAT = "edge-interconnect/network-info/v1";

/** A member or network name on the clusters: one DNS label. */
export const MEMBER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The network's facts: everything but the CA material. */
export interface NetworkFacts {
    /** The network's name as used in labels and object names on the clusters. */
    network: string;
    /** The network's Skupper backend; every member builds the same one. */
    skupperVersion: SkupperVersion;
    /** Annotation prefix and site namespace of every member. */
    naming: Naming;
}

/** What a member needs from its network: the facts as plain values, the CA material as `S` (strings, or Pulumi Inputs in components). */
export interface NetworkInfo<S = string> extends NetworkFacts {
    format: typeof NETWORK_INFO_FORMAT;
    /** The network CA: it signs the TLS secrets of exposed services (its key is a secret wherever it goes). */
    ca: { certPem: S; keyPem: S };
}

/** The schema of the facts, shared with join information (which carries them too). */
export function networkFactsShape() {
    const name = z.string({ error: "must be a string" }).regex(MEMBER_NAME, "must be lowercase letters, digits and '-'");
    return {
        network: name,
        naming: z.object({ annotationPrefix: z.string({ error: "must be a string" }).min(1, "must not be empty"), siteNamespace: name }).strict(),
    };
}

/**
 * Problems with network information, all at once, each naming its field
 * (`network.naming.siteNamespace`, with `prefix` "network"). `pemChecked`
 * false accepts any present value in the PEM fields (Pulumi Inputs not resolved yet).
 */
export function networkInfoProblems(value: unknown, prefix: string, pemChecked = true): ContractIssue[] {
    const pem = pemField(z, pemChecked);
    const parsed = z
        .object({
            format: z.literal(NETWORK_INFO_FORMAT, {
                error: `must be "${NETWORK_INFO_FORMAT}"; this network information comes from another version of the package`,
            }),
            ...networkFactsShape(),
            skupperVersion: z.enum(["v1", "v2"], { error: 'must be "v1" or "v2"' }),
            ca: z.object({ certPem: pem, keyPem: pem }).strict(),
        })
        .strict()
        .safeParse(value);
    return parsed.success ? [] : contractIssues(parsed.error, prefix);
}

/** The network information of these facts and CA material. */
export function networkInfo<S>(facts: NetworkFacts, ca: { certPem: S; keyPem: S }): NetworkInfo<S> {
    return {
        format: NETWORK_INFO_FORMAT,
        network: facts.network,
        skupperVersion: facts.skupperVersion,
        naming: { annotationPrefix: facts.naming.annotationPrefix, siteNamespace: facts.naming.siteNamespace },
        ca: { certPem: ca.certPem, keyPem: ca.keyPem },
    };
}

/** True when two sets of facts describe the same network on the clusters (same name, naming and backend). */
export function sameNetwork(a: NetworkFacts, b: Pick<NetworkFacts, "network" | "naming"> & { skupperVersion?: SkupperVersion }): boolean {
    return (
        a.network === b.network &&
        a.naming.siteNamespace === b.naming.siteNamespace &&
        a.naming.annotationPrefix === b.naming.annotationPrefix &&
        a.skupperVersion === (b.skupperVersion ?? "v1")
    );
}
