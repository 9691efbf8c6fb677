// Bounded request-body reading: a misbehaving client must not make the server buffer
// without limit.

import type { IncomingMessage } from "node:http";

export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
    constructor() {
        super(`request body exceeds ${MAX_BODY_BYTES} bytes`);
    }
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
    const declared = Number(req.headers["content-length"] ?? "0");
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) throw new BodyTooLargeError();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
        const buffer = chunk as Buffer;
        size += buffer.length;
        if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
        chunks.push(buffer);
    }
    return Buffer.concat(chunks);
}
