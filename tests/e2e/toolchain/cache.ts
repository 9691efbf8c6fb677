/**
 * Where the e2e toolchain is cached, the environment Go builds run with, and
 * the digest that keys the cache of our own sources (pulumi-sdkgen, the Go
 * smoke programs, the Python requirements): an edit to them gives a new cache
 * folder, so a stale build is never reused.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export function cacheRoot(): string {
    const explicit = process.env.EDGE_INTERCONNECT_E2E_CACHE;
    if (explicit) return path.resolve(explicit);
    const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
    return path.join(xdg, "pulumi-edge-interconnect-e2e");
}

export function goEnv(): NodeJS.ProcessEnv {
    return {
        ...process.env,
        CGO_ENABLED: "0",
        // -buildvcs=false: the modules live inside this git checkout; no VCS stamp is wanted.
        GOFLAGS: "-mod=mod -buildvcs=false",
        GOTOOLCHAIN: process.env.GOTOOLCHAIN || "local",
    };
}

/** The files of a Go module that decide its build: go.mod, go.sum and every .go file, by relative path. */
export function goSourceFiles(dir: string): string[] {
    const out: string[] = [];
    const walk = (rel: string) => {
        for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
            const r = path.join(rel, e.name);
            if (e.isDirectory()) {
                if (!e.name.startsWith(".") && e.name !== "testdata") walk(r);
            } else if (e.isFile() && (e.name.endsWith(".go") || e.name === "go.mod" || e.name === "go.sum")) out.push(r);
        }
    };
    walk("");
    return out.sort();
}

/** First 12 hex digits of SHA-256 over (name, content) of the given files and extra strings. */
export function digest(baseDir: string, files: string[], extra: string[] = []): string {
    const h = createHash("sha256");
    for (const f of files) {
        h.update(`${f}\0`);
        h.update(fs.readFileSync(path.join(baseDir, f)));
        h.update("\0");
    }
    for (const x of extra) h.update(`${x}\0`);
    return h.digest("hex").slice(0, 12);
}
