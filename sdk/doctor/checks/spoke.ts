/**
 * Spoke checks: the link token to the hub (Secret labelled
 * `skupper.io/type=connection-token`, annotations `inter-router-host`/`-port`
 * for interior spokes, `edge-host`/`-port` for edge spokes), whether the link
 * is up according to `skupper-network-status`, and whether service sync made
 * the hub's exposed services appear locally.
 */
import { ROUTER_PORTS } from "../../topology/model";
import { linkBetween, parseNetworkStatus } from "../networkStatus";
import type { CheckResult, ClusterSnapshot, HubExpectation, SpokeExpectation } from "../types";
import { NETWORK_STATUS_CONFIGMAP, TOKEN_SELECTOR, result, unreadable } from "./common";
import { annotatedServices, loadBalancerAddress, routerService } from "./hub";

/** The hub's router address a spoke must dial: the live LoadBalancer address when the hub answered, else the configured one. */
export function hubRouterAddress(hub: HubExpectation | undefined, hubSnapshot: ClusterSnapshot | undefined): { ip?: string; source: string } {
    const live = loadBalancerAddress(routerService(hubSnapshot));
    if (live) return { ip: live, source: "hub's LoadBalancer IP" };
    if (hub?.routerIp && !hub.managed)
        return { ip: hub.routerIp, source: hubSnapshot?.access.ok ? "configured routerIp; the hub has no IP yet" : "configured routerIp; hub not reachable" };
    return { source: "unknown" };
}

/** `link-token`: the spoke holds a token for its hub, naming the hub's router address and port. */
export function checkLinkToken(
    snapshot: ClusterSnapshot,
    spoke: SpokeExpectation,
    hub: HubExpectation | undefined,
    hubSnapshot: ClusterSnapshot | undefined,
    ns: string,
): CheckResult {
    const id = "link-token";
    const cluster = snapshot.cluster;
    const tokens = snapshot.linkTokens;
    if (!tokens) return result(cluster, id, "SKIP", "Secrets were not read");
    if (!tokens.ok) return unreadable(cluster, id, `Secrets labelled ${TOKEN_SELECTOR} in ${ns}`, tokens);
    const expectedName = `link-to-${spoke.hub}`;
    const secret = tokens.value.find((s) => s.metadata.name === expectedName) ?? (spoke.managed || !hub ? tokens.value[0] : undefined);
    if (!secret) {
        const others = tokens.value.map((s) => s.metadata.name);
        return result(
            cluster,
            id,
            "FAIL",
            `no link token ${ns}/${expectedName} (Secret labelled ${TOKEN_SELECTOR})${others.length ? `; found ${others.join(", ")}` : ""}: the spoke's router has no link to ${spoke.hub}`,
            `pulumi up creates it (SpokeCluster, signed by ${spoke.hub}'s site CA); check with kubectl -n ${ns} get secret -l ${TOKEN_SELECTOR}`,
        );
    }
    const edge = spoke.routerMode === "edge";
    const hostKey = edge ? "edge-host" : "inter-router-host";
    const portKey = edge ? "edge-port" : "inter-router-port";
    const wantPort = String(edge ? ROUTER_PORTS.edge : ROUTER_PORTS.interRouter);
    const host = secret.metadata.annotations[hostKey];
    const port = secret.metadata.annotations[portKey];
    const name = `${ns}/${secret.metadata.name}`;
    const reissue = `pulumi up re-issues the token for ${spoke.name} with the hub's router address`;
    if (!host) return result(cluster, id, "FAIL", `${name} has no ${hostKey} annotation: the router cannot dial the hub`, reissue);
    if (port !== wantPort)
        return result(cluster, id, "FAIL", `${name} names port ${port ?? "(none)"} in ${portKey}; an ${spoke.routerMode} spoke dials ${wantPort}`, reissue);
    const target = hubRouterAddress(hub, hubSnapshot);
    if (!target.ip) return result(cluster, id, "WARN", `${name} → ${host}:${port}; the hub's router address is unknown, so it was not compared`);
    if (host !== target.ip) {
        return result(
            cluster,
            id,
            "FAIL",
            `${name} dials ${host}:${port}, but the hub's router is at ${target.ip} (${target.source})`,
            `${reissue}; if the hub's address moved, pin it with loadBalancer.routerIp`,
        );
    }
    return result(cluster, id, "OK", `${name} → ${host}:${port} (${target.source})`);
}

