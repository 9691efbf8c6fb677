/**
 * How a Kubernetes client's failures look to doctor's checks, one line each.
 *
 * The client (@edge-interconnect/kube-client) is a separate module, loaded
 * at run time: its error classes are not this library's, and the library
 * must not import them. So failures are recognised by their `name` and
 * fields, never with `instanceof`.
 */

/** transport: no HTTP answer (refused, reset, DNS, TLS); timeout/aborted: the deadline passed; http: a non-2xx status. */
export type KubeFailureKind = "transport" | "timeout" | "aborted" | "http" | "config";

/** The `name` of every failed API call's error. */
export const KUBE_REQUEST_FAILURE = "KubeRequestError";
/** The `name` of the error for a kubeconfig that cannot be used. */
export const KUBE_CONFIG_FAILURE = "KubeConfigError";

/**
 * A failed API call. The message names the request path and the server's
 * own `Status.message`; request headers (the bearer token) are never part of it.
 */
export interface KubeRequestFailure extends Error {
    readonly name: typeof KUBE_REQUEST_FAILURE;
    readonly kind: KubeFailureKind;
    readonly path: string;
    /** HTTP status for `http` failures. */
    readonly status?: number;
    /** Node's error code for `transport` failures, e.g. ECONNREFUSED. */
    readonly code?: string;
    /** True when the API server was never reached (or never answered): transport, timeout, aborted. */
    readonly unreachable: boolean;
}

/** The kubeconfig could not be read or has no usable cluster. */
export interface KubeConfigFailure extends Error {
    readonly name: typeof KUBE_CONFIG_FAILURE;
}

const FAILURE_KINDS: readonly string[] = ["transport", "timeout", "aborted", "http", "config"];

/** True for a {@link KubeRequestFailure}, whichever module made it. */
export function isKubeRequestFailure(e: unknown): e is KubeRequestFailure {
    const x = e as Partial<KubeRequestFailure> | null;
    return e instanceof Error && x?.name === KUBE_REQUEST_FAILURE && FAILURE_KINDS.includes(String(x.kind)) && typeof x.path === "string";
}

/** True for a {@link KubeConfigFailure}, whichever module made it. */
export function isKubeConfigFailure(e: unknown): e is KubeConfigFailure {
    return e instanceof Error && e.name === KUBE_CONFIG_FAILURE;
}

/**
 * A {@link KubeRequestFailure} made on the library's side: doctor's own
 * per-cluster deadline, which also bounds what runs before any request is
 * sent (an exec credential plugin), fails as the client's deadlines do.
 */
export function deadlineFailure(message: string): KubeRequestFailure {
    return Object.assign(new Error(message), { name: KUBE_REQUEST_FAILURE, kind: "aborted", path: "", unreachable: true } as const);
}
