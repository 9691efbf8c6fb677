/**
 * The Interconnect best practices of the product documentation as Pulumi
 * policies. They check the resource types and input shapes that
 * @pulumi/kubernetes registers, so they apply to any program, not only to
 * ones built with this package's components.
 *
 * Nothing here constructs a PolicyPack (see index.ts): tests call the
 * validations directly.
 *
 * Values are read with {@link read}, which unwraps secrets and turns a value
 * the engine does not know yet (preview) into {@link UNKNOWN}; a check that
 * needs an unknown value is skipped, and runs again when `pulumi up`
 * validates the resolved inputs.
 */
import type {
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
// The one rule for "open to the Internet", shared with the package's validation, plan and doctor.
import { AddressFamily, assessExposure, isPublicRange, publicReason } from "../sdk/topology/exposure";

/** The resource types the policies look at, as @pulumi/kubernetes (and the cert-manager component) register them. */
export const TYPES = Object.freeze({
    service: "kubernetes:core/v1:Service",
    servicePatch: "kubernetes:core/v1:ServicePatch",
    configMap: "kubernetes:core/v1:ConfigMap",
    secret: "kubernetes:core/v1:Secret",
    certificate: "kubernetes:cert-manager.io/v1:Certificate",
    helmRelease: "kubernetes:helm.sh/v3:Release",
    helmChartV4: "kubernetes:helm.sh/v4:Chart",
    certManager: "kubernetes-cert-manager:index:CertManager",
});

/** Where the pod spec sits in each kind that runs containers (patches included: they can set images too). */
export const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = Object.freeze(
    Object.fromEntries(
        (
            [
                ["apps/v1:Deployment", ["spec", "template", "spec"]],
                ["apps/v1:StatefulSet", ["spec", "template", "spec"]],
                ["apps/v1:DaemonSet", ["spec", "template", "spec"]],
                ["apps/v1:ReplicaSet", ["spec", "template", "spec"]],
                ["batch/v1:Job", ["spec", "template", "spec"]],
                ["batch/v1:CronJob", ["spec", "jobTemplate", "spec", "template", "spec"]],
                ["core/v1:ReplicationController", ["spec", "template", "spec"]],
                ["core/v1:Pod", ["spec"]],
            ] as const
        ).flatMap(([t, path]) => [
            [`kubernetes:${t}`, path],
            [`kubernetes:${t}Patch`, path],
        ]),
    ),
);

// ---------------------------------------------------------------------------
// Reading inputs: secrets, unknowns
// ---------------------------------------------------------------------------

/** A value the engine does not know yet (preview). */
export const UNKNOWN: unique symbol = Symbol("unknown");

/** The engine's sentinels for unknown values, as they appear when props are not behind the policy SDK's proxy. */
const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** The policy SDK's proxy throws this (not exported) error when an unknown value is read at preview. */
function isUnknownValueError(e: unknown): boolean {
    return typeof e === "object" && e !== null && (e as object).constructor?.name === "UnknownValueError";
}

/** Removes secret wrappers (the SDK's `Secret` class or the engine's signature object); maps unknown sentinels to {@link UNKNOWN}. */
function plain(v: unknown): unknown {
    for (let i = 0; i < 16; i++) {
        if (typeof v === "string") return UNKNOWN_SENTINELS.has(v) ? UNKNOWN : v;
        if (typeof v !== "object" || v === null) return v;
        let wrapped: unknown;
        try {
            const o = v as Record<string, unknown>;
            const isSecretClass = o.constructor?.name === "Secret" && "value" in o;
            const isSecretSig = o[SECRET_SIG_KEY] === SECRET_SIG;
            if (!isSecretClass && !isSecretSig) return v;
            wrapped = o.value;
        } catch (e) {
            if (isUnknownValueError(e)) return UNKNOWN;
            throw e;
        }
        v = wrapped;
    }
    return v;
}

/**
 * Reads `path` below `obj`: `undefined` when absent (or below a non-object),
 * {@link UNKNOWN} when the value, or anything on the way, is not known yet.
 */
export function read(obj: unknown, ...path: (string | number)[]): unknown {
    let cur = plain(obj);
    for (const key of path) {
        if (cur === UNKNOWN) return UNKNOWN;
        if (typeof cur !== "object" || cur === null) return undefined;
        try {
            cur = plain((cur as Record<string | number, unknown>)[key]);
        } catch (e) {
            if (isUnknownValueError(e)) return UNKNOWN;
            throw e;
        }
    }
    return cur;
}

/** The keys of an object read with {@link read} ([] for anything else). */
function keysOf(v: unknown): string[] {
    return typeof v === "object" && v !== null && !Array.isArray(v) ? Object.keys(v) : [];
}

/** The elements of an array read with {@link read} (each one read too), or `undefined`/{@link UNKNOWN}. */
function elements(v: unknown): unknown[] | undefined | typeof UNKNOWN {
    if (v === UNKNOWN) return UNKNOWN;
    if (!Array.isArray(v)) return undefined;
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) out.push(read(v, i));
    return out;
}

