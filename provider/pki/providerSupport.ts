/**
 * Helpers shared by the PKI resource operations. Like the operations, they
 * stay serializable by Pulumi's closure serializer (the migration test's
 * legacy fixture): functions and primitives only.
 */
import { PREVIEW_UNKNOWN } from "./certificates";

/** The key under which the host passes the serialized provider; never an input or output of ours. */
export const PROVIDER_KEY = "__provider";

/**
 * An error for the person running `pulumi up`: the host prints the stack next
 * to the message, and a JavaScript stack says nothing useful to them.
 */
export function pkiError(message: string): Error {
    const err = new Error(message);
    err.name = "edge-interconnect";
    err.stack = "";
    return err;
}

/** The message of anything thrown; duck-typed, since serialized errors are not `instanceof Error`. */
export function errorMessage(e: unknown): string {
    const message = (e as { message?: unknown } | null)?.message;
    return typeof message === "string" ? message : String(e);
}

/** True when `v` is, or contains, a value preview does not know yet. */
export function containsUnknown(v: unknown): boolean {
    if (v === PREVIEW_UNKNOWN) return true;
    if (Array.isArray(v)) return v.some(containsUnknown);
    if (v !== null && typeof v === "object") return Object.values(v).some(containsUnknown);
    return false;
}

/** A copy of `props` without undefined values and without the host's provider key. */
export function definedProps(props: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(props)) if (v !== undefined && k !== PROVIDER_KEY) out[k] = v;
    return out;
}

/** Absent and empty lists mean the same: no entries. */
function comparable(v: unknown): string {
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) return "";
    return JSON.stringify(v);
}

/**
 * Diff for resources that are only ever replaced: every listed input that
 * changed, or that preview does not know yet, must be replaced.
 */
export function replacingDiff(
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
    keys: readonly string[],
): { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean } {
    const replaces = keys.filter((k) => containsUnknown(news[k]) || comparable(olds[k]) !== comparable(news[k]));
    return { changes: replaces.length > 0, replaces, deleteBeforeReplace: false };
}

/**
 * read, update and delete of material that exists only in the Pulumi state:
 * the state is the truth, every input change replaces (so an update carries
 * the same inputs and keeps the material), and there is nothing to remove.
 */
export const stateOnlyLifecycle = {
    async read(id: string, props: Record<string, unknown>) {
        return { id, props: definedProps(props) };
    },
    async update(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
        return { outs: definedProps({ ...definedProps(olds), ...definedProps(news) }) };
    },
    async delete() {},
};
