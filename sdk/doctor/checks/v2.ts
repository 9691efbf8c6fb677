/**
 * Checks of a Skupper v2 network (`network.skupperVersion: "v2"`), with the
 * same ids as v1 where the question is the same (router-pods, router-service,
 * router-ip, source-ranges, link-status, exposed-services, service-sync) and
 * their own where v2 has other objects (`controller`, `site`, `link-secret`).
 *
 * The status fields read here are declared by the CRDs the package carries
 * (sdk/manifests/v2/crds, Skupper 2.2.1); each reader names its file and
 * line. They come from the schema, not from watching a running controller
 * (README "What is inferred rather than proven on a cluster").
 * `Site.status.network` is never read: it may be deprecated
 * (SKUPPER-V2.md line 133, upstream #2556).
 *
 * One problem, one FAIL: a symptom of a FAIL found on another check (a
 * Link down while the hub's router has no address) is a WARN naming the
 * check to fix first.
 */
import type { ConditionInfo, SkupperResourceInfo } from "../clusterObjects";
import type { CheckResult, ClusterSnapshot, Fetched, HubExpectation, SpokeExpectation } from "../types";
import { linkName } from "../../manifests/skupper";
import { CONTROLLER_V2, result, unreadable } from "./common";
import { loadBalancerAddress } from "./hub";
import { checkControllerDeployment } from "./pods";
import { hubRouterAddress } from "./spoke";
import { ROUTER_PORTS } from "../../topology/model";

const CONTROLLER_LOGS = `kubectl -n ${CONTROLLER_V2.namespace} logs deploy/${CONTROLLER_V2.name}`;

/** What the user needs to read Skupper v2 objects. */
export const RBAC_FIX_V2 =
    "the kubeconfig's user needs get/list on pods, services and secrets and on skupper.io sites, links, connectors and listeners in the site namespace, and get on deployments in skupper";

/** Where a missing Skupper v2 router pod comes from. */
export const ROUTER_FROM_SITE_V2 = (ns: string) => `the controller creates it for the Site in ${ns}: ${CONTROLLER_LOGS}`;

/** `controller`: Deployment `skupper-controller` in `skupper` (the package's cluster-scope install, manifests/v2/install.ts). */
export function checkControllerV2(snapshot: ClusterSnapshot): CheckResult {
    return checkControllerDeployment(
        snapshot,
        "controller",
        CONTROLLER_V2.name,
        `pulumi up installs it (addOns.skupperController.install); a controller installed otherwise: kubectl get deploy -A -l application=${CONTROLLER_V2.name}`,
    );
}

/** A condition by type; `status` is "True", "False" or "Unknown" (metav1.Condition, every skupper.io CRD's `conditions.items.status` enum). */
function condition(r: SkupperResourceInfo, type: string): ConditionInfo | undefined {
    return r.status.conditions.find((c) => c.type === type);
}

function because(c: ConditionInfo | undefined): string {
    if (!c) return "no such condition yet";
    const why = [c.reason, c.message].filter(Boolean).join(": ");
    return `${c.type} ${c.status}${why ? ` (${why})` : ""}`;
}

/**
 * `status.status` Error with its `status.message` (every skupper.io CRD:
 * skupper_site_crd.yaml:104-113, skupper_link_crd.yaml:79-88,
 * skupper_listener_crd.yaml:91-100, skupper_connector_crd.yaml:105-114).
 */
function errorOf(r: SkupperResourceInfo): string | undefined {
    return r.status.status === "Error" ? `status Error${r.status.message ? `: ${r.status.message}` : ""}` : undefined;
}

/** A list that could not be read, or whose kind the API server does not know. */
function listFailure(
    cluster: string,
    id: string,
    kind: string,
    ns: string,
    f: Fetched<SkupperResourceInfo[] | undefined> | undefined,
): CheckResult | undefined {
    if (!f) return result(cluster, id, "SKIP", `${kind}s were not read`);
    if (!f.ok) return unreadable(cluster, id, `${kind}s in ${ns}`, f, RBAC_FIX_V2);
    if (!f.value)
        return result(
            cluster,
            id,
            "FAIL",
            `the API server does not know ${kind} (skupper.io/v2alpha1): the Skupper v2 CRDs are not installed`,
            "pulumi up applies them (HubCluster/SpokeCluster with skupperVersion v2); check with kubectl get crd | grep skupper.io",
        );
    return undefined;
}

