/**
 * pulumi-edge-interconnect: connect applications across edge Kubernetes
 * clusters in a hub-and-spoke pattern.
 */
export {
    InterconnectNetwork,
    InterconnectNetworkArgs,
    OrchestratorConnectionArgs,
    NetworkMember,
    DEFAULT_NETWORK_DESCRIPTION,
} from "./network/interconnectNetwork";
export { NetworkInfo, NetworkFacts, NETWORK_INFO_FORMAT, networkInfoProblems } from "./network/networkInfo";
export { readNetworkInfo } from "./network/readNetworkInfo";
export { HubCluster, HubClusterArgs, ExposedServiceArgs } from "./hub/hubCluster";
export { SpokeCluster, SpokeClusterArgs } from "./spoke/spokeCluster";
export { JoinInfo, JoinFacts, JoinService, JoinSigner, JOIN_INFO_FORMAT, joinInfoProblems } from "./join/joinInfo";
export { readJoinInfo } from "./join/readJoinInfo";
export { ClusterAccessArgs } from "./kube/clusterProvider";
export { HubAddOnArgs, MemberAddOnArgs, ChartSourceArgs, AddOnsModel } from "./topology/addons";
export { interconnectServiceAnnotations, InterconnectServiceOptions } from "./hub/serviceAnnotations";
export { Naming, PRODUCT_DOC_NAMING, UPSTREAM_NAMING, VERSIONS, ROUTER_PORTS } from "./topology/model";
export type { TopologyModel, HubModel, SpokeModel, ExposedService, KubeObject } from "./topology/model";
export { validateTopology, validateHub, validateSpoke, TopologyError, TopologyIssue, TopologyInput, HubInput, SpokeInput } from "./topology/validate";
export { OrchestratorClient, OrchestratorClientOptions } from "../provider/orchestrator/client";
export { OrchestratorApiError, OrchestratorAuthError, OrchestratorConnectionError, RetryBudgetExhaustedError } from "../provider/orchestrator/errors";
export type { NetworkSpec, NetworkObject, NetworkListItem, PutNetworkResult } from "../provider/orchestrator/types";
export type { Credential } from "../provider/orchestrator/auth";
export type { RetryPolicy } from "../provider/orchestrator/retry";
export { networkNameProblem } from "../provider/network/inputs";
export { CertificateAuthority, IntermediateAuthority, SignedCertificate } from "../provider/pki";
export { buildInterconnect, loadStackConfig, stackOutputs, Interconnect, StackSecrets, BuildOptions } from "./stack/program";
export { parseStackConfig, StackConfig, StackConfigError, CONFIG_NAMESPACE } from "./stack/config";
export { InterconnectApplication, InterconnectApplicationArgs } from "./application/interconnectApplication";
export { OrchestratorDeployment, OrchestratorDeploymentArgs } from "../provider/deployment/resource";
export { DEFAULT_EXTENSION_PACKAGES, DEFAULT_ORCHESTRATOR_RELEASE, ExtensionPackage, ExtensionPackages, ORCHESTRATOR_RELEASES } from "./managed/extensions";
export type { DeploymentSpec, Deployment, TargetClusters, OverrideValues, ServiceExport, DeleteType } from "../provider/orchestrator/types";
