/**
 * The orchestrator-managed interconnect, from the stack configuration:
 *   step 3  the network object,
 *   step 4  the loadbalancer extension on the hub (with its ipAddressRange),
 *   step 5  the skupper extension on every member (never selecting the network),
 *   step 6  the server application, joining the network and exposing itself,
 *   step 7  the client application, joining the network only.
 * The orchestrator's own controller then builds the mesh.
 *
 * Review it offline with `npx edge-interconnect plan examples/orchestrator-managed`.
 * The same through the API directly:
 *
 *   const network = new InterconnectNetwork("shop-mesh", { orchestrator: { apiUrl, project } });
 *   const hub = new HubCluster("dc-hub", { network, orchestratorClusterId: "cluster-dc", loadBalancer: { addresses: ["10.1.0.30-10.1.0.79"] } });
 *   const store = new SpokeCluster("store-1", { network, hub, orchestratorClusterId: "cluster-store-1" });
 *   new InterconnectApplication("backend", { network, role: "server", appName: "skupper-backend", appVersion: "0.0.1", clusters: [hub] });
 *   new InterconnectApplication("frontend", { network, role: "client", appName: "skupper-frontend", appVersion: "0.0.1", clusters: [store] });
 */
import { buildInterconnect, loadStackConfig, stackOutputs } from "pulumi-edge-interconnect";

const { stack, secrets } = loadStackConfig();
const outputs = stackOutputs(buildInterconnect(stack, secrets));

export const networkName = outputs.networkName;
export const applications = outputs.applications;
