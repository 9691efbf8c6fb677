import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { decodeJwt } from "jose";
import { createOrchestratorServer, type OrchestratorServer } from "../../tools/local-orchestrator";
import { ADMIN, ALPHA, JSON_HEADERS, bearer, passwordToken, tenancyOptions } from "./support/fixtures";
import { httpRequest } from "./support/http-client";
import { createTestPki, type TestPki } from "./support/pki";

describe("server: HTTPS mode", () => {
    let pki: TestPki;
    let server: OrchestratorServer;

    before(async () => {
        pki = createTestPki();
        // Only cert and key: the server must still reach its own JWKS over TLS.
        server = await createOrchestratorServer({ ...tenancyOptions(), tls: { cert: pki.serverCert, key: pki.serverKey } });
    });
    after(() => server.close());

    it("serves https URLs and an https issuer", () => {
        assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
        assert.equal(server.keycloakUrl, server.url);
        assert.equal(server.issuer, `${server.url}/realms/master`);
    });

    it("runs the token and networks flow over TLS for a client trusting the CA", async () => {
        const token = await passwordToken(server.url, ADMIN, pki.caCert);
        assert.equal(decodeJwt(token).iss, server.issuer);
        const put = await httpRequest(`${server.url}/v1/projects/${ALPHA.name}/networks/secure`, {
            method: "PUT",
            headers: { ...bearer(token), ...JSON_HEADERS },
            body: '{"type":"application-mesh"}',
            ca: pki.caCert,
        });
        assert.equal(put.status, 200);
        assert.deepEqual(put.json(), { message: "secure" });
        const listed = await httpRequest(`${server.url}/v1/projects/${ALPHA.name}/networks`, { headers: bearer(token), ca: pki.caCert });
        assert.deepEqual(listed.json(), [{ name: "secure", spec: { type: "application-mesh" }, status: {} }]);
    });

    it("is rejected by a client that does not trust the CA", async () => {
        await assert.rejects(httpRequest(`${server.url}/realms/master/protocol/openid-connect/certs`), /self[- ]signed|unable to verify|certificate/i);
    });

    it("reads certificate files, as the CLI passes them", async () => {
        const dir = await fs.mkdtemp(path.join(os.tmpdir(), "orch-tls-"));
        try {
            const certFile = path.join(dir, "tls.crt");
            const keyFile = path.join(dir, "tls.key");
            const caFile = path.join(dir, "ca.crt");
            await fs.writeFile(certFile, pki.serverCert);
            await fs.writeFile(keyFile, pki.serverKey);
            await fs.writeFile(caFile, pki.caCert);
            const fromFiles = await createOrchestratorServer({ ...tenancyOptions(), tls: { certFile, keyFile, caFile } });
            try {
                const token = await passwordToken(fromFiles.url, ADMIN, pki.caCert);
                const res = await httpRequest(`${fromFiles.url}/v1/projects/${ALPHA.name}/networks`, { headers: bearer(token), ca: pki.caCert });
                assert.equal(res.status, 200);
            } finally {
                await fromFiles.close();
            }
        } finally {
            await fs.rm(dir, { recursive: true, force: true });
        }
    });
});
