/**
 * The repository's own Pulumi program: the whole interconnect of a stack,
 * from its `edge-interconnect:*` configuration (see Pulumi.dev.yaml and the
 * README's configuration reference). The configuration is validated before
 * any resource is created.
 */
import { buildInterconnect, loadStackConfig, stackOutputs } from "./sdk/stack/program";

const { stack, secrets } = loadStackConfig();
const outputs = stackOutputs(buildInterconnect(stack, secrets));

export const networkName = outputs.networkName;
export const registered = outputs.registered;
export const project = outputs.project;
export const caCertPem = outputs.caCertPem;
export const hubs = outputs.hubs;
export const spokes = outputs.spokes;
