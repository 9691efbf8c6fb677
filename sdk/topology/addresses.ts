/**
 * Address arithmetic for MetalLB pools and source ranges, on top of
 * ipaddr.js: pool entries are CIDRs (`10.0.0.0/28`) or ranges
 * (`10.0.0.10-10.0.0.20`), in either address family.
 */
import * as ipaddr from "ipaddr.js";

/** One pool entry as an inclusive range of integers. */
export interface AddressSpan {
    family: "ipv4" | "ipv6";
    first: bigint;
    last: bigint;
    /** The entry as written. */
    text: string;
}

function toBigInt(addr: ipaddr.IPv4 | ipaddr.IPv6): bigint {
    return addr.toByteArray().reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n);
}

function fromBigInt(value: bigint, family: "ipv4" | "ipv6"): string {
    const bytes: number[] = [];
    const length = family === "ipv4" ? 4 : 16;
    let v = value;
    for (let i = 0; i < length; i++) {
        bytes.unshift(Number(v & 0xffn));
        v >>= 8n;
    }
    return ipaddr.fromByteArray(bytes).toString();
}

/** Parses a plain IP address; undefined when it is not one. */
export function parseIp(text: string): { family: "ipv4" | "ipv6"; value: bigint } | undefined {
    // Zone indexes (fe80::1%eth0) are valid to ipaddr.js but not to Kubernetes or MetalLB.
    if (text.includes("%") || !ipaddr.isValid(text)) return undefined;
    const addr = ipaddr.parse(text);
    // "1" and "0x1" are valid to ipaddr.js's lenient parser but not to Kubernetes.
    if (addr.kind() === "ipv4" && !ipaddr.IPv4.isValidFourPartDecimal(text)) return undefined;
    return { family: addr.kind(), value: toBigInt(addr) };
}

/** Parses a CIDR; a string that says what is wrong, or the span. */
export function parseCidr(text: string): AddressSpan | string {
    const [ip, prefix, extra] = text.split("/");
    if (extra !== undefined || prefix === undefined || !/^\d{1,3}$/.test(prefix)) return `"${text}" is not a CIDR such as 10.0.0.0/24`;
    const parsed = parseIp(ip);
    if (!parsed) return `"${text}" is not a CIDR such as 10.0.0.0/24`;
    const bits = parsed.family === "ipv4" ? 32 : 128;
    const len = Number(prefix);
    if (len > bits) return `"${text}" has a prefix longer than ${bits}`;
    const hostBits = BigInt(bits - len);
    const first = (parsed.value >> hostBits) << hostBits;
    return { family: parsed.family, first, last: first + (1n << hostBits) - 1n, text };
}

/**
 * Parses a CIDR and refuses one with host bits set (`10.2.0.1/16`): Kubernetes
 * and MetalLB silently mask them, so what is applied is not what was written.
 */
export function parseExactCidr(text: string): AddressSpan | string {
    const parsed = parseCidr(text);
    if (typeof parsed === "string") return parsed;
    const ip = text.split("/")[0];
    const value = parseIp(ip)!.value;
    if (value !== parsed.first) {
        return `"${text}" has host bits set; the network is ${fromBigInt(parsed.first, parsed.family)}/${text.split("/")[1]} (write that, or a longer prefix for a smaller range)`;
    }
    return parsed;
}

/** Parses a MetalLB pool entry: a CIDR or a `first-last` range. */
export function parsePoolEntry(text: string): AddressSpan | string {
    if (text.includes("/")) return parseExactCidr(text);
    const parts = text.split("-").map((p) => p.trim());
    if (parts.length !== 2) return `"${text}" is neither a CIDR (10.0.0.0/28) nor a range (10.0.0.10-10.0.0.20)`;
    const [a, b] = parts.map(parseIp);
    if (!a || !b) return `"${text}" is neither a CIDR (10.0.0.0/28) nor a range (10.0.0.10-10.0.0.20)`;
    if (a.family !== b.family) return `"${text}" mixes IPv4 and IPv6`;
    if (a.value > b.value) return `"${text}" ends before it starts`;
    return { family: a.family, first: a.value, last: b.value, text };
}

/** Whether `ip` lies in one of the spans. */
export function spansContain(spans: AddressSpan[], ip: string): boolean {
    const parsed = parseIp(ip);
    return parsed !== undefined && spans.some((s) => s.family === parsed.family && s.first <= parsed.value && parsed.value <= s.last);
}

/** The first pair of spans that overlap, if any. */
export function firstOverlap(spans: AddressSpan[]): [AddressSpan, AddressSpan] | undefined {
    for (let i = 0; i < spans.length; i++) {
        for (let j = i + 1; j < spans.length; j++) {
            const a = spans[i];
            const b = spans[j];
            if (a.family === b.family && a.first <= b.last && b.first <= a.last) return [a, b];
        }
    }
    return undefined;
}

/**
 * The router's default address: the pool's first address, skipping the
 * network address of an IPv4 CIDR wider than /31 (a `.0` address confuses
 * some equipment, which is what MetalLB's `avoidBuggyIPs` is about).
 */
export function defaultRouterIp(spans: AddressSpan[]): string {
    const s = spans[0];
    const skipNetwork = s.family === "ipv4" && s.text.includes("/") && s.last - s.first >= 2n;
    return fromBigInt(skipNetwork ? s.first + 1n : s.first, s.family);
}

/** True for a range that admits every address of its family. */
export function isWholeInternet(span: AddressSpan): boolean {
    return span.first === 0n && span.last === (span.family === "ipv4" ? (1n << 32n) - 1n : (1n << 128n) - 1n);
}

/** A span as MetalLB's `first-last` range notation. */
export function spanToRange(span: AddressSpan): string {
    return `${fromBigInt(span.first, span.family)}-${fromBigInt(span.last, span.family)}`;
}
