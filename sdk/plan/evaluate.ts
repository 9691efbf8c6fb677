/**
 * Runs the real components offline: Pulumi's mock monitor records every
 * resource they register, no engine, cluster or CLI involved. Certificates
 * are not generated (that happens at deploy); their PEM stands as a
 * placeholder, and secret values never leave as plain text.
 */
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../stack/config";
import { buildInterconnect, stackOutputs } from "../stack/program";

/** Marker Pulumi uses for secret values in registered inputs. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
/** What stands for a secret value in plans and manifests. */
export const REDACTED = "(secret)";
/** What stands for a value only known after `pulumi up`. */
export const GENERATED = "(generated at deploy)";

/** One registered resource, with secrets redacted. */
export interface RegisteredResource {
    type: string;
    name: string;
    /** Cluster it lands on (its Kubernetes provider), if any. */
    cluster?: string;
    inputs: Record<string, unknown>;
}

export interface Evaluation {
    resources: RegisteredResource[];
    outputs: ReturnType<typeof stackOutputs>;
}

/** Replaces secret values (recursively) with {@link REDACTED}. */
export function redact(value: unknown): unknown {
    if (value && typeof value === "object") {
        if ((value as Record<string, unknown>)[SECRET_SIG] !== undefined) return REDACTED;
        if (Array.isArray(value)) return value.map(redact);
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v)]));
    }
    return value;
}

const PKI_TYPES = ["pulumi-nodejs:dynamic/edge-interconnect:CertificateAuthority", "pulumi-nodejs:dynamic/edge-interconnect:SignedCertificate"];

/**
 * Evaluates the stack's components offline. `onProgress` hears about each
 * registration, so a long evaluation (hundreds of spokes) shows it is moving.
 */
export async function evaluateOffline(stack: StackConfig, onProgress?: (registered: number) => void): Promise<Evaluation> {
    const resources: RegisteredResource[] = [];
    const mocks: pulumi.runtime.Mocks = {
        newResource(args) {
            const cluster = args.provider ? args.provider.split("::").slice(-2)[0].replace(/-k8s$/, "") : undefined;
            const { __provider: _p, ...inputs } = args.inputs as Record<string, unknown>;
            resources.push({ type: args.type, name: args.name, ...(cluster ? { cluster } : {}), inputs: redact(inputs) as Record<string, unknown> });
            onProgress?.(resources.length);
            const state: Record<string, unknown> = { ...args.inputs };
            if (PKI_TYPES.includes(args.type)) Object.assign(state, { certPem: GENERATED, keyPem: GENERATED, caCertPem: args.inputs.caCertPem ?? GENERATED });
            return { id: `${args.name}-id`, state };
        },
        call(args) {
            // Nothing the components use needs an invoke; an unexpected one must not pass silently.
            throw new Error(`offline evaluation cannot answer invoke ${args.token}`);
        },
    };
    await pulumi.runtime.setMocks(mocks, "edge-interconnect", "plan", false);
    const interconnect = buildInterconnect(stack, {}, { offline: true });
    const outputs = stackOutputs(interconnect);
    // Waits for every registration the components started.
    await (pulumi.runtime as unknown as { disconnect(): Promise<void> }).disconnect();
    return { resources, outputs };
}
