/**
 * Pulumi mocks that record every resource and refuse unknown invokes: a
 * lazy mock that answers every invoke lets a helm.v3.Chart render nothing,
 * and tests would then pass vacuously.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ResourceOperations } from "../../provider/operations";

export interface RecordedResource {
    type: string;
    name: string;
    inputs: Record<string, any>;
    provider?: string;
    custom: boolean;
}

/** Secret marker Pulumi uses when secret inputs reach the mocks. */
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";

export function isSecretValue(v: unknown): boolean {
    return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SECRET_SIG] === "1b47061264138c4ac30d75fd1eb44270";
}

/** Removes secret wrappers recursively, for assertions on plain values. */
export function unwrapSecrets(v: any): any {
    if (isSecretValue(v)) return unwrapSecrets(v.value);
    if (Array.isArray(v)) return v.map(unwrapSecrets);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapSecrets(x)]));
    return v;
}

export class RecordingMocks implements pulumi.runtime.Mocks {
    readonly resources: RecordedResource[] = [];
    /**
     * @param invokes answers for known invokes, by token; anything else throws.
     * @param operations the package's resource operations to run for their resource type
     *   (as the engine would: check, then create), so outputs such as generated
     *   certificates are real.
     */
    constructor(
        private readonly invokes: Record<string, (inputs: any) => Record<string, any>> = {},
        private readonly operations: Record<string, ResourceOperations> = {},
        private readonly preview = false,
    ) {}

    async newResource(args: pulumi.runtime.MockResourceArgs): Promise<{ id: string | undefined; state: Record<string, any> }> {
        this.resources.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider, custom: args.custom ?? true });
        const operations = this.operations[args.type];
        if (operations && !this.preview) {
            const plain = unwrapSecrets(args.inputs);
            const checked = operations.check ? await operations.check({}, plain) : { inputs: plain, failures: [] };
            if (checked.failures?.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
            const created = await operations.create(checked.inputs ?? plain);
            return { id: created.id, state: { ...checked.inputs, ...created.outs } };
        }
        const state = { ...args.inputs };
        if (state.metadata && typeof state.metadata === "object" && !state.metadata.name) {
            state.metadata = { ...state.metadata, name: args.name };
        }
        return { id: `${args.name}-id`, state };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        const answer = this.invokes[args.token];
        if (!answer) throw new Error(`Mock not implemented: ${args.token}`);
        return answer(args.inputs);
    }

    reset(): void {
        this.resources.length = 0;
    }

    ofType(type: string): RecordedResource[] {
        return this.resources.filter((r) => r.type === type);
    }
}

/**
 * Mocks that also answer a StackReference read with another stack's outputs,
 * as the engine does (`outputs` and `secretOutputNames`). `outputs` is read
 * when the reference is made, so a test may fill it in after construction.
 */
export class StackReferenceMocks extends RecordingMocks {
    constructor(
        private readonly outputs: () => Record<string, unknown>,
        private readonly secretOutputNames: readonly string[],
        invokes: Record<string, (inputs: any) => Record<string, any>> = {},
        operations: Record<string, ResourceOperations> = {},
    ) {
        super(invokes, operations);
    }

    override async newResource(args: pulumi.runtime.MockResourceArgs) {
        if (args.type === "pulumi:pulumi:StackReference")
            return { id: args.name, state: { name: args.name, outputs: this.outputs(), secretOutputNames: [...this.secretOutputNames] } };
        return super.newResource(args);
    }
}

/** Resolves an Output's value and whether it is secret and known. */
export function inspect<T>(o: pulumi.Output<T>): Promise<{ value: T | undefined; isSecret: boolean; isKnown: boolean }> {
    const anyO = o as any;
    return Promise.all([anyO.promise(true), anyO.isSecret, anyO.isKnown]).then(([value, isSecret, isKnown]) => ({ value, isSecret, isKnown }));
}

/** Lets pending registrations reach the mocks. */
export async function settle(): Promise<void> {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

/**
 * An output that stays unknown under preview mocks: a resource whose mock
 * state omits the property, as the engine does for values known only after
 * an update.
 */
export function unknownOutput(name: string): pulumi.Output<string> {
    class Unknown extends pulumi.CustomResource {
        declare readonly value: pulumi.Output<string>;
    }
    return new Unknown("test:index:Unknown", `unknown-${name}`, { value: undefined }).value;
}

/** Polls until `predicate` holds, for registrations that reach the mocks asynchronously (bounded). */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 10));
    }
}
