/**
 * The one rule for "open to the Internet" (sdk/topology/exposure.ts), with
 * generated cases: splits of the whole space, public and private blocks of
 * every size around the 1/256 threshold, host bits, per-family filtering,
 * and random sets checked against an independent oracle (a bitmap of /24s).
 * Then the same generated sets through every consumer: topology validation,
 * the plan guardrail, the policy pack and doctor's source-ranges check must
 * agree with the function on each one.
 */
import * as assert from "node:assert/strict";
import { NOT_PUBLIC_BLOCKS, assessExposure, isPublicRange, publicSpaceSize } from "../../sdk/topology/exposure";
import { TopologyError, validateHub } from "../../sdk/topology/validate";
import { guardrailFindings } from "../../sdk/plan/guardrails";
import { checkSourceRanges } from "../../sdk/doctor/checks/hub";
import { noPublicRouterLoadBalancer } from "../../policy/policies";
import type { StackConfig } from "../../sdk/stack/config";
import type { ClusterSnapshot, HubExpectation } from "../../sdk/doctor/types";

/** A small deterministic PRNG (mulberry32), so failures reproduce. */
function rng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const v4 = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join(".");
const cidr4 = (first: number, len: number) => `${v4(first >>> 0)}/${len}`;
/** The /len blocks that split 0.0.0.0/0. */
const splitV4 = (len: number) => Array.from({ length: 2 ** len }, (_, i) => cidr4(Number((BigInt(i) << BigInt(32 - len)) & 0xffffffffn), len));
/** The /len blocks that split ::/0 (len ≤ 8). */
const splitV6 = (len: number) => Array.from({ length: 2 ** len }, (_, i) => `${((i << (16 - len)) & 0xffff).toString(16)}::/${len}`);

/** Independent oracle for IPv4: public /24s covered, counted on a bitmap (every reserved block is /24-aligned). */
const RESERVED_V4: [number, number][] = [
    [0, 8],
    [10 << 24, 8],
    [(100 << 24) | (64 << 16), 10],
    [127 << 24, 8],
    [(169 << 24) | (254 << 16), 16],
    [(172 << 24) | (16 << 16), 12],
    [192 << 24, 24],
    [(192 << 24) | (2 << 8), 24],
    [(192 << 24) | (168 << 16), 16],
    [(198 << 24) | (18 << 16), 15],
    [(198 << 24) | (51 << 16) | (100 << 8), 24],
    [(203 << 24) | (113 << 8), 24],
    [224 << 24, 4],
    [240 << 24, 4],
];
function oracleV4(blocks: [number, number][]): { covered: number; total: number } {
    const slash24 = (first: number, len: number): [number, number] => [(first >>> 8) & ~((1 << (24 - len)) - 1), 2 ** (24 - len)];
    const reserved = new Uint8Array(1 << 24);
    for (const [f, l] of RESERVED_V4) {
        const [s, n] = slash24(f >>> 0, l);
        reserved.fill(1, s, s + n);
    }
    const mark = new Uint8Array(1 << 24);
    for (const [f, l] of blocks) {
        const [s, n] = slash24(f >>> 0, l);
        mark.fill(1, s, s + n);
    }
    let covered = 0;
    let total = 0;
    for (let i = 0; i < 1 << 24; i++) {
        if (reserved[i]) continue;
        total++;
        if (mark[i]) covered++;
    }
    return { covered, total };
}

