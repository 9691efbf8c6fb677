/**
 * Failures of a Kubernetes API call, one line each. Messages name the
 * request path and the server's own `Status.message`; request headers (the
 * bearer token) are never part of them.
 *
 * Doctor (in the library) recognises these by `name` and fields, as its
 * `KubeRequestFailure` and `KubeConfigFailure` (sdk/doctor/clusterFailures.ts)
 * describe them: `instanceof` does not work across the two modules.
 */
import type { KubeConfigFailure, KubeFailureKind, KubeRequestFailure } from "pulumi-edge-interconnect/dist/sdk/doctor/clusterFailures";

export type { KubeFailureKind };

/** A failed API call: its kind, path, and the HTTP status or Node's error code. */
export class KubeRequestError extends Error implements KubeRequestFailure {
    override readonly name: "KubeRequestError";
    /** transport: no HTTP answer (refused, reset, DNS, TLS); timeout/aborted: the deadline passed; http: a non-2xx status. */
    readonly kind: KubeFailureKind;
    readonly path: string;
    /** HTTP status for `http` failures. */
    readonly status?: number;
    /** Node's error code for `transport` failures, e.g. ECONNREFUSED. */
    readonly code?: string;

    constructor(args: { kind: KubeFailureKind; path: string; message: string; status?: number; code?: string }) {
        super(args.message);
        this.message = args.message;
        this.name = "KubeRequestError";
        this.kind = args.kind;
        this.path = args.path;
        this.status = args.status;
        this.code = args.code;
    }

    /** True when the API server was never reached (or never answered). */
    get unreachable(): boolean {
        return this.kind === "transport" || this.kind === "timeout" || this.kind === "aborted";
    }
}

/** The kubeconfig could not be read or has no usable cluster. */
export class KubeConfigError extends Error implements KubeConfigFailure {
    override readonly name: "KubeConfigError";

    constructor(message: string) {
        super(message);
        this.message = message;
        this.name = "KubeConfigError";
    }
}

/** A transport error as a short phrase: "connection refused", "host not found", "TLS: …". */
export function describeTransportError(err: NodeJS.ErrnoException): string {
    const code = err.code ?? "";
    switch (code) {
        case "ECONNREFUSED":
            return "connection refused";
        case "ECONNRESET":
            return "connection reset";
        case "ENOTFOUND":
        case "EAI_AGAIN":
            return "host not found";
        case "EHOSTUNREACH":
        case "ENETUNREACH":
            return "host unreachable";
        case "ETIMEDOUT":
            return "connection timed out";
        default:
            if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return `TLS: ${err.message}`;
            return err.message || code || "request failed";
    }
}
