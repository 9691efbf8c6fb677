// A fixed tenancy with known UIDs so tests can build role sets by hand.

import { projectRoles, type OrchestratorServerOptions } from "../../../tools/local-orchestrator";
import { form, httpRequest } from "./http-client";

export const ORG = { name: "acme", uid: "0a0a0a0a-0000-4000-8000-000000000001" };
export const ALPHA = { name: "alpha", uid: "1a1a1a1a-0000-4000-8000-000000000002" };
export const BETA = { name: "beta", uid: "2b2b2b2b-0000-4000-8000-000000000003" };

export const ADMIN = { username: "edge-admin", password: "admin-secret-1" };
export const READER = { username: "reader", password: "reader-secret-1" };

export function tenancyOptions(): OrchestratorServerOptions {
    return {
        orgs: [{ name: ORG.name, uid: ORG.uid }],
        projects: [
            { name: ALPHA.name, uid: ALPHA.uid, org: ORG.name },
            { name: BETA.name, uid: BETA.uid, org: ORG.name },
        ],
        users: [ADMIN, { ...READER, roles: projectRoles(ORG.uid, ALPHA.uid, { read: true }) }],
    };
}

export async function passwordToken(baseUrl: string, user: { username: string; password: string }, ca?: string): Promise<string> {
    const res = await httpRequest(`${baseUrl}/realms/master/protocol/openid-connect/token`, {
        ...form({ grant_type: "password", client_id: "system-client", username: user.username, password: user.password, scope: "openid" }),
        ...(ca === undefined ? {} : { ca }),
    });
    if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${res.text}`);
    return (res.json() as { access_token: string }).access_token;
}

export function bearer(token: string, extra: Record<string, string> = {}): Record<string, string> {
    return { authorization: `Bearer ${token}`, ...extra };
}

export const JSON_HEADERS = { "content-type": "application/json" };
