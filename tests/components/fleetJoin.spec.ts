/**
 * Hubs and spokes in separate stacks (issue 17 §1–2), under mocks with the
 * real PKI providers: a hub stack with a shard exports that shard's join
 * information; a shard stack reads it through a StackReference and builds
 * its spokes. Per spoke, the registrations equal those of the same topology
 * in one program, except the documented chain in the link (leaf + shard CA);
 * the chain verifies against the hub's site CA with openssl; the join
 * information carries no site CA key.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { intermediateAuthorityProvider } from "../../provider/pki";
import { JoinInfo } from "../../sdk/join/joinInfo";
import { OpensslWorkspace } from "../pki/openssl";
import { RecordingMocks, StackReferenceMocks, inspect, isSecretValue, unwrapSecrets, waitFor } from "../support/mocks";
import { pemShape, registrationsOf } from "../support/registrations";
import { kubeconfig, PKI_PROVIDERS, SHOP_HUB_ARGS } from "../support/clusters";

const PROVIDERS = { ...PKI_PROVIDERS, "edge-interconnect:index:IntermediateAuthority": intermediateAuthorityProvider };
const SPOKES = ["store-1", "store-2"];
const HUB_ARGS = { ...SHOP_HUB_ARGS, shards: ["east"] };

async function untilLinks(mocks: RecordingMocks) {
    await waitFor(() => SPOKES.every((s) => mocks.resources.some((r) => r.name === `${s}-secret-interconnect-link-to-store-hub`)), "the spokes' links", 30_000);
    await waitFor(
        () => SPOKES.every((s) => mocks.resources.some((r) => r.name === `${s}-secret-interconnect-skupper-tls-client`)),
        "the spokes' trust",
        30_000,
    );
}

describe("hub stack and shard stack joined through joinInfo (mocks)", function () {
    this.timeout(120_000);
    let sdk: typeof import("../../sdk");
    const oneProgram = new RecordingMocks({}, PROVIDERS);
    const hubStack = new RecordingMocks({}, PROVIDERS);
    let shardStack: StackReferenceMocks;
    let exported: { value: JoinInfo | undefined; isSecret: boolean };
    let siteCa: { certPem: string; keyPem: string };
    let shardCaCertPem: string;
    let shardSpokes: import("../../sdk").SpokeCluster[];
    let readJoin: JoinInfo<pulumi.Input<string>>;

    before(async () => {
        sdk = await import("../../sdk");
        // 1. One program: the hub and its spokes together.
        await pulumi.runtime.setMocks(oneProgram, "edge-interconnect", "one", false);
        {
            const network = new sdk.InterconnectNetwork("shop-mesh");
            const hub = new sdk.HubCluster("store-hub", { network, kubeconfig: kubeconfig("store-hub"), ...HUB_ARGS });
            SPOKES.forEach((n) => new sdk.SpokeCluster(n, { network, hub, kubeconfig: kubeconfig(n) }));
            await untilLinks(oneProgram);
        }
        // 2. The hub stack: no spokes, the shard's join information as its output.
        await pulumi.runtime.setMocks(hubStack, "edge-interconnect", "hub", false);
        {
            const network = new sdk.InterconnectNetwork("shop-mesh");
            const hub = new sdk.HubCluster("store-hub", { network, kubeconfig: kubeconfig("store-hub"), ...HUB_ARGS });
            exported = await inspect(hub.joinInfoFor("east"));
            siteCa = { certPem: (await inspect(hub.siteCa!.certPem)).value!, keyPem: (await inspect(hub.siteCa!.keyPem)).value! };
            shardCaCertPem = (await inspect(hub.shardCas.east.certPem)).value!;
        }
        // 3. The shard stack: the spokes, from the hub stack's output through a StackReference.
        shardStack = new StackReferenceMocks(() => ({ joinInfo: { "store-hub": { east: exported.value } } }), ["joinInfo"], {}, PROVIDERS);
        await pulumi.runtime.setMocks(shardStack, "edge-interconnect", "east", false);
        const ref = new pulumi.StackReference("organization/edge-interconnect/hub");
        readJoin = await sdk.readJoinInfo(ref, "joinInfo", ["store-hub", "east"]);
        shardSpokes = SPOKES.map((n) => new sdk.SpokeCluster(n, { hub: readJoin, kubeconfig: kubeconfig(n) }));
        await untilLinks(shardStack);
        await Promise.all(shardSpokes.map((s) => inspect(s.linkCertificate!.certPem)));
    });

    it("exports the shard's join information as a secret: facts, the site CA certificate and the shard CA, no site CA key", () => {
        assert.equal(exported.isSecret, true);
        const info = exported.value!;
        assert.deepEqual(
            { ...info, siteCaCertPem: pemShape(info.siteCaCertPem), signer: pemShape(info.signer), networkCa: pemShape(info.networkCa) },
            {
                format: "edge-interconnect/join-info/v1",
                network: "shop-mesh",
                skupperVersion: "v1",
                naming: { annotationPrefix: "network.app.orchestrator.io", siteNamespace: "interconnect" },
                hub: "store-hub",
                shard: "east",
                routerIp: "10.1.0.33",
                interRouterPort: 55671,
                edgePort: 45671,
                exposedServices: [
                    { name: "my-backend", port: 8080, tls: false },
                    { name: "payments", port: 8443, tls: true },
                ],
                siteCaCertPem: "PEM[CERTIFICATE]",
                signer: { certPem: "PEM[CERTIFICATE]", keyPem: "PEM[RSA PRIVATE KEY]", chainPem: "PEM[CERTIFICATE]" },
                networkCa: { certPem: "PEM[CERTIFICATE]", keyPem: "PEM[RSA PRIVATE KEY]" },
            },
        );
        assert.equal(info.siteCaCertPem, siteCa.certPem);
        assert.equal(info.signer.certPem, shardCaCertPem);
        assert.equal(JSON.stringify(info).includes(siteCa.keyPem.split("\n")[1]), false, "no line of the site CA key");
    });

    it("registers, per spoke, what the one-program topology registers, except the chain in the link's tls.crt", () => {
        for (const spoke of SPOKES) {
            const expected = registrationsOf(oneProgram.resources, spoke) as Record<string, any>;
            const actual = registrationsOf(shardStack.resources, spoke) as Record<string, any>;
            const link = `${spoke}-secret-interconnect-link-to-store-hub`;
            assert.equal(expected[link].inputs.stringData["tls.crt"], "PEM[CERTIFICATE]");
            expected[link].inputs.stringData["tls.crt"] = "PEM[CERTIFICATE,CERTIFICATE]";
            assert.deepEqual(actual, expected);
            assert.equal(Object.keys(actual).length, 13, `${spoke}: ${Object.keys(actual).join(", ")}`);
        }
    });

    it("keeps the shard CA's and the network CA's keys secret in the shard stack's registrations", () => {
        for (const spoke of SPOKES) {
            const cert = shardStack.resources.find((r) => r.name === `${spoke}-link-cert`)!;
            assert.equal(isSecretValue(cert.inputs.caKeyPem), true);
            const serviceCa = shardStack.resources.find((r) => r.name === `${spoke}-secret-interconnect-skupper-service-ca`)!;
            assert.equal(isSecretValue(serviceCa.inputs.stringData), true, JSON.stringify(Object.keys(serviceCa.inputs)));
        }
        const all = JSON.stringify(shardStack.resources.map((r) => unwrapSecrets(r.inputs)));
        assert.equal(all.includes(siteCa.keyPem.split("\n")[1]), false, "no line of the site CA key anywhere in the shard stack");
    });

    it("puts a chain in the link that openssl verifies against the hub's site CA as a TLS client", () => {
        const ws = new OpensslWorkspace();
        try {
            for (const spoke of SPOKES) {
                const secret = unwrapSecrets(shardStack.resources.find((r) => r.name === `${spoke}-secret-interconnect-link-to-store-hub`)!.inputs);
                const crt: string = secret.stringData["tls.crt"];
                assert.equal(secret.stringData["ca.crt"], siteCa.certPem);
                const [leaf, ...rest] = crt.split(/(?=-----BEGIN CERTIFICATE-----)/);
                assert.equal(rest.join(""), shardCaCertPem);
                assert.deepEqual(ws.verify(siteCa.certPem, leaf, "-untrusted", ws.file(rest.join(""), "chain.crt"), "-purpose", "sslclient"), {
                    status: 0,
                    output: "leaf.crt: OK",
                });
                assert.equal(ws.x509(leaf, "-subject"), `subject=CN = ${spoke}`);
            }
        } finally {
            ws.cleanup();
        }
    });

    it("reads the facts as plain values and the keys as secrets", async () => {
        assert.equal(readJoin.routerIp, "10.1.0.33");
        assert.equal((await inspect(pulumi.output(readJoin.signer.keyPem))).isSecret, true);
        assert.equal((await inspect(pulumi.output(readJoin.networkCa!.keyPem))).isSecret, true);
        assert.equal((await inspect(pulumi.output(readJoin.signer.certPem))).isSecret, false);
        assert.deepEqual(
            shardSpokes.map((s) => [s.linkName, s.hubAddress, s.serviceAddresses]),
            SPOKES.map(() => [
                "link-to-store-hub",
                "10.1.0.33:55671",
                { "my-backend": "my-backend.interconnect.svc.cluster.local:8080", payments: "payments.interconnect.svc.cluster.local:8443" },
            ]),
        );
    });
});

describe("a Skupper v2 hub stack and its shard stack (mocks)", function () {
    this.timeout(120_000);
    const V2_SPOKES = ["store-1", "store-2"];
    // The v2 spoke objects that come last: the Link, the TLS listener's certificate Secret, the plain Listener.
    const lastOf = (spoke: string) => [
        `${spoke}-link-interconnect-link-to-store-hub`,
        `${spoke}-secret-interconnect-skupper-tls-payments`,
        `${spoke}-listener-interconnect-my-backend`,
    ];
    const untilV2 = (mocks: RecordingMocks) =>
        waitFor(() => V2_SPOKES.flatMap(lastOf).every((n) => mocks.resources.some((r) => r.name === n)), "the v2 spokes' objects", 30_000);

    it("carries the hub's backend in the join information, and a shard's spokes build v2 objects as in one program, chain aside", async () => {
        const sdk = await import("../../sdk");
        const oneProgram = new RecordingMocks({}, PROVIDERS);
        await pulumi.runtime.setMocks(oneProgram, "edge-interconnect", "one-v2", false);
        {
            const network = new sdk.InterconnectNetwork("shop-mesh", { skupperVersion: "v2" });
            const hub = new sdk.HubCluster("store-hub", { network, kubeconfig: kubeconfig("store-hub"), ...HUB_ARGS });
            V2_SPOKES.forEach((n) => new sdk.SpokeCluster(n, { network, hub, kubeconfig: kubeconfig(n) }));
            await untilV2(oneProgram);
        }
        const hubStack = new RecordingMocks({}, PROVIDERS);
        await pulumi.runtime.setMocks(hubStack, "edge-interconnect", "hub-v2", false);
        let exported: JoinInfo;
        {
            const network = new sdk.InterconnectNetwork("shop-mesh", { skupperVersion: "v2" });
            const hub = new sdk.HubCluster("store-hub", { network, kubeconfig: kubeconfig("store-hub"), ...HUB_ARGS });
            exported = (await inspect(hub.joinInfoFor("east"))).value!;
        }
        assert.equal(exported.skupperVersion, "v2");
        const shardStack = new StackReferenceMocks(() => ({ joinInfo: { "store-hub": { east: exported } } }), ["joinInfo"], {}, PROVIDERS);
        await pulumi.runtime.setMocks(shardStack, "edge-interconnect", "east-v2", false);
        const join = await sdk.readJoinInfo(new pulumi.StackReference("organization/edge-interconnect/hub-v2"), "joinInfo", ["store-hub", "east"]);
        V2_SPOKES.forEach((n) => new sdk.SpokeCluster(n, { hub: join, kubeconfig: kubeconfig(n) }));
        await untilV2(shardStack);
        for (const spoke of V2_SPOKES) {
            const expected = registrationsOf(oneProgram.resources, spoke) as Record<string, any>;
            const actual = registrationsOf(shardStack.resources, spoke) as Record<string, any>;
            const link = `${spoke}-secret-interconnect-link-to-store-hub`;
            assert.equal(expected[link].inputs.stringData["tls.crt"], "PEM[CERTIFICATE]");
            expected[link].inputs.stringData["tls.crt"] = "PEM[CERTIFICATE,CERTIFICATE]";
            assert.deepEqual(actual, expected);
            assert.equal(actual[`${spoke}-link-interconnect-link-to-store-hub`].type, "kubernetes:skupper.io/v2alpha1:Link");
            assert.equal(Object.values(actual).filter((r: any) => r.type === "kubernetes:core/v1:ConfigMap").length, 0, "no v1 site ConfigMap");
        }
    });
});
