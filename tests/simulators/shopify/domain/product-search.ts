// A subset of Shopify's search syntax for `products(query:)`: implicit AND, OR, NOT/-, parentheses,
// `field:value` with quotes, `*` prefix wildcards and `:>`/`:<`/`:>=`/`:<=` comparisons. Like the
// real API it is forgiving: malformed input never errors, and unknown fields are ignored.
import { numericId } from "./ids";
import type { ProductRecord } from "./records";

type Comparator = "=" | ">" | "<" | ">=" | "<=";

type Expr =
  | { kind: "and"; items: Expr[] }
  | { kind: "or"; items: Expr[] }
  | { kind: "not"; item: Expr }
  | { kind: "term"; field: string | null; op: Comparator; value: string; quoted: boolean }
  | { kind: "all" };

type Token = { type: "lparen" | "rparen" | "or" | "and" | "not" | "word"; text: string; quoted?: boolean };

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "(") {
      tokens.push({ type: "lparen", text: ch });
      i++;
      continue;
    }
    if (ch === ")") {
      tokens.push({ type: "rparen", text: ch });
      i++;
      continue;
    }
    // A word runs to whitespace or a paren outside quotes; quotes may start anywhere (title:"a b").
    let text = "";
    let quoted = false;
    while (i < query.length && !/\s/.test(query[i]) && query[i] !== ")" && !(query[i] === "(" && text === "")) {
      const c = query[i];
      if (c === '"' || c === "'") {
        const end = query.indexOf(c, i + 1);
        if (end === -1) {
          text += query.slice(i + 1);
          i = query.length;
        } else {
          text += query.slice(i + 1, end);
          i = end + 1;
        }
        quoted = true;
        continue;
      }
      text += c;
      i++;
    }
    if (!quoted && text === "OR") tokens.push({ type: "or", text });
    else if (!quoted && text === "AND") tokens.push({ type: "and", text });
    else if (!quoted && text === "NOT") tokens.push({ type: "not", text });
    else if (text) tokens.push({ type: "word", text, quoted });
  }
  return tokens;
}

function parseTerm(token: Token): Expr {
  const text = token.text;
  const colon = text.indexOf(":");
  if (colon <= 0) return { kind: "term", field: null, op: "=", value: text, quoted: Boolean(token.quoted) };
  const field = text.slice(0, colon).toLowerCase();
  let rest = text.slice(colon + 1);
  let op: Comparator = "=";
  for (const candidate of [">=", "<=", ">", "<"] as const) {
    if (rest.startsWith(candidate)) {
      op = candidate;
      rest = rest.slice(candidate.length);
      break;
    }
  }
  return { kind: "term", field, op, value: rest, quoted: Boolean(token.quoted) };
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Expr {
    const items: Expr[] = [];
    while (this.pos < this.tokens.length) {
      if (this.tokens[this.pos].type === "rparen") {
        this.pos++; // stray closing paren: ignore, as Shopify does
        continue;
      }
      items.push(this.or());
    }
    return items.length === 0 ? { kind: "all" } : items.length === 1 ? items[0] : { kind: "and", items };
  }

  private or(): Expr {
    const items = [this.and()];
    while (this.peek("or")) {
      this.pos++;
      if (this.atEnd() || this.peek("rparen")) break; // dangling OR
      items.push(this.and());
    }
    return items.length === 1 ? items[0] : { kind: "or", items };
  }

  private and(): Expr {
    const items: Expr[] = [this.unary()];
    while (!this.atEnd() && !this.peek("or") && !this.peek("rparen")) {
      if (this.peek("and")) {
        this.pos++;
        continue;
      }
      items.push(this.unary());
    }
    return items.length === 1 ? items[0] : { kind: "and", items };
  }

  private unary(): Expr {
    const token = this.tokens[this.pos];
    if (!token) return { kind: "all" };
    if (token.type === "not") {
      this.pos++;
      return { kind: "not", item: this.unary() };
    }
    if (token.type === "lparen") {
      this.pos++;
      const inner = this.atEnd() ? ({ kind: "all" } as Expr) : this.or();
      if (this.peek("rparen")) this.pos++;
      return inner;
    }
    this.pos++;
    if (token.type !== "word") return { kind: "all" };
    if (token.text.startsWith("-") && token.text.length > 1 && !token.quoted) {
      return { kind: "not", item: parseTerm({ ...token, text: token.text.slice(1) }) };
    }
    return parseTerm(token);
  }

  private peek(type: Token["type"]): boolean {
    return this.tokens[this.pos]?.type === type;
  }

  private atEnd(): boolean {
    return this.pos >= this.tokens.length;
  }
}

