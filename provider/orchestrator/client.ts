/**
 * Typed client for the edge orchestrator's REST APIs, with authentication,
 * per-request timeouts and bounded retries. It is used both by programs and
 * from inside the provider plugin's operations (which the migration test
 * also serializes as dynamic providers), so it holds no module-level state.
 */
import { Credential, TokenManager } from "./auth";
import { OrchestratorApiError, OrchestratorConnectionError, RetryBudgetExhaustedError } from "./errors";
import { HttpResponse, TransportFailure, sendHttp } from "./http";
import { RetryPolicy, backoffDelayMs, defaultRetryPolicy, isRetryableStatus, parseRetryAfterMs } from "./retry";
import { DeleteType, Deployment, DeploymentSpec, NetworkListItem, NetworkObject, NetworkSpec, PutNetworkResult } from "./types";
import { scrubSecrets } from "./scrub";
import { apiUrlProblem, deriveKeycloakUrl, joinUrl } from "./urls";

/**
 * Tags an error the client raises with whether the request may have reached
 * the server (`mayHaveLanded`) and where it failed (`stage`: "token" when no
 * API request was sent because no token could be had). Providers use it to
 * decide whether a failed create must still be recorded in the state.
 */
/**
 * A 404 for the object itself. A 404 from the token endpoint (a wrong
 * keycloakUrl) says nothing about the object and must never read as "gone",
 * or a refresh would drop, and a destroy forget, an object that still exists.
 */
function isNotFound(e: unknown): boolean {
    return e instanceof OrchestratorApiError && e.status === 404 && (e as { stage?: unknown }).stage !== "token";
}

function markLanding(e: unknown, mayHaveLanded: boolean, stage: "token" | "request"): unknown {
    if (e !== null && typeof e === "object") Object.assign(e, { mayHaveLanded, stage });
    return e;
}

/** Connection settings for {@link OrchestratorClient}. */
export interface OrchestratorClientOptions {
    /** API base, e.g. `https://api.edge.example.com` (https, or http to loopback only). */
    apiUrl: string;
    /** Static bearer token. Tried first when given. */
    token?: string;
    /** Keycloak user for the password grant (client `system-client`). */
    username?: string;
    /** Password of {@link username}. */
    password?: string;
    /**
     * Further credentials to fall back on after a 401, in order. Each has a
     * `source` that error messages name instead of the secret itself.
     */
    fallbackCredentials?: Credential[];
    /** Keycloak base URL. Default: `https://keycloak.<fqdn>` derived from `https://api.<fqdn>`. */
    keycloakUrl?: string;
    /** PEM bundle of the CA that signed the orchestrator's certificate, added to the system roots. */
    caCert?: string;
    /** Deadline for one HTTP exchange (default 30 s). */
    requestTimeoutMs?: number;
    /** Retry bounds for connection errors, 429 and 5xx. */
    retry?: Partial<RetryPolicy>;
    /** Called once per HTTP exchange, with no headers or bodies; for logs, tests and benchmarks. */
    onExchange?: (e: { method: string; path: string; status: number | string }) => void;
    /** Clock and sleep, replaceable in tests. */
    now?: () => number;
    sleep?: (ms: number) => Promise<void>;
    random?: () => number;
}

/**
 * Whether an answer says the token was refused: 401 on the gateway's own
 * APIs, 403 with a token message on the APIs it proxies (deployments).
 * A 403 "Already Exists." is not one.
 */
function isTokenRejection(response: HttpResponse): boolean {
    if (response.status === 401) return true;
    if (response.status !== 403) return false;
    return /token|authorization/i.test(response.body) && !response.body.includes("Already Exists.");
}

/** `credentials` from the plain option fields, tagged with the option name that supplied them. */
function credentialsFrom(opts: OrchestratorClientOptions): Credential[] {
    const out: Credential[] = [];
    if (opts.token) out.push({ kind: "token", token: opts.token, source: "orchestrator.token" });
    if (opts.username || opts.password) {
        if (!opts.username || !opts.password) {
            throw new TypeError("orchestrator.username and orchestrator.password must be given together");
        }
        out.push({ kind: "password", username: opts.username, password: opts.password, source: "orchestrator.username/password" });
    }
    return [...out, ...(opts.fallbackCredentials ?? [])];
}

/**
 * Client for the orchestrator networks API:
 * `https://api.<fqdn>/v1/projects/<project>/networks[/<name>]`.
 *
 * @example
 * const client = new OrchestratorClient({ apiUrl: "https://api.edge.example.com", username: "alice", password });
 * await client.putNetwork("my-project", "mesh", { description: "Network for Interconnect", type: "application-mesh" });
 */
