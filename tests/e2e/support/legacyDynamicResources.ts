/**
 * The resources as the previous release declared them: `pulumi.dynamic.Resource`
 * classes around the same operations, with the same module and type names
 * (so the same type tokens, `pulumi-nodejs:dynamic/edge-interconnect:<Name>`),
 * inputs and secret outputs. Only the migration e2e uses them, to make a
 * stack exactly as that release did and then upgrade it.
 *
 * Test-only: the library has no dynamic provider any more (issue 16).
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResourceOperations } from "../../../provider/operations";
import { deploymentProvider } from "../../../provider/deployment/provider";
import type { OrchestratorDeploymentArgs } from "../../../provider/deployment/resource";
import { networkProvider } from "../../../provider/network/provider";
import type { NetworkResourceArgs } from "../../../provider/network/resource";
import { certificateAuthorityProvider } from "../../../provider/pki/authority";
import type { CertificateAuthorityArgs } from "../../../provider/pki/authority";
import { signedCertificateProvider } from "../../../provider/pki/signedCertificate";
import type { SignedCertificateArgs } from "../../../provider/pki/signedCertificate";

/** The operations as the dynamic-provider host runs them (it calls exactly these methods). */
function dynamic(operations: ResourceOperations): pulumi.dynamic.ResourceProvider {
    return operations as unknown as pulumi.dynamic.ResourceProvider;
}

const secret = <T>(v: pulumi.Input<T> | undefined) => (v === undefined ? undefined : pulumi.secret(v));

/** The previous release's `NetworkResource`. */
export class LegacyNetworkResource extends pulumi.dynamic.Resource {
    declare readonly networkName: pulumi.Output<string>;
    declare readonly description: pulumi.Output<string>;
    declare readonly adopted: pulumi.Output<boolean>;

    constructor(name: string, args: NetworkResourceArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            dynamic(networkProvider),
            name,
            { ...args, token: secret(args.token), password: secret(args.password), type: undefined, adopted: undefined },
            pulumi.mergeOptions(opts, { additionalSecretOutputs: ["token", "password"] }),
            "edge-interconnect",
            "Network",
        );
    }
}

/** The previous release's `OrchestratorDeployment`. */
export class LegacyOrchestratorDeployment extends pulumi.dynamic.Resource {
    declare readonly deployId: pulumi.Output<string>;

    constructor(name: string, args: OrchestratorDeploymentArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            dynamic(deploymentProvider),
            name,
            { ...args, token: secret(args.token), password: secret(args.password), deployId: undefined },
            pulumi.mergeOptions(opts, { additionalSecretOutputs: ["token", "password"] }),
            "edge-interconnect",
            "Deployment",
        );
    }
}

/** The previous release's `CertificateAuthority`. */
export class LegacyCertificateAuthority extends pulumi.dynamic.Resource {
    declare readonly certPem: pulumi.Output<string>;
    declare readonly keyPem: pulumi.Output<string>;
    declare readonly serialNumber: pulumi.Output<string>;

    constructor(name: string, args: CertificateAuthorityArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            dynamic(certificateAuthorityProvider),
            name,
            {
                commonName: args.commonName,
                organization: args.organization,
                validityDays: args.validityDays,
                keyBits: args.keyBits,
                certPem: undefined,
                keyPem: undefined,
                notAfter: undefined,
                serialNumber: undefined,
            },
            pulumi.mergeOptions(opts, { additionalSecretOutputs: ["keyPem"] }),
            "edge-interconnect",
            "CertificateAuthority",
        );
    }
}

/** The previous release's `SignedCertificate`. */
export class LegacySignedCertificate extends pulumi.dynamic.Resource {
    declare readonly certPem: pulumi.Output<string>;
    declare readonly keyPem: pulumi.Output<string>;
    declare readonly serialNumber: pulumi.Output<string>;

    constructor(name: string, args: SignedCertificateArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            dynamic(signedCertificateProvider),
            name,
            {
                caCertPem: args.caCertPem,
                caKeyPem: pulumi.secret(args.caKeyPem),
                commonName: args.commonName,
                dnsNames: args.dnsNames,
                ipAddresses: args.ipAddresses,
                usages: args.usages,
                validityDays: args.validityDays,
                keyAlgorithm: args.keyAlgorithm,
                keyBits: args.keyBits,
                certPem: undefined,
                keyPem: undefined,
                notAfter: undefined,
                serialNumber: undefined,
            },
            pulumi.mergeOptions(opts, { additionalSecretOutputs: ["keyPem", "caKeyPem"] }),
            "edge-interconnect",
            "SignedCertificate",
        );
    }
}
