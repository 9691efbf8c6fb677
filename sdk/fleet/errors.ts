/**
 * A failed stack's error as the fleet report shows it: one line, no stack
 * trace, no secret. The engine already masks values it knows are secret
 * (`[secret]`); this also removes what a provider may echo without knowing:
 * PEM blocks (keys, certificates), JWTs, bearer tokens, `password=`/`token:`
 * values and long base64 runs (kubeconfig data fields).
 */
import { terminalSafe } from "../plan/text";

/** The longest error a report line keeps; the rest is in the CLI's own logs. */
export const MAX_ERROR_CHARS = 400;

const PEM = /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(-----END [A-Z0-9 ]+-----|$)/g;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(bearer)\s+[A-Za-z0-9._~+/=-]+/gi;
const NAMED = /\b((?:client-key-data|client-certificate-data|certificate-authority-data|password|passphrase|token|secret)["']?\s*[:=]\s*["']?)[^\s"',};]+/gi;
const BASE64_RUN = /[A-Za-z0-9+/]{80,}={0,2}/g;
/** A stack frame as Node prints it. */
const FRAME = /^\s*at .+(\(.+:\d+:\d+\)|:\d+:\d+)\s*$/;

/** `text` without secrets (see the file's comment). */
export function scrubSecrets(text: string): string {
    return text
        .replace(PEM, "[redacted PEM]")
        .replace(JWT, "[redacted token]")
        .replace(BEARER, "$1 [redacted]")
        .replace(NAMED, "$1[redacted]")
        .replace(BASE64_RUN, "[redacted]");
}

/**
 * The lines of a Pulumi CLI failure worth showing: without the Automation
 * API's `code:`/`stdout:`/`stderr:` framing, the `error:` labels, the CLI's
 * bare "update failed", and stack frames; each line once.
 */
export function meaningfulLines(text: string): string[] {
    const lines = text
        .split(/\r?\n/)
        .filter((l) => !FRAME.test(l))
        .map((l) =>
            l
                .trim()
                .replace(/^(stdout|stderr|err\?):\s*/, "")
                .replace(/^error:\s*/i, "")
                .trim(),
        )
        .filter((l) => l && !/^code: -?\d+$/.test(l) && !/^(update|preview|destroy|refresh) failed$/.test(l));
    return [...new Set(lines)];
}

/** One line describing `e`: the meaningful lines joined, scrubbed, terminal-safe, at most {@link MAX_ERROR_CHARS}. */
export function describeStackError(e: unknown): string {
    const raw = e instanceof Error ? e.message : String(e);
    const lines = meaningfulLines(raw);
    const line = terminalSafe(scrubSecrets(lines.join("; ") || raw.split("\n")[0] || "failed")).replace(/\s+/g, " ");
    return line.length <= MAX_ERROR_CHARS ? line : `${line.slice(0, MAX_ERROR_CHARS - 1)}…`;
}