/**
 * `site`: the member's `Site` and its conditions. Read (skupper_site_crd.yaml:124-132):
 * `Configured` (output resources created), `Running` (a router pod runs),
 * `Resolved` (the link-access address is known), `Ready` (all of them);
 * and `status.sitesInNetwork` (line 182), shown when given. SKUPPER-V2.md line 126
 * lists the same as the status to read.
 */
export function checkSiteV2(snapshot: ClusterSnapshot, ns: string, earlier: { routerPods: CheckResult; controller: CheckResult }): CheckResult {
    const id = "site";
    const cluster = snapshot.cluster;
    const failed = listFailure(cluster, id, "Site", ns, snapshot.sites);
    if (failed) return failed;
    const sites = snapshot.sites!.ok ? snapshot.sites!.value! : [];
    // The package names the Site after the member (manifests/v2/site.ts siteV2); one Site per namespace is all v2 allows.
    const site = sites.find((s) => s.metadata.name === cluster) ?? (sites.length === 1 ? sites[0] : undefined);
    if (!site) {
        return result(
            cluster,
            id,
            "FAIL",
            `no Site ${ns}/${cluster}${sites.length ? ` (found ${sites.map((s) => s.metadata.name).join(", ")})` : ""}`,
            `pulumi up creates it (skupperVersion v2); check with kubectl -n ${ns} get sites.skupper.io`,
        );
    }
    const name = `Site ${ns}/${site.metadata.name}`;
    const ready = condition(site, "Ready");
    const inNetwork = site.status.sitesInNetwork !== undefined ? `, ${site.status.sitesInNetwork} sites in the network` : "";
    if (ready?.status === "True" && !errorOf(site)) return result(cluster, id, "OK", `${name} Ready${inNetwork}`);
    if (site.status.conditions.length === 0 && !errorOf(site)) {
        const message = `${name} has no status: the controller has not processed it`;
        if (earlier.controller.status === "FAIL") return result(cluster, id, "WARN", message, "fix controller first");
        return result(cluster, id, "FAIL", message, `${CONTROLLER_LOGS}`);
    }
    const blocking = ["Configured", "Running", "Resolved"].map((t) => condition(site, t)).find((c) => c !== undefined && c.status !== "True");
    const message = `${name} not Ready: ${errorOf(site) ?? because(blocking ?? ready)}`;
    if (blocking?.type === "Running") {
        if (earlier.routerPods.status === "FAIL") return result(cluster, id, "WARN", message, "fix router-pods first");
        return result(cluster, id, "FAIL", message, `kubectl -n ${ns} describe deploy/skupper-router; ${CONTROLLER_LOGS}`);
    }
    if (blocking?.type === "Resolved") {
        // On a hub, the link-access address is the router Service's LoadBalancer address: router-service already fails for that.
        const svc = snapshot.role === "hub" ? snapshot.routerService : undefined;
        if (svc?.ok && (!svc.value || !loadBalancerAddress(svc.value)))
            return result(
                cluster,
                id,
                "WARN",
                `${message}; waits for the router's LoadBalancer address`,
                "the controller resolves the Site once its router has an address: fix router-service first",
            );
        return result(cluster, id, "FAIL", message, `the Site's link access has no address: kubectl -n ${ns} get svc skupper-router; ${CONTROLLER_LOGS}`);
    }
    return result(cluster, id, "FAIL", message, `${CONTROLLER_LOGS}; kubectl -n ${ns} describe sites.skupper.io ${site.metadata.name}`);
}

/** The spoke's Link to its hub: `link-to-<hub>` as manifests/v2/link.ts names it, or the only one. */
function linkToHub(snapshot: ClusterSnapshot, spoke: SpokeExpectation): SkupperResourceInfo | undefined {
    const links = snapshot.links?.ok ? (snapshot.links.value ?? []) : [];
    return links.find((l) => l.metadata.name === linkName(spoke.hub)) ?? (spoke.managed ? links[0] : undefined);
}