function textMatches(haystack: string, needle: string): boolean {
  const h = haystack.toLowerCase();
  const n = needle.toLowerCase();
  if (n.endsWith("*")) return h.split(/[^a-z0-9]+/).some((word) => word.startsWith(n.slice(0, -1))) || h.startsWith(n.slice(0, -1));
  return h.includes(n);
}

function exactMatches(actual: string, expected: string): boolean {
  const a = actual.toLowerCase();
  const e = expected.toLowerCase();
  return e.endsWith("*") ? a.startsWith(e.slice(0, -1)) : a === e;
}

function compare(actual: number, op: Comparator, expected: number): boolean {
  switch (op) {
    case ">":
      return actual > expected;
    case "<":
      return actual < expected;
    case ">=":
      return actual >= expected;
    case "<=":
      return actual <= expected;
    default:
      return actual === expected;
  }
}

function compareDate(actualIso: string | null, op: Comparator, value: string): boolean {
  if (!actualIso) return false;
  const actual = Date.parse(actualIso);
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const expected = Date.parse(dayOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(expected)) return false;
  if (op === "=" && dayOnly) return actual >= expected && actual < expected + 86_400_000;
  return compare(actual, op, expected);
}

function termMatches(product: ProductRecord, term: Extract<Expr, { kind: "term" }>): boolean {
  const { field, op, value } = term;
  switch (field) {
    case null:
    case "default":
      return [product.title, product.vendor, product.productType, product.handle, ...product.tags, ...product.variants.map((v) => v.sku ?? "")].some(
        (text) => textMatches(text, value),
      );
    case "id":
    case "product_id":
      return compare(numericId(product.id), op, numericId(value));
    case "title":
      return textMatches(product.title, value);
    case "vendor":
      return exactMatches(product.vendor, value);
    case "product_type":
      return exactMatches(product.productType, value);
    case "handle":
      return exactMatches(product.handle, value);
    case "tag":
      return product.tags.some((tag) => exactMatches(tag, value));
    case "tag_not":
      return !product.tags.some((tag) => exactMatches(tag, value));
    case "status":
      return value.split(",").some((status) => status.trim().toUpperCase() === product.status);
    case "sku":
      return product.variants.some((v) => v.sku !== null && exactMatches(v.sku, value));
    case "created_at":
      return compareDate(product.createdAt, op, value);
    case "updated_at":
      return compareDate(product.updatedAt, op, value);
    case "published_at":
      return compareDate(product.publishedAt, op, value);
    case "published_status":
      return value === "any" || (value === "published") === (product.publishedAt !== null);
    default:
      return true; // Shopify ignores unknown fields (it only adds a search warning)
  }
}

function evaluate(expr: Expr, product: ProductRecord): boolean {
  switch (expr.kind) {
    case "all":
      return true;
    case "and":
      return expr.items.every((item) => evaluate(item, product));
    case "or":
      return expr.items.some((item) => evaluate(item, product));
    case "not":
      return !evaluate(expr.item, product);
    case "term":
      return termMatches(product, expr);
  }
}

export type ProductPredicate = (product: ProductRecord) => boolean;

export function compileProductQuery(query: string | null | undefined): ProductPredicate | null {
  if (!query || !query.trim()) return null;
  const expr = new Parser(tokenize(query)).parse();
  if (expr.kind === "all") return null;
  return (product) => evaluate(expr, product);
}
