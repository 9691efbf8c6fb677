/**
 * The guardrail policies one by one, called as the analyzer server calls
 * them: compliant and violating inputs with their exact messages, other
 * resource types (not applicable), secrets, and values unknown at preview.
 */
import * as assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import { CertManager } from "@pulumi/kubernetes-cert-manager";
import { Secret as PolicySecret } from "@pulumi/policy";
import {
    POD_SPEC_PATHS,
    TYPES,
    allPolicies,
    chartVersionProblem,
    exposedServicesAreClusterIp,
    imageProblem,
    noPublicRouterLoadBalancer,
    openRanges,
    pinnedImageVersions,
    tlsSecretsForTlsServices,
} from "../../policy/policies";
import {
    TestResource,
    createResourceValidationArgs,
    createStackValidationArgs,
    notApplicableReason,
    policyProxy,
    resourceViolations,
    runResourcePolicy,
    runStackPolicy,
    secret,
    urnOf,
} from "./support";

const NOT_TO_INTERNET = `the product documentation says "do not expose the load balancer to the Internet"`;
const ALLOWED_RANGES = "Allowed: a non-empty list of the spokes' egress CIDRs (for example 10.2.0.0/16), never 0.0.0.0/0 or ::/0.";
const PIN = "Allowed: an explicit version tag other than latest (for example quay.io/skupper/site-controller:1.9.6) or a digest (@sha256:…).";
const HUB = "urn:pulumi:dev::p::pulumi:providers:kubernetes::hub-k8s";
const SPOKE = "urn:pulumi:dev::p::pulumi:providers:kubernetes::spoke-k8s";
const UNKNOWN_STRING = policyProxy.unknownStringValue;
const UNKNOWN_ARRAY = policyProxy.unknownArrayValue;

const svc = (name: string, namespace: string | undefined, spec?: Record<string, unknown>, annotations?: Record<string, unknown>): Record<string, any> => ({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, ...(namespace ? { namespace } : {}), ...(annotations ? { annotations } : {}) },
    ...(spec ? { spec } : {}),
});
const routerPatch = (spec?: Record<string, unknown>): TestResource => ({
    type: TYPES.servicePatch,
    name: "hub-router-patch",
    props: svc("skupper-router", "interconnect", spec),
});

describe("policy pack: the policies' declarations", () => {
    it("lists four mandatory policies with unique names", () => {
        assert.deepEqual(
            allPolicies.map((p) => [p.name, p.enforcementLevel, "validateResource" in p, "validateStack" in p]),
            [
                ["no-public-router-loadbalancer", "mandatory", true, true],
                ["exposed-services-are-clusterip", "mandatory", true, false],
                ["tls-secrets-for-tls-services", "mandatory", false, true],
                ["pinned-image-versions", "mandatory", true, false],
            ],
        );
    });

    it("uses the type tokens @pulumi/kubernetes and the cert-manager component register", () => {
        const byClass: [string, unknown][] = [
            [TYPES.service, k8s.core.v1.Service],
            [TYPES.servicePatch, k8s.core.v1.ServicePatch],
            [TYPES.configMap, k8s.core.v1.ConfigMap],
            [TYPES.secret, k8s.core.v1.Secret],
            [TYPES.helmRelease, k8s.helm.v3.Release],
            [TYPES.helmChartV4, k8s.helm.v4.Chart],
            [TYPES.certManager, CertManager],
        ];
        for (const [token, cls] of byClass) assert.equal((cls as { __pulumiType: string }).__pulumiType, token);
        const workloads = [
            k8s.apps.v1.Deployment,
            k8s.apps.v1.DeploymentPatch,
            k8s.apps.v1.StatefulSet,
            k8s.apps.v1.DaemonSet,
            k8s.apps.v1.ReplicaSet,
            k8s.batch.v1.Job,
            k8s.batch.v1.CronJob,
            k8s.core.v1.Pod,
            k8s.core.v1.ReplicationController,
        ].map((c) => (c as unknown as { __pulumiType: string }).__pulumiType);
        assert.deepEqual(
            workloads.filter((t) => POD_SPEC_PATHS[t] === undefined),
            [],
        );
        assert.equal(Object.keys(POD_SPEC_PATHS).length, 16);
        // The cert-manager Certificate is a CustomResource: its token is built from apiVersion and kind.
        assert.equal(TYPES.certificate, "kubernetes:cert-manager.io/v1:Certificate");
    });
});

