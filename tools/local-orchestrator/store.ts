// Server state and its crash-safe persistence.
//
// Mutations are serialised through one queue and applied to a copy; the copy becomes
// the live state only after it is durably on disk (temp file in the same directory,
// fsync, rename, fsync of the directory). So a reply is never sent for a write that
// a kill could lose, and readers never see a change that was not persisted.

import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { z } from "zod";

export const STATE_VERSION = 1;

export interface NetworkSpec {
    description?: string;
    type: string;
}

/** The status subresource; normally `{}` because nothing public writes it. */
export interface NetworkStatus {
    status?: { currentState?: string };
}

export interface StoredNetwork {
    spec: NetworkSpec;
    status: NetworkStatus;
    /** Kubernetes object name: SHA-1 of the parent chain plus the display name. */
    hashedName: string;
    labels: Record<string, string>;
}

/** Where a deployment goes (ADM `TargetClusters`). */
export interface TargetClustersSpec {
    appName?: string;
    labels?: Record<string, string>;
    clusterId?: string;
}

/** Helm values for one application of a package (ADM `OverrideValues`). */
export interface OverrideValuesSpec {
    appName: string;
    targetNamespace?: string;
    values?: Record<string, unknown>;
}

/** An application whose annotated Services join the network (ADM `ServiceExport`). */
export interface ServiceExportSpec {
    appName: string;
    enabled: boolean;
}

export const DEPLOYMENT_STATES = [
    "UNKNOWN",
    "RUNNING",
    "DOWN",
    "INTERNAL_ERROR",
    "DEPLOYING",
    "UPDATING",
    "TERMINATING",
    "ERROR",
    "NO_TARGET_CLUSTERS",
] as const;
export type DeploymentState = (typeof DEPLOYMENT_STATES)[number];

/** ADM `Deployment.Status`; the summary counts clusters, as upstream's does. */
export interface DeploymentStatus {
    state: DeploymentState;
    message: string;
    summary: { total: number; running: number; down: number; unknown: number; type: string };
}

/**
 * One App Deployment Manager deployment as the server keeps it: the normalized input
 * fields (networkName and serviceExports included, although GET never returns them)
 * and the output-only fields.
 */
export interface StoredDeployment {
    deployId: string;
    name: string;
    /** RFC 3339, whole seconds, UTC. */
    createTime: string;
    displayName: string;
    appName: string;
    appVersion: string;
    profileName: string;
    deploymentType: "auto-scaling" | "targeted";
    overrideValues: OverrideValuesSpec[];
    targetClusters: TargetClustersSpec[];
    allAppTargetClusters?: TargetClustersSpec;
    /** "" when the deployment joins no network. */
    networkName: string;
    serviceExports: ServiceExportSpec[];
    status: DeploymentStatus;
}

export interface StateDocument {
    version: typeof STATE_VERSION;
    /**
     * Private signing key (JWK) so tokens minted before a restart stay valid after it,
     * as they do across Keycloak restarts. Only present when a state file is used.
     */
    signingKey?: Record<string, unknown>;
    /** Keyed by `<projectName>/<networkName>`. */
    networks: Record<string, StoredNetwork>;
    /** Keyed by `<projectName>/<deployId>`. Absent in files written before deployments existed. */
    deployments?: Record<string, StoredDeployment>;
}

const targetClustersSchema = z.strictObject({
    appName: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    clusterId: z.string().optional(),
});

const deploymentSchema = z.strictObject({
    deployId: z.string().min(1),
    name: z.string().min(1),
    createTime: z.string(),
    displayName: z.string(),
    appName: z.string(),
    appVersion: z.string(),
    profileName: z.string(),
    deploymentType: z.enum(["auto-scaling", "targeted"]),
    overrideValues: z.array(
        z.strictObject({
            appName: z.string(),
            targetNamespace: z.string().optional(),
            values: z.record(z.string(), z.unknown()).optional(),
        }),
    ),
    targetClusters: z.array(targetClustersSchema),
    allAppTargetClusters: targetClustersSchema.optional(),
    networkName: z.string(),
    serviceExports: z.array(z.strictObject({ appName: z.string(), enabled: z.boolean() })),
    status: z.strictObject({
        state: z.enum(DEPLOYMENT_STATES),
        message: z.string(),
        summary: z.strictObject({
            total: z.number().int(),
            running: z.number().int(),
            down: z.number().int(),
            unknown: z.number().int(),
            type: z.string(),
        }),
    }),
});

