import type { dom } from 'ion-js';
import type { Missing } from './values';

/** Where a token started, for Semantic Error messages. */
export interface Position {
  line: number;
  column: number;
}

export type CompareOp = '=' | '<>' | '<' | '<=' | '>' | '>=';
export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '||';

export type PathStep = { kind: 'field'; name: string } | { kind: 'index'; index: Expr };

export type Expr =
  /** Literals are turned into Ion values once, at parse time. */
  | { kind: 'literal'; value: dom.Value | Missing }
  | { kind: 'param'; index: number }
  /** `@name` (atSign) only ever means a variable; a bare name may also be a field of the FROM bindings. */
  | { kind: 'var'; name: string; atSign: boolean; pos: Position }
  | { kind: 'path'; root: Expr; steps: PathStep[] }
  | { kind: 'struct'; fields: { key: Expr; value: Expr }[] }
  | { kind: 'list'; items: Expr[]; bag: boolean }
  | { kind: 'not'; operand: Expr }
  | { kind: 'negate'; operand: Expr }
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'compare'; op: CompareOp; left: Expr; right: Expr }
  | { kind: 'arithmetic'; op: ArithmeticOp; left: Expr; right: Expr }
  | { kind: 'in'; operand: Expr; collection: Expr; negated: boolean }
  | { kind: 'between'; operand: Expr; low: Expr; high: Expr; negated: boolean }
  | { kind: 'like'; operand: Expr; pattern: Expr; escape?: Expr; negated: boolean }
  | { kind: 'is'; operand: Expr; test: 'null' | 'missing'; negated: boolean }
  /** Only valid as a whole SELECT item. */
  | { kind: 'count-star' };

export type FromSource =
  /** A user table, or `_ql_committed_<name>` for its committed view; resolved at execution. */
  | { kind: 'table'; name: string; pos: Position }
  | { kind: 'catalog' }
  | { kind: 'history'; table: { name: string; pos: Position } | { tableId: string }; start?: Expr; end?: Expr }
  /** A path rooted at an earlier FROM variable (`t.Owners AS o`): iterates its elements. */
  | { kind: 'nested'; path: Expr };

export interface FromItem {
  source: FromSource;
  alias: string;
  /** `BY id`: binds the document id (user view only). */
  byVar?: string;
  /** `JOIN … ON cond`. */
  on?: Expr;
}

export type Projection =
  | { kind: 'star' }
  | { kind: 'value'; expr: Expr }
  | { kind: 'items'; items: { expr: Expr; alias?: string }[] };

export type DmlOperation =
  | { kind: 'set'; target: Expr; value: Expr }
  | { kind: 'remove'; target: Expr }
  | { kind: 'insert'; target: Expr; value: Expr; at?: Expr };

export type Statement =
  | { kind: 'select'; projection: Projection; from: FromItem[]; where?: Expr }
  | { kind: 'insert'; table: string; pos: Position; value: Expr; many: boolean }
  /** UPDATE … and FROM … SET/REMOVE/INSERT INTO share one shape. */
  | { kind: 'update'; from: FromItem[]; where?: Expr; operations: DmlOperation[] }
  | { kind: 'delete'; from: FromItem[]; where?: Expr }
  | { kind: 'create-table'; name: string; tags?: Record<string, string> }
  | { kind: 'drop-table'; name: string; pos: Position }
  | { kind: 'undrop-table'; tableId: string }
  | { kind: 'create-index'; table: string; pos: Position; field: string }
  | { kind: 'drop-index'; indexId: string; table: string; pos: Position }
  | { kind: 'redact'; address: Expr; tableId: Expr; documentId: Expr };
