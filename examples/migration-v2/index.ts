/**
 * The side-by-side move of a network from Skupper v1 to v2 (README, "Moving
 * a network from Skupper v1 to v2"): the same program, two stacks. `v1` is
 * the network as it runs; `v2` is the new network beside it on the same
 * clusters. Review each step offline with
 *   npx edge-interconnect plan Pulumi.v2.yaml
 *   npx edge-interconnect plan Pulumi.v1.yaml --diff Pulumi.v2.yaml
 */
import { buildInterconnect, loadStackConfig, stackOutputs } from "pulumi-edge-interconnect";

const { stack, secrets } = loadStackConfig();
const outputs = stackOutputs(buildInterconnect(stack, secrets));

export const networkName = outputs.networkName;
export const hubs = outputs.hubs;
export const spokes = outputs.spokes;
