// Certificates for one loopback cluster: a CA, the kube-apiserver serving
// certificate (127.0.0.1, localhost and the in-cluster service names), an admin
// client certificate in system:masters, and the service-account signing key.
// Keys come from node's crypto (fast, native); node-forge writes the certificates.

import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as forge from "node-forge";

interface PkiMaterial {
    caCert: string;
    caKey: string;
    serverCert: string;
    serverKey: string;
    adminCert: string;
    adminKey: string;
    /** Service-account token signing key (PKCS#8) and its public key (SPKI). */
    saKey: string;
    saPub: string;
}

export interface ClusterPki extends PkiMaterial {
    /** The same, written as files in `dir`: the path of each. */
    files: Record<keyof PkiMaterial, string>;
}

function rsaKey(): { privatePem: string; publicPem: string } {
    const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    return {
        privatePem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
        publicPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    };
}

function certificate(opts: {
    subject: forge.pki.CertificateField[];
    publicPem: string;
    issuer?: { cert: forge.pki.Certificate; keyPem: string };
    selfKeyPem?: string;
    ca?: boolean;
    serverNames?: { dns: string[]; ips: string[] };
    client?: boolean;
}): forge.pki.Certificate {
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.publicKeyFromPem(opts.publicPem);
    // Positive and minimally encoded (Go's x509 rejects a leading zero byte): first byte 0x10-0x1f.
    cert.serialNumber = "1" + crypto.randomBytes(8).toString("hex").slice(1);
    cert.validity.notBefore = new Date(Date.now() - 60 * 60 * 1000);
    cert.validity.notAfter = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000);
    cert.setSubject(opts.subject);
    cert.setIssuer(opts.issuer ? opts.issuer.cert.subject.attributes : opts.subject);
    const ext: any[] = [];
    if (opts.ca) {
        ext.push({ name: "basicConstraints", cA: true, critical: true });
        ext.push({ name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true });
    } else {
        ext.push({ name: "basicConstraints", cA: false });
        ext.push({ name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true });
        ext.push({ name: "extKeyUsage", serverAuth: !!opts.serverNames, clientAuth: !!opts.client });
    }
    if (opts.serverNames) {
        ext.push({
            name: "subjectAltName",
            altNames: [
                ...opts.serverNames.dns.map((value) => ({ type: 2, value })),
                ...opts.serverNames.ips.map((ip) => ({ type: 7, ip })),
            ],
        });
    }
    ext.push({ name: "subjectKeyIdentifier" });
    cert.setExtensions(ext);
    const signer = forge.pki.privateKeyFromPem(opts.issuer ? opts.issuer.keyPem : opts.selfKeyPem!);
    cert.sign(signer as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
    return cert;
}

/** Node's PKCS#8 PEM → PKCS#1 "RSA PRIVATE KEY" PEM, which node-forge reads. */
function toPkcs1(pkcs8Pem: string): string {
    return crypto.createPrivateKey(pkcs8Pem).export({ type: "pkcs1", format: "pem" }).toString();
}

export function generateClusterPki(dir: string, clusterName: string): ClusterPki {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const ca = rsaKey();
    const caKeyPem = toPkcs1(ca.privatePem);
    const caSubject = [{ name: "commonName", value: `edge-interconnect-e2e-${clusterName}-ca` }];
    const caCert = certificate({ subject: caSubject, publicPem: ca.publicPem, selfKeyPem: caKeyPem, ca: true });
    const issuer = { cert: caCert, keyPem: caKeyPem };

    const server = rsaKey();
    const serverCert = certificate({
        subject: [{ name: "commonName", value: "kube-apiserver" }],
        publicPem: server.publicPem,
        issuer,
        serverNames: {
            dns: ["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"],
            // 10.96.0.1: first address of the service CIDR (the `kubernetes` Service); nothing listens there.
            ips: ["127.0.0.1", "10.96.0.1"],
        },
    });

    const admin = rsaKey();
    const adminCert = certificate({
        subject: [
            { name: "commonName", value: "edge-interconnect-e2e-admin" },
            { name: "organizationName", value: "system:masters" },
        ],
        publicPem: admin.publicPem,
        issuer,
        client: true,
    });

    const sa = rsaKey();
    const pki = {
        caCert: forge.pki.certificateToPem(caCert),
        caKey: caKeyPem,
        serverCert: forge.pki.certificateToPem(serverCert),
        serverKey: toPkcs1(server.privatePem),
        adminCert: forge.pki.certificateToPem(adminCert),
        adminKey: toPkcs1(admin.privatePem),
        saKey: sa.privatePem,
        saPub: sa.publicPem,
    };
    const files = {} as ClusterPki["files"];
    for (const [k, v] of Object.entries(pki) as [keyof ClusterPki["files"], string][]) {
        const file = path.join(dir, `${k}.pem`);
        fs.writeFileSync(file, v, { mode: 0o600 });
        files[k] = file;
    }
    return { ...pki, files };
}