describe("exposure: one rule for open to the Internet", function () {
    this.timeout(60_000);

    it("sizes the public space as the RFCs say (IPv4 without special-purpose blocks, IPv6 2000::/3 without documentation)", () => {
        assert.equal(publicSpaceSize("ipv4"), 3_702_258_688n);
        assert.equal(publicSpaceSize("ipv6"), (1n << 125n) - (1n << 96n) - (1n << 108n));
        assert.equal(NOT_PUBLIC_BLOCKS.ipv4.length, 14);
    });

    describe("splits of the whole space are public, whatever the split", () => {
        for (const len of [0, 1, 2, 3, 5, 8]) {
            it(`0.0.0.0/0 as ${2 ** len} × /${len}`, () => {
                const v = assessExposure(splitV4(len));
                assert.equal(v.public, true);
                assert.deepEqual(
                    v.families.map((f) => [f.family, f.public, f.share]),
                    [["ipv4", true, 1]],
                );
            });
            it(`::/0 as ${2 ** len} × /${len}`, () => {
                const v = assessExposure(splitV6(len));
                assert.deepEqual(
                    v.families.map((f) => [f.family, f.public, f.share]),
                    [["ipv6", true, 1]],
                );
            });
        }
        it("the issue's example: 0.0.0.0/1 + 128.0.0.0/1, with its reason", () => {
            const v = assessExposure(["0.0.0.0/1", "128.0.0.0/1"]);
            assert.equal(v.families[0].why, "0.0.0.0/1, 128.0.0.0/1 together cover 100% of the public IPv4 address space (public from 1/256 on)");
        });
    });

    describe("host bits are masked, as kube-proxy does: X/0 is the whole family", () => {
        const random = rng(7);
        for (let i = 0; i < 12; i++) {
            const addr = v4(Math.floor(random() * 2 ** 32));
            it(`${addr}/0 is public`, () => assert.equal(isPublicRange(`${addr}/0`), true));
        }
        for (const text of ["10.0.0.0/0", "fd00::1/0", "2001:db8::/0", " 192.168.1.1/0 "]) {
            it(`${JSON.stringify(text)} is public`, () => assert.equal(isPublicRange(text), true));
        }
    });

    describe("every public /8 is public, every /9 alone is not; every reserved block, whatever its size, is not", () => {
        const reservedFirstOctets = new Set([0, 10, 127, ...Array.from({ length: 32 }, (_, i) => 224 + i)]);
        for (let octet = 1; octet < 224; octet++) {
            if (reservedFirstOctets.has(octet)) continue;
            // A /8 holding a reserved block is public only if what is left reaches 1/256: 100/8 loses 100.64/10 and falls short.
            const expected8 = octet !== 100;
            it(`${octet}.0.0.0/8 ${expected8 ? "public" : "not public"}, ${octet}.0.0.0/9 and ${octet}.128.0.0/9 not`, () => {
                assert.equal(isPublicRange(`${octet}.0.0.0/8`), expected8);
                assert.equal(isPublicRange(`${octet}.0.0.0/9`), false);
                assert.equal(isPublicRange(`${octet}.128.0.0/9`), false);
            });
        }
        for (const { cidr } of NOT_PUBLIC_BLOCKS.ipv4) {
            it(`${cidr} is not public`, () => assert.equal(isPublicRange(cidr), false));
        }
        it("all reserved IPv4 blocks together are not public", () => assert.equal(assessExposure(NOT_PUBLIC_BLOCKS.ipv4.map((b) => b.cidr)).public, false));
        for (const text of ["fc00::/7", "fe80::/10", "::1/128", "ff00::/8", "2001:db8::/32", "3fff::/20", "::ffff:0:0/96", "4000::/2"]) {
            it(`${text} is not public`, () => assert.equal(isPublicRange(text), false));
        }
        it("2000::/11 is public, 2000::/12 is not", () => {
            assert.equal(isPublicRange("2000::/11"), true);
            assert.equal(isPublicRange("2000::/12"), false);
        });
    });

    describe("the 1/256 threshold, from both sides, with /16s of public space", () => {
        const total = 3_702_258_688;
        const needed = Math.ceil(total / 256 / 65536);
        const blocks = (n: number) => Array.from({ length: n }, (_, i) => cidr4((20 << 24) + i * 65536, 16));
        it(`${needed} public /16s are public`, () => assert.equal(assessExposure(blocks(needed)).public, true));
        it(`${needed - 1} public /16s are not`, () => assert.equal(assessExposure(blocks(needed - 1)).public, false));
        it("duplicates and overlaps count once", () => {
            const below = blocks(needed - 1);
            assert.equal(assessExposure([...below, ...below, "20.0.0.0/17", below[3]]).public, false);
        });
        it("order does not matter", () => {
            const at = blocks(needed);
            assert.equal(assessExposure([...at].reverse()).public, true);
        });
    });

    describe("per address family (kube-proxy keeps only the Service family's ranges)", () => {
        const table: [string[], ("ipv4" | "ipv6")[] | undefined, boolean, string | undefined][] = [
            [[], undefined, true, "no source range is set, so every address may connect"],
            [["10.2.0.0/16"], ["ipv6"], true, "no IPv6 range is listed, and kube-proxy applies only the ranges of the Service's own family, so every IPv6 address may connect"],
            [["fd10::/64"], ["ipv4"], true, "no IPv4 range is listed, and kube-proxy applies only the ranges of the Service's own family, so every IPv4 address may connect"],
            [["10.2.0.0/16", "fd10::/64"], ["ipv4", "ipv6"], false, undefined],
            [["10.2.0.0/16"], ["ipv4"], false, undefined],
            [["10.2.0.0/16", "::/0"], ["ipv4"], false, undefined],
            [["10.2.0.0/16", "::/1", "8000::/1"], ["ipv6"], true, "::/1, 8000::/1 together cover 100% of the public IPv6 address space (public from 1/256 on)"],
        ];
        for (const [ranges, families, expected, why] of table) {
            it(`${JSON.stringify(ranges)} for ${families?.join("+") ?? "the families present"} → ${expected ? "public" : "not public"}`, () => {
                const v = assessExposure(ranges, families);
                assert.equal(v.public, expected);
                assert.equal(v.families.find((f) => f.public)?.why, why);
            });
        }
    });

    describe("random sets agree with an independent /24 bitmap oracle", () => {
        const random = rng(20261201);
        for (let i = 0; i < 40; i++) {
            const count = 1 + Math.floor(random() * 6);
            const blocks: [number, number][] = Array.from({ length: count }, () => {
                const len = 4 + Math.floor(random() * 21);
                const first = Number((BigInt(Math.floor(random() * 2 ** 32)) >> BigInt(32 - len)) << BigInt(32 - len));
                return [first, len];
            });
            const ranges = blocks.map(([f, l]) => cidr4(f, l));
            it(`${ranges.join(", ")}`, () => {
                const { covered, total } = oracleV4(blocks);
                const expected = covered * 256 >= total;
                const v = assessExposure(ranges);
                assert.equal(v.public, expected, `oracle: ${covered}/${total} /24s`);
                assert.equal(v.families[0].publicAddresses, BigInt(covered) * 256n);
            });
        }
    });

    describe("every consumer applies the same rule", () => {
        const sets: string[][] = [
            ["0.0.0.0/1", "128.0.0.0/1"],
            splitV4(3),
            ["11.0.0.0/8"],
            ["11.0.0.0/9"],
            ["10.2.0.0/16"],
            ["10.2.0.0/16", "11.0.0.0/9", "11.128.0.0/9"],
            ["192.168.0.0/16", "172.16.0.0/12", "10.0.0.0/8"],
        ];
        const ROUTER = "10.1.0.33";
        const hubInput = (ranges: string[]) => ({ name: "h", loadBalancer: { addresses: ["10.1.0.32/28"] }, allowedSourceRanges: ranges });
        const accepted = (ranges: string[]) => {
            try {
                validateHub(hubInput(ranges));
                return true;
            } catch (e) {
                assert.ok(e instanceof TopologyError);
                return false;
            }
        };
        const guardrailOpen = (ranges: string[]) => {
            const model = validateHub({ ...hubInput(ranges), allowPublicExposure: true });
            const config = {
                topology: { network: { name: "n", naming: { annotationPrefix: "a", siteNamespace: "interconnect" } }, hubs: [model], spokes: [] },
                access: {},
            } as unknown as StackConfig;
            return guardrailFindings(config).some((f) => f.level === "warning" && f.message.includes("open to the Internet"));
        };
        const policyOpen = (ranges: string[]) => {
            const violations: string[] = [];
            (noPublicRouterLoadBalancer.validateResource as import("@pulumi/policy").ResourceValidation)(
                {
                    type: "kubernetes:core/v1:ServicePatch",
                    name: "p",
                    urn: "urn:pulumi:t::p::kubernetes:core/v1:ServicePatch::p",
                    props: { metadata: { name: "skupper-router", namespace: "interconnect" }, spec: { loadBalancerSourceRanges: ranges } },
                    opts: {} as never,
                    getConfig: () => ({}) as never,
                    notApplicable: () => {
                        throw new Error("not applicable");
                    },
                } as never,
                (m: string) => violations.push(m),
            );
            return violations.length > 0;
        };
        const doctorOpen = (ranges: string[]) => {
            const snapshot = {
                cluster: "h",
                role: "hub",
                access: { ok: true },
                routerService: {
                    ok: true,
                    value: {
                        metadata: { name: "skupper-router", labels: {}, annotations: {} },
                        type: "LoadBalancer",
                        loadBalancerSourceRanges: ranges,
                        ports: [],
                        ingress: [{ ip: ROUTER }],
                    },
                },
            } as unknown as ClusterSnapshot;
            const hub: HubExpectation = { name: "h", routerIp: ROUTER, allowedSourceRanges: ranges, allowPublicExposure: false, managed: false };
            const r = checkSourceRanges(snapshot, hub, "interconnect");
            assert.ok(r.status === "OK" || r.status === "FAIL", `${r.status} ${r.message}`);
            return r.status === "FAIL";
        };
        for (const ranges of sets) {
            const expected = assessExposure(ranges, ["ipv4"]).public;
            it(`${ranges.length > 4 ? `${ranges.length} ranges from ${ranges[0]}` : ranges.join(", ")}: ${expected ? "public" : "not public"} everywhere`, () => {
                assert.deepEqual(
                    { validation: !accepted(ranges), guardrail: guardrailOpen(ranges), policy: policyOpen(ranges), doctor: doctorOpen(ranges) },
                    { validation: expected, guardrail: expected, policy: expected, doctor: expected },
                );
            });
        }
    });
});
