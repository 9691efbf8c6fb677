/**
 * MetalLB's admission webhook in the loop: tests/e2e/netns/metallbWebhook.netns.ts,
 * run in a private network namespace, because MetalLB's webhook server listens
 * on every interface (tests/e2e/harness/metallbWebhook.ts). Its output streams
 * through; this test passes when every one of its tests passed.
 *
 *   npm run test:e2e
 */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { networkNamespaceUnavailable, runInNetworkNamespace } from "./harness/netns";
import { REPO } from "./support/pulumi";

const INNER = "tests/e2e/netns/metallbWebhook.netns.ts";
/** The tests INNER holds; a run with fewer (or more) is a failure, not a pass. */
const INNER_TESTS = 4;
const TIMEOUT_MS = 25 * 60_000;

describe("MetalLB's admission webhook on (in a private network namespace)", function () {
    this.timeout(TIMEOUT_MS + 60_000);

    it(`runs ${INNER} there: a router-address change passes the webhook, and the webhook refuses the orders that cannot`, async function () {
        const unavailable = networkNamespaceUnavailable();
        if (unavailable) {
            console.log(`      SKIPPED: no private network namespace here (${unavailable})`);
            this.skip();
        }
        const run = await runInNetworkNamespace(
            path.join(REPO, "node_modules/.bin/mocha"),
            ["--no-config", "-r", "ts-node/register/transpile-only", "--extension", "ts", "--timeout", String(TIMEOUT_MS), "--reporter", "spec", INNER],
            { cwd: REPO, timeoutMs: TIMEOUT_MS, echo: (l) => console.log(`    │ ${l}`) },
        );
        // mocha's spec reporter writes its summary to stdout.
        const count = (what: string) => Number(new RegExp(`^\\s*(\\d+) ${what}`, "m").exec(run.stdout)?.[1] ?? 0);
        assert.deepEqual(
            { code: run.code, signal: run.signal, timedOut: run.timedOut, passing: count("passing"), failing: count("failing"), pending: count("pending") },
            { code: 0, signal: null, timedOut: false, passing: INNER_TESTS, failing: 0, pending: 0 },
        );
    });
});
