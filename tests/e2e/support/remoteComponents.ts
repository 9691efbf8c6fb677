/**
 * The package's components declared REMOTELY, as any language's generated
 * SDK declares them: a ComponentResource with `remote: true`, whose type
 * token the engine sends to the provider plugin's construct
 * (@pulumi/pulumi resource.ts: `remote` makes RegisterResource ask the
 * provider; the output keys are those registered as undefined). Written for
 * the end-to-end suite only: TypeScript users keep the local classes.
 */
import * as pulumi from "@pulumi/pulumi";

type Args = Record<string, pulumi.Input<unknown> | undefined>;

/** A remote component of the package with the output keys `outputs` (each an Output on the instance). */
abstract class Remote extends pulumi.ComponentResource {
    constructor(type: string, name: string, args: Args, outputs: readonly string[], opts?: pulumi.ComponentResourceOptions) {
        const props: Args = { ...args };
        for (const k of outputs) if (!(k in props)) props[k] = undefined;
        super(`edge-interconnect:index:${type}`, name, props, opts, true);
    }
}

export class RemoteNetwork extends Remote {
    declare readonly networkName: pulumi.Output<string>;
    declare readonly labelName: pulumi.Output<string>;
    declare readonly caCertPem: pulumi.Output<string>;
    declare readonly skupperVersion: pulumi.Output<string>;
    constructor(name: string, args: Args = {}, opts?: pulumi.ComponentResourceOptions) {
        super("InterconnectNetwork", name, args, ["networkName", "labelName", "registered", "adopted", "naming", "skupperVersion", "caCertPem"], opts);
    }
}

export class RemoteHub extends Remote {
    declare readonly siteName: pulumi.Output<string>;
    declare readonly routerIp: pulumi.Output<string>;
    declare readonly routerPort: pulumi.Output<number>;
    declare readonly serviceAddresses: pulumi.Output<Record<string, string>>;
    declare readonly shardJoinInfo: pulumi.Output<Record<string, unknown>>;
    constructor(name: string, args: Args, opts?: pulumi.ComponentResourceOptions) {
        super(
            "HubCluster",
            name,
            args,
            ["siteName", "routerIp", "routerPort", "edgePort", "serviceAddresses", "shards", "siteCaCertPem", "shardJoinInfo"],
            opts,
        );
    }
}

export class RemoteSpoke extends Remote {
    declare readonly siteName: pulumi.Output<string>;
    declare readonly linkName: pulumi.Output<string>;
    declare readonly hubAddress: pulumi.Output<string>;
    declare readonly serviceAddresses: pulumi.Output<Record<string, string>>;
    constructor(name: string, args: Args, opts?: pulumi.ComponentResourceOptions) {
        super("SpokeCluster", name, args, ["siteName", "linkName", "hubAddress", "serviceAddresses"], opts);
    }
}

export class RemoteApplication extends Remote {
    declare readonly deployId: pulumi.Output<string>;
    declare readonly clusterIds: pulumi.Output<string[]>;
    declare readonly applicationName: pulumi.Output<string>;
    constructor(name: string, args: Args, opts?: pulumi.ComponentResourceOptions) {
        super("InterconnectApplication", name, args, ["deployId", "clusterIds", "applicationName"], opts);
    }
}
