/**
 * Step 3 of the product documentation as code: create the interconnect
 * network through the orchestrator's REST API.
 *
 *   pulumi config set apiUrl https://api.edge.example.com
 *   pulumi config set project retail
 *   export EDGE_ORCH_USERNAME=ops EDGE_ORCH_PASSWORD=...   # or: pulumi config set --secret orchestratorPassword ...
 *   pulumi up
 */
import * as pulumi from "@pulumi/pulumi";
import { InterconnectNetwork } from "pulumi-edge-interconnect";

const config = new pulumi.Config();

const network = new InterconnectNetwork("retail-mesh", {
    description: config.get("description") ?? "Network for Interconnect",
    orchestrator: {
        apiUrl: config.require("apiUrl"),
        project: config.require("project"),
        // Both are optional: without them the provider reads EDGE_ORCH_USERNAME / EDGE_ORCH_PASSWORD.
        username: config.get("orchestratorUsername"),
        password: config.getSecret("orchestratorPassword"),
        caCert: config.get("caCert"),
        // Deadline of one create, update or delete including retries (default 120 s).
        operationTimeoutSeconds: config.getNumber("operationTimeoutSeconds"),
    },
});

export const networkName = network.networkName;
export const project = network.project;
