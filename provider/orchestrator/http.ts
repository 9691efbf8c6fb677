/**
 * One HTTP exchange over node:http/https with a hard deadline. Kept separate
 * from the client so that retry, auth and error mapping stay testable on their
 * own. TLS verification is always on; a private CA is added, never a bypass.
 */

export interface HttpRequest {
    method: string;
    url: URL;
    headers: Record<string, string>;
    body?: string;
    /** Abort the exchange after this long (connect + response). */
    timeoutMs: number;
    /** Extra trusted CA bundle (PEM) for https URLs. */
    caCert?: string;
}

export interface HttpResponse {
    status: number;
    headers: Record<string, string | undefined>;
    body: string;
}

/** Transport failure before an HTTP status arrived. */
export interface TransportFailure {
    code: string;
    detail: string;
    /** The request bytes may have reached the server (it was sent, then the connection broke). */
    maybeDelivered: boolean;
    retryable: boolean;
}

// An array, not a Set: module-scope values are captured by Pulumi's closure
// serializer, which handles plain arrays.
const TLS_CODES = [
    "SELF_SIGNED_CERT_IN_CHAIN",
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
    "CERT_HAS_EXPIRED",
    "ERR_TLS_CERT_ALTNAME_INVALID",
    "CERT_SIGNATURE_FAILURE",
];

/** Describes a socket-level error for a person, with the fix when there is one. */
export function describeTransportError(err: NodeJS.ErrnoException, sent: boolean, url: URL): TransportFailure {
    const code = err.code ?? "EUNKNOWN";
    if (TLS_CODES.includes(code)) {
        return {
            code,
            detail:
                `TLS verification of ${url.origin} failed (${code}). ` +
                `If the orchestrator uses a private CA, pass its PEM bundle as orchestrator.caCert; verification is never disabled.`,
            maybeDelivered: false,
            retryable: false,
        };
    }
    if (code === "ETIMEDOUT") {
        return { code, detail: `no response from ${url.origin} within the request timeout`, maybeDelivered: sent, retryable: true };
    }
    if (code === "ECONNREFUSED") {
        return { code, detail: `connection to ${url.origin} refused`, maybeDelivered: false, retryable: true };
    }
    if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
        return { code, detail: `cannot resolve ${url.hostname}`, maybeDelivered: false, retryable: code === "EAI_AGAIN" };
    }
    return { code, detail: `connection to ${url.origin} failed (${code})`, maybeDelivered: sent, retryable: true };
}

/**
 * Sends one request. Resolves with the response, or rejects with a
 * {@link TransportFailure} (never with the raw socket error, whose text could
 * include request details).
 */
export function sendHttp(req: HttpRequest): Promise<HttpResponse> {
    const http = require("node:http") as typeof import("node:http");
    const https = require("node:https") as typeof import("node:https");
    const isHttps = req.url.protocol === "https:";
    const lib = isHttps ? https : http;
    return new Promise<HttpResponse>((resolve, reject) => {
        let sent = false;
        let settled = false;
        // Declared before the closures that clear it: Pulumi's closure
        // serializer cannot resolve a variable used before its declaration.
        let timer: NodeJS.Timeout | undefined = undefined;
        const fail = (err: NodeJS.ErrnoException) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            reject(describeTransportError(err, sent, req.url));
        };
        const headers: Record<string, string> = { ...req.headers };
        if (req.body !== undefined) headers["content-length"] = String(Buffer.byteLength(req.body));
        const request = lib.request(
            req.url,
            {
                method: req.method,
                headers,
                agent: false,
                ...(isHttps ? { ca: req.caCert ? [...require("node:tls").rootCertificates, req.caCert] : undefined, rejectUnauthorized: true } : {}),
            },
            (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (c: Buffer) => chunks.push(c));
                res.on("error", (e: NodeJS.ErrnoException) => fail(e));
                res.on("aborted", () => fail(Object.assign(new Error("aborted"), { code: "ECONNRESET" })));
                res.on("end", () => {
                    if (settled) return;
                    settled = true;
                    clearTimeout(timer);
                    const flat: Record<string, string | undefined> = {};
                    for (const [k, v] of Object.entries(res.headers)) flat[k] = Array.isArray(v) ? v.join(", ") : v;
                    resolve({ status: res.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks).toString("utf8") });
                });
            },
        );
        timer = setTimeout(() => {
            fail(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" }));
            request.destroy();
        }, req.timeoutMs);
        request.on("error", (e: NodeJS.ErrnoException) => fail(e));
        request.on("finish", () => {
            sent = true;
        });
        request.end(req.body);
    });
}
