/**
 * The stack configuration's add-on keys: `hubs[].metallb`, `.certManager`,
 * `.skupperController`, `.imageRegistry`, `spokes[].skupperController`,
 * `.imageRegistry` and `.linkKeyAlgorithm`. They are validated with the
 * components' own rules (validateHubAddOns / validateSpokeAddOns), every
 * problem at once with its key path, and reach the components through the
 * stack program.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig, StackConfigError } from "../../sdk/stack/config";
import { RecordingMocks, unwrapSecrets, waitFor } from "../support/mocks";
import { kubeconfig, PKI_PROVIDERS } from "../support/clusters";

const MIRROR = "registry.example.com:5000/mirror";

/** A direct-mode stack: one hub, two spokes, each with a kubeconfig given as a secret value. */
function config(hub: Record<string, unknown> = {}, spokes: Record<string, unknown>[] = [{}, {}]): Record<string, unknown> {
    return {
        "edge-interconnect:network": { name: "addon-mesh" },
        "edge-interconnect:hubs": [
            {
                name: "store-hub",
                kubeconfig: kubeconfig("store-hub"),
                loadBalancer: { addresses: ["10.1.0.32/28"] },
                allowedSourceRanges: ["10.2.0.0/16"],
                exposedServices: [{ name: "payments", namespace: "shop", port: 8443, tls: true }],
                ...hub,
            },
        ],
        "edge-interconnect:spokes": spokes.map((s, i) => ({ name: `store-${i + 1}`, hub: "store-hub", kubeconfig: kubeconfig(`store-${i + 1}`), ...s })),
    };
}

function issuesOf(input: Record<string, unknown>) {
    try {
        parseStackConfig(input);
    } catch (e) {
        assert.ok(e instanceof StackConfigError, String(e));
        return e.issues;
    }
    assert.fail("accepted");
}

