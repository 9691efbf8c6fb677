/**
 * URN stability, as pulumi-awsx's "adds no aliases" tests do: every resource
 * examples/hub-and-spoke registers, by parent, type and name, is pinned. A
 * refactor that renames or re-parents a resource changes its URN, and Pulumi
 * would then delete and re-create it on every user's cluster; this test makes
 * such a change a deliberate edit of the list below (with aliases added to
 * the components), never an accident.
 *
 * The PKI resources changed type once, from the dynamic resources
 * (`pulumi-nodejs:dynamic/edge-interconnect:<Name>`) to custom resources of
 * the provider plugin (`edge-interconnect:index:<Name>`, issue 16): their
 * URNs changed, and the promise now goes through the alias each of them
 * carries from the old type (same parent and name), pinned below too.
 */
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { RecordingMocks, waitFor } from "../support/mocks";
import { aliasPackageName } from "../support/packageAlias";
import { kubeconfig, PKI_PROVIDERS } from "../support/clusters";

/** `parent type$parent name → type::name` for each registration (the parts a URN is made of). */
const registered: string[] = [];
/** The aliases each of the package's registrations carries, by `type::name`, for those that carry any (Kubernetes types carry their own). */
const aliases: Record<string, unknown[]> = {};

/** Every alias on the package's resources in the example: the custom resources', from their dynamic-resource type. */
const PINNED_ALIASES = {
    "edge-interconnect:index:CertificateAuthority::shop-mesh-ca": [{ type: "pulumi-nodejs:dynamic/edge-interconnect:CertificateAuthority" }],
    "edge-interconnect:index:CertificateAuthority::store-hub-site-ca": [{ type: "pulumi-nodejs:dynamic/edge-interconnect:CertificateAuthority" }],
    "edge-interconnect:index:SignedCertificate::store-1-link-cert": [{ type: "pulumi-nodejs:dynamic/edge-interconnect:SignedCertificate" }],
};

const PINNED = [
    "(stack) → edge-interconnect:index:HubCluster::store-hub",
    "(stack) → edge-interconnect:index:InterconnectNetwork::shop-mesh",
    "(stack) → edge-interconnect:index:SpokeCluster::store-1",
    "(stack) → kubernetes:apps/v1:Deployment::backend",
    "(stack) → kubernetes:apps/v1:Deployment::frontend",
    "(stack) → kubernetes:core/v1:Namespace::shop",
    "(stack) → kubernetes:core/v1:Service::backend",
    "edge-interconnect:index:HubCluster$store-hub → kubernetes:core/v1:Namespace::store-hub-namespace-interconnect",
    "edge-interconnect:index:HubCluster$store-hub → kubernetes:core/v1:Namespace::store-hub-namespace-metallb-system",
    "edge-interconnect:index:HubCluster$store-hub → kubernetes:core/v1:Namespace::store-hub-namespace-skupper-site-controller",
    "edge-interconnect:index:HubCluster$store-hub → kubernetes:core/v1:ConfigMap::store-hub-configmap-interconnect-skupper-site",
    "edge-interconnect:index:HubCluster$store-hub → kubernetes:core/v1:ConfigMap::store-hub-configmap-metallb-system-store-hub-router-address",
    "edge-interconnect:index:HubCluster$store-hub → kubernetes:core/v1:Secret::store-hub-secret-interconnect-skupper-site-ca",
    "edge-interconnect:index:HubCluster$store-hub → kubernetes:core/v1:Service::store-hub-service-interconnect-my-backend",
    "edge-interconnect:index:HubCluster$store-hub → kubernetes:core/v1:Service::store-hub-service-interconnect-skupper-router",
    "edge-interconnect:index:HubCluster$store-hub → kubernetes:core/v1:ServiceAccount::store-hub-serviceaccount-skupper-site-controller",
    "edge-interconnect:index:HubCluster$store-hub → kubernetes:core/v1:ServicePatch::store-hub-service-metallb-system-metallb-webhook-service-patch",
    "edge-interconnect:index:HubCluster$store-hub → kubernetes:apps/v1:Deployment::store-hub-deployment-skupper-site-controller",
    "edge-interconnect:index:HubCluster$store-hub → kubernetes:helm.sh/v3:Release::store-hub-metallb",
    "edge-interconnect:index:HubCluster$store-hub → kubernetes:metallb.io/v1beta1:IPAddressPool::store-hub-ipaddresspool-metallb-system-store-hub-pool",
    "edge-interconnect:index:HubCluster$store-hub → kubernetes:metallb.io/v1beta1:IPAddressPool::store-hub-ipaddresspool-metallb-system-store-hub-router",
    "edge-interconnect:index:HubCluster$store-hub → kubernetes:metallb.io/v1beta1:L2Advertisement::store-hub-l2advertisement-metallb-system-store-hub-l2",
    "edge-interconnect:index:HubCluster$store-hub → kubernetes:rbac.authorization.k8s.io/v1:ClusterRole::store-hub-clusterrole-skupper-site-controller",
    "edge-interconnect:index:HubCluster$store-hub → kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding::store-hub-clusterrolebinding-skupper-site-controller",
    "edge-interconnect:index:HubCluster$store-hub → edge-interconnect:index:CertificateAuthority::store-hub-site-ca",
    "edge-interconnect:index:HubCluster$store-hub → pulumi:providers:kubernetes::store-hub-k8s",
    "edge-interconnect:index:InterconnectNetwork$shop-mesh → edge-interconnect:index:CertificateAuthority::shop-mesh-ca",
    "edge-interconnect:index:SpokeCluster$store-1 → kubernetes:core/v1:Namespace::store-1-namespace-interconnect",
    "edge-interconnect:index:SpokeCluster$store-1 → kubernetes:core/v1:Namespace::store-1-namespace-skupper-site-controller",
    "edge-interconnect:index:SpokeCluster$store-1 → kubernetes:core/v1:ConfigMap::store-1-configmap-interconnect-skupper-site",
    "edge-interconnect:index:SpokeCluster$store-1 → kubernetes:core/v1:Secret::store-1-secret-interconnect-link-to-store-hub",
    "edge-interconnect:index:SpokeCluster$store-1 → kubernetes:core/v1:ServiceAccount::store-1-serviceaccount-skupper-site-controller",
    "edge-interconnect:index:SpokeCluster$store-1 → kubernetes:apps/v1:Deployment::store-1-deployment-skupper-site-controller",
    "edge-interconnect:index:SpokeCluster$store-1 → kubernetes:rbac.authorization.k8s.io/v1:ClusterRole::store-1-clusterrole-skupper-site-controller",
    "edge-interconnect:index:SpokeCluster$store-1 → kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding::store-1-clusterrolebinding-skupper-site-controller",
    "edge-interconnect:index:SpokeCluster$store-1 → edge-interconnect:index:SignedCertificate::store-1-link-cert",
    "edge-interconnect:index:SpokeCluster$store-1 → pulumi:providers:kubernetes::store-1-k8s",
].sort();

