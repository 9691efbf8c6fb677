// What the server knows of the project catalog: the extension packages every project
// receives (cluster-extensions `deployment-package/*`), with each package's default
// deployment profile and the parameter templates its profiles mark `mandatory`.
// Packages not listed here are accepted as they are: the server has no catalog to
// look them up in.

import type { OverrideValuesSpec } from "./store";

export interface CatalogPackage {
    /** Used when a deployment names no profile, as ADM does with the package's default. */
    defaultProfile: string;
    /** Application name → dotted parameter-template names that `overrideValues` must set. */
    mandatoryParameters: Readonly<Record<string, readonly string[]>>;
}

export const EXTENSION_PACKAGES: Readonly<Record<string, CatalogPackage>> = {
    // CE `deployment-package/loadbalancer/application.yaml`: metallb-config's default
    // profile marks ipAddressRange mandatory.
    loadbalancer: { defaultProfile: "default-profile", mandatoryParameters: { "metallb-config": ["ipAddressRange"] } },
    // CE-IC `deployment-package/skupper/`: no parameter templates.
    skupper: { defaultProfile: "default-profile", mandatoryParameters: {} },
};

export function catalogPackage(appName: string): CatalogPackage | undefined {
    return Object.prototype.hasOwnProperty.call(EXTENSION_PACKAGES, appName) ? EXTENSION_PACKAGES[appName] : undefined;
}

/**
 * Whether `values` sets the dotted template name. Nested keys follow the dots; an
 * empty string or null counts as unset (upstream drops empty strings from overrides).
 */
function setsParameter(values: Record<string, unknown> | undefined, dotted: string): boolean {
    let current: unknown = values;
    for (const key of dotted.split(".")) {
        if (typeof current !== "object" || current === null || Array.isArray(current)) return false;
        if (!Object.prototype.hasOwnProperty.call(current, key)) return false;
        current = (current as Record<string, unknown>)[key];
    }
    return current !== null && current !== "";
}

/**
 * ADM `checkParameterTemplate`: the error message when a mandatory parameter of the
 * package is missing from `overrideValues`, or undefined when all are set. Upstream
 * names only the application; the parameters are appended so the caller sees which.
 */
export function missingMandatoryParameters(pkg: CatalogPackage, overrideValues: readonly OverrideValuesSpec[]): string | undefined {
    const missing: Array<{ app: string; parameters: string[] }> = [];
    for (const [app, parameters] of Object.entries(pkg.mandatoryParameters)) {
        const values = overrideValues.filter((o) => o.appName === app).map((o) => o.values);
        const absent = parameters.filter((p) => !values.some((v) => setsParameter(v, p)));
        if (absent.length > 0) missing.push({ app, parameters: absent });
    }
    if (missing.length === 0) return undefined;
    const [only] = missing;
    if (missing.length === 1 && only !== undefined) {
        return `application ${only.app} is missing mandatory override profile values: ${only.parameters.join(", ")}`;
    }
    const detail = missing.flatMap((m) => m.parameters.map((p) => `${m.app}.${p}`)).join(", ");
    return `applications ${missing.map((m) => m.app).join(", ")} are missing mandatory override profile values: ${detail}`;
}
