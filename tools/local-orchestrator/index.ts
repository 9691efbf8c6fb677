// Local imitation of the Intel Edge Orchestrator networks API (nexus-api-gw), the App
// Deployment Manager deployments API it proxies, and its Keycloak realm, for demos and tests.

export { createOrchestratorServer, isLoopbackHost } from "./server";
export { parseServeArgs } from "./args";
export { projectRoles, deterministicUid, READ_ROLE, WRITE_ROLE } from "./tenancy";
export { STATE_VERSION } from "./store";
export type {
    StateDocument,
    StoredNetwork,
    NetworkSpec,
    NetworkStatus,
    StoredDeployment,
    DeploymentStatus,
    DeploymentState,
    TargetClustersSpec,
    OverrideValuesSpec,
    ServiceExportSpec,
} from "./store";
export { EXTENSION_PACKAGES } from "./catalog";
export type { CatalogPackage } from "./catalog";
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
    DeploymentRecord,
    ResolvedOrg,
    ResolvedProject,
    ResolvedUser,
} from "./types";
