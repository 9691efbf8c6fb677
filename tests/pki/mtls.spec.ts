/**
 * The generated material in a real mutual-TLS handshake on 127.0.0.1, with
 * Node's TLS stack (OpenSSL, as the router) verifying both sides as Skupper's
 * routers do: ECDSA P-256 leaves (the default) and RSA leaves, both under the RSA CA.
 */
import * as assert from "node:assert/strict";
import { AddressInfo } from "node:net";
import * as tls from "node:tls";
import { GeneratedCertificate, createCertificateAuthority, signCertificate } from "../../provider/pki/certificates";

interface HandshakeResult {
    /** Server side: the client certificate was verified. */
    serverAuthorized: boolean | undefined;
    /** Server side: the client certificate's CN. */
    serverSawClient: string | undefined;
    /** Server side: why the server refused the client's certificate (TLSSocket.authorizationError). */
    serverRejected: string | undefined;
    /** Client side: the server certificate was verified. */
    clientAuthorized: boolean | undefined;
    /** Client side: what the server sent before the connection closed. */
    received: string | undefined;
    /** Client side: code of the error that ended the connection. */
    clientError: string | undefined;
}

const TIMEOUT_MS = 5_000;

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} timed out after ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    });
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function codeOf(e: unknown): string {
    return String((e as { code?: unknown }).code ?? (e as Error).message);
}

/**
 * A TLS server requiring client certificates from `serverCa`, and one client
 * connection to it trusting `clientCa`. Every wait is bounded and everything
 * is closed before returning.
 */
async function handshake(
    server: { cert: GeneratedCertificate; ca: string },
    client: { cert: GeneratedCertificate; ca: string; maxVersion?: tls.SecureVersion },
): Promise<HandshakeResult> {
    const result: HandshakeResult = {
        serverAuthorized: undefined,
        serverSawClient: undefined,
        serverRejected: undefined,
        clientAuthorized: undefined,
        received: undefined,
        clientError: undefined,
    };
    let serverDone!: () => void;
    const serverSettled = new Promise<void>((resolve) => (serverDone = resolve));
    const srv = tls.createServer({
        key: server.cert.keyPem,
        cert: server.cert.certPem,
        ca: [server.ca],
        requestCert: true,
        rejectUnauthorized: true,
    });
    srv.on("secureConnection", (socket) => {
        result.serverAuthorized = socket.authorized;
        result.serverSawClient = socket.getPeerCertificate().subject?.CN as string | undefined;
        socket.end(`hello ${result.serverSawClient}`);
    });
    // With rejectUnauthorized the server drops a connection whose client certificate fails verification;
    // the dropped socket carries the reason.
    srv.on("tlsClientError", (_err, socket) => {
        if (socket.authorizationError) result.serverRejected = String(socket.authorizationError);
    });
    // The raw TCP socket closes last, whatever happened above it.
    srv.on("connection", (raw) => raw.on("close", () => serverDone()));
    try {
        await withTimeout(new Promise<void>((resolve, reject) => srv.listen(0, "127.0.0.1", resolve).once("error", reject)), "listen");
        const port = (srv.address() as AddressInfo).port;
        const socket = tls.connect({
            host: "127.0.0.1",
            port,
            key: client.cert.keyPem,
            cert: client.cert.certPem,
            ca: [client.ca],
            rejectUnauthorized: true,
            maxVersion: client.maxVersion,
        });
        try {
            await withTimeout(
                new Promise<void>((resolve) => {
                    let data = "";
                    socket.on("secureConnect", () => (result.clientAuthorized = socket.authorized));
                    socket.on("data", (c: Buffer) => (data += c.toString("utf8")));
                    socket.on("error", (err) => (result.clientError = codeOf(err)));
                    // "close" follows both "end" and "error".
                    socket.on("close", () => {
                        result.received = data;
                        resolve();
                    });
                }),
                "client connection",
            );
            await withTimeout(serverSettled, "server handshake");
        } finally {
            socket.destroy();
        }
    } finally {
        await withTimeout(new Promise<void>((resolve) => srv.close(() => resolve())), "server close");
    }
    return result;
}

