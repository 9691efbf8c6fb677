/**
 * CertificateAuthority and SignedCertificate under pulumi.runtime.setMocks:
 * the type tokens they register, their inputs, and which values Pulumi is
 * told to keep secret.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { RecordingMocks, inspect, isSecretValue, unwrapSecrets } from "../support/mocks";

const CA_TYPE = "edge-interconnect:index:CertificateAuthority";
const CERT_TYPE = "edge-interconnect:index:SignedCertificate";
const FAKE_CA_KEY = "-----BEGIN RSA PRIVATE KEY-----\nZmFrZS1jYS1rZXktZm9yLW1vY2tz\n-----END RSA PRIVATE KEY-----\n";
const FAKE_CA_CERT = "-----BEGIN CERTIFICATE-----\nZmFrZS1jYS1jZXJ0\n-----END CERTIFICATE-----\n";

type SecretOutputs = string[] | undefined;

/** Records through RecordingMocks, and answers for a CertificateAuthority as its provider would: with generated material. */
class PkiMocks implements pulumi.runtime.Mocks {
    readonly recorder: RecordingMocks;
    constructor() {
        this.recorder = new RecordingMocks();
    }

    get resources() {
        return this.recorder.resources;
    }

    async newResource(args: pulumi.runtime.MockResourceArgs): Promise<{ id: string | undefined; state: Record<string, any> }> {
        const answer = await this.recorder.newResource(args);
        if (args.type !== CA_TYPE) return answer;
        return { ...answer, state: { ...answer.state, certPem: FAKE_CA_CERT, keyPem: FAKE_CA_KEY, notAfter: "2030-01-01T00:00:00.000Z", serialNumber: "0a" } };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, any> | Promise<Record<string, any>> {
        return this.recorder.call(args);
    }

    reset(): void {
        this.recorder.reset();
    }
}

/** A transformation that records additionalSecretOutputs per resource type. */
function recordSecretOutputs(seen: [string, SecretOutputs][]): pulumi.ResourceTransformation {
    return (a) => {
        seen.push([a.type, (a.opts as pulumi.CustomResourceOptions).additionalSecretOutputs]);
        return undefined;
    };
}

describe("pki resources (mocks)", () => {
    const mocks = new PkiMocks();
    let pki: typeof import("../../provider/pki");

    before(async () => {
        await pulumi.runtime.setMocks(mocks, "edge-interconnect-test", "dev", false);
        pki = await import("../../provider/pki");
    });
    beforeEach(() => mocks.reset());

    it("CertificateAuthority registers its custom resource type with exactly the given inputs", async () => {
        const ca = new pki.CertificateAuthority("network-ca", { commonName: "Interconnect Network CA", organization: "Edge Interconnect", validityDays: 365 });
        assert.equal((await inspect(ca.commonName)).value, "Interconnect Network CA");
        assert.deepEqual(
            mocks.resources.map((r) => [r.type, r.name, r.custom]),
            [[CA_TYPE, "network-ca", true]],
        );
        assert.deepEqual(mocks.resources[0].inputs, { commonName: "Interconnect Network CA", organization: "Edge Interconnect", validityDays: 365 });
    });

    it("CertificateAuthority asks the engine to encrypt keyPem (additionalSecretOutputs)", async () => {
        const seen: [string, SecretOutputs][] = [];
        const ca = new pki.CertificateAuthority("site-ca", { commonName: "hub-a-site-ca" }, { transformations: [recordSecretOutputs(seen)] });
        await inspect(ca.commonName);
        assert.deepEqual(seen, [[CA_TYPE, ["keyPem"]]]);
    });

    it("CertificateAuthority keeps secret outputs the caller asked for besides keyPem", async () => {
        const seen: [string, SecretOutputs][] = [];
        const ca = new pki.CertificateAuthority(
            "site-ca-2",
            { commonName: "hub-b-site-ca" },
            { additionalSecretOutputs: ["certPem"], transformations: [recordSecretOutputs(seen)] },
        );
        await inspect(ca.commonName);
        assert.deepEqual(seen, [[CA_TYPE, ["certPem", "keyPem"]]]);
    });

    it("SignedCertificate registers its custom resource type, sends caKeyPem as a secret and marks keyPem and caKeyPem secret", async () => {
        const seen: [string, SecretOutputs][] = [];
        const cert = new pki.SignedCertificate(
            "spoke-1-link",
            { caCertPem: FAKE_CA_CERT, caKeyPem: FAKE_CA_KEY, commonName: "spoke-1-link", usages: ["client"], ipAddresses: ["192.0.2.1"] },
            { transformations: [recordSecretOutputs(seen)] },
        );
        assert.equal((await inspect(cert.caCertPem)).value, FAKE_CA_CERT);
        assert.deepEqual(seen, [[CERT_TYPE, ["keyPem", "caKeyPem"]]]);
        assert.deepEqual(
            mocks.resources.map((r) => [r.type, r.name]),
            [[CERT_TYPE, "spoke-1-link"]],
        );
        const inputs = mocks.resources[0].inputs;
        assert.equal(isSecretValue(inputs.caKeyPem), true, "caKeyPem reaches the engine as a secret");
        assert.equal(isSecretValue(inputs.caCertPem), false);
        assert.deepEqual(unwrapSecrets(inputs), {
            caCertPem: FAKE_CA_CERT,
            caKeyPem: FAKE_CA_KEY,
            commonName: "spoke-1-link",
            ipAddresses: ["192.0.2.1"],
            usages: ["client"],
        });
        assert.equal((await inspect(cert.usages)).value?.join(","), "client");
    });

    it("SignedCertificate sends keyAlgorithm only when given, so the provider decides the default (and keeps an existing key type)", async () => {
        const rsa = new pki.SignedCertificate("rsa-link", {
            caCertPem: FAKE_CA_CERT,
            caKeyPem: FAKE_CA_KEY,
            commonName: "rsa-link",
            usages: ["client"],
            keyAlgorithm: "RSA",
        });
        const dflt = new pki.SignedCertificate("default-link", {
            caCertPem: FAKE_CA_CERT,
            caKeyPem: FAKE_CA_KEY,
            commonName: "default-link",
            usages: ["client"],
        });
        await Promise.all([inspect(rsa.commonName), inspect(dflt.commonName)]);
        const sent = Object.fromEntries(mocks.resources.map((r) => [r.name, r.inputs.keyAlgorithm]));
        assert.deepEqual(sent, { "rsa-link": "RSA", "default-link": undefined });
    });

    it("SignedCertificate takes its CA from a CertificateAuthority's outputs", async () => {
        const ca = new pki.CertificateAuthority("hub-ca", { commonName: "hub-ca" });
        const cert = new pki.SignedCertificate("hub-server", {
            caCertPem: ca.certPem,
            caKeyPem: ca.keyPem,
            commonName: "skupper-site-server",
            usages: ["server"],
        });
        await inspect(cert.commonName);
        assert.deepEqual(
            mocks.resources.map((r) => [r.type, r.name]),
            [
                [CA_TYPE, "hub-ca"],
                [CERT_TYPE, "hub-server"],
            ],
        );
        const inputs = mocks.resources[1].inputs;
        // The mocks do not apply additionalSecretOutputs, so this secrecy is SignedCertificate's own pulumi.secret.
        assert.equal(isSecretValue(inputs.caKeyPem), true);
        assert.deepEqual(unwrapSecrets(inputs), {
            caCertPem: FAKE_CA_CERT,
            caKeyPem: FAKE_CA_KEY,
            commonName: "skupper-site-server",
            usages: ["server"],
        });
    });
});
