/**
 * The package schema the plugin serves: well formed (every reference
 * resolves, required names exist, every property documented), secrets
 * marked exactly where they belong, the components' inputs those of the
 * TypeScript API, descriptions current with the TSDoc, and valid against
 * Pulumi's own metaschema (pkg/codegen/schema/pulumi.json of
 * github.com/pulumi/pulumi/pkg/v3, read from the Go module cache the
 * end-to-end toolchain fills; this one test is skipped without it).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { packageSchema, schemaJson } from "../../provider/plugin/schema";
import { DOCS } from "../../provider/plugin/schema/docs";
import { docsFileText, extractDocs } from "../../tools/schema/docs";

const T = (name: string) => `edge-interconnect:index:${name}`;
const schema = packageSchema() as any;

/** Every property spec in the schema, with where it is (`resources.<token>.inputProperties.<name>`). */
function properties(): [where: string, spec: any][] {
    const out: [string, any][] = [];
    for (const [tok, r] of Object.entries<any>(schema.resources)) {
        for (const [n, p] of Object.entries(r.inputProperties)) out.push([`${tok} input ${n}`, p]);
        for (const [n, p] of Object.entries(r.properties)) out.push([`${tok} output ${n}`, p]);
    }
    for (const [tok, t] of Object.entries<any>(schema.types)) for (const [n, p] of Object.entries(t.properties)) out.push([`${tok}.${n}`, p]);
    return out;
}

/** Every $ref in a property spec, nested ones included. */
function refs(spec: any): string[] {
    return [spec.$ref, ...(spec.items ? refs(spec.items) : []), ...(spec.additionalProperties ? refs(spec.additionalProperties) : [])].filter(Boolean);
}

