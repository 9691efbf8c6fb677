export { KubeClusterClient, loadKubeConfig } from "./client";
export type { KubeClientOptions, KubeconfigSource } from "./client";
export { KubeConfigError, KubeRequestError } from "./errors";
export type { KubeFailureKind } from "./errors";
export type { ConfigMapInfo, ContainerStatusInfo, DeploymentInfo, ObjectMetaInfo, PodInfo, SecretInfo, ServiceInfo } from "./types";
