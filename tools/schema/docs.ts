/**
 * The schema's descriptions come from the TSDoc of the TypeScript API: this
 * reads the argument interfaces and resource classes with the TypeScript
 * compiler and writes provider/plugin/schema/docs.ts, which the plugin's
 * schema imports (the plugin cannot load `typescript`, a dev
 * dependency). tests/plugin/schemaDocs.spec.ts fails when the file is stale.
 *
 *   node -r ts-node/register/transpile-only tools/schema/docs.ts
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const REPO = path.resolve(__dirname, "../..");
export const DOCS_FILE = path.join(REPO, "provider/plugin/schema/docs.ts");

/** The declarations whose documentation the schema uses: file, and the interfaces or classes in it. */
const SOURCES: Record<string, string[]> = {
    "sdk/network/interconnectNetwork.ts": ["InterconnectNetworkArgs", "OrchestratorConnectionArgs", "InterconnectNetwork"],
    "sdk/hub/hubCluster.ts": ["HubClusterArgs", "ExposedServiceArgs", "HubCluster"],
    "sdk/spoke/spokeCluster.ts": ["SpokeClusterArgs", "SpokeCluster"],
    "sdk/application/interconnectApplication.ts": ["InterconnectApplicationArgs", "InterconnectApplication"],
    "sdk/kube/clusterProvider.ts": ["ClusterAccessArgs"],
    "sdk/topology/addons.ts": ["HubAddOnArgs", "MemberAddOnArgs", "ChartSourceArgs"],
    "sdk/topology/model.ts": ["Naming"],
    "sdk/join/joinInfo.ts": ["JoinInfo", "JoinService", "JoinSigner"],
    "provider/orchestrator/types.ts": ["OverrideValues", "TargetClusters", "ServiceExport"],
    "provider/network/resource.ts": ["NetworkResourceArgs", "NetworkResource"],
    "provider/deployment/resource.ts": ["OrchestratorDeploymentArgs", "OrchestratorDeployment"],
    "provider/pki/authority.ts": ["CertificateAuthorityArgs", "CertificateAuthority"],
    "provider/pki/intermediateAuthority.ts": ["IntermediateAuthorityArgs", "IntermediateAuthority"],
    "provider/pki/signedCertificate.ts": ["SignedCertificateArgs", "SignedCertificate"],
};

/** TSDoc as plain Markdown: `{@link X.y}` becomes `X.y`. */
function clean(text: string): string {
    return text.replace(/\{@link\s+([^}\s|]+)(?:\s*\|\s*([^}]+))?\s*\}/g, (_m, target: string, label?: string) => `\`${(label ?? target).trim()}\``).trim();
}

/** The text of a declaration's TSDoc up to its first block tag (`@example`, `@internal`, …). */
function docOf(symbol: ts.Symbol, checker: ts.TypeChecker): string {
    return clean(ts.displayPartsToString(symbol.getDocumentationComment(checker)));
}

function isObjectLike(type: ts.Type): boolean {
    return (type.flags & ts.TypeFlags.Object) !== 0 && type.getCallSignatures().length === 0;
}

/**
 * `docs["HubClusterArgs.loadBalancer.addresses"]`: each documented property,
 * nested into inline object types and list elements (depth-bounded), and
 * `docs["HubCluster"]` for a class or interface itself.
 */
export function extractDocs(): Record<string, string> {
    const files = Object.keys(SOURCES).map((f) => path.join(REPO, f));
    const program = ts.createProgram(files, {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        strict: true,
        skipLibCheck: true,
        types: ["node"],
    });
    const checker = program.getTypeChecker();
    const docs: Record<string, string> = {};
    const walk = (prefix: string, type: ts.Type, depth: number, isClass: boolean) => {
        for (const prop of checker.getPropertiesOfType(type)) {
            const decl = prop.valueDeclaration ?? prop.declarations?.[0];
            // Only the package's own declarations: not pulumi.Resource's urn and id, not Map's methods.
            if (!decl || decl.getSourceFile().fileName.includes("/node_modules/")) continue;
            // Class members: only what the class itself declares publicly (its outputs), not pulumi.Resource's.
            if (isClass && !ts.isPropertyDeclaration(decl) && !ts.isGetAccessorDeclaration(decl)) continue;
            if (isClass && ts.getCombinedModifierFlags(decl as ts.Declaration) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
            const key = `${prefix}.${prop.getName()}`;
            const doc = docOf(prop, checker);
            if (doc) docs[key] = doc;
            if (isClass || depth >= 3) continue;
            let t = checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(prop, decl));
            if (checker.isArrayType(t)) t = checker.getNonNullableType((t as ts.TypeReference).typeArguments?.[0] ?? t);
            // Inline object types and interfaces of the API (not Inputs, Resources or records of values).
            const symbol = t.getSymbol();
            const isClassType = symbol !== undefined && (symbol.flags & ts.SymbolFlags.Class) !== 0;
            const fromLibrary = symbol?.declarations?.some((d) => d.getSourceFile().fileName.includes("/node_modules/")) ?? false;
            if (isObjectLike(t) && !isClassType && !fromLibrary) walk(key, t, depth + 1, false);
        }
    };
    for (const [file, names] of Object.entries(SOURCES)) {
        const source = program.getSourceFile(path.join(REPO, file));
        if (!source) throw new Error(`${file} is not in the program`);
        const moduleSymbol = checker.getSymbolAtLocation(source)!;
        const exported = checker.getExportsOfModule(moduleSymbol);
        for (const n of names) {
            const symbol = exported.find((s) => s.getName() === n);
            if (!symbol) throw new Error(`${file} exports no ${n}`);
            const doc = docOf(symbol, checker);
            if (doc) docs[n] = doc;
            const isClass = (symbol.flags & ts.SymbolFlags.Class) !== 0;
            walk(n, checker.getDeclaredTypeOfSymbol(symbol), 0, isClass);
        }
    }
    return Object.fromEntries(Object.entries(docs).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The file's text: a TypeScript module (tsc compiles it into dist/ with the
 * plugin), stable key order, formatted as `npm run format` leaves it.
 */
export async function docsFileText(docs: Record<string, string>): Promise<string> {
    const text = [
        "/** Generated by tools/schema/docs.ts from the TSDoc of the TypeScript API: edit the TSDoc, then run it. Do not edit. */",
        "export const DOCS: Readonly<Record<string, string>> = {",
        ...Object.entries(docs).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)},`),
        "};",
        "",
    ].join("\n");
    const prettier = await import("prettier");
    return prettier.format(text, { ...(await prettier.resolveConfig(DOCS_FILE)), filepath: DOCS_FILE });
}

if (require.main === module) {
    const docs = extractDocs();
    docsFileText(docs).then((text) => {
        fs.writeFileSync(DOCS_FILE, text);
        console.log(`${Object.keys(docs).length} descriptions written to ${path.relative(REPO, DOCS_FILE)}`);
    });
}
