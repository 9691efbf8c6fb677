/**
 * Drives the package's provider plugin the way the Pulumi engine does: start
 * `bin/pulumi-resource-edge-interconnect` (which runs the compiled
 * dist/provider/plugin/main.js) as a child process, read the port it prints,
 * and call it over gRPC with the stubs shipped in @pulumi/pulumi
 * (proto/provider_grpc_pb.js). Used by the provider tests, the `demo`
 * command and the benchmarks, so that they exercise the real plugin without
 * a Pulumi CLI. dist/ must be built first (`npx tsc -p tsconfig.json`).
 */
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
// The wire form of a secret, as the SDK itself writes and reads it.
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { CustomResourceName, resourceType } from "../../provider/resourceTypes";

/** The plugin executable the engine runs. */
export const PLUGIN_BIN = path.resolve(__dirname, "..", "..", "bin", "pulumi-resource-edge-interconnect");
const PLUGIN_MAIN = path.resolve(__dirname, "..", "..", "dist", "provider", "plugin", "main.js");

/**
 * The engine address the plugin is given. `@pulumi/pulumi/provider`'s server
 * dials the engine only for construct and call (provider/server.js
 * `configureRuntime`, lines 526-543); check/diff/create/read/update/delete
 * never do, so a closed loopback port is enough here.
 */
const UNUSED_ENGINE_ADDRESS = "127.0.0.1:1";

/** `value` as the engine sends a secret input to a provider that accepts secrets. */
export function secretInput(value: unknown): Record<string, unknown> {
    return { [specialSigKey]: specialSecretSig, value };
}

function isSecret(v: unknown): v is { value: unknown } {
    return typeof v === "object" && v !== null && (v as Record<string, unknown>)[specialSigKey] === specialSecretSig;
}

/** Top-level values unwrapped, and the keys that were secrets. */
function unwrapTop(props: Record<string, unknown>): { plain: Record<string, unknown>; secretKeys: string[] } {
    const plain: Record<string, unknown> = {};
    const secretKeys: string[] = [];
    for (const [k, v] of Object.entries(props)) {
        if (isSecret(v)) {
            plain[k] = v.value;
            secretKeys.push(k);
        } else plain[k] = v;
    }
    return { plain, secretKeys: secretKeys.sort() };
}

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

/** A gRPC failure from the plugin, with the provider's message. */
export class HostCallError extends Error {
    constructor(
        readonly method: string,
        readonly details: string,
        /** For create/update: the id of a resource that was created but failed to initialise. */
        readonly initFailedId?: string,
        /** The properties the engine would record for it, secrets unwrapped. */
        readonly initFailedProperties?: Record<string, unknown>,
        /** The reasons sent with the init failure. */
        readonly initFailedReasons?: string[],
        /** Which of initFailedProperties came marked as secrets. */
        readonly initFailedSecretKeys?: string[],
    ) {
        super(`${method}: ${details}`);
        this.name = "HostCallError";
    }
}

/**
 * A running provider plugin and a gRPC client connected to it, speaking for
 * one resource type (the type in the URNs it sends).
 */
export class ProviderPluginHost {
    /** Secret keys of every properties object this host returned. */
    private readonly secrets = new WeakMap<object, string[]>();

    private constructor(
        private readonly child: ChildProcess,
        private readonly client: any,
        private readonly log: { stderr: string },
        /** The URN sent with every call. */
        readonly urn: string,
    ) {}

    /** Everything the plugin wrote to stderr (provider errors land here). */
    get stderr(): string {
        return this.log.stderr;
    }

