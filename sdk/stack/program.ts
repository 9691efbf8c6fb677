/**
 * The whole interconnect from a validated stack configuration: one network,
 * its hubs and its spokes. The repository's own Pulumi program and the
 * offline `plan` command both call this, so a plan shows what `up` does.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { InterconnectApplication } from "../application/interconnectApplication";
import { HubCluster } from "../hub/hubCluster";
import { InterconnectNetwork } from "../network/interconnectNetwork";
import { kubeconfigProblem } from "../kube/clusterProvider";
import { SpokeCluster } from "../spoke/spokeCluster";
import type { KeyAlgorithm } from "../../provider/pki";
import type { JoinInfo } from "../join/joinInfo";
import { readJoinInfo } from "../join/readJoinInfo";
import { withValidatedModel } from "../component/validatedModel";
import type { HubAddOnArgs, MemberAddOnArgs } from "../topology/addons";
import { CONFIG_NAMESPACE, ClusterAccess, StackConfig, StackConfigError, parseStackConfig } from "./config";

export interface Interconnect {
    network: InterconnectNetwork;
    hubs: HubCluster[];
    spokes: SpokeCluster[];
    applications: InterconnectApplication[];
}

/** Secrets that are kept out of the configuration objects. */
export interface StackSecrets {
    orchestratorToken?: pulumi.Input<string>;
    orchestratorPassword?: pulumi.Input<string>;
}

/**
 * `offline`: nothing is read from disk and no cluster is needed; kubeconfigs
 * stand as unknown secrets (for `plan`).
 */
export interface BuildOptions {
    offline?: boolean;
}

/** Larger files are not kubeconfigs; reading them whole would only waste memory. */
const MAX_KUBECONFIG_BYTES = 4 * 1024 * 1024;

/** The stand-in kubeconfig of offline plans: well-formed, pointing nowhere (`.invalid`, RFC 6761). */
function offlineKubeconfig(name: string): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name, cluster: { server: "https://offline-plan.invalid" } }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
        users: [{ name, user: {} }],
    });
}

function expandHome(p: string): string {
    return p.startsWith("~/") ? path.join(os.homedir(), p.slice(2)) : p;
}

function clusterArgs(
    name: string,
    access: ClusterAccess | undefined,
    opts: BuildOptions,
): { kubeconfig?: pulumi.Input<string>; context?: string; clusterId?: string; orchestratorClusterId?: string } {
    const source = access?.kubeconfig ?? { kind: "none" };
    const clusterId = access?.clusterId;
    // Orchestrator-managed members are reached through the orchestrator, never a kubeconfig.
    if (access?.orchestratorClusterId) return { orchestratorClusterId: access.orchestratorClusterId };
    // A well-formed placeholder: the components check kubeconfigs when they resolve, and plans redact secrets.
    if (opts.offline) return { kubeconfig: pulumi.secret(pulumi.output(offlineKubeconfig(name))), clusterId };
    switch (source.kind) {
        case "secret":
            return { kubeconfig: pulumi.secret(source.value ?? ""), clusterId };
        case "file": {
            const file = expandHome(source.path);
            const refuse = (problem: string): never => {
                throw new pulumi.RunError(`${CONFIG_NAMESPACE}: kubeconfigFile of "${name}" (${file}) ${problem}`);
            };
            let stat: fs.Stats;
            try {
                stat = fs.statSync(file);
            } catch {
                return refuse("does not exist");
            }
            if (!stat.isFile()) refuse("is not a file");
            if (stat.size > MAX_KUBECONFIG_BYTES) refuse(`is ${stat.size} bytes; a kubeconfig is at most ${MAX_KUBECONFIG_BYTES} bytes`);
            let text = "";
            try {
                text = fs.readFileSync(file, "utf8");
            } catch (e) {
                refuse(`cannot be read (${(e as NodeJS.ErrnoException).code ?? "error"})`);
            }
            const problem = kubeconfigProblem(text);
            if (problem) refuse(problem);
            return { kubeconfig: pulumi.secret(text), clusterId };
        }
        case "context":
            return { context: source.context, clusterId };
        case "none":
            throw new pulumi.RunError(
                `${CONFIG_NAMESPACE}: cluster "${name}" has no kubeconfig; set one with ` +
                    `pulumi config set --secret --path '<hubs|spokes>[i].kubeconfig' "$(cat kubeconfig.yaml)", or kubeconfigFile, or context`,
            );
    }
}

/** A hub's configured add-on keys, only those given (the component fills the defaults). */
function hubAddOns(stack: StackConfig, name: string): HubAddOnArgs {
    const { metallb, certManager, skupperController, imageRegistry } = stack.addOns?.[name] ?? {};
    return defined({ metallb, certManager, skupperController, imageRegistry });
}

