// The Keycloak imitation: master realm, public client `system-client`, password and
// refresh grants, JWKS and discovery. Error bodies and status codes follow Keycloak's
// token endpoint so clients exercise the same branches they would against the real one.

import { randomUUID, createHash, timingSafeEqual } from "node:crypto";
import {
    SignJWT,
    calculateJwkThumbprint,
    errors as joseErrors,
    exportJWK,
    generateKeyPair,
    importJWK,
    jwtVerify,
    type JWK,
    type JWTPayload,
    type JWTVerifyGetKey,
    type KeyLike,
} from "jose";
import type { Reply } from "./reply";
import type { StateStore } from "./store";
import { deterministicUid } from "./tenancy";
import type { IssueTokenOptions, ResolvedUser } from "./types";

export const REALM_PATH = "/realms/master";
export const TOKEN_PATH = `${REALM_PATH}/protocol/openid-connect/token`;
export const CERTS_PATH = `${REALM_PATH}/protocol/openid-connect/certs`;
export const DISCOVERY_PATH = `${REALM_PATH}/.well-known/openid-configuration`;

const CLIENT_ID = "system-client";
const ALG = "RS256";
const ACCESS_AUDIENCE = "account";

export interface SigningKey {
    privateKey: KeyLike;
    publicKey: KeyLike;
    publicJwk: JWK;
    kid: string;
}

async function describeKey(privateKey: KeyLike, publicKey: KeyLike): Promise<SigningKey> {
    const full = await exportJWK(publicKey);
    const publicJwk: JWK = { kty: full.kty, n: full.n, e: full.e };
    const kid = await calculateJwkThumbprint(publicJwk);
    return { privateKey, publicKey, publicJwk: { ...publicJwk, kid, alg: ALG, use: "sig" }, kid };
}

async function generateSigningKey(): Promise<SigningKey> {
    const { privateKey, publicKey } = await generateKeyPair(ALG, { modulusLength: 2048, extractable: true });
    return describeKey(privateKey, publicKey);
}

/** Reuses the key persisted in the state file, or creates one (and persists it when the store is durable). */
export async function loadOrCreateSigningKey(store: StateStore): Promise<SigningKey> {
    const saved = store.state.signingKey;
    if (saved !== undefined) {
        const jwk = saved as unknown as JWK;
        const privateKey = (await importJWK(jwk, ALG)) as KeyLike;
        const publicKey = (await importJWK({ kty: jwk.kty, n: jwk.n, e: jwk.e }, ALG)) as KeyLike;
        return describeKey(privateKey, publicKey);
    }
    const key = await generateSigningKey();
    if (store.persistent) {
        const jwk = (await exportJWK(key.privateKey)) as unknown as Record<string, unknown>;
        await store.mutate((draft) => {
            draft.signingKey = jwk;
            return { changed: true, result: undefined };
        });
    }
    return key;
}

export interface RealmSettings {
    issuer: string;
    users: readonly ResolvedUser[];
    accessLifespanSec: number;
    refreshLifespanSec: number;
}

export interface AccessClaims {
    sub: string;
    username: string;
    roles: string[];
}

interface KeycloakError {
    status: number;
    error: string;
    description: string;
}

function keycloakError({ status, error, description }: KeycloakError): Reply {
    return { status, body: { error, error_description: description }, headers: { "Cache-Control": "no-store" } };
}

const INVALID_CLIENT: KeycloakError = {
    status: 401,
    error: "invalid_client",
    description: "Invalid client or Invalid client credentials",
};
const INVALID_CREDENTIALS: KeycloakError = { status: 401, error: "invalid_grant", description: "Invalid user credentials" };
const INVALID_REFRESH: KeycloakError = { status: 400, error: "invalid_grant", description: "Invalid refresh token" };
const INACTIVE_REFRESH: KeycloakError = { status: 400, error: "invalid_grant", description: "Token is not active" };

function nowSec(): number {
    return Math.floor(Date.now() / 1000);
}

/** Compares digests so neither length nor content leaks through timing. */
function secretsEqual(a: string, b: string): boolean {
    const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
    return timingSafeEqual(digest(a), digest(b));
}

