// A small Kubernetes client for the harness and the e2e tests: plain https to
// the loopback kube-apiserver with the admin client certificate. Resource paths
// come from API discovery, so CRDs (metallb.io, …) work once established.

import * as https from "https";
import * as YAML from "yaml";

export interface KubeObject {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string; [k: string]: any };
    [k: string]: any;
}

export class KubeError extends Error {
    constructor(
        message: string,
        readonly status: number,
        readonly body: any,
    ) {
        super(message);
    }
}

interface ResourceInfo {
    plural: string;
    namespaced: boolean;
}

export class KubeClient {
    private readonly agent: https.Agent;
    private readonly discovery = new Map<string, Map<string, ResourceInfo>>();

    constructor(
        readonly server: string,
        creds: { ca: string; cert: string; key: string },
        /** Bound on one request (default 30 s). */
        readonly requestTimeoutMs = 30_000,
    ) {
        this.agent = new https.Agent({ ca: creds.ca, cert: creds.cert, key: creds.key, keepAlive: false });
    }

    /** One request; JSON in and out. Rejects with KubeError on a status ≥ 400. */
    request(method: string, path: string, body?: unknown, contentType = "application/json"): Promise<any> {
        const url = new URL(path, this.server);
        const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
        return new Promise((resolve, reject) => {
            const req = https.request(
                url,
                {
                    method,
                    agent: this.agent,
                    headers: {
                        Accept: "application/json",
                        ...(payload !== undefined ? { "Content-Type": contentType, "Content-Length": Buffer.byteLength(payload) } : {}),
                    },
                    timeout: this.requestTimeoutMs,
                },
                (res) => {
                    let text = "";
                    res.setEncoding("utf8");
                    res.on("data", (d) => (text += d));
                    res.on("end", () => {
                        let parsed: any = text;
                        try {
                            parsed = text ? JSON.parse(text) : undefined;
                        } catch {
                            /* not JSON (e.g. /readyz) */
                        }
                        const status = res.statusCode ?? 0;
                        if (status >= 400) {
                            const msg = typeof parsed === "object" && parsed?.message ? parsed.message : text.slice(0, 500);
                            reject(new KubeError(`${method} ${path}: ${status} ${msg}`, status, parsed));
                        } else resolve(parsed);
                    });
                },
            );
            req.on("timeout", () => req.destroy(new Error(`${method} ${path}: no answer within ${this.requestTimeoutMs} ms`)));
            req.on("error", reject);
            if (payload !== undefined) req.write(payload);
            req.end();
        });
    }

    private async resources(apiVersion: string, refresh = false): Promise<Map<string, ResourceInfo>> {
        let m = this.discovery.get(apiVersion);
        if (m && !refresh) return m;
        const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
        const list = await this.request("GET", base);
        m = new Map();
        for (const r of list.resources ?? []) {
            if (String(r.name).includes("/")) continue;
            m.set(r.kind, { plural: r.name, namespaced: !!r.namespaced });
        }
        this.discovery.set(apiVersion, m);
        return m;
    }

    /** The REST path of a kind (collection when name is omitted). */
    async path(apiVersion: string, kind: string, namespace?: string, name?: string): Promise<string> {
        let info = (await this.resources(apiVersion)).get(kind);
        if (!info) info = (await this.resources(apiVersion, true)).get(kind);
        if (!info) throw new Error(`${kind} is not served under ${apiVersion}`);
        const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
        const ns = info.namespaced ? `/namespaces/${encodeURIComponent(namespace ?? "default")}` : "";
        return `${base}${ns}/${info.plural}${name ? `/${encodeURIComponent(name)}` : ""}`;
    }

    /** The object, or undefined when it does not exist. */
    async get(apiVersion: string, kind: string, name: string, namespace?: string): Promise<KubeObject | undefined> {
        try {
            return await this.request("GET", await this.path(apiVersion, kind, namespace, name));
        } catch (e) {
            if (e instanceof KubeError && e.status === 404) return undefined;
            throw e;
        }
    }

    async list(apiVersion: string, kind: string, namespace?: string, query = ""): Promise<KubeObject[]> {
        const p = await this.path(apiVersion, kind, namespace);
        const r = await this.request("GET", query ? `${p}?${query}` : p);
        return r.items ?? [];
    }

    async create(obj: KubeObject): Promise<KubeObject> {
        return this.request("POST", await this.path(obj.apiVersion, obj.kind, obj.metadata.namespace), obj);
    }

    /** Server-side apply (field manager "edge-interconnect-e2e", forced). */
    async apply(obj: KubeObject): Promise<KubeObject> {
        const p = await this.path(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name);
        return this.request("PATCH", `${p}?fieldManager=edge-interconnect-e2e&force=true`, obj, "application/apply-patch+yaml");
    }

    async delete(apiVersion: string, kind: string, name: string, namespace?: string): Promise<void> {
        try {
            await this.request("DELETE", await this.path(apiVersion, kind, namespace, name));
        } catch (e) {
            if (!(e instanceof KubeError && e.status === 404)) throw e;
        }
    }

    /** Applies every document of a (multi-document) YAML text; returns the objects applied. */
    async applyYaml(text: string): Promise<KubeObject[]> {
        const out: KubeObject[] = [];
        for (const doc of YAML.parseAllDocuments(text)) {
            const obj = doc.toJS() as KubeObject | null;
            if (!obj || !obj.kind) continue;
            out.push(await this.apply(obj));
        }
        return out;
    }
}

/** Parses a YAML stream into objects (skips empty documents). */
export function parseYamlObjects(text: string): KubeObject[] {
    return YAML.parseAllDocuments(text)
        .map((d) => d.toJS() as KubeObject | null)
        .filter((o): o is KubeObject => !!o && !!o.kind);
}
