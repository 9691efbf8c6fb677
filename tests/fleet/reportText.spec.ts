/** The fleet report's pieces: change counts, durations, scrubbed errors. */
import * as assert from "node:assert/strict";
import { describeStackError, MAX_ERROR_CHARS, meaningfulLines, scrubSecrets } from "../../sdk/fleet/errors";
import { progressBar } from "../../sdk/fleet/progress";
import { formatChanges, formatDuration } from "../../sdk/fleet/report";

describe("fleet report text", () => {
    it("change counts as pulumi preview abbreviates them", () => {
        assert.equal(formatChanges({ create: 12, update: 1, replace: 2, delete: 3, same: 40 }), "+12 ~1 +-2 -3");
        assert.equal(formatChanges({ same: 40, read: 1 }), "no changes");
        assert.equal(formatChanges({}), "no changes");
        assert.equal(formatChanges({ import: 2, create: 1, discard: 1 }), "+1 discard 1 import 2");
    });

    it("durations", () => {
        assert.deepEqual([0, 850, 1000, 12_340, 59_999, 60_000, 125_000].map(formatDuration), ["0ms", "850ms", "1.0s", "12.3s", "60.0s", "1m00s", "2m05s"]);
    });

    it("progress bar: finished out of started", () => {
        assert.equal(progressBar({ done: 0, started: 0 }), "[....................] 0/0");
        assert.equal(progressBar({ done: 7, started: 20 }), "[#######.............] 7/20");
        assert.equal(progressBar({ done: 3, started: 3 }, 4), "[####] 3/3");
    });

    it("scrubs PEM blocks, JWTs, bearer tokens, named secrets and long base64 runs", () => {
        const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
        const b64 = "QUJD".repeat(30);
        assert.equal(
            scrubSecrets(
                `key -----BEGIN EC PRIVATE KEY-----\nMHcCAQ\n-----END EC PRIVATE KEY----- jwt ${jwt} Authorization: Bearer abc.def password=hunter2 client-key-data: ${b64} data ${b64}`,
            ),
            "key [redacted PEM] jwt [redacted token] Authorization: Bearer [redacted] password=[redacted] client-key-data: [redacted] data [redacted]",
        );
        // A PEM cut off by a message's end is still removed.
        assert.equal(scrubSecrets("x -----BEGIN PRIVATE KEY-----\nMIIE"), "x [redacted PEM]");
    });

    it("keeps a CLI failure's meaningful lines: no framing, no stack frames, no bare 'update failed'", () => {
        assert.deepEqual(
            meaningfulLines(
                "code: 255\n stdout: Updating\n stderr: error: update failed\nerror: a: cannot reach\n    at f (/x.js:1:2)\n    at /y.js:3:4\nerror: a: cannot reach",
            ),
            ["Updating", "a: cannot reach"],
        );
        const long = new Error(`x: ${"word ".repeat(200)}`);
        const line = describeStackError(long);
        assert.equal(line.length, MAX_ERROR_CHARS);
        assert.ok(line.endsWith("…"));
        assert.equal(describeStackError("plain \u001b[31mred\u001b[0m\ntext"), "plain red; text");
    });
});