export class KeycloakRealm {
    private accessKeyResolver: JWTVerifyGetKey | undefined;
    private forgedKey: Promise<SigningKey> | undefined;

    constructor(
        private readonly key: SigningKey,
        private readonly settings: RealmSettings,
    ) {}

    get issuer(): string {
        return this.settings.issuer;
    }

    /**
     * Access tokens are checked against keys obtained from the realm's own JWKS
     * endpoint, the way the gateway checks Keycloak's tokens.
     */
    useJwks(resolver: JWTVerifyGetKey): void {
        this.accessKeyResolver = resolver;
    }

    jwks(): Reply {
        return { status: 200, body: { keys: [this.key.publicJwk] } };
    }

    discovery(): Reply {
        const realm = this.settings.issuer;
        return {
            status: 200,
            body: {
                issuer: realm,
                token_endpoint: `${realm}/protocol/openid-connect/token`,
                jwks_uri: `${realm}/protocol/openid-connect/certs`,
                grant_types_supported: ["password", "refresh_token"],
                response_types_supported: ["token"],
                subject_types_supported: ["public"],
                id_token_signing_alg_values_supported: [ALG],
                token_endpoint_auth_methods_supported: ["none"],
                scopes_supported: ["openid", "profile", "email"],
            },
        };
    }

    /** Returns the verified claims, or null for anything the gateway would reject. */
    async verifyAccessToken(token: string): Promise<AccessClaims | null> {
        const resolver = this.accessKeyResolver;
        if (resolver === undefined) return null;
        let payload: JWTPayload;
        try {
            // An access token must be for this realm's API audience and must expire: jose checks
            // `exp` only when present, so it is required explicitly (issue 13.6).
            ({ payload } = await jwtVerify(token, resolver, {
                issuer: this.settings.issuer,
                audience: ACCESS_AUDIENCE,
                algorithms: [ALG],
                requiredClaims: ["exp"],
            }));
        } catch {
            return null;
        }
        // Refresh and ID tokens share the key; only access tokens may be presented.
        if (payload["typ"] !== "Bearer" || typeof payload.sub !== "string") return null;
        const realmAccess = payload["realm_access"];
        const rawRoles = typeof realmAccess === "object" && realmAccess !== null ? (realmAccess as { roles?: unknown }).roles : undefined;
        const roles = Array.isArray(rawRoles) ? rawRoles.filter((r): r is string => typeof r === "string") : [];
        const username = typeof payload["preferred_username"] === "string" ? payload["preferred_username"] : "";
        return { sub: payload.sub, username, roles };
    }

