/**
 * URL rules shared by the client, the resources' check and the
 * components: https everywhere, plain http only to this machine.
 */

import { scrubSecrets } from "./scrub";

/** True for 127.0.0.0/8, ::1 and localhost: the only hosts allowed over plain http. */
export function isLoopbackHost(hostname: string): boolean {
    const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
    if (h === "localhost" || h === "::1") return true;
    const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
    return m !== null && m.slice(1).every((o) => Number(o) <= 255);
}

/**
 * Returns undefined when `raw` is an acceptable orchestrator URL, otherwise a
 * sentence saying what is allowed.
 */
export function apiUrlProblem(raw: string): string | undefined {
    let url: URL;
    try {
        url = new URL(raw);
    } catch {
        // Quoted scrubbed: a malformed URL may still carry a password (issue 13.4).
        return `must be an absolute URL such as https://api.<cluster-fqdn> (got "${scrubSecrets(raw).slice(0, 200)}")`;
    }
    if (url.username || url.password) return "must not embed credentials; use token or username/password";
    if (url.search || url.hash) return "must not carry a query string or fragment";
    if (url.protocol === "https:") return undefined;
    if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return undefined;
    if (url.protocol === "http:") return `must use https; plain http is allowed only to a loopback address (got "${url.origin}")`;
    return `must use https (got "${url.protocol}")`;
}

/**
 * The orchestrator's Keycloak lives beside its API: `https://api.<fqdn>` has
 * its realm at `https://keycloak.<fqdn>`. For any other host (a local server,
 * a proxy) the API origin itself is assumed to serve the token endpoint.
 */
export function deriveKeycloakUrl(apiUrl: string): string {
    const url = new URL(apiUrl);
    if (url.hostname.startsWith("api.")) {
        url.hostname = `keycloak.${url.hostname.slice("api.".length)}`;
    }
    return url.origin;
}

/** Joins the API base (which may carry a path prefix) with an absolute API path. */
export function joinUrl(base: string, path: string, query?: Record<string, string>): URL {
    const url = new URL(base);
    url.pathname = url.pathname.replace(/\/+$/, "") + path;
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
    return url;
}
