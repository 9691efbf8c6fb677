import * as fs from "node:fs";
import * as path from "node:path";

/** Every file under `dir`, as text (for "no secret in plain text anywhere in the backend" checks). */
export function filesUnder(dir: string): { file: string; text: string }[] {
    const out: { file: string; text: string }[] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) out.push(...filesUnder(p));
        else if (entry.isFile()) out.push({ file: p, text: fs.readFileSync(p).toString("utf8") });
    }
    return out;
}

/** Lines of a PEM key body long enough to be distinctive (64 characters; the headers excluded), to look for in plain text. */
export function keyLines(pem: string): string[] {
    return pem.split("\n").filter((l) => l.length === 64 && !l.startsWith("-----"));
}
