// Preloaded (`node -r`) into the dynamic-provider host that DynamicProviderHost
// starts for tests and the demo. Plain JavaScript: it runs before anything else.
//
// Why: an init failure travels in the `grpc-status-details-bin` trailer and
// carries the recorded properties, `__provider` included (tens of KiB for this
// package's providers). Pulumi's engine is a Go gRPC client that accepts 16 MiB
// of headers (grpc-go defaultClientMaxHeaderListSize), but our test client is
// grpc-js on Node's HTTP/2, whose nghttp2 inflater refuses any single header
// value above 64 KiB (NGHTTP2_HD_MAX_NV), and the call then hangs until its
// deadline. So the shim copies every details trailer, byte for byte, to the file
// named by EDGE_IC_DETAILS_FILE and sends a short index in its place; the client
// reads the original back. Nothing else about the host changes.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const file = process.env.EDGE_IC_DETAILS_FILE;
if (file) {
    const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
    let seq = 0;
    const add = grpc.Metadata.prototype.add;
    grpc.Metadata.prototype.add = function (key, value) {
        if (key === "grpc-status-details-bin" && Buffer.isBuffer(value)) {
            seq += 1;
            fs.appendFileSync(file, `${seq} ${value.toString("base64")}\n`, { mode: 0o600 });
            return add.call(this, "x-edge-ic-details-seq", String(seq));
        }
        return add.call(this, key, value);
    };
}
