/**
 * Secrets never reach an error the providers raise (issues 12.6 and 13.4),
 * through the provider plugin over gRPC, against servers that echo what they
 * were sent. Generated per class: each echoing server × each place the
 * credentials come from × each provider operation.
 */
import * as assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { ProviderPluginHost, HostCallError } from "../../tools/provider-host/pluginHost";
import { REDACTED, scrubSecrets } from "../../provider/orchestrator/scrub";

const PASSWORD = "S3cr3t+pass/word&=x";
const USER = "edge-admin";
/** What the hostile token endpoint hands out, when it hands out anything. */
const ACCESS_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4IiwiZXhwIjo0MTAyNDQ0ODAwfQ.c2lnbmF0dXJlLXRoYXQtbXVzdC1ub3QtbGVhaw";

/** A server that misbehaves in one way, echoing the request. */
type Echo = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;
const tokenOk = (res: http.ServerResponse) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ access_token: ACCESS_TOKEN, expires_in: 300 }));
};
const isToken = (req: http.IncomingMessage) => (req.url ?? "").includes("/protocol/openid-connect/token");

const SERVERS: Record<string, { echo: Echo; message: RegExp }> = {
    "a token endpoint that answers 404 with an HTML page quoting the form": {
        echo: (req, body, res) => {
            res.writeHead(404, { "content-type": "text/html" });
            res.end(`<html><body>No route for ${req.url}: ${body}</body></html>`);
        },
        message:
            /the token endpoint http:\/\/127\.0\.0\.1:\d+\/realms\/master\/protocol\/openid-connect\/token answered with a text\/html body that is not a Keycloak token response; check keycloakUrl: it must be the Keycloak base URL, e\.g\. https:\/\/keycloak\.<cluster-fqdn>/,
    },
    "a token endpoint that answers 200 with the form instead of a token": {
        echo: (_req, body, res) => {
            res.writeHead(200, { "content-type": "text/plain" });
            res.end(body);
        },
        message: /answered with a text\/plain body that is not a Keycloak token response/,
    },
    "a token endpoint that refuses the login quoting the form in error_description": {
        echo: (_req, body, res) => {
            res.writeHead(401, { "content-type": "application/json" });
            res.end(JSON.stringify({ error: "invalid_grant", error_description: `bad request ${body} password was ${decodeURIComponent(body)}` }));
        },
        message: /refused the login of user "edge-admin" from .* \(HTTP 401: invalid_grant: bad request /,
    },
    "a token endpoint that fails with 500 and a plain-text echo": {
        echo: (_req, body, res) => {
            res.writeHead(500, { "content-type": "text/plain" });
            res.end(`internal error while handling ${body}`);
        },
        message: /failed with HTTP 500: internal error while handling /,
    },
    "an API that answers 400 quoting the Authorization header": {
        echo: (req, body, res) => {
            if (isToken(req)) return tokenOk(res);
            res.writeHead(400, { "content-type": "application/json" });
            res.end(JSON.stringify({ message: `bad request; headers: authorization=${req.headers.authorization}; body ${body}` }));
        },
        message: /failed with HTTP 400: bad request; headers: authorization=Bearer \[redacted\]; body/,
    },
    "an API that answers 403 with the token in the text": {
        echo: (req, _body, res) => {
            if (isToken(req)) return tokenOk(res);
            res.writeHead(403, { "content-type": "text/plain" });
            res.end(`token ${String(req.headers.authorization).slice(7)} is not authorized`);
        },
        message: /failed with HTTP 403: token \[redacted\] is not authorized/,
    },
};

describe("secrets stay out of provider errors (issues 12.6, 13.4)", function () {
    this.timeout(60_000);
    let server: http.Server;
    let url: string;
    let current: Echo = () => undefined;
    const hosts: Record<string, ProviderPluginHost> = {};

    before(async () => {
        server = http.createServer((req, res) => {
            let body = "";
            req.on("data", (c: Buffer) => (body += c.toString("utf8")));
            req.on("end", () => current(req, body, res));
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const env = { PATH: process.env.PATH, EDGE_ORCH_USERNAME: USER, EDGE_ORCH_PASSWORD: PASSWORD };
        hosts.network = await ProviderPluginHost.start("Network", { env });
        hosts.deployment = await ProviderPluginHost.start("Deployment", { env });
        await hosts.network.configure({});
        await hosts.deployment.configure({});
    });
    after(async () => {
        for (const h of Object.values(hosts)) await h.close();
        await new Promise((r) => server.close(r));
    });

    /** Every form in which the password or the token could show. */
    const leaks = (text: string) =>
        [PASSWORD, encodeURIComponent(PASSWORD), new URLSearchParams({ p: PASSWORD }).toString().slice(2), ACCESS_TOKEN].filter((s) => text.includes(s));

    const sources: Record<string, Record<string, unknown>> = {
        "the environment": {},
        "the resource's inputs": { username: USER, password: PASSWORD },
    };
    const operations: Record<string, (h: Record<string, ProviderPluginHost>, base: Record<string, unknown>) => Promise<unknown>> = {
        "network create": (h, base) => h.network.create({ ...base, networkName: "leaky", description: "d" }),
        "network delete": (h, base) => h.network.delete("sample-project/leaky", { ...base, networkName: "leaky", description: "d", type: "application-mesh", adopted: false }),
        "network read": (h, base) => h.network.read("sample-project/leaky", { ...base, networkName: "leaky", description: "d", type: "application-mesh", adopted: false }),
        "deployment create": (h, base) =>
            h.deployment.create({ ...base, appName: "app", appVersion: "1.0.0", displayName: "leaky", deploymentType: "targeted", deleteType: "PARENT_ONLY" }),
        "deployment delete": (h, base) => h.deployment.delete("0c3c2f7e-1111-4222-8333-444455556666", { ...base, appName: "app", appVersion: "1.0.0", deleteType: "PARENT_ONLY" }),
    };

    for (const [serverLabel, { echo, message }] of Object.entries(SERVERS)) {
        for (const [sourceLabel, creds] of Object.entries(sources)) {
            for (const [opLabel, op] of Object.entries(operations)) {
                it(`${opLabel}, credentials from ${sourceLabel}, against ${serverLabel}`, async () => {
                    current = echo;
                    const base = { apiUrl: url, project: "sample-project", keycloakUrl: url, operationTimeoutSeconds: 1, ...creds };
                    const err = await op(hosts, base).then(
                        () => assert.fail("the operation must fail"),
                        (e: HostCallError) => e,
                    );
                    assert.ok(err instanceof HostCallError, String(err));
                    assert.match(err.details, message);
                    assert.deepEqual(leaks(err.details), [], err.details);
                    assert.equal(err.details.includes("\n"), false, "one line");
                    for (const h of Object.values(hosts)) assert.deepEqual(leaks(h.stderr), []);
                });
            }
        }
    }

    it("quotes the token endpoint's 404 page not at all, in exactly one line", async () => {
        current = SERVERS["a token endpoint that answers 404 with an HTML page quoting the form"].echo;
        const err = await hosts.network
            .create({ apiUrl: url, project: "sample-project", keycloakUrl: `${url}/wrong/path`, networkName: "leaky", description: "d", operationTimeoutSeconds: 1 })
            .then(
                () => assert.fail("must fail"),
                (e: HostCallError) => e,
            );
        assert.equal(
            err.details,
            `creating network "leaky" failed: POST /wrong/path/realms/master/protocol/openid-connect/token failed with HTTP 404: the token endpoint ${url}/wrong/path/realms/master/protocol/openid-connect/token answered with a text/html body that is not a Keycloak token response; check keycloakUrl: it must be the Keycloak base URL, e.g. https://keycloak.<cluster-fqdn>`,
        );
        assert.equal(err.initFailedId, undefined, "no PUT was sent: nothing is recorded");
    });

    it("check never echoes URL credentials", async () => {
        const plain = await hosts.network.check({}, { apiUrl: "https://ops:pw@api.example.com", project: "p", networkName: "n", description: "" });
        assert.deepEqual(plain.failures, [{ property: "apiUrl", reason: "must not embed credentials; use token or username/password" }]);
        const { failures } = await hosts.network.check(
            {},
            { apiUrl: `https://ops:${PASSWORD}@api.example.com`, keycloakUrl: `ht!tp://ops:${PASSWORD}@kc`, project: "p", networkName: "n", description: "" },
        );
        assert.deepEqual(failures, [
            // A password with '/' does not even parse as a URL: the text is quoted with the credentials removed.
            { property: "apiUrl", reason: `must be an absolute URL such as https://api.<cluster-fqdn> (got "https://${REDACTED}@api.example.com")` },
            { property: "keycloakUrl", reason: `must be an absolute URL such as https://api.<cluster-fqdn> (got "ht!tp://${REDACTED}@kc")` },
        ]);
    });
});

describe("scrubSecrets", () => {
    const cases: [string, string, string[], string][] = [
        ["a known secret", "the password is hunter22!", ["hunter22!"], `the password is ${REDACTED}`],
        ["its URL-encoded form", "body: p=a%2Bb%2Fc", ["a+b/c"], `body: p=${REDACTED}`],
        ["its form-encoded form", "body: p=a+b+c", ["a b c"], `body: p=${REDACTED}`],
        ["URL credentials", "GET https://user:pw@host/x failed", [], `GET https://${REDACTED}@host/x failed`],
        ["URL credentials with '/' and '@' in the password", "see https://u:p/w@d@host/x", [], `see https://${REDACTED}@host/x`],
        ["a bearer token", "authorization: Bearer abc.def-ghi", [], `authorization: Bearer ${REDACTED}`],
        ["a JWT", "token eyJhbGciOi.eyJzdWIiOi.sig1 was refused", [], `token ${REDACTED} was refused`],
        ["form fields", "grant_type=password&username=u&password=pw&refresh_token=rt", [], `grant_type=password&username=u&password=${REDACTED}&refresh_token=${REDACTED}`],
        ["JSON members", '{"password":"pw","token":"t","user":"u"}', [], `{"password":"${REDACTED}","token":"${REDACTED}","user":"u"}`],
        ["nothing when there is nothing", "PUT /v1/projects/p/networks/n failed with HTTP 409", [], "PUT /v1/projects/p/networks/n failed with HTTP 409"],
        ["not short secrets that would match ordinary words", "the id is abc", ["abc"], "the id is abc"],
    ];
    for (const [label, text, secrets, expected] of cases) {
        it(`removes ${label}`, () => assert.equal(scrubSecrets(text, secrets), expected));
    }
});
