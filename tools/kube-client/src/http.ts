/**
 * The HTTP library the generated @kubernetes/client-node APIs send through,
 * with a deadline: its default (node-fetch without a signal) waits for as long
 * as the operating system keeps a silent connection open. Each request ends
 * at `deadline` — the earlier of its own timeout and the caller's budget —
 * and an aborted `signal` ends it at once.
 */
import * as http from "node:http";
import * as https from "node:https";
import { ResponseContext } from "@kubernetes/client-node";
import type { PromiseHttpLibrary, RequestContext } from "@kubernetes/client-node";
import { KubeRequestError, describeTransportError } from "./errors";

/** The deadline, budget and size limit of one client's requests. */
export interface DeadlineHttpOptions {
    /** Longest time one request may take. */
    requestTimeoutMs: number;
    /** Ends every pending and later request (the per-cluster budget). */
    signal?: AbortSignal;
    /** The budget behind `signal`, for messages. */
    budgetMs?: number;
    /** Largest answer read, in bytes (default 32 MiB); a larger one is refused without being kept. */
    maxResponseBytes?: number;
    /** Called once per exchange, without headers or bodies. */
    onExchange?: (e: { method: string; path: string; status: number | string; ms: number }) => void;
}

/** Largest answer a client reads: far above any real list of pods or Services of one site namespace. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

function seconds(ms: number): string {
    return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}

/** The HTTP library of one client: every request within `opts`' deadline and size limit. */
export function deadlineHttpLibrary(opts: DeadlineHttpOptions): PromiseHttpLibrary {
    return {
        send(request: RequestContext): Promise<ResponseContext> {
            const url = new URL(request.getUrl());
            const method = String(request.getHttpMethod());
            const path = url.pathname;
            const started = Date.now();
            return new Promise<ResponseContext>((resolve, reject) => {
                const fail = (e: KubeRequestError) => {
                    opts.onExchange?.({ method, path, status: e.code ?? e.kind, ms: Date.now() - started });
                    reject(e);
                };
                if (opts.signal?.aborted) {
                    fail(new KubeRequestError({ kind: "aborted", path, message: `${method} ${path}: not sent, the time budget is used up` }));
                    return;
                }
                const body = request.getBody();
                const headers: Record<string, string> = { ...request.getHeaders() };
                if (typeof body === "string") headers["content-length"] = String(Buffer.byteLength(body));
                const lib = url.protocol === "https:" ? https : http;
                let settled = false;
                let timedOut = false;
                const req = lib.request(url, { method, headers, agent: request.getAgent() });
                const timer = setTimeout(() => {
                    timedOut = true;
                    req.destroy(new Error("deadline"));
                }, opts.requestTimeoutMs);
                const onAbort = () => req.destroy(new Error("aborted"));
                opts.signal?.addEventListener("abort", onAbort, { once: true });
                const done = () => {
                    settled = true;
                    clearTimeout(timer);
                    opts.signal?.removeEventListener("abort", onAbort);
                };
                const maxBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
                let tooLarge = false;
                req.on("response", (res) => {
                    const chunks: Buffer[] = [];
                    let received = 0;
                    res.on("data", (c: Buffer) => {
                        received += c.length;
                        // A hostile or broken server can send without end: stop reading, keep nothing.
                        if (received > maxBytes) {
                            tooLarge = true;
                            chunks.length = 0;
                            req.destroy(new Error("answer too large"));
                            return;
                        }
                        chunks.push(c);
                    });
                    res.on("error", (e) => req.destroy(e));
                    res.on("end", () => {
                        if (settled) return;
                        done();
                        const buffer = Buffer.concat(chunks);
                        const responseHeaders: Record<string, string> = {};
                        for (const [name, value] of Object.entries(res.headers)) {
                            if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value.join(", ") : value;
                        }
                        const status = res.statusCode ?? 0;
                        opts.onExchange?.({ method, path, status, ms: Date.now() - started });
                        resolve(
                            new ResponseContext(status, responseHeaders, {
                                text: async () => buffer.toString("utf8"),
                                binary: async () => buffer,
                            }),
                        );
                    });
                });
                req.on("error", (err: NodeJS.ErrnoException) => {
                    if (settled) return;
                    done();
                    if (tooLarge) {
                        fail(
                            new KubeRequestError({
                                kind: "http",
                                path,
                                message: `${method} ${path}: the answer from ${url.origin} is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB; refused without reading it all`,
                            }),
                        );
                    } else if (timedOut) {
                        fail(new KubeRequestError({ kind: "timeout", path, message: `no answer from ${url.origin} within ${seconds(opts.requestTimeoutMs)}` }));
                    } else if (opts.signal?.aborted) {
                        const within = opts.budgetMs !== undefined ? seconds(opts.budgetMs) : "the time budget";
                        fail(new KubeRequestError({ kind: "aborted", path, message: `no answer from ${url.origin} within ${within}` }));
                    } else {
                        fail(
                            new KubeRequestError({
                                kind: "transport",
                                path,
                                code: err.code,
                                message: `${url.origin}: ${describeTransportError(err)}`,
                            }),
                        );
                    }
                });
                if (typeof body === "string") req.write(body);
                req.end();
            });
        },
    };
}