describe("stack configuration: add-ons of hubs and spokes", function () {
    it("records the add-on keys given, per member, as the components take them", () => {
        const stack = parseStackConfig(
            config(
                {
                    metallb: { install: false, namespace: "lb-system", chart: { path: "/charts/metallb-0.15.3.tgz", values: { speaker: { enabled: false } } } },
                    certManager: { install: false, chart: { repository: "oci://registry.example.com/charts", version: "v1.18.2" } },
                    skupperController: { install: false },
                    imageRegistry: MIRROR,
                },
                [{ skupperController: { install: true }, imageRegistry: MIRROR, linkKeyAlgorithm: "RSA" }, {}],
            ),
        );
        assert.deepEqual({ ...stack.addOns }, {
            "store-hub": {
                metallb: { install: false, namespace: "lb-system", chart: { path: "/charts/metallb-0.15.3.tgz", values: { speaker: { enabled: false } } } },
                certManager: { install: false, chart: { repository: "oci://registry.example.com/charts", version: "v1.18.2" } },
                skupperController: { install: false },
                imageRegistry: MIRROR,
            },
            "store-1": { skupperController: { install: true }, imageRegistry: MIRROR, linkKeyAlgorithm: "RSA" },
        });
        // Plain objects, as written: nothing of the prototype-less configuration copy reaches the components.
        assert.equal(Object.getPrototypeOf(stack.addOns["store-hub"].metallb!.chart!.values), Object.prototype);
        assert.deepEqual(
            [stack.topology.hubs.map((h) => h.name), stack.topology.spokes.map((s) => s.name)],
            [["store-hub"], ["store-1", "store-2"]],
        );
    });

    it("records nothing for members without add-on keys", () => {
        assert.deepEqual({ ...parseStackConfig(config()).addOns }, {});
    });

    it("accepts linkKeyAlgorithm ECDSA-P256", () => {
        assert.deepEqual({ ...parseStackConfig(config({}, [{ linkKeyAlgorithm: "ECDSA-P256" }])).addOns }, { "store-1": { linkKeyAlgorithm: "ECDSA-P256" } });
    });

    it("reports every add-on problem at once, each with its key path, together with the other problems", () => {
        const issues = issuesOf(
            config(
                {
                    metallb: { install: "no", namespace: "Metal_LB", chart: { repository: "https://charts.example.com", path: "/charts/metallb.tgz" }, webhook: true },
                    certManager: { chart: { repository: "https://user:pw@charts.example.com", values: ["a"] } },
                    skupperController: { install: 1 },
                    imageRegistry: "https://registry.example.com",
                    loadBalancer: { addresses: ["10.1.0.32/28"], routerIp: "10.9.0.1" },
                },
                [{ imageRegistry: "registry.example.com/mirror:1.0", linkKeyAlgorithm: "DSA", metallb: { install: false } }, { skupperController: true, linkKeyAlgorithm: 256 }],
            ),
        );
        assert.deepEqual(issues, [
            { path: "edge-interconnect:hubs[0].skupperController.install", message: "must be true or false" },
            { path: "edge-interconnect:hubs[0].imageRegistry", message: "must be a registry such as registry.example.com:5000/mirror (no scheme, no tag)" },
            { path: "edge-interconnect:hubs[0].metallb.install", message: "must be true or false" },
            { path: "edge-interconnect:hubs[0].metallb.namespace", message: "must be a namespace name" },
            { path: "edge-interconnect:hubs[0].metallb.chart.path", message: "and repository are both given; a chart comes from one of them" },
            { path: "edge-interconnect:hubs[0].metallb", message: 'unknown key(s) "webhook"' },
            { path: "edge-interconnect:hubs[0].certManager.chart.repository", message: "must be an http(s):// or oci:// URL without credentials" },
            { path: "edge-interconnect:hubs[0].certManager.chart.values", message: "must be a mapping of Helm values" },
            { path: "edge-interconnect:spokes[0].imageRegistry", message: "must be a registry such as registry.example.com:5000/mirror (no scheme, no tag)" },
            { path: "edge-interconnect:spokes[0].linkKeyAlgorithm", message: "must be ECDSA-P256 or RSA" },
            { path: "edge-interconnect:spokes[1].skupperController", message: "must be a mapping such as { install: false }" },
            { path: "edge-interconnect:spokes[1].linkKeyAlgorithm", message: "must be ECDSA-P256 or RSA" },
            {
                path: "edge-interconnect:hubs[0].loadBalancer.routerIp",
                message: "10.9.0.1 is not an address of the pool (10.1.0.32/28); MetalLB can only assign pool addresses",
            },
            // MetalLB and cert-manager are hub add-ons: on a spoke they are not configuration.
            { path: "edge-interconnect:spokes[0]", message: 'unknown key(s) "metallb"' },
        ]);
    });

    it("refuses add-on keys on orchestrator-managed members: the orchestrator's extension packages install them", () => {
        const managed = config({ orchestratorClusterId: "cluster-hub", kubeconfig: undefined, exposedServices: undefined, metallb: { install: false }, imageRegistry: MIRROR }, [
            { orchestratorClusterId: "cluster-1", kubeconfig: undefined, linkKeyAlgorithm: "RSA" },
        ]);
        managed["edge-interconnect:orchestrator"] = { apiUrl: "https://api.edge.example.com", project: "retail" };
        // `undefined` stands for a key that is not there, as in a stack file.
        const input = JSON.parse(JSON.stringify(managed));
        const why = "applies to the direct mode; an orchestrator-managed cluster (orchestratorClusterId) gets its add-ons from the orchestrator's extension packages";
        assert.deepEqual(issuesOf(input), [
            { path: "edge-interconnect:hubs[0].metallb", message: why },
            { path: "edge-interconnect:hubs[0].imageRegistry", message: why },
            { path: "edge-interconnect:spokes[0].linkKeyAlgorithm", message: why },
        ]);
    });

    it("names the first problem in the error's one-line message", () => {
        assert.throws(
            () => parseStackConfig(config({ metallb: { chart: { repository: "https://charts.example.com", path: "/charts/metallb.tgz" } } })),
            (e: Error) => e instanceof StackConfigError && e.message === "edge-interconnect:hubs[0].metallb.chart.path: and repository are both given; a chart comes from one of them",
        );
    });
});

