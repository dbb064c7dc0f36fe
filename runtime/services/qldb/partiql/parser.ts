/**
 * A hand-written recursive-descent parser for QLDB's PartiQL dialect. Hand-written because no maintained
 * JavaScript PartiQL parser exists (partiql-lang-kotlin is JVM-only), and QLDB accepts only a small
 * subset anyway (developer guide, "PartiQL reference"); everything outside it is refused by name.
 */
import { Decimal, dom, loadAll } from 'ion-js';
import type { CompareOp, DmlOperation, Expr, FromItem, FromSource, PathStep, Position, Projection, Statement } from './ast';
import { semanticError, syntaxError, tooDeeplyNested, unsupported } from './errors';
import { tokenize, type Token } from './lexer';
import { ionBool, ionNull, MISSING } from './values';

/** Words that can never be a bare identifier or alias (PartiQL reserves them; quote them to use them). */
const RESERVED = new Set(
  (
    'SELECT FROM WHERE AS AT BY JOIN INNER LEFT RIGHT FULL OUTER CROSS ON AND OR NOT IN BETWEEN LIKE ESCAPE IS NULL ' +
    'MISSING TRUE FALSE SET REMOVE INSERT INTO UPDATE DELETE ORDER GROUP HAVING LIMIT OFFSET UNION INTERSECT EXCEPT ' +
    'DISTINCT CREATE DROP TABLE INDEX WITH EXEC CASE WHEN THEN ELSE END LET PIVOT UNPIVOT VALUES VALUE'
  ).split(' '),
);

/** Clauses PartiQL has and QLDB refuses (no ORDER BY: AWS re:Post; the rest are outside the documented subset). */
const UNSUPPORTED_CLAUSES: Record<string, string> = {
  ORDER: 'ORDER BY',
  GROUP: 'GROUP BY',
  HAVING: 'HAVING',
  LIMIT: 'LIMIT',
  OFFSET: 'OFFSET',
  UNION: 'UNION',
  INTERSECT: 'INTERSECT',
  EXCEPT: 'EXCEPT',
  LET: 'LET',
  PIVOT: 'PIVOT',
  UNPIVOT: 'UNPIVOT',
  DISTINCT: 'DISTINCT',
  CASE: 'CASE',
  VALUES: 'VALUES',
  LEFT: 'LEFT JOIN',
  RIGHT: 'RIGHT JOIN',
  FULL: 'FULL JOIN',
  OUTER: 'OUTER JOIN',
};

