/**
 * OData v2 `$filter`, as Exact Online accepts it: a tokenizer, a recursive-descent parser with type checks,
 * and an evaluator over stored rows. A real parser (not regexes) so that the sandbox fails exactly where
 * Exact fails, e.g. on an unescaped quote: `substringof('O'Brien', Name)` is a syntax error.
 */
import { parseIsoAsUtc } from "./dates";
import type { Row } from "./state";

export type FieldType = "string" | "guid" | "int" | "decimal" | "boolean" | "datetime";
type ValueType = FieldType | "null";

export class ODataQueryError extends Error {}

type Token =
  | { kind: "string"; value: string; pos: number }
  | { kind: "guid" | "datetime"; value: string; pos: number }
  | { kind: "number"; value: number; pos: number }
  | { kind: "ident"; value: string; pos: number }
  | { kind: "(" | ")" | "," | "eof"; pos: number };

export type FilterNode =
  | { kind: "literal"; type: ValueType; value: string | number | boolean | null }
  | { kind: "field"; name: string; type: FieldType }
  | { kind: "call"; name: string; args: FilterNode[]; type: ValueType }
  | { kind: "compare"; op: CompareOp; left: FilterNode; right: FilterNode }
  | { kind: "logical"; op: "and" | "or"; left: FilterNode; right: FilterNode }
  | { kind: "not"; operand: FilterNode };

type CompareOp = "eq" | "ne" | "gt" | "ge" | "lt" | "le";
const COMPARE_OPS = new Set<string>(["eq", "ne", "gt", "ge", "lt", "le"]);

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const readQuoted = (start: number): { value: string; end: number } => {
    // `start` is the index of the opening quote; a doubled quote inside is one literal quote.
    let value = "";
    let j = start + 1;
    for (;;) {
      if (j >= text.length) throw new ODataQueryError(`Unterminated string literal at position ${start}.`);
      const ch = text[j] as string;
      if (ch === "'") {
        if (text[j + 1] === "'") {
          value += "'";
          j += 2;
          continue;
        }
        return { value, end: j + 1 };
      }
      value += ch;
      j++;
    }
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "(" || ch === ")" || ch === ",") {
      tokens.push({ kind: ch, pos: i });
      i++;
    } else if (ch === "'") {
      const { value, end } = readQuoted(i);
      tokens.push({ kind: "string", value, pos: i });
      i = end;
    } else if (/[0-9]/.test(ch) || (ch === "-" && /[0-9]/.test(text[i + 1] ?? ""))) {
      const match = /^-?\d+(\.\d+)?([mMdDlLfF])?/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ kind: "number", value: Number(match[0].replace(/[mMdDlLfF]$/, "")), pos: i });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i)) as RegExpExecArray;
      const word = match[0];
      const after = i + word.length;
      const typedPrefix = word.toLowerCase();
      if (text[after] === "'" && (typedPrefix === "guid" || typedPrefix === "datetime" || typedPrefix === "datetimeoffset")) {
        const { value, end } = readQuoted(after);
        tokens.push({ kind: typedPrefix === "guid" ? "guid" : "datetime", value, pos: i });
        i = end;
      } else {
        tokens.push({ kind: "ident", value: word, pos: i });
        i = after;
      }
    } else {
      throw new ODataQueryError(`Syntax error at position ${i}: unexpected '${ch}'.`);
    }
  }
  tokens.push({ kind: "eof", pos: text.length });
  return tokens;
}

const FUNCTIONS: Record<string, { args: ValueType[]; returns: ValueType }> = {
  substringof: { args: ["string", "string"], returns: "boolean" },
  startswith: { args: ["string", "string"], returns: "boolean" },
  endswith: { args: ["string", "string"], returns: "boolean" },
  tolower: { args: ["string"], returns: "string" },
  toupper: { args: ["string"], returns: "string" },
  trim: { args: ["string"], returns: "string" },
  length: { args: ["string"], returns: "int" },
  year: { args: ["datetime"], returns: "int" },
  month: { args: ["datetime"], returns: "int" },
  day: { args: ["datetime"], returns: "int" },
};

const EDM_NAMES: Record<ValueType, string> = {
  string: "System.String", guid: "System.Guid", int: "System.Int32", decimal: "System.Double",
  boolean: "System.Boolean", datetime: "System.DateTime", null: "null",
};

