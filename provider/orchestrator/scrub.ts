/**
 * Removes secrets from text before it reaches an error, a log or the CLI.
 * Servers sometimes echo what they were sent (a token endpoint answering with
 * the submitted form, a proxy's error page quoting the `Authorization`
 * header), and URLs may carry `user:password@`. Every message the providers
 * raise goes through {@link scrubSecrets}.
 *
 * Plain functions and no module-level objects: the migration test still
 * serializes the resource operations with their dependencies through
 * Pulumi's closure serializer (tests/e2e/support/legacyDynamicResources.ts).
 */

/** What replaces a secret. */
export const REDACTED = "[redacted]";

/** Secrets shorter than this are not searched for: they would match ordinary words. */
const MIN_SECRET_LENGTH = 4;

/**
 * `text` with every known secret, every URL credential (`//user:pass@host`),
 * bearer token, JWT and form-encoded `password=`/`token=` value replaced by
 * {@link REDACTED}. `secrets` are the values the caller knows to be secret
 * (passwords, tokens); each is also removed in its URL-encoded form, which is
 * how a form echo would show it.
 */
export function scrubSecrets(text: string, secrets: readonly unknown[] = []): string {
    let out = String(text);
    const known = secrets
        .filter((s): s is string => typeof s === "string" && s.length >= MIN_SECRET_LENGTH)
        // Longest first, so a secret containing another is removed whole.
        .sort((a, b) => b.length - a.length);
    for (const s of known) {
        for (const form of [s, encodeURIComponent(s), new URLSearchParams({ x: s }).toString().slice(2), JSON.stringify(s).slice(1, -1)]) {
            if (form.length >= MIN_SECRET_LENGTH) out = out.split(form).join(REDACTED);
        }
    }
    return (
        out
            // URL credentials: scheme://user:password@host and scheme://token@host. Up to the
            // last '@' of the URL: a password may itself contain '/', '@' or ':'.
            .replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s'"<>]*@/gi, `$1${REDACTED}@`)
            // Authorization headers and bearer tokens.
            .replace(/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`)
            // JSON Web Tokens anywhere (header.payload.signature, base64url).
            .replace(/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED)
            // Form or query values of secret-bearing keys.
            .replace(
                /\b(password|passwd|client_secret|refresh_token|access_token|id_token|token)=([^&\s"'<>]*)/gi,
                (_m, k: string) => `${k}=${REDACTED}`,
            )
            // JSON members of secret-bearing keys.
            .replace(
                /("(?:password|passwd|client_secret|refresh_token|access_token|id_token|token)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi,
                (_m, k: string) => `${k}"${REDACTED}"`,
            )
    );
}

/** The secret values a resource's inputs or state carry, for {@link scrubSecrets}. */
export function secretsOf(props: Record<string, unknown> | undefined, env: Record<string, string | undefined> = {}): string[] {
    const out: string[] = [];
    for (const v of [props?.token, props?.password, env.EDGE_ORCH_TOKEN, env.EDGE_ORCH_PASSWORD]) {
        if (typeof v === "string" && v !== "") out.push(v);
    }
    return out;
}

/** A URL for a message: without `user:password@`, query or fragment. */
export function displayUrl(raw: string): string {
    try {
        const url = new URL(raw);
        const hadCredentials = url.username !== "" || url.password !== "";
        url.username = "";
        url.password = "";
        url.search = "";
        url.hash = "";
        const shown = url.toString().replace(/\/$/, "");
        return hadCredentials ? shown.replace("://", `://${REDACTED}@`) : shown;
    } catch {
        return scrubSecrets(raw);
    }
}
