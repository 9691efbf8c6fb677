/**
 * The one rule for "open to the Internet", used by topology validation, the
 * plan's guardrail, the policy pack and `doctor`'s source-ranges check.
 *
 * A list of source ranges (`loadBalancerSourceRanges`, `allowedSourceRanges`)
 * is **public** for an address family when
 *
 * - it has no range of that family: kube-proxy keeps only the ranges of the
 *   Service's own family (kubernetes pkg/proxy/serviceport.go,
 *   newBaseServiceInfo: `info.loadBalancerSourceRanges = cidrFamilyMap[ipFamily]`)
 *   and installs no source filter when none remain (pkg/proxy/iptables and
 *   nftables proxiers: the firewall chain only exists when
 *   `len(svcInfo.LoadBalancerSourceRanges()) > 0`), so every address may connect; or
 * - the union of its ranges of that family covers at least
 *   {@link PUBLIC_SHARE_THRESHOLD} (1/256) of that family's public unicast
 *   space. Ranges are taken as kube-proxy takes them: trimmed, host bits
 *   masked off (`10.0.0.0/0` is `0.0.0.0/0`), overlaps counted once, so
 *   `0.0.0.0/1` + `128.0.0.0/1` is as public as `0.0.0.0/0`.
 *
 * The public unicast space excludes the special-purpose blocks below (IANA
 * IPv4 and IPv6 Special-Purpose Address Registries, RFC 6890). For IPv4 1/256
 * of it is about 14.5 million addresses: any public /8 is public, a /9 is not.
 * For IPv6 the space is the global unicast 2000::/3 (RFC 4291 §2.4, RFC 3587):
 * a /11 is public, a /12 is not.
 *
 * Pure: no Pulumi, no I/O; the policy pack imports this file directly.
 */
import { AddressSpan, parseCidr } from "./addresses";

export type AddressFamily = "ipv4" | "ipv6";

/** Share of a family's public unicast space from which a set of ranges counts as public. */
export const PUBLIC_SHARE_THRESHOLD = Object.freeze({ numerator: 1n, denominator: 256n });

/** A block left out of the public unicast space, and the RFC that reserves it. */
interface ReservedBlock {
    cidr: string;
    rfc: string;
}

/** IPv4 special-purpose blocks (disjoint). */
const IPV4_NOT_PUBLIC: readonly ReservedBlock[] = [
    { cidr: "0.0.0.0/8", rfc: "RFC 791, RFC 1122 (this network)" },
    { cidr: "10.0.0.0/8", rfc: "RFC 1918 (private)" },
    { cidr: "100.64.0.0/10", rfc: "RFC 6598 (shared address space)" },
    { cidr: "127.0.0.0/8", rfc: "RFC 1122 (loopback)" },
    { cidr: "169.254.0.0/16", rfc: "RFC 3927 (link-local)" },
    { cidr: "172.16.0.0/12", rfc: "RFC 1918 (private)" },
    { cidr: "192.0.0.0/24", rfc: "RFC 6890 (IETF protocol assignments)" },
    { cidr: "192.0.2.0/24", rfc: "RFC 5737 (documentation)" },
    { cidr: "192.168.0.0/16", rfc: "RFC 1918 (private)" },
    { cidr: "198.18.0.0/15", rfc: "RFC 2544 (benchmarking)" },
    { cidr: "198.51.100.0/24", rfc: "RFC 5737 (documentation)" },
    { cidr: "203.0.113.0/24", rfc: "RFC 5737 (documentation)" },
    { cidr: "224.0.0.0/4", rfc: "RFC 5771 (multicast)" },
    { cidr: "240.0.0.0/4", rfc: "RFC 1112 (reserved), RFC 919 (limited broadcast)" },
];

/**
 * IPv6: only 2000::/3 is global unicast (RFC 4291 §2.4); ULA fc00::/7
 * (RFC 4193), link-local fe80::/10 and loopback ::1 (RFC 4291), multicast
 * ff00::/8 lie outside it. Inside it, the documentation prefixes are not public.
 */
const IPV6_GLOBAL_UNICAST = "2000::/3";
const IPV6_NOT_PUBLIC: readonly ReservedBlock[] = [
    { cidr: "2001:db8::/32", rfc: "RFC 3849 (documentation)" },
    { cidr: "3fff::/20", rfc: "RFC 9637 (documentation)" },
];

/** The reserved blocks, for documentation and tests. */
export const NOT_PUBLIC_BLOCKS: Readonly<Record<AddressFamily, readonly ReservedBlock[]>> = Object.freeze({
    ipv4: IPV4_NOT_PUBLIC,
    ipv6: [
        { cidr: "everything outside 2000::/3", rfc: "RFC 4291 (not global unicast: ::1, fc00::/7 RFC 4193, fe80::/10, ff00::/8)" },
        ...IPV6_NOT_PUBLIC,
    ],
});

type Interval = [bigint, bigint];

function span(cidr: string): Interval {
    const s = parseCidr(cidr) as AddressSpan;
    return [s.first, s.last];
}

const UNIVERSE: Record<AddressFamily, Interval> = { ipv4: [0n, (1n << 32n) - 1n], ipv6: span(IPV6_GLOBAL_UNICAST) };
const RESERVED: Record<AddressFamily, Interval[]> = { ipv4: IPV4_NOT_PUBLIC.map((b) => span(b.cidr)), ipv6: IPV6_NOT_PUBLIC.map((b) => span(b.cidr)) };

