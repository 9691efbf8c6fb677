/**
 * What the package installs on a cluster besides the mesh itself, and from
 * where: MetalLB and cert-manager (both bring cluster-wide CRDs, so a
 * platform team that already runs them must be able to skip them), Skupper's
 * site controller, the Helm chart sources, and one mirror registry for every
 * image, for air-gapped edge sites.
 */
import { z } from "zod";
import { formatPath, TopologyError, TopologyIssue } from "./validate";
import { SkupperVersion, VERSIONS } from "./model";

/** Where a Helm chart comes from. */
export interface ChartSource {
    /** Helm repository URL; unset when `path` is. */
    repository?: string;
    /** A chart on local disk (a directory or a `.tgz`), instead of a repository. */
    path?: string;
    /** Chart version (ignored by Helm for a local path, kept for the record). */
    version: string;
    /** Values merged over the package's own (the user's win). */
    values: Record<string, unknown>;
}

/** The add-ons of one cluster, validated, with defaults filled in. */
export interface AddOnsModel {
    metallb: { install: boolean; namespace: string; chart: ChartSource };
    certManager: { install: boolean; chart: ChartSource };
    /** `grantServer` is present (true) only when asked for, and only on Skupper v2 networks. */
    skupperController: { install: boolean; grantServer?: true };
    /** Registry (host[:port][/path]) that mirrors quay.io's paths; undefined: the upstream registries. */
    imageRegistry?: string;
}

/** Arguments of a chart source, as components and stack configuration take them. */
export interface ChartSourceArgs {
    /** Helm repository URL (default: the upstream repository). */
    repository?: string;
    /** A chart on local disk (directory or `.tgz`), for sites without Internet access. Excludes `repository`. */
    path?: string;
    /** Chart version (default: the version the package pins). */
    version?: string;
    /** Helm values merged over the package's own. */
    values?: Record<string, unknown>;
}

/** Add-on arguments shared by hubs and spokes. */
export interface MemberAddOnArgs {
    /**
     * Skupper's controller (v1: the site controller; v2: the controller). Set
     * `install: false` where it already runs on the cluster (it watches all
     * namespaces). `grantServer: true` (Skupper v2 only) runs the v2
     * controller with `-enable-grants -grant-server-autoconfigure`, as
     * upstream's install does; off by default, because it opens a second
     * LoadBalancer on the cluster and the package links sites without grants.
     */
    skupperController?: { install?: boolean; grantServer?: boolean };
    /**
     * A registry that mirrors the upstream images under their upstream paths
     * (`<registry>/skupper/site-controller:1.9.6`, `<registry>/metallb/controller:v0.15.3`, …),
     * for clusters that cannot pull from quay.io.
     */
    imageRegistry?: string;
}

