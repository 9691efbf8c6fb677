/** Registrations of two runs compared: each run makes its own keys, so PEM text compares by its shape. */
import { RecordedResource, unwrapSecrets } from "./mocks";

/** PEM text as the kinds of its blocks, so that registrations of two runs (with their own keys) compare. */
export function pemShape(v: unknown): unknown {
    if (typeof v === "string" && v.includes("-----BEGIN ")) return `PEM[${[...v.matchAll(/-----BEGIN ([A-Z ]+)-----/g)].map((m) => m[1]).join(",")}]`;
    if (Array.isArray(v)) return v.map(pemShape);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, pemShape(x)]));
    return v;
}

/** One member's registrations (the component and its children by name), by name: type, provider's name and inputs (secrets unwrapped, PEM as shapes). */
export function registrationsOf(resources: RecordedResource[], member: string): Record<string, unknown> {
    return Object.fromEntries(
        resources
            .filter((r) => r.name === member || r.name.startsWith(`${member}-`))
            .map((r) => [r.name, { type: r.type, provider: r.provider?.split("::").slice(-2)[0], inputs: pemShape(unwrapSecrets(r.inputs)) }]),
    );
}