// ---------------------------------------------------------------------------
// Naming resources in messages
// ---------------------------------------------------------------------------

/** `ServicePatch`, `Release`, … : the last part of a Pulumi type token. */
function typeName(type: string): string {
    return type.slice(type.lastIndexOf(":") + 1);
}

/** The Kubernetes namespace of `props` ("default" when not set, as the provider's default namespace normally is). */
function namespaceOf(props: unknown): string | typeof UNKNOWN {
    const ns = read(props, "metadata", "namespace");
    if (ns === UNKNOWN) return UNKNOWN;
    return typeof ns === "string" && ns !== "" ? ns : "default";
}

/** `Service "backend" (Service shop/my-backend)`: the Pulumi resource, then the Kubernetes object. */
export function describeResource(type: string, name: string, props: unknown): string {
    const kind = typeName(type);
    const ns = namespaceOf(props);
    const objName = read(props, "metadata", "name");
    const object = `${kind.replace(/Patch$/, "")} ${ns === UNKNOWN ? "(unknown namespace)" : ns}/${typeof objName === "string" ? objName : "(auto-named)"}`;
    return `${kind} "${name}" (${object})`;
}

const isServiceType = (type: string) => type === TYPES.service || type === TYPES.servicePatch;

// ---------------------------------------------------------------------------
// 1. no-public-router-loadbalancer
// ---------------------------------------------------------------------------

/** The Service Skupper v1 creates for its router; it is a LoadBalancer when the site's ingress is `loadbalancer`. */
export const ROUTER_SERVICE = "skupper-router";
/** The ConfigMap that declares a Skupper v1 site. */
export const SITE_CONFIGMAP = "skupper-site";
/** Site namespaces by default: the product documentation's `interconnect`. */
export const DEFAULT_SITE_NAMESPACES: readonly string[] = Object.freeze(["interconnect"]);
/** The legacy annotation kube-proxy reads when `spec.loadBalancerSourceRanges` is not set. */
export const SOURCE_RANGES_ANNOTATION = "service.beta.kubernetes.io/load-balancer-source-ranges";

const NOT_TO_THE_INTERNET = `the product documentation says "do not expose the load balancer to the Internet"`;
const ALLOWED_RANGES = "Allowed: a non-empty list of the spokes' egress CIDRs (for example 10.2.0.0/16), never 0.0.0.0/0 or ::/0";

/**
 * Entries that are public on their own under the package's one rule
 * (sdk/topology/exposure.ts): `0.0.0.0/0`, `::/0`, `10.0.0.0/0` (host bits
 * are masked, as kube-proxy does), any public /8 or wider, ….
 */
export function openRanges(ranges: readonly unknown[]): string[] {
    return ranges.filter((r): r is string => typeof r === "string" && isPublicRange(r.trim())).map((r) => r.trim());
}

/** The Service's families from `spec.ipFamilies` when set (`IPv4`, `IPv6`); undefined when unknown or not set. */
function serviceFamilies(props: unknown): AddressFamily[] | undefined {
    const families = elements(read(props, "spec", "ipFamilies"));
    if (!families || families === UNKNOWN) return undefined;
    const out = families.filter((f): f is string => f === "IPv4" || f === "IPv6").map((f) => (f === "IPv4" ? "ipv4" : "ipv6") as AddressFamily);
    return out.length ? out : undefined;
}