export class OrchestratorClient {
    readonly apiUrl: string;
    readonly keycloakUrl: string;
    private readonly tokens: TokenManager;
    private readonly policy: RetryPolicy;
    private readonly timeoutMs: number;
    private readonly caCert?: string;
    private readonly onExchange?: OrchestratorClientOptions["onExchange"];
    private readonly now: () => number;
    private readonly sleep: (ms: number) => Promise<void>;
    private readonly random: () => number;

    constructor(opts: OrchestratorClientOptions) {
        const problem = apiUrlProblem(opts.apiUrl);
        if (problem) throw new TypeError(`orchestrator.apiUrl ${problem}`);
        if (opts.keycloakUrl !== undefined) {
            const kcProblem = apiUrlProblem(opts.keycloakUrl);
            if (kcProblem) throw new TypeError(`orchestrator.keycloakUrl ${kcProblem}`);
        }
        this.apiUrl = opts.apiUrl.replace(/\/+$/, "");
        this.keycloakUrl = (opts.keycloakUrl ?? deriveKeycloakUrl(opts.apiUrl)).replace(/\/+$/, "");
        this.policy = { ...defaultRetryPolicy(), ...(opts.retry ?? {}) };
        this.timeoutMs = opts.requestTimeoutMs ?? 30_000;
        this.caCert = opts.caCert;
        this.onExchange = opts.onExchange;
        this.now = opts.now ?? (() => Date.now());
        this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
        this.random = opts.random ?? Math.random;
        const tokenUrl = joinUrl(this.keycloakUrl, "/realms/master/protocol/openid-connect/token");
        this.tokens = new TokenManager(
            credentialsFrom(opts),
            tokenUrl,
            (url, form) =>
                this.exchange(
                    "POST",
                    url,
                    { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
                    new URLSearchParams(form).toString(),
                ).then((r) => r.response),
            this.now,
        );
    }

    /** Calls made to the token endpoint so far. */
    get tokenRequests(): number {
        return this.tokens.tokenRequests;
    }

    // ---- networks -------------------------------------------------------

    /**
     * Lists the project's networks. Pages of `pageSize` are requested; the
     * gateway passes `limit`/`continue` to Kubernetes but returns a bare array
     * without the continue token, so a full page is re-requested with a larger
     * limit until the answer is shorter than asked (bounded by `maxItems`).
     * When a server does return a token (a Kubernetes-style list body with
     * `metadata.continue`), it is followed instead.
     */
    async listNetworks(project: string, opts: { pageSize?: number; maxItems?: number } = {}): Promise<NetworkListItem[]> {
        const pageSize = opts.pageSize ?? 500;
        const maxItems = opts.maxItems ?? 10_000;
        const path = `/v1/projects/${encodeURIComponent(project)}/networks`;
        const items: NetworkListItem[] = [];
        let limit = pageSize;
        let token: string | undefined;
        for (let page = 0; page < 64; page++) {
            const query: Record<string, string> = { limit: String(limit) };
            if (token) query.continue = token;
            const body = await this.requestJson("GET", path, undefined, query);
            if (Array.isArray(body)) {
                if (body.length < limit || limit >= maxItems) return body as NetworkListItem[];
                limit = Math.min(limit * 2, maxItems);
                continue;
            }
            const list = body as { items?: NetworkListItem[]; metadata?: { continue?: string } };
            items.push(...(list.items ?? []));
            token = list.metadata?.continue || undefined;
            if (!token || items.length >= maxItems) return items;
        }
        return items;
    }

    /** Reads one network; `undefined` when it does not exist (HTTP 404). */
    async getNetwork(project: string, name: string): Promise<NetworkObject | undefined> {
        try {
            return (await this.requestJson("GET", this.networkPath(project, name))) as NetworkObject;
        } catch (e) {
            if (isNotFound(e)) return undefined;
            throw e;
        }
    }

    /**
     * Creates or replaces a network. With `updateIfExists: false` an existing
     * network is left alone and the server answers 403 "Already Exists.",
     * surfaced as {@link OrchestratorApiError}.
     */
    async putNetwork(project: string, name: string, spec: NetworkSpec, opts: { updateIfExists?: boolean } = {}): Promise<PutNetworkResult> {
        const query = opts.updateIfExists === false ? { update_if_exists: "false" } : undefined;
        const body = (await this.requestJson("PUT", this.networkPath(project, name), JSON.stringify(spec), query)) as { message?: string };
        const message = typeof body?.message === "string" ? body.message : "";
        return { outcome: message === "Updated successfully" ? "updated" : "created", message };
    }

    /** Deletes a network. Returns false when it was already gone (HTTP 404). */
    async deleteNetwork(project: string, name: string): Promise<boolean> {
        try {
            await this.requestJson("DELETE", this.networkPath(project, name));
            return true;
        } catch (e) {
            if (isNotFound(e)) return false;
            throw e;
        }
    }

    /**
     * Whether the request behind `err` may have reached the server and acted:
     * an attempt was sent and its answer lost, or a 5xx came back. False for
     * failures before anything was sent (the token endpoint, a refused
     * connection, a TLS failure) and for definite refusals.
     */
    static mayHaveLanded(err: unknown): boolean {
        return (err as { mayHaveLanded?: unknown } | null)?.mayHaveLanded === true;
    }

    /** True when `err` is the gateway's answer to a create of a network that already exists. */
    static isAlreadyExists(err: unknown): err is OrchestratorApiError {
        return err instanceof OrchestratorApiError && err.status === 403 && err.serverMessage === "Already Exists.";
    }

    // ---- deployments (App Deployment Manager) -----------------------------

    /** Creates a deployment; returns its `deploymentId`. */
    async createDeployment(project: string, spec: DeploymentSpec): Promise<string> {
        const body = (await this.requestJson("POST", this.deploymentsPath(project), JSON.stringify(spec))) as { deploymentId?: unknown };
        if (typeof body?.deploymentId !== "string" || body.deploymentId === "") {
            throw new OrchestratorApiError({
                status: 200,
                method: "POST",
                path: this.deploymentsPath(project),
                serverMessage: "the answer carries no deploymentId",
            });
        }
        return body.deploymentId;
    }

    /** Reads a deployment; `undefined` when it does not exist (404). It never carries networkName or serviceExports. */
    async getDeployment(project: string, id: string): Promise<Deployment | undefined> {
        try {
            const body = (await this.requestJson("GET", this.deploymentPath(project, id))) as { deployment?: Deployment };
            return body?.deployment;
        } catch (e) {
            if (isNotFound(e)) return undefined;
            throw e;
        }
    }

    /** Lists the project's deployments, page by page (`pageSize` ≤ 500, `offset`). */
    async listDeployments(project: string, opts: { pageSize?: number; maxItems?: number } = {}): Promise<Deployment[]> {
        const pageSize = Math.min(opts.pageSize ?? 100, 500);
        const maxItems = opts.maxItems ?? 10_000;
        const out: Deployment[] = [];
        for (let page = 0; page < Math.ceil(maxItems / pageSize) + 1; page++) {
            const body = (await this.requestJson("GET", this.deploymentsPath(project), undefined, {
                pageSize: String(pageSize),
                offset: String(out.length),
            })) as {
                deployments?: Deployment[];
                totalElements?: number;
            };
            const items = body?.deployments ?? [];
            out.push(...items);
            if (items.length === 0 || out.length >= (body?.totalElements ?? 0) || out.length >= maxItems) break;
        }
        return out;
    }

    /** Replaces a deployment's specification. */
    async updateDeployment(project: string, id: string, spec: DeploymentSpec): Promise<Deployment | undefined> {
        const body = (await this.requestJson("PUT", this.deploymentPath(project, id), JSON.stringify(spec))) as { deployment?: Deployment };
        return body?.deployment;
    }

    /** Deletes a deployment; false when it was already gone (404). */
    async deleteDeployment(project: string, id: string, deleteType: DeleteType = "PARENT_ONLY"): Promise<boolean> {
        try {
            await this.requestJson("DELETE", this.deploymentPath(project, id), undefined, { deleteType });
            return true;
        } catch (e) {
            if (isNotFound(e)) return false;
            throw e;
        }
    }

    private deploymentsPath(project: string): string {
        return `/v1/projects/${encodeURIComponent(project)}/appdeployment/deployments`;
    }

    private deploymentPath(project: string, id: string): string {
        return `${this.deploymentsPath(project)}/${encodeURIComponent(id)}`;
    }

    private networkPath(project: string, name: string): string {
        return `/v1/projects/${encodeURIComponent(project)}/networks/${encodeURIComponent(name)}`;
    }

    // ---- plumbing -------------------------------------------------------

    /**
     * One authenticated API call returning parsed JSON (or undefined for an
     * empty body). A 401 triggers one re-authentication and one retry.
     */
    private async requestJson(method: string, path: string, body?: string, query?: Record<string, string>): Promise<unknown> {
        const url = joinUrl(this.apiUrl, path, query);
        let ambiguous = false;
        for (let authAttempt = 0; authAttempt < 2; authAttempt++) {
            let token: string;
            try {
                token = await this.tokens.accessToken();
            } catch (e) {
                // The token endpoint failed, so this request was not sent (again): it may have
                // landed only if an earlier attempt of it was ambiguous (issue 13.1).
                throw markLanding(e, ambiguous, "token");
            }
            const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "application/json" };
            if (body !== undefined) headers["content-type"] = "application/json";
            let sent: { response: HttpResponse; maybeDelivered: boolean };
            try {
                sent = await this.exchange(method, url, headers, body);
            } catch (e) {
                const delivered = (e as { maybeDelivered?: unknown })?.maybeDelivered === true;
                throw markLanding(e, ambiguous || delivered, "request");
            }
            const { response, maybeDelivered } = sent;
            ambiguous = ambiguous || maybeDelivered;
            if (authAttempt === 0 && isTokenRejection(response) && this.tokens.reauthenticate()) continue;
            if (response.status >= 200 && response.status < 300) {
                return response.body.trim() === "" ? undefined : JSON.parse(response.body);
            }
            throw markLanding(this.apiError(method, url, response, ambiguous), ambiguous, "request");
        }
        throw new Error("unreachable: the auth loop returns or throws");
    }

