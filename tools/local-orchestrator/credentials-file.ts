// The generated login of `orchestrator serve`, written where only its owner can read it
// (issue 13.4): a fresh private folder (mkdtemp, mode 0700, an unguessable name), and in
// it a file opened with O_CREAT | O_EXCL | O_NOFOLLOW and mode 0600. An existing file,
// world-readable or not, or a symlink planted at the path, makes the open fail instead
// of writing the password through it.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Writes `content` to a new file `name` in a new private folder under `parent`; returns its path. */
export function writePrivateFile(name: string, content: string, parent: string = os.tmpdir()): string {
    if (name.includes("/") || name.includes("\\") || name === "." || name === "..") throw new Error(`"${name}" is not a plain file name`);
    const dir = fs.mkdtempSync(path.join(parent, "edge-interconnect-"));
    // mkdtemp already creates 0700; say so explicitly, whatever the umask.
    fs.chmodSync(dir, 0o700);
    const file = path.join(dir, name);
    const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;
    const fd = fs.openSync(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
    try {
        fs.fchmodSync(fd, 0o600);
        fs.writeSync(fd, content);
        fs.fsyncSync(fd);
    } finally {
        fs.closeSync(fd);
    }
    return file;
}

/** The login as a shell-sourceable env file. */
export function credentialsEnv(username: string, password: string): string {
    const quote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
    return `EDGE_ORCH_USERNAME=${quote(username)}\nEDGE_ORCH_PASSWORD=${quote(password)}\n`;
}