describe("URN stability of examples/hub-and-spoke (mocks)", function () {
    const mocks = new RecordingMocks({}, PKI_PROVIDERS);
    const EXAMPLE = "../../examples/hub-and-spoke/index";

    before(async () => {
        aliasPackageName();
        pulumi.runtime.setAllConfig({ "hub-and-spoke:hubKubeconfig": kubeconfig("hub"), "hub-and-spoke:spokeKubeconfig": kubeconfig("spoke") }, [
            "hub-and-spoke:hubKubeconfig",
            "hub-and-spoke:spokeKubeconfig",
        ]);
        await pulumi.runtime.setMocks(mocks, "hub-and-spoke", "dev", false);
        delete require.cache[require.resolve(EXAMPLE)];
        // Inside a root stack, as `pulumi up` runs a program, so that a stack transformation sees every registration.
        await pulumi.runtime.runInPulumiStack(async () => {
            pulumi.runtime.registerStackTransformation((a) => {
                const parent = a.opts.parent as (pulumi.Resource & { __pulumiType?: string; __name?: string }) | undefined;
                const from = !parent || parent.__pulumiType === "pulumi:pulumi:Stack" ? "(stack)" : `${parent.__pulumiType}$${parent.__name}`;
                registered.push(`${from} → ${a.type}::${a.name}`);
                if (a.type.startsWith("edge-interconnect:") && a.opts.aliases && a.opts.aliases.length > 0)
                    aliases[`${a.type}::${a.name}`] = [...a.opts.aliases];
                return undefined;
            });
            return import(EXAMPLE);
        });
        await waitFor(() => mocks.resources.some((r) => r.name === "store-1-secret-interconnect-link-to-store-hub"), "the spoke's link");
        await waitFor(() => registered.length >= PINNED.length, `${PINNED.length} registrations`);
    });
    after(() => delete require.cache[require.resolve(EXAMPLE)]);

    it("registers exactly the pinned resources, by parent, type and name", () => {
        assert.deepEqual([...registered].sort(), PINNED);
    });

    it("carries exactly the pinned aliases: the old dynamic type on each custom resource", () => {
        assert.deepEqual(aliases, PINNED_ALIASES);
    });
});
