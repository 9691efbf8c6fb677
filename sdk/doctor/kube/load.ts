/**
 * Loads @kubernetes/client-node, an optional peer dependency: only `doctor`
 * talks to clusters, so the library and `plan` never need it. When it is
 * missing, doctor stops with one line naming exactly what to install.
 */
import { UsageError } from "../../cli/usage";

/** The client this doctor is written and tested against (package.json peerDependencies). */
export const KUBE_CLIENT_PACKAGE = "@kubernetes/client-node";
export const KUBE_CLIENT_VERSION = "1.3.0";

type KubeLibrary = typeof import("@kubernetes/client-node");
let loaded: KubeLibrary | undefined;

/** True for "this package is not installed" (not for an error inside it). */
function isMissing(e: unknown, name: string): boolean {
    const err = e as NodeJS.ErrnoException;
    return (err?.code === "MODULE_NOT_FOUND" || err?.code === "ERR_MODULE_NOT_FOUND") && String(err.message).includes(name);
}

/**
 * Loads the client once; a {@link UsageError} (exit code 2) when it is not
 * installed. The package is ESM-only; Node >= 20.19 loads ES modules through
 * require (https://nodejs.org/api/modules.html#loading-ecmascript-modules-using-require),
 * which is what this dynamic import compiles to under CommonJS.
 */
export async function loadKubeLibrary(): Promise<KubeLibrary> {
    if (loaded) return loaded;
    try {
        loaded = (await import("@kubernetes/client-node")) as KubeLibrary;
    } catch (e) {
        if (isMissing(e, KUBE_CLIENT_PACKAGE))
            throw new UsageError(`doctor needs ${KUBE_CLIENT_PACKAGE}, an optional peer dependency: npm install ${KUBE_CLIENT_PACKAGE}@${KUBE_CLIENT_VERSION}`);
        throw e;
    }
    return loaded;
}

/** The loaded client; {@link loadKubeLibrary} must have run (doctor does, before any check). */
export function kubeLibrary(): KubeLibrary {
    if (!loaded) throw new Error(`${KUBE_CLIENT_PACKAGE} is not loaded yet: await loadKubeLibrary() first`);
    return loaded;
}