/** `link-secret`: the Secret the Link names (`spec.tlsCredentials`) is a kubernetes.io/tls Secret with tls.crt, tls.key and ca.crt. */
export function checkLinkSecretV2(snapshot: ClusterSnapshot, spoke: SpokeExpectation, ns: string): CheckResult {
    const id = "link-secret";
    const cluster = snapshot.cluster;
    const failed = listFailure(cluster, id, "Link", ns, snapshot.links);
    if (failed) return failed.status === "FAIL" ? result(cluster, id, "SKIP", "no Links to read the Secret of (see link-status)") : failed;
    const link = linkToHub(snapshot, spoke);
    if (!link) return result(cluster, id, "SKIP", `no Link to ${spoke.hub} (see link-status)`);
    const secretName = link.spec.tlsCredentials;
    const reissue = `pulumi up writes it (SpokeCluster: a client certificate signed by ${spoke.hub}'s site CA)`;
    if (!secretName)
        return result(cluster, id, "FAIL", `Link ${ns}/${link.metadata.name} names no spec.tlsCredentials: the router cannot authenticate`, reissue);
    const secrets = snapshot.linkSecrets;
    if (!secrets) return result(cluster, id, "SKIP", "the Link's Secret was not read");
    if (!secrets.ok) return unreadable(cluster, id, `Secret ${ns}/${secretName}`, secrets, RBAC_FIX_V2);
    const secret = secrets.value[secretName];
    const name = `${ns}/${secretName}`;
    if (!secret) return result(cluster, id, "FAIL", `Secret ${name}, named by Link ${link.metadata.name}, does not exist`, reissue);
    // manifests/v2/link.ts linkSecretV2: the router reads tls.crt, tls.key and the hub's site CA as ca.crt (upstream doc/tls/README.md).
    const missing = ["ca.crt", "tls.crt", "tls.key"].filter((k) => !secret.dataKeys.includes(k));
    if (secret.type !== "kubernetes.io/tls" || missing.length) {
        const problems = [
            secret.type !== "kubernetes.io/tls" ? `type ${secret.type ?? "(none)"}, not kubernetes.io/tls` : "",
            missing.length ? `no ${missing.join(", ")}` : "",
        ].filter(Boolean);
        return result(cluster, id, "FAIL", `Secret ${name}: ${problems.join("; ")}`, reissue);
    }
    return result(cluster, id, "OK", `${name} (kubernetes.io/tls: ca.crt, tls.crt, tls.key)`);
}

/**
 * `link-status`: the Link's `Operational` condition (skupper_link_crd.yaml:98-105:
 * "The link to the remote site is active"; SKUPPER-V2.md line 119-120 waits on it) and
 * `status.remoteSiteName` (line 94) for the message.
 */
export function checkLinkStatusV2(
    snapshot: ClusterSnapshot,
    spoke: SpokeExpectation,
    hub: HubExpectation | undefined,
    hubSnapshot: ClusterSnapshot | undefined,
    ns: string,
    secretCheck: CheckResult,
): CheckResult {
    const id = "link-status";
    const cluster = snapshot.cluster;
    const failed = listFailure(cluster, id, "Link", ns, snapshot.links);
    if (failed) return failed;
    const link = linkToHub(snapshot, spoke);
    const expected = `${ns}/${linkName(spoke.hub)}`;
    if (!link) {
        const others = (snapshot.links?.ok ? (snapshot.links.value ?? []) : []).map((l) => l.metadata.name);
        return result(
            cluster,
            id,
            "FAIL",
            `no Link ${expected}${others.length ? ` (found ${others.join(", ")})` : ""}: the spoke's router has no link to ${spoke.hub}`,
            `pulumi up creates it (SpokeCluster); check with kubectl -n ${ns} get links.skupper.io`,
        );
    }
    const name = `Link ${ns}/${link.metadata.name}`;
    const operational = condition(link, "Operational");
    if (operational?.status === "True" && !errorOf(link))
        return result(cluster, id, "OK", `${name} Operational${link.status.remoteSiteName ? `: linked to site ${link.status.remoteSiteName}` : ""}`);
    if (link.status.conditions.length === 0 && !errorOf(link))
        return result(cluster, id, "WARN", `${name} has no status yet`, `the controller reports it: ${CONTROLLER_LOGS}`);
    const message = `${name} not Operational: ${errorOf(link) ?? because(operational)}`;
    if (secretCheck.status === "FAIL") return result(cluster, id, "WARN", message, "fix link-secret first: the router links once it has its certificate");
    const hubRouter = hubSnapshot?.routerService;
    if (hubRouter?.ok && (!hubRouter.value || !loadBalancerAddress(hubRouter.value)))
        return result(cluster, id, "WARN", message, `the hub's router has no LoadBalancer address yet: fix router-service on ${spoke.hub} first`);
    const target = hubRouterAddress(hub, hubSnapshot);
    const endpointName = spoke.routerMode === "edge" ? "edge" : "inter-router";
    const endpoint = link.spec.endpoints.find((e) => e.name === endpointName);
    const port = spoke.routerMode === "edge" ? ROUTER_PORTS.edge : ROUTER_PORTS.interRouter;
    if (target.ip && endpoint?.host && endpoint.host !== target.ip)
        return result(
            cluster,
            id,
            "FAIL",
            `${message}; it dials ${endpoint.host}:${endpoint.port ?? port}, but the hub's router is at ${target.ip} (${target.source})`,
            `pulumi up rewrites the Link with the hub's router address; if the hub's address moved, pin it with loadBalancer.routerIp`,
        );
    const where = target.ip ? `${target.ip}:${port}` : `the hub's router on port ${port}`;
    return result(
        cluster,
        id,
        "FAIL",
        message,
        `${where} must be reachable from ${spoke.name} (the hub's allowedSourceRanges must include its egress); read the router log: kubectl -n ${ns} logs deploy/skupper-router -c router`,
    );
}

