// The gateway's two auth stages, kept separate because they fail differently:
// authentication failures name their cause ("<reason>. Unauthorized"), authorization
// failures on networks are a bare 401 "Unauthorized" (OU authenticator.go, authz.rego).
// On the tenant APIs the gateway proxies (App Deployment Manager), the same failures
// are answered with 403 and the same message (OU echoserver tenancyapiHandler).

import type { AccessClaims, KeycloakRealm } from "./keycloak";
import { messageReply, type Reply } from "./reply";
import { READ_ROLE, WRITE_ROLE, orgUidsFromRoles } from "./tenancy";
import type { ResolvedOrg, ResolvedProject } from "./types";

export type Access = "read" | "write";

export type AuthResult<T> = { ok: true; value: T } | { ok: false; reply: Reply };

const UNAUTHORIZED = messageReply(401, "Unauthorized");

export async function authenticate(realm: KeycloakRealm, authorization: string | undefined): Promise<AuthResult<AccessClaims>> {
    if (authorization === undefined || authorization.trim() === "") {
        return { ok: false, reply: messageReply(401, "Authorization header is missing. Unauthorized") };
    }
    const [scheme, token, ...rest] = authorization.trim().split(/\s+/);
    // RFC 7235: the scheme is case-insensitive.
    if (scheme === undefined || scheme.toLowerCase() !== "bearer") {
        return { ok: false, reply: messageReply(401, 'Expecting "Bearer" scheme. Unauthorized') };
    }
    const claims = token !== undefined && rest.length === 0 ? await realm.verifyAccessToken(token) : null;
    if (claims === null) {
        return { ok: false, reply: messageReply(401, "JWT token is invalid or expired. Unauthorized") };
    }
    return { ok: true, value: claims };
}

export interface ProjectGrant {
    project: ResolvedProject;
    /** Undefined when the token names an org the directory no longer has. */
    org: ResolvedOrg | undefined;
}

export interface Directory {
    orgs: readonly ResolvedOrg[];
    projects: readonly ResolvedProject[];
}

interface ResolvedAccess {
    grant: ProjectGrant;
    roles: ReadonlySet<string>;
    member: boolean;
}

/** Finds the org through the token's roles, then the project named in the path. */
function resolveProject(claims: AccessClaims, projectName: string, directory: Directory): AuthResult<ResolvedAccess> {
    const orgUids = orgUidsFromRoles(claims.roles);
    if (orgUids.length === 0) {
        return { ok: false, reply: messageReply(400, "Unable to determine the organizations. Bad Request") };
    }
    const project = directory.projects.find((p) => p.name === projectName && orgUids.includes(p.orgUid));
    // An unresolvable project leaves the active project empty, which the policy denies.
    if (project === undefined) return { ok: false, reply: UNAUTHORIZED };
    const roles = new Set(claims.roles);
    const member = roles.has(`${project.orgUid}_${project.uid}_m`) || roles.has(`${project.orgUid}_${project.uid}_member-role`);
    const grant = { project, org: directory.orgs.find((o) => o.uid === project.orgUid) };
    return { ok: true, value: { grant, roles, member } };
}

/**
 * Resolves the project named in the path through the token's org roles, then applies
 * the networks policy: project membership, an app-orch role in the project, and the
 * read or write role for the method.
 */
export function authorizeNetworks(claims: AccessClaims, projectName: string, access: Access, directory: Directory): AuthResult<ProjectGrant> {
    const resolved = resolveProject(claims, projectName, directory);
    if (!resolved.ok) return resolved;
    const { grant, roles, member } = resolved.value;
    const uid = grant.project.uid;
    const appOrch = roles.has(`${uid}_ao-rw`) || roles.has(`${uid}_${READ_ROLE}`) || roles.has(`${uid}_${WRITE_ROLE}`);
    const methodRole = roles.has(access === "read" ? READ_ROLE : WRITE_ROLE);
    if (!member || !appOrch || !methodRole) return { ok: false, reply: UNAUTHORIZED };
    return { ok: true, value: grant };
}

/** Role ADM's own policy admits for machine-to-machine callers (AOD common.rego). */
const M2M_ROLE = "ao-m2m-rw";

function forbidden(reply: Reply): { ok: false; reply: Reply } {
    return { ok: false, reply: { ...reply, status: 403 } };
}

/**
 * Authentication and authorization for a proxied tenant API (App Deployment Manager):
 * the gateway's checks, with every failure turned into 403 and its message kept, then
 * ADM's own policy, which wants project membership and `<projectUid>_ao-rw` (or the
 * machine-to-machine role). A failure of ADM's policy is reported the same way.
 */
export async function authorizeTenantApi(
    realm: KeycloakRealm,
    authorization: string | undefined,
    projectName: string,
    directory: Directory,
): Promise<AuthResult<ProjectGrant>> {
    const authn = await authenticate(realm, authorization);
    if (!authn.ok) return forbidden(authn.reply);
    const resolved = resolveProject(authn.value, projectName, directory);
    if (!resolved.ok) return forbidden(resolved.reply);
    const { grant, roles, member } = resolved.value;
    if (!member || !(roles.has(`${grant.project.uid}_ao-rw`) || roles.has(M2M_ROLE))) return forbidden(UNAUTHORIZED);
    return { ok: true, value: grant };
}

/** The gateway's PUT precondition for anything under /v1/projects. */
export function checkOrgAdmitsWrites(org: ResolvedOrg | undefined): Reply | undefined {
    if (org === undefined || org.state === "absent") {
        return messageReply(409, "Org Not found. Project create not permitted.");
    }
    if (org.state !== "idle") return messageReply(409, "Org Not in IDLE State. Project create not permitted.");
    return undefined;
}
