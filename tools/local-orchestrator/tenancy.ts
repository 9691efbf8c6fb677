// Orgs, projects, users and the realm roles that tie them together. The gateway finds
// the org from roles shaped `<orgUID>_<projectUID>_m` and maps a project NAME in the
// path to its UID; this module holds that directory.

import { createHash, randomBytes } from "node:crypto";
import type { OrgOptions, OrgState, ProjectOptions, ResolvedOrg, ResolvedProject, ResolvedUser, UserOptions } from "./types";

export const READ_ROLE = "app-deployment-manager-read-role";
export const WRITE_ROLE = "app-deployment-manager-write-role";
/** Roles Keycloak puts in every token of the master realm; harmless to the gateway. */
const REALM_DEFAULT_ROLES = ["default-roles-master", "offline_access", "uma_authorization"];

const UID_PATTERN = /^[a-f0-9-]+$/;
/** Upstream org detection (OU `authenticator.go`). */
const ORG_ROLE_PATTERNS = [/^([a-f0-9-]+)_([a-f0-9-]+)_(m|member-role)$/, /^([a-f0-9-]+)_project-(read|write|update|delete)-role$/];
const ORG_STATES: readonly OrgState[] = ["idle", "creating", "deleting", "error", "absent"];

/**
 * Name-derived UIDs keep roles stable across restarts, so a token minted before a
 * restart with the same configuration still authorizes afterwards.
 */
export function deterministicUid(kind: string, name: string): string {
    const hex = createHash("sha1").update(`edge-orchestrator-local/${kind}/${name}`).digest("hex");
    const variant = ((parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The roles a user needs for networks in one project. */
export function projectRoles(orgUid: string, projectUid: string, access: { read?: boolean; write?: boolean } = { read: true, write: true }): string[] {
    const roles = [`${orgUid}_${projectUid}_m`, `${projectUid}_ao-rw`];
    if (access.read) roles.push(READ_ROLE);
    if (access.write) roles.push(WRITE_ROLE);
    return roles;
}

export function allRoles(projects: readonly ResolvedProject[]): string[] {
    const roles = new Set<string>(REALM_DEFAULT_ROLES);
    for (const project of projects) {
        for (const role of projectRoles(project.orgUid, project.uid)) roles.add(role);
    }
    return [...roles];
}

/** Org UIDs named by a token's roles, in role order, without duplicates. */
export function orgUidsFromRoles(roles: readonly string[]): string[] {
    const found: string[] = [];
    for (const role of roles) {
        for (const pattern of ORG_ROLE_PATTERNS) {
            const match = pattern.exec(role);
            const uid = match?.[1];
            if (uid !== undefined && !found.includes(uid)) found.push(uid);
        }
    }
    return found;
}

export function assertOrgState(state: string): asserts state is OrgState {
    if (!(ORG_STATES as readonly string[]).includes(state)) {
        throw new Error(`unknown org state "${state}"; allowed: ${ORG_STATES.join(", ")}`);
    }
}

function checkName(kind: string, name: string): void {
    if (!/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(name)) {
        throw new Error(`${kind} name "${name}" must be 1-63 characters of letters, digits, '-', '_' or '.', starting and ending alphanumeric`);
    }
}

function checkUid(kind: string, uid: string): void {
    if (!UID_PATTERN.test(uid)) throw new Error(`${kind} uid "${uid}" must be lowercase hex digits and '-'`);
}

function checkUnique(kind: string, values: readonly string[]): void {
    const seen = new Set<string>();
    for (const value of values) {
        if (seen.has(value)) throw new Error(`duplicate ${kind} "${value}"`);
        seen.add(value);
    }
}

export interface Tenancy {
    orgs: ResolvedOrg[];
    projects: ResolvedProject[];
    users: ResolvedUser[];
}

export function resolveTenancy(
    orgOptions: readonly OrgOptions[] | undefined,
    projectOptions: readonly ProjectOptions[] | undefined,
    userOptions: readonly UserOptions[] | undefined,
): Tenancy {
    const orgInputs = orgOptions ?? [{ name: "sample-org" }];
    if (orgInputs.length === 0) throw new Error("at least one org is required");
    const orgs = orgInputs.map((o): ResolvedOrg => {
        checkName("org", o.name);
        const uid = o.uid ?? deterministicUid("org", o.name);
        checkUid("org", uid);
        const state = o.state ?? "idle";
        assertOrgState(state);
        return { name: o.name, uid, state };
    });
    checkUnique(
        "org name",
        orgs.map((o) => o.name),
    );
    checkUnique(
        "org uid",
        orgs.map((o) => o.uid),
    );

    const firstOrg = orgs[0] as ResolvedOrg;
    const projectInputs = projectOptions ?? [{ name: "sample-project" }];
    const projects = projectInputs.map((p): ResolvedProject => {
        checkName("project", p.name);
        const org = orgs.find((o) => o.name === (p.org ?? firstOrg.name));
        if (!org) throw new Error(`project "${p.name}" names unknown org "${p.org ?? ""}"`);
        const uid = p.uid ?? deterministicUid(`project/${org.uid}`, p.name);
        checkUid("project", uid);
        return { name: p.name, uid, orgName: org.name, orgUid: org.uid };
    });
    checkUnique(
        "project name",
        projects.map((p) => p.name),
    );
    checkUnique(
        "project uid",
        projects.map((p) => p.uid),
    );

    const everyRole = allRoles(projects);
    const userInputs = userOptions ?? [{ username: "edge-admin" }];
    if (userInputs.length === 0) throw new Error("at least one user is required");
    const users = userInputs.map((u): ResolvedUser => {
        if (!/^[^\s:]+$/.test(u.username)) throw new Error(`username "${u.username}" must be non-empty without spaces or ':'`);
        if (u.password !== undefined && u.password.length === 0) throw new Error(`user "${u.username}" has an empty password`);
        return {
            // Keycloak stores usernames lower-cased and matches them case-insensitively.
            username: u.username.toLowerCase(),
            password: u.password ?? randomBytes(18).toString("base64url"),
            roles: [...(u.roles ?? everyRole)],
        };
    });
    checkUnique(
        "username",
        users.map((u) => u.username),
    );
    return { orgs, projects, users };
}
