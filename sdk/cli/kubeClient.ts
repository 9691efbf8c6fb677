/**
 * Loads doctor's Kubernetes client, @edge-interconnect/kube-client: a
 * workspace package of the repository (tools/kube-client), built on
 * @kubernetes/client-node, and never a dependency of the library (issue 14
 * §3). Only `doctor` talks to clusters, so only doctor loads it, when its
 * checks start; the library and `plan` never do. When it cannot be loaded,
 * doctor stops with one line saying what is missing and how to get it.
 */
import type { KubeClientModule } from "../doctor/clusterClient";
import { UsageError } from "./usage";

/** The workspace package doctor loads. */
export const KUBE_CLIENT_PACKAGE = "@edge-interconnect/kube-client";
/** Its one dependency, which it loads in turn. */
export const KUBE_LIBRARY_PACKAGE = "@kubernetes/client-node";

let loaded: KubeClientModule | undefined;

/** The first line of a "module not found" error, or undefined for any other error (a fault inside the package). */
function notFound(e: unknown): string | undefined {
    const err = e as NodeJS.ErrnoException;
    if (err?.code !== "MODULE_NOT_FOUND" && err?.code !== "ERR_MODULE_NOT_FOUND") return undefined;
    return String(err.message).split("\n")[0];
}

/**
 * Loads the client once; a {@link UsageError} (exit code 2) when it is
 * missing. The specifier is a variable so that TypeScript neither resolves
 * the package while building the library nor puts it in the library's
 * declarations: the module is typed by the contract, {@link KubeClientModule},
 * which tests/doctor/kubeClientContract.spec.ts checks the package against.
 * Under CommonJS the dynamic import compiles to `require`.
 */
export async function loadKubeClient(): Promise<KubeClientModule> {
    if (loaded) return loaded;
    const specifier: string = KUBE_CLIENT_PACKAGE;
    try {
        loaded = (await import(specifier)) as KubeClientModule;
    } catch (e) {
        const missing = notFound(e);
        // Linked, but tools/kube-client/dist is not there: "Cannot find module '…/@edge-interconnect/kube-client/dist/index.js'".
        if (missing?.includes(`${KUBE_CLIENT_PACKAGE}/`))
            throw new UsageError(`doctor needs ${KUBE_CLIENT_PACKAGE} built: run npm run build at the root of the repository`);
        if (missing?.includes(`'${KUBE_CLIENT_PACKAGE}'`))
            throw new UsageError(
                `doctor needs ${KUBE_CLIENT_PACKAGE} (tools/kube-client in the repository), which is not installed: run npm ci at the root of a clone of the repository`,
            );
        if (missing?.includes(`'${KUBE_LIBRARY_PACKAGE}'`))
            throw new UsageError(
                `doctor needs ${KUBE_LIBRARY_PACKAGE}, the dependency of ${KUBE_CLIENT_PACKAGE}, which is not installed: run npm ci at the root of the repository`,
            );
        throw e;
    }
    return loaded;
}
