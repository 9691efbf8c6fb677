import * as pulumi from "@pulumi/pulumi";
import { certificateAuthorityProvider, signedCertificateProvider } from "../../provider/pki";
import { RecordingMocks, waitFor, unwrapSecrets } from "../support/mocks";
const KUBECONFIG = JSON.stringify({
    clusters: [{ name: "c", cluster: { server: "https://c.example:6443" } }],
    contexts: [{ name: "c", context: { cluster: "c", user: "u" } }],
    users: [{ name: "u", user: { token: "t" } }],
});
const PKI = {
    "pulumi-nodejs:dynamic/edge-interconnect:CertificateAuthority": certificateAuthorityProvider,
    "pulumi-nodejs:dynamic/edge-interconnect:SignedCertificate": signedCertificateProvider,
};
describe("x", () => {
  it("y", async () => {
    const mocks = new RecordingMocks({}, PKI);
    await pulumi.runtime.setMocks(mocks, "p", "dev", false);
    const sdk = await import("../../sdk");
    const network = new sdk.InterconnectNetwork("mesh", {});
    const hub = new sdk.HubCluster("hub", { network, kubeconfig: KUBECONFIG, loadBalancer: { addresses: ["192.168.50.10-192.168.50.19"] }, allowedSourceRanges: ["192.168.60.0/24"], exposedServices: [{ name: "my-backend", port: 8080 }, { name: "payments", namespace: "shop", port: 8443, tls: true }] });
    const spoke = new sdk.SpokeCluster("edge-1", { network, hub, kubeconfig: KUBECONFIG });
    await waitFor(() => mocks.resources.some(r => r.name.includes("listener")) , "x").catch(e=>console.log(e.message));
    await new Promise((r) => setTimeout(r, 200));
    for (const r of mocks.resources) console.log(r.type, r.name, r.custom, JSON.stringify(unwrapSecrets(r.inputs)).slice(0, 400));
  });
});