/**
 * Why `ranges` open the Service to the Internet although no entry does on its
 * own: together they cover a large share of the public space, or a family the
 * Service serves (`spec.ipFamilies`) has no range, which kube-proxy treats as no filter.
 */
export function collectivelyOpen(ranges: readonly string[], props: unknown): string | undefined {
    return publicReason(assessExposure(ranges, serviceFamilies(props)));
}

/**
 * The source ranges in effect for a Service, as Kubernetes decides them:
 * `spec.loadBalancerSourceRanges` when non-empty, otherwise the legacy
 * annotation. `ranges` is undefined when neither gives any; `explicitlyEmpty`
 * says the spec field was given as an empty list.
 */
export function effectiveSourceRanges(props: unknown): { field: string; ranges: string[] | undefined; explicitlyEmpty: boolean } | typeof UNKNOWN {
    const specField = "spec.loadBalancerSourceRanges";
    const spec = elements(read(props, "spec", "loadBalancerSourceRanges"));
    if (spec === UNKNOWN) return UNKNOWN;
    if (spec && spec.some((r) => r === UNKNOWN)) return UNKNOWN;
    if (spec && spec.length > 0) return { field: specField, ranges: spec.map(String), explicitlyEmpty: false };
    const annotation = read(props, "metadata", "annotations", SOURCE_RANGES_ANNOTATION);
    if (annotation === UNKNOWN) return UNKNOWN;
    const annotationField = `metadata.annotations["${SOURCE_RANGES_ANNOTATION}"]`;
    if (typeof annotation === "string" && annotation.trim() !== "") {
        return {
            field: annotationField,
            ranges: annotation
                .split(",")
                .map((r) => r.trim())
                .filter((r) => r !== ""),
            explicitlyEmpty: false,
        };
    }
    return { field: specField, ranges: undefined, explicitlyEmpty: spec !== undefined };
}

/** The site namespaces from the policy's configuration (default: `interconnect`). */
function siteNamespaces(getConfig: () => object): readonly string[] {
    const configured = (getConfig() as { siteNamespaces?: unknown }).siteNamespaces;
    return Array.isArray(configured) && configured.every((n) => typeof n === "string") ? configured : DEFAULT_SITE_NAMESPACES;
}

function checkRouterService(args: ResourceValidationArgs, report: ReportViolation): void {
    const name = read(args.props, "metadata", "name");
    const ns = namespaceOf(args.props);
    const type = read(args.props, "spec", "type");
    if (name === UNKNOWN || ns === UNKNOWN || type === UNKNOWN) return;
    const isRouter = name === ROUTER_SERVICE;
    const isSiteLoadBalancer = type === "LoadBalancer" && siteNamespaces(() => args.getConfig<object>()).includes(ns);
    if (!isRouter && !isSiteLoadBalancer) return;
    const what = describeResource(args.type, args.name, args.props);
    const subject = isRouter ? "the Skupper router's LoadBalancer" : `a LoadBalancer in the Skupper site namespace ${ns}`;
    const effective = effectiveSourceRanges(args.props);
    if (effective === UNKNOWN) return;
    if (effective.ranges) {
        const open = openRanges(effective.ranges);
        if (open.length > 0) {
            report(
                `${what}: ${effective.field} contains ${open.join(" and ")}, which opens ${subject} to the Internet; ${NOT_TO_THE_INTERNET}. ${ALLOWED_RANGES}.`,
            );
            return;
        }
        const why = collectivelyOpen(effective.ranges, args.props);
        if (why) report(`${what}: ${effective.field}: ${why}, which opens ${subject} to the Internet; ${NOT_TO_THE_INTERNET}. ${ALLOWED_RANGES}.`);
        return;
    }
    // No ranges: open if the Service is a LoadBalancer, or if a patch of the router claims an empty list.
    const patchClearsRouter = isRouter && args.type === TYPES.servicePatch && effective.explicitlyEmpty;
    if (type === "LoadBalancer" || patchClearsRouter) {
        const state = effective.explicitlyEmpty ? "is empty" : "is not set";
        const because = type === "LoadBalancer" ? "spec.type is LoadBalancer and " : "";
        report(`${what}: ${because}${effective.field} ${state}, so every address may reach ${subject}; ${NOT_TO_THE_INTERNET}. ${ALLOWED_RANGES}.`);
    }
}

