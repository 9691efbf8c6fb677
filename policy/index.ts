/**
 * The policy pack: `pulumi preview --policy-pack ./policy` (after
 * `npm install` in this folder). The policies themselves are in
 * policies.ts, which tests import without starting a policy server.
 */
import { PolicyPack } from "@pulumi/policy";
import { allPolicies } from "./policies";

new PolicyPack("edge-interconnect-guardrails", {
    description:
        "The edge Interconnect best practices: no Internet-facing router LoadBalancer, ClusterIP exposed services, TLS secrets present, pinned versions.",
    enforcementLevel: "mandatory",
    // no-public-router-loadbalancer, exposed-services-are-clusterip, tls-secrets-for-tls-services, pinned-image-versions
    policies: allPolicies,
});
