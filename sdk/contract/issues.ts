/**
 * Problems with a published contract (join information, network
 * information), each naming its field. Pure: no Pulumi import.
 */
import type { z } from "zod";

/** One problem with a contract: the field path and what is allowed. */
export interface ContractIssue {
    path: string;
    message: string;
}

/** The problems of a failed parse, all at once, each under `prefix` (`hub.routerIp`), in words rather than zod's text for unknown keys. */
export function contractIssues(error: z.ZodError, prefix: string): ContractIssue[] {
    return error.issues.map((i) => ({
        path: [prefix, ...i.path.map(String)].filter((p) => p !== "").join("."),
        message: i.code === "unrecognized_keys" ? `has unknown key(s): ${(i as { keys: string[] }).keys.join(", ")}` : i.message,
    }));
}

/** The schema of a PEM field: text when `checked`, else anything present (a Pulumi Input that resolves later, checked by the certificate's provider). */
export function pemField(zod: typeof z, checked: boolean): z.ZodType {
    return checked
        ? zod.string({ error: "must be PEM text" })
        : zod.any().refine((v) => v !== undefined && v !== null, "is required: PEM text, or an Output of it");
}
