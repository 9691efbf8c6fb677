/**
 * The four components, served through `construct` (provider/plugin/construct.ts).
 * Cross-language inputs (issue 16 §2): kubeconfigs are secret strings;
 * components reach each other through resource references (`network`,
 * `hub`) or the plain join information a hub publishes (`joinInfo`).
 */
import { bool, doc, int, list, map, resource, ResourceSpec, secret, str, strings, type } from "./spec";

/** How a member reaches its cluster: the kubeconfig's text (not a provider object, which other languages cannot pass). */
const clusterAccess = (args: string) => ({
    kubeconfig: secret(str(doc(`${args}.kubeconfig`))),
    context: str(doc(`${args}.context`)),
    clusterId: str(doc(`${args}.clusterId`)),
});

const memberAddOns = (args: string) => ({
    skupperController: type("SkupperControllerAddOn", doc(`${args}.skupperController`)),
    imageRegistry: str(doc(`${args}.imageRegistry`)),
});

const managedOutputs = (cls: string) => ({
    orchestratorClusterId: str(doc(`${cls}.orchestratorClusterId`)),
    deployIds: strings("The `deployId`s of the extension deployments (orchestrator-managed mode only)."),
});

export const COMPONENTS: Record<string, ResourceSpec> = {
    InterconnectNetwork: {
        description: doc("InterconnectNetwork"),
        isComponent: true,
        inputProperties: {
            networkName: str(doc("InterconnectNetworkArgs.networkName")),
            description: str(doc("InterconnectNetworkArgs.description")),
            orchestrator: type("OrchestratorConnection", doc("InterconnectNetworkArgs.orchestrator")),
            adoptExisting: bool(doc("InterconnectNetworkArgs.adoptExisting")),
            naming: type("Naming", doc("InterconnectNetworkArgs.naming")),
            orchestratorRelease: str(doc("InterconnectNetworkArgs.orchestratorRelease")),
            extensionPackages: type("ExtensionPackages", doc("InterconnectNetworkArgs.extensionPackages")),
            skupperVersion: str(doc("InterconnectNetworkArgs.skupperVersion")),
        },
        properties: {
            networkName: str(doc("InterconnectNetwork.networkName")),
            labelName: str(doc("InterconnectNetwork.labelName")),
            registered: bool(doc("InterconnectNetwork.registered")),
            adopted: bool(doc("InterconnectNetwork.adopted")),
            project: str(doc("InterconnectNetwork.project")),
            apiUrl: str(doc("InterconnectNetwork.apiUrl")),
            naming: type("Naming", doc("InterconnectNetwork.naming")),
            skupperVersion: str(doc("InterconnectNetwork.skupperVersion")),
            caCertPem: str(doc("InterconnectNetwork.caCertPem")),
        },
        required: ["networkName", "labelName", "registered", "adopted", "naming", "skupperVersion", "caCertPem"],
    },
    HubCluster: {
        description: doc("HubCluster"),
        isComponent: true,
        inputProperties: {
            network: resource("InterconnectNetwork", doc("HubClusterArgs.network")),
            ...clusterAccess("HubClusterArgs"),
            loadBalancer: type("LoadBalancer", doc("HubClusterArgs.loadBalancer")),
            allowedSourceRanges: strings(doc("HubClusterArgs.allowedSourceRanges")),
            allowPublicExposure: bool(doc("HubClusterArgs.allowPublicExposure")),
            exposedServices: list(type("ExposedService", ""), doc("HubClusterArgs.exposedServices")),
            annotateServices: bool(doc("HubClusterArgs.annotateServices")),
            orchestratorClusterId: str(doc("HubClusterArgs.orchestratorClusterId")),
            shards: strings(doc("HubClusterArgs.shards")),
            metallb: type("MetallbAddOn", doc("HubClusterArgs.metallb")),
            certManager: type("CertManagerAddOn", doc("HubClusterArgs.certManager")),
            ...memberAddOns("HubClusterArgs"),
        },
        requiredInputs: ["network", "loadBalancer"],
        properties: {
            siteName: str(doc("HubCluster.siteName")),
            routerIp: str(doc("HubCluster.routerIp")),
            routerPort: int(doc("HubCluster.routerPort")),
            edgePort: int(doc("HubCluster.edgePort")),
            serviceAddresses: map(str(""), doc("HubCluster.serviceAddresses")),
            siteCaCertPem: str("PEM certificate of the hub's site CA (direct mode only)."),
            shards: strings(doc("HubClusterArgs.shards")),
            shardJoinInfo: secret(
                map(
                    type("JoinInfo", ""),
                    "The join information of each declared shard, for a secret stack output the shard's stack reads: its signer is the shard's CA; the site CA's key is not in it (direct mode, `shards` only).",
                ),
            ),
            ...managedOutputs("HubCluster"),
        },
        required: ["siteName", "routerIp", "routerPort", "edgePort", "serviceAddresses", "shards"],
    },
    SpokeCluster: {
        description: doc("SpokeCluster"),
        isComponent: true,
        inputProperties: {
            network: resource("InterconnectNetwork", doc("SpokeClusterArgs.network")),
            hub: resource("HubCluster", "The hub this spoke links to, a `HubCluster` of this program. Give `hub` or `joinInfo`."),
            joinInfo: secret(
                type(
                    "JoinInfo",
                    "The hub's join information instead of `hub`, e.g. a hub stack's `shardJoinInfo[<shard>]` read from a StackReference. Its facts must be known when the program runs (they decide the spoke's objects); its PEM fields may be secrets.",
                ),
            ),
            ...clusterAccess("SpokeClusterArgs"),
            routerMode: str(doc("SpokeClusterArgs.routerMode")),
            orchestratorClusterId: str(doc("SpokeClusterArgs.orchestratorClusterId")),
            linkKeyAlgorithm: str(doc("SpokeClusterArgs.linkKeyAlgorithm")),
            ...memberAddOns("SpokeClusterArgs"),
        },
        properties: {
            siteName: str(doc("SpokeCluster.siteName")),
            linkName: str(doc("SpokeCluster.linkName")),
            hubAddress: str(doc("SpokeCluster.hubAddress")),
            serviceAddresses: map(str(""), doc("SpokeCluster.serviceAddresses")),
            ...managedOutputs("SpokeCluster"),
        },
        required: ["siteName", "linkName", "hubAddress", "serviceAddresses"],
    },
    InterconnectApplication: {
        description: doc("InterconnectApplication"),
        isComponent: true,
        inputProperties: {
            network: resource("InterconnectNetwork", doc("InterconnectApplicationArgs.network")),
            role: str(doc("InterconnectApplicationArgs.role")),
            appName: str(doc("InterconnectApplicationArgs.appName")),
            appVersion: str(doc("InterconnectApplicationArgs.appVersion")),
            profileName: str(doc("InterconnectApplicationArgs.profileName")),
            displayName: str(doc("InterconnectApplicationArgs.displayName")),
            hubs: list(
                resource("HubCluster", ""),
                "Managed hubs (HubCluster with orchestratorClusterId) to deploy to; with `spokes` and `clusterIds`, in that order.",
            ),
            spokes: list(resource("SpokeCluster", ""), "Managed spokes (SpokeCluster with orchestratorClusterId) to deploy to."),
            clusterIds: strings("Orchestrator cluster ids to deploy to, besides `hubs` and `spokes`."),
            applications: strings(doc("InterconnectApplicationArgs.applications")),
            exposedApplications: strings(doc("InterconnectApplicationArgs.exposedApplications")),
            overrideValues: list(type("OverrideValues", ""), doc("InterconnectApplicationArgs.overrideValues")),
            deleteType: str(doc("InterconnectApplicationArgs.deleteType")),
        },
        requiredInputs: ["network", "role", "appName", "appVersion"],
        properties: {
            deployId: str(doc("InterconnectApplication.deployId")),
            clusterIds: strings(doc("InterconnectApplication.clusterIds")),
            applicationName: str(doc("InterconnectApplication.applicationName")),
        },
        required: ["deployId", "clusterIds", "applicationName"],
    },
};
