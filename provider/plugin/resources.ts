/**
 * The custom resources of the provider plugin (issue 16 §1): check, diff,
 * create, read, update and delete for `edge-interconnect:index:<Name>`,
 * dispatched by the type in the URN to the operations the dynamic providers
 * had ({@link ResourceOperations}), which keep all their behaviour (retries,
 * lost answers, init failures that record the id, credentials from the
 * environment at each call).
 *
 * What differs from Pulumi's dynamic-provider host, and is adapted here:
 * - `@pulumi/pulumi/provider`'s server answers Configure with acceptSecrets
 *   (provider/server.js line 122), so the engine sends secret inputs wrapped
 *   and keeps only the secret marks the provider returns (sdk/v3
 *   go/common/resource/plugin/provider_plugin.go: `annotateSecrets` runs only
 *   `if !protocol.acceptSecrets`, lines 1233, 1471, 1614, 1771). The
 *   operations get plain values; every output whose input was secret, and the
 *   type's always-secret outputs, go back wrapped.
 * - Records written by the dynamic providers carry `__provider` (their
 *   serialized code) in inputs and outputs. It is dropped before any
 *   operation sees it and from everything returned, but it does not count as
 *   a change: forcing an update would make `preview` show every dependent of
 *   a CA as replaced (an updated resource's outputs are unknown in preview,
 *   since this host does not implement preview updates, and a certificate's
 *   CA input that is unknown replaces it). The first `up` after the migration
 *   keeps such a record as it is ("same", so its inputs lose `__provider`);
 *   the next refresh or update rewrites its outputs without it.
 * - An init failure is an error carrying `id`, `properties` and `reasons`,
 *   which provider/server.js `grpcResponseFromError` (lines 621-640) sends as
 *   `ErrorResourceInitFailed`, as the dynamic host did.
 */
import type * as provider from "@pulumi/pulumi/provider";
// The wire form of a secret, as the SDK itself writes and reads it.
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { deploymentProvider } from "../deployment/provider";
import { DEPLOYMENT_SECRET_OUTPUTS } from "../deployment/resource";
import { networkProvider } from "../network/provider";
import { NETWORK_SECRET_OUTPUTS } from "../network/resource";
import type { ResourceOperations } from "../operations";
import { CERTIFICATE_AUTHORITY_SECRET_OUTPUTS, certificateAuthorityProvider } from "../pki/authority";
import { INTERMEDIATE_AUTHORITY_SECRET_OUTPUTS, intermediateAuthorityProvider } from "../pki/intermediateAuthority";
import { SIGNED_CERTIFICATE_SECRET_OUTPUTS, signedCertificateProvider } from "../pki/signedCertificate";
import { CUSTOM_RESOURCE_NAMES, CustomResourceName, resourceType } from "../resourceTypes";

/** The key under which the dynamic providers kept their serialized code. */
export const LEGACY_PROVIDER_KEY = "__provider";

/** One custom resource: its operations and the outputs that are always secrets. */
interface ServedResource {
    operations: ResourceOperations;
    secretOutputs: readonly string[];
}

const SERVED: Record<CustomResourceName, ServedResource> = {
    Network: { operations: networkProvider, secretOutputs: NETWORK_SECRET_OUTPUTS },
    Deployment: { operations: deploymentProvider, secretOutputs: DEPLOYMENT_SECRET_OUTPUTS },
    CertificateAuthority: { operations: certificateAuthorityProvider, secretOutputs: CERTIFICATE_AUTHORITY_SECRET_OUTPUTS },
    SignedCertificate: { operations: signedCertificateProvider, secretOutputs: SIGNED_CERTIFICATE_SECRET_OUTPUTS },
    IntermediateAuthority: { operations: intermediateAuthorityProvider, secretOutputs: INTERMEDIATE_AUTHORITY_SECRET_OUTPUTS },
};

/** The resource a URN names: its type is the last `$`-separated part of the URN's third `::` field. */
function servedFor(urn: string): ServedResource {
    const type = urn.split("::")[2]?.split("$").pop() ?? "";
    const name = CUSTOM_RESOURCE_NAMES.find((n) => resourceType(n) === type);
    if (name === undefined) {
        // No stack: provider/server.js prints `${e}: ${e.stack}` to the engine's log.
        throw Object.assign(new Error(`unknown resource type "${type}"; this provider serves ${CUSTOM_RESOURCE_NAMES.map(resourceType).join(", ")}`), {
            name: "edge-interconnect",
            stack: "",
        });
    }
    return SERVED[name];
}

function isSecret(v: unknown): v is { value: unknown } {
    return typeof v === "object" && v !== null && (v as Record<string, unknown>)[specialSigKey] === specialSecretSig;
}

