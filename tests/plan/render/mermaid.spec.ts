/**
 * Mermaid text of sdk/plan/render/mermaid.ts: the exact flowchart for the
 * sample network, then the properties that let any name render.
 */
import * as assert from "node:assert/strict";
import { escapeMermaidLabel, renderMermaid, TopologyPicture } from "../../../sdk/plan/render";
import { largePicture, reversed, samplePicture } from "./fixtures";

/** Node declarations: `    id["label"]`, `    id[["label"]]` or `    id(["label"])`, as id → label. */
function nodes(text: string): Map<string, string> {
    const out = new Map<string, string>();
    for (const line of text.split("\n")) {
        const m = /^ {4}([^\s[(]+)(?:\[\["(.*)"\]\]|\(\["(.*)"\]\)|\["(.*)"\])$/.exec(line);
        if (m) out.set(m[1], m[2] ?? m[3] ?? m[4]);
    }
    return out;
}

/** Edge statements as [from, arrow, label, to]. */
function edges(text: string): [string, string, string | undefined, string][] {
    const out: [string, string, string | undefined, string][] = [];
    for (const line of text.split("\n")) {
        const m = /^ {4}(\S+) (-->|-\.->|---)(?:\|"([^"]*)"\|)? (\S+)$/.exec(line);
        if (m) out.push([m[1], m[2], m[3], m[4]]);
    }
    return out;
}

describe("renderMermaid", function () {
    it("draws the sample network exactly", () => {
        const expected = [
            "---",
            'title: "sample · http://127.0.0.1:8080 · project sample-project"',
            "---",
            "flowchart LR",
            "    %% hubs and their exposed services",
            '    hub_store_hub[["store-hub<br/>router 10.0.0.5:55671"]]',
            '    svc_store_hub__my_backend(["my-backend<br/>my-backend.interconnect.svc.cluster.local:8080 · TLS"])',
            "    hub_store_hub --- svc_store_hub__my_backend",
            "    %% spokes, linked to their hub's router",
            '    spoke_store_1["store-1<br/>interior router"]',
            '    spoke_store_1 -->|"10.0.0.5:55671"| hub_store_hub',
            '    spoke_store_2["store-2<br/>edge router"]',
            '    spoke_store_2 -.->|"10.0.0.5:55671"| hub_store_hub',
            "",
        ].join("\n");
        assert.equal(renderMermaid(samplePicture()), expected);
    });

    it("titles a network without an orchestrator by its name alone", () => {
        const p = samplePicture();
        delete p.network.orchestrator;
        assert.match(renderMermaid(p), /^---\ntitle: "sample"\n---\nflowchart LR\n/);
    });

    it("does not depend on input order", () => {
        const p = largePicture(3, 20);
        assert.equal(renderMermaid(reversed(p)), renderMermaid(p));
    });

    it("brackets an IPv6 router address", () => {
        const p = samplePicture();
        p.hubs[0].routerIp = "fd00::5";
        const out = renderMermaid(p);
        assert.ok(out.includes('    hub_store_hub[["store-hub<br/>router [fd00::5]:55671"]]'));
        assert.ok(out.includes('    spoke_store_1 -->|"[fd00::5]:55671"| hub_store_hub'));
    });

    describe("node ids", () => {
        const p: TopologyPicture = {
            network: { name: "ids" },
            hubs: [
                {
                    name: "hub.eu-west",
                    routerIp: "10.0.0.5",
                    routerPort: 55671,
                    allowedSourceRanges: [],
                    services: [{ name: "my backend", address: "b:1", tls: false }],
                },
                { name: "end", routerIp: "10.0.0.6", routerPort: 55671, allowedSourceRanges: [], services: [] },
            ],
            spokes: [
                { name: "a-b", hub: "hub.eu-west", routerMode: "interior" },
                { name: "a_b", hub: "end", routerMode: "interior" },
                { name: "café", hub: "end", routerMode: "edge" },
            ],
        };
        const out = renderMermaid(p);
        const declared = nodes(out);

        it("are reduced to [A-Za-z0-9_] with a kind prefix", () => {
            // Spokes follow their hub's order, so those of "end" come first.
            assert.deepEqual([...declared.keys()], ["hub_end", "hub_hub_eu_west", "svc_hub_eu_west__my_backend", "spoke_a_b", "spoke_caf_", "spoke_a_b_2"]);
            for (const id of declared.keys()) assert.match(id, /^[A-Za-z0-9_]+$/);
        });

        it("stay distinct when names collide after sanitizing", () => {
            // "a-b" is rendered later (its hub sorts after "end") and so takes the suffix.
            assert.equal(declared.get("spoke_a_b"), "a_b<br/>interior router");
            assert.equal(declared.get("spoke_a_b_2"), "a-b<br/>interior router");
        });

        it("are the only ids edges refer to", () => {
            const e = edges(out);
            assert.equal(e.length, 4);
            for (const [from, , , to] of e) {
                assert.ok(declared.has(from), from);
                assert.ok(declared.has(to), to);
            }
        });
    });

    describe("labels", () => {
        it("escape quotes, markup, ampersands, '#' and backticks as Mermaid entity codes", () => {
            assert.equal(escapeMermaidLabel(`we"ird<hub>&co`), "we#quot;ird#lt;hub#gt;#amp;co");
            // '#' first, or "#quot;" in a name would turn into a quote.
            assert.equal(escapeMermaidLabel("a#quot;b"), "a#35;quot;b");
            assert.equal(escapeMermaidLabel("`md`"), "#96;md#96;");
            assert.equal(escapeMermaidLabel("two\r\nlines\tand\rmore\n"), "two lines and more ");
        });

        it("stay inside their quotes whatever the names contain", () => {
            const nasty = `x"] --> evil["<b>&amp;</b>`;
            const p: TopologyPicture = {
                network: { name: `net "one" & <two>\n---` },
                hubs: [{ name: nasty, routerIp: "10.0.0.5", routerPort: 1, allowedSourceRanges: [], services: [{ name: nasty, address: `<a>&"`, tls: true }] }],
                spokes: [{ name: nasty, hub: nasty, routerMode: "edge" }],
            };
            const out = renderMermaid(p);
            const lines = out.trimEnd().split("\n");
            assert.equal(lines[1], String.raw`title: "net \"one\" & <two>\n---"`);
            const declared = nodes(out);
            assert.equal(declared.size, 3);
            const escaped = "x#quot;] --#gt; evil[#quot;#lt;b#gt;#amp;amp;#lt;/b#gt;";
            assert.equal(declared.get("hub_x_______evil___b__amp___b_"), `${escaped}<br/>router 10.0.0.5:1`);
            assert.equal(declared.get("svc_x_______evil___b__amp___b___x_______evil___b__amp___b_"), `${escaped}<br/>#lt;a#gt;#amp;#quot; · TLS`);
            assert.equal(declared.get("spoke_x_______evil___b__amp___b_"), `${escaped}<br/>edge router`);
            // Every line is a comment, a declaration, an edge or the front matter: nothing leaked out of a label.
            const other = lines.filter((l, i) => i > 3 && !l.startsWith("    %%") && !nodes(l).size && !edges(l).length);
            assert.deepEqual(other, []);
        });
    });

    describe("diff marks", () => {
        it("are absent without changes", () => {
            const out = renderMermaid(samplePicture());
            assert.doesNotMatch(out, /classDef|^ {4}class |linkStyle/m);
        });

        it("define the classes whenever changes are given, even if nothing matches", () => {
            const out = renderMermaid({ ...samplePicture(), changes: { added: [], removed: ["not-there"] } });
            assert.ok(
                out.endsWith(
                    [
                        "    %% diff marks",
                        "    classDef added fill:#e6ffed,stroke:#1a7f37,color:#1a7f37",
                        "    classDef removed fill:#ffebe9,stroke:#cf222e,color:#cf222e,stroke-dasharray:5 5",
                        "",
                    ].join("\n"),
                ),
            );
            assert.doesNotMatch(out, /^ {4}class |linkStyle/m);
        });

        it("mark added and removed nodes and their links", () => {
            const p = { ...samplePicture(), changes: { added: ["store-2", "my-backend"], removed: ["store-1"] } };
            const tail = renderMermaid(p).split("    %% diff marks\n")[1];
            // Links are numbered in definition order: 0 hub---service, 1 store-1, 2 store-2.
            assert.equal(
                tail,
                [
                    "    classDef added fill:#e6ffed,stroke:#1a7f37,color:#1a7f37",
                    "    classDef removed fill:#ffebe9,stroke:#cf222e,color:#cf222e,stroke-dasharray:5 5",
                    "    class svc_store_hub__my_backend,spoke_store_2 added",
                    "    linkStyle 0,2 stroke:#1a7f37",
                    "    class spoke_store_1 removed",
                    "    linkStyle 1 stroke:#cf222e,stroke-dasharray:5 5",
                    "",
                ].join("\n"),
            );
        });

        it("draw a name listed as both added and removed as removed", () => {
            const out = renderMermaid({ ...samplePicture(), changes: { added: ["store-hub"], removed: ["store-hub"] } });
            assert.match(out, /^ {4}class hub_store_hub removed$/m);
            assert.doesNotMatch(out, /^ {4}class .* added$/m);
        });
    });

    it("dots the links of edge-mode spokes only", () => {
        const e = edges(renderMermaid(largePicture(2, 9))).filter(([from]) => from.startsWith("spoke_"));
        assert.equal(e.length, 9);
        for (const [from, arrow] of e) {
            const i = Number(from.slice("spoke_edge_".length));
            assert.equal(arrow, i % 3 === 0 ? "-.->" : "-->", from);
        }
    });

    it("draws a placeholder for a hub that spokes name but the picture lacks", () => {
        const p = samplePicture();
        p.spokes.push({ name: "lost", hub: "ghost-hub", routerMode: "interior" });
        const out = renderMermaid(p);
        assert.equal(nodes(out).get("hub_ghost_hub"), "ghost-hub<br/>(hub not declared)");
        assert.ok(out.includes("\n    spoke_lost --> hub_ghost_hub\n"));
    });
});