describe("plugin schema", () => {
    it("is the JSON GetSchema returns", () => {
        assert.deepEqual(JSON.parse(schemaJson()), schema);
    });

    it("declares the four components and the five custom resources", () => {
        assert.deepEqual(Object.keys(schema.resources), [
            T("InterconnectNetwork"),
            T("HubCluster"),
            T("SpokeCluster"),
            T("InterconnectApplication"),
            T("Network"),
            T("Deployment"),
            T("CertificateAuthority"),
            T("IntermediateAuthority"),
            T("SignedCertificate"),
        ]);
        assert.deepEqual(
            Object.entries<any>(schema.resources)
                .filter(([, r]) => r.isComponent)
                .map(([t]) => t),
            [T("InterconnectNetwork"), T("HubCluster"), T("SpokeCluster"), T("InterconnectApplication")],
        );
    });

    it("every required input and output is declared", () => {
        for (const [tok, r] of Object.entries<any>(schema.resources)) {
            for (const n of r.requiredInputs ?? []) assert.ok(n in r.inputProperties, `${tok}: required input ${n}`);
            for (const n of r.required ?? []) assert.ok(n in r.properties, `${tok}: required output ${n}`);
        }
        for (const [tok, t] of Object.entries<any>(schema.types)) for (const n of t.required ?? []) assert.ok(n in t.properties, `${tok}: required ${n}`);
    });

    it("every reference resolves to a declared type or resource", () => {
        const all = properties().flatMap(([where, p]) => refs(p).map((r) => [where, r] as const));
        assert.ok(all.length > 30, `references are checked (${all.length})`);
        for (const [where, r] of all) {
            if (r === "pulumi.json#/Any") continue;
            const m = /^#\/(types|resources)\/(.+)$/.exec(r);
            assert.ok(m, `${where}: ${r} is a local reference`);
            assert.ok(m![2] in schema[m![1]], `${where}: ${r} resolves`);
        }
    });

    it("documents every resource, type and property", () => {
        for (const [tok, r] of Object.entries<any>({ ...schema.resources, ...schema.types }))
            assert.ok(r.description?.trim().length > 10, `${tok} is documented`);
        for (const [where, p] of properties()) assert.ok(p.description?.trim().length > 3, `${where} is documented`);
    });

    it("marks exactly the credentials, keys, kubeconfigs and join information secret", () => {
        const secrets = properties()
            .filter(([, p]) => p.secret === true)
            .map(([w]) => w)
            .sort();
        assert.deepEqual(
            secrets,
            [
                `${T("CertificateAuthority")} output keyPem`,
                `${T("Deployment")} input password`,
                `${T("Deployment")} input token`,
                `${T("Deployment")} output password`,
                `${T("Deployment")} output token`,
                `${T("HubCluster")} input kubeconfig`,
                `${T("HubCluster")} output shardJoinInfo`,
                `${T("IntermediateAuthority")} input caKeyPem`,
                `${T("IntermediateAuthority")} output caKeyPem`,
                `${T("IntermediateAuthority")} output keyPem`,
                `${T("KeyPair")}.keyPem`,
                `${T("JoinSigner")}.keyPem`,
                `${T("Network")} input password`,
                `${T("Network")} input token`,
                `${T("Network")} output password`,
                `${T("Network")} output token`,
                `${T("OrchestratorConnection")}.password`,
                `${T("OrchestratorConnection")}.token`,
                `${T("SignedCertificate")} input caKeyPem`,
                `${T("SignedCertificate")} output caKeyPem`,
                `${T("SignedCertificate")} output keyPem`,
                `${T("SpokeCluster")} input joinInfo`,
                `${T("SpokeCluster")} input kubeconfig`,
            ].sort(),
        );
    });

    it("the components take the TypeScript arguments, with references and strings where JavaScript objects were", () => {
        // The documented top-level fields of each Args interface (docs.ts keys `<Args>.<field>`).
        const argsOf = (args: string) =>
            Object.keys(DOCS)
                .filter((k) => k.startsWith(`${args}.`) && k.split(".").length === 2)
                .map((k) => k.split(".")[1])
                .sort();
        const inputsOf = (name: string) => Object.keys(schema.resources[T(name)].inputProperties).sort();
        assert.deepEqual(inputsOf("InterconnectNetwork"), argsOf("InterconnectNetworkArgs"));
        // `provider` (a JavaScript object) becomes the resource option `providers`: no input.
        assert.deepEqual(
            inputsOf("HubCluster"),
            argsOf("HubClusterArgs").filter((f) => f !== "provider"),
        );
        // `hub` is a HubCluster reference or, as `joinInfo`, the plain join information.
        assert.deepEqual(inputsOf("SpokeCluster"), [...argsOf("SpokeClusterArgs").filter((f) => f !== "provider"), "joinInfo"].sort());
        // `clusters` mixes components and ids: `hubs`, `spokes` and `clusterIds`.
        assert.deepEqual(
            inputsOf("InterconnectApplication"),
            [...argsOf("InterconnectApplicationArgs").filter((f) => f !== "clusters"), "clusterIds", "hubs", "spokes"].sort(),
        );
    });

    it("docs.ts is current with the TSDoc (tools/schema/docs.ts)", async function () {
        this.timeout(60_000);
        const fresh = await docsFileText(extractDocs());
        const file = fs.readFileSync(path.join(__dirname, "../../provider/plugin/schema/docs.ts"), "utf8");
        assert.equal(file, fresh, "run: node -r ts-node/register/transpile-only tools/schema/docs.ts");
    });

    it("is valid against Pulumi's package metaschema (pulumi/pkg/v3 v3.248.0, codegen/schema/pulumi.json)", function () {
        const cache = process.env.GOMODCACHE ?? path.join(process.env.GOPATH ?? path.join(os.homedir(), "go"), "pkg/mod");
        const file = path.join(cache, "github.com/pulumi/pulumi/pkg/v3@v3.248.0/codegen/schema/pulumi.json");
        if (!fs.existsSync(file)) this.skip();
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const Ajv2020 = require("ajv/dist/2020").default;
        const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
        const validate = ajv.compile(JSON.parse(fs.readFileSync(file, "utf8")));
        const ok = validate(schema);
        assert.equal(ok, true, JSON.stringify(validate.errors?.slice(0, 5), null, 1));
    });
});
