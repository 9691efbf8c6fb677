/**
 * The operations behind one custom resource: check, diff, create, read,
 * update and delete on plain values (secrets unwrapped, no `__provider`).
 * The provider plugin (provider/plugin/resources.ts) dispatches to them by
 * type token and handles secrets; they keep the shape the dynamic providers
 * had, so the same objects also serve the migration tests' legacy fixture.
 */

/** A field `check` refuses, and why. */
export interface OperationCheckFailure {
    property: string;
    reason: string;
}

/** What `diff` decides. */
export interface OperationDiff {
    changes?: boolean;
    replaces?: string[];
    deleteBeforeReplace?: boolean;
}

/** One resource type's lifecycle. */
export interface ResourceOperations {
    check?(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ inputs?: Record<string, unknown>; failures?: OperationCheckFailure[] }>;
    diff?(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<OperationDiff>;
    create(inputs: Record<string, unknown>): Promise<{ id: string; outs?: object }>;
    read?(id: string, props: Record<string, unknown>): Promise<{ id?: string; props?: object }>;
    update?(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ outs?: object }>;
    delete?(id: string, props: Record<string, unknown>): Promise<void>;
}