/** Names of the Connectors a hub snapshot holds, when they could be read. */
function connectorNames(snapshot: ClusterSnapshot | undefined): string[] | undefined {
    const f = snapshot?.connectors;
    return f?.ok && f.value ? f.value.map((c) => c.spec.routingKey ?? c.metadata.name).sort() : undefined;
}

/**
 * One exposed service's Connector or Listener, by the package's names
 * (manifests/v2/services.ts: named and keyed after the service). `matchedType`
 * is the condition that says the other side exists: `Matched` for a
 * Connector (skupper_connector_crd.yaml:116-122), `Operational` for a Listener
 * (skupper_listener_crd.yaml:102-109; SKUPPER-V2.md line 33 calls both "Matched").
 */
function serviceVerdict(
    r: SkupperResourceInfo | undefined,
    service: string,
    kind: "Connector" | "Listener",
    ns: string,
): { state: "missing" | "error" | "unmatched" | "pending" | "ok"; text: string } {
    if (!r) return { state: "missing", text: `no ${kind} ${ns}/${service}` };
    const name = `${kind} ${ns}/${r.metadata.name}`;
    const err = errorOf(r);
    if (err) return { state: "error", text: `${name}: ${err}` };
    const configured = condition(r, "Configured");
    if (configured && configured.status !== "True") return { state: "error", text: `${name}: ${because(configured)}` };
    const matched = condition(r, kind === "Connector" ? "Matched" : "Operational");
    if (condition(r, "Ready")?.status === "True") return { state: "ok", text: name };
    if (matched && matched.status !== "True") return { state: "unmatched", text: `${name}: ${because(matched)}` };
    return { state: "pending", text: `${name}: ${r.status.conditions.length ? because(condition(r, "Ready")) : "no status yet"}` };
}