/** Whether a `skupper-site` ConfigMap makes Skupper create a LoadBalancer router Service: `ingress: loadbalancer`, or unset (the default where routes don't exist). */
export function siteIngressIsLoadBalancer(props: unknown): boolean | typeof UNKNOWN {
    const data = (key: string) => read(props, "data", key);
    const [ingress, clusterLocal, routerMode, edge] = [data("ingress"), data("cluster-local"), data("router-mode"), data("edge")];
    if ([ingress, clusterLocal, routerMode, edge].includes(UNKNOWN)) return UNKNOWN;
    if (clusterLocal === "true" || routerMode === "edge" || edge === "true") return false;
    return ingress === undefined || ingress === "" || (typeof ingress === "string" && ingress.toLowerCase() === "loadbalancer");
}

/** Groups resources by cluster: the provider's URN, or the default provider. */
function clusterOf(r: PolicyResource): string {
    return r.provider?.urn ?? "(default provider)";
}

function checkSitesAreRestricted(args: StackValidationArgs, report: ReportViolation): void {
    const sites = args.resources.filter((r) => r.type === TYPES.configMap && read(r.props, "metadata", "name") === SITE_CONFIGMAP);
    if (sites.length === 0) args.notApplicable(`no ${SITE_CONFIGMAP} ConfigMap in this stack`);
    for (const site of sites) {
        const ns = namespaceOf(site.props);
        if (ns === UNKNOWN || siteIngressIsLoadBalancer(site.props) !== true) continue;
        const restricted = args.resources.some((r) => {
            if (!isServiceType(r.type) || clusterOf(r) !== clusterOf(site)) return false;
            const [name, rns] = [read(r.props, "metadata", "name"), namespaceOf(r.props)];
            if (name === UNKNOWN || rns === UNKNOWN) return true;
            if (name !== ROUTER_SERVICE || rns !== ns) return false;
            const effective = effectiveSourceRanges(r.props);
            // Open ranges on the router are reported by the per-resource check; here any list counts.
            return effective === UNKNOWN || (effective.ranges !== undefined && effective.ranges.length > 0);
        });
        if (restricted) continue;
        const ingress = read(site.props, "data", "ingress");
        const why = typeof ingress === "string" && ingress !== "" ? `data.ingress is ${ingress}` : "data.ingress is not set (Skupper then uses loadbalancer)";
        report(
            `${describeResource(site.type, site.name, site.props)}: ${why}, so Skupper creates the ${ROUTER_SERVICE} LoadBalancer Service, and nothing in this stack restricts it: ` +
                `add a ServicePatch of Service ${ns}/${ROUTER_SERVICE} on the same cluster with spec.loadBalancerSourceRanges; ${NOT_TO_THE_INTERNET}. ${ALLOWED_RANGES}.`,
            site.urn,
        );
    }
}

/**
 * The Skupper router's LoadBalancer must not be reachable from the Internet.
 * Per resource: a Service or ServicePatch named `skupper-router` (or any
 * LoadBalancer Service in a site namespace) whose source ranges are missing,
 * empty or contain a `/0`. Per stack: a `skupper-site` ConfigMap whose
 * ingress makes Skupper create a LoadBalancer, with no `skupper-router`
 * patch restricting it on the same cluster.
 */
export const noPublicRouterLoadBalancer: ResourceValidationPolicy & StackValidationPolicy = {
    name: "no-public-router-loadbalancer",
    description:
        "The Skupper router's LoadBalancer (Service skupper-router) must list the spokes' egress CIDRs in loadBalancerSourceRanges, never 0.0.0.0/0 or ::/0 (product documentation, Best Practices: do not expose the load balancer to the Internet).",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: {
        properties: {
            siteNamespaces: {
                type: "array",
                items: { type: "string" },
                default: [...DEFAULT_SITE_NAMESPACES],
                description: "Namespaces of Skupper sites; every LoadBalancer Service in them is checked.",
            },
        },
    },
    validateResource: (args, report) => {
        if (!isServiceType(args.type)) args.notApplicable(`Policy only applies to resources of type '${TYPES.service}' or '${TYPES.servicePatch}'`);
        checkRouterService(args, report);
    },
    validateStack: checkSitesAreRestricted,
};