describe("no-public-router-loadbalancer (per resource)", () => {
    const p = noPublicRouterLoadBalancer;

    it("accepts a skupper-router patch that lists the spokes' egress ranges", async () => {
        assert.deepEqual(await resourceViolations(p, routerPatch({ loadBalancerSourceRanges: ["10.2.0.0/16", "10.3.0.0/16"] })), []);
    });

    it("refuses 0.0.0.0/0 and ::/0 on the router, naming the resource and the field", async () => {
        assert.deepEqual(await resourceViolations(p, routerPatch({ loadBalancerSourceRanges: ["0.0.0.0/0"] })), [
            `ServicePatch "hub-router-patch" (Service interconnect/skupper-router): spec.loadBalancerSourceRanges contains 0.0.0.0/0, which opens the Skupper router's LoadBalancer to the Internet; ${NOT_TO_INTERNET}. ${ALLOWED_RANGES}`,
        ]);
        assert.deepEqual(await resourceViolations(p, routerPatch({ loadBalancerSourceRanges: ["10.2.0.0/16", " ::/0", "0.0.0.0/0"] })), [
            `ServicePatch "hub-router-patch" (Service interconnect/skupper-router): spec.loadBalancerSourceRanges contains ::/0 and 0.0.0.0/0, which opens the Skupper router's LoadBalancer to the Internet; ${NOT_TO_INTERNET}. ${ALLOWED_RANGES}`,
        ]);
    });

    it("refuses a router LoadBalancer Service without ranges, and a router patch that empties them", async () => {
        assert.deepEqual(
            await resourceViolations(p, { type: TYPES.service, name: "router", props: svc("skupper-router", "site-a", { type: "LoadBalancer" }) }),
            [
                `Service "router" (Service site-a/skupper-router): spec.type is LoadBalancer and spec.loadBalancerSourceRanges is not set, so every address may reach the Skupper router's LoadBalancer; ${NOT_TO_INTERNET}. ${ALLOWED_RANGES}`,
            ],
        );
        assert.deepEqual(await resourceViolations(p, routerPatch({ loadBalancerSourceRanges: [] })), [
            `ServicePatch "hub-router-patch" (Service interconnect/skupper-router): spec.loadBalancerSourceRanges is empty, so every address may reach the Skupper router's LoadBalancer; ${NOT_TO_INTERNET}. ${ALLOWED_RANGES}`,
        ]);
    });

    it("accepts a router patch that leaves the ranges alone, and a router Service that is not a LoadBalancer", async () => {
        assert.deepEqual(await resourceViolations(p, routerPatch()), []);
        assert.deepEqual(await resourceViolations(p, routerPatch({ ports: [{ port: 55671 }] })), []);
        assert.deepEqual(
            await resourceViolations(p, { type: TYPES.service, props: svc("skupper-router", "interconnect", { loadBalancerSourceRanges: [] }) }),
            [],
        );
    });

    it("checks every LoadBalancer Service of a site namespace, configurable by siteNamespaces", async () => {
        const lb = (ns: string): TestResource => ({
            type: TYPES.service,
            name: "console",
            props: svc("skupper-console", ns, { type: "LoadBalancer", loadBalancerSourceRanges: [] }),
        });
        const message = (ns: string) =>
            `Service "console" (Service ${ns}/skupper-console): spec.type is LoadBalancer and spec.loadBalancerSourceRanges is empty, so every address may reach a LoadBalancer in the Skupper site namespace ${ns}; ${NOT_TO_INTERNET}. ${ALLOWED_RANGES}`;
        assert.deepEqual(await resourceViolations(p, lb("interconnect")), [message("interconnect")]);
        assert.deepEqual(await resourceViolations(p, lb("shop")), [], "not a site namespace");
        assert.deepEqual(await resourceViolations(p, lb("edge-site"), { siteNamespaces: ["edge-site"] }), [message("edge-site")]);
        assert.deepEqual(await resourceViolations(p, lb("interconnect"), { siteNamespaces: ["edge-site"] }), []);
        assert.deepEqual(await resourceViolations(p, { type: TYPES.service, props: svc("web", "interconnect", { type: "ClusterIP" }) }), []);
    });

    it("reads the legacy source-ranges annotation when the spec field is not set", async () => {
        const annotated = (value: string): TestResource => ({
            type: TYPES.service,
            name: "router",
            props: svc("skupper-router", "interconnect", { type: "LoadBalancer" }, { "service.beta.kubernetes.io/load-balancer-source-ranges": value }),
        });
        assert.deepEqual(await resourceViolations(p, annotated("10.2.0.0/16")), []);
        assert.deepEqual(await resourceViolations(p, annotated("10.2.0.0/16, 0.0.0.0/0")), [
            `Service "router" (Service interconnect/skupper-router): metadata.annotations["service.beta.kubernetes.io/load-balancer-source-ranges"] contains 0.0.0.0/0, which opens the Skupper router's LoadBalancer to the Internet; ${NOT_TO_INTERNET}. ${ALLOWED_RANGES}`,
        ]);
    });

    it("does not apply to other resource types", async () => {
        const reason = "Policy only applies to resources of type 'kubernetes:core/v1:Service' or 'kubernetes:core/v1:ServicePatch'";
        assert.equal(
            await notApplicableReason(p, { type: TYPES.configMap, props: { metadata: { name: "skupper-router" }, data: { ingress: "loadbalancer" } } }),
            reason,
        );
        assert.equal(await notApplicableReason(p, { type: "kubernetes:apps/v1:Deployment", props: {} }), reason);
    });

    it("sees through secrets and skips values unknown at preview", async () => {
        assert.deepEqual(await resourceViolations(p, routerPatch({ loadBalancerSourceRanges: secret(["0.0.0.0/0"]) })), [
            `ServicePatch "hub-router-patch" (Service interconnect/skupper-router): spec.loadBalancerSourceRanges contains 0.0.0.0/0, which opens the Skupper router's LoadBalancer to the Internet; ${NOT_TO_INTERNET}. ${ALLOWED_RANGES}`,
        ]);
        assert.equal((await resourceViolations(p, routerPatch({ loadBalancerSourceRanges: [new PolicySecret("::/0")] }))).length, 1);
        assert.deepEqual(await resourceViolations(p, routerPatch({ loadBalancerSourceRanges: UNKNOWN_ARRAY })), []);
        assert.deepEqual(await resourceViolations(p, routerPatch({ loadBalancerSourceRanges: ["10.0.0.0/8", UNKNOWN_STRING] })), []);
        assert.deepEqual(await resourceViolations(p, { type: TYPES.service, props: svc(UNKNOWN_STRING, "interconnect", { type: "LoadBalancer" }) }), []);
        assert.deepEqual(await resourceViolations(p, { type: TYPES.service, props: svc("skupper-router", "interconnect", { type: UNKNOWN_STRING }) }), []);
        assert.deepEqual(await resourceViolations(p, { type: TYPES.service, props: { metadata: policyProxy.unknownObjectValue } }), []);
    });

    // The one rule of sdk/topology/exposure.ts, generated per class of range set.
    const unionCases: [string, Record<string, unknown>, string | undefined][] = [
        ["two /9s of a public /8", { loadBalancerSourceRanges: ["11.0.0.0/9", "11.128.0.0/9"] }, "11.0.0.0/9, 11.128.0.0/9 together cover 0.45% of the public IPv4 address space (public from 1/256 on)"],
        [
            "IPv4 ranges on an IPv6-only Service",
            { loadBalancerSourceRanges: ["10.2.0.0/16"], ipFamilies: ["IPv6"] },
            "no IPv6 range is listed, and kube-proxy applies only the ranges of the Service's own family, so every IPv6 address may connect",
        ],
        [
            "a dual-stack Service with IPv4 ranges only",
            { loadBalancerSourceRanges: ["10.2.0.0/16"], ipFamilies: ["IPv4", "IPv6"] },
            "no IPv6 range is listed, and kube-proxy applies only the ranges of the Service's own family, so every IPv6 address may connect",
        ],
        ["private ranges however wide", { loadBalancerSourceRanges: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"] }, undefined],
        ["a dual-stack Service with a range per family", { loadBalancerSourceRanges: ["10.2.0.0/16", "fd10::/64"], ipFamilies: ["IPv4", "IPv6"] }, undefined],
    ];
    for (const [label, spec, why] of unionCases) {
        it(`${why ? "refuses" : "accepts"} ${label}`, async () => {
            assert.deepEqual(
                await resourceViolations(p, routerPatch(spec)),
                why
                    ? [
                          `ServicePatch "hub-router-patch" (Service interconnect/skupper-router): spec.loadBalancerSourceRanges: ${why}, which opens the Skupper router's LoadBalancer to the Internet; ${NOT_TO_INTERNET}. ${ALLOWED_RANGES}`,
                      ]
                    : [],
            );
        });
    }
    for (const range of ["10.0.0.0/0", "192.168.1.1/0", "fd00::1/0", "11.0.0.0/8", "0.0.0.0/1", "2000::/3"]) {
        it(`refuses ${range} on its own (host bits masked as kube-proxy does; any public share of 1/256 or more)`, async () => {
            assert.deepEqual(await resourceViolations(p, routerPatch({ loadBalancerSourceRanges: [range] })), [
                `ServicePatch "hub-router-patch" (Service interconnect/skupper-router): spec.loadBalancerSourceRanges contains ${range}, which opens the Skupper router's LoadBalancer to the Internet; ${NOT_TO_INTERNET}. ${ALLOWED_RANGES}`,
            ]);
        });
    }

    it("treats any /0 prefix as open", () => {
        assert.deepEqual(openRanges(["0.0.0.0/0", "::/0", "0::0/00", "10.0.0.0/8", "2001:db8::/32", 7]), ["0.0.0.0/0", "::/0", "0::0/00"]);
    });
});

describe("no-public-router-loadbalancer (per stack: skupper-site ConfigMaps)", () => {
    const p = noPublicRouterLoadBalancer;
    const site = (data: Record<string, string>, provider = HUB): TestResource => ({
        type: TYPES.configMap,
        name: "hub-site",
        provider,
        props: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "skupper-site", namespace: "interconnect" }, data },
    });
    const patch = (provider: string, ranges: string[]): TestResource => ({ ...routerPatch({ loadBalancerSourceRanges: ranges }), provider });
    const run = (resources: TestResource[]) => runStackPolicy(p, createStackValidationArgs(resources));
    const unrestricted = (why: string) =>
        `ConfigMap "hub-site" (ConfigMap interconnect/skupper-site): ${why}, so Skupper creates the skupper-router LoadBalancer Service, and nothing in this stack restricts it: ` +
        `add a ServicePatch of Service interconnect/skupper-router on the same cluster with spec.loadBalancerSourceRanges; ${NOT_TO_INTERNET}. ${ALLOWED_RANGES}`;

    it("accepts a loadbalancer site whose router is restricted on the same cluster", async () => {
        assert.deepEqual(await run([site({ ingress: "loadbalancer" }), patch(HUB, ["10.2.0.0/16"])]), { violations: [] });
    });

    it("reports a loadbalancer site without a restricting patch, at the ConfigMap's URN", async () => {
        assert.deepEqual(await run([site({ ingress: "loadbalancer" })]), {
            violations: [{ message: unrestricted("data.ingress is loadbalancer"), urn: urnOf(TYPES.configMap, "hub-site") }],
        });
        assert.deepEqual(
            (await run([site({ ingress: "LoadBalancer" }), patch(SPOKE, ["10.2.0.0/16"])])).violations.length,
            1,
            "a patch on another cluster does not count",
        );
        assert.deepEqual(await run([site({ name: "hub" })]), {
            violations: [{ message: unrestricted("data.ingress is not set (Skupper then uses loadbalancer)"), urn: urnOf(TYPES.configMap, "hub-site") }],
        });
    });

    it("leaves an open patch to the per-resource check (one violation, not two)", async () => {
        assert.deepEqual(await run([site({ ingress: "loadbalancer" }), patch(HUB, ["0.0.0.0/0"])]), { violations: [] });
    });

    it("accepts sites that create no LoadBalancer", async () => {
        const sites: Record<string, string>[] = [
            { ingress: "none" },
            { ingress: "route" },
            { "cluster-local": "true" },
            { "router-mode": "edge" },
            { edge: "true" },
        ];
        for (const data of sites) {
            assert.deepEqual(await run([site(data)]), { violations: [] }, JSON.stringify(data));
        }
        assert.deepEqual(await run([site({ ingress: UNKNOWN_STRING })]), { violations: [] }, "unknown at preview");
    });

    it("does not apply to a stack without skupper-site ConfigMaps", async () => {
        assert.deepEqual(await run([routerPatch({ loadBalancerSourceRanges: ["0.0.0.0/0"] })]), {
            violations: [],
            notApplicable: "no skupper-site ConfigMap in this stack",
        });
    });
});

