import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { STATE_VERSION, createOrchestratorServer, type StateDocument } from "../../tools/local-orchestrator";
import { ADMIN, ALPHA, BETA, JSON_HEADERS, bearer, passwordToken, tenancyOptions } from "./support/fixtures";
import { httpRequest } from "./support/http-client";

describe("server: state file persistence", () => {
    let dir: string;
    let stateFile: string;

    beforeEach(async () => {
        dir = await fs.mkdtemp(path.join(os.tmpdir(), "orch-state-"));
        stateFile = path.join(dir, "state.json");
    });
    afterEach(() => fs.rm(dir, { recursive: true, force: true }));

    const putNetwork = (url: string, token: string, project: string, name: string, body: unknown) =>
        httpRequest(`${url}/v1/projects/${project}/networks/${name}`, {
            method: "PUT",
            headers: { ...bearer(token), ...JSON_HEADERS },
            body: JSON.stringify(body),
        });

    const readState = async () => JSON.parse(await fs.readFile(stateFile, "utf8")) as StateDocument;

    it("has every acknowledged write on disk by the time the reply arrives", async () => {
        const server = await createOrchestratorServer({ ...tenancyOptions(), stateFile });
        try {
            const token = await server.issueToken({ username: ADMIN.username });
            assert.equal((await putNetwork(server.url, token, ALPHA.name, "n1", { type: "application-mesh", description: "d" })).status, 200);
            let doc = await readState();
            assert.equal(doc.version, STATE_VERSION);
            assert.deepEqual(Object.keys(doc.networks), [`${ALPHA.name}/n1`]);
            const stored = doc.networks[`${ALPHA.name}/n1`];
            assert.deepEqual(stored?.spec, { type: "application-mesh", description: "d" });
            assert.deepEqual(stored?.status, {});
            assert.match(stored?.hashedName ?? "", /^[0-9a-f]{40}$/);
            assert.equal(stored?.labels["nexus/display_name"], "n1");

            const del = await httpRequest(`${server.url}/v1/projects/${ALPHA.name}/networks/n1`, { method: "DELETE", headers: bearer(token) });
            assert.equal(del.status, 200);
            doc = await readState();
            assert.deepEqual(doc.networks, {});
            const mode = (await fs.stat(stateFile)).mode & 0o777;
            assert.equal(mode, 0o600);
        } finally {
            await server.close();
        }
    });

    it("restores state, signing key and tokens after close and restart on the same file", async () => {
        const first = await createOrchestratorServer({ ...tenancyOptions(), stateFile });
        const token = await passwordToken(first.url, ADMIN);
        try {
            assert.equal((await putNetwork(first.url, token, ALPHA.name, "kept", { type: "application-mesh" })).status, 200);
            assert.equal((await putNetwork(first.url, token, BETA.name, "also-kept", { type: "application-mesh", description: "b" })).status, 200);
        } finally {
            await first.close();
        }

        // Same port, so the same issuer: tokens are only portable between equal URLs.
        const second = await createOrchestratorServer({ ...tenancyOptions(), stateFile, port: first.port });
        try {
            assert.equal(second.issuer, first.issuer);
            assert.deepEqual(
                second.networks().map((n) => `${n.project}/${n.name}`),
                [`${ALPHA.name}/kept`, `${BETA.name}/also-kept`],
            );
            // The persisted signing key means a token from before the restart still works.
            const listed = await httpRequest(`${second.url}/v1/projects/${BETA.name}/networks`, { headers: bearer(token) });
            assert.equal(listed.status, 200);
            assert.deepEqual(listed.json(), [{ name: "also-kept", spec: { type: "application-mesh", description: "b" }, status: {} }]);
            const again = await putNetwork(second.url, token, ALPHA.name, "kept", { type: "application-mesh" });
            assert.equal(again.status, 200);
            assert.deepEqual(again.json(), { message: "Updated successfully" });
        } finally {
            await second.close();
        }
    });

    it("loses no acknowledged write when the process is SIGKILLed mid-stream", async function () {
        this.timeout(20_000);
        const child = spawn(
            process.execPath,
            ["-r", require.resolve("ts-node/register/transpile-only"), path.join(__dirname, "support", "serve-child.ts"), stateFile],
            { cwd: path.join(__dirname, "..", ".."), stdio: ["ignore", "pipe", "pipe"] },
        );
        const exited = once(child, "exit");
        let stdout = "";
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        try {
            const ready = await new Promise<{ url: string; port: number; token: string }>((resolve, reject) => {
                child.stdout.on("data", (chunk: Buffer) => {
                    stdout += chunk.toString();
                    const newline = stdout.indexOf("\n");
                    if (newline >= 0) resolve(JSON.parse(stdout.slice(0, newline)) as { url: string; port: number; token: string });
                });
                child.once("exit", (code) => reject(new Error(`child exited early (${String(code)}): ${stderr}`)));
            });

            const acknowledged: string[] = [];
            const names = Array.from({ length: 40 }, (_, i) => `k${String(i).padStart(2, "0")}`);
            await Promise.all(
                names.map((name) =>
                    putNetwork(ready.url, ready.token, ALPHA.name, name, { type: "application-mesh" }).then(
                        (res) => {
                            if (res.status !== 200) return;
                            acknowledged.push(name);
                            if (acknowledged.length === 10) child.kill("SIGKILL");
                        },
                        () => undefined,
                    ),
                ),
            );
            await exited;
            assert.ok(acknowledged.length >= 10, `only ${acknowledged.length} writes were acknowledged`);

            const restarted = await createOrchestratorServer({ ...tenancyOptions(), stateFile, port: ready.port });
            try {
                const stored = new Set(restarted.networks(ALPHA.name).map((n) => n.name));
                const lost = acknowledged.filter((name) => !stored.has(name));
                assert.deepEqual(lost, []);
            } finally {
                await restarted.close();
            }
        } finally {
            if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
            await exited;
        }
    });

    it("ignores and removes a temp file left by a crash mid-write", async () => {
        const first = await createOrchestratorServer({ ...tenancyOptions(), stateFile });
        try {
            const token = await first.issueToken({ username: ADMIN.username });
            assert.equal((await putNetwork(first.url, token, ALPHA.name, "durable", { type: "application-mesh" })).status, 200);
        } finally {
            await first.close();
        }
        const leftover = path.join(dir, ".state.json.99999.deadbeef0000.tmp");
        await fs.writeFile(leftover, '{"version":1,"networks":{"alpha/half');

        const second = await createOrchestratorServer({ ...tenancyOptions(), stateFile });
        try {
            assert.deepEqual(
                second.networks().map((n) => n.name),
                ["durable"],
            );
            assert.deepEqual(await fs.readdir(dir), ["state.json"]);
        } finally {
            await second.close();
        }
    });

    it("refuses to start on a corrupt or foreign state file, leaving it untouched", async () => {
        await fs.writeFile(stateFile, "{ not json");
        await assert.rejects(createOrchestratorServer({ ...tenancyOptions(), stateFile }), /is not valid JSON.*refusing to start/);
        assert.equal(await fs.readFile(stateFile, "utf8"), "{ not json");

        await fs.writeFile(stateFile, JSON.stringify({ version: 2, networks: {} }));
        await assert.rejects(createOrchestratorServer({ ...tenancyOptions(), stateFile }), /is not a version 1 state document/);
    });

    it("keeps state in memory only when no state file is given", async () => {
        const server = await createOrchestratorServer(tenancyOptions());
        try {
            const token = await server.issueToken({ username: ADMIN.username });
            assert.equal((await putNetwork(server.url, token, ALPHA.name, "ephemeral", { type: "application-mesh" })).status, 200);
            assert.deepEqual(await fs.readdir(dir), []);
        } finally {
            await server.close();
        }
    });
});
