/** The object types the components take and return (`types` of the schema). */
import { anyMap, bool, doc, int, ObjectSpec, str, strings, type, list, secret, token } from "./spec";

const chart = (owner: string): ObjectSpec => ({
    description: doc("ChartSourceArgs"),
    properties: {
        repository: str(doc(`${owner}.chart.repository`, "ChartSourceArgs.repository")),
        path: str(doc(`${owner}.chart.path`, "ChartSourceArgs.path")),
        version: str(doc(`${owner}.chart.version`, "ChartSourceArgs.version")),
        values: anyMap(doc(`${owner}.chart.values`, "ChartSourceArgs.values")),
    },
});

export const OBJECT_TYPES: Record<string, ObjectSpec> = {
    Naming: {
        description: doc("Naming"),
        properties: { annotationPrefix: str(doc("Naming.annotationPrefix")), siteNamespace: str(doc("Naming.siteNamespace")) },
    },
    OrchestratorConnection: {
        description: doc("OrchestratorConnectionArgs"),
        properties: {
            apiUrl: str(doc("OrchestratorConnectionArgs.apiUrl")),
            project: str(doc("OrchestratorConnectionArgs.project")),
            token: secret(str(doc("OrchestratorConnectionArgs.token"))),
            username: str(doc("OrchestratorConnectionArgs.username")),
            password: secret(str(doc("OrchestratorConnectionArgs.password"))),
            keycloakUrl: str(doc("OrchestratorConnectionArgs.keycloakUrl")),
            caCert: str(doc("OrchestratorConnectionArgs.caCert")),
            requestTimeoutSeconds: int(doc("OrchestratorConnectionArgs.requestTimeoutSeconds")),
            operationTimeoutSeconds: int(doc("OrchestratorConnectionArgs.operationTimeoutSeconds")),
        },
        required: ["apiUrl", "project"],
    },
    ExtensionPackage: {
        description: "A catalog package of an extension, field by field over the orchestrator release's.",
        properties: {
            appName: str("Deployment package name."),
            appVersion: str("Package version."),
            profileName: str(doc("InterconnectNetwork.extensionPackages.loadbalancer.profileName", "=Deployment profile.")),
            applications: strings(doc("InterconnectNetwork.extensionPackages.loadbalancer.applications", "=The package's applications.")),
        },
    },
    ExtensionPackages: {
        description: doc("InterconnectNetworkArgs.extensionPackages"),
        properties: {
            loadbalancer: type("ExtensionPackage", "The `loadbalancer` extension (MetalLB)."),
            skupper: type("ExtensionPackage", "The `skupper` extension."),
        },
    },
    LoadBalancer: {
        description: doc("HubClusterArgs.loadBalancer"),
        properties: {
            addresses: strings(doc("HubClusterArgs.loadBalancer.addresses")),
            routerIp: str(doc("HubClusterArgs.loadBalancer.routerIp")),
            l2Interfaces: strings(doc("HubClusterArgs.loadBalancer.l2Interfaces")),
        },
        required: ["addresses"],
    },
    ExposedService: {
        description: doc("ExposedServiceArgs"),
        properties: {
            name: str(doc("ExposedServiceArgs.name")),
            namespace: str(doc("ExposedServiceArgs.namespace")),
            port: int(doc("ExposedServiceArgs.port")),
            tls: bool(doc("ExposedServiceArgs.tls")),
            type: str(doc("ExposedServiceArgs.type")),
        },
        required: ["name", "port"],
    },
    ChartSource: chart("HubClusterArgs.metallb"),
    MetallbAddOn: {
        description: doc("HubAddOnArgs.metallb"),
        properties: {
            install: bool("Install MetalLB's Helm release (default true)."),
            namespace: str("Namespace of MetalLB and its pools (default metallb-system)."),
            chart: type("ChartSource", doc("ChartSourceArgs")),
        },
    },
    CertManagerAddOn: {
        description: doc("HubAddOnArgs.certManager"),
        properties: {
            install: bool("Install cert-manager when a service uses TLS (default true)."),
            chart: type("ChartSource", doc("ChartSourceArgs")),
        },
    },
    SkupperControllerAddOn: {
        description: doc("MemberAddOnArgs.skupperController"),
        properties: {
            install: bool("Install Skupper's controller (default true)."),
            grantServer: bool("Skupper v2 only: run the controller with the grant server (default false)."),
        },
    },
    JoinService: {
        description: "An exposed service as spokes see it: its network address and whether it uses TLS.",
        properties: {
            name: str(doc("ExposedServiceArgs.name")),
            port: int(doc("ExposedServiceArgs.port")),
            tls: bool(doc("ExposedServiceArgs.tls")),
        },
        required: ["name", "port", "tls"],
    },
    JoinSigner: {
        description: doc("JoinSigner"),
        properties: {
            certPem: str(doc("JoinSigner.certPem")),
            keyPem: secret(str(doc("JoinSigner.keyPem"))),
            chainPem: str(doc("JoinSigner.chainPem")),
        },
        required: ["certPem", "keyPem", "chainPem"],
    },
    KeyPair: {
        description: doc("JoinInfo.networkCa"),
        properties: { certPem: str("Certificate, PEM."), keyPem: secret(str("Private key, PEM.")) },
        required: ["certPem", "keyPem"],
    },
    JoinInfo: {
        description: doc("JoinInfo"),
        properties: {
            format: str(`Layout of the record: "edge-interconnect/join-info/v1"; a spoke refuses a layout it does not know.`),
            network: str(doc("JoinInfo.network")),
            skupperVersion: str(doc("JoinInfo.skupperVersion")),
            naming: type("Naming", doc("JoinInfo.naming")),
            hub: str(doc("JoinInfo.hub")),
            shard: str(doc("JoinInfo.shard")),
            routerIp: str(doc("JoinInfo.routerIp")),
            interRouterPort: int(doc("JoinInfo.interRouterPort")),
            edgePort: int(doc("JoinInfo.edgePort")),
            exposedServices: list(type("JoinService", ""), doc("JoinInfo.exposedServices")),
            siteCaCertPem: str(doc("JoinInfo.siteCaCertPem")),
            signer: type("JoinSigner", doc("JoinSigner")),
            networkCa: type("KeyPair", doc("JoinInfo.networkCa")),
        },
        required: ["format", "network", "naming", "hub", "routerIp", "interRouterPort", "edgePort", "exposedServices", "siteCaCertPem", "signer"],
    },
    TargetClusters: {
        description: doc("TargetClusters"),
        properties: {
            appName: str("Application of the package (all when omitted)."),
            clusterId: str("Cluster id."),
            labels: { type: "object", additionalProperties: { type: "string" }, description: "Cluster labels." },
        },
    },
    OverrideValues: {
        description: doc("OverrideValues"),
        properties: {
            appName: str("Application of the package."),
            targetNamespace: str("Namespace the application is deployed to."),
            values: anyMap("Helm values."),
        },
        required: ["appName"],
    },
    ServiceExport: {
        description: doc("ServiceExport"),
        properties: { appName: str("Application of the package."), enabled: bool("Whether its annotated Services are exposed.") },
        required: ["appName", "enabled"],
    },
};

/** Every type token the schema declares. */
export const objectTypeTokens = (): string[] => Object.keys(OBJECT_TYPES).map(token);
