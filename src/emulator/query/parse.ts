// Parser for Intuit's query language. Sources for the grammar and the messages:
// - Intuit, "Query operations and syntax" (developer.intuit.com .../learn/explore-the-quickbooks-online-api/
//   data-queries): SELECT * | count(*) FROM Entity [WHERE ...] [ORDERBY ...] [STARTPOSITION n]
//   [MAXRESULTS n]; operators IN = < > <= >= LIKE; values 'quoted', unquoted, true, false, (list) for IN,
//   ' ' for null; no OR, GROUP BY or JOIN; MAXRESULTS default 100, at most 1000; STARTPOSITION 1-based.
// - Intuit blog 2014-03-20 "Advanced SQL queries": backslash escapes special characters ('Adam\'s').
// - Keywords and names are case-insensitive (API reference, data queries page as mirrored in FACTS.md).
// - Fault wording, copied from real responses: 4000 "Error parsing query" with details
//   `QueryParserError: The query provided was empty`,
//   `QueryParserError: Encountered " <IDENTIFIER> "x "" at line 1, column 52. Was expecting one of: <EOF>
//   <AND> "iterator" "maxresults" <OR> "order" "orderby" "startposition"` (node-quickbooks #56) and
//   `QueryParserError: Invalid content. Lexical error at line 1, column 44.  Encountered: "%" (37), after : ""`
//   (quickbooks-node-promise #1); 4001 "Invalid query" with `QueryValidationError: value 1500 is too
//   large. Max allowed value is 1000` (quickbooks-ruby #24). The parser is JavaCC-generated on Intuit's
//   side, which is where the `Encountered ... Was expecting one of` form comes from.
// - Field lists (`SELECT Id, DisplayName FROM Customer`): the docs say projections are not supported,
//   yet clients send them widely and Intuit answers; they are parsed here and returned sparse.
import type {
  Condition,
  Operator,
  ParsedQuery,
  ParseResult,
  QueryError,
  Scalar,
  Selection,
  SortKey,
} from "./types.ts";

export const DEFAULT_MAX_RESULTS = 100;
export const MAX_MAX_RESULTS = 1000;

type Kind = "keyword" | "identifier" | "string" | "number" | "symbol" | "eof";

interface Token {
  kind: Kind;
  /** Lower-cased for keywords, the decoded value for strings, the text otherwise. */
  value: string;
  /** The text as written in the query. */
  image: string;
  line: number;
  column: number;
}

const KEYWORDS = new Set([
  "select",
  "from",
  "where",
  "and",
  "or",
  "orderby",
  "order",
  "by",
  "asc",
  "desc",
  "startposition",
  "maxresults",
  "in",
  "like",
  "count",
  "true",
  "false",
  "iterator",
]);

/** How JavaCC names a token in an error message. */
function describe(t: Token): string {
  switch (t.kind) {
    case "eof":
      return `"<EOF>"`;
    case "keyword":
      if (t.value === "and" || t.value === "or") return `" <${t.value.toUpperCase()}> "${t.image} ""`;
      return `" "${t.value}" "${t.image} ""`;
    case "identifier":
      return `" <IDENTIFIER> "${t.image} ""`;
    case "string":
      return `" <STRING_LITERAL> "${t.image} ""`;
    case "number":
      return `" <INTEGER_LITERAL> "${t.image} ""`;
    default:
      return `" "${t.image}" "${t.image} ""`;
  }
}

class ParseError extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

function lexicalError(line: number, column: number, found: string, after: string): ParseError {
  const encountered = found === "" ? "<EOF>" : `"${found}" (${found.charCodeAt(0)})`;
  return new ParseError(
    `QueryParserError: Invalid content. Lexical error at line ${line}, column ${column}.  Encountered: ${encountered}, after : "${after}"`,
  );
}

// Sticky patterns match at lastIndex, so the lexer never copies the rest of the statement.
const NUMBER = /-?\d+(\.\d+)?/y;
const WORD = /[A-Za-z_][A-Za-z0-9_.]*/y;
const SYMBOL = /<=|>=|[*(),=<>]/y;