describe("exposed-services-are-clusterip", () => {
    const p = exposedServicesAreClusterIp;
    const exposed = (type: string | undefined, prefix = "network.app.orchestrator.io", value: unknown = "true"): TestResource => ({
        type: TYPES.service,
        name: "backend",
        props: svc("my-backend", "shop", type === undefined ? { ports: [{ port: 8080 }] } : { type }, {
            [`${prefix}/expose-service`]: value,
            [`${prefix}/expose-port`]: "8080",
        }),
    });
    const message = (type: string, key: string) =>
        `Service "backend" (Service shop/my-backend): spec.type is ${type}, but the Service carries ${key}: "true"; the product documentation (step 1) says "the service must be of type ClusterIP". Allowed: spec.type ClusterIP, or unset.`;

    it("accepts ClusterIP and an unset type", async () => {
        assert.deepEqual(await resourceViolations(p, exposed("ClusterIP")), []);
        assert.deepEqual(await resourceViolations(p, exposed(undefined)), []);
    });

    it("refuses other types under both orchestrators' prefixes, and any other prefix", async () => {
        assert.deepEqual(await resourceViolations(p, exposed("NodePort")), [message("NodePort", "network.app.orchestrator.io/expose-service")]);
        assert.deepEqual(await resourceViolations(p, exposed("LoadBalancer", "network.app.edge-orchestrator.intel.com")), [
            message("LoadBalancer", "network.app.edge-orchestrator.intel.com/expose-service"),
        ]);
        assert.deepEqual(await resourceViolations(p, exposed("ExternalName", "example.com")), [message("ExternalName", "example.com/expose-service")]);
        assert.deepEqual(await resourceViolations(p, exposed("NodePort", "network.app.orchestrator.io", "True")), [
            message("NodePort", "network.app.orchestrator.io/expose-service"),
        ]);
    });

    it("ignores Services that are not exposed, and patches that do not set the type", async () => {
        assert.deepEqual(await resourceViolations(p, exposed("NodePort", "network.app.orchestrator.io", "false")), []);
        assert.deepEqual(await resourceViolations(p, { type: TYPES.service, props: svc("web", "shop", { type: "NodePort" }) }), []);
        assert.deepEqual(
            await resourceViolations(p, {
                type: TYPES.servicePatch,
                props: svc("my-backend", "shop", undefined, { "network.app.orchestrator.io/expose-service": "true" }),
            }),
            [],
        );
        assert.deepEqual(
            await resourceViolations(p, {
                type: TYPES.servicePatch,
                name: "backend",
                props: svc("my-backend", "shop", { type: "NodePort" }, { "network.app.orchestrator.io/expose-service": "true" }),
            }),
            [
                `ServicePatch "backend" (Service shop/my-backend): spec.type is NodePort, but the Service carries network.app.orchestrator.io/expose-service: "true"; the product documentation (step 1) says "the service must be of type ClusterIP". Allowed: spec.type ClusterIP, or unset.`,
            ],
        );
    });

    it("does not apply to other resource types", async () => {
        assert.equal(
            await notApplicableReason(p, {
                type: TYPES.configMap,
                props: { metadata: { annotations: { "network.app.orchestrator.io/expose-service": "true" } } },
            }),
            "Policy only applies to resources of type 'kubernetes:core/v1:Service' or 'kubernetes:core/v1:ServicePatch'",
        );
    });

    it("sees through secrets and skips values unknown at preview", async () => {
        assert.deepEqual(await resourceViolations(p, exposed("NodePort", "network.app.orchestrator.io", secret("true"))), [
            message("NodePort", "network.app.orchestrator.io/expose-service"),
        ]);
        assert.deepEqual(await resourceViolations(p, exposed(UNKNOWN_STRING)), []);
        assert.deepEqual(await resourceViolations(p, exposed("NodePort", "network.app.orchestrator.io", UNKNOWN_STRING)), []);
        assert.deepEqual(
            await resourceViolations(p, {
                type: TYPES.service,
                props: { metadata: { annotations: policyProxy.unknownObjectValue }, spec: { type: "NodePort" } },
            }),
            [],
        );
    });
});