    private apiError(method: string, url: URL, response: HttpResponse, ambiguous: boolean): OrchestratorApiError {
        let serverMessage = "";
        try {
            const parsed = JSON.parse(response.body) as { message?: unknown };
            serverMessage = typeof parsed?.message === "string" ? parsed.message : response.body.slice(0, 200);
        } catch {
            serverMessage = response.body.slice(0, 200);
        }
        serverMessage = scrubSecrets(serverMessage, this.tokens.knownSecrets());
        if (isTokenRejection(response)) {
            serverMessage += ` (credentials from ${this.tokens.source} were rejected; a token needs the project's member and app-deployment-manager roles)`;
        }
        return new OrchestratorApiError({ status: response.status, method, path: url.pathname, serverMessage, afterAmbiguousAttempt: ambiguous });
    }

    /**
     * Sends with retries on connection errors, 429 and 5xx, with exponential
     * backoff and jitter, bounded in attempts and total time. Reports whether
     * any failed attempt may have reached the server.
     */
    private async exchange(
        method: string,
        url: URL,
        headers: Record<string, string>,
        body?: string,
    ): Promise<{ response: HttpResponse; maybeDelivered: boolean }> {
        const started = this.now();
        let maybeDelivered = false;
        let lastError: Error | undefined;
        let attempts = 0;
        for (let attempt = 1; attempt <= this.policy.maxAttempts; attempt++) {
            attempts = attempt;
            let retryAfterMs: number | undefined;
            try {
                const response = await sendHttp({ method, url, headers, body, timeoutMs: this.timeoutMs, caCert: this.caCert });
                this.onExchange?.({ method, path: url.pathname, status: response.status });
                if (!isRetryableStatus(response.status)) return { response, maybeDelivered };
                // A 5xx may come after the server acted; a 429 means it did not.
                if (response.status !== 429) maybeDelivered = true;
                lastError = this.apiError(method, url, response, maybeDelivered);
                retryAfterMs = parseRetryAfterMs(response.headers["retry-after"]);
            } catch (e) {
                const failure = e as TransportFailure;
                if (typeof failure?.code !== "string") throw e;
                this.onExchange?.({ method, path: url.pathname, status: failure.code });
                lastError = new OrchestratorConnectionError({
                    method,
                    path: url.pathname,
                    code: failure.code,
                    detail: failure.detail,
                    retryable: failure.retryable,
                });
                if (!failure.retryable) throw lastError;
                maybeDelivered = maybeDelivered || failure.maybeDelivered;
            }
            const delay = backoffDelayMs(this.policy, attempt, this.random(), retryAfterMs);
            const elapsed = this.now() - started;
            if (attempt === this.policy.maxAttempts || elapsed + delay > this.policy.totalBudgetMs) break;
            await this.sleep(delay);
        }
        const error = lastError ?? new Error("no attempt was made");
        throw new RetryBudgetExhaustedError({
            method,
            path: url.pathname,
            attempts,
            elapsedMs: this.now() - started,
            lastError: error,
            maybeDelivered,
        });
    }
}
