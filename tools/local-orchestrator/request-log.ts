// What the server saw, for test assertions. Records carry no headers and no bodies:
// Authorization headers and token-endpoint forms (passwords) must never be kept.

import type { FaultKind } from "./faults";

export interface RequestRecord {
    /** 1-based arrival order across the server's lifetime (survives `clear`). */
    seq: number;
    method: string;
    /** URL path without the query string. */
    path: string;
    /** Raw query string without "?" ("" when none). */
    query: string;
    /** HTTP status sent, or null when the connection was dropped. */
    status: number | null;
    /** The fault that shaped the answer, if any (latency alone is not recorded here). */
    fault?: FaultKind;
}

export interface RequestFilter {
    method?: string;
    path?: string;
    pathPrefix?: string;
    status?: number | null;
}

export interface RequestLog {
    /** Requests answered or dropped since start (not reset by `clear`). */
    readonly total: number;
    /** The most recent records in completion order (`seq` gives arrival order). */
    readonly entries: readonly RequestRecord[];
    count(filter?: RequestFilter): number;
    clear(): void;
}

export class BoundedRequestLog implements RequestLog {
    private records: RequestRecord[] = [];
    private seq = 0;
    private finished = 0;

    constructor(private readonly capacity: number) {}

    get total(): number {
        return this.finished;
    }

    get entries(): readonly RequestRecord[] {
        return this.records.slice();
    }

    /** Taken at arrival, so concurrent requests can still be ordered by arrival. */
    nextSeq(): number {
        this.seq += 1;
        return this.seq;
    }

    add(record: RequestRecord): void {
        this.finished += 1;
        this.records.push(record);
        if (this.records.length > this.capacity) this.records.splice(0, this.records.length - this.capacity);
    }

    count(filter: RequestFilter = {}): number {
        return this.records.filter(
            (r) =>
                (filter.method === undefined || r.method === filter.method) &&
                (filter.path === undefined || r.path === filter.path) &&
                (filter.pathPrefix === undefined || r.path.startsWith(filter.pathPrefix)) &&
                (filter.status === undefined || r.status === filter.status),
        ).length;
    }

    clear(): void {
        this.records = [];
    }
}
