/**
 * The TypeScript classes of the custom resources under pulumi.runtime.setMocks:
 * each registers `edge-interconnect:index:<Name>` as a custom resource, with
 * the alias from its dynamic type (so stacks of the previous release keep
 * their records, issue 16 §3), its always-secret outputs, and whatever
 * aliases and secret outputs the caller adds.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { RecordingMocks, inspect } from "../support/mocks";

const CA_CERT = "-----BEGIN CERTIFICATE-----\nZmFrZQ==\n-----END CERTIFICATE-----\n";
const CA_KEY = "-----BEGIN RSA PRIVATE KEY-----\nZmFrZQ==\n-----END RSA PRIVATE KEY-----\n";

interface Seen {
    type: string;
    name: string;
    aliases: unknown[];
    additionalSecretOutputs: string[] | undefined;
}

function record(seen: Seen[]): pulumi.ResourceTransformation {
    return (a) => {
        const opts = a.opts as pulumi.CustomResourceOptions;
        seen.push({ type: a.type, name: a.name, aliases: [...(opts.aliases ?? [])], additionalSecretOutputs: opts.additionalSecretOutputs });
        return undefined;
    };
}

describe("custom resource classes (mocks)", () => {
    const mocks = new RecordingMocks();
    before(async () => {
        await pulumi.runtime.setMocks(mocks, "edge-interconnect-test", "dev", false);
    });
    beforeEach(() => mocks.reset());

    it("each class registers its type token with the alias from the dynamic type and its secret outputs", async () => {
        const { NetworkResource } = await import("../../provider/network/resource");
        const { OrchestratorDeployment } = await import("../../provider/deployment/resource");
        const pki = await import("../../provider/pki");
        const seen: Seen[] = [];
        const opts = { transformations: [record(seen)] };
        const orch = { apiUrl: "https://api.edge.example.com", project: "retail", token: "t" };
        const made = [
            new NetworkResource("n", { ...orch, networkName: "mesh" }, opts),
            new OrchestratorDeployment("d", { ...orch, appName: "skupper", appVersion: "0.3.1" }, opts),
            new pki.CertificateAuthority("ca", { commonName: "ca" }, opts),
            new pki.SignedCertificate("c", { caCertPem: CA_CERT, caKeyPem: CA_KEY, commonName: "c", usages: ["client"] }, opts),
            new pki.IntermediateAuthority("i", { caCertPem: CA_CERT, caKeyPem: CA_KEY, commonName: "i", permittedDnsDomain: "shard.example" }, opts),
        ];
        await Promise.all(made.map((r) => inspect(r.urn)));
        const alias = (name: string) => [{ type: `pulumi-nodejs:dynamic/edge-interconnect:${name}` }];
        assert.deepEqual(seen, [
            { type: "edge-interconnect:index:Network", name: "n", aliases: alias("Network"), additionalSecretOutputs: ["token", "password"] },
            { type: "edge-interconnect:index:Deployment", name: "d", aliases: alias("Deployment"), additionalSecretOutputs: ["token", "password"] },
            { type: "edge-interconnect:index:CertificateAuthority", name: "ca", aliases: alias("CertificateAuthority"), additionalSecretOutputs: ["keyPem"] },
            {
                type: "edge-interconnect:index:SignedCertificate",
                name: "c",
                aliases: alias("SignedCertificate"),
                additionalSecretOutputs: ["keyPem", "caKeyPem"],
            },
            {
                type: "edge-interconnect:index:IntermediateAuthority",
                name: "i",
                aliases: alias("IntermediateAuthority"),
                additionalSecretOutputs: ["keyPem", "caKeyPem"],
            },
        ]);
        // Registered (in whatever order the inputs resolve) as custom resources.
        assert.deepEqual(mocks.resources.map((r) => `${r.type} ${r.name} ${r.custom}`).sort(), seen.map((s) => `${s.type} ${s.name} true`).sort());
    });

    it("keeps the caller's aliases and secret outputs beside its own", async () => {
        const { NetworkResource } = await import("../../provider/network/resource");
        const seen: Seen[] = [];
        const net = new NetworkResource(
            "renamed",
            { apiUrl: "https://api.edge.example.com", project: "retail", networkName: "mesh", token: "t" },
            { aliases: [{ name: "old-name" }], additionalSecretOutputs: ["description"], transformations: [record(seen)] },
        );
        await inspect(net.urn);
        assert.deepEqual(seen, [
            {
                type: "edge-interconnect:index:Network",
                name: "renamed",
                aliases: [{ name: "old-name" }, { type: "pulumi-nodejs:dynamic/edge-interconnect:Network" }],
                additionalSecretOutputs: ["description", "token", "password"],
            },
        ]);
    });
});
