/**
 * pulumi-edge-interconnect: connect applications across edge Kubernetes
 * clusters in a hub-and-spoke pattern.
 */
export { InterconnectNetwork, InterconnectNetworkArgs, OrchestratorConnectionArgs, DEFAULT_NETWORK_DESCRIPTION } from "./network/interconnectNetwork";
export { OrchestratorClient, OrchestratorClientOptions } from "../provider/orchestrator/client";
export { OrchestratorApiError, OrchestratorAuthError, OrchestratorConnectionError, RetryBudgetExhaustedError } from "../provider/orchestrator/errors";
export type { NetworkSpec, NetworkObject, NetworkListItem, PutNetworkResult } from "../provider/orchestrator/types";
export type { Credential } from "../provider/orchestrator/auth";
export type { RetryPolicy } from "../provider/orchestrator/retry";
export { networkNameProblem } from "../provider/network/inputs";
