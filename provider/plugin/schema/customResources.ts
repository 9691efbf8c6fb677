/**
 * The custom resources the plugin serves besides the components: the
 * orchestrator's objects and the PKI, with the inputs and outputs of their
 * TypeScript classes (provider/network, provider/deployment, provider/pki).
 */
import { bool, doc, int, list, PropertySpec, ResourceSpec, secret, str, strings, type } from "./spec";

const connection = (args: string): Record<string, PropertySpec> => ({
    apiUrl: str(doc(`${args}.apiUrl`, "OrchestratorConnectionArgs.apiUrl")),
    project: str(doc(`${args}.project`, "OrchestratorConnectionArgs.project")),
    keycloakUrl: str(doc(`${args}.keycloakUrl`, "OrchestratorConnectionArgs.keycloakUrl")),
    caCert: str(doc(`${args}.caCert`, "OrchestratorConnectionArgs.caCert")),
    token: secret(str(doc(`${args}.token`, "OrchestratorConnectionArgs.token"))),
    username: str(doc(`${args}.username`, "OrchestratorConnectionArgs.username")),
    password: secret(str(doc(`${args}.password`, "OrchestratorConnectionArgs.password"))),
    requestTimeoutSeconds: int(doc(`${args}.requestTimeoutSeconds`, "OrchestratorConnectionArgs.requestTimeoutSeconds")),
    operationTimeoutSeconds: int(doc(`${args}.operationTimeoutSeconds`, "OrchestratorConnectionArgs.operationTimeoutSeconds")),
});

/** Generated material every PKI resource returns. */
const material = (cls: string): Record<string, PropertySpec> => ({
    certPem: str(doc(`${cls}.certPem`)),
    keyPem: secret(str(doc(`${cls}.keyPem`))),
    notAfter: str(doc(`${cls}.notAfter`)),
    serialNumber: str(doc(`${cls}.serialNumber`)),
});

/** A resource whose outputs echo its inputs, plus `extra`. */
function echoing(
    description: string,
    inputs: Record<string, PropertySpec>,
    requiredInputs: string[],
    extra: Record<string, PropertySpec>,
    required: string[],
): ResourceSpec {
    return { description, inputProperties: inputs, requiredInputs, properties: { ...inputs, ...extra }, required: [...requiredInputs, ...required] };
}

const networkInputs = {
    ...connection("NetworkResourceArgs"),
    networkName: str(doc("InterconnectNetworkArgs.networkName")),
    description: str(doc("InterconnectNetworkArgs.description")),
    adoptExisting: bool(doc("InterconnectNetworkArgs.adoptExisting")),
};

const deploymentInputs = {
    ...connection("OrchestratorDeploymentArgs"),
    appName: str(doc("OrchestratorDeploymentArgs.appName")),
    appVersion: str(doc("OrchestratorDeploymentArgs.appVersion")),
    profileName: str(doc("OrchestratorDeploymentArgs.profileName")),
    displayName: str(doc("OrchestratorDeploymentArgs.displayName")),
    deploymentType: str(doc("OrchestratorDeploymentArgs.deploymentType")),
    targetClusters: list(type("TargetClusters", ""), doc("TargetClusters")),
    overrideValues: list(type("OverrideValues", ""), doc("OverrideValues")),
    networkName: str(doc("OrchestratorDeploymentArgs.networkName")),
    serviceExports: list(type("ServiceExport", ""), doc("OrchestratorDeploymentArgs.serviceExports")),
    deleteType: str(doc("OrchestratorDeploymentArgs.deleteType")),
};

const authorityInputs = {
    commonName: str(doc("CertificateAuthorityArgs.commonName")),
    organization: str(doc("CertificateAuthorityArgs.organization")),
    validityDays: int(doc("CertificateAuthorityArgs.validityDays")),
    keyBits: int(doc("CertificateAuthorityArgs.keyBits")),
};

const intermediateInputs = {
    caCertPem: str(doc("IntermediateAuthorityArgs.caCertPem")),
    caKeyPem: secret(str(doc("IntermediateAuthorityArgs.caKeyPem"))),
    commonName: str(doc("IntermediateAuthorityArgs.commonName")),
    organization: str(doc("IntermediateAuthorityArgs.organization")),
    permittedDnsDomain: str(doc("IntermediateAuthorityArgs.permittedDnsDomain")),
    validityDays: int(doc("IntermediateAuthorityArgs.validityDays")),
    keyBits: int(doc("IntermediateAuthorityArgs.keyBits")),
};

const signedInputs = {
    caCertPem: str(doc("SignedCertificateArgs.caCertPem")),
    caKeyPem: secret(str(doc("SignedCertificateArgs.caKeyPem"))),
    commonName: str(doc("SignedCertificateArgs.commonName")),
    dnsNames: strings(doc("SignedCertificateArgs.dnsNames")),
    ipAddresses: strings(doc("SignedCertificateArgs.ipAddresses")),
    usages: strings(doc("SignedCertificateArgs.usages")),
    validityDays: int(doc("SignedCertificateArgs.validityDays")),
    keyAlgorithm: str(doc("SignedCertificateArgs.keyAlgorithm")),
    keyBits: int(doc("SignedCertificateArgs.keyBits")),
};

export const CUSTOM_RESOURCES: Record<string, ResourceSpec> = {
    Network: echoing(
        doc("NetworkResource"),
        networkInputs,
        ["apiUrl", "project", "networkName"],
        {
            type: str('The network type: "application-mesh", the only one the orchestrator defines.'),
            adopted: bool(doc("InterconnectNetwork.adopted")),
        },
        ["type", "adopted"],
    ),
    Deployment: echoing(
        doc("OrchestratorDeployment"),
        deploymentInputs,
        ["apiUrl", "project", "appName", "appVersion"],
        { deployId: str(doc("OrchestratorDeployment.deployId")) },
        ["deployId"],
    ),
    CertificateAuthority: echoing(doc("CertificateAuthority"), authorityInputs, ["commonName"], material("CertificateAuthority"), [
        "certPem",
        "keyPem",
        "notAfter",
        "serialNumber",
    ]),
    IntermediateAuthority: echoing(
        doc("IntermediateAuthority"),
        intermediateInputs,
        ["caCertPem", "caKeyPem", "commonName", "permittedDnsDomain"],
        material("IntermediateAuthority"),
        ["certPem", "keyPem", "notAfter", "serialNumber"],
    ),
    SignedCertificate: echoing(doc("SignedCertificate"), signedInputs, ["caCertPem", "caKeyPem", "commonName", "usages"], material("SignedCertificate"), [
        "certPem",
        "keyPem",
        "notAfter",
        "serialNumber",
    ]),
};
