/**
 * The plan's guardrail on the router's exposure uses the one rule of
 * sdk/topology/exposure.ts: the "ok … reachable only from
 * 10.0.0.0/0" can no longer be printed, whatever the ranges.
 */
import * as assert from "node:assert/strict";
import { guardrailFindings } from "../../sdk/plan/guardrails";
import type { StackConfig } from "../../sdk/stack/config";
import { validateHub } from "../../sdk/topology/validate";

function findingsFor(ranges: string[], addresses = ["10.1.0.32/28"]) {
    const hub = validateHub({ name: "h", loadBalancer: { addresses }, allowedSourceRanges: ranges, allowPublicExposure: true });
    const config = {
        topology: { network: { name: "n", naming: { annotationPrefix: "a.example", siteNamespace: "interconnect" } }, hubs: [hub], spokes: [{ name: "s", hub: "h", routerMode: "interior" }] },
        access: {},
    } as unknown as StackConfig;
    return guardrailFindings(config).filter((f) => f.message.startsWith("hub h: the router") || f.message.startsWith("hub h: router"));
}

describe("plan guardrail: router exposure", () => {
    const open = (why: string) => [
        { level: "warning", message: `hub h: the router's LoadBalancer is open to the Internet (allowPublicExposure): ${why}; the Best Practices say not to` },
    ];
    const cases: [string, string[], string[] | undefined, { level: string; message: string }[]][] = [
        ["no ranges", [], undefined, open("no source range is set, so every address may connect")],
        ["the whole IPv4 space", ["0.0.0.0/0"], undefined, open("0.0.0.0/0 covers 100% of the public IPv4 address space (public from 1/256 on)")],
        ["two halves", ["0.0.0.0/1", "128.0.0.0/1"], undefined, open("0.0.0.0/1, 128.0.0.0/1 together cover 100% of the public IPv4 address space (public from 1/256 on)")],
        [
            "IPv4 ranges for an IPv6 router",
            ["10.2.0.0/16"],
            ["fd00:10::/120"],
            open("no IPv6 range is listed, and kube-proxy applies only the ranges of the Service's own family, so every IPv6 address may connect"),
        ],
        ["private ranges", ["10.2.0.0/16", "10.3.0.0/16"], undefined, [{ level: "ok", message: "hub h: router 10.1.0.33:55671 reachable only from 10.2.0.0/16, 10.3.0.0/16" }]],
    ];
    for (const [label, ranges, addresses, expected] of cases) {
        it(`${label}: ${expected[0].level}`, () => assert.deepEqual(findingsFor(ranges, addresses), expected));
    }
});
