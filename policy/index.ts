/**
 * The policy pack: `pulumi preview --policy-pack ./policy` (after
 * `npm install` in this folder). The policies themselves are in
 * policies.ts, which tests import without starting a policy server.
 */
import { PolicyPack } from "@pulumi/policy";
import { exposedServicesAreClusterIp, noPublicRouterLoadBalancer, pinnedImageVersions, tlsSecretsForTlsServices } from "./policies";

new PolicyPack("edge-interconnect-guardrails", {
    description: "The edge Interconnect best practices: no Internet-facing router LoadBalancer, ClusterIP exposed services, TLS secrets present, pinned versions.",
    enforcementLevel: "mandatory",
    policies: [noPublicRouterLoadBalancer, exposedServicesAreClusterIp, tlsSecretsForTlsServices, pinnedImageVersions],
});