// ---------------------------------------------------------------------------
// 2. exposed-services-are-clusterip
// ---------------------------------------------------------------------------

/** The exposure annotations set to "true", under any prefix (`network.app.orchestrator.io/expose-service`, …). */
export function exposeServiceAnnotations(props: unknown): string[] {
    const annotations = read(props, "metadata", "annotations");
    return keysOf(annotations).filter((key) => {
        if (!key.endsWith("/expose-service")) return false;
        const value = read(annotations, key);
        return typeof value === "string" && value.trim().toLowerCase() === "true";
    });
}

/** Step 1 of the product documentation: a Service exposed on the network must be of type ClusterIP. */
export const exposedServicesAreClusterIp: ResourceValidationPolicy = {
    name: "exposed-services-are-clusterip",
    description:
        'A Service annotated <prefix>/expose-service: "true" must be of type ClusterIP (or leave the type unset); the interconnect router provides the external access (product documentation, step 1).',
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: (args, report) => {
        if (!isServiceType(args.type)) args.notApplicable(`Policy only applies to resources of type '${TYPES.service}' or '${TYPES.servicePatch}'`);
        const exposed = exposeServiceAnnotations(args.props);
        if (exposed.length === 0) return;
        const type = read(args.props, "spec", "type");
        if (type === UNKNOWN || type === undefined || type === null || type === "ClusterIP") return;
        report(
            `${describeResource(args.type, args.name, args.props)}: spec.type is ${String(type)}, but the Service carries ${exposed[0]}: "true"; ` +
                `the product documentation (step 1) says "the service must be of type ClusterIP". Allowed: spec.type ClusterIP, or unset.`,
        );
    },
};

// ---------------------------------------------------------------------------
// 3. tls-secrets-for-tls-services
// ---------------------------------------------------------------------------

/** The Skupper v1 annotations that name TLS secrets of a service definition. */
export const TLS_ANNOTATIONS: readonly string[] = Object.freeze(["skupper.io/tls-cert", "skupper.io/tls-trust"]);

/** The secrets a Service's Skupper annotations ask for: `[annotation, secret name]`. */
export function requestedTlsSecrets(props: unknown): [string, string][] {
    const out: [string, string][] = [];
    for (const key of TLS_ANNOTATIONS) {
        const value = read(props, "metadata", "annotations", key);
        if (typeof value === "string" && value.trim() !== "") out.push([key, value.trim()]);
    }
    return out;
}

/** A secret this resource provides: a Secret's name, or a cert-manager Certificate's `spec.secretName`; UNKNOWN parts match anything. */
function providedSecret(r: PolicyResource): { cluster: string; namespace: string | typeof UNKNOWN; name: unknown } | undefined {
    if (r.type === TYPES.secret) return { cluster: clusterOf(r), namespace: namespaceOf(r.props), name: read(r.props, "metadata", "name") };
    if (r.type === TYPES.certificate) return { cluster: clusterOf(r), namespace: namespaceOf(r.props), name: read(r.props, "spec", "secretName") };
    return undefined;
}

/** Skupper 1.9.6's own names (api/types/types.go): its generated-certificate prefix, service CA and client trust. */
const SKUPPER_GENERATED_PREFIX = "skupper-tls-";
const SKUPPER_SERVICE_CA = "skupper-service-ca";
const SKUPPER_SERVICE_CLIENT = "skupper-service-client";

/**
 * A Skupper service definition that asks for TLS, checked against how
 * Skupper 1.9.6 treats the names (pkg/kube/qdr/tls_handler.go,
 * EnableTlsSupport):
 * - a `skupper.io/tls-cert` named `skupper-tls-…` is one Skupper generates
 *   from `skupper-service-ca`; if such a Secret already exists it adds no
 *   router sslProfile, so the stack must NOT provide it in that namespace, and
 *   it must provide `skupper-service-ca` there, or every site makes its own
 *   CA and clients have no single trust;
 * - `skupper.io/tls-trust: skupper-service-client` is Skupper's own;
 * - any other name must be provided by this stack (a Secret or a cert-manager
 *   Certificate) in that namespace on the same cluster.
 */