/** `link-status`: `skupper-network-status` shows a link between this spoke and its hub. */
export function checkLinkStatus(
    snapshot: ClusterSnapshot,
    spoke: SpokeExpectation,
    hub: HubExpectation | undefined,
    hubSnapshot: ClusterSnapshot | undefined,
    ns: string,
): CheckResult {
    const id = "link-status";
    const cluster = snapshot.cluster;
    const f = snapshot.networkStatus;
    if (!f) return result(cluster, id, "SKIP", "the network status was not read");
    if (!f.ok) return unreadable(cluster, id, `ConfigMap ${ns}/${NETWORK_STATUS_CONFIGMAP}`, f);
    const configSyncLogs = `kubectl -n ${ns} logs deploy/skupper-router -c config-sync`;
    if (!f.value) {
        return result(
            cluster,
            id,
            "WARN",
            `no status yet: ConfigMap ${ns}/${NETWORK_STATUS_CONFIGMAP} does not exist`,
            `config-sync in the router pod writes it: ${configSyncLogs}`,
        );
    }
    const status = parseNetworkStatus(f.value.data.NetworkStatus);
    if (typeof status === "string")
        return result(cluster, id, "WARN", `no status yet: ${status}`, `config-sync in the router pod writes it: ${configSyncLogs}`);
    const link = linkBetween(status, spoke.name, spoke.hub);
    if (link.state === "unknown-site") {
        return result(
            cluster,
            id,
            "WARN",
            `no status yet for site ${spoke.name} (sites in the status: ${link.sites.join(", ") || "none"})`,
            `config-sync in the router pod writes it: ${configSyncLogs}`,
        );
    }
    if (link.state === "connected")
        return result(cluster, id, "OK", `connected to ${spoke.hub} (${link.direction}${link.cost !== undefined ? `, cost ${link.cost}` : ""})`);
    const message = `link to ${spoke.hub} not connected: ${link.reason}`;
    const tokens = snapshot.linkTokens;
    if (tokens?.ok && tokens.value.length === 0) return result(cluster, id, "FAIL", message, `the router links once it has a token: fix link-token first`);
    const hubRouter = hubSnapshot?.routerService;
    if (hubRouter?.ok && hubRouter.value && !loadBalancerAddress(hubRouter.value)) {
        return result(cluster, id, "FAIL", message, `the hub's router has no LoadBalancer address yet: fix router-service on ${spoke.hub} first`);
    }
    const target = hubRouterAddress(hub, hubSnapshot);
    const port = spoke.routerMode === "edge" ? ROUTER_PORTS.edge : ROUTER_PORTS.interRouter;
    const where = target.ip ? `${target.ip}:${port}` : `the hub's router on port ${port}`;
    return result(
        cluster,
        id,
        "FAIL",
        message,
        `${where} must be reachable from ${spoke.name} (the hub's allowedSourceRanges must include its egress); read the router log: kubectl -n ${ns} logs deploy/skupper-router -c router`,
    );
}

/** `service-sync`: a local Service for each service the hub exposes. */
export function checkServiceSync(
    snapshot: ClusterSnapshot,
    spoke: SpokeExpectation,
    hub: HubExpectation | undefined,
    hubSnapshot: ClusterSnapshot | undefined,
    ns: string,
): CheckResult {
    const id = "service-sync";
    const cluster = snapshot.cluster;
    const services = snapshot.services;
    if (!services) return result(cluster, id, "SKIP", "Services were not read");
    if (!services.ok) return unreadable(cluster, id, `Services in ${ns}`, services);
    const expected = hub?.exposedServices ?? annotatedServices(hubSnapshot);
    if (expected === undefined) return result(cluster, id, "SKIP", `the services ${spoke.hub} exposes are unknown (no stack file, hub not read)`);
    if (expected.length === 0) return result(cluster, id, "SKIP", `${spoke.hub} exposes no services`);
    const names = new Set(services.value.map((s) => s.metadata.name));
    const missing = expected.filter((n) => !names.has(n));
    if (missing.length === 0) return result(cluster, id, "OK", `${expected.map((n) => `${ns}/${n}`).join(", ")} present (from ${spoke.hub})`);
    return result(
        cluster,
        id,
        "FAIL",
        `missing Service ${missing.map((n) => `${ns}/${n}`).join(", ")} exposed by ${spoke.hub}`,
        `service sync runs over the link (see link-status); then read kubectl -n ${ns} logs deploy/skupper-service-controller`,
    );
}
