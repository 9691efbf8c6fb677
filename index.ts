/**
 * The repository's own Pulumi program: the whole interconnect of a stack,
 * from its `edge-interconnect:*` configuration (see Pulumi.dev.yaml and the
 * README's configuration reference). The configuration is validated before
 * any resource is created.
 *
 * A hub stack builds the network, its hubs and their spokes, and exports
 * `joinInfo` when a hub declares shards. A spoke-shard stack
 * (`edge-interconnect:hubStack` and `edge-interconnect:shard`) reads that
 * output through a StackReference and builds only its spokes.
 *
 * The program is the package's root program (sdk/fleet/program.ts), which
 * the fleet driver runs inline: one code path for `pulumi up` here and for
 * `edge-interconnect fleet up`. Pulumi's Node.js runtime calls an exported
 * function and takes what it resolves to as the stack's outputs
 * (@pulumi/pulumi cmd/run/run.js: `programExport instanceof Function ? programExport() : programExport`).
 */
import { rootProgram } from "./sdk/fleet/program";

export = rootProgram;