export const tlsSecretsForTlsServices: StackValidationPolicy = {
    name: "tls-secrets-for-tls-services",
    description:
        "A Service annotated skupper.io/tls-cert or skupper.io/tls-trust must work with Skupper's TLS mechanics: a skupper-tls-<name> certificate is Skupper's to generate from skupper-service-ca (which the stack provides, and the certificate itself it must not), skupper-service-client is Skupper's trust, and any other named secret must be provided in the namespace on the same cluster (product documentation, Best Practices: Using TLS).",
    enforcementLevel: "mandatory",
    severity: "high",
    validateStack: (args, report) => {
        const services = args.resources.filter((r) => isServiceType(r.type) && requestedTlsSecrets(r.props).length > 0);
        if (services.length === 0) args.notApplicable("no Service in this stack asks Skupper for TLS (skupper.io/tls-cert, skupper.io/tls-trust)");
        const provided = args.resources.map(providedSecret).filter((p) => p !== undefined);
        const has = (cluster: string, ns: string, secret: string) =>
            provided.some((p) => p.cluster === cluster && (p.namespace === UNKNOWN || p.namespace === ns) && (p.name === UNKNOWN || p.name === secret));
        const hasExactly = (cluster: string, ns: string, secret: string) => provided.some((p) => p.cluster === cluster && p.namespace === ns && p.name === secret);
        for (const svc of services) {
            const ns = namespaceOf(svc.props);
            if (ns === UNKNOWN) continue;
            const what = describeResource(svc.type, svc.name, svc.props);
            for (const [annotation, secret] of requestedTlsSecrets(svc.props)) {
                if (annotation === "skupper.io/tls-trust" && secret === SKUPPER_SERVICE_CLIENT) continue;
                if (annotation === "skupper.io/tls-cert" && secret.startsWith(SKUPPER_GENERATED_PREFIX)) {
                    if (hasExactly(clusterOf(svc), ns, secret)) {
                        report(
                            `${what}: metadata.annotations["${annotation}"] is ${secret}, a name Skupper generates itself, and this stack also provides ${ns}/${secret}: ` +
                                `Skupper then adds no router sslProfile for it and the router refuses the listener. Allowed: leave ${secret} to Skupper ` +
                                `(provide ${SKUPPER_SERVICE_CA} instead), or name a certificate outside the ${SKUPPER_GENERATED_PREFIX} prefix.`,
                            svc.urn,
                        );
                    } else if (!has(clusterOf(svc), ns, SKUPPER_SERVICE_CA)) {
                        report(
                            `${what}: metadata.annotations["${annotation}"] is ${secret}, which Skupper generates from ${SKUPPER_SERVICE_CA}, but this stack provides ` +
                                `no Secret ${ns}/${SKUPPER_SERVICE_CA}: every site would make its own CA and clients would have no single trust. ` +
                                `Allowed: provide ${SKUPPER_SERVICE_CA} (the network CA) in ${ns} on the same cluster.`,
                            svc.urn,
                        );
                    }
                    continue;
                }
                if (has(clusterOf(svc), ns, secret)) continue;
                report(
                    `${what}: metadata.annotations["${annotation}"] names the secret ${secret}, but this stack provides ` +
                        `no Secret ${ns}/${secret} and no cert-manager Certificate with spec.secretName ${secret} in namespace ${ns} on the same cluster. ` +
                        `Allowed: declare that Secret or Certificate in ${ns}, use ${SKUPPER_SERVICE_CLIENT} as the trust, or remove the annotation.`,
                    svc.urn,
                );
            }
        }
    },
};

// ---------------------------------------------------------------------------
// 4. pinned-image-versions
// ---------------------------------------------------------------------------