const typeOf = (node: FilterNode): ValueType =>
  node.kind === "literal" || node.kind === "field" || node.kind === "call" ? node.type : "boolean";

const isNumeric = (t: ValueType): boolean => t === "int" || t === "decimal";
const compatible = (a: ValueType, b: ValueType): boolean =>
  a === "null" || b === "null" || a === b || (isNumeric(a) && isNumeric(b));

/** Parses a `$filter`; `fieldType` names the entity's fields (unknown field → error, as in Exact). */
export function parseFilter(text: string, fieldType: (name: string) => FieldType | undefined): FilterNode {
  const tokens = tokenize(text);
  let index = 0;
  const peek = (): Token => tokens[index] as Token;
  const take = (): Token => tokens[index++] as Token;
  const fail = (token: Token, what: string): never => {
    throw new ODataQueryError(`Syntax error at position ${token.pos}: ${what}.`);
  };
  const isWord = (token: Token, word: string): boolean => token.kind === "ident" && token.value.toLowerCase() === word;
  const expect = (kind: Token["kind"]): Token => {
    const token = take();
    if (token.kind !== kind) fail(token, `expected '${kind}'`);
    return token;
  };

  const parseOr = (): FilterNode => {
    let left = parseAnd();
    while (isWord(peek(), "or")) {
      const token = take();
      left = { kind: "logical", op: "or", left: requireBoolean(left, token), right: requireBoolean(parseAnd(), token) };
    }
    return left;
  };
  const parseAnd = (): FilterNode => {
    let left = parseUnary();
    while (isWord(peek(), "and")) {
      const token = take();
      left = { kind: "logical", op: "and", left: requireBoolean(left, token), right: requireBoolean(parseUnary(), token) };
    }
    return left;
  };
  const parseUnary = (): FilterNode => {
    if (isWord(peek(), "not")) {
      const token = take();
      return { kind: "not", operand: requireBoolean(parseUnary(), token) };
    }
    return parseComparison();
  };
  const parseComparison = (): FilterNode => {
    const left = parsePrimary();
    const next = peek();
    if (next.kind === "ident" && COMPARE_OPS.has(next.value.toLowerCase())) {
      take();
      const op = next.value.toLowerCase() as CompareOp;
      const right = parsePrimary();
      const [lt, rt] = [typeOf(left), typeOf(right)];
      if (!compatible(lt, rt)) {
        throw new ODataQueryError(
          `Operator '${op}' incompatible with operand types '${EDM_NAMES[lt]}' and '${EDM_NAMES[rt]}' at position ${next.pos}.`,
        );
      }
      return { kind: "compare", op, left, right };
    }
    return left;
  };
  const parsePrimary = (): FilterNode => {
    const token = take();
    switch (token.kind) {
      case "string":
        return { kind: "literal", type: "string", value: token.value };
      case "guid":
        if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(token.value)) fail(token, "invalid guid literal");
        return { kind: "literal", type: "guid", value: token.value.toLowerCase() };
      case "datetime": {
        const ms = parseIsoAsUtc(token.value);
        if (ms === undefined) return fail(token, "invalid datetime literal");
        return { kind: "literal", type: "datetime", value: ms };
      }
      case "number":
        return { kind: "literal", type: Number.isInteger(token.value) ? "int" : "decimal", value: token.value };
      case "(": {
        const inner = parseOr();
        expect(")");
        return inner;
      }
      case "ident": {
        const word = token.value;
        const lower = word.toLowerCase();
        if (lower === "true" || lower === "false") return { kind: "literal", type: "boolean", value: lower === "true" };
        if (lower === "null") return { kind: "literal", type: "null", value: null };
        if (peek().kind === "(") return parseCall(token, lower);
        const type = fieldType(word);
        if (!type) throw new ODataQueryError(`No property '${word}' exists in type at position ${token.pos}.`);
        return { kind: "field", name: word, type };
      }
      default:
        return fail(token, token.kind === "eof" ? "unexpected end of expression" : `unexpected '${token.kind}'`);
    }
  };
  const parseCall = (token: Token, name: string): FilterNode => {
    const signature = FUNCTIONS[name];
    if (!signature) throw new ODataQueryError(`Unknown function '${name}' at position ${token.pos}.`);
    expect("(");
    const args: FilterNode[] = [];
    if (peek().kind !== ")") {
      args.push(parseOr());
      while (peek().kind === ",") {
        take();
        args.push(parseOr());
      }
    }
    expect(")");
    if (args.length !== signature.args.length) {
      throw new ODataQueryError(`Function '${name}' takes ${signature.args.length} argument(s) at position ${token.pos}.`);
    }
    args.forEach((arg, i) => {
      const want = signature.args[i] as ValueType;
      if (!compatible(typeOf(arg), want)) {
        throw new ODataQueryError(`Function '${name}' expects ${EDM_NAMES[want]} arguments at position ${token.pos}.`);
      }
    });
    return { kind: "call", name, args, type: signature.returns };
  };
  const requireBoolean = (node: FilterNode, at: Token): FilterNode => {
    if (typeOf(node) !== "boolean") fail(at, "operand must be a boolean expression");
    return node;
  };

  const tree = parseOr();
  const rest = peek();
  if (rest.kind !== "eof") fail(rest, `unexpected '${rest.kind === "ident" ? rest.value : rest.kind}'`);
  if (typeOf(tree) !== "boolean") fail(rest, "the filter must be a boolean expression");
  return tree;
}

