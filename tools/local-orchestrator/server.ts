// HTTP(S) wiring: one listener serving the gateway's networks API and the App
// Deployment Manager deployments API it proxies under /v1, and the Keycloak imitation
// under /realms, with fault injection and the request log applied around routing.

import { randomBytes } from "node:crypto";
import * as http from "node:http";
import * as https from "node:https";
import { isIP, type AddressInfo } from "node:net";
import { createRemoteJWKSet } from "jose";
import { authenticate, authorizeNetworks, authorizeTenantApi } from "./auth";
import { deploymentApiProject, handleDeploymentRequest, isDeploymentApiPath, matchDeploymentRoute, servesMethod, unservedReply } from "./deployments";
import { FaultController, type FaultKind } from "./faults";
import { CERTS_PATH, DISCOVERY_PATH, KeycloakRealm, REALM_PATH, TOKEN_PATH, loadOrCreateSigningKey } from "./keycloak";
import { handleNetworkRequest, matchNetworkRoute, requiredAccess } from "./networks";
import { messageReply, sendReply, type Reply } from "./reply";
import { BodyTooLargeError, readBody } from "./request-body";
import { BoundedRequestLog } from "./request-log";
import { StateStore, projectOfDeploymentKey, splitNetworkKey } from "./store";
import { assertOrgState, resolveTenancy, type Tenancy } from "./tenancy";
import { loadTlsMaterial, selfTrustingAgent } from "./tls-material";
import type { DeploymentRecord, NetworkRecord, OrchestratorServer, OrchestratorServerOptions, OrgState } from "./types";

const DEFAULT_ACCESS_LIFESPAN_SEC = 3600;
const DEFAULT_REFRESH_LIFESPAN_SEC = 5400;
const DEFAULT_LOG_CAPACITY = 10_000;
const MAX_LIFESPAN_SEC = 10 * 365 * 24 * 3600;
/** Marks the server's own JWKS fetches, which must bypass faults and the request log. */
const INTERNAL_HEADER = "x-edge-orchestrator-internal";

export function isLoopbackHost(host: string): boolean {
    if (host === "localhost") return true;
    if (isIP(host) === 4) return host.startsWith("127.");
    if (isIP(host) === 6) return host === "::1" || host.toLowerCase().startsWith("::ffff:127.");
    return false;
}

function checkInteger(name: string, value: number | undefined, min: number, max: number): void {
    if (value !== undefined && !(Number.isInteger(value) && value >= min && value <= max)) {
        throw new Error(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
    }
}

function urlHost(address: AddressInfo): string {
    if (address.address === "0.0.0.0") return "127.0.0.1";
    if (address.address === "::") return "[::1]";
    return address.family === "IPv6" ? `[${address.address}]` : address.address;
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
            server.off("error", reject);
            resolve();
        });
    });
}

/** Everything a request needs once the listener's address (and so the issuer) is known. */
interface Runtime {
    realm: KeycloakRealm;
    store: StateStore;
    tenancy: Tenancy;
}

/** The proxied ADM API: the gateway's checks answer 403 here, then ADM routes. */
async function routeDeployments(runtime: Runtime, req: http.IncomingMessage, method: string, url: URL): Promise<Reply> {
    const project = deploymentApiProject(url.pathname);
    if (project === null) return messageReply(404, "Not Found");
    const authz = await authorizeTenantApi(runtime.realm, req.headers.authorization, project, runtime.tenancy);
    if (!authz.ok) return authz.reply;
    const deploymentRoute = matchDeploymentRoute(url.pathname);
    if (deploymentRoute === null || !servesMethod(deploymentRoute, method)) return unservedReply(deploymentRoute);
    const body = method === "POST" || method === "PUT" ? await readBody(req) : Buffer.alloc(0);
    return handleDeploymentRequest(runtime.store, {
        route: deploymentRoute,
        grant: authz.value,
        method,
        query: url.searchParams,
        body,
        contentType: req.headers["content-type"],
    });
}

