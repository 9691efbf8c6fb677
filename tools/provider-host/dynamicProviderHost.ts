/**
 * Drives a dynamic provider the way the Pulumi engine does: serialize it,
 * start Pulumi's own dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`)
 * in a child process, and call it over gRPC with the protos shipped in
 * @pulumi/pulumi. Used by the tests and by the `demo` command, so that both
 * exercise serialization and the host's real behaviour without a Pulumi CLI.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

/** The preload that hands init-failure details to the client (plain JavaScript, loaded by the host process). */
const INIT_FAILURE_SHIM = path.join(__dirname, "initFailureShim.js");

/** Loads a module from @pulumi/pulumi's own dependency tree, so proto classes match. */
function fromPulumi<T>(request: string): T {
    const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    return require(require.resolve(request, { paths: [pulumiDir] })) as T;
}

type Struct = { toJavaScript(): Record<string, unknown> };
type StructCtor = { fromJavaScript(v: Record<string, unknown>): Struct };

/** Diff as the engine sees it. */
export interface HostDiff {
    changes: "SOME" | "NONE" | "UNKNOWN";
    replaces: string[];
    deleteBeforeReplace: boolean;
}

/** A gRPC failure from the host, with the provider's message. */
export class HostCallError extends Error {
    constructor(
        readonly method: string,
        readonly details: string,
        /** For create/update: the id of a resource that was created but failed to initialise. */
        readonly initFailedId?: string,
        /** The properties the engine would record for it, exactly as sent (`__provider` included). */
        readonly initFailedProperties?: Record<string, unknown>,
        /** The reasons sent with the init failure. */
        readonly initFailedReasons?: string[],
    ) {
        super(`${method}: ${details}`);
        this.name = "HostCallError";
    }
}

/** Serializes a provider exactly as `new pulumi.dynamic.Resource` does. */
export async function serializeProvider(provider: pulumi.dynamic.ResourceProvider): Promise<string> {
    const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: false });
    return sf.text;
}

/** A running dynamic-provider host process and a gRPC client connected to it. */
export class DynamicProviderHost {
    private constructor(
        private readonly child: ChildProcess,
        private readonly client: any,
        private readonly providerText: string,
        private readonly log: { stderr: string },
        private readonly detailsFile: string,
    ) {}

    /** Everything the host wrote to stderr (provider errors land here). */
    get stderr(): string {
        return this.log.stderr;
    }

    /**
     * Starts a host for `provider`. `env` replaces the child's environment
     * (credentials for the provider are read from it at operation time).
     */
    static async start(
        provider: pulumi.dynamic.ResourceProvider,
        opts: { env?: NodeJS.ProcessEnv; cwd?: string; startTimeoutMs?: number } = {},
    ): Promise<DynamicProviderHost> {
        const providerText = await serializeProvider(provider);
        const hostScript = require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js");
        // The host never dials the engine address unless asked to, so a dead port is fine.
        // Init-failure details reach the client through a file: see initFailureShim.js.
        const detailsDir = fs.mkdtempSync(path.join(os.tmpdir(), "dynamic-host-"));
        const detailsFile = path.join(detailsDir, "details");
        const child = spawn(process.execPath, ["-r", INIT_FAILURE_SHIM, hostScript, "127.0.0.1:1"], {
            cwd: opts.cwd ?? process.cwd(),
            env: { ...(opts.env ?? process.env), EDGE_IC_DETAILS_FILE: detailsFile },
            stdio: ["ignore", "pipe", "pipe"],
        });
        const log = { stderr: "" };
        child.stderr!.on("data", (c: Buffer) => (log.stderr += c.toString("utf8")));
        const port = await new Promise<number>((resolve, reject) => {
            let out = "";
            const timer = setTimeout(
                () => reject(new Error(`dynamic-provider host did not start in time; stderr: ${log.stderr}`)),
                opts.startTimeoutMs ?? 20_000,
            );
            child.stdout!.on("data", (c: Buffer) => {
                out += c.toString("utf8");
                const line = out.split("\n")[0];
                if (out.includes("\n") && /^\d+$/.test(line.trim())) {
                    clearTimeout(timer);
                    resolve(Number(line.trim()));
                }
            });
            child.on("exit", (code) => {
                clearTimeout(timer);
                reject(new Error(`dynamic-provider host exited with ${code}; stderr: ${log.stderr}`));
            });
        });
        const grpc = fromPulumi<typeof import("@grpc/grpc-js")>("@grpc/grpc-js");
        const services = require("@pulumi/pulumi/proto/provider_grpc_pb.js");
        const client = new services.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        child.once("exit", () => fs.rmSync(detailsDir, { recursive: true, force: true }));
        return new DynamicProviderHost(child, client, providerText, log, detailsFile);
    }

    private struct(v: Record<string, unknown>): Struct {
        const { Struct } = fromPulumi<{ Struct: StructCtor }>("google-protobuf/google/protobuf/struct_pb.js");
        return Struct.fromJavaScript(v);
    }

    private withProvider(props: Record<string, unknown>): Record<string, unknown> {
        return { ...props, __provider: this.providerText };
    }

