// TLS inputs and the agent the server uses to reach its own JWKS endpoint.

import { X509Certificate } from "node:crypto";
import { promises as fs } from "node:fs";
import * as https from "node:https";
import type { PeerCertificate } from "node:tls";
import type { TlsOptions } from "./types";

export interface TlsMaterial {
    cert: string;
    key: string;
    ca?: string;
}

export async function loadTlsMaterial(options: TlsOptions): Promise<TlsMaterial> {
    if ("certFile" in options) {
        const [cert, key, ca] = await Promise.all([
            fs.readFile(options.certFile, "utf8"),
            fs.readFile(options.keyFile, "utf8"),
            options.caFile === undefined ? Promise.resolve(undefined) : fs.readFile(options.caFile, "utf8"),
        ]);
        return ca === undefined ? { cert, key } : { cert, key, ca };
    }
    return options.ca === undefined ? { cert: options.cert, key: options.key } : { ...options };
}

/**
 * An agent that trusts exactly the server's own certificate. The leaf is accepted as
 * a trust anchor (partial chain) and then pinned by fingerprint, so this works for
 * self-signed and CA-issued certificates alike, whatever names the certificate
 * carries, without ever disabling verification.
 */
export function selfTrustingAgent(material: TlsMaterial): https.Agent {
    const ownFingerprint = new X509Certificate(material.cert).fingerprint256;
    return new https.Agent({
        keepAlive: false,
        ca: material.ca === undefined ? material.cert : [material.cert, material.ca],
        allowPartialTrustChain: true,
        checkServerIdentity: (_host: string, peer: PeerCertificate) =>
            peer.fingerprint256 === ownFingerprint ? undefined : new Error("JWKS endpoint presented a certificate other than this server's"),
    });
}
