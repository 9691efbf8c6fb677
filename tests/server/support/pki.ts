// Throwaway PKI for HTTPS tests: a CA and a server certificate for 127.0.0.1/localhost.

import forge from "node-forge";

export interface TestPki {
    caCert: string;
    serverCert: string;
    serverKey: string;
}

function serial(): string {
    // Positive, non-zero serial: a leading 0x01 keeps the DER integer positive.
    return `01${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;
}

function validity(cert: forge.pki.Certificate): void {
    cert.validity.notBefore = new Date(Date.now() - 60_000);
    cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
}

export function createTestPki(): TestPki {
    const caKeys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
    const ca = forge.pki.createCertificate();
    ca.publicKey = caKeys.publicKey;
    ca.serialNumber = serial();
    validity(ca);
    const caName = [{ name: "commonName", value: "edge-orchestrator test CA" }];
    ca.setSubject(caName);
    ca.setIssuer(caName);
    ca.setExtensions([
        { name: "basicConstraints", cA: true, critical: true },
        { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
        { name: "subjectKeyIdentifier" },
    ]);
    ca.sign(caKeys.privateKey, forge.md.sha256.create());

    const serverKeys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
    const server = forge.pki.createCertificate();
    server.publicKey = serverKeys.publicKey;
    server.serialNumber = serial();
    validity(server);
    server.setSubject([{ name: "commonName", value: "localhost" }]);
    server.setIssuer(caName);
    server.setExtensions([
        { name: "basicConstraints", cA: false },
        { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
        { name: "extKeyUsage", serverAuth: true },
        {
            name: "subjectAltName",
            altNames: [
                { type: 7, ip: "127.0.0.1" },
                { type: 2, value: "localhost" },
            ],
        },
    ]);
    server.sign(caKeys.privateKey, forge.md.sha256.create());

    return {
        caCert: forge.pki.certificateToPem(ca),
        serverCert: forge.pki.certificateToPem(server),
        serverKey: forge.pki.privateKeyToPem(serverKeys.privateKey),
    };
}