/** `v` without secret wrappers, and whether it held any. */
function unwrap(v: unknown): { value: unknown; secret: boolean } {
    if (isSecret(v)) return { value: unwrap(v.value).value, secret: true };
    if (Array.isArray(v)) {
        const items = v.map(unwrap);
        return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
    }
    if (typeof v === "object" && v !== null) {
        let secret = false;
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) {
            const u = unwrap(x);
            out[k] = u.value;
            secret ||= u.secret;
        }
        return { value: out, secret };
    }
    return { value: v, secret: false };
}

/** Plain properties for the operations (no secrets, no `__provider`), and the keys that held a secret. */
export function plainProperties(props: Record<string, unknown> | undefined): { plain: Record<string, unknown>; secretKeys: Set<string> } {
    const plain: Record<string, unknown> = {};
    const secretKeys = new Set<string>();
    for (const [k, v] of Object.entries(props ?? {})) {
        if (k === LEGACY_PROVIDER_KEY) continue;
        const u = unwrap(v);
        plain[k] = u.value;
        if (u.secret) secretKeys.add(k);
    }
    return { plain, secretKeys };
}

/** `props` with the given keys, and the type's always-secret ones, wrapped as secrets; `__provider` dropped. */
export function markSecrets(props: object | undefined, secretKeys: Iterable<string>, served: ServedResource): Record<string, unknown> {
    const secret = new Set([...secretKeys, ...served.secretOutputs]);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(props ?? {})) {
        if (k === LEGACY_PROVIDER_KEY || v === undefined) continue;
        out[k] = secret.has(k) && !isSecret(v) ? { [specialSigKey]: specialSecretSig, value: v } : v;
    }
    return out;
}

/** An init failure's recorded properties get the same secret marks as a successful result. */
function withSecretInitFailure(e: unknown, secretKeys: Iterable<string>, served: ServedResource): unknown {
    const failure = e as { id?: unknown; properties?: Record<string, unknown> } | null;
    if (failure && typeof failure === "object" && failure.id) failure.properties = markSecrets(failure.properties, secretKeys, served);
    return e;
}

function union(a: Set<string>, b: Set<string>): Set<string> {
    return new Set([...a, ...b]);
}

/** The custom-resource half of the plugin's `Provider`. */
export const customResources: Pick<provider.Provider, "check" | "diff" | "create" | "read" | "update" | "delete"> = {
    async check(urn, olds, news) {
        const served = servedFor(urn);
        const o = plainProperties(olds);
        const n = plainProperties(news);
        const result = served.operations.check ? await served.operations.check(o.plain, n.plain) : { inputs: n.plain, failures: [] };
        return { inputs: markSecrets(result.inputs ?? n.plain, n.secretKeys, served), failures: result.failures ?? [] };
    },

    async diff(id, urn, olds, news) {
        const served = servedFor(urn);
        const result = served.operations.diff
            ? await served.operations.diff(id, plainProperties(olds).plain, plainProperties(news).plain)
            : { changes: undefined, replaces: [], deleteBeforeReplace: false };
        return {
            changes: result.changes,
            replaces: result.replaces ?? [],
            deleteBeforeReplace: result.deleteBeforeReplace ?? false,
        };
    },

    async create(urn, inputs) {
        const served = servedFor(urn);
        const i = plainProperties(inputs);
        try {
            const result = await served.operations.create(i.plain);
            return { id: result.id, outs: markSecrets(result.outs, i.secretKeys, served) };
        } catch (e) {
            throw withSecretInitFailure(e, i.secretKeys, served);
        }
    },

    async read(id, urn, props) {
        const served = servedFor(urn);
        const p = plainProperties(props);
        if (!served.operations.read) return { id, props: markSecrets(p.plain, p.secretKeys, served) };
        const result = await served.operations.read(id, p.plain);
        return { id: result.id ?? id, props: markSecrets(result.props, p.secretKeys, served) };
    },

    async update(id, urn, olds, news) {
        const served = servedFor(urn);
        const o = plainProperties(olds);
        const n = plainProperties(news);
        const secretKeys = union(o.secretKeys, n.secretKeys);
        try {
            const result = served.operations.update ? await served.operations.update(id, o.plain, n.plain) : { outs: n.plain };
            return { outs: markSecrets(result.outs, secretKeys, served) };
        } catch (e) {
            throw withSecretInitFailure(e, secretKeys, served);
        }
    },

    async delete(id, urn, props) {
        const served = servedFor(urn);
        if (served.operations.delete) await served.operations.delete(id, plainProperties(props).plain);
    },
};
