/**
 * Inputs of the App Deployment Manager deployment provider, validated with
 * the upstream patterns and limits (resources.proto, buf.validate) so that a
 * bad value fails at `check`, naming the field, instead of at the server.
 */
import { UNKNOWN, connectionShape, credentialFailures } from "../orchestrator/connection";
import { failuresFromZod } from "../network/inputs";

/** Upstream patterns (App Deployment Manager resources.proto). */
export const ADM_PATTERNS = Object.freeze({
    displayName: "^([a-zA-Z0-9][\\w\\- \\.\\/_]{0,38}[a-zA-Z0-9]{0,1}|)$",
    appName: "^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]{0,1}$",
    appVersion: "^[a-z0-9][a-z0-9-.]{0,18}[a-z0-9]{0,1}$",
    profileName: "^[a-z0-9]*[a-z0-9-]{0,38}[a-z0-9]{0,1}$",
    networkName: "^[a-z0-9]*[a-z0-9-]{0,18}[a-z0-9]{0,1}$",
    clusterId: "^[a-zA-Z0-9][a-zA-Z0-9-_\\.]{0,98}[a-zA-Z0-9]?$",
    label: "^[a-z0-9]([-_.=,a-z0-9/]{0,38}[a-z0-9])?$",
    namespace: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
});

/** Deepest nesting of `overrideValues[].values` accepted, as the local orchestrator does (tools/local-orchestrator/deployment-schema.ts). */
export const MAX_VALUES_DEPTH = 100;

/** Nesting depth of a JSON value (the outer object is 1), without recursion; stops past `limit`. */
export function valuesDepth(root: unknown, limit: number): number {
    let deepest = 0;
    const stack: Array<[unknown, number]> = [[root, 1]];
    while (stack.length > 0) {
        const [value, depth] = stack.pop() as [unknown, number];
        if (typeof value !== "object" || value === null) continue;
        if (depth > deepest) deepest = depth;
        if (deepest > limit) return deepest;
        for (const child of Object.values(value as Record<string, unknown>)) stack.push([child, depth + 1]);
    }
    return deepest;
}

/** The deployment fields of the inputs (besides the connection). */
export const DEPLOYMENT_KEYS = [
    "appName",
    "appVersion",
    "profileName",
    "displayName",
    "deploymentType",
    "targetClusters",
    "overrideValues",
    "networkName",
    "serviceExports",
];

export function deploymentInputsSchema() {
    const { z } = require("zod") as typeof import("zod");
    const unknownOr = <T extends import("zod").ZodTypeAny>(schema: T) => z.union([z.literal(UNKNOWN), schema]);
    const text = (max: number, pattern: string, what: string) =>
        z.string({ error: "must be a string" }).max(max, `must be at most ${max} characters`).regex(new RegExp(pattern), `must be ${what}`);
    const appName = () => text(40, ADM_PATTERNS.appName, "a package or application name: lowercase letters, digits and '-'").min(1, "must not be empty");
    const labels = z.record(
        text(40, ADM_PATTERNS.label, "a label key: lowercase letters, digits and -_.=,/"),
        text(40, ADM_PATTERNS.label, "a label value: lowercase letters, digits and -_.=,/"),
    );
    return z
        .object({
            ...connectionShape(),
            appName: unknownOr(appName()),
            appVersion: unknownOr(text(20, ADM_PATTERNS.appVersion, "a version: lowercase letters, digits, '-' and '.'").min(1, "must not be empty")),
            profileName: unknownOr(text(40, ADM_PATTERNS.profileName, "a profile name: lowercase letters, digits and '-'")).optional(),
            displayName: unknownOr(
                text(40, ADM_PATTERNS.displayName, "a display name: letters, digits, spaces and -._/ , starting and ending with a letter or digit"),
            ).optional(),
            deploymentType: unknownOr(z.enum(["targeted", "auto-scaling"], { error: "must be targeted or auto-scaling" })).optional(),
            targetClusters: unknownOr(
                z
                    .array(
                        z
                            .object({
                                appName: appName().optional(),
                                clusterId: text(100, ADM_PATTERNS.clusterId, "a cluster id").optional(),
                                labels: labels.refine((l) => Object.keys(l).length <= 10, "must have at most 10 labels").optional(),
                            })
                            .strict()
                            .refine((t) => t.clusterId !== undefined || t.labels !== undefined, "needs a clusterId or labels"),
                    )
                    .max(50, "must have at most 50 entries"),
            ).optional(),
            overrideValues: unknownOr(
                z
                    .array(
                        z
                            .object({
                                appName: appName(),
                                targetNamespace: text(63, ADM_PATTERNS.namespace, "a namespace name").optional(),
                                values: z
                                    .record(z.string(), z.unknown())
                                    .refine(
                                        (v) => valuesDepth(v, MAX_VALUES_DEPTH) <= MAX_VALUES_DEPTH,
                                        `must not nest deeper than ${MAX_VALUES_DEPTH} levels (Helm values; the orchestrator refuses deeper ones)`,
                                    )
                                    .optional(),
                            })
                            .strict(),
                    )
                    .max(100, "must have at most 100 entries"),
            ).optional(),
            networkName: unknownOr(
                text(40, ADM_PATTERNS.networkName, "a network name: lowercase letters, digits and '-', '-' only in the last 19 characters"),
            ).optional(),
            serviceExports: unknownOr(
                z
                    .array(z.object({ appName: appName(), enabled: z.boolean({ error: "must be true or false" }) }).strict())
                    .max(10, "must have at most 10 entries"),
            ).optional(),
            deleteType: unknownOr(z.enum(["PARENT_ONLY", "ALL"], { error: "must be PARENT_ONLY or ALL" })).optional(),
        })
        .strict()
        .superRefine((v, ctx) => {
            // Product documentation, steps 4 and 5: never select the network for the extensions.
            if ((v.appName === "skupper" || v.appName === "loadbalancer") && typeof v.networkName === "string" && v.networkName !== "") {
                ctx.addIssue({
                    code: "custom",
                    path: ["networkName"],
                    message:
                        "must not be set for the skupper or loadbalancer extension: the product documentation says not to select the network when deploying them (steps 4 and 5); only applications join it",
                });
            }
            // The product documentation: exposing applications needs a network to expose them on.
            if (Array.isArray(v.serviceExports) && v.serviceExports.length > 0 && (v.networkName === undefined || v.networkName === "")) {
                ctx.addIssue({ code: "custom", path: ["serviceExports"], message: "needs networkName: applications are exposed on a network" });
            }
        });
}

/** Validates inputs; returns the normalised inputs (undefined dropped, defaults filled) and the failures. */
export function checkDeploymentInputs(news: Record<string, unknown>, env: Record<string, string | undefined>) {
    const { __provider: _ignored, ...rest } = news;
    const candidate: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(rest)) if (v !== undefined && v !== null) candidate[k] = v;
    if (candidate.deploymentType === undefined) candidate.deploymentType = "targeted";
    if (candidate.deleteType === undefined) candidate.deleteType = "PARENT_ONLY";
    const parsed = deploymentInputsSchema().safeParse(candidate);
    const failures = parsed.success ? [] : failuresFromZod(parsed.error);
    failures.push(...credentialFailures(candidate, env));
    return { inputs: candidate, failures };
}
