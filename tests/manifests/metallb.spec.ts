/**
 * MetalLB on a hub (FACTS §6): namespace, pinned Helm release whose values
 * pass the chart's values.schema.json, and the L2 pool and advertisement.
 */
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import * as YAML from "yaml";
import {
    addressesWithout,
    ipAddressPools,
    l2Advertisement,
    METALLB_NAMESPACE,
    metallbNamespace,
    metallbRelease,
    metallbWebhookGate,
} from "../../sdk/manifests/metallb";
import { validateHubAddOns } from "../../sdk/topology/addons";
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

        it("air-gapped: a local chart, mirrored images and the user's values merged over the package's (Helm's coalescing)", () => {
            const addOns = validateHubAddOns({
                imageRegistry: "registry.local:5000/mirror",
                metallb: { namespace: "lb", chart: { path: "/charts/metallb", values: { controller: { logLevel: "debug" }, speaker: { frr: { enabled: true } } } } },
            });
            const release = metallbRelease(addOns);
            assert.deepEqual(release, {
                chart: "/charts/metallb",
                version: "0.15.3",
                namespace: "lb",
                values: {
                    loadBalancerClass: "",
                    crds: { enabled: true, validationFailurePolicy: "Fail" },
                    controller: { webhookMode: "enabled", image: { repository: "registry.local:5000/mirror/metallb/controller" }, logLevel: "debug" },
                    speaker: { frr: { enabled: true }, tolerateMaster: true, ignoreExcludeLB: true, image: { repository: "registry.local:5000/mirror/metallb/speaker" } },
                },
            });
            const validate = chartValidator();
            assert.equal(validate(coalesce(chartDefaults(), release.values)), true, ajvErrors(validate.errors).join("; "));
            for (const p of leafPaths(release.values)) {
                const v = p.split(".").reduce<any>((acc, k) => (isPlainObject(acc) && k in acc ? acc[k] : undefined), chartDefaults());
                assert.notEqual(v, undefined, `chart values.yaml has no ${p}`);
            }
            assert.equal(metallbNamespace(NETWORK, addOns).metadata.name, "lb");
            assert.equal(metallbWebhookGate(addOns).metadata.namespace, "lb");
        });

        it("another repository and version replace the upstream ones", () => {
            const release = metallbRelease(validateHubAddOns({ metallb: { chart: { repository: "https://charts.internal/metallb", version: "0.15.2" } } }));
            assert.deepEqual([release.chart, release.repository, release.version], ["metallb", "https://charts.internal/metallb", "0.15.2"]);
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

    describe("ipAddressPools and l2Advertisement", () => {
        it("fixture hub: the router's address alone in a pool that never auto-assigns, the rest in an auto-assign pool", () => {
            const hub = topology().hubs[0];
            assert.equal(hub.loadBalancer.routerIp, "10.20.0.1");
            const pools = ipAddressPools(hub, NETWORK);
            assert.deepEqual(pools, [
                {
                    apiVersion: "metallb.io/v1beta1",
                    kind: "IPAddressPool",
                    metadata: { name: "hub-west-router", namespace: "metallb-system", labels: LABELS("metallb") },
                    spec: { addresses: ["10.20.0.1/32"], autoAssign: false, avoidBuggyIPs: false },
                },
                {
                    apiVersion: "metallb.io/v1beta1",
                    kind: "IPAddressPool",
                    metadata: { name: "hub-west-pool", namespace: "metallb-system", labels: LABELS("metallb") },
                    spec: { addresses: ["10.20.0.0-10.20.0.0", "10.20.0.2-10.20.0.15", "10.20.1.5-10.20.1.9"], autoAssign: true, avoidBuggyIPs: false },
                },
            ]);
            for (const p of pools) assert.deepEqual(validateCustomResource(p), { ok: true, errors: [] });
        });

        it("addressesWithout splits only the entry that holds the address, in either family, and drops what is left empty", () => {
            assert.deepEqual(addressesWithout(["10.0.0.0/30"], "10.0.0.0"), ["10.0.0.1-10.0.0.3"]);
            assert.deepEqual(addressesWithout(["10.0.0.0/30"], "10.0.0.3"), ["10.0.0.0-10.0.0.2"]);
            assert.deepEqual(addressesWithout(["10.0.0.5/32"], "10.0.0.5"), []);
            assert.deepEqual(addressesWithout(["10.0.0.5-10.0.0.9", "10.1.0.0/24"], "10.0.0.7"), ["10.0.0.5-10.0.0.6", "10.0.0.8-10.0.0.9", "10.1.0.0/24"]);
            assert.deepEqual(addressesWithout(["2001:db8::/126", "192.0.2.0/30"], "2001:db8::1"), ["2001:db8::-2001:db8::", "2001:db8::2-2001:db8::3", "192.0.2.0/30"]);
            assert.deepEqual(addressesWithout(["192.0.2.0/30"], "2001:db8::1"), ["192.0.2.0/30"]);
        });

        it("a single-address pool leaves only the router pool; the advertisement lists every pool", () => {
            const hub = validateHub(hubInput({ addresses: ["192.0.2.9/32"] }));
            const pools = ipAddressPools(hub, NETWORK);
            assert.deepEqual(
                pools.map((p) => [p.metadata.name, (p.spec as any).addresses, (p.spec as any).autoAssign]),
                [["hub-east-router", ["192.0.2.9/32"], false]],
            );
            assert.deepEqual(l2Advertisement(hub, NETWORK).spec, { ipAddressPools: ["hub-east-router"] });
        });

        it("advertisement of the fixture hub selects both pools on the given interfaces", () => {
            const adv = l2Advertisement(topology().hubs[0], NETWORK);
            assert.deepEqual(adv, {
                apiVersion: "metallb.io/v1beta1",
                kind: "L2Advertisement",
                metadata: { name: "hub-west-l2", namespace: "metallb-system", labels: LABELS("metallb") },
                spec: { ipAddressPools: ["hub-west-router", "hub-west-pool"], interfaces: ["eth1"] },
            });
            assert.deepEqual(validateCustomResource(adv), { ok: true, errors: [] });
        });

        it("leaves interfaces out when none are given (advertise on all)", () => {
            const hub = validateHub(hubInput({ addresses: ["192.0.2.16/29"] }));
            const adv = l2Advertisement(hub, NETWORK);
            assert.deepEqual(adv.spec, { ipAddressPools: ["hub-east-router", "hub-east-pool"] });
            assert.equal("interfaces" in (adv.spec as object), false);
            assert.deepEqual(validateCustomResource(adv), { ok: true, errors: [] });
        });

        it("copies interfaces rather than sharing the model's arrays", () => {
            const hub = validateHub({
                ...hubInput({ addresses: ["2001:db8::/124", "192.0.2.20-192.0.2.29"], l2Interfaces: ["eth0", "bond0"] }),
                allowedSourceRanges: ["172.16.0.0/16", "2001:db8:ff::/48"],
            });
            const [routerPool, pool] = ipAddressPools(hub, NETWORK);
            const adv = l2Advertisement(hub, NETWORK);
            assert.equal(hub.loadBalancer.routerIp, "2001:db8::");
            assert.deepEqual((routerPool.spec as any).addresses, ["2001:db8::/128"]);
            assert.deepEqual((pool.spec as any).addresses, ["2001:db8::1-2001:db8::f", "192.0.2.20-192.0.2.29"]);
            assert.deepEqual((adv.spec as any).interfaces, ["eth0", "bond0"]);
            assert.notEqual((adv.spec as any).interfaces, hub.loadBalancer.l2Interfaces);
            assert.deepEqual(validateCustomResource(pool), { ok: true, errors: [] });
            assert.deepEqual(validateCustomResource(adv), { ok: true, errors: [] });
        });
    });
});
