/**
 * Runs the openssl binary on PEM material written to a private temp dir, so
 * the PKI tests check real X.509 encodings rather than our own parser.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const OPENSSL = "/usr/bin/openssl";

export interface OpensslResult {
    status: number | null;
    stdout: string;
    stderr: string;
    /** stdout with trailing whitespace removed from every line, and the final newline dropped. */
    lines: string;
}

/** A temp dir for PEM files, removed by {@link OpensslWorkspace.cleanup}. */
export class OpensslWorkspace {
    readonly dir: string;
    private counter: number;

    constructor() {
        this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "pki-spec-"));
        this.counter = 0;
    }

    /** Writes `content` to a new file and returns its path. */
    file(content: string, hint = "pem"): string {
        this.counter += 1;
        const p = path.join(this.dir, `${this.counter}-${hint}`);
        fs.writeFileSync(p, content, { mode: 0o600 });
        return p;
    }

    read(p: string): string {
        return fs.readFileSync(p, "utf8");
    }

    /** Runs openssl with `args` (15 s limit). */
    run(...args: string[]): OpensslResult {
        const r = spawnSync(OPENSSL, args, { cwd: this.dir, encoding: "utf8", timeout: 15_000 });
        if (r.error) throw r.error;
        const lines = r.stdout
            .split("\n")
            .map((l) => l.trimEnd())
            .join("\n")
            .replace(/\n+$/, "");
        return { status: r.status, stdout: r.stdout, stderr: r.stderr, lines };
    }

    /** `openssl x509 -noout <args>` on a certificate PEM. */
    x509(certPem: string, ...args: string[]): string {
        const r = this.run("x509", "-in", this.file(certPem, "crt"), "-noout", ...args);
        if (r.status !== 0) throw new Error(`openssl x509 ${args.join(" ")} failed: ${r.stderr}`);
        return r.lines;
    }

    /** `openssl verify <args> -CAfile ca <leaf>`: exit status and combined output, the leaf's path shown as `leaf.crt`. */
    verify(caPem: string, leafPem: string, ...args: string[]): { status: number | null; output: string } {
        const leaf = this.file(leafPem, "leaf.crt");
        const r = this.run("verify", ...args, "-CAfile", this.file(caPem, "ca.crt"), leaf);
        // The leaf's path is random; report it as "leaf.crt".
        return { status: r.status, output: (r.stdout + r.stderr).split(leaf).join("leaf.crt").trim() };
    }

    /** The modulus of a certificate's public key, as openssl prints it. */
    certModulus(certPem: string): string {
        return this.x509(certPem, "-modulus");
    }

    /** The modulus of an RSA private key, as openssl prints it. */
    keyModulus(keyPem: string): string {
        const r = this.run("rsa", "-in", this.file(keyPem, "key"), "-noout", "-modulus");
        if (r.status !== 0) throw new Error(`openssl rsa -modulus failed: ${r.stderr}`);
        return r.lines;
    }

    /** `openssl rsa -check -noout` output (stdout + stderr). */
    keyCheck(keyPem: string): { status: number | null; output: string } {
        const r = this.run("rsa", "-in", this.file(keyPem, "key"), "-check", "-noout");
        return { status: r.status, output: (r.stdout + r.stderr).trim() };
    }

    /** The first line of `openssl rsa -text`, e.g. `Private-Key: (2048 bit, 2 primes)`. */
    keySize(keyPem: string): string {
        const r = this.run("rsa", "-in", this.file(keyPem, "key"), "-noout", "-text");
        if (r.status !== 0) throw new Error(`openssl rsa -text failed: ${r.stderr}`);
        return r.lines.split("\n")[0];
    }

    /** `openssl ec -check -noout` output (stdout + stderr). */
    ecKeyCheck(keyPem: string): { status: number | null; output: string } {
        const r = this.run("ec", "-in", this.file(keyPem, "key"), "-check", "-noout");
        return { status: r.status, output: (r.stdout + r.stderr).trim() };
    }

    /** What `openssl ec -text` says of an EC key's size and curve. */
    ecKeyCurve(keyPem: string): { bits: string; oid: string; nist: string } {
        const r = this.run("ec", "-in", this.file(keyPem, "key"), "-noout", "-text");
        if (r.status !== 0) throw new Error(`openssl ec -text failed: ${r.stderr}`);
        const lines = r.lines.split("\n");
        const find = (prefix: string) => lines.find((l) => l.startsWith(prefix)) ?? `(no ${prefix} line)`;
        return { bits: lines[0], oid: find("ASN1 OID:"), nist: find("NIST CURVE:") };
    }

    /** The SPKI PEM of an EC private key's public half, as openssl derives it. */
    ecPublicKey(keyPem: string): string {
        const r = this.run("ec", "-in", this.file(keyPem, "key"), "-pubout");
        if (r.status !== 0) throw new Error(`openssl ec -pubout failed: ${r.stderr}`);
        return r.lines;
    }

    /** The SPKI PEM of a certificate's public key, as openssl reads it. */
    certPublicKey(certPem: string): string {
        return this.x509(certPem, "-pubkey");
    }

    cleanup(): void {
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}
