/**
 * `orchestrator serve` keeps its login private (issue 13.4): the generated
 * password goes to a file created exclusively, without following symlinks,
 * mode 0600, in a fresh 0700 folder; a given password comes from the
 * environment or a file, never the command line.
 */
import assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { credentialsEnv, writePrivateFile } from "../../tools/local-orchestrator/credentials-file";
import { TOOLS_CLI } from "../support/cli";

const ROOT = path.resolve(__dirname, "../..");

describe("server: private credential files (issue 13.4)", function () {
    this.timeout(60_000);
    let parent: string;
    beforeEach(() => {
        parent = fs.mkdtempSync(path.join(os.tmpdir(), "cred-spec-"));
    });
    afterEach(() => fs.rmSync(parent, { recursive: true, force: true }));

    const mode = (p: string) => fs.lstatSync(p).mode & 0o777;

    it("writes the file 0600 in a new 0700 folder, whatever the umask", () => {
        const old = process.umask(0o000);
        try {
            const file = writePrivateFile("4000.env", credentialsEnv("edge-admin", "pw'with quote"), parent);
            assert.equal(mode(file), 0o600);
            assert.equal(mode(path.dirname(file)), 0o700);
            assert.equal(path.dirname(path.dirname(file)), parent);
            assert.equal(fs.readFileSync(file, "utf8"), "EDGE_ORCH_USERNAME='edge-admin'\nEDGE_ORCH_PASSWORD='pw'\\''with quote'\n");
        } finally {
            process.umask(old);
        }
    });

    it("gives every call its own folder, so nothing at a predictable path is ever written through", () => {
        const a = writePrivateFile("x.env", "a", parent);
        const b = writePrivateFile("x.env", "b", parent);
        assert.notEqual(path.dirname(a), path.dirname(b));
        assert.deepEqual([fs.readFileSync(a, "utf8"), fs.readFileSync(b, "utf8")], ["a", "b"]);
    });

    // The open itself refuses what an attacker could plant at the path: each case is a
    // file system object placed where the file is to be created.
    const planted: Record<string, (at: string, target: string) => void> = {
        "an existing world-readable file": (at) => fs.writeFileSync(at, "", { mode: 0o644 }),
        "a symlink to a file": (at, target) => fs.symlinkSync(target, at),
        "a dangling symlink": (at) => fs.symlinkSync(path.join(path.dirname(at), "nowhere"), at),
    };
    for (const [label, plant] of Object.entries(planted)) {
        it(`never writes through ${label}`, () => {
            const target = path.join(parent, "victim");
            fs.writeFileSync(target, "untouched", { mode: 0o644 });
            // Reproduce what the open sees by planting in a folder we then use as the private folder.
            const dir = fs.mkdtempSync(path.join(parent, "edge-interconnect-"));
            const at = path.join(dir, "p.env");
            plant(at, target);
            const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;
            assert.throws(() => fs.openSync(at, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600), { code: "EEXIST" });
            assert.equal(fs.readFileSync(target, "utf8"), "untouched");
        });
    }

    it("refuses file names that are paths", () => {
        for (const name of ["../x", "a/b", "..", "."])
            assert.throws(() => writePrivateFile(name, "x", parent), { message: `"${name}" is not a plain file name` });
    });

    /** Runs `orchestrator serve` until its banner is out; returns the banner and the child. */
    const serve = (args: string[], env: NodeJS.ProcessEnv) =>
        new Promise<{ child: ChildProcess; banner: string }>((resolve, reject) => {
            const child = spawn(TOOLS_CLI[0], [...TOOLS_CLI.slice(1), "orchestrator", "serve", "--port", "0", ...args], {
                cwd: ROOT,
                env,
                stdio: ["ignore", "pipe", "pipe"],
            });
            let out = "";
            let err = "";
            const timer = setTimeout(() => reject(new Error(`no banner: ${out} ${err}`)), 30_000);
            child.stdout!.on("data", (c: Buffer) => {
                out += c.toString();
                if (out.includes("login")) {
                    clearTimeout(timer);
                    resolve({ child, banner: out });
                }
            });
            child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
            child.on("exit", (code) => {
                clearTimeout(timer);
                reject(new Error(`serve exited ${code}: ${out} ${err}`));
            });
        });
    const stop = (child: ChildProcess) => new Promise((r) => (child.kill("SIGTERM"), child.once("exit", r)));

    it("serve writes a generated login to a private file and prints only its path", async () => {
        const env = { PATH: process.env.PATH, TMPDIR: parent };
        const { child, banner } = await serve([], env);
        try {
            const m = /credentials in (\S+) \(mode 0600\)/.exec(banner);
            assert.ok(m, banner);
            const file = m![1];
            assert.equal(path.dirname(path.dirname(file)), parent);
            assert.equal(mode(file), 0o600);
            assert.equal(mode(path.dirname(file)), 0o700);
            const password = /EDGE_ORCH_PASSWORD='([^']+)'/.exec(fs.readFileSync(file, "utf8"))![1];
            assert.equal(banner.includes(password), false);
        } finally {
            await stop(child);
        }
    });

    it("serve takes the password from the environment or a file, never from its command line", async () => {
        const pwFile = path.join(parent, "pw");
        fs.writeFileSync(pwFile, "file-pass-123\n", { mode: 0o600 });
        for (const [args, env, password] of [
            [["--user", "ops"], { PATH: process.env.PATH, EDGE_ORCH_PASSWORD: "env-pass-456" }, "env-pass-456"],
            [["--user", "ops", "--password-file", pwFile], { PATH: process.env.PATH }, "file-pass-123"],
        ] as [string[], NodeJS.ProcessEnv, string][]) {
            const { child, banner } = await serve(args, env);
            try {
                assert.match(banner, /login {9}user\(s\) "ops"/);
                const cmdline = fs.readFileSync(`/proc/${child.pid}/cmdline`, "utf8");
                assert.equal(cmdline.includes(password), false, "not in the process list");
                const url = /listening on (\S+)/.exec(banner)![1];
                const res = await fetch(`${url}/realms/master/protocol/openid-connect/token`, {
                    method: "POST",
                    headers: { "content-type": "application/x-www-form-urlencoded" },
                    body: new URLSearchParams({ grant_type: "password", client_id: "system-client", username: "ops", password }).toString(),
                });
                assert.equal(res.status, 200);
            } finally {
                await stop(child);
            }
        }
    });
});
