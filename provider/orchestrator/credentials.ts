/**
 * Credentials are looked up when each operation runs, never when the
 * provider is serialized, so nothing secret is baked into `__provider`.
 */
import type { Credential } from "./auth";

/**
 * The credentials to try, in order: the resource's own inputs, then the
 * environment (`EDGE_ORCH_TOKEN`, `EDGE_ORCH_USERNAME` + `EDGE_ORCH_PASSWORD`).
 * The environment is the fallback after a 401, which is what lets a destroy
 * succeed with a fresh token when the one kept in state has expired.
 */
export function credentialChain(props: Record<string, unknown>, env: Record<string, string | undefined>): Credential[] {
    const str = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : undefined);
    const out: Credential[] = [];
    const token = str(props.token);
    if (token) out.push({ kind: "token", token, source: "the token input" });
    const username = str(props.username);
    const password = str(props.password);
    if (username && password) out.push({ kind: "password", username, password, source: "the username/password inputs" });
    const envToken = str(env.EDGE_ORCH_TOKEN);
    if (envToken) out.push({ kind: "token", token: envToken, source: "EDGE_ORCH_TOKEN" });
    const envUser = str(env.EDGE_ORCH_USERNAME);
    const envPassword = str(env.EDGE_ORCH_PASSWORD);
    if (envUser && envPassword) out.push({ kind: "password", username: envUser, password: envPassword, source: "EDGE_ORCH_USERNAME/EDGE_ORCH_PASSWORD" });
    return out;
}
