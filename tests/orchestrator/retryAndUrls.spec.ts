/** Backoff bounds and URL rules of the orchestrator client. */
import * as assert from "node:assert/strict";
import { backoffDelayMs, defaultRetryPolicy, isRetryableStatus, parseRetryAfterMs } from "../../provider/orchestrator/retry";
import { apiUrlProblem, deriveKeycloakUrl, isLoopbackHost, joinUrl } from "../../provider/orchestrator/urls";

describe("retry policy", () => {
    const p = { ...defaultRetryPolicy(), baseDelayMs: 100, maxDelayMs: 1000 };
    it("doubles the jitter ceiling per attempt up to the cap", () => {
        assert.deepEqual(
            [1, 2, 3, 4, 5, 6].map((a) => backoffDelayMs(p, a, 1)),
            [100, 200, 400, 800, 1000, 1000],
        );
    });
    it("applies full jitter", () => {
        assert.equal(backoffDelayMs(p, 3, 0), 0);
        assert.equal(backoffDelayMs(p, 3, 0.5), 200);
    });
    it("honours Retry-After up to the cap", () => {
        assert.equal(backoffDelayMs(p, 1, 0, 700), 700);
        assert.equal(backoffDelayMs(p, 1, 0, 5000), 1000);
    });
    it("retries 429 and 5xx only", () => {
        assert.deepEqual([200, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 599].filter(isRetryableStatus), [429, 500, 502, 503, 599]);
    });
    it("parses Retry-After seconds", () => {
        assert.equal(parseRetryAfterMs("2"), 2000);
        assert.equal(parseRetryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT"), undefined);
        assert.equal(parseRetryAfterMs(undefined), undefined);
    });
});

describe("orchestrator URLs", () => {
    it("derives Keycloak from api.<fqdn>", () => {
        assert.equal(deriveKeycloakUrl("https://api.edge.example.com"), "https://keycloak.edge.example.com");
        assert.equal(deriveKeycloakUrl("https://api.edge.example.com:8443/base"), "https://keycloak.edge.example.com:8443");
        assert.equal(deriveKeycloakUrl("http://127.0.0.1:9000"), "http://127.0.0.1:9000");
    });
    it("allows http only to loopback", () => {
        assert.deepEqual(["127.0.0.1", "127.1.2.3", "localhost", "[::1]", "10.0.0.1", "127.0.0.256", "example.com"].map(isLoopbackHost), [
            true,
            true,
            true,
            true,
            false,
            false,
            false,
        ]);
        assert.equal(apiUrlProblem("http://localhost:8080"), undefined);
        assert.equal(apiUrlProblem("https://api.x.example"), undefined);
        assert.equal(apiUrlProblem("ftp://api.x.example"), `must use https (got "ftp:")`);
        assert.equal(apiUrlProblem("https://api.x.example/?a=b"), "must not carry a query string or fragment");
    });
    it("joins a base with a path prefix", () => {
        assert.equal(
            joinUrl("https://gw.example.com/prefix/", "/v1/projects/p/networks", { limit: "5" }).toString(),
            "https://gw.example.com/prefix/v1/projects/p/networks?limit=5",
        );
    });
});