describe("stack program: add-ons reach the components (mocks)", function () {
    const mocks = new RecordingMocks({}, PKI_PROVIDERS);
    let built: import("../../sdk/stack/program").Interconnect;

    before(async () => {
        await pulumi.runtime.setMocks(mocks, "edge-interconnect", "addons", false);
        const { buildInterconnect } = await import("../../sdk/stack/program");
        built = buildInterconnect(
            parseStackConfig(
                config(
                    {
                        metallb: { namespace: "lb-system", chart: { path: "/charts/metallb-0.15.3.tgz", values: { speaker: { logLevel: "debug" } } } },
                        certManager: { install: false },
                        skupperController: { install: false },
                        imageRegistry: MIRROR,
                    },
                    [{ imageRegistry: MIRROR, linkKeyAlgorithm: "RSA" }, { skupperController: { install: false } }],
                ),
            ),
        );
        await waitFor(() => mocks.ofType("edge-interconnect:index:SignedCertificate").length >= 2, "the spokes' link certificates");
        await waitFor(() => mocks.ofType("kubernetes:helm.sh/v3:Release").length === 1, "the MetalLB release");
    });

    it("the hub gets its add-ons, with the defaults filled by the component", () => {
        assert.deepEqual(built.hubs[0].addOns, {
            metallb: { install: true, namespace: "lb-system", chart: { path: "/charts/metallb-0.15.3.tgz", version: "0.15.3", values: { speaker: { logLevel: "debug" } } } },
            certManager: { install: false, chart: { repository: "https://charts.jetstack.io", version: "v1.21.1", values: {} } },
            skupperController: { install: false },
            imageRegistry: MIRROR,
        });
    });

    it("MetalLB comes from the configured local chart into the configured namespace, with the mirror's images; cert-manager is not installed", () => {
        const releases = mocks.ofType("kubernetes:helm.sh/v3:Release");
        assert.deepEqual(
            releases.map((r) => [r.name, r.inputs.chart, r.inputs.namespace, r.inputs.repositoryOpts, r.inputs.values.controller.image, r.inputs.values.speaker.logLevel]),
            [["store-hub-metallb", "/charts/metallb-0.15.3.tgz", "lb-system", undefined, { repository: `${MIRROR}/metallb/controller` }, "debug"]],
        );
        // The hub exposes a TLS service, so only certManager.install: false keeps cert-manager out.
        assert.deepEqual(mocks.ofType("kubernetes-cert-manager:index:CertManager"), []);
    });

    it("the site controller runs where skupperController.install is not false, from the mirror where one is configured", () => {
        const controllers = mocks
            .ofType("kubernetes:apps/v1:Deployment")
            .filter((d) => d.inputs.metadata.name === "skupper-site-controller")
            .map((d) => [d.name, d.inputs.spec.template.spec.containers[0].image]);
        assert.deepEqual(controllers, [["store-1-deployment-skupper-site-controller", `${MIRROR}/skupper/site-controller:1.9.6`]]);
    });

    it("the link certificate of a spoke with linkKeyAlgorithm gets that key type; the others leave it to the provider", () => {
        const certs = mocks
            .ofType("edge-interconnect:index:SignedCertificate")
            .map((c) => [c.name, unwrapSecrets(c.inputs).keyAlgorithm]);
        assert.deepEqual(certs.sort(), [
            ["store-1-link-cert", "RSA"],
            ["store-2-link-cert", undefined],
        ]);
    });
});