const stateSchema = z.strictObject({
    version: z.literal(STATE_VERSION),
    signingKey: z.record(z.string(), z.unknown()).optional(),
    networks: z.record(
        z.string().regex(/^[^/]+\/[^/]+$/, "keys must be <projectName>/<networkName>"),
        z.strictObject({
            spec: z.strictObject({ description: z.string().optional(), type: z.string() }),
            status: z.strictObject({
                status: z.strictObject({ currentState: z.string().optional() }).optional(),
            }),
            hashedName: z.string().regex(/^[0-9a-f]{40}$/),
            labels: z.record(z.string(), z.string()),
        }),
    ),
    deployments: z.record(z.string().regex(/^[^/]+\/[^/]+$/, "keys must be <projectName>/<deployId>"), deploymentSchema).optional(),
});

export function networkKey(project: string, name: string): string {
    return `${project}/${name}`;
}

export function splitNetworkKey(key: string): { project: string; name: string } {
    const slash = key.indexOf("/");
    return { project: key.slice(0, slash), name: key.slice(slash + 1) };
}

export function deploymentKey(project: string, deployId: string): string {
    return `${project}/${deployId}`;
}

export function projectOfDeploymentKey(key: string): string {
    return key.slice(0, key.indexOf("/"));
}

function emptyState(): StateDocument {
    return { version: STATE_VERSION, networks: {} };
}

export interface MutationResult<T> {
    changed: boolean;
    result: T;
}

export class StateStore {
    private current: StateDocument;
    private tail: Promise<unknown> = Promise.resolve();

    private constructor(
        private readonly file: string | undefined,
        initial: StateDocument,
    ) {
        this.current = initial;
    }

    static inMemory(): StateStore {
        return new StateStore(undefined, emptyState());
    }

    /** Loads `file` (absent means empty state) and removes temp files a crash left behind. */
    static async open(file: string): Promise<StateStore> {
        const absolute = path.resolve(file);
        await removeStaleTempFiles(absolute);
        let text: string | undefined;
        try {
            text = await fs.readFile(absolute, "utf8");
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        }
        if (text === undefined) return new StateStore(absolute, emptyState());
        let json: unknown;
        try {
            json = JSON.parse(text);
        } catch (error) {
            // Refuse rather than start empty: overwriting would destroy whatever is there.
            throw new Error(`state file ${absolute} is not valid JSON (${(error as Error).message}); refusing to start`);
        }
        const parsed = stateSchema.safeParse(json);
        if (!parsed.success) {
            throw new Error(`state file ${absolute} is not a version ${STATE_VERSION} state document: ${z.prettifyError(parsed.error)}`);
        }
        return new StateStore(absolute, parsed.data as StateDocument);
    }

    get persistent(): boolean {
        return this.file !== undefined;
    }

    /** The live state. Treat as read-only: change it only through `mutate`. */
    get state(): Readonly<StateDocument> {
        return this.current;
    }

    /**
     * Runs `change` against a private copy of the latest state, after every earlier
     * mutation has settled. When it reports a change, the copy is persisted and only
     * then made live. A failed write leaves the live state untouched.
     */
    mutate<T>(change: (draft: StateDocument) => MutationResult<T>): Promise<T> {
        const run = this.tail.then(async () => {
            const draft = structuredClone(this.current);
            const outcome = change(draft);
            if (outcome.changed) {
                if (this.file !== undefined) await writeAtomically(this.file, `${JSON.stringify(draft, null, 2)}\n`);
                this.current = draft;
            }
            return outcome.result;
        });
        this.tail = run.catch(() => undefined);
        return run;
    }

    /** Resolves once every queued mutation has settled. */
    async drain(): Promise<void> {
        await this.tail;
    }
}

function tempPrefix(file: string): string {
    return `.${path.basename(file)}.`;
}

async function removeStaleTempFiles(file: string): Promise<void> {
    const dir = path.dirname(file);
    let names: string[];
    try {
        names = await fs.readdir(dir);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
        throw error;
    }
    const prefix = tempPrefix(file);
    for (const name of names) {
        if (name.startsWith(prefix) && name.endsWith(".tmp")) {
            await fs.rm(path.join(dir, name), { force: true });
        }
    }
}

async function writeAtomically(file: string, contents: string): Promise<void> {
    const dir = path.dirname(file);
    const temp = path.join(dir, `${tempPrefix(file)}${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
    // 0600: the document holds the private signing key.
    const handle = await fs.open(temp, "wx", 0o600);
    try {
        try {
            await handle.writeFile(contents, "utf8");
            await handle.sync();
        } finally {
            await handle.close();
        }
        await fs.rename(temp, file);
    } catch (error) {
        await fs.rm(temp, { force: true });
        throw error;
    }
    await syncDirectory(dir);
}

/** Makes the rename itself durable; some platforms cannot fsync a directory. */
async function syncDirectory(dir: string): Promise<void> {
    let handle: fs.FileHandle | undefined;
    try {
        handle = await fs.open(dir, "r");
        await handle.sync();
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "EISDIR" && code !== "EPERM" && code !== "EINVAL" && code !== "EBADF") throw error;
    } finally {
        await handle?.close();
    }
}