/** `exposed-services` (hub): a `Connector` per exposed service, configured and Ready. */
export function checkConnectorsV2(snapshot: ClusterSnapshot, hub: HubExpectation, ns: string): CheckResult {
    const id = "exposed-services";
    const cluster = snapshot.cluster;
    const failed = listFailure(cluster, id, "Connector", ns, snapshot.connectors);
    if (failed) return failed;
    const connectors = snapshot.connectors!.ok ? snapshot.connectors!.value! : [];
    const expected = hub.exposedServices ?? connectorNames(snapshot) ?? [];
    if (hub.exposedServices === undefined && expected.length === 0) return result(cluster, id, "WARN", `no Connector in ${ns}: nothing is exposed`);
    if (expected.length === 0) return result(cluster, id, "SKIP", "no exposed services configured");
    const verdicts = expected.map((s) =>
        serviceVerdict(
            connectors.find((c) => c.metadata.name === s),
            s,
            "Connector",
            ns,
        ),
    );
    const missing = verdicts.filter((v) => v.state === "missing");
    if (missing.length)
        return result(
            cluster,
            id,
            "FAIL",
            `${missing.map((v) => v.text).join(", ")} (of ${expected.length} exposed)`,
            `pulumi up creates them (HubCluster, skupperVersion v2)`,
        );
    const errors = verdicts.filter((v) => v.state === "error");
    if (errors.length)
        return result(cluster, id, "FAIL", errors.map((v) => v.text).join("; "), `${CONTROLLER_LOGS}; kubectl -n ${ns} describe connectors.skupper.io`);
    const waiting = verdicts.filter((v) => v.state !== "ok");
    // No Listener matches: no spoke is linked yet, or a spoke lacks its Listener; the spokes' checks say which.
    if (waiting.length) return result(cluster, id, "WARN", waiting.map((v) => v.text).join("; "), "see link-status and service-sync on the spokes");
    return result(cluster, id, "OK", `${expected.map((s) => `Connector ${ns}/${s}`).join(", ")} Ready`);
}

/** `service-sync` (spoke): a `Listener` per service the hub exposes, configured and Ready, and the Service it makes (`spec.host`). */
export function checkListenersV2(
    snapshot: ClusterSnapshot,
    spoke: SpokeExpectation,
    hub: HubExpectation | undefined,
    hubSnapshot: ClusterSnapshot | undefined,
    ns: string,
    linkCheck: CheckResult,
): CheckResult {
    const id = "service-sync";
    const cluster = snapshot.cluster;
    const failed = listFailure(cluster, id, "Listener", ns, snapshot.listeners);
    if (failed) return failed;
    const listeners = snapshot.listeners!.ok ? snapshot.listeners!.value! : [];
    const expected = hub?.exposedServices ?? connectorNames(hubSnapshot);
    if (expected === undefined) return result(cluster, id, "SKIP", `the services ${spoke.hub} exposes are unknown (no stack file, hub not read)`);
    if (expected.length === 0) return result(cluster, id, "SKIP", `${spoke.hub} exposes no services`);
    const found = expected.map((s) => [s, listeners.find((l) => l.metadata.name === s)] as const);
    const verdicts = found.map(([s, l]) => serviceVerdict(l, s, "Listener", ns));
    const missing = verdicts.filter((v) => v.state === "missing");
    if (missing.length)
        return result(
            cluster,
            id,
            "FAIL",
            `${missing.map((v) => v.text).join(", ")} for ${spoke.hub}'s exposed service${missing.length === 1 ? "" : "s"}`,
            `pulumi up creates them (SpokeCluster, skupperVersion v2); check with kubectl -n ${ns} get listeners.skupper.io`,
        );
    const errors = verdicts.filter((v) => v.state === "error");
    if (errors.length)
        return result(cluster, id, "FAIL", errors.map((v) => v.text).join("; "), `${CONTROLLER_LOGS}; kubectl -n ${ns} describe listeners.skupper.io`);
    // The controller makes the Service `spec.host` for each Listener (SKUPPER-V2.md line 123-124).
    const services = snapshot.services;
    if (services?.ok) {
        const names = new Set(services.value.map((s) => s.metadata.name));
        const noService = found.filter(([s, l]) => !names.has(l?.spec.host ?? s)).map(([s, l]) => `${ns}/${l?.spec.host ?? s}`);
        if (noService.length)
            return result(cluster, id, "FAIL", `missing Service ${noService.join(", ")} the Listeners should have made`, `${CONTROLLER_LOGS}`);
    }
    const waiting = verdicts.filter((v) => v.state !== "ok");
    if (waiting.length) {
        const fix =
            linkCheck.status !== "OK"
                ? "the Listeners match once the link is up: fix link-status first"
                : `the hub's Connectors must be Ready (see exposed-services on ${spoke.hub}); upstream #2428 reports "No matching connectors" while traffic flows`;
        return result(cluster, id, "WARN", waiting.map((v) => v.text).join("; "), fix);
    }
    return result(cluster, id, "OK", `${expected.map((s) => `Listener ${ns}/${s}`).join(", ")} Ready (from ${spoke.hub})`);
}
