/**
 * The repository's own Pulumi program: one interconnect network per stack,
 * registered with an orchestrator when `edge-interconnect:orchestrator` is
 * configured (direct mode otherwise).
 *
 *   pulumi config set networkName retail-mesh
 *   pulumi config set --path 'orchestrator.apiUrl' https://api.edge.example.com
 *   pulumi config set --path 'orchestrator.project' retail
 *   export EDGE_ORCH_USERNAME=... EDGE_ORCH_PASSWORD=...
 */
import * as pulumi from "@pulumi/pulumi";
import { InterconnectNetwork } from "./sdk";

const config = new pulumi.Config();
const orchestrator = config.getObject<{ apiUrl: string; project: string; keycloakUrl?: string; caCert?: string }>("orchestrator");

const network = new InterconnectNetwork("network", {
    networkName: config.get("networkName") ?? pulumi.getStack(),
    orchestrator: orchestrator && {
        ...orchestrator,
        username: config.get("orchestratorUsername"),
        password: config.getSecret("orchestratorPassword"),
        token: config.getSecret("orchestratorToken"),
    },
});

export const networkName = network.networkName;
export const project = network.project;
export const registered = network.registered;