/** A spoke's configured add-on keys and link key type, only those given. */
function spokeAddOns(stack: StackConfig, name: string): MemberAddOnArgs & { linkKeyAlgorithm?: KeyAlgorithm } {
    const { skupperController, imageRegistry, linkKeyAlgorithm } = stack.addOns?.[name] ?? {};
    return defined({ skupperController, imageRegistry, linkKeyAlgorithm });
}

function defined<T extends object>(o: T): T {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Creates the network, hubs and spokes of `stack`. */
export function buildInterconnect(stack: StackConfig, secrets: StackSecrets = {}, opts: BuildOptions = {}): Interconnect {
    const t = stack.topology;
    const o = stack.orchestrator;
    const network = new InterconnectNetwork(t.network.name, {
        networkName: t.network.name,
        description: stack.network.description,
        adoptExisting: stack.network.adoptExisting,
        naming: t.network.naming,
        skupperVersion: t.network.skupperVersion,
        orchestratorRelease: o?.release,
        extensionPackages: o?.extensionPackages,
        orchestrator: o && {
            apiUrl: o.apiUrl,
            project: o.project,
            keycloakUrl: o.keycloakUrl,
            caCert: o.caCert,
            username: o.username,
            password: secrets.orchestratorPassword,
            token: secrets.orchestratorToken,
            requestTimeoutSeconds: o.requestTimeoutSeconds,
            operationTimeoutSeconds: o.operationTimeoutSeconds,
        },
    });
    const hubs = t.hubs.map(
        (h) =>
            new HubCluster(
                h.name,
                // Validated with the whole topology by parseStackConfig: the component takes this model as is.
                withValidatedModel(
                    {
                        network,
                        ...clusterArgs(h.name, stack.access[h.name], opts),
                        loadBalancer: h.loadBalancer,
                        allowedSourceRanges: h.allowedSourceRanges,
                        allowPublicExposure: h.allowPublicExposure,
                        exposedServices: h.exposedServices.length ? h.exposedServices : undefined,
                        annotateServices: stack.annotateServices[h.name] ?? true,
                        ...(stack.shards[h.name] ? { shards: stack.shards[h.name] } : {}),
                        ...hubAddOns(stack, h.name),
                    },
                    h,
                ),
            ),
    );
    const spokes = t.spokes.map(
        (s) =>
            new SpokeCluster(
                s.name,
                withValidatedModel(
                    {
                        network,
                        hub: hubs.find((h) => h.siteName === s.hub)!,
                        routerMode: s.routerMode,
                        ...clusterArgs(s.name, stack.access[s.name], opts),
                        ...spokeAddOns(stack, s.name),
                    },
                    s,
                ),
            ),
    );
    const members = [...hubs, ...spokes];
    const applications = stack.applications.map(
        (a) =>
            new InterconnectApplication(a.name, {
                network,
                role: a.role,
                appName: a.appName,
                appVersion: a.appVersion,
                profileName: a.profileName,
                displayName: a.displayName,
                clusters: a.clusters.map((c) => members.find((m) => m.siteName === c)!),
                exposedApplications: a.exposedApplications,
            }),
    );
    return { network, hubs, spokes, applications };
}

/** The spokes of a spoke-shard stack, and where their hubs are. */
export interface ShardInterconnect {
    hubStack: string;
    shard: string;
    /** Hub name → its join information for this shard, as read from the hub stack. */
    joins: Record<string, JoinInfo<pulumi.Input<string>>>;
    spokes: SpokeCluster[];
}

/** The stack output in which a hub stack publishes its shards' join information: `{ <hub>: { <shard>: JoinInfo } }`. */
export const JOIN_INFO_OUTPUT = "joinInfo";

/**
 * The join information of each hub the spokes of a spoke-shard stack link
 * to, read once from the hub stack's {@link JOIN_INFO_OUTPUT} output. A
 * problem names the configuration key it comes from.
 */
export async function readShardJoins(stack: StackConfig, ref?: pulumi.StackReference): Promise<Record<string, JoinInfo<pulumi.Input<string>>>> {
    const { hubStack, shard } = stack.shardOf!;
    const hubRef = ref ?? new pulumi.StackReference(hubStack);
    const joins: Record<string, JoinInfo<pulumi.Input<string>>> = {};
    const spokes = stack.topology.spokes;
    for (const hub of [...new Set(spokes.map((s) => s.hub))]) {
        const index = spokes.findIndex((s) => s.hub === hub);
        try {
            joins[hub] = await readJoinInfo(hubRef, JOIN_INFO_OUTPUT, [hub, shard]);
        } catch (e) {
            const where =
                /has no "([^"]+)"/.exec((e as Error).message)?.[1] === shard ? `${CONFIG_NAMESPACE}:shard` : `${CONFIG_NAMESPACE}:spokes[${index}].hub`;
            throw new pulumi.RunError(`${where}: ${(e as Error).message} (${CONFIG_NAMESPACE}:hubStack is ${hubStack})`);
        }
    }
    return joins;
}