describe("tls-secrets-for-tls-services", () => {
    const p = tlsSecretsForTlsServices;
    /** The package's own definition: a Skupper-generated certificate and Skupper's own trust. */
    const tlsService: TestResource = {
        type: TYPES.service,
        name: "payments-definition",
        provider: HUB,
        props: svc(
            "payments",
            "interconnect",
            { type: "ClusterIP" },
            { "skupper.io/address": "payments", "skupper.io/tls-cert": "skupper-tls-payments", "skupper.io/tls-trust": "skupper-service-client" },
        ),
    };
    const customService: TestResource = {
        ...tlsService,
        props: svc("payments", "interconnect", {}, { "skupper.io/tls-cert": "payments-cert", "skupper.io/tls-trust": "payments-ca" }),
    };
    const secretNamed = (name: unknown, namespace = "interconnect", provider = HUB): TestResource => ({
        type: TYPES.secret,
        name: `secret-${String(name)}-${namespace}`,
        provider,
        props: { apiVersion: "v1", kind: "Secret", metadata: { name, namespace }, stringData: { "ca.crt": secret("-----BEGIN CERTIFICATE-----") } },
    });
    const certificate = (secretName: string, namespace: string, provider = HUB): TestResource => ({
        type: TYPES.certificate,
        name: `cert-${secretName}-${namespace}`,
        provider,
        props: { apiVersion: "cert-manager.io/v1", kind: "Certificate", metadata: { name: "c", namespace }, spec: { secretName } },
    });
    const run = (resources: TestResource[]) => runStackPolicy(p, createStackValidationArgs(resources));
    const URN = urnOf(TYPES.service, "payments-definition");
    const WHAT = 'Service "payments-definition" (Service interconnect/payments)';
    const noServiceCa =
        `${WHAT}: metadata.annotations["skupper.io/tls-cert"] is skupper-tls-payments, which Skupper generates from skupper-service-ca, but this stack provides ` +
        `no Secret interconnect/skupper-service-ca: every site would make its own CA and clients would have no single trust. ` +
        `Allowed: provide skupper-service-ca (the network CA) in interconnect on the same cluster.`;
    const shadowed =
        `${WHAT}: metadata.annotations["skupper.io/tls-cert"] is skupper-tls-payments, a name Skupper generates itself, and this stack also provides interconnect/skupper-tls-payments: ` +
        `Skupper then adds no router sslProfile for it and the router refuses the listener. Allowed: leave skupper-tls-payments to Skupper ` +
        `(provide skupper-service-ca instead), or name a certificate outside the skupper-tls- prefix.`;
    const missing = (annotation: string, name: string) =>
        `${WHAT}: metadata.annotations["${annotation}"] names the secret ${name}, but this stack provides no Secret interconnect/${name} ` +
        `and no cert-manager Certificate with spec.secretName ${name} in namespace interconnect on the same cluster. ` +
        `Allowed: declare that Secret or Certificate in interconnect, use skupper-service-client as the trust, or remove the annotation.`;

    it("accepts the package's definition: skupper-service-ca provided, the certificate and skupper-service-client left to Skupper", async () => {
        assert.deepEqual(await run([tlsService, secretNamed("skupper-service-ca")]), { violations: [] });
        // The server's own certificate in the server's namespace is fine.
        assert.deepEqual(await run([tlsService, secretNamed("skupper-service-ca"), certificate("skupper-tls-payments", "shop")]), { violations: [] });
    });

    it("reports a Skupper-named certificate the stack provides in the site namespace, as a Secret or a Certificate", async () => {
        for (const shadow of [secretNamed("skupper-tls-payments"), certificate("skupper-tls-payments", "interconnect")]) {
            assert.deepEqual(await run([tlsService, secretNamed("skupper-service-ca"), shadow]), { violations: [{ message: shadowed, urn: URN }] });
        }
    });

    it("reports a missing skupper-service-ca, also when it is on another cluster", async () => {
        assert.deepEqual(await run([tlsService]), { violations: [{ message: noServiceCa, urn: URN }] });
        assert.deepEqual(await run([tlsService, secretNamed("skupper-service-ca", "interconnect", SPOKE)]), { violations: [{ message: noServiceCa, urn: URN }] });
    });

    it("requires other named secrets in the namespace on the same cluster, and checks service patches too", async () => {
        assert.deepEqual(
            (await run([customService])).violations.map((v) => v.message),
            [missing("skupper.io/tls-cert", "payments-cert"), missing("skupper.io/tls-trust", "payments-ca")],
        );
        assert.deepEqual(await run([customService, certificate("payments-cert", "interconnect"), secretNamed("payments-ca")]), { violations: [] });
        const patched: TestResource = { ...customService, type: TYPES.servicePatch };
        assert.deepEqual(
            (await run([patched, secretNamed("payments-ca")])).violations.map((v) => v.message),
            [missing("skupper.io/tls-cert", "payments-cert").replace('Service "payments-definition"', 'ServicePatch "payments-definition"')],
        );
    });

    it("does not apply to a stack without TLS services", async () => {
        assert.deepEqual(await run([{ type: TYPES.service, props: svc("web", "interconnect", {}, { "skupper.io/address": "web" }) }, secretNamed("x")]), {
            violations: [],
            notApplicable: "no Service in this stack asks Skupper for TLS (skupper.io/tls-cert, skupper.io/tls-trust)",
        });
    });

    it("sees through secrets and treats names unknown at preview as possibly matching", async () => {
        const secretAnnotation: TestResource = { ...tlsService, props: svc("payments", "interconnect", {}, { "skupper.io/tls-trust": secret("payments-ca") }) };
        assert.equal((await run([secretAnnotation])).violations.length, 1);
        assert.deepEqual(await run([tlsService, secretNamed(UNKNOWN_STRING)]), { violations: [] });
        const unknownNamespace: TestResource = { ...tlsService, props: svc("payments", UNKNOWN_STRING, {}, { "skupper.io/tls-cert": "skupper-tls-payments" }) };
        assert.deepEqual(await run([unknownNamespace]), { violations: [] });
    });
});

