/**
 * @edge-interconnect/kube-client: `edge-interconnect doctor`'s Kubernetes
 * client, a workspace package of the repository. It implements the
 * library's contract (sdk/doctor/clusterClient.ts) with
 * @kubernetes/client-node, so that neither that package nor this one is a
 * dependency of the library; the CLI loads this package when doctor runs.
 */
export { KubeClusterClient } from "./client";
export { loadKubeConfig } from "./kubeconfig";
export { KubeConfigError, KubeRequestError } from "./errors";
export type { KubeFailureKind } from "./errors";
export { deploymentInfo, podInfo, serviceInfo, skupperResourceInfo } from "./objects";
export type { ClusterClientOptions, KubeconfigSource } from "pulumi-edge-interconnect/dist/sdk/doctor/clusterClient";