/** What is wrong with an image reference, or `undefined` when it is pinned (explicit tag other than latest, or a digest). */
export function imageProblem(image: string): string | undefined {
    const ref = image.trim();
    const at = ref.indexOf("@");
    if (at >= 0 && ref.slice(at + 1).trim() !== "") return undefined;
    const name = at >= 0 ? ref.slice(0, at) : ref;
    const colon = name.lastIndexOf(":");
    const tag = colon > name.lastIndexOf("/") ? name.slice(colon + 1) : "";
    if (tag === "") return "has no tag, so Kubernetes pulls :latest";
    if (tag.toLowerCase() === "latest") return "uses the tag latest";
    return undefined;
}

/** What is wrong with a chart version, or `undefined` when it is an exact version. */
export function chartVersionProblem(version: unknown): string | undefined {
    if (version === undefined || version === null || (typeof version === "string" && version.trim() === ""))
        return "is not set, so Helm installs the newest chart";
    if (typeof version !== "string") return `is ${JSON.stringify(version)}, not a version string`;
    const v = version.trim();
    if (v.toLowerCase() === "latest") return `is "${v}"`;
    if (/[\^~*<>=|,\s]/.test(v) || /(^|\.)[xX](\.|$)/.test(v)) return `is "${v}", a version range that Helm resolves to the newest match`;
    return undefined;
}

/** A chart given as a local path or a packaged archive carries its own version. */
function isLocalOrArchiveChart(chart: unknown): boolean {
    return typeof chart === "string" && (/^(\.{1,2}\/|\/|file:\/\/)/.test(chart) || /\.tgz$/i.test(chart));
}

const PIN_IMAGE = "Allowed: an explicit version tag other than latest (for example quay.io/skupper/site-controller:1.9.6) or a digest (@sha256:…)";

function checkImages(args: ResourceValidationArgs, path: readonly string[], report: ReportViolation): void {
    const what = describeResource(args.type, args.name, args.props);
    const podSpec = read(args.props, ...path);
    for (const list of ["initContainers", "containers", "ephemeralContainers"]) {
        const containers = elements(read(podSpec, list));
        if (!containers || containers === UNKNOWN) continue;
        containers.forEach((container, i) => {
            const image = read(container, "image");
            if (typeof image !== "string") return;
            const problem = imageProblem(image);
            if (problem) report(`${what}: ${[...path, list].join(".")}[${i}].image ${image} ${problem}. ${PIN_IMAGE}.`);
        });
    }
}

function checkChartVersion(args: ResourceValidationArgs, report: ReportViolation): void {
    const isCertManager = args.type === TYPES.certManager;
    const field = isCertManager ? "helmOptions.version" : "version";
    const version = isCertManager ? read(args.props, "helmOptions", "version") : read(args.props, "version");
    const chart = isCertManager ? "cert-manager" : read(args.props, "chart");
    if (version === UNKNOWN || chart === UNKNOWN) return;
    if (!isCertManager && isLocalOrArchiveChart(chart)) return;
    const problem = chartVersionProblem(version);
    if (!problem) return;
    const chartName = typeof chart === "string" ? `, chart ${chart}` : "";
    report(`${typeName(args.type)} "${args.name}" (${args.type}${chartName}): ${field} ${problem}. Allowed: an exact chart version (for example "1.2.3").`);
}

/** Images with an explicit tag (not latest) or a digest; Helm charts and the cert-manager component with an exact version. */
export const pinnedImageVersions: ResourceValidationPolicy = {
    name: "pinned-image-versions",
    description:
        "Container images in workloads must carry an explicit tag other than latest, or a digest; Helm releases and charts (kubernetes:helm.sh/v3:Release, kubernetes:helm.sh/v4:Chart) and the cert-manager component must pin an exact chart version.",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateResource: (args, report) => {
        const path = POD_SPEC_PATHS[args.type];
        if (path) return checkImages(args, path, report);
        if (args.type === TYPES.helmRelease || args.type === TYPES.helmChartV4 || args.type === TYPES.certManager) return checkChartVersion(args, report);
        args.notApplicable(
            "Policy only applies to workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod, …), Helm releases and charts, and CertManager",
        );
    },
};

/** Every policy of the pack, in the order the pack lists them. */
export const allPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    noPublicRouterLoadBalancer,
    exposedServicesAreClusterIp,
    tlsSecretsForTlsServices,
    pinnedImageVersions,
];
