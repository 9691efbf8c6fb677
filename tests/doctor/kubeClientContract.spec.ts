/**
 * The workspace package @edge-interconnect/kube-client against the library's
 * contract (sdk/doctor/clusterClient.ts, clusterFailures.ts). The CLI types
 * its dynamic import by the contract alone, so the compile-time assignments
 * below (type-checked by `tsc -p tsconfig.test.json`, part of `npm test`)
 * are what keeps the two from drifting apart; the tests then check at run
 * time what types cannot: that the library recognises the package's errors
 * by name, across the module boundary.
 */
import * as assert from "node:assert/strict";
import * as kubeClient from "@edge-interconnect/kube-client";
import { KubeConfigError, KubeRequestError } from "@edge-interconnect/kube-client";
import type { KubeClientModule } from "../../sdk/doctor/clusterClient";
import { KubeConfigFailure, KubeRequestFailure, deadlineFailure, isKubeConfigFailure, isKubeRequestFailure } from "../../sdk/doctor/clusterFailures";

// Compile-time checks: the package's exports and errors satisfy the contract.
const asLoaded: KubeClientModule = kubeClient;
const requestFailure: KubeRequestFailure = new KubeRequestError({ kind: "http", path: "/version", status: 404, message: "HTTP 404: no message" });
const configFailure: KubeConfigFailure = new KubeConfigError("the kubeconfig has no current context with a cluster server");

describe("@edge-interconnect/kube-client against the library's ClusterClient contract", () => {
    it("exports the constructor the CLI hands to doctor's checks", () => {
        assert.equal(typeof asLoaded.KubeClusterClient, "function");
    });

    it("its errors are recognised by name and fields, not by class", () => {
        assert.ok(isKubeRequestFailure(requestFailure));
        assert.deepEqual([requestFailure.kind, requestFailure.status, requestFailure.unreachable], ["http", 404, false]);
        assert.ok(isKubeConfigFailure(configFailure));
        assert.equal(isKubeRequestFailure(configFailure), false);
        assert.equal(isKubeConfigFailure(requestFailure), false);
        // A plain Error of the same message, or a look-alike object that is no Error, is neither.
        assert.equal(isKubeRequestFailure(new Error("HTTP 404: no message")), false);
        assert.equal(isKubeRequestFailure({ name: "KubeRequestError", kind: "http", path: "/version", message: "x" }), false);
    });

    it("doctor's own deadline fails as the client's deadlines do", () => {
        const e = deadlineFailure("no answer within 1s");
        assert.ok(isKubeRequestFailure(e));
        assert.deepEqual(
            [e.name, e.kind, e.path, e.unreachable, String(e)],
            ["KubeRequestError", "aborted", "", true, "KubeRequestError: no answer within 1s"],
        );
    });
});