    private call<T>(method: string, request: unknown): Promise<T> {
        return new Promise<T>((resolve, reject) => {
            this.client[method](request, { deadline: Date.now() + 120_000 }, (err: any, resp: T) => {
                if (!err) return resolve(resp);
                let initFailedId: string | undefined;
                let initFailedProperties: Record<string, unknown> | undefined;
                let initFailedReasons: string[] | undefined;
                const seq = err.metadata?.get?.("x-edge-ic-details-seq")?.[0];
                const bin = seq === undefined ? err.metadata?.get?.("grpc-status-details-bin")?.[0] : this.details(String(seq));
                if (bin) {
                    const status = require("@pulumi/pulumi/proto/status_pb.js").Status.deserializeBinary(bin);
                    const prov = require("@pulumi/pulumi/proto/provider_pb.js");
                    for (const any of status.getDetailsList()) {
                        const detail = prov.ErrorResourceInitFailed.deserializeBinary(any.getValue());
                        initFailedId = detail.getId();
                        initFailedProperties = detail.getProperties()?.toJavaScript() ?? {};
                        initFailedReasons = detail.getReasonsList();
                    }
                }
                reject(new HostCallError(method, String(err.details ?? err.message), initFailedId, initFailedProperties, initFailedReasons));
            });
        });
    }

    /** The details trailer number `seq`, as the shim saved it. */
    private details(seq: string): Uint8Array | undefined {
        const line = fs
            .readFileSync(this.detailsFile, "utf8")
            .split("\n")
            .find((l) => l.startsWith(`${seq} `));
        return line === undefined ? undefined : new Uint8Array(Buffer.from(line.slice(seq.length + 1), "base64"));
    }

    /** The serialized provider this host runs, as `__provider` carries it. */
    get provider(): string {
        return this.providerText;
    }

    /** Sends ConfigureRequest with the given config map (`<project>:<key>` keys). */
    async configure(config: Record<string, unknown> = {}): Promise<void> {
        const prov = require("@pulumi/pulumi/proto/provider_pb.js");
        const req = new prov.ConfigureRequest();
        req.setArgs(this.struct(config));
        await this.call("configure", req);
    }

    async check(
        olds: Record<string, unknown>,
        news: Record<string, unknown>,
    ): Promise<{ inputs: Record<string, unknown>; failures: { property: string; reason: string }[] }> {
        const prov = require("@pulumi/pulumi/proto/provider_pb.js");
        const req = new prov.CheckRequest();
        req.setOlds(this.struct(this.withProvider(olds)));
        req.setNews(this.struct(this.withProvider(news)));
        const resp = await this.call<any>("check", req);
        const { __provider: _p, ...inputs } = resp.getInputs().toJavaScript();
        const failures = resp.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() }));
        return { inputs, failures };
    }

    async diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<HostDiff> {
        const prov = require("@pulumi/pulumi/proto/provider_pb.js");
        const req = new prov.DiffRequest();
        req.setId(id);
        req.setOlds(this.struct(this.withProvider(olds)));
        req.setNews(this.struct(this.withProvider(news)));
        const resp = await this.call<any>("diff", req);
        const kinds = prov.DiffResponse.DiffChanges;
        const changes = resp.getChanges() === kinds.DIFF_SOME ? "SOME" : resp.getChanges() === kinds.DIFF_NONE ? "NONE" : "UNKNOWN";
        return { changes, replaces: resp.getReplacesList(), deleteBeforeReplace: resp.getDeletebeforereplace() };
    }

    async create(props: Record<string, unknown>): Promise<{ id: string; properties: Record<string, unknown> }> {
        const prov = require("@pulumi/pulumi/proto/provider_pb.js");
        const req = new prov.CreateRequest();
        req.setProperties(this.struct(this.withProvider(props)));
        const resp = await this.call<any>("create", req);
        const { __provider: _p, ...properties } = resp.getProperties().toJavaScript();
        return { id: resp.getId(), properties };
    }

    async read(id: string, props: Record<string, unknown>): Promise<{ id: string; properties: Record<string, unknown> }> {
        const prov = require("@pulumi/pulumi/proto/provider_pb.js");
        const req = new prov.ReadRequest();
        req.setId(id);
        req.setProperties(this.struct(this.withProvider(props)));
        const resp = await this.call<any>("read", req);
        const { __provider: _p, ...properties } = resp.getProperties()?.toJavaScript() ?? {};
        return { id: resp.getId(), properties };
    }

    async update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ properties: Record<string, unknown> }> {
        const prov = require("@pulumi/pulumi/proto/provider_pb.js");
        const req = new prov.UpdateRequest();
        req.setId(id);
        req.setOlds(this.struct(this.withProvider(olds)));
        req.setNews(this.struct(this.withProvider(news)));
        const resp = await this.call<any>("update", req);
        const { __provider: _p, ...properties } = resp.getProperties().toJavaScript();
        return { properties };
    }

    async delete(id: string, props: Record<string, unknown>): Promise<void> {
        const prov = require("@pulumi/pulumi/proto/provider_pb.js");
        const req = new prov.DeleteRequest();
        req.setId(id);
        req.setProperties(this.struct(this.withProvider(props)));
        await this.call("delete", req);
    }

    /** Stops the host process and closes the channel. */
    async close(): Promise<void> {
        this.client.close();
        if (this.child.exitCode !== null) return;
        await new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
                this.child.kill("SIGKILL");
                resolve();
            }, 5_000);
            this.child.once("exit", () => {
                clearTimeout(timer);
                resolve();
            });
            this.child.kill("SIGTERM");
        });
    }
}
