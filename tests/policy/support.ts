/**
 * Runs policies the way @pulumi/policy 1.21.0's analyzer server does, without
 * constructing a PolicyPack (which starts a gRPC server and exits the process
 * on a second pack): validation args built as in server.js, props behind the
 * SDK's unknown-checking proxy, `notApplicable` throwing a sentinel.
 */
import type {
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import type { RecordedResource } from "../support/mocks";
import { unwrapSecrets } from "../support/mocks";

/** The SDK's internal proxy module (its .d.ts exports nothing); the server wraps every resource's props with it. */
export const policyProxy = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy<T>(v: T): T;
    unknownStringValue: string;
    unknownArrayValue: string;
    unknownObjectValue: string;
};

/** Thrown by the test `notApplicable`, as the server's `throwNotApplicable` does. */
export class NotApplicable extends Error {
    constructor(readonly reason: string | undefined) {
        super(`not applicable: ${reason}`);
    }
}

/** A resource as the tests describe it. */
export interface TestResource {
    type: string;
    props: Record<string, any>;
    /** Pulumi resource name (default: `res`). */
    name?: string;
    /** URN of the resource's provider, which tells clusters apart (default: none, i.e. the default provider). */
    provider?: string;
}

const OPTIONS: PolicyResourceOptions = Object.freeze({
    protect: false,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
});

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:test::policy-test::${type}::${name}`;
}

function providerOf(urn: string | undefined): PolicyProviderResource | undefined {
    if (!urn) return undefined;
    return { type: "pulumi:providers:kubernetes", props: {}, urn, name: urn.slice(urn.lastIndexOf("::") + 2) };
}

const pulumiTypeOf = (cls: unknown): string | undefined => (cls as { __pulumiType?: string }).__pulumiType;

/** ResourceValidationArgs as the server builds them; `proxy: false` hands the props over as they are. */
export function createResourceValidationArgs(r: TestResource, opts: { config?: object; proxy?: boolean } = {}): ResourceValidationArgs {
    const name = r.name ?? "res";
    const props = opts.proxy === false ? r.props : policyProxy.unknownCheckingProxy(r.props);
    const args: ResourceValidationArgs = {
        type: r.type,
        props,
        urn: urnOf(r.type, name),
        name,
        opts: OPTIONS,
        stackTags: new Map<string, string>(),
        isType: (cls) => pulumiTypeOf(cls) === r.type,
        asType: ((cls: unknown) => (pulumiTypeOf(cls) === r.type ? props : undefined)) as ResourceValidationArgs["asType"],
        getConfig: <T extends object>() => (opts.config ?? {}) as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
    const provider = providerOf(r.provider);
    if (provider) args.provider = provider;
    return args;
}

function policyResource(r: TestResource): PolicyResource {
    const name = r.name ?? "res";
    const props = policyProxy.unknownCheckingProxy(r.props);
    const out: PolicyResource = {
        type: r.type,
        props,
        urn: urnOf(r.type, name),
        name,
        opts: OPTIONS,
        dependencies: [],
        propertyDependencies: {},
        isType: (cls) => pulumiTypeOf(cls) === r.type,
        asType: ((cls: unknown) => (pulumiTypeOf(cls) === r.type ? props : undefined)) as PolicyResource["asType"],
    };
    const provider = providerOf(r.provider);
    if (provider) out.provider = provider;
    return out;
}

export function createStackValidationArgs(resources: TestResource[], opts: { config?: object } = {}): StackValidationArgs {
    return {
        resources: resources.map(policyResource),
        stackTags: new Map<string, string>(),
        getConfig: <T extends object>() => (opts.config ?? {}) as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
}

/** What a policy said: its violations (message and URN), or why it did not apply. */
export interface Outcome {
    violations: { message: string; urn?: string }[];
    notApplicable?: string;
}

/** Runs each validation of a resource policy as the server does (a NotApplicable from one does not stop the next). */
export async function runResourcePolicy(policy: ResourceValidationPolicy, args: ResourceValidationArgs): Promise<Outcome> {
    const out: Outcome = { violations: [] };
    const report: ReportViolation = (message, urn) => out.violations.push(urn === undefined ? { message } : { message, urn });
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : policy.validateResource ? [policy.validateResource] : [];
    for (const validate of validations) {
        try {
            await validate(args, report);
        } catch (e) {
            if (!(e instanceof NotApplicable)) throw e;
            out.notApplicable = e.reason;
        }
    }
    return out;
}

export async function runStackPolicy(policy: StackValidationPolicy, args: StackValidationArgs): Promise<Outcome> {
    const out: Outcome = { violations: [] };
    try {
        await policy.validateStack(args, (message, urn) => out.violations.push(urn === undefined ? { message } : { message, urn }));
    } catch (e) {
        if (!(e instanceof NotApplicable)) throw e;
        out.notApplicable = e.reason;
    }
    return out;
}

/** The violation messages of a resource policy for one resource. */
export async function resourceViolations(policy: ResourceValidationPolicy, r: TestResource, config?: object): Promise<string[]> {
    const outcome = await runResourcePolicy(policy, createResourceValidationArgs(r, { config }));
    if (outcome.notApplicable !== undefined) throw new Error(`${policy.name} did not apply to ${r.type}: ${outcome.notApplicable}`);
    return outcome.violations.map((v) => v.message);
}

/** The reason a resource policy gave for not applying (fails when it applied). */
export async function notApplicableReason(policy: ResourceValidationPolicy, r: TestResource): Promise<string> {
    const outcome = await runResourcePolicy(policy, createResourceValidationArgs(r));
    if (outcome.notApplicable === undefined) throw new Error(`${policy.name} applied to ${r.type}`);
    if (outcome.violations.length) throw new Error(`${policy.name} reported on ${r.type}: ${outcome.violations[0].message}`);
    return outcome.notApplicable;
}

/** Policies are objects with a resource part, a stack part, or both (no-public-router-loadbalancer). */
type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy | (ResourceValidationPolicy & StackValidationPolicy);

/** A violation of a whole pack over a set of resources. */
export interface PackViolation {
    policy: string;
    message: string;
    urn: string;
}

/**
 * Runs every policy over `resources` as a preview with the pack would:
 * resource validations per resource, stack validations once. Returns the
 * violations and, per policy, on how many resources its resource part
 * applied (and whether its stack part applied).
 */
export async function evaluatePack(
    policies: AnyPolicy[],
    resources: TestResource[],
): Promise<{ violations: PackViolation[]; applied: Record<string, { resources: number; stack?: boolean }> }> {
    const violations: PackViolation[] = [];
    const applied: Record<string, { resources: number; stack?: boolean }> = {};
    for (const policy of policies) {
        applied[policy.name] = { resources: 0 };
        if ("validateResource" in policy && policy.validateResource) {
            for (const r of resources) {
                const args = createResourceValidationArgs(r);
                const outcome = await runResourcePolicy(policy, args);
                if (outcome.notApplicable === undefined) applied[policy.name].resources++;
                violations.push(...outcome.violations.map((v) => ({ policy: policy.name, message: v.message, urn: args.urn })));
            }
        }
        if ("validateStack" in policy) {
            const outcome = await runStackPolicy(policy, createStackValidationArgs(resources));
            applied[policy.name].stack = outcome.notApplicable === undefined;
            violations.push(...outcome.violations.map((v) => ({ policy: policy.name, message: v.message, urn: v.urn ?? "(stack)" })));
        }
    }
    return { violations, applied };
}

/** A resource recorded by the mocks as the engine would hand it to the analyzer: plain inputs, the provider's URN. */
export function fromRecorded(r: RecordedResource): TestResource {
    const provider = r.provider ? r.provider.slice(0, r.provider.lastIndexOf("::")) : undefined;
    return { type: r.type, name: r.name, props: unwrapSecrets(r.inputs), ...(provider ? { provider } : {}) };
}

/** The engine's wrapper of a secret value, as it appears in serialized props. */
export function secret<T>(value: T): Record<string, unknown> {
    return { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value };
}