/** Add-on arguments of a hub. */
export interface HubAddOnArgs extends MemberAddOnArgs {
    /** MetalLB. Set `install: false` where the cluster already runs it (its CRDs are cluster-wide); the pools are still created. */
    metallb?: { install?: boolean; namespace?: string; chart?: ChartSourceArgs };
    /** cert-manager, installed only when a service uses TLS. Set `install: false` where the cluster already runs it. */
    certManager?: { install?: boolean; chart?: ChartSourceArgs };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// host[:port][/path], as an image reference's registry part (no scheme, no tag).
const REGISTRY = /^[a-zA-Z0-9]([-a-zA-Z0-9.]*[a-zA-Z0-9])?(:[0-9]{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;

function chartSchema() {
    return z
        .object(
            {
                repository: z
                    .string({ error: "must be a string" })
                    .regex(/^(https?|oci):\/\/[^\s@]+$/, "must be an http(s):// or oci:// URL without credentials")
                    .optional(),
                path: z.string({ error: "must be a string" }).min(1, "must not be empty").optional(),
                version: z.string({ error: "must be a string" }).min(1, "must not be empty").optional(),
                values: z.record(z.string(), z.unknown(), { error: "must be a mapping of Helm values" }).optional(),
            },
            { error: MAPPING('{ path: "/charts/metallb" }') },
        )
        .strict()
        .superRefine((v, ctx) => {
            if (v.repository !== undefined && v.path !== undefined)
                ctx.addIssue({ code: "custom", path: ["path"], message: "and repository are both given; a chart comes from one of them" });
        });
}

const install = () => z.boolean({ error: "must be true or false" }).optional();
const MAPPING = (example: string) => `must be a mapping such as ${example}`;

function memberShape() {
    return {
        skupperController: z
            .object({ install: install(), grantServer: z.boolean({ error: "must be true or false" }).optional() }, { error: MAPPING("{ install: false }") })
            .strict()
            .optional(),
        imageRegistry: z
            .string({ error: "must be a string" })
            .regex(REGISTRY, "must be a registry such as registry.example.com:5000/mirror (no scheme, no tag)")
            .optional(),
    };
}

function hubSchema() {
    return z
        .object({
            ...memberShape(),
            metallb: z
                .object(
                    {
                        install: install(),
                        namespace: z
                            .string({ error: "must be a string" })
                            .max(63, "must be at most 63 characters")
                            .regex(DNS_LABEL, "must be a namespace name")
                            .optional(),
                        chart: chartSchema().optional(),
                    },
                    { error: MAPPING("{ install: false, chart: { path: ... } }") },
                )
                .strict()
                .optional(),
            certManager: z
                .object({ install: install(), chart: chartSchema().optional() }, { error: MAPPING("{ install: false }") })
                .strict()
                .optional(),
        })
        .strict();
}

function chartSource(args: ChartSourceArgs | undefined, defaults: { repository: string; version: string }): ChartSource {
    const out: ChartSource = { version: args?.version ?? defaults.version, values: { ...(args?.values ?? {}) } };
    if (args?.path !== undefined) out.path = args.path;
    else out.repository = args?.repository ?? defaults.repository;
    return out;
}

function issuesOf(error: z.ZodError, prefix: PropertyKey[]): TopologyIssue[] {
    return error.issues.map((i) => ({
        path: formatPath([...prefix, ...i.path]),
        message: i.code === "unrecognized_keys" ? `unknown key(s) ${(i as { keys: string[] }).keys.map((k) => `"${k}"`).join(", ")}` : i.message,
    }));
}

/** Skupper v1 has no grant server: asking for one there is a mistake, not a no-op. */
function grantServerCheck(grantServer: boolean | undefined, prefix: PropertyKey[], skupperVersion: SkupperVersion): void {
    if (grantServer === true && skupperVersion !== "v2")
        throw new TopologyError([
            {
                path: formatPath([...prefix, "skupperController", "grantServer"]),
                message: `applies to Skupper v2 only (the network's skupperVersion is "${skupperVersion}"); v1 links with tokens the package mints`,
            },
        ]);
}

function controllerModel(c: { install?: boolean; grantServer?: boolean } | undefined): AddOnsModel["skupperController"] {
    return { install: c?.install ?? true, ...(c?.grantServer === true ? { grantServer: true as const } : {}) };
}

/** Validates a hub's add-on arguments; every problem at once, each naming its field. */
export function validateHubAddOns(input: HubAddOnArgs | undefined, prefix: PropertyKey[] = [], skupperVersion: SkupperVersion = "v1"): AddOnsModel {
    const parsed = hubSchema().safeParse(input ?? {});
    if (!parsed.success) throw new TopologyError(issuesOf(parsed.error, prefix));
    const a = parsed.data;
    grantServerCheck(a.skupperController?.grantServer, prefix, skupperVersion);
    return {
        metallb: {
            install: a.metallb?.install ?? true,
            namespace: a.metallb?.namespace ?? "metallb-system",
            chart: chartSource(a.metallb?.chart, { repository: VERSIONS.metallbRepo, version: VERSIONS.metallbChart }),
        },
        certManager: {
            install: a.certManager?.install ?? true,
            chart: chartSource(a.certManager?.chart, { repository: VERSIONS.certManagerRepo, version: VERSIONS.certManagerChart }),
        },
        skupperController: controllerModel(a.skupperController),
        ...(a.imageRegistry !== undefined ? { imageRegistry: a.imageRegistry } : {}),
    };
}

/** Validates a spoke's add-on arguments (no MetalLB, no cert-manager there). */
export function validateSpokeAddOns(input: MemberAddOnArgs | undefined, prefix: PropertyKey[] = [], skupperVersion: SkupperVersion = "v1"): AddOnsModel {
    const parsed = z
        .object(memberShape())
        .strict()
        .safeParse(input ?? {});
    if (!parsed.success) throw new TopologyError(issuesOf(parsed.error, prefix));
    grantServerCheck(parsed.data.skupperController?.grantServer, prefix, skupperVersion);
    const hub = validateHubAddOns({}, prefix);
    return {
        ...hub,
        metallb: { ...hub.metallb, install: false },
        certManager: { ...hub.certManager, install: false },
        skupperController: controllerModel(parsed.data.skupperController),
        ...(parsed.data.imageRegistry !== undefined ? { imageRegistry: parsed.data.imageRegistry } : {}),
    };
}

/** The default add-ons: everything installed from the upstream sources. */
export const DEFAULT_ADD_ONS: AddOnsModel = Object.freeze(validateHubAddOns({}));

/** An upstream image reference moved to the mirror, keeping its path: `quay.io/skupper/x:1` → `<registry>/skupper/x:1`. */
export function mirroredImage(image: string, registry: string | undefined): string {
    if (!registry) return image;
    const slash = image.indexOf("/");
    return `${registry}/${image.slice(slash + 1)}`;
}
