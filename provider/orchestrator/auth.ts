/**
 * Bearer tokens for the orchestrator: a static token, or Keycloak's password
 * grant with refresh. Credentials are held only in memory and never appear in
 * an error message.
 */
import { OrchestratorApiError, OrchestratorAuthError } from "./errors";
import type { HttpResponse } from "./http";
import { scrubSecrets } from "./scrub";

/** Where a token comes from; `source` names it in messages (e.g. "orchestrator.token", "EDGE_ORCH_TOKEN"). */
export type Credential = { kind: "token"; token: string; source: string } | { kind: "password"; username: string; password: string; source: string };

/** Sends a form POST to the token endpoint, with the client's retry policy. */
export type TokenEndpointSender = (url: URL, form: Record<string, string>) => Promise<HttpResponse>;

interface CachedToken {
    accessToken: string;
    /** Epoch ms after which the token must not be used. */
    expiresAt: number;
    refreshToken?: string;
    refreshExpiresAt?: number;
}

/** Refresh this long before expiry, so a token never expires mid-request. */
const EXPIRY_SKEW_MS = 30_000;

/** Reads `exp` from a JWT without verifying it (verification is the server's job). */
export function jwtExpiry(token: string): number | undefined {
    try {
        const { decodeJwt } = require("jose") as typeof import("jose");
        const exp = decodeJwt(token).exp;
        return typeof exp === "number" ? exp * 1000 : undefined;
    } catch {
        return undefined;
    }
}

/**
 * Hands out access tokens. Credentials are tried in order: a 401 from the API
 * first re-runs the password grant, or moves on to the next credential when
 * the current one is a static token.
 */
export class TokenManager {
    private index = 0;
    private cached: CachedToken | undefined;
    /** How many times the token endpoint was called (for tests and benchmarks). */
    tokenRequests = 0;

    constructor(
        private readonly credentials: Credential[],
        private readonly tokenUrl: URL,
        private readonly send: TokenEndpointSender,
        private readonly now: () => number,
    ) {
        if (credentials.length === 0) {
            throw new OrchestratorAuthError(
                "no orchestrator credentials: set orchestrator.token, or orchestrator.username and orchestrator.password, " +
                    "or the environment variables EDGE_ORCH_TOKEN or EDGE_ORCH_USERNAME and EDGE_ORCH_PASSWORD",
            );
        }
    }

    /** Name of the credential in use, for error messages. */
    get source(): string {
        return this.credentials[this.index].source;
    }

    /** A valid access token, logging in or refreshing when needed. */
    async accessToken(): Promise<string> {
        const cred = this.credentials[this.index];
        if (cred.kind === "token") {
            const exp = jwtExpiry(cred.token);
            if (exp !== undefined && exp <= this.now()) {
                if (this.advance()) return this.accessToken();
                throw new OrchestratorAuthError(
                    `the token from ${cred.source} expired at ${new Date(exp).toISOString()}; ` +
                        "obtain a new one, or give a username and password so the provider can log in itself",
                );
            }
            return cred.token;
        }
        const now = this.now();
        if (this.cached && this.cached.expiresAt - EXPIRY_SKEW_MS > now) return this.cached.accessToken;
        if (this.cached?.refreshToken && (this.cached.refreshExpiresAt ?? 0) - EXPIRY_SKEW_MS > now) {
            const refreshed = await this.grant(
                { grant_type: "refresh_token", client_id: "system-client", refresh_token: this.cached.refreshToken },
                cred,
                true,
            );
            if (refreshed) return refreshed.accessToken;
        }
        const fresh = await this.grant(
            { grant_type: "password", client_id: "system-client", username: cred.username, password: cred.password, scope: "openid" },
            cred,
            false,
        );
        if (!fresh) throw new Error("unreachable: a password grant either yields a token or throws");
        return fresh.accessToken;
    }

    /**
     * Called after a 401. Returns true when a retry with a new token makes
     * sense: the password grant is run afresh, or the next credential is used.
     */
    reauthenticate(): boolean {
        const cred = this.credentials[this.index];
        if (cred.kind === "password") {
            this.cached = undefined;
            return true;
        }
        return this.advance();
    }

    /** Every secret this manager holds or obtained, for scrubbing messages. */
    knownSecrets(): string[] {
        const out: string[] = [];
        for (const c of this.credentials) out.push(...(c.kind === "token" ? [c.token] : [c.password]));
        if (this.cached) out.push(this.cached.accessToken, ...(this.cached.refreshToken ? [this.cached.refreshToken] : []));
        return out;
    }

    private advance(): boolean {
        if (this.index + 1 >= this.credentials.length) return false;
        this.index += 1;
        this.cached = undefined;
        return true;
    }

    private async grant(form: Record<string, string>, cred: Credential & { kind: "password" }, isRefresh: boolean): Promise<CachedToken | undefined> {
        this.tokenRequests += 1;
        const started = this.now();
        const res = await this.send(this.tokenUrl, form);
        let body: Record<string, unknown> = {};
        try {
            body = JSON.parse(res.body) as Record<string, unknown>;
        } catch {
            body = {};
        }
        if (res.status === 200 && typeof body.access_token === "string") {
            const expiresIn = typeof body.expires_in === "number" ? body.expires_in : 60;
            const refreshIn = typeof body.refresh_expires_in === "number" ? body.refresh_expires_in : 0;
            this.cached = {
                accessToken: body.access_token,
                expiresAt: started + expiresIn * 1000,
                refreshToken: typeof body.refresh_token === "string" ? body.refresh_token : undefined,
                refreshExpiresAt: started + refreshIn * 1000,
            };
            return this.cached;
        }
        if (isRefresh && (res.status === 400 || res.status === 401)) {
            // An expired or revoked refresh token: fall back to a full login.
            this.cached = undefined;
            return undefined;
        }
        // Only Keycloak's own error fields are ever quoted, and scrubbed: a body that is not
        // Keycloak's JSON (an HTML 404 page, a proxy echoing the submitted form) may contain the
        // password, so it is described, never shown (issue 12.6).
        const secrets = this.knownSecrets();
        const reason = scrubSecrets(
            [body.error, body.error_description]
                .filter((x) => typeof x === "string")
                .join(": ")
                .slice(0, 200),
            secrets,
        );
        const where = `${this.tokenUrl.origin}${this.tokenUrl.pathname}`;
        if (res.status === 400 || res.status === 401) {
            throw new OrchestratorAuthError(
                `Keycloak at ${this.tokenUrl.origin} refused the login of user "${scrubSecrets(cred.username, secrets)}" from ${cred.source} ` +
                    `(HTTP ${res.status}${reason ? `: ${reason}` : ""}); check the username and password`,
            );
        }
        const contentType = (res.headers["content-type"] ?? "").split(";")[0].trim();
        const what = reason || `${contentType ? `a ${contentType} body` : "a body"} that is not a Keycloak token response`;
        const hint = res.status === 404 || res.status === 200 || !reason ? "; check keycloakUrl: it must be the Keycloak base URL, e.g. https://keycloak.<cluster-fqdn>" : "";
        throw new OrchestratorApiError({
            status: res.status,
            method: "POST",
            path: this.tokenUrl.pathname,
            serverMessage: `the token endpoint ${where} answered with ${what}${hint}`,
        });
    }
}
