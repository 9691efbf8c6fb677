// Handlers return a Reply instead of writing to the socket, so the wiring can decide
// after the fact whether to send it or to drop the connection (the fail-after-commit
// fault needs the mutation done but the answer lost).

import type { ServerResponse } from "node:http";

export interface Reply {
    status: number;
    /** JSON-encoded when present; absent means an empty body. */
    body?: unknown;
    headers?: Record<string, string>;
    /** True when the handler changed persisted state before producing this reply. */
    committed?: boolean;
}

/** The gateway's uniform error shape. */
export function messageReply(status: number, message: string, committed = false): Reply {
    return { status, body: { message }, committed };
}

/**
 * The Connect error shape App Deployment Manager answers with (AOD and CLI specs):
 * a string code such as "invalid_argument", a message and an empty details list.
 */
export function connectErrorReply(status: number, code: string, message: string): Reply {
    return { status, body: { code, message, details: [] } };
}

export function sendReply(res: ServerResponse, reply: Reply): void {
    const headers: Record<string, string | number> = { ...reply.headers };
    if (reply.body === undefined) {
        headers["Content-Length"] = 0;
        res.writeHead(reply.status, headers);
        res.end();
        return;
    }
    const payload = Buffer.from(JSON.stringify(reply.body), "utf8");
    headers["Content-Type"] = "application/json";
    headers["Content-Length"] = payload.length;
    res.writeHead(reply.status, headers);
    res.end(payload);
}