async function route(runtime: Runtime, req: http.IncomingMessage, method: string, url: URL): Promise<Reply> {
    const path = url.pathname;
    const { realm } = runtime;
    if (path === TOKEN_PATH) {
        if (method !== "POST") return { status: 405, body: { error: "HTTP 405 Method Not Allowed" } };
        const body = await readBody(req);
        return realm.handleTokenRequest(body.toString("utf8"), req.headers["content-type"]);
    }
    if (path === CERTS_PATH && method === "GET") return realm.jwks();
    if (path === DISCOVERY_PATH && method === "GET") return realm.discovery();
    if (path === REALM_PATH || path.startsWith(`${REALM_PATH}/`)) {
        return { status: 404, body: { error: "Unable to find matching target resource method" } };
    }
    if (path.startsWith("/realms/")) return { status: 404, body: { error: "Realm does not exist" } };
    if (path !== "/v1" && !path.startsWith("/v1/")) return messageReply(404, "Not Found");
    if (isDeploymentApiPath(path)) return routeDeployments(runtime, req, method, url);

    // The gateway authenticates everything under /v before routing.
    const authn = await authenticate(realm, req.headers.authorization);
    if (!authn.ok) return authn.reply;
    const networkRoute = matchNetworkRoute(path);
    if (networkRoute === null) return messageReply(404, "Not Found");
    const access = requiredAccess(networkRoute, method);
    if (access === undefined) return messageReply(405, "Method Not Allowed");
    const authz = authorizeNetworks(authn.value, networkRoute.project, access, runtime.tenancy);
    if (!authz.ok) return authz.reply;
    const body = method === "PUT" ? await readBody(req) : Buffer.alloc(0);
    return handleNetworkRequest(runtime.store, {
        route: networkRoute,
        grant: authz.value,
        method,
        query: url.searchParams,
        body,
        contentType: req.headers["content-type"],
    });
}

