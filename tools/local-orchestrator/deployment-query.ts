// Query parameters of the ADM deployments API and the list selection ADM applies
// (`selectDeployments`, `pkg/utils/dataselector`, `pkg/utils/parser`): labels filter,
// then `filter`, `orderBy` and pagination. Pure functions over the response objects.

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 500;
const DEPL_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]{0,1}$/;
const LIST_LABEL_PATTERN = /(^$)|^[a-z0-9]([-_.=,/a-z0-9]{0,198}[a-z0-9])?$/;
export const DELETE_TYPES = ["PARENT_ONLY", "ALL"] as const;
export type DeleteType = (typeof DELETE_TYPES)[number];

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/** The path id: ADM validates it like a name (depl_id rules of service.proto). */
export function checkDeplId(deplId: string): string | undefined {
    const length = [...deplId].length;
    if (length < 1) return "deplId: value length must be at least 1 characters";
    if (length > 40) return "deplId: value length must be at most 40 characters";
    if (!DEPL_ID_PATTERN.test(deplId)) return `deplId: value does not match regex pattern \`${DEPL_ID_PATTERN.source}\``;
    return undefined;
}

/** `deleteType`, PARENT_ONLY when omitted (the enum's zero value). */
export function parseDeleteType(query: URLSearchParams): Checked<DeleteType> {
    const raw = query.get("deleteType");
    if (raw === null) return { ok: true, value: "PARENT_ONLY" };
    if ((DELETE_TYPES as readonly string[]).includes(raw)) return { ok: true, value: raw as DeleteType };
    return { ok: false, message: `deleteType: value must be one of ${DELETE_TYPES.join(", ")}` };
}

export interface OrderBy {
    field: string;
    ascending: boolean;
}

export interface FilterBy {
    field: string;
    value: string;
}

export interface ListQuery {
    labels: string[];
    orderBy: OrderBy[];
    filter: FilterBy[];
    pageSize: number;
    offset: number;
}

const INT32_MAX = 2147483647;

/** An int32 query parameter (0 when absent) and its protovalidate `gte`/`lte` rule. */
function parseInt32(name: string, raw: string | null, min: number, max?: number): Checked<number> {
    if (raw === null || raw === "") return { ok: true, value: 0 };
    const value = /^-?\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(Math.abs(value) <= INT32_MAX)) return { ok: false, message: `${name}: invalid value "${raw}": must be a 32-bit integer` };
    if (value < min || (max !== undefined && value > max)) {
        const bound = max === undefined ? `greater than or equal to ${min}` : `greater than or equal to ${min} and less than or equal to ${max}`;
        return { ok: false, message: `${name}: value must be ${bound}` };
    }
    return { ok: true, value };
}

/** `parser.ParseOrderBy`: "field [asc|desc], ...". */
function parseOrderBy(raw: string): Checked<OrderBy[]> {
    if (raw === "") return { ok: true, value: [] };
    const out: OrderBy[] = [];
    for (const part of raw.split(",")) {
        const words = part
            .trim()
            .split(/\s+/)
            .filter((w) => w !== "");
        if (words.length === 0 || words.length > 2) return { ok: false, message: "orderBy: invalid format for order by parameter" };
        const direction = (words[1] ?? "asc").toLowerCase();
        if (direction !== "asc" && direction !== "desc") {
            return { ok: false, message: "orderBy: invalid order direction; must be 'asc' or 'desc'" };
        }
        out.push({ field: words[0] as string, ascending: direction === "asc" });
    }
    return { ok: true, value: out };
}

/** `parser.ParseFilterBy`: "field=value" expressions joined by " OR ", optionally quoted. */
function parseFilter(raw: string): Checked<FilterBy[]> {
    if (raw === "") return { ok: true, value: [] };
    let text = raw;
    if (text.length > 1 && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1);
    const out: FilterBy[] = [];
    for (const expression of text.split(" OR ")) {
        const match = /([^=]+)[ \t]*=[ \t]*(.+)/.exec(expression);
        if (!match) return { ok: false, message: "filter: invalid filter request" };
        out.push({ field: match[1] as string, value: match[2] as string });
    }
    return { ok: true, value: out };
}

