/**
 * A minimal, strict XML well-formedness checker for the SVG renderer's tests.
 * The package declares no XML parser, and transitive ones must not be
 * imported, so this covers exactly what the renderer may emit: an optional
 * XML declaration, comments, elements, quoted attributes and character data
 * with the five predefined entities and character references. Anything else
 * (doctype, CDATA, unbalanced or mis-nested tags, raw '&' or '<', unquoted or
 * duplicate attributes, a second root) is an error.
 */

export interface XmlElement {
    name: string;
    attrs: Record<string, string>;
    children: (XmlElement | string)[];
}

const NAME = /[A-Za-z_:][A-Za-z0-9_:.-]*/y;
const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
// Complement of the XML 1.0 Char production: allowed are tab, LF, CR and everything from U+0020 except lone surrogates and U+FFFE/U+FFFF.
const BAD_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function parseXml(source: string): XmlElement {
    let pos = 0;
    const fail = (msg: string): never => {
        throw new Error(`XML not well-formed at offset ${pos}: ${msg} (near ${JSON.stringify(source.slice(pos, pos + 40))})`);
    };
    const bad = BAD_CHAR.exec(source);
    if (bad) {
        pos = bad.index;
        fail("character not allowed in XML");
    }
    const skipSpace = () => {
        while (pos < source.length && " \t\r\n".includes(source[pos])) pos++;
    };
    const name = (): string => {
        NAME.lastIndex = pos;
        const m = NAME.exec(source);
        if (!m) fail("expected a name");
        pos += m![0].length;
        return m![0];
    };
    /** Decodes entity and character references; a '&' that does not start one is an error. */
    const decode = (raw: string): string =>
        raw.replace(/&([^;&\s]*);?/g, (whole, ref: string) => {
            if (!whole.endsWith(";")) fail(`bare '&' in ${JSON.stringify(raw)}`);
            if (ref in PREDEFINED) return PREDEFINED[ref];
            const m = /^#(?:([0-9]+)|x([0-9A-Fa-f]+))$/.exec(ref);
            if (!m) fail(`unknown entity &${ref};`);
            const code = m![1] !== undefined ? parseInt(m![1], 10) : parseInt(m![2], 16);
            const ch = code <= 0x10ffff ? String.fromCodePoint(code) : "\u0000";
            if (BAD_CHAR.test(ch) || (code >= 0xd800 && code <= 0xdfff)) fail(`reference to a forbidden character &${ref};`);
            return ch;
        });
    const comment = () => {
        const end = source.indexOf("-->", pos + 4);
        if (end < 0) fail("unterminated comment");
        if (source.slice(pos + 4, end).includes("--")) fail("'--' inside a comment");
        pos = end + 3;
    };
    const misc = () => {
        for (;;) {
            skipSpace();
            if (source.startsWith("<!--", pos)) comment();
            else return;
        }
    };
    const element = (): XmlElement => {
        if (source[pos] !== "<") fail("expected '<'");
        pos++;
        const el: XmlElement = { name: name(), attrs: {}, children: [] };
        for (;;) {
            const before = pos;
            skipSpace();
            if (source.startsWith("/>", pos)) {
                pos += 2;
                return el;
            }
            if (source[pos] === ">") {
                pos++;
                break;
            }
            if (pos === before) fail("attributes must be separated by whitespace");
            const attr = name();
            skipSpace();
            if (source[pos] !== "=") fail(`attribute ${attr} has no '='`);
            pos++;
            skipSpace();
            const quote = source[pos];
            if (quote !== '"' && quote !== "'") fail(`attribute ${attr} is not quoted`);
            const end = source.indexOf(quote, pos + 1);
            if (end < 0) fail(`attribute ${attr} is not terminated`);
            const raw = source.slice(pos + 1, end);
            if (raw.includes("<")) fail(`raw '<' in attribute ${attr}`);
            if (attr in el.attrs) fail(`duplicate attribute ${attr}`);
            el.attrs[attr] = decode(raw);
            pos = end + 1;
        }
        for (;;) {
            const next = source.indexOf("<", pos);
            if (next < 0) fail(`element <${el.name}> is not closed`);
            const raw = source.slice(pos, next);
            if (raw.includes("]]>")) fail("']]>' in character data");
            if (raw.length > 0) el.children.push(decode(raw));
            pos = next;
            if (source.startsWith("</", pos)) {
                pos += 2;
                const closing = name();
                if (closing !== el.name) fail(`</${closing}> closes <${el.name}>`);
                skipSpace();
                if (source[pos] !== ">") fail("expected '>'");
                pos++;
                return el;
            }
            if (source.startsWith("<!--", pos)) comment();
            else if (source.startsWith("<!", pos) || source.startsWith("<?", pos)) fail("markup this checker does not allow");
            else el.children.push(element());
        }
    };

    if (source.startsWith("<?xml")) {
        const end = source.indexOf("?>");
        if (end < 0) fail("unterminated XML declaration");
        if (!/^<\?xml version="1\.[0-9]"( encoding="[A-Za-z0-9._-]+")?( standalone="(yes|no)")?\s*\?>$/.test(source.slice(0, end + 2)))
            fail("malformed XML declaration");
        pos = end + 2;
    }
    misc();
    const root = element();
    misc();
    if (pos !== source.length) fail("content after the root element");
    return root;
}

/** Every element under (and including) `root`, in document order. */
export function allElements(root: XmlElement): XmlElement[] {
    const out: XmlElement[] = [];
    const walk = (el: XmlElement) => {
        out.push(el);
        for (const c of el.children) if (typeof c !== "string") walk(c);
    };
    walk(root);
    return out;
}

export const hasClass = (el: XmlElement, cls: string) => (el.attrs.class ?? "").split(/\s+/).includes(cls);

export const textOf = (el: XmlElement): string => el.children.map((c) => (typeof c === "string" ? c : textOf(c))).join("");