function overlap(a: Interval, b: Interval): bigint {
    const first = a[0] > b[0] ? a[0] : b[0];
    const last = a[1] < b[1] ? a[1] : b[1];
    return last >= first ? last - first + 1n : 0n;
}

/** Number of public unicast addresses in an interval (reserved blocks are disjoint and inside the universe). */
function publicIn(family: AddressFamily, iv: Interval): bigint {
    const inUniverse = overlap(iv, UNIVERSE[family]);
    if (inUniverse === 0n) return 0n;
    return RESERVED[family].reduce((n, r) => n - overlap(iv, r), inUniverse);
}

/** Size of a family's public unicast space. */
export function publicSpaceSize(family: AddressFamily): bigint {
    return publicIn(family, UNIVERSE[family]);
}

/** Sorted, merged intervals: each address counted once. */
function union(intervals: Interval[]): Interval[] {
    const sorted = [...intervals].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const out: Interval[] = [];
    for (const iv of sorted) {
        const last = out[out.length - 1];
        if (last && iv[0] <= last[1] + 1n) {
            if (iv[1] > last[1]) last[1] = iv[1];
        } else out.push([iv[0], iv[1]]);
    }
    return out;
}

export interface FamilyExposure {
    family: AddressFamily;
    /** The ranges of this family, as written. */
    ranges: string[];
    /** Public unicast addresses the union of `ranges` admits. */
    publicAddresses: bigint;
    /** `publicAddresses` as a share of the family's public space (0–1, rounded for display). */
    share: number;
    /** Whether this family is open to the Internet under the rule above. */
    public: boolean;
    /** Why it is public, one phrase (undefined when it is not). */
    why?: string;
}

export interface ExposureVerdict {
    /** True when any family served is public. */
    public: boolean;
    families: FamilyExposure[];
    /** Entries that are not CIDRs (they filter nothing). */
    invalid: string[];
}

const FAMILY_NAME: Record<AddressFamily, string> = { ipv4: "IPv4", ipv6: "IPv6" };

function percent(share: number): string {
    if (share >= 0.9995) return "100%";
    if (share >= 0.01) return `${(share * 100).toFixed(share >= 0.1 ? 0 : 1)}%`;
    return `${(share * 100).toPrecision(2)}%`;
}

/** Public unicast addresses in the union of `spans` of `family` (pool entries, parsed ranges). */
export function publicAddressesIn(spans: readonly AddressSpan[], family: AddressFamily): bigint {
    const merged = union(spans.filter((s) => s.family === family).map((s) => [s.first, s.last] as Interval));
    return merged.reduce((n, iv) => n + publicIn(family, iv), 0n);
}

/** Whether `count` public addresses of `family` reach the threshold. */
export function reachesPublicShare(count: bigint, family: AddressFamily): boolean {
    return count * PUBLIC_SHARE_THRESHOLD.denominator >= publicSpaceSize(family) * PUBLIC_SHARE_THRESHOLD.numerator;
}

/**
 * Decides whether `ranges` leave a LoadBalancer open to the Internet.
 *
 * `families`: the address families the Service serves (the router's
 * address family, a Service's `spec.ipFamilies`). When not given, the
 * families present in `ranges` are judged, and an empty list counts as open
 * for IPv4.
 */
export function assessExposure(ranges: readonly string[], families?: readonly AddressFamily[]): ExposureVerdict {
    const parsed: { text: string; span: AddressSpan }[] = [];
    const invalid: string[] = [];
    for (const raw of ranges) {
        const text = String(raw).trim();
        const s = parseCidr(text);
        if (typeof s === "string") invalid.push(text);
        else parsed.push({ text, span: s });
    }
    const present = [...new Set(parsed.map((p) => p.span.family))];
    const judged: AddressFamily[] = families && families.length ? [...new Set(families)] : present.length ? present : ["ipv4"];
    const out: FamilyExposure[] = judged.map((family) => {
        const own = parsed.filter((p) => p.span.family === family);
        if (own.length === 0) {
            const total = publicSpaceSize(family);
            const why =
                ranges.length === 0
                    ? "no source range is set, so every address may connect"
                    : `no ${FAMILY_NAME[family]} range is listed, and kube-proxy applies only the ranges of the Service's own family, so every ${FAMILY_NAME[family]} address may connect`;
            return { family, ranges: [], publicAddresses: total, share: 1, public: true, why };
        }
        const covered = publicAddressesIn(own.map((p) => p.span), family);
        const total = publicSpaceSize(family);
        const isPublic = reachesPublicShare(covered, family);
        const share = Number((covered * 1_000_000n) / total) / 1_000_000;
        const list = own.map((p) => p.text);
        const why = isPublic
            ? `${list.join(", ")} ${list.length > 1 ? "together cover" : "covers"} ${percent(share)} of the public ${FAMILY_NAME[family]} address space (public from 1/256 on)`
            : undefined;
        return { family, ranges: list, publicAddresses: covered, share, public: isPublic, ...(why ? { why } : {}) };
    });
    return { public: out.some((f) => f.public), families: out, invalid };
}

/** Whether one range on its own is public (e.g. `0.0.0.0/0`, `::/0`, `10.0.0.0/0`, `11.0.0.0/8`). */
export function isPublicRange(range: string): boolean {
    const s = parseCidr(String(range).trim());
    return typeof s !== "string" && assessExposure([range], [s.family]).public;
}

/** One phrase naming why `verdict` is public: the families that are, joined (undefined when none is). */
export function publicReason(verdict: ExposureVerdict): string | undefined {
    const reasons = verdict.families.filter((f) => f.public).map((f) => f.why!);
    return reasons.length ? reasons.join("; ") : undefined;
}