export async function createOrchestratorServer(options: OrchestratorServerOptions = {}): Promise<OrchestratorServer> {
    const host = options.host ?? "127.0.0.1";
    if (!isLoopbackHost(host) && options.allowNonLoopback !== true) {
        throw new Error(`refusing to bind non-loopback host "${host}"; set allowNonLoopback to expose the server`);
    }
    checkInteger("port", options.port, 0, 65535);
    checkInteger("accessTokenLifespanSec", options.accessTokenLifespanSec, 1, MAX_LIFESPAN_SEC);
    checkInteger("refreshTokenLifespanSec", options.refreshTokenLifespanSec, 1, MAX_LIFESPAN_SEC);
    checkInteger("maxLoggedRequests", options.maxLoggedRequests, 0, 10_000_000);

    const tenancy = resolveTenancy(options.orgs, options.projects, options.users);
    const faults = new FaultController(options.faults);
    const log = new BoundedRequestLog(options.maxLoggedRequests ?? DEFAULT_LOG_CAPACITY);
    const tls = options.tls === undefined ? undefined : await loadTlsMaterial(options.tls);
    const store = options.stateFile === undefined ? StateStore.inMemory() : await StateStore.open(options.stateFile);
    const signingKey = await loadOrCreateSigningKey(store);
    const internalSecret = randomBytes(24).toString("hex");

    let runtime: Runtime | undefined;
    let closing = false;
    // Latency faults park requests; closing must release them rather than wait them out.
    const parked = new Set<() => void>();

    const delay = (ms: number) =>
        new Promise<void>((resolve) => {
            const release = () => {
                clearTimeout(timer);
                parked.delete(release);
                resolve();
            };
            const timer = setTimeout(release, ms);
            parked.add(release);
        });

    const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
        const method = req.method ?? "GET";
        const url = new URL(req.url ?? "/", "http://localhost");
        const path = url.pathname;
        if (runtime === undefined || closing) {
            sendReply(res, messageReply(503, "Service Unavailable"));
            return;
        }
        const current = runtime;
        if (req.headers[INTERNAL_HEADER] === internalSecret && path === CERTS_PATH) {
            sendReply(res, current.realm.jwks());
            return;
        }

        const seq = log.nextSeq();
        const record = (status: number | null, fault?: FaultKind) =>
            log.add({ seq, method, path, query: url.search.slice(1), status, ...(fault ? { fault } : {}) });
        const drop = (fault: FaultKind) => {
            record(null, fault);
            req.socket.destroy();
        };

        const decision = faults.onArrival(method, path);
        if (decision.delayMs > 0) {
            await delay(decision.delayMs);
            if (closing) {
                req.socket.destroy();
                return;
            }
        }
        const outcome = decision.outcome;
        if (outcome?.kind === "drop") return drop("drop");
        if (outcome?.kind === "status429") {
            record(429, "status429");
            sendReply(res, {
                ...messageReply(429, "Too Many Requests"),
                headers: { "Retry-After": String(outcome.retryAfterSec) },
            });
            return;
        }
        if (outcome?.kind === "status5xx") {
            record(outcome.status, "status5xx");
            sendReply(res, messageReply(outcome.status, http.STATUS_CODES[outcome.status] ?? "Server Error"));
            return;
        }

        let reply: Reply;
        try {
            reply = await route(current, req, method, url);
        } catch (error) {
            reply =
                error instanceof BodyTooLargeError
                    ? { ...messageReply(413, "Request Entity Too Large"), headers: { Connection: "close" } }
                    : messageReply(500, "Internal Server Error");
        }
        if (reply.committed === true && faults.dropAfterCommit(method, path)) return drop("failAfterCommit");
        record(reply.status);
        sendReply(res, reply);
    };

    const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
        handle(req, res).catch(() => {
            // A handler only throws after its socket is gone; nothing is left to answer.
            if (!res.headersSent) res.destroy();
        });
    };
    const server: http.Server = tls ? https.createServer({ cert: tls.cert, key: tls.key }, onRequest) : http.createServer(onRequest);

    await listen(server, options.port ?? 0, host);
    const address = server.address() as AddressInfo;
    const url = `${tls ? "https" : "http"}://${urlHost(address)}:${address.port}`;
    const issuer = `${url}${REALM_PATH}`;
    const realm = new KeycloakRealm(signingKey, {
        issuer,
        users: tenancy.users,
        accessLifespanSec: options.accessTokenLifespanSec ?? DEFAULT_ACCESS_LIFESPAN_SEC,
        refreshLifespanSec: options.refreshTokenLifespanSec ?? DEFAULT_REFRESH_LIFESPAN_SEC,
    });
    const agent = tls ? selfTrustingAgent(tls) : new http.Agent({ keepAlive: false });
    const jwks = createRemoteJWKSet(new URL(`${url}${CERTS_PATH}`), {
        agent,
        headers: { [INTERNAL_HEADER]: internalSecret },
        timeoutDuration: 5000,
    });
    realm.useJwks(jwks);
    runtime = { realm, store, tenancy };

    let closed: Promise<void> | undefined;
    const close = (): Promise<void> => {
        closed ??= (async () => {
            closing = true;
            for (const release of [...parked]) release();
            const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
            server.closeAllConnections();
            agent.destroy();
            await stopped;
            await store.drain();
        })();
        return closed;
    };

    try {
        // Fail at start, not on the first request, if the server cannot reach its own JWKS.
        await jwks.reload();
    } catch (error) {
        await close();
        throw new Error(`the server could not fetch its own JWKS from ${url}${CERTS_PATH}: ${(error as Error).message}`);
    }

    return {
        url,
        keycloakUrl: url,
        issuer,
        port: address.port,
        faults,
        requests: log,
        get orgs() {
            return tenancy.orgs.map((o) => ({ ...o }));
        },
        get projects() {
            return tenancy.projects.map((p) => ({ ...p }));
        },
        get users() {
            return tenancy.users.map((u) => ({ ...u, roles: [...u.roles] }));
        },
        issueToken: (tokenOptions) => realm.issueToken(tokenOptions),
        issueForgedToken: (tokenOptions) => realm.issueForgedToken(tokenOptions),
        setOrgState(orgName: string, state: OrgState) {
            assertOrgState(state);
            const org = tenancy.orgs.find((o) => o.name === orgName);
            if (!org) throw new Error(`unknown org "${orgName}"`);
            org.state = state;
        },
        networks(project?: string): NetworkRecord[] {
            return Object.entries(store.state.networks)
                .map(([key, network]) => ({ ...splitNetworkKey(key), ...structuredClone(network) }))
                .filter((n) => project === undefined || n.project === project)
                .sort((a, b) => (a.project !== b.project ? (a.project < b.project ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        },
        deployments(project?: string): DeploymentRecord[] {
            return Object.entries(store.state.deployments ?? {})
                .map(([key, deployment]) => ({ project: projectOfDeploymentKey(key), ...structuredClone(deployment) }))
                .filter((d) => project === undefined || d.project === project)
                .sort((a, b) => (a.project !== b.project ? (a.project < b.project ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        },
        close,
    };
}