/** Creates the spokes of a spoke-shard stack, each linked through its hub's join information. */
export function buildShard(stack: StackConfig, joins: Record<string, JoinInfo<pulumi.Input<string>>>, opts: BuildOptions = {}): ShardInterconnect {
    const spokes = stack.topology.spokes.map(
        (s) =>
            new SpokeCluster(
                s.name,
                withValidatedModel(
                    {
                        hub: joins[s.hub],
                        routerMode: s.routerMode,
                        ...clusterArgs(s.name, stack.access[s.name], opts),
                        ...spokeAddOns(stack, s.name),
                    },
                    s,
                ),
            ),
    );
    return { hubStack: stack.shardOf!.hubStack, shard: stack.shardOf!.shard, joins, spokes };
}

/** Outputs of a spoke-shard stack. */
export function shardOutputs(ic: ShardInterconnect) {
    const networks = [...new Set(Object.values(ic.joins).map((j) => j.network))];
    return {
        networkName: networks.join(","),
        hubStack: ic.hubStack,
        shard: ic.shard,
        spokes: Object.fromEntries(ic.spokes.map((s) => [s.siteName, { hub: s.model.hub, link: s.linkName, hubAddress: s.hubAddress }])),
    };
}

/**
 * Reads the `edge-interconnect:*` keys of the running stack. Uses the raw
 * configuration map, so secret kubeconfigs inside `hubs`/`spokes` are read
 * without a warning and wrapped as secrets by the components.
 */
export function loadStackConfig(): { stack: StackConfig; secrets: StackSecrets } {
    const all = pulumi.runtime.allConfig();
    const raw: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(all)) {
        // Other namespaces go through too, as keys only: parseStackConfig refuses a misspelt form of ours.
        if (!k.startsWith(`${CONFIG_NAMESPACE}:`)) {
            raw[k] = null;
            continue;
        }
        try {
            raw[k] = JSON.parse(v);
        } catch {
            raw[k] = v;
        }
    }
    const secret = (key: string) => {
        const full = `${CONFIG_NAMESPACE}:${key}`;
        const value = raw[full];
        delete raw[full];
        return typeof value === "string" ? pulumi.secret(value) : undefined;
    };
    const secrets = { orchestratorToken: secret("orchestratorToken"), orchestratorPassword: secret("orchestratorPassword") };
    let stack: StackConfig;
    try {
        stack = parseStackConfig(raw);
    } catch (e) {
        // Every problem at once, one line each naming its key; no stack trace.
        if (e instanceof StackConfigError) throw new pulumi.RunError(configurationProblems(e));
        throw e;
    }
    // What was accepted but worth saying (an explicit kubeconfig beside kubeconfigFile), as `plan` and `doctor` say it.
    for (const note of stack.notes ?? []) pulumi.log.warn(`${note.path}: ${note.message}`);
    return { stack, secrets };
}

/** The message of a configuration error: the problem, or the count and then each problem on its own line. */
export function configurationProblems(e: StackConfigError): string {
    const lines = e.lines;
    if (lines.length === 1) return `invalid stack configuration: ${lines[0]}`;
    return [`invalid stack configuration: ${lines.length} problems`, ...lines.map((l) => `  ${l}`)].join("\n");
}

/** Outputs worth exporting from a stack. */
export function stackOutputs(ic: Interconnect) {
    return {
        networkName: ic.network.networkName,
        registered: ic.network.registered,
        project: ic.network.project,
        caCertPem: ic.network.caCertPem,
        hubs: Object.fromEntries(ic.hubs.map((h) => [h.siteName, { routerAddress: `${h.routerIp}:${h.routerPort}`, serviceAddresses: h.serviceAddresses }])),
        spokes: Object.fromEntries(ic.spokes.map((s) => [s.siteName, { hub: s.model.hub, link: s.linkName, hubAddress: s.hubAddress }])),
        applications: Object.fromEntries(ic.applications.map((a) => [a.applicationName, a.deployId])),
        // Only when a hub declares shards: each shard's join information, one secret, for the shard stacks.
        ...(ic.hubs.some((h) => Object.keys(h.shardCas).length)
            ? {
                  [JOIN_INFO_OUTPUT]: pulumi.secret(
                      Object.fromEntries(
                          ic.hubs
                              .filter((h) => Object.keys(h.shardCas).length)
                              .map((h) => [h.siteName, Object.fromEntries(Object.keys(h.shardCas).map((shard) => [shard, h.joinInfoFor(shard)]))]),
                      ),
                  ),
              }
            : {}),
    };
}
