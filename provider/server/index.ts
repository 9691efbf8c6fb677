// Local imitation of the Intel Edge Orchestrator networks API (nexus-api-gw) and its
// Keycloak realm, for demos and tests.

export { createOrchestratorServer, isLoopbackHost } from "./server";
export { parseServeArgs } from "./args";
export { projectRoles, deterministicUid, READ_ROLE, WRITE_ROLE } from "./tenancy";
export { STATE_VERSION } from "./store";
export type { StateDocument, StoredNetwork, NetworkSpec, NetworkStatus } from "./store";
export type {
    FaultControl,
    FaultKind,
    FaultScope,
    FaultFrequency,
    FaultSettings,
    LatencyFault,
    ServerErrorFault,
    ThrottleFault,
    DropFault,
    FailAfterCommitFault,
} from "./faults";
export type { RequestLog, RequestRecord, RequestFilter } from "./request-log";
export type {
    OrchestratorServer,
    OrchestratorServerOptions,
    OrgOptions,
    OrgState,
    ProjectOptions,
    UserOptions,
    TlsOptions,
    IssueTokenOptions,
    NetworkRecord,
    ResolvedOrg,
    ResolvedProject,
    ResolvedUser,
} from "./types";