    /**
     * Starts the plugin for resources of type `name`. `env` replaces the
     * child's environment (credentials are read from it at operation time).
     */
    static async start(
        name: CustomResourceName,
        opts: { env?: NodeJS.ProcessEnv; cwd?: string; startTimeoutMs?: number; /** Another type for the URNs (to test refusals). */ type?: string } = {},
    ): Promise<ProviderPluginHost> {
        if (!fs.existsSync(PLUGIN_MAIN)) throw new Error(`${PLUGIN_MAIN} is missing: build the package first (npx tsc -p tsconfig.json)`);
        const env = { ...(opts.env ?? process.env) };
        // The bin script runs `node`; without PATH in a replaced environment, use this Node.
        env.PATH = [path.dirname(process.execPath), env.PATH].filter(Boolean).join(path.delimiter);
        const child = spawn(PLUGIN_BIN, [UNUSED_ENGINE_ADDRESS], { cwd: opts.cwd ?? process.cwd(), env, stdio: ["ignore", "pipe", "pipe"] });
        const log = { stderr: "" };
        child.stderr!.on("data", (c: Buffer) => (log.stderr += c.toString("utf8")));
        const port = await new Promise<number>((resolve, reject) => {
            let out = "";
            const timer = setTimeout(() => {
                child.kill("SIGKILL");
                reject(new Error(`provider plugin did not start in time; stderr: ${log.stderr}`));
            }, opts.startTimeoutMs ?? 30_000);
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
                reject(new Error(`provider plugin exited with ${code}; stderr: ${log.stderr}`));
            });
        });
        const grpc = fromPulumi<typeof import("@grpc/grpc-js")>("@grpc/grpc-js");
        const services = require("@pulumi/pulumi/proto/provider_grpc_pb.js");
        const client = new services.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        const urn = `urn:pulumi:test::edge-interconnect::${opts.type ?? resourceType(name)}::plugin-host`;
        return new ProviderPluginHost(child, client, log, urn);
    }

    /** The keys of `properties` (a result of this host) that the plugin marked as secrets, sorted. */
    secretKeys(properties: Record<string, unknown>): string[] {
        const keys = this.secrets.get(properties);
        if (keys === undefined) throw new Error("secretKeys: these properties did not come from this host");
        return keys;
    }

    private struct(v: Record<string, unknown>): Struct {
        const { Struct } = fromPulumi<{ Struct: StructCtor }>("google-protobuf/google/protobuf/struct_pb.js");
        return Struct.fromJavaScript(v);
    }

    /** Unwraps secrets of a returned struct, remembering which keys were secret. */
    private received(struct: Struct | undefined): Record<string, unknown> {
        const { plain, secretKeys } = unwrapTop(struct?.toJavaScript() ?? {});
        this.secrets.set(plain, secretKeys);
        return plain;
    }

    private call<T>(method: string, request: unknown): Promise<T> {
        return new Promise<T>((resolve, reject) => {
            this.client[method](request, { deadline: Date.now() + 120_000 }, (err: any, resp: T) => {
                if (!err) return resolve(resp);
                let initFailedId: string | undefined;
                let initFailedProperties: Record<string, unknown> | undefined;
                let initFailedReasons: string[] | undefined;
                let initFailedSecretKeys: string[] | undefined;
                const bin = err.metadata?.get?.("grpc-status-details-bin")?.[0];
                if (bin) {
                    const status = require("@pulumi/pulumi/proto/status_pb.js").Status.deserializeBinary(bin);
                    const prov = require("@pulumi/pulumi/proto/provider_pb.js");
                    for (const any of status.getDetailsList()) {
                        const detail = prov.ErrorResourceInitFailed.deserializeBinary(any.getValue());
                        initFailedId = detail.getId();
                        const unwrapped = unwrapTop(detail.getProperties()?.toJavaScript() ?? {});
                        initFailedProperties = unwrapped.plain;
                        initFailedSecretKeys = unwrapped.secretKeys;
                        initFailedReasons = detail.getReasonsList();
                    }
                }
                reject(
                    new HostCallError(method, String(err.details ?? err.message), initFailedId, initFailedProperties, initFailedReasons, initFailedSecretKeys),
                );
            });
        });
    }

    /** Sends ConfigureRequest with the given config map (`<project>:<key>` keys). */
    async configure(config: Record<string, unknown> = {}): Promise<void> {
        const prov = require("@pulumi/pulumi/proto/provider_pb.js");
        const req = new prov.ConfigureRequest();
        req.setArgs(this.struct(config));
        req.setAcceptsecrets(true);
        req.setAcceptresources(true);
        await this.call("configure", req);
    }

    async check(
        olds: Record<string, unknown>,
        news: Record<string, unknown>,
    ): Promise<{ inputs: Record<string, unknown>; failures: { property: string; reason: string }[] }> {
        const prov = require("@pulumi/pulumi/proto/provider_pb.js");
        const req = new prov.CheckRequest();
        req.setUrn(this.urn);
        req.setOlds(this.struct(olds));
        req.setNews(this.struct(news));
        const resp = await this.call<any>("check", req);
        const inputs = this.received(resp.getInputs());
        const failures = resp.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() }));
        return { inputs, failures };
    }

    async diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<HostDiff> {
        const prov = require("@pulumi/pulumi/proto/provider_pb.js");
        const req = new prov.DiffRequest();
        req.setId(id);
        req.setUrn(this.urn);
        req.setOlds(this.struct(olds));
        req.setNews(this.struct(news));
        const resp = await this.call<any>("diff", req);
        const kinds = prov.DiffResponse.DiffChanges;
        const changes = resp.getChanges() === kinds.DIFF_SOME ? "SOME" : resp.getChanges() === kinds.DIFF_NONE ? "NONE" : "UNKNOWN";
        return { changes, replaces: resp.getReplacesList(), deleteBeforeReplace: resp.getDeletebeforereplace() };
    }

    async create(props: Record<string, unknown>): Promise<{ id: string; properties: Record<string, unknown> }> {
        const prov = require("@pulumi/pulumi/proto/provider_pb.js");
        const req = new prov.CreateRequest();
        req.setUrn(this.urn);
        req.setProperties(this.struct(props));
        const resp = await this.call<any>("create", req);
        return { id: resp.getId(), properties: this.received(resp.getProperties()) };
    }

    async read(id: string, props: Record<string, unknown>): Promise<{ id: string; properties: Record<string, unknown> }> {
        const prov = require("@pulumi/pulumi/proto/provider_pb.js");
        const req = new prov.ReadRequest();
        req.setId(id);
        req.setUrn(this.urn);
        req.setProperties(this.struct(props));
        const resp = await this.call<any>("read", req);
        return { id: resp.getId(), properties: this.received(resp.getProperties()) };
    }

    async update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ properties: Record<string, unknown> }> {
        const prov = require("@pulumi/pulumi/proto/provider_pb.js");
        const req = new prov.UpdateRequest();
        req.setId(id);
        req.setUrn(this.urn);
        req.setOlds(this.struct(olds));
        req.setNews(this.struct(news));
        const resp = await this.call<any>("update", req);
        return { properties: this.received(resp.getProperties()) };
    }

    async delete(id: string, props: Record<string, unknown>): Promise<void> {
        const prov = require("@pulumi/pulumi/proto/provider_pb.js");
        const req = new prov.DeleteRequest();
        req.setId(id);
        req.setUrn(this.urn);
        req.setProperties(this.struct(props));
        await this.call("delete", req);
    }

    /** Stops the plugin process and closes the channel. */
    async close(): Promise<void> {
        this.client.close();
        if (this.child.exitCode !== null || this.child.signalCode !== null) return;
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
