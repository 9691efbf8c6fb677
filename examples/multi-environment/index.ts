/**
 * One program, one stack per environment: the topology lives in
 * Pulumi.dev.yaml and Pulumi.prod.yaml under the `edge-interconnect:` keys,
 * validated before anything is created. Review a change offline with
 *   npx edge-interconnect plan Pulumi.dev.yaml --diff Pulumi.prod.yaml
 */
import { buildInterconnect, loadStackConfig, stackOutputs } from "pulumi-edge-interconnect";

const { stack, secrets } = loadStackConfig();
const outputs = stackOutputs(buildInterconnect(stack, secrets));

export const networkName = outputs.networkName;
export const hubs = outputs.hubs;
export const spokes = outputs.spokes;