export function parseListQuery(query: URLSearchParams): Checked<ListQuery> {
    const labels = query.getAll("labels");
    if (labels.length > 20) return { ok: false, message: "labels: value must contain no more than 20 item(s)" };
    for (const [i, label] of labels.entries()) {
        const length = [...label].length;
        if (length < 1) return { ok: false, message: `labels[${i}]: value length must be at least 1 characters` };
        if (length > 200) return { ok: false, message: `labels[${i}]: value length must be at most 200 characters` };
        if (!LIST_LABEL_PATTERN.test(label)) {
            return { ok: false, message: `labels[${i}]: value does not match regex pattern \`${LIST_LABEL_PATTERN.source}\`` };
        }
    }
    const pageSize = parseInt32("pageSize", query.get("pageSize"), 0, MAX_PAGE_SIZE);
    if (!pageSize.ok) return pageSize;
    const offset = parseInt32("offset", query.get("offset"), 0);
    if (!offset.ok) return offset;
    const orderBy = parseOrderBy(query.get("orderBy") ?? "");
    if (!orderBy.ok) return orderBy;
    const filter = parseFilter(query.get("filter") ?? "");
    if (!filter.ok) return filter;
    return {
        ok: true,
        value: { labels, orderBy: orderBy.value, filter: filter.value, pageSize: pageSize.value || DEFAULT_PAGE_SIZE, offset: offset.value },
    };
}

/** What selection looks at in each listed deployment. */
export interface Selectable {
    name: string;
    displayName: string;
    appName: string;
    appVersion: string;
    deployId: string;
    status: { state: string };
    /** Label sets of the deployment's targets. */
    targetLabels: ReadonlyArray<Readonly<Record<string, string>>>;
}

/**
 * The `labels` query (`checkFilter`): with filters given, a deployment is kept only
 * when each of its targets carries at least one of the `key=value` pairs.
 */
export function matchesLabels(item: Selectable, labels: readonly string[]): boolean {
    if (labels.length === 0) return true;
    const pairs = labels
        .flatMap((set) => set.split(","))
        .map((pair) => pair.split("="))
        .filter((kv) => kv.length > 1);
    return item.targetLabels.every((target) =>
        pairs.some(([key, value]) => Object.prototype.hasOwnProperty.call(target, key as string) && target[key as string] === value),
    );
}

/** `dataselector` fields of a deployment; undefined for any other name. */
function fieldOf(item: Selectable, field: string): string | undefined {
    switch (field) {
        case "name":
            return item.name;
        case "displayName":
            return item.displayName;
        case "appName":
            return item.appName;
        case "appVersion":
            return item.appVersion;
        case "deployId":
            return item.deployId;
        case "status":
            return item.status.state;
        default:
            return undefined;
    }
}

/** `StdComparableString.Contains`: case-insensitive substring, or a `*` wildcard match. */
function contains(value: string, wanted: string): boolean {
    const self = value.toLowerCase();
    const other = wanted.toLowerCase();
    if (!other.includes("*")) return self.includes(other);
    try {
        return new RegExp(`^${other.replace(/\*/g, ".*")}$`).test(self);
    } catch {
        return false;
    }
}

function compare(a: Selectable, b: Selectable, orderBy: readonly OrderBy[]): number {
    for (const { field, ascending } of orderBy) {
        const x = fieldOf(a, field);
        const y = fieldOf(b, field);
        // Upstream ignores the rest of the ordering at an unknown field.
        if (x === undefined || y === undefined) return 0;
        const lx = x.toLowerCase();
        const ly = y.toLowerCase();
        if (lx !== ly) return (lx < ly ? -1 : 1) * (ascending ? 1 : -1);
    }
    return 0;
}

/** Filter, then a stable sort, then the page: `ds.Filter().Sort().Paginate()`. */
export function selectPage<T extends Selectable>(items: readonly T[], query: ListQuery): T[] {
    const filtered =
        query.filter.length === 0
            ? [...items]
            : items.filter((item) =>
                  query.filter.some(({ field, value }) => {
                      const v = fieldOf(item, field);
                      return v !== undefined && contains(v, value);
                  }),
              );
    const sorted = query.orderBy.length === 0 ? filtered : filtered.sort((a, b) => compare(a, b, query.orderBy));
    if (query.offset >= sorted.length) return [];
    return sorted.slice(query.offset, query.offset + query.pageSize);
}