type Value = string | number | boolean | null;

function valueOf(node: FilterNode, row: Row): Value {
  switch (node.kind) {
    case "literal":
      return node.value;
    case "field": {
      const value = row[node.name];
      if (value === undefined || value === null) return null;
      if (node.type === "guid" && typeof value === "string") return value.toLowerCase();
      return value as Value;
    }
    case "call":
      return callValue(node.name, node.args.map((arg) => valueOf(arg, row)));
    default:
      return evaluateFilter(node, row);
  }
}

function callValue(name: string, args: Value[]): Value {
  const [a, b] = args;
  const str = (v: Value): string | null => (v === null ? null : String(v));
  const sa = str(a ?? null);
  const sb = str(b ?? null);
  switch (name) {
    case "substringof": // substringof(needle, haystack); SQL Server collations are case-insensitive
      return sa !== null && sb !== null && sb.toLowerCase().includes(sa.toLowerCase());
    case "startswith":
      return sa !== null && sb !== null && sa.toLowerCase().startsWith(sb.toLowerCase());
    case "endswith":
      return sa !== null && sb !== null && sa.toLowerCase().endsWith(sb.toLowerCase());
    case "tolower":
      return sa === null ? null : sa.toLowerCase();
    case "toupper":
      return sa === null ? null : sa.toUpperCase();
    case "trim":
      return sa === null ? null : sa.trim();
    case "length":
      return sa === null ? null : sa.length;
    case "year":
      return typeof a === "number" ? new Date(a).getUTCFullYear() : null;
    case "month":
      return typeof a === "number" ? new Date(a).getUTCMonth() + 1 : null;
    case "day":
      return typeof a === "number" ? new Date(a).getUTCDate() : null;
    default:
      return null;
  }
}

function compare(op: CompareOp, left: Value, right: Value): boolean {
  if (left === null || right === null) {
    if (op === "eq") return left === right;
    if (op === "ne") return left !== right;
    return false;
  }
  const l = typeof left === "string" ? left.toLowerCase() : left;
  const r = typeof right === "string" ? right.toLowerCase() : right;
  switch (op) {
    case "eq":
      return l === r;
    case "ne":
      return l !== r;
    case "gt":
      return l > r;
    case "ge":
      return l >= r;
    case "lt":
      return l < r;
    case "le":
      return l <= r;
  }
}

export function evaluateFilter(node: FilterNode, row: Row): boolean {
  switch (node.kind) {
    case "logical":
      return node.op === "and"
        ? evaluateFilter(node.left, row) && evaluateFilter(node.right, row)
        : evaluateFilter(node.left, row) || evaluateFilter(node.right, row);
    case "not":
      return !evaluateFilter(node.operand, row);
    case "compare":
      return compare(node.op, valueOf(node.left, row), valueOf(node.right, row));
    default:
      return valueOf(node, row) === true;
  }
}

/** Every property a filter names, anywhere in it (for Exact's mandatory filtering). */
export function filterFields(node: FilterNode): Set<string> {
  const names = new Set<string>();
  const walk = (n: FilterNode): void => {
    switch (n.kind) {
      case "field":
        names.add(n.name);
        return;
      case "call":
        n.args.forEach(walk);
        return;
      case "compare":
      case "logical":
        walk(n.left);
        walk(n.right);
        return;
      case "not":
        walk(n.operand);
        return;
      case "literal":
        return;
    }
  };
  walk(node);
  return names;
}
