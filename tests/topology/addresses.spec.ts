/**
 * Pool and CIDR arithmetic of sdk/topology/addresses.ts, table-driven with
 * exact spans and messages.
 */
import * as assert from "node:assert/strict";
import { AddressSpan, defaultRouterIp, firstOverlap, isWholeInternet, parseCidr, parseIp, parsePoolEntry, spansContain } from "../../sdk/topology/addresses";

/** Dotted IPv4 to its integer, written independently of the code under test. */
const v4 = (dotted: string) => dotted.split(".").reduce((acc, octet) => acc * 256n + BigInt(octet), 0n);
const FD00 = 0xfd00n << 112n;
const ALL_V4 = (1n << 32n) - 1n;
const ALL_V6 = (1n << 128n) - 1n;

/** A span as Kubernetes reads it: CIDRs with host bits masked (parseCidr), ranges as written. */
function span(text: string): AddressSpan {
    const s = text.includes("/") ? parseCidr(text) : parsePoolEntry(text);
    if (typeof s === "string") throw new Error(s);
    return s;
}

describe("addresses", function () {
    describe("parseIp", () => {
        const good: [string, "ipv4" | "ipv6", bigint][] = [
            ["10.0.0.1", "ipv4", v4("10.0.0.1")],
            ["0.0.0.0", "ipv4", 0n],
            ["255.255.255.255", "ipv4", ALL_V4],
            ["::", "ipv6", 0n],
            ["fd00::1", "ipv6", FD00 + 1n],
            ["FD00::1", "ipv6", FD00 + 1n],
            ["::ffff:10.0.0.1", "ipv6", (0xffffn << 32n) + v4("10.0.0.1")],
        ];
        for (const [text, family, value] of good) {
            it(`parses ${text}`, () => assert.deepEqual(parseIp(text), { family, value }));
        }
        // ipaddr.js accepts "1", "0x1" and octal-looking parts; Kubernetes does not.
        for (const bad of ["1", "0x1", "10.0.0.01", "1.2.3", " 10.0.0.1", "256.0.0.1", "10.0.0.0/24", "", "fd00::g"]) {
            it(`rejects ${JSON.stringify(bad)}`, () => assert.equal(parseIp(bad), undefined));
        }
        // ipaddr.js accepts IPv6 zone indexes ("%eth0"), and parseIp passes them on; Kubernetes and
        // MetalLB (Go net.ParseIP / net.ParseCIDR) reject them, so such a router IP or pool entry fails only at apply time.
        it("rejects an IPv6 address with a zone index", () => assert.equal(parseIp("fe80::1%eth0"), undefined));
    });

    describe("parseCidr", () => {
        const good: [string, AddressSpan][] = [
            ["10.0.0.0/24", { family: "ipv4", first: v4("10.0.0.0"), last: v4("10.0.0.255"), text: "10.0.0.0/24" }],
            // Host bits are masked, as Go's net.ParseCIDR does.
            ["10.0.0.5/24", { family: "ipv4", first: v4("10.0.0.0"), last: v4("10.0.0.255"), text: "10.0.0.5/24" }],
            ["10.0.0.7/32", { family: "ipv4", first: v4("10.0.0.7"), last: v4("10.0.0.7"), text: "10.0.0.7/32" }],
            ["0.0.0.0/0", { family: "ipv4", first: 0n, last: ALL_V4, text: "0.0.0.0/0" }],
            ["fd00::/120", { family: "ipv6", first: FD00, last: FD00 + 255n, text: "fd00::/120" }],
            ["::/0", { family: "ipv6", first: 0n, last: ALL_V6, text: "::/0" }],
        ];
        for (const [text, expected] of good) {
            it(`parses ${text}`, () => assert.deepEqual(parseCidr(text), expected));
        }
        const bad: [string, string][] = [
            ["10.0.0.0/33", '"10.0.0.0/33" has a prefix longer than 32'],
            ["fd00::/129", '"fd00::/129" has a prefix longer than 128'],
            ["10.0.0.0/", '"10.0.0.0/" is not a CIDR such as 10.0.0.0/24'],
            ["/24", '"/24" is not a CIDR such as 10.0.0.0/24'],
            ["10.0.0.0", '"10.0.0.0" is not a CIDR such as 10.0.0.0/24'],
            ["10.0.0.0/24/1", '"10.0.0.0/24/1" is not a CIDR such as 10.0.0.0/24'],
            ["10.0.0.0/0x1", '"10.0.0.0/0x1" is not a CIDR such as 10.0.0.0/24'],
            ["10.0.0.0/-1", '"10.0.0.0/-1" is not a CIDR such as 10.0.0.0/24'],
            ["10.0.0/24", '"10.0.0/24" is not a CIDR such as 10.0.0.0/24'],
            ["300.0.0.0/8", '"300.0.0.0/8" is not a CIDR such as 10.0.0.0/24'],
            ["10.0.0.1-10.0.0.5", '"10.0.0.1-10.0.0.5" is not a CIDR such as 10.0.0.0/24'],
        ];
        for (const [text, message] of bad) {
            it(`rejects ${text}`, () => assert.equal(parseCidr(text), message));
        }
    });

    describe("parsePoolEntry", () => {
        const good: [string, AddressSpan][] = [
            ["10.0.0.0/28", { family: "ipv4", first: v4("10.0.0.0"), last: v4("10.0.0.15"), text: "10.0.0.0/28" }],
            ["10.0.0.10-10.0.0.20", { family: "ipv4", first: v4("10.0.0.10"), last: v4("10.0.0.20"), text: "10.0.0.10-10.0.0.20" }],
            ["10.0.0.1-10.0.0.1", { family: "ipv4", first: v4("10.0.0.1"), last: v4("10.0.0.1"), text: "10.0.0.1-10.0.0.1" }],
            // MetalLB trims the two ends of a range too.
            ["10.0.0.1 - 10.0.0.5", { family: "ipv4", first: v4("10.0.0.1"), last: v4("10.0.0.5"), text: "10.0.0.1 - 10.0.0.5" }],
            ["fd00::1-fd00::ff", { family: "ipv6", first: FD00 + 1n, last: FD00 + 255n, text: "fd00::1-fd00::ff" }],
        ];
        for (const [text, expected] of good) {
            it(`parses ${text}`, () => assert.deepEqual(parsePoolEntry(text), expected));
        }
        const neither = (t: string) => `"${t}" is neither a CIDR (10.0.0.0/28) nor a range (10.0.0.10-10.0.0.20)`;
        const bad: [string, string][] = [
            ["10.0.0.20-10.0.0.10", '"10.0.0.20-10.0.0.10" ends before it starts'],
            ["fd00::ff-fd00::1", '"fd00::ff-fd00::1" ends before it starts'],
            ["10.0.0.1-fd00::1", '"10.0.0.1-fd00::1" mixes IPv4 and IPv6'],
            ["10.0.0.1", neither("10.0.0.1")],
            ["", neither("")],
            ["10.0.0.1-", neither("10.0.0.1-")],
            ["10.0.0.1-10.0.0.2-10.0.0.3", neither("10.0.0.1-10.0.0.2-10.0.0.3")],
            ["x-y", neither("x-y")],
            ["10.0.0.0/33", '"10.0.0.0/33" has a prefix longer than 32'],
            ["10.0.0/28", '"10.0.0/28" is not a CIDR such as 10.0.0.0/24'],
            // MetalLB masks host bits silently; the pool would not be what was written.
            ["10.0.0.5/28", '"10.0.0.5/28" has host bits set; the network is 10.0.0.0/28 (write that, or a longer prefix for a smaller range)'],
            ["fd00::1/120", '"fd00::1/120" has host bits set; the network is fd00::/120 (write that, or a longer prefix for a smaller range)'],
        ];
        for (const [text, message] of bad) {
            it(`rejects ${JSON.stringify(text)}`, () => assert.equal(parsePoolEntry(text), message));
        }
        // a zone index passes (ipaddr.js accepts it); MetalLB's net.ParseCIDR rejects "fe80::%eth0/120".
        it("rejects an IPv6 CIDR with a zone index", () => assert.equal(typeof parsePoolEntry("fe80::%eth0/120"), "string"));
    });

    describe("spansContain", () => {
        const spans = [span("10.0.0.0/28"), span("10.0.1.5-10.0.1.9"), span("fd00::/120")];
        const table: [string, boolean][] = [
            ["10.0.0.0", true],
            ["10.0.0.15", true],
            ["10.0.0.16", false],
            ["10.0.1.4", false],
            ["10.0.1.5", true],
            ["10.0.1.9", true],
            ["10.0.1.10", false],
            ["fd00::ff", true],
            ["fd00::100", false],
            // Same integer, other family: not contained.
            ["::a00:1", false],
            ["not-an-ip", false],
            ["10.0.0.01", false],
        ];
        for (const [ip, expected] of table) {
            it(`${ip} → ${expected}`, () => assert.equal(spansContain(spans, ip), expected));
        }
    });

    describe("firstOverlap", () => {
        const table: [string[], [string, string] | undefined][] = [
            [["10.0.0.0/28", "10.0.0.16/28"], undefined],
            [
                ["10.0.0.0/28", "10.0.0.15-10.0.0.20"],
                ["10.0.0.0/28", "10.0.0.15-10.0.0.20"],
            ],
            [
                ["10.0.1.0/24", "10.0.0.0/16"],
                ["10.0.1.0/24", "10.0.0.0/16"],
            ],
            [
                ["10.0.0.1-10.0.0.1", "10.0.0.2-10.0.0.3", "10.0.0.3/32"],
                ["10.0.0.2-10.0.0.3", "10.0.0.3/32"],
            ],
            // Families never overlap, even at equal integers.
            [["0.0.0.0/0", "::/96"], undefined],
            [
                ["fd00::/120", "fd00::80-fd00::1ff"],
                ["fd00::/120", "fd00::80-fd00::1ff"],
            ],
        ];
        for (const [entries, expected] of table) {
            it(`${entries.join(", ")} → ${expected ? expected.join(" & ") : "none"}`, () => {
                const overlap = firstOverlap(entries.map(span));
                assert.deepEqual(
                    overlap?.map((s) => s.text),
                    expected,
                );
            });
        }
    });

    describe("defaultRouterIp", () => {
        const table: [string[], string][] = [
            [["10.0.0.0/28"], "10.0.0.1"],
            [["10.0.1.5-10.0.1.9"], "10.0.1.5"],
            [["10.0.1.5-10.0.1.9", "10.0.0.0/28"], "10.0.1.5"],
            [["10.0.0.0/28", "10.0.1.5-10.0.1.9"], "10.0.0.1"],
            // Host bits of a CIDR are masked first.
            [["10.0.0.5/28"], "10.0.0.1"],
            [["10.0.0.0/30"], "10.0.0.1"],
            // /31 and /32 have no network address to skip.
            [["10.0.0.0/31"], "10.0.0.0"],
            [["10.0.0.7/32"], "10.0.0.7"],
            // A range starting at .0 is taken as written.
            [["10.0.0.0-10.0.0.9"], "10.0.0.0"],
            // IPv6 CIDRs start at their first address (the skip is for IPv4 only, see the doc comment).
            [["fd00::/120"], "fd00::"],
            [["fd00::10-fd00::20"], "fd00::10"],
        ];
        for (const [entries, expected] of table) {
            it(`${entries.join(", ")} → ${expected}`, () => assert.equal(defaultRouterIp(entries.map(span)), expected));
        }
    });

    describe("isWholeInternet", () => {
        const table: [string, boolean][] = [
            ["0.0.0.0/0", true],
            ["1.2.3.4/0", true],
            ["::/0", true],
            ["0.0.0.0/1", false],
            ["128.0.0.0/1", false],
            ["::/1", false],
            ["10.0.0.0/8", false],
            ["0.0.0.0-255.255.255.255", true],
            ["0.0.0.0-255.255.255.254", false],
        ];
        for (const [text, expected] of table) {
            it(`${text} → ${expected}`, () => assert.equal(isWholeInternet(span(text)), expected));
        }
    });
});