    async handleTokenRequest(body: string, contentType: string | undefined): Promise<Reply> {
        // Keycloak reads form parameters only; any other body simply has none.
        const isForm = (contentType ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded");
        const form = new URLSearchParams(isForm ? body : "");
        const grantType = form.get("grant_type");
        if (!grantType) {
            return keycloakError({ status: 400, error: "invalid_request", description: "Missing form parameter: grant_type" });
        }
        if (grantType !== "password" && grantType !== "refresh_token") {
            return keycloakError({ status: 400, error: "unsupported_grant_type", description: "Unsupported grant_type" });
        }
        if (form.get("client_id") !== CLIENT_ID) return keycloakError(INVALID_CLIENT);
        return grantType === "password" ? this.passwordGrant(form) : this.refreshGrant(form);
    }

    async issueToken(options: IssueTokenOptions = {}): Promise<string> {
        return this.signAccessToken(this.key, options);
    }

    async issueForgedToken(options: IssueTokenOptions = {}): Promise<string> {
        this.forgedKey ??= generateSigningKey();
        const forged = await this.forgedKey;
        // Same kid as the real key, so verification fails on the signature itself
        // rather than on key lookup.
        return this.signAccessToken({ ...forged, kid: this.key.kid }, options);
    }

    private findUser(username: string): ResolvedUser | undefined {
        const wanted = username.toLowerCase();
        return this.settings.users.find((u) => u.username === wanted);
    }

    private async passwordGrant(form: URLSearchParams): Promise<Reply> {
        const user = this.findUser(form.get("username") ?? "");
        const password = form.get("password") ?? "";
        // Compare even for unknown users so response time does not reveal which names exist.
        const passwordOk = secretsEqual(password, user?.password ?? "\u0000unknown-user");
        if (!user || !passwordOk) return keycloakError(INVALID_CREDENTIALS);
        const scopes = (form.get("scope") ?? "").split(" ").filter((s) => s.length > 0);
        return this.tokenResponse(user, randomUUID(), scopes.includes("openid"));
    }

    private async refreshGrant(form: URLSearchParams): Promise<Reply> {
        const token = form.get("refresh_token");
        if (!token) {
            return keycloakError({ status: 400, error: "invalid_request", description: "Missing parameter: refresh_token" });
        }
        let payload: JWTPayload;
        try {
            ({ payload } = await jwtVerify(token, this.key.publicKey, { issuer: this.settings.issuer, algorithms: [ALG] }));
        } catch (error) {
            return keycloakError(error instanceof joseErrors.JWTExpired ? INACTIVE_REFRESH : INVALID_REFRESH);
        }
        if (payload["typ"] !== "Refresh" || payload["azp"] !== CLIENT_ID) return keycloakError(INVALID_REFRESH);
        const user = this.findUser(String(payload["preferred_username"] ?? ""));
        if (!user) return keycloakError(INVALID_REFRESH);
        const sessionState = typeof payload["sid"] === "string" ? payload["sid"] : randomUUID();
        const withIdToken = String(payload["scope"] ?? "")
            .split(" ")
            .includes("openid");
        return this.tokenResponse(user, sessionState, withIdToken);
    }

    private async tokenResponse(user: ResolvedUser, sessionState: string, withIdToken: boolean): Promise<Reply> {
        const { accessLifespanSec, refreshLifespanSec, issuer } = this.settings;
        const scope = withIdToken ? "openid profile email" : "profile email";
        const accessToken = await this.signAccessToken(this.key, {
            username: user.username,
            claims: { sid: sessionState, session_state: sessionState, scope },
        });
        const iat = nowSec();
        const sub = deterministicUid("user", user.username);
        const refreshToken = await this.sign(this.key, {
            iss: issuer,
            aud: issuer,
            sub,
            typ: "Refresh",
            azp: CLIENT_ID,
            sid: sessionState,
            scope,
            preferred_username: user.username,
            iat,
            exp: iat + refreshLifespanSec,
            jti: randomUUID(),
        });
        const body: Record<string, unknown> = {
            access_token: accessToken,
            expires_in: accessLifespanSec,
            refresh_expires_in: refreshLifespanSec,
            refresh_token: refreshToken,
            token_type: "Bearer",
        };
        if (withIdToken) {
            body["id_token"] = await this.sign(this.key, {
                iss: issuer,
                aud: CLIENT_ID,
                sub,
                typ: "ID",
                azp: CLIENT_ID,
                sid: sessionState,
                preferred_username: user.username,
                email_verified: false,
                iat,
                exp: iat + accessLifespanSec,
                jti: randomUUID(),
            });
        }
        body["not-before-policy"] = 0;
        body["session_state"] = sessionState;
        body["scope"] = scope;
        return { status: 200, body, headers: { "Cache-Control": "no-store", Pragma: "no-cache" } };
    }

    private signAccessToken(key: SigningKey, options: IssueTokenOptions): Promise<string> {
        const fallbackUser = this.settings.users[0];
        const username = (options.username ?? fallbackUser?.username ?? "").toLowerCase();
        const roles = options.roles ?? this.findUser(username)?.roles ?? [];
        const iat = nowSec();
        return this.sign(key, {
            iss: options.issuer ?? this.settings.issuer,
            aud: ACCESS_AUDIENCE,
            sub: deterministicUid("user", username),
            typ: options.typ ?? "Bearer",
            azp: CLIENT_ID,
            preferred_username: username,
            email_verified: false,
            realm_access: { roles: [...roles] },
            scope: "profile email",
            iat,
            exp: iat + (options.expiresInSec ?? this.settings.accessLifespanSec),
            jti: randomUUID(),
            ...options.claims,
        });
    }

    private sign(key: SigningKey, claims: JWTPayload): Promise<string> {
        return new SignJWT(claims).setProtectedHeader({ alg: ALG, typ: "JWT", kid: key.kid }).sign(key.privateKey);
    }
}