describe("pki certificates in a mutual-TLS handshake", function () {
    this.timeout(20_000);
    let ca1: GeneratedCertificate;
    let ca2: GeneratedCertificate;
    let serverCert: GeneratedCertificate;
    let clientCert: GeneratedCertificate;
    let rogueClientCert: GeneratedCertificate;
    let rsaServerCert: GeneratedCertificate;
    let rsaClientCert: GeneratedCertificate;

    before(async () => {
        ca1 = await createCertificateAuthority({ commonName: "hub-a-site-ca" });
        ca2 = await createCertificateAuthority({ commonName: "hub-b-site-ca" });
        serverCert = await signCertificate({
            caCertPem: ca1.certPem,
            caKeyPem: ca1.keyPem,
            commonName: "skupper-site-server",
            ipAddresses: ["127.0.0.1"],
            usages: ["server", "client"],
        });
        clientCert = await signCertificate({ caCertPem: ca1.certPem, caKeyPem: ca1.keyPem, commonName: "spoke-1-link", usages: ["client"] });
        rogueClientCert = await signCertificate({ caCertPem: ca2.certPem, caKeyPem: ca2.keyPem, commonName: "spoke-1-link", usages: ["client"] });
        rsaServerCert = await signCertificate({
            caCertPem: ca1.certPem,
            caKeyPem: ca1.keyPem,
            commonName: "skupper-site-server",
            ipAddresses: ["127.0.0.1"],
            usages: ["server", "client"],
            keyAlgorithm: "RSA",
        });
        rsaClientCert = await signCertificate({
            caCertPem: ca1.certPem,
            caKeyPem: ca1.keyPem,
            commonName: "spoke-2-link",
            usages: ["client"],
            keyAlgorithm: "RSA",
        });
    });

    it("uses ECDSA P-256 leaf keys by default, under the RSA CA", () => {
        for (const c of [serverCert, clientCert, rogueClientCert]) assert.equal(c.keyPem.split("\n")[0], "-----BEGIN EC PRIVATE KEY-----");
        assert.equal(rsaClientCert.keyPem.split("\n")[0], "-----BEGIN RSA PRIVATE KEY-----");
    });

    it("authorises ECDSA and RSA leaves mixed, and ECDSA leaves over TLS 1.2 (ECDHE-ECDSA)", async () => {
        const ok = (cn: string) => ({
            serverAuthorized: true,
            serverSawClient: cn,
            serverRejected: undefined,
            clientAuthorized: true,
            received: `hello ${cn}`,
            clientError: undefined,
        });
        assert.deepEqual(await handshake({ cert: serverCert, ca: ca1.certPem }, { cert: rsaClientCert, ca: ca1.certPem }), ok("spoke-2-link"));
        assert.deepEqual(await handshake({ cert: rsaServerCert, ca: ca1.certPem }, { cert: clientCert, ca: ca1.certPem }), ok("spoke-1-link"));
        assert.deepEqual(
            await handshake({ cert: serverCert, ca: ca1.certPem }, { cert: clientCert, ca: ca1.certPem, maxVersion: "TLSv1.2" }),
            ok("spoke-1-link"),
        );
        assert.deepEqual(
            await handshake({ cert: rsaServerCert, ca: ca1.certPem }, { cert: rsaClientCert, ca: ca1.certPem, maxVersion: "TLSv1.2" }),
            ok("spoke-2-link"),
        );
    });

    it("authorises both sides when server and client certificates come from the same CA", async () => {
        const r = await handshake({ cert: serverCert, ca: ca1.certPem }, { cert: clientCert, ca: ca1.certPem });
        assert.deepEqual(r, {
            serverAuthorized: true,
            serverSawClient: "spoke-1-link",
            serverRejected: undefined,
            clientAuthorized: true,
            received: "hello spoke-1-link",
            clientError: undefined,
        });
    });

    it("rejects a client certificate signed by another CA", async () => {
        const r = await handshake({ cert: serverCert, ca: ca1.certPem }, { cert: rogueClientCert, ca: ca1.certPem });
        assert.deepEqual(r, {
            serverAuthorized: undefined,
            serverSawClient: undefined,
            serverRejected: "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
            // TLS 1.3: the client has finished its side before the server checks its certificate and hangs up.
            clientAuthorized: true,
            received: "",
            clientError: undefined,
        });
    });

    it("makes the client reject a server whose certificate comes from a CA it does not trust", async () => {
        const r = await handshake({ cert: serverCert, ca: ca1.certPem }, { cert: clientCert, ca: ca2.certPem });
        // The server sends its chain up to hub-a-site-ca, which this client does not trust.
        assert.equal(r.clientError, "SELF_SIGNED_CERT_IN_CHAIN");
        assert.equal(r.clientAuthorized, undefined);
        assert.equal(r.received, "");
    });
});
