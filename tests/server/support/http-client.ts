// Minimal HTTP(S) client for the server tests. node:http is used instead of fetch so
// HTTPS tests can pass a CA, and so every request gets its own connection unless a
// test supplies a keep-alive agent on purpose.

import * as http from "node:http";
import * as https from "node:https";

export interface HttpResult {
    status: number;
    headers: http.IncomingHttpHeaders;
    text: string;
    json(): unknown;
}

export interface HttpInit {
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    ca?: string;
    agent?: http.Agent;
}

export function httpRequest(url: string, init: HttpInit = {}): Promise<HttpResult> {
    const target = new URL(url);
    const isHttps = target.protocol === "https:";
    const body = init.body === undefined ? undefined : Buffer.from(init.body);
    const headers: Record<string, string | number> = { ...init.headers };
    if (body !== undefined) headers["content-length"] = body.length;
    const options: https.RequestOptions = {
        method: init.method ?? "GET",
        headers,
        agent: init.agent ?? false,
        ...(init.ca === undefined ? {} : { ca: init.ca }),
    };
    return new Promise((resolve, reject) => {
        const req = (isHttps ? https : http).request(target, options, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("error", reject);
            res.on("end", () => {
                const text = Buffer.concat(chunks).toString("utf8");
                resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as unknown });
            });
        });
        req.on("error", reject);
        req.end(body);
    });
}

export function form(fields: Record<string, string>): HttpInit {
    return {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields).toString(),
    };
}