describe("pinned-image-versions", () => {
    const p = pinnedImageVersions;
    const deployment = (images: string[], initImages: string[] = []): TestResource => ({
        type: "kubernetes:apps/v1:Deployment",
        name: "web",
        props: {
            metadata: { name: "web", namespace: "shop" },
            spec: {
                template: {
                    spec: {
                        initContainers: initImages.map((image, i) => ({ name: `init-${i}`, image })),
                        containers: images.map((image, i) => ({ name: `c-${i}`, image })),
                    },
                },
            },
        },
    });

    it("accepts explicit tags and digests", async () => {
        assert.deepEqual(
            await resourceViolations(
                p,
                deployment([
                    "quay.io/skupper/site-controller:1.9.6",
                    "registry.local:5000/team/app:2024.1",
                    "nginx@sha256:0123abcd",
                    "nginx:latest@sha256:0123abcd",
                ]),
            ),
            [],
        );
    });

    it("refuses latest and missing tags in containers and init containers, naming the field", async () => {
        assert.deepEqual(
            await resourceViolations(p, deployment(["nginx:1.27", "quay.io/skupper/hello-world-backend:latest", "registry.local:5000/app"], ["busybox"])),
            [
                `Deployment "web" (Deployment shop/web): spec.template.spec.initContainers[0].image busybox has no tag, so Kubernetes pulls :latest. ${PIN}`,
                `Deployment "web" (Deployment shop/web): spec.template.spec.containers[1].image quay.io/skupper/hello-world-backend:latest uses the tag latest. ${PIN}`,
                `Deployment "web" (Deployment shop/web): spec.template.spec.containers[2].image registry.local:5000/app has no tag, so Kubernetes pulls :latest. ${PIN}`,
            ],
        );
    });

    it("finds the pod spec of every workload kind", async () => {
        const podSpec = { containers: [{ name: "c", image: "app:LATEST" }] };
        const cases: [string, Record<string, any>, string][] = [
            ["kubernetes:apps/v1:StatefulSet", { spec: { template: { spec: podSpec } } }, "spec.template.spec.containers[0]"],
            ["kubernetes:apps/v1:DaemonSet", { spec: { template: { spec: podSpec } } }, "spec.template.spec.containers[0]"],
            ["kubernetes:batch/v1:Job", { spec: { template: { spec: podSpec } } }, "spec.template.spec.containers[0]"],
            [
                "kubernetes:batch/v1:CronJob",
                { spec: { jobTemplate: { spec: { template: { spec: podSpec } } } } },
                "spec.jobTemplate.spec.template.spec.containers[0]",
            ],
            ["kubernetes:core/v1:Pod", { spec: podSpec }, "spec.containers[0]"],
            ["kubernetes:apps/v1:DeploymentPatch", { spec: { template: { spec: podSpec } } }, "spec.template.spec.containers[0]"],
        ];
        for (const [type, props, field] of cases) {
            const kind = type.slice(type.lastIndexOf(":") + 1);
            assert.deepEqual(
                await resourceViolations(p, { type, name: "w", props: { metadata: { name: "w", namespace: "jobs" }, ...props } }),
                [`${kind} "w" (${kind.replace(/Patch$/, "")} jobs/w): ${field}.image app:LATEST uses the tag latest. ${PIN}`],
                type,
            );
        }
        assert.deepEqual(
            await resourceViolations(p, { type: "kubernetes:apps/v1:DeploymentPatch", props: { metadata: { name: "w" }, spec: { replicas: 2 } } }),
            [],
        );
    });

    it("refuses Helm releases and charts without an exact version", async () => {
        const release = (props: Record<string, unknown>, type: string = TYPES.helmRelease): TestResource => ({
            type,
            name: "lb",
            props: { namespace: "metallb-system", ...props },
        });
        const allowed = 'Allowed: an exact chart version (for example "1.2.3").';
        assert.deepEqual(
            await resourceViolations(p, release({ chart: "metallb", version: "0.15.3", repositoryOpts: { repo: "https://metallb.github.io/metallb" } })),
            [],
        );
        assert.deepEqual(await resourceViolations(p, release({ chart: "metallb" })), [
            `Release "lb" (kubernetes:helm.sh/v3:Release, chart metallb): version is not set, so Helm installs the newest chart. ${allowed}`,
        ]);
        assert.deepEqual(await resourceViolations(p, release({ chart: "metallb", version: "^0.15" })), [
            `Release "lb" (kubernetes:helm.sh/v3:Release, chart metallb): version is "^0.15", a version range that Helm resolves to the newest match. ${allowed}`,
        ]);
        assert.deepEqual(await resourceViolations(p, release({ chart: "oci://registry-1.docker.io/bitnamicharts/nginx", version: "" }, TYPES.helmChartV4)), [
            `Chart "lb" (kubernetes:helm.sh/v4:Chart, chart oci://registry-1.docker.io/bitnamicharts/nginx): version is not set, so Helm installs the newest chart. ${allowed}`,
        ]);
        assert.deepEqual(await resourceViolations(p, release({ chart: "./charts/local" })), [], "a local chart carries its version");
        assert.deepEqual(await resourceViolations(p, release({ chart: "https://example.com/app-1.2.3.tgz" }, TYPES.helmChartV4)), [], "so does an archive");
    });

    it("refuses the cert-manager component without helmOptions.version", async () => {
        const cm = (helmOptions?: Record<string, unknown>): TestResource => ({
            type: TYPES.certManager,
            name: "hub-cert-manager",
            props: { installCRDs: true, ...(helmOptions ? { helmOptions } : {}) },
        });
        assert.deepEqual(await resourceViolations(p, cm({ version: "v1.21.1", namespace: "cert-manager" })), []);
        assert.deepEqual(await resourceViolations(p, cm()), [
            `CertManager "hub-cert-manager" (kubernetes-cert-manager:index:CertManager, chart cert-manager): helmOptions.version is not set, so Helm installs the newest chart. Allowed: an exact chart version (for example "1.2.3").`,
        ]);
        assert.deepEqual(await resourceViolations(p, cm({ version: "1.x" })), [
            `CertManager "hub-cert-manager" (kubernetes-cert-manager:index:CertManager, chart cert-manager): helmOptions.version is "1.x", a version range that Helm resolves to the newest match. Allowed: an exact chart version (for example "1.2.3").`,
        ]);
    });

    it("does not apply to other resource types", async () => {
        assert.equal(
            await notApplicableReason(p, { type: TYPES.service, props: svc("web", "shop", { type: "ClusterIP" }) }),
            "Policy only applies to workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod, …), Helm releases and charts, and CertManager",
        );
    });

    it("sees through secrets and skips values unknown at preview", async () => {
        const withImage = (image: unknown): TestResource => ({
            type: "kubernetes:core/v1:Pod",
            name: "pod",
            props: { metadata: { name: "pod" }, spec: { containers: [{ name: "c", image }] } },
        });
        assert.deepEqual(await resourceViolations(p, withImage(secret("nginx"))), [
            `Pod "pod" (Pod default/pod): spec.containers[0].image nginx has no tag, so Kubernetes pulls :latest. ${PIN}`,
        ]);
        assert.deepEqual(await resourceViolations(p, withImage(UNKNOWN_STRING)), []);
        assert.deepEqual(await resourceViolations(p, { type: "kubernetes:core/v1:Pod", props: { spec: { containers: UNKNOWN_ARRAY } } }), []);
        assert.deepEqual(await resourceViolations(p, { type: TYPES.helmRelease, props: { chart: "metallb", version: UNKNOWN_STRING } }), []);
        // Without the proxy (props as recorded), the sentinels are still recognized.
        const outcome = await runResourcePolicy(p, createResourceValidationArgs(withImage(UNKNOWN_STRING), { proxy: false }));
        assert.deepEqual(outcome, { violations: [] });
    });

    it("parses image references and chart versions", () => {
        assert.deepEqual(["app", "app:", "app:latest", "app:1", "host:5000/app", "host:5000/app:v2", "app@sha256:ab", "app@"].map(imageProblem), [
            "has no tag, so Kubernetes pulls :latest",
            "has no tag, so Kubernetes pulls :latest",
            "uses the tag latest",
            undefined,
            "has no tag, so Kubernetes pulls :latest",
            undefined,
            undefined,
            "has no tag, so Kubernetes pulls :latest",
        ]);
        assert.deepEqual(["1.2.3", "v1.21.1", "latest", ">=1.0", "1.2.*", "~1.2", "1.2 - 1.4", 3].map(chartVersionProblem), [
            undefined,
            undefined,
            'is "latest"',
            'is ">=1.0", a version range that Helm resolves to the newest match',
            'is "1.2.*", a version range that Helm resolves to the newest match',
            'is "~1.2", a version range that Helm resolves to the newest match',
            'is "1.2 - 1.4", a version range that Helm resolves to the newest match',
            "is 3, not a version string",
        ]);
    });
});
