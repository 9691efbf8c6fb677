/**
 * MetalLB on a hub (FACTS §6): namespace, pinned Helm release whose values
 * pass the chart's values.schema.json, and the L2 pool and advertisement.
 */
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import * as YAML from "yaml";
import { ipAddressPool, l2Advertisement, METALLB_NAMESPACE, metallbNamespace, metallbRelease } from "../../sdk/manifests/metallb";
import { validateHub } from "../../sdk/topology/validate";
import { ajvErrors, CRD_ROOT, validateCoreObject, validateCustomResource } from "../support/schemas";
import { LABELS, NETWORK, topology } from "./fixture";

const CHART = path.join(CRD_ROOT, "metallb/helm-chart");

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Helm's coalescing of user values over chart defaults: maps merge, everything else replaces, null deletes. */
function coalesce(defaults: Record<string, unknown>, values: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...defaults };
    for (const [k, v] of Object.entries(values)) {
        if (v === null) delete out[k];
        else if (isPlainObject(v) && isPlainObject(out[k])) out[k] = coalesce(out[k] as Record<string, unknown>, v);
        else out[k] = v;
    }
    return out;
}

/** Dotted paths of every leaf of `values`. */
function leafPaths(values: Record<string, unknown>, prefix = ""): string[] {
    return Object.entries(values).flatMap(([k, v]) => (isPlainObject(v) && Object.keys(v).length ? leafPaths(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

let compiled: ReturnType<Ajv["compile"]> | undefined;

function chartValidator() {
    if (compiled) return compiled;
    const schema = JSON.parse(fs.readFileSync(path.join(CHART, "values.schema.json"), "utf8"));
    // Draft-07 by its `$schema`, written with https, which ajv does not know by that URI.
    delete schema.$schema;
    compiled = new Ajv({ strict: false, allErrors: true }).compile(schema);
    return compiled;
}

function chartDefaults(): Record<string, unknown> {
    return YAML.parse(fs.readFileSync(path.join(CHART, "values.yaml"), "utf8"));
}

const hubInput = (loadBalancer: Record<string, unknown>) => ({ name: "hub-east", loadBalancer, allowedSourceRanges: ["172.16.0.0/16"] });

describe("MetalLB manifests", function () {
    describe("metallbRelease", () => {
        it("pins chart 0.15.3 from the MetalLB repository into metallb-system, with exactly the L2-only values", () => {
            assert.deepEqual(metallbRelease(), {
                chart: "metallb",
                version: "0.15.3",
                repository: "https://metallb.github.io/metallb",
                namespace: "metallb-system",
                values: {
                    loadBalancerClass: "",
                    crds: { enabled: true, validationFailurePolicy: "Fail" },
                    controller: { webhookMode: "enabled" },
                    speaker: { frr: { enabled: false }, tolerateMaster: true, ignoreExcludeLB: true },
                },
            });
        });

        it("values, coalesced over the chart's defaults as Helm does, pass the chart's values.schema.json", () => {
            const validate = chartValidator();
            const merged = coalesce(chartDefaults(), metallbRelease().values);
            const ok = validate(merged);
            assert.deepEqual(ajvErrors(validate.errors), []);
            assert.equal(ok, true);
        });

        it("every value it sets is a value the chart defines (the schema is open, so typos would pass it)", () => {
            const defaults = chartDefaults();
            const paths = leafPaths(metallbRelease().values);
            assert.deepEqual(paths, [
                "loadBalancerClass",
                "crds.enabled",
                "crds.validationFailurePolicy",
                "controller.webhookMode",
                "speaker.frr.enabled",
                "speaker.tolerateMaster",
                "speaker.ignoreExcludeLB",
            ]);
            for (const p of paths) {
                const v = p.split(".").reduce<any>((acc, k) => (isPlainObject(acc) && k in acc ? acc[k] : undefined), defaults);
                assert.notEqual(v, undefined, `chart values.yaml has no ${p}`);
            }
        });

        it("the chart schema rejects broken values (the check has teeth)", () => {
            const validate = chartValidator();
            const merged = coalesce(chartDefaults(), {
                ...metallbRelease().values,
                crds: { enabled: true, validationFailurePolicy: "Sometimes" },
                loadBalancerClass: 5,
            });
            assert.equal(validate(merged), false);
            assert.deepEqual(ajvErrors(validate.errors), [
                "/loadBalancerClass must be string",
                '/crds/validationFailurePolicy must be equal to one of the allowed values: ["Ignore","Fail"]',
            ]);
            // Helm validates the coalesced values; the user values alone miss the chart's required defaults.
            assert.equal(validate(metallbRelease().values), false);
        });
    });

    describe("metallbNamespace", () => {
        it("is metallb-system, admitting privileged pods for the speaker", () => {
            const ns = metallbNamespace(NETWORK);
            assert.deepEqual(ns, {
                apiVersion: "v1",
                kind: "Namespace",
                metadata: {
                    name: "metallb-system",
                    labels: {
                        ...LABELS("metallb"),
                        "pod-security.kubernetes.io/enforce": "privileged",
                        "pod-security.kubernetes.io/audit": "privileged",
                        "pod-security.kubernetes.io/warn": "privileged",
                    },
                },
            });
            assert.equal(METALLB_NAMESPACE, "metallb-system");
            assert.deepEqual(validateCoreObject(ns), { ok: true, errors: [] });
        });
    });

    describe("ipAddressPool and l2Advertisement", () => {
        it("pool of the fixture hub: every pool entry, auto-assigned, buggy IPs not avoided", () => {
            const hub = topology().hubs[0];
            const pool = ipAddressPool(hub, NETWORK);
            assert.deepEqual(pool, {
                apiVersion: "metallb.io/v1beta1",
                kind: "IPAddressPool",
                metadata: { name: "hub-west-pool", namespace: "metallb-system", labels: LABELS("metallb") },
                spec: { addresses: ["10.20.0.0/28", "10.20.1.5-10.20.1.9"], autoAssign: true, avoidBuggyIPs: false },
            });
            assert.deepEqual(validateCustomResource(pool), { ok: true, errors: [] });
        });

        it("advertisement of the fixture hub selects its pool on the given interfaces", () => {
            const adv = l2Advertisement(topology().hubs[0], NETWORK);
            assert.deepEqual(adv, {
                apiVersion: "metallb.io/v1beta1",
                kind: "L2Advertisement",
                metadata: { name: "hub-west-l2", namespace: "metallb-system", labels: LABELS("metallb") },
                spec: { ipAddressPools: ["hub-west-pool"], interfaces: ["eth1"] },
            });
            assert.deepEqual(validateCustomResource(adv), { ok: true, errors: [] });
        });

        it("leaves interfaces out when none are given (advertise on all)", () => {
            const hub = validateHub(hubInput({ addresses: ["192.0.2.16/29"] }));
            const adv = l2Advertisement(hub, NETWORK);
            assert.deepEqual(adv.spec, { ipAddressPools: ["hub-east-pool"] });
            assert.equal("interfaces" in (adv.spec as object), false);
            assert.deepEqual(validateCustomResource(adv), { ok: true, errors: [] });
        });

        it("copies pool and interfaces rather than sharing the model's arrays", () => {
            const hub = validateHub(hubInput({ addresses: ["2001:db8::/124", "192.0.2.20-192.0.2.29"], l2Interfaces: ["eth0", "bond0"] }));
            const pool = ipAddressPool(hub, NETWORK);
            const adv = l2Advertisement(hub, NETWORK);
            assert.deepEqual((pool.spec as any).addresses, ["2001:db8::/124", "192.0.2.20-192.0.2.29"]);
            assert.deepEqual((adv.spec as any).interfaces, ["eth0", "bond0"]);
            assert.notEqual((pool.spec as any).addresses, hub.loadBalancer.addresses);
            assert.notEqual((adv.spec as any).interfaces, hub.loadBalancer.l2Interfaces);
            assert.deepEqual(validateCustomResource(pool), { ok: true, errors: [] });
            assert.deepEqual(validateCustomResource(adv), { ok: true, errors: [] });
        });
    });
});
