/**
 * Join information: what a spoke needs from its hub, and nothing more, as
 * plain data. A hub publishes it (`HubCluster.joinInfo`, or per shard
 * `HubCluster.joinInfoFor(shard)`), a spoke in the same program or in
 * another stack consumes it. Pure: no Pulumi import; the PEM fields are
 * strings here and Pulumi Inputs in components (the `S` parameter).
 *
 * The facts (names, address, ports, services) decide which objects the spoke
 * creates and what they are called, so a consumer needs them as plain
 * values when its program runs; only PEM material may still be pending.
 */
import { z } from "zod";
import { ROUTER_PORTS } from "../topology/model";
import type { ExposedService, HubModel, Naming, SkupperVersion } from "../topology/model";
import { ContractIssue, contractIssues, pemField } from "../contract/issues";
import { MEMBER_NAME, NetworkFacts, networkFactsShape } from "../network/networkInfo";

/** Marks the record's layout; a spoke refuses a layout it does not know. */
export const JOIN_INFO_FORMAT = "edge-interconnect/join-info/v1";

/** An exposed service as spokes see it: its network address and whether it uses TLS. */
export interface JoinService {
    name: string;
    port: number;
    tls: boolean;
}

/** What signs the spoke's link certificate, and the chain its link presents (leaf first, then `chainPem`). */
export interface JoinSigner<S> {
    /** The signing CA's certificate: the hub's site CA (same program) or a shard CA under it. */
    certPem: S;
    /** The signing CA's key: a Pulumi secret wherever it goes. */
    keyPem: S;
    /** Certificates the link sends after its own: the shard CA; empty when the site CA signs directly. */
    chainPem: S;
}

/** What a spoke needs from its hub: the facts as plain values, the PEM material as `S` (strings, or Pulumi Inputs in components). */
export interface JoinInfo<S = string> {
    format: typeof JOIN_INFO_FORMAT;
    /** The network's name as used in labels and object names on the clusters. */
    network: string;
    /** The network's Skupper backend; spokes must build the same one. Absent in join information from before v2 (read as "v1"). */
    skupperVersion?: SkupperVersion;
    /** Annotation prefix and site namespace of every member. */
    naming: Naming;
    /** The hub's site name (the link is `link-to-<hub>`). */
    hub: string;
    /** The shard this information was issued for; null for spokes in the hub's own program. */
    shard: string | null;
    /** The router's LoadBalancer IP. */
    routerIp: string;
    /** Inter-router port (interior spokes). */
    interRouterPort: number;
    /** Edge port (edge spokes). */
    edgePort: number;
    /** The hub's exposed services, for the spokes' clients. */
    exposedServices: JoinService[];
    /** The hub's site CA certificate: the trust anchor (`ca.crt`) of the link. */
    siteCaCertPem: S;
    signer: JoinSigner<S>;
    /**
     * The network CA, only when a service uses TLS: Skupper v1 signs each
     * member's `skupper-tls-<service>` with the service CA it finds on that
     * member (pkg/kube/qdr/tls_handler.go), so every spoke of such a network
     * holds this key (see the README, "Fleets").
     */
    networkCa: { certPem: S; keyPem: S } | null;
}

/** One problem with join information: the field path and what is allowed. */
export type JoinInfoIssue = ContractIssue;

/** A shard name: one DNS label, since it names resources and the shard CA's DNS subtree. */
export const SHARD_NAME = /^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/;

function schema(pem: z.ZodType) {
    const name = z.string({ error: "must be a string" }).regex(MEMBER_NAME, "must be lowercase letters, digits and '-'");
    const port = z.number({ error: "must be a port number" }).int().min(1).max(65535);
    return z
        .object({
            format: z.literal(JOIN_INFO_FORMAT, { error: `must be "${JOIN_INFO_FORMAT}"; this join information comes from another version of the package` }),
            ...networkFactsShape(),
            skupperVersion: z.enum(["v1", "v2"], { error: 'must be "v1" or "v2"' }).optional(),
            hub: name,
            shard: z.string().regex(SHARD_NAME, "must be a shard name: lowercase letters, digits and '-', at most 40").nullable(),
            routerIp: z.union([z.ipv4(), z.ipv6()], { error: "must be an IP address" }),
            interRouterPort: port,
            edgePort: port,
            exposedServices: z.array(z.object({ name, port, tls: z.boolean() }).strict()),
            siteCaCertPem: pem,
            signer: z.object({ certPem: pem, keyPem: pem, chainPem: pem }).strict(),
            networkCa: z.object({ certPem: pem, keyPem: pem }).strict().nullable(),
        })
        .strict();
}

/**
 * Problems with join information, all at once, each naming its field
 * (`hub.routerIp`, with `prefix` "hub"). `pemChecked` false accepts any
 * present value in the PEM fields (Pulumi Inputs not resolved yet; the
 * certificate provider checks them when they resolve).
 */
export function joinInfoProblems(value: unknown, prefix: string, pemChecked = true): JoinInfoIssue[] {
    const parsed = schema(pemField(z, pemChecked)).safeParse(value);
    const issues: JoinInfoIssue[] = parsed.success ? [] : contractIssues(parsed.error, prefix);
    if (parsed.success) {
        const info = parsed.data as JoinInfo<unknown>;
        if (info.exposedServices.some((s) => s.tls) !== (info.networkCa !== null))
            issues.push({
                path: `${prefix}.networkCa`,
                message: info.networkCa === null ? "is missing: a service uses TLS, so spokes need the network CA" : "must be null: no service uses TLS",
            });
    }
    return issues;
}

/** The join information's facts in the form the spoke builders read (name, router address, services); nothing else of the hub is known. */
export function hubModelOf(info: Pick<JoinInfo<unknown>, "hub" | "routerIp" | "exposedServices">): HubModel {
    return {
        name: info.hub,
        loadBalancer: { addresses: [], routerIp: info.routerIp, l2Interfaces: [] },
        allowedSourceRanges: [],
        allowPublicExposure: false,
        // Namespace and type of the server's Service stay on the hub: spokes never read them.
        exposedServices: info.exposedServices.map((s): ExposedService => ({ name: s.name, port: s.port, tls: s.tls, namespace: "", type: "ClusterIP" })),
    };
}

/**
 * The facts of a hub's join information (everything but the PEM material):
 * its network's facts and its own. A hub publishes them in both modes
 * (`HubCluster.facts`); spokes of a managed hub read only these.
 */
export function joinFacts(hub: HubModel, net: NetworkFacts, shard: string | null): JoinFacts {
    return {
        format: JOIN_INFO_FORMAT,
        network: net.network,
        skupperVersion: net.skupperVersion,
        naming: { annotationPrefix: net.naming.annotationPrefix, siteNamespace: net.naming.siteNamespace },
        hub: hub.name,
        shard,
        routerIp: hub.loadBalancer.routerIp,
        interRouterPort: ROUTER_PORTS.interRouter,
        edgePort: ROUTER_PORTS.edge,
        exposedServices: hub.exposedServices.map((s) => ({ name: s.name, port: s.port, tls: s.tls })),
    };
}

/** A hub's published facts: its join information without the PEM material. */
export type JoinFacts = Omit<JoinInfo<never>, "siteCaCertPem" | "signer" | "networkCa">;

/** The DNS subtree a shard CA may name: `<shard>.<hub>.<network>.edge-interconnect.invalid` (`.invalid`, RFC 6761: never a real name). */
export function shardDnsDomain(network: string, hub: string, shard: string): string {
    return `${shard}.${hub}.${network}.edge-interconnect.invalid`;
}