function* tokenize(text: string): Generator<Token, void, undefined> {
  let i = 0;
  let line = 1;
  let column = 1;
  const advance = (n: number) => {
    for (let k = 0; k < n; k++) {
      if (text[i] === "\n") {
        line++;
        column = 1;
      } else column++;
      i++;
    }
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      advance(1);
      continue;
    }
    const start = { line, column };
    if (c === "'") {
      // Backslash escapes the next character, so 'Adam\'s' is Adam's and 'a\\b' is a\b.
      let value = "";
      let j = i + 1;
      let closed = false;
      while (j < text.length) {
        const d = text[j] as string;
        if (d === "\\" && j + 1 < text.length) {
          value += text[j + 1];
          j += 2;
        } else if (d === "'") {
          closed = true;
          j++;
          break;
        } else {
          value += d;
          j++;
        }
      }
      if (!closed) {
        advance(j - i);
        throw lexicalError(line, column, "", text.slice(i, j));
      }
      const image = text.slice(i, j);
      advance(j - i);
      yield { kind: "string", value, image, ...start };
      continue;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (number && (c !== "-" || /\d/.test(text[i + 1] ?? ""))) {
      advance(number[0].length);
      yield { kind: "number", value: number[0], image: number[0], ...start };
      continue;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(text);
    if (word) {
      const lower = word[0].toLowerCase();
      const kind: Kind = KEYWORDS.has(lower) ? "keyword" : "identifier";
      advance(word[0].length);
      yield { kind, value: kind === "keyword" ? lower : word[0], image: word[0], ...start };
      continue;
    }
    SYMBOL.lastIndex = i;
    const symbol = SYMBOL.exec(text);
    if (symbol) {
      advance(symbol[0].length);
      yield { kind: "symbol", value: symbol[0], image: symbol[0], ...start };
      continue;
    }
    throw lexicalError(line, column, c, "");
  }
  yield { kind: "eof", value: "", image: "", line, column };
}

/**
 * Pulls tokens one at a time, as Intuit's JavaCC parser does, so a syntax error early in the statement
 * is reported before a lexical error later in it (an unescaped quote is an unexpected identifier, not
 * an unterminated string).
 */
class Parser {
  readonly #tokens: Generator<Token, void, undefined>;
  #current: Token | undefined;
  constructor(tokens: Generator<Token, void, undefined>) {
    this.#tokens = tokens;
  }

  get #peek(): Token {
    if (!this.#current) {
      const next = this.#tokens.next();
      this.#current = next.done ? { kind: "eof", value: "", image: "", line: 1, column: 1 } : next.value;
    }
    return this.#current;
  }

  #next(): Token {
    const t = this.#peek;
    if (t.kind !== "eof") this.#current = undefined;
    return t;
  }

  #fail(expected: readonly string[]): never {
    const t = this.#peek;
    throw new ParseError(
      `QueryParserError: Encountered ${describe(t)} at line ${t.line}, column ${t.column}. Was expecting one of: ${expected.join(" ")}`,
    );
  }

  #isKeyword(...words: string[]): boolean {
    return this.#peek.kind === "keyword" && words.includes(this.#peek.value);
  }

  #isSymbol(symbol: string): boolean {
    return this.#peek.kind === "symbol" && this.#peek.value === symbol;
  }

  #keyword(word: string, expected: readonly string[] = [`"${word}"`]): void {
    if (!this.#isKeyword(word)) this.#fail(expected);
    this.#next();
  }

  #symbol(symbol: string): void {
    if (!this.#isSymbol(symbol)) this.#fail([`"${symbol}"`]);
    this.#next();
  }

  #identifier(): string[] {
    const t = this.#peek;
    if (t.kind !== "identifier" || t.value.endsWith(".") || t.value.includes(".."))
      this.#fail(["<IDENTIFIER>"]);
    this.#next();
    return t.value.split(".");
  }

  parse(): ParsedQuery {
    this.#keyword("select");
    const select = this.#selection();
    this.#keyword("from");
    const entityPath = this.#identifier();
    const entity = entityPath.join(".");
    const where: Condition[] = [];
    const orderBy: SortKey[] = [];
    let startPosition: number | undefined;
    let maxResults: number | undefined;
    // What may follow the clause parsed last, in the order Intuit's parser lists it.
    let expected = [
      "<EOF>",
      '"iterator"',
      '"maxresults"',
      '"order"',
      '"orderby"',
      '"startposition"',
      '"where"',
    ];

    if (this.#isKeyword("where")) {
      this.#next();
      where.push(this.#condition());
      while (this.#isKeyword("and")) {
        this.#next();
        where.push(this.#condition());
      }
      if (this.#isKeyword("or")) {
        throw new ValidationFailure("QueryValidationError: OR operation is not supported in a WHERE clause");
      }
      expected = [
        "<EOF>",
        "<AND>",
        '"iterator"',
        '"maxresults"',
        "<OR>",
        '"order"',
        '"orderby"',
        '"startposition"',
      ];
    }
    if (this.#isKeyword("orderby", "order")) {
      if (this.#next().value === "order") this.#keyword("by");
      orderBy.push(this.#sortKey());
      while (this.#isSymbol(",")) {
        this.#next();
        orderBy.push(this.#sortKey());
      }
      expected = ["<EOF>", '","', '"iterator"', '"maxresults"', '"startposition"'];
    }
    while (this.#isKeyword("startposition", "maxresults")) {
      const word = this.#next().value;
      const n = this.#integer();
      if (word === "startposition" && startPosition === undefined) startPosition = n;
      else if (word === "maxresults" && maxResults === undefined) maxResults = n;
      else this.#fail(["<EOF>"]);
      expected = [
        "<EOF>",
        ...(startPosition === undefined ? ['"startposition"'] : []),
        ...(maxResults === undefined ? ['"maxresults"'] : []),
      ];
    }
    if (this.#peek.kind !== "eof") this.#fail(expected);
    if (maxResults !== undefined && maxResults > MAX_MAX_RESULTS) {
      throw new ValidationFailure(
        `QueryValidationError: value ${maxResults} is too large. Max allowed value is ${MAX_MAX_RESULTS}`,
      );
    }
    return {
      select,
      entity,
      where,
      orderBy,
      startPosition: Math.max(1, startPosition ?? 1),
      maxResults: maxResults ?? DEFAULT_MAX_RESULTS,
    };
  }

  #selection(): Selection {
    if (this.#isSymbol("*")) {
      this.#next();
      return { kind: "all" };
    }
    if (this.#isKeyword("count")) {
      this.#next();
      this.#symbol("(");
      this.#symbol("*");
      this.#symbol(")");
      return { kind: "count" };
    }
    if (this.#peek.kind !== "identifier") this.#fail(['"*"', '"count"', "<IDENTIFIER>"]);
    const paths = [this.#identifier()];
    while (this.#isSymbol(",")) {
      this.#next();
      paths.push(this.#identifier());
    }
    return { kind: "fields", paths };
  }

  #condition(): Condition {
    const path = this.#identifier();
    const t = this.#peek;
    let op: Operator;
    if (t.kind === "symbol" && ["=", "<", ">", "<=", ">="].includes(t.value)) op = t.value as Operator;
    else if (t.kind === "keyword" && (t.value === "in" || t.value === "like"))
      op = t.value.toUpperCase() as Operator;
    else this.#fail(['"="', '"<"', '">"', '"<="', '">="', '"in"', '"like"']);
    this.#next();
    if (op === "IN") {
      this.#symbol("(");
      const values = [this.#value()];
      while (this.#isSymbol(",")) {
        this.#next();
        values.push(this.#value());
      }
      this.#symbol(")");
      return { path, op, value: values };
    }
    if (op === "LIKE" && this.#peek.kind !== "string") this.#fail(["<STRING_LITERAL>"]);
    return { path, op, value: this.#value() };
  }

  #value(): Scalar {
    const t = this.#peek;
    switch (t.kind) {
      case "string":
        this.#next();
        return t.value;
      case "number":
        this.#next();
        return Number(t.value);
      case "identifier":
        // Intuit accepts value_without_quote, e.g. `Type = Inventory`.
        this.#next();
        return t.value;
      case "keyword":
        if (t.value === "true" || t.value === "false") {
          this.#next();
          return t.value === "true";
        }
        break;
    }
    return this.#fail(["<STRING_LITERAL>", "<INTEGER_LITERAL>", '"true"', '"false"']);
  }

  #sortKey(): SortKey {
    const path = this.#identifier();
    let descending = false;
    if (this.#isKeyword("asc", "desc")) descending = this.#next().value === "desc";
    return { path, descending };
  }

  #integer(): number {
    const t = this.#peek;
    if (t.kind !== "number" || !/^\d+$/.test(t.value)) this.#fail(["<INTEGER_LITERAL>"]);
    this.#next();
    return Number(t.value);
  }
}

class ValidationFailure extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

export function parserError(detail: string): QueryError {
  return { ok: false, code: "4000", message: "Error parsing query", detail };
}

export function validationError(detail: string): QueryError {
  return { ok: false, code: "4001", message: "Invalid query", detail };
}

/** The 4001 fault Intuit answers for an entity it does not know (quickbooks-ruby #628). */
export function unknownEntityError(entity: string): QueryError {
  return validationError(`QueryValidationError: Metadata not found for Entity: ${entity}`);
}

export function parseQuery(text: string): ParseResult {
  if (text.trim() === "") return parserError("QueryParserError: The query provided was empty");
  try {
    return { ok: true, query: new Parser(tokenize(text)).parse() };
  } catch (e) {
    if (e instanceof ParseError) return parserError(e.detail);
    if (e instanceof ValidationFailure) return validationError(e.detail);
    throw e;
  }
}
