/**
 * One program, one stack per environment, one topology: the network and the
 * spokes are the project's configuration (Pulumi.yaml), which every stack
 * reads; Pulumi.dev.yaml and Pulumi.prod.yaml add what differs (the hub's
 * addresses and kubeconfig, the orchestrator). Everything is validated before
 * anything is created. Review what promoting dev to prod changes, offline:
 *   npx edge-interconnect plan . --diff prod
 */
import { buildInterconnect, loadStackConfig, stackOutputs } from "pulumi-edge-interconnect";

const { stack, secrets } = loadStackConfig();
const outputs = stackOutputs(buildInterconnect(stack, secrets));

export const networkName = outputs.networkName;
export const hubs = outputs.hubs;
export const spokes = outputs.spokes;