const COMPARE_OPS: Record<string, CompareOp> = { '=': '=', '<>': '<>', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

export interface ParseResult {
  statement: Statement;
  parameterCount: number;
}

/** Nested parentheses, literals, NOT and unary minus: each level costs the parser about a dozen stack frames. */
const MAX_NESTING = 100;

/**
 * Chains (`a AND b AND …`, `1 + 2 + …`) parse in a loop but build trees as deep as they are long,
 * which the evaluator and the access checks then recurse over.
 */
const MAX_TREE_DEPTH = 1000;

export function parse(text: string): ParseResult {
  const parser = new Parser(tokenize(text));
  const statement = parser.statement();
  checkTreeDepth(statement);
  return { statement, parameterCount: parser.parameterCount };
}

/** Walks the tree without recursion; Ion values (literals) are leaves. */
function checkTreeDepth(statement: Statement): void {
  const pending: [unknown, number][] = [[statement, 1]];
  while (pending.length) {
    const [node, depth] = pending.pop()!;
    if (typeof node !== 'object' || node === null || node instanceof dom.Value) continue;
    if (depth > MAX_TREE_DEPTH) throw tooDeeplyNested(MAX_TREE_DEPTH);
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
}

class Parser {
  private pos = 0;
  private nesting = 0;
  parameterCount = 0;
  /** Variables bound by the FROM items parsed so far: a later FROM path may start at one of them. */
  private scope: string[] = [];

  constructor(private readonly tokens: Token[]) {}

  statement(): Statement {
    const first = this.peek();
    let statement: Statement;
    switch (this.keyword(first)) {
      case 'SELECT':
        statement = this.select();
        break;
      case 'INSERT':
        statement = this.insert();
        break;
      case 'UPDATE':
        statement = this.update();
        break;
      case 'DELETE':
        statement = this.delete();
        break;
      case 'FROM':
        statement = this.fromDml();
        break;
      case 'CREATE':
        statement = this.create();
        break;
      case 'DROP':
        statement = this.drop();
        break;
      case 'UNDROP':
        statement = this.undrop();
        break;
      case 'EXEC':
        statement = this.exec();
        break;
      default:
        throw this.unexpected(first);
    }
    this.acceptPunct(';');
    const rest = this.peek();
    if (rest.kind !== 'eof') throw this.unexpected(rest);
    return statement;
  }

  // ---- statements -------------------------------------------------------------------------------

  private select(): Statement {
    this.expectKeyword('SELECT');
    this.acceptKeyword('ALL');
    let projection: Projection;
    if (this.acceptPunct('*')) {
      projection = { kind: 'star' };
    } else if (this.acceptKeyword('VALUE')) {
      projection = { kind: 'value', expr: this.expr() };
    } else {
      const items: { expr: Expr; alias?: string }[] = [];
      do {
        const expr = this.expr();
        items.push({ expr, alias: this.optionalAlias() });
      } while (this.acceptPunct(','));
      projection = { kind: 'items', items };
    }
    const from = this.acceptKeyword('FROM') ? this.fromClause() : [];
    const where = this.acceptKeyword('WHERE') ? this.expr() : undefined;
    return { kind: 'select', projection, from, where };
  }

  private insert(): Statement {
    this.expectKeyword('INSERT');
    this.expectKeyword('INTO');
    const { name: table, pos } = this.name();
    if (this.acceptKeyword('VALUE')) return { kind: 'insert', table, pos, value: this.expr(), many: false };
    if (this.isKeyword(this.peek(), 'SELECT')) throw unsupported('INSERT INTO … SELECT');
    return { kind: 'insert', table, pos, value: this.expr(), many: true };
  }

  /** `UPDATE T [AS t] [BY id] SET …/REMOVE …/INSERT INTO … [WHERE …]`. */
  private update(): Statement {
    this.expectKeyword('UPDATE');
    const from = [this.fromItem(0)];
    const operations = this.dmlOperations();
    const where = this.acceptKeyword('WHERE') ? this.expr() : undefined;
    return { kind: 'update', from, where, operations };
  }

  /** `FROM T [AS t] [BY id] [, t.path AS x] [WHERE …] SET …/REMOVE …/INSERT INTO …`. */
  private fromDml(): Statement {
    this.expectKeyword('FROM');
    const from = this.fromClause();
    if (from.some((item, i) => i > 0 && item.source.kind !== 'nested')) throw unsupported('JOIN in a DML statement');
    const where = this.acceptKeyword('WHERE') ? this.expr() : undefined;
    return { kind: 'update', from, where, operations: this.dmlOperations() };
  }

  private delete(): Statement {
    this.expectKeyword('DELETE');
    this.expectKeyword('FROM');
    const from = [this.fromItem(0)];
    const where = this.acceptKeyword('WHERE') ? this.expr() : undefined;
    return { kind: 'delete', from, where };
  }

  private dmlOperations(): DmlOperation[] {
    const operations: DmlOperation[] = [];
    for (;;) {
      if (this.acceptKeyword('SET')) {
        do {
          const target = this.postfix();
          this.expectPunct('=');
          operations.push({ kind: 'set', target, value: this.expr() });
        } while (this.acceptPunct(','));
      } else if (this.acceptKeyword('REMOVE')) {
        operations.push({ kind: 'remove', target: this.postfix() });
      } else if (this.isKeyword(this.peek(), 'INSERT')) {
        this.next();
        this.expectKeyword('INTO');
        const target = this.postfix();
        this.expectKeyword('VALUE');
        const value = this.expr();
        operations.push({ kind: 'insert', target, value, at: this.acceptKeyword('AT') ? this.expr() : undefined });
      } else {
        break;
      }
    }
    if (operations.length === 0) throw this.unexpected(this.peek());
    return operations;
  }

  private create(): Statement {
    this.expectKeyword('CREATE');
    if (this.acceptKeyword('TABLE')) {
      const { name } = this.name();
      return { kind: 'create-table', name, tags: this.acceptKeyword('WITH') ? this.tableTags() : undefined };
    }
    this.expectKeyword('INDEX');
    this.expectKeyword('ON');
    const { name: table, pos } = this.name();
    this.expectPunct('(');
    const { name: field } = this.name();
    // QLDB indexes cover exactly one top-level field (developer guide, "CREATE INDEX command").
    const after = this.peek();
    if (after.kind === 'punct' && (after.text === '.' || after.text === '[' || after.text === ',')) {
      throw semanticError('CREATE INDEX supports exactly one top-level field; composite and nested indexes are not supported');
    }
    this.expectPunct(')');
    return { kind: 'create-index', table, pos, field };
  }

  /** `WITH (aws_tags = \`{'k': 'v'}\`)` (developer guide, "Tagging tables on creation"). */
  private tableTags(): Record<string, string> {
    this.expectPunct('(');
    const key = this.next();
    if (key.kind !== 'word' || key.text.toLowerCase() !== 'aws_tags') throw this.unexpected(key);
    this.expectPunct('=');
    const literal = this.next();
    if (literal.kind !== 'ion') throw this.unexpected(literal);
    const value = this.ionValue(literal);
    this.expectPunct(')');
    if (value.getType().name !== 'struct' || value.isNull()) throw semanticError('aws_tags must be an Ion struct');
    const tags: Record<string, string> = {};
    for (const [k, v] of value.fields()) {
      const type = v.getType().name;
      if ((type !== 'string' && type !== 'symbol') || v.isNull()) throw semanticError(`the value of tag '${k}' must be a string`);
      tags[k] = v.stringValue()!;
    }
    return tags;
  }

  private drop(): Statement {
    this.expectKeyword('DROP');
    if (this.acceptKeyword('TABLE')) {
      const { name, pos } = this.name();
      return { kind: 'drop-table', name, pos };
    }
    this.expectKeyword('INDEX');
    const indexId = this.identifierOrString();
    this.expectKeyword('ON');
    const { name: table, pos } = this.name();
    // The clause is mandatory and `purge` must be lower-case (developer guide, "DROP INDEX command").
    if (!this.acceptKeyword('WITH')) throw semanticError('DROP INDEX requires WITH (purge = true)');
    this.expectPunct('(');
    const purge = this.next();
    if (purge.kind !== 'word' || purge.text !== 'purge') {
      throw semanticError(`DROP INDEX requires WITH (purge = true); found '${purge.text}'`);
    }
    this.expectPunct('=');
    this.expectKeyword('TRUE');
    this.expectPunct(')');
    return { kind: 'drop-index', indexId, table, pos };
  }

  private undrop(): Statement {
    this.expectKeyword('UNDROP');
    this.expectKeyword('TABLE');
    return { kind: 'undrop-table', tableId: this.identifierOrString() };
  }

  /** `EXEC REDACT_REVISION <blockAddress>, '<tableId>', '<documentId>'` (developer guide, "REDACT_REVISION"). */
  private exec(): Statement {
    this.expectKeyword('EXEC');
    const procedure = this.next();
    if (procedure.kind !== 'word') throw this.unexpected(procedure);
    if (procedure.text.toUpperCase() !== 'REDACT_REVISION') throw unsupported(`EXEC ${procedure.text}`);
    const address = this.expr();
    this.expectPunct(',');
    const tableId = this.expr();
    this.expectPunct(',');
    const documentId = this.expr();
    return { kind: 'redact', address, tableId, documentId };
  }

  // ---- FROM -------------------------------------------------------------------------------------

  private fromClause(): FromItem[] {
    const items = [this.fromItem(0)];
    for (;;) {
      if (this.acceptPunct(',')) {
        items.push(this.fromItem(items.length));
        continue;
      }
      const t = this.peek();
      const word = this.keyword(t);
      if (word === 'CROSS') {
        this.next();
        this.expectKeyword('JOIN');
        items.push(this.fromItem(items.length));
      } else if (word === 'INNER' || word === 'JOIN') {
        this.next();
        if (word === 'INNER') this.expectKeyword('JOIN');
        const item = this.fromItem(items.length);
        this.expectKeyword('ON');
        items.push({ ...item, on: this.expr() });
      } else {
        return items;
      }
    }
  }

  private fromItem(index: number): FromItem {
    const source = this.fromSource();
    const alias = this.optionalAlias() ?? defaultAlias(source, index);
    if (this.isKeyword(this.peek(), 'AT')) throw unsupported('AT');
    let byVar: string | undefined;
    if (this.acceptKeyword('BY')) byVar = this.name().name;
    this.scope.push(alias);
    if (byVar) this.scope.push(byVar);
    return { source, alias, byVar };
  }

  private fromSource(): FromSource {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === '(') {
      if (this.isKeyword(this.peekAt(1), 'SELECT')) throw unsupported('subquery');
      throw this.unexpected(t);
    }
    if (t.kind === 'word' && t.text.toLowerCase() === 'history' && this.isPunct(this.peekAt(1), '(')) return this.history();
    const path = this.postfix();
    if (path.kind === 'var' && !path.atSign && !this.scope.includes(path.name)) {
      return { kind: 'table', name: path.name, pos: path.pos };
    }
    const root = path.kind === 'path' ? path.root : path;
    if (root.kind !== 'var') throw this.unexpected(t);
    if (this.scope.includes(root.name)) return { kind: 'nested', path };
    const steps = path.kind === 'path' ? path.steps : [];
    if (root.name.toLowerCase() === 'information_schema' && steps.length === 1 && steps[0].kind === 'field' && steps[0].name === 'user_tables') {
      return { kind: 'catalog' };
    }
    throw semanticError(`at line ${root.pos.line}, column ${root.pos.column}: No such variable named '${root.name}'`);
  }

  /** `history(T | 'tableId' [, \`start\` [, \`end\`]])` (developer guide, "Querying revision history"). */
  private history(): FromSource {
    this.next();
    this.expectPunct('(');
    const t = this.next();
    let table: { name: string; pos: Position } | { tableId: string };
    if (t.kind === 'string') table = { tableId: t.text };
    else if ((t.kind === 'word' && !RESERVED.has(t.text.toUpperCase())) || t.kind === 'quoted') table = { name: t.text, pos: position(t) };
    else throw this.unexpected(t);
    const start = this.acceptPunct(',') ? this.expr() : undefined;
    const end = start && this.acceptPunct(',') ? this.expr() : undefined;
    this.expectPunct(')');
    return { kind: 'history', table, start, end };
  }

  private optionalAlias(): string | undefined {
    if (this.acceptKeyword('AS')) return this.name().name;
    const t = this.peek();
    if (t.kind === 'quoted' || (t.kind === 'word' && !RESERVED.has(t.text.toUpperCase()))) {
      this.next();
      return t.text;
    }
    return undefined;
  }

  // ---- expressions ------------------------------------------------------------------------------

  private expr(): Expr {
    return this.nested(() => {
      let left = this.and();
      while (this.acceptKeyword('OR')) left = { kind: 'or', left, right: this.and() };
      return left;
    });
  }

  /** Runs one level of recursive descent, refusing the statement past MAX_NESTING levels. */
  private nested<T>(parse: () => T): T {
    if (++this.nesting > MAX_NESTING) throw tooDeeplyNested(MAX_NESTING);
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }

  private and(): Expr {
    let left = this.not();
    while (this.acceptKeyword('AND')) left = { kind: 'and', left, right: this.not() };
    return left;
  }

  private not(): Expr {
    if (this.acceptKeyword('NOT')) return { kind: 'not', operand: this.nested(() => this.not()) };
    return this.predicate();
  }

  private predicate(): Expr {
    let left = this.concat();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'punct' && COMPARE_OPS[t.text]) {
        this.next();
        left = { kind: 'compare', op: COMPARE_OPS[t.text], left, right: this.concat() };
        continue;
      }
      if (this.acceptKeyword('IS')) {
        const negated = this.acceptKeyword('NOT');
        const test = this.next();
        const word = this.keyword(test);
        if (word !== 'NULL' && word !== 'MISSING') throw this.unexpected(test);
        left = { kind: 'is', operand: left, test: word === 'NULL' ? 'null' : 'missing', negated };
        continue;
      }
      const negated = this.isKeyword(t, 'NOT') && ['IN', 'BETWEEN', 'LIKE'].includes(this.keyword(this.peekAt(1)) ?? '');
      if (negated) this.next();
      if (this.acceptKeyword('IN')) {
        left = { kind: 'in', operand: left, collection: this.inCollection(), negated };
      } else if (this.acceptKeyword('BETWEEN')) {
        const low = this.concat();
        this.expectKeyword('AND');
        left = { kind: 'between', operand: left, low, high: this.concat(), negated };
      } else if (this.acceptKeyword('LIKE')) {
        const pattern = this.concat();
        const escape = this.acceptKeyword('ESCAPE') ? this.concat() : undefined;
        left = { kind: 'like', operand: left, pattern, escape, negated };
      } else {
        return left;
      }
    }
  }

  /** `IN (a, b)` is a list of expressions; `IN [..]`, `IN ?` and other forms are one collection value. */
  private inCollection(): Expr {
    if (!this.isPunct(this.peek(), '(')) return this.concat();
    if (this.isKeyword(this.peekAt(1), 'SELECT')) throw unsupported('subquery');
    this.next();
    const items = [this.expr()];
    while (this.acceptPunct(',')) items.push(this.expr());
    this.expectPunct(')');
    return { kind: 'list', items, bag: false };
  }

  private concat(): Expr {
    let left = this.additive();
    while (this.acceptPunct('||')) left = { kind: 'arithmetic', op: '||', left, right: this.additive() };
    return left;
  }

  private additive(): Expr {
    let left = this.multiplicative();
    for (;;) {
      const op = this.acceptPunct('+') ? '+' : this.acceptPunct('-') ? '-' : undefined;
      if (!op) return left;
      left = { kind: 'arithmetic', op, left, right: this.multiplicative() };
    }
  }

  private multiplicative(): Expr {
    let left = this.unary();
    for (;;) {
      const op = this.acceptPunct('*') ? '*' : this.acceptPunct('/') ? '/' : this.acceptPunct('%') ? '%' : undefined;
      if (!op) return left;
      left = { kind: 'arithmetic', op, left, right: this.unary() };
    }
  }

  private unary(): Expr {
    if (this.acceptPunct('-')) {
      const t = this.peek();
      // A negative number literal stays a literal, so it can drive an index lookup.
      if (t.kind === 'number') {
        this.next();
        return { kind: 'literal', value: numberLiteral('-' + t.text) };
      }
      return { kind: 'negate', operand: this.nested(() => this.unary()) };
    }
    if (this.acceptPunct('+')) return this.nested(() => this.unary());
    return this.postfix();
  }

  /** A primary followed by path steps: `.name`, `."Name"`, `[expr]`. */
  private postfix(): Expr {
    const root = this.primary();
    const steps: PathStep[] = [];
    for (;;) {
      if (this.acceptPunct('.')) {
        const t = this.next();
        if (t.kind === 'word' || t.kind === 'quoted') steps.push({ kind: 'field', name: t.text });
        else if (this.isPunct(t, '*')) throw unsupported('path wildcard .*');
        else throw this.unexpected(t);
      } else if (this.acceptPunct('[')) {
        if (this.isPunct(this.peek(), '*')) throw unsupported('path wildcard [*]');
        steps.push({ kind: 'index', index: this.expr() });
        this.expectPunct(']');
      } else {
        break;
      }
    }
    return steps.length === 0 ? root : { kind: 'path', root, steps };
  }

  private primary(): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        return { kind: 'literal', value: numberLiteral(t.text) };
      case 'string':
        return { kind: 'literal', value: new dom.String(t.text) };
      case 'ion':
        return { kind: 'literal', value: this.ionValue(t) };
      case 'quoted':
        return { kind: 'var', name: t.text, atSign: false, pos: position(t) };
      case 'word':
        return this.wordPrimary(t);
      case 'punct':
        return this.punctPrimary(t);
      default:
        throw this.unexpected(t);
    }
  }

  private wordPrimary(t: Token): Expr {
    const word = t.text.toUpperCase();
    if (word === 'TRUE' || word === 'FALSE') return { kind: 'literal', value: ionBool(word === 'TRUE') };
    if (word === 'NULL') return { kind: 'literal', value: ionNull() };
    if (word === 'MISSING') return { kind: 'literal', value: MISSING };
    if (word === 'SELECT') throw unsupported('subquery');
    if (UNSUPPORTED_CLAUSES[word]) throw unsupported(UNSUPPORTED_CLAUSES[word]);
    if (this.isPunct(this.peek(), '(')) {
      if (word === 'COUNT' && this.isPunct(this.peekAt(1), '*') && this.isPunct(this.peekAt(2), ')')) {
        this.pos += 3;
        return { kind: 'count-star' };
      }
      throw unsupported(`function ${t.text}`);
    }
    if (RESERVED.has(word)) throw this.unexpected(t);
    return { kind: 'var', name: t.text, atSign: false, pos: position(t) };
  }

  private punctPrimary(t: Token): Expr {
    switch (t.text) {
      case '?':
        return { kind: 'param', index: this.parameterCount++ };
      case '(': {
        if (this.isKeyword(this.peek(), 'SELECT')) throw unsupported('subquery');
        const inner = this.expr();
        this.expectPunct(')');
        return inner;
      }
      case '@': {
        const name = this.next();
        if (name.kind !== 'word' && name.kind !== 'quoted') throw this.unexpected(name);
        return { kind: 'var', name: name.text, atSign: true, pos: position(name) };
      }
      case '[':
        return { kind: 'list', items: this.sequence(']'), bag: false };
      case '<<':
        return { kind: 'list', items: this.sequence('>>'), bag: true };
      case '{':
        return this.struct();
      default:
        throw this.unexpected(t);
    }
  }

  private sequence(close: string): Expr[] {
    const items: Expr[] = [];
    if (this.acceptPunct(close)) return items;
    do items.push(this.expr());
    while (this.acceptPunct(','));
    this.expectPunct(close);
    return items;
  }

  /** Keys are string literals (`{'a': 1}`), bare or quoted names (`{a: 1}`), or `?`. */
  private struct(): Expr {
    const fields: { key: Expr; value: Expr }[] = [];
    if (this.acceptPunct('}')) return { kind: 'struct', fields };
    do {
      const k = this.next();
      let key: Expr;
      if (k.kind === 'string' || k.kind === 'quoted' || k.kind === 'word') key = { kind: 'literal', value: new dom.String(k.text) };
      else if (this.isPunct(k, '?')) key = { kind: 'param', index: this.parameterCount++ };
      else throw this.unexpected(k);
      this.expectPunct(':');
      fields.push({ key, value: this.expr() });
    } while (this.acceptPunct(','));
    this.expectPunct('}');
    return { kind: 'struct', fields };
  }

  private ionValue(t: Token): dom.Value {
    let values: dom.Value[];
    try {
      values = loadAll(t.text);
    } catch (e) {
      throw syntaxError(t.line, t.column, `invalid Ion literal: ${(e as Error).message}`);
    }
    if (values.length !== 1) throw syntaxError(t.line, t.column, 'an Ion literal must hold exactly one value');
    return values[0];
  }

  // ---- tokens -----------------------------------------------------------------------------------

  /** A table, field or variable name: a bare (non-reserved) word or a double-quoted identifier. */
  private name(): { name: string; pos: Position } {
    const t = this.next();
    if (t.kind === 'quoted' || (t.kind === 'word' && !RESERVED.has(t.text.toUpperCase()))) return { name: t.text, pos: position(t) };
    throw this.unexpected(t);
  }

  /** Table and index ids are written `"id"` in QLDB's examples; a bare word or a string is accepted too. */
  private identifierOrString(): string {
    const t = this.next();
    if (t.kind === 'quoted' || t.kind === 'string' || t.kind === 'word') return t.text;
    throw this.unexpected(t);
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private peekAt(offset: number): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.tokens[this.pos];
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  private keyword(t: Token): string | undefined {
    return t.kind === 'word' ? t.text.toUpperCase() : undefined;
  }

  private isKeyword(t: Token, word: string): boolean {
    return this.keyword(t) === word;
  }

  private isPunct(t: Token, text: string): boolean {
    return t.kind === 'punct' && t.text === text;
  }

  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(this.peek(), word)) return false;
    this.pos++;
    return true;
  }

  private expectKeyword(word: string): void {
    if (!this.acceptKeyword(word)) throw this.unexpected(this.peek(), word);
  }

  private acceptPunct(text: string): boolean {
    if (!this.isPunct(this.peek(), text)) return false;
    this.pos++;
    return true;
  }

  private expectPunct(text: string): void {
    if (!this.acceptPunct(text)) throw this.unexpected(this.peek(), `'${text}'`);
  }

  private unexpected(t: Token, expected?: string) {
    const word = this.keyword(t);
    if (word && UNSUPPORTED_CLAUSES[word]) return unsupported(UNSUPPORTED_CLAUSES[word]);
    const found = t.kind === 'eof' ? 'unexpected end of statement' : `unexpected token '${t.text}'`;
    return syntaxError(t.line, t.column, expected ? `${found}, expected ${expected}` : found);
  }
}

const position = (t: Token): Position => ({ line: t.line, column: t.column });

/** PartiQL reads `1` as an int and `1.0` / `1e0` as a decimal (not a float). */
function numberLiteral(text: string): dom.Value {
  if (/^-?\d+$/.test(text)) return new dom.Integer(BigInt(text));
  return new dom.Decimal(new Decimal(text.replace(/[eE]/, 'd')));
}

/** PartiQL's default FROM alias: the table name, a path's last field, else `_<position>`. */
function defaultAlias(source: FromSource, index: number): string {
  if (source.kind === 'table') return source.name;
  if (source.kind === 'catalog') return 'user_tables';
  if (source.kind === 'nested' && source.path.kind === 'path') {
    const last = source.path.steps[source.path.steps.length - 1];
    if (last.kind === 'field') return last.name;
  }
  return `_${index + 1}`;
}
