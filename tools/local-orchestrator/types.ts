// Public types of the local edge-orchestrator server. Kept free of runtime code so
// callers (CLI wrapper, tests, providers) can import them without side effects.

import type { FaultControl, FaultSettings } from "./faults";
import type { RequestLog } from "./request-log";
import type { StoredDeployment, StoredNetwork } from "./store";

/**
 * Lifecycle of an org as the gateway's PUT precondition sees it. Only "idle" admits
 * writes. "absent" models an org record that no longer exists while its projects are
 * still mapped (the gateway answers 409 "Org Not found").
 */
export type OrgState = "idle" | "creating" | "deleting" | "error" | "absent";

export interface OrgOptions {
    name: string;
    /** Lowercase hex/dash identifier; derived deterministically from the name when omitted. */
    uid?: string;
    state?: OrgState;
}

export interface ProjectOptions {
    /** Project names must be unique across all orgs (the state file keys on them). */
    name: string;
    uid?: string;
    /** Org name; defaults to the first configured org. */
    org?: string;
}

export interface UserOptions {
    username: string;
    /** Random when omitted; read it back from `server.users`. */
    password?: string;
    /** Realm roles put in `realm_access.roles`. Omitted: every role for every project. */
    roles?: readonly string[];
}

/** PEM material inline, or file paths (what `parseServeArgs` produces). */
export type TlsOptions = { cert: string; key: string; ca?: string } | { certFile: string; keyFile: string; caFile?: string };

export interface OrchestratorServerOptions {
    /** Default "127.0.0.1". Anything but loopback needs `allowNonLoopback`. */
    host?: string;
    /** Default 0 (ephemeral). */
    port?: number;
    allowNonLoopback?: boolean;
    /**
     * Serve HTTPS. The server fetches its own JWKS over this listener and pins the
     * certificate by fingerprint, so any SAN works and `ca` is optional.
     */
    tls?: TlsOptions;
    /** Persist state (and the signing key) here; in memory when omitted. */
    stateFile?: string;
    /** Default: one org "sample-org" in state "idle". */
    orgs?: readonly OrgOptions[];
    /** Default: one project "sample-project" in the first org. */
    projects?: readonly ProjectOptions[];
    /** Default: one user "edge-admin" with a random password and every role. Replaces the default when given. */
    users?: readonly UserOptions[];
    /** Default 3600 (the EMF realm's accessTokenLifespan). */
    accessTokenLifespanSec?: number;
    /** Default 5400 (the EMF realm's ssoSessionIdleTimeout). */
    refreshTokenLifespanSec?: number;
    faults?: FaultSettings;
    /** How many request records `requests.entries` keeps (oldest dropped first). Default 10000. */
    maxLoggedRequests?: number;
}

export interface ResolvedOrg {
    name: string;
    uid: string;
    state: OrgState;
}

export interface ResolvedProject {
    name: string;
    uid: string;
    orgName: string;
    orgUid: string;
}

export interface ResolvedUser {
    username: string;
    password: string;
    roles: readonly string[];
}

export interface IssueTokenOptions {
    /** Default: the first configured user. */
    username?: string;
    /** Default: the named user's configured roles, or none for an unknown user. */
    roles?: readonly string[];
    /** Default: the access-token lifespan. Zero or negative mints an already-expired token. */
    expiresInSec?: number;
    /** Default: the server's issuer. Override to test issuer checks. */
    issuer?: string;
    /** Default "Bearer". Anything else must be rejected by the gateway. */
    typ?: string;
    /** Extra claims merged last. */
    claims?: Record<string, unknown>;
}

export interface NetworkRecord extends StoredNetwork {
    project: string;
    name: string;
}

/** A stored ADM deployment, networkName and serviceExports included (GET never returns them). */
export interface DeploymentRecord extends StoredDeployment {
    project: string;
}

export interface OrchestratorServer {
    /** Base URL of the networks and deployments APIs, e.g. `http://127.0.0.1:41234`. */
    readonly url: string;
    /** Base URL of the Keycloak imitation (same listener); the realm is `${keycloakUrl}/realms/master`. */
    readonly keycloakUrl: string;
    /** `iss` of every token this server mints and accepts. */
    readonly issuer: string;
    readonly port: number;
    readonly faults: FaultControl;
    readonly requests: RequestLog;
    readonly orgs: readonly ResolvedOrg[];
    readonly projects: readonly ResolvedProject[];
    readonly users: readonly ResolvedUser[];
    /** Mints an access token signed by the server's key, without the token endpoint. */
    issueToken(options?: IssueTokenOptions): Promise<string>;
    /** Same claims as `issueToken`, signed by a different key under the server's `kid`. */
    issueForgedToken(options?: IssueTokenOptions): Promise<string>;
    setOrgState(orgName: string, state: OrgState): void;
    /** Stored networks, sorted by project then name. */
    networks(project?: string): NetworkRecord[];
    /** Stored ADM deployments (copies), sorted by project then generated name. */
    deployments(project?: string): DeploymentRecord[];
    /** Stops listening, destroys every socket (keep-alive included) and waits for pending writes. */
    close(): Promise<void>;
}
