import { ServiceError } from '../../runtime/core/errors';
import { load } from 'ion-js';
import { executeStatement, parseStatement } from '../../runtime/services/qldb/partiql';
import { FakeLedgerView, runAtOnce } from '../helpers/partiql-fake-view';

function parseError(text: string): ServiceError {
  try {
    parseStatement(text);
  } catch (e) {
    if (e instanceof ServiceError) return e;
    throw new Error(`non-ServiceError for ${JSON.stringify(text)}: ${String(e)}`);
  }
  throw new Error(`parsed without error: ${text}`);
}

describe('statement forms', () => {
  test.each([
    ['CREATE TABLE Vehicle', 'create-table', ['qldb:PartiQLCreateTable'], [{ name: 'Vehicle' }]],
    ['DROP TABLE Vehicle', 'drop-table', ['qldb:PartiQLDropTable'], [{ name: 'Vehicle' }]],
    ['UNDROP TABLE "5PLf9SXwndd63lPaSIa0O6"', 'undrop-table', ['qldb:PartiQLUndropTable'], [{ tableId: '5PLf9SXwndd63lPaSIa0O6' }]],
    ['CREATE INDEX ON Vehicle (VIN)', 'create-index', ['qldb:PartiQLCreateIndex'], [{ name: 'Vehicle' }]],
    ['DROP INDEX "4tPW3fUhaVhDinRgKRLhGU" ON Vehicle WITH (purge = true)', 'drop-index', ['qldb:PartiQLDropIndex'], [{ name: 'Vehicle' }]],
    ["INSERT INTO Vehicle VALUE {'VIN': '1'}", 'insert', ['qldb:PartiQLInsert'], [{ name: 'Vehicle' }]],
    ['INSERT INTO Vehicle << {VIN: 1}, {VIN: 2} >>', 'insert', ['qldb:PartiQLInsert'], [{ name: 'Vehicle' }]],
    ['INSERT INTO Vehicle ?', 'insert', ['qldb:PartiQLInsert'], [{ name: 'Vehicle' }]],
    ['UPDATE Vehicle AS v BY id SET v.a.b = ? WHERE id = ?', 'update', ['qldb:PartiQLUpdate'], [{ name: 'Vehicle' }]],
    ['UPDATE Vehicle REMOVE a', 'update', ['qldb:PartiQLUpdate'], [{ name: 'Vehicle' }]],
    ['FROM Vehicle AS v WHERE v.VIN = ? REMOVE v', 'update', ['qldb:PartiQLDelete'], [{ name: 'Vehicle' }]],
    ['FROM Vehicle AS v, @v.Owners AS o WHERE o.id = 1 REMOVE o', 'update', ['qldb:PartiQLUpdate'], [{ name: 'Vehicle' }]],
    ["FROM Person AS p WHERE p.a = 1 INSERT INTO p VALUE 'x' AT 'b'", 'update', ['qldb:PartiQLUpdate'], [{ name: 'Person' }]],
    ['DELETE FROM Vehicle AS v WHERE v.VIN = ?', 'delete', ['qldb:PartiQLDelete'], [{ name: 'Vehicle' }]],
    ['SELECT * FROM Vehicle AS v INNER JOIN Person AS p ON v.owner = p.id', 'select', ['qldb:PartiQLSelect'], [{ name: 'Vehicle' }, { name: 'Person' }]],
    ['SELECT * FROM _ql_committed_Vehicle', 'select', ['qldb:PartiQLSelect'], [{ name: 'Vehicle' }]],
    ['SELECT * FROM history(Vehicle) AS h', 'select', ['qldb:PartiQLHistoryFunction'], [{ name: 'Vehicle' }]],
    ["SELECT * FROM history('8F0TPCmdNQ6JTRpiLj2TmW', `2019-06-05T00:00:00Z`, `2019-06-05T23:59:59Z`) AS h", 'select', ['qldb:PartiQLHistoryFunction'], [{ tableId: '8F0TPCmdNQ6JTRpiLj2TmW' }]],
    ["EXEC REDACT_REVISION `{strandId:\"JdxjkR9bSYB5jMHWcI464T\", sequenceNo:17}`, '5PLf9SXwndd63lPaSIa0O6', '8F0TPCmdNQ6JTRpiLj2TmW'", 'redact', ['qldb:PartiQLRedact'], [{ tableId: '5PLf9SXwndd63lPaSIa0O6' }]],
  ])('%s', (text, kind, actions, tables) => {
    const parsed = parseStatement(text);
    expect(parsed.kind).toBe(kind);
    expect(parsed.actions).toEqual(actions);
    expect(parsed.tables).toEqual(tables);
    expect(parsed.readsCatalog).toBe(false);
  });

  test('the catalog query of QldbDriver.getTableNames reads the catalog', () => {
    const parsed = parseStatement("SELECT name FROM information_schema.user_tables WHERE status = 'ACTIVE'");
    expect(parsed).toMatchObject({ kind: 'select', actions: ['qldb:PartiQLSelect'], tables: [], readsCatalog: true, parameterCount: 0 });
  });

  test('CREATE TABLE with aws_tags carries the tags and needs TagResource', () => {
    const parsed = parseStatement("CREATE TABLE Vehicle WITH (aws_tags = `{'team': 'ledger', 'env': \"dev\"}`)");
    expect(parsed.tags).toEqual({ team: 'ledger', env: 'dev' });
    expect(parsed.actions).toEqual(['qldb:PartiQLCreateTable', 'qldb:TagResource']);
  });

  test('counts parameters, including in struct literals and REDACT', () => {
    expect(parseStatement("SELECT * FROM T WHERE a = ? AND b IN (?, ?) AND c = {'k': ?}").parameterCount).toBe(4);
    expect(parseStatement("EXEC REDACT_REVISION ?, 'tbl', 'doc'").parameterCount).toBe(1);
  });

  test('keywords are case-insensitive; comments and a trailing semicolon are accepted', () => {
    expect(parseStatement('select * from Vehicle as v where v.a = 1 -- note\n;').kind).toBe('select');
    expect(parseStatement('Select Value v.a From Vehicle v /* c */ Where v.a Is Not Missing').kind).toBe('select');
  });

  test('the same text parses to an equal, reusable result (cache-friendly)', () => {
    expect(parseStatement('SELECT * FROM T WHERE a = ?')).toEqual(parseStatement('SELECT * FROM T WHERE a = ?'));
  });
});

describe('errors', () => {
  test.each([
    ['SELECT * FROM T ORDER BY a', 'Unsupported PartiQL Statement, Errors at: ORDER BY'],
    ['SELECT * FROM T GROUP BY a', 'Unsupported PartiQL Statement, Errors at: GROUP BY'],
    ['SELECT * FROM T LIMIT 1', 'Unsupported PartiQL Statement, Errors at: LIMIT'],
    ['SELECT * FROM T UNION SELECT * FROM U', 'Unsupported PartiQL Statement, Errors at: UNION'],
    ['SELECT DISTINCT a FROM T', 'Unsupported PartiQL Statement, Errors at: DISTINCT'],
    ['SELECT * FROM T AS t LEFT JOIN U AS u ON t.a = u.a', 'Unsupported PartiQL Statement, Errors at: LEFT JOIN'],
    ['SELECT * FROM T WHERE a IN (SELECT b FROM U)', 'Unsupported PartiQL Statement, Errors at: subquery'],
    ['SELECT upper(a) FROM T', 'Unsupported PartiQL Statement, Errors at: function upper'],
    ['SELECT t.* FROM T AS t', 'Unsupported PartiQL Statement, Errors at: path wildcard .*'],
    ['INSERT INTO T SELECT * FROM U', 'Unsupported PartiQL Statement, Errors at: INSERT INTO … SELECT'],
    ['EXEC SOMETHING_ELSE 1', 'Unsupported PartiQL Statement, Errors at: EXEC SOMETHING_ELSE'],
    ['SELECT * FROM T WHERE FOO BAR', "Syntax error at line 1, column 27: unexpected token 'BAR'"],
    ['SELECT * FROM', 'Syntax error at line 1, column 14: unexpected end of statement'],
    ["SELECT * FROM T WHERE a = 'open", 'Syntax error at line 1, column 27: unterminated string literal'],
    ['SELECT *\nFROM T WHERE a = `{x:`', 'Syntax error at line 2, column 18: invalid Ion literal'],
    ['SELECT * FROM T WHERE a = #', "Syntax error at line 1, column 27: unexpected character '#'"],
    ['CREATE INDEX ON T (a.b)', 'Semantic Error: CREATE INDEX supports exactly one top-level field'],
    ['CREATE INDEX ON T (a, b)', 'Semantic Error: CREATE INDEX supports exactly one top-level field'],
    ['DROP INDEX "i" ON T', 'Semantic Error: DROP INDEX requires WITH (purge = true)'],
    ['DROP INDEX "i" ON T WITH (PURGE = true)', "Semantic Error: DROP INDEX requires WITH (purge = true); found 'PURGE'"],
    ['SELECT * FROM nope.path', "Semantic Error: at line 1, column 15: No such variable named 'nope'"],
    ["CREATE TABLE T WITH (aws_tags = `{a: 1}`)", "Semantic Error: the value of tag 'a' must be a string"],
  ])('%s', (text, message) => {
    const error = parseError(text);
    expect(error.code).toBe('BadRequestException');
    expect(error.message.slice(0, message.length)).toBe(message);
  });

  test('fuzzed input never escapes as anything but a BadRequestException, parsing or executing', () => {
    const view = new FakeLedgerView();
    const tableId = view.createTable('T');
    view.insert(tableId, load('{a: 1, t: [1, {b: 2}], s: "x"}')!);
    view.createIndex(tableId, 'a');
    const fragments = [
      'SELECT', 'FROM', 'WHERE', '*', ',', '.', '[', ']', '{', '}', '(', ')', '<<', '>>', '?', '=', '<', 'AND', 'NOT', 'IN',
      'BETWEEN', 'LIKE', 'IS', 'NULL', 'MISSING', "'s'", '"q"', '`{a:1}`', '`', '1', '1.5', '-', '+', '@', 'T', 't', 'AS', 'BY',
      'JOIN', 'ON', 'UPDATE', 'SET', 'REMOVE', 'DELETE', 'INSERT', 'INTO', 'VALUE', 'history', 'EXEC', 'CREATE', 'TABLE',
      'INDEX', 'DROP', 'WITH', 'COUNT', ':', ';', '/*', '--', '\n', 'information_schema', 'user_tables', '||', '%', '\u00e9',
    ];
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const valid = [
      "SELECT t.a, t.t[1].b AS x FROM T AS t BY id WHERE t.a = ? AND id IN ('doc1', ?)",
      'SELECT VALUE x FROM T AS t, t.t AS x WHERE x IS NOT MISSING OR t.s LIKE ?',
      'UPDATE T AS t SET t.b.c = t.a + 1 WHERE t.a BETWEEN ? AND 5',
      "FROM T AS t, @t.t AS x WHERE x = 1 REMOVE x",
      "SELECT * FROM history(T, `2020T`) AS h JOIN T AS u ON h.metadata.id = u.a",
      "INSERT INTO T << {'a': [1, 2.5, `x::y`]}, ? >>",
    ];
    for (let i = 0; i < 5000; i++) {
      const length = 1 + random(12);
      const words = i % 2 ? valid[random(valid.length)].split(' ') : [];
      if (words.length) words[random(words.length)] = fragments[random(fragments.length)];
      const text = words.length ? words.join(' ') : Array.from({ length }, () => fragments[random(fragments.length)]).join(random(2) ? ' ' : '');
      try {
        const parsed = parseStatement(text);
        const params = Array.from({ length: parsed.parameterCount }, (_, n) => load(['{a: 1}', '[1, 2]', '"s"', '2020T'][n % 4])!);
        runAtOnce(executeStatement(parsed, params, view));
      } catch (e) {
        if (!(e instanceof ServiceError) || e.code !== 'BadRequestException') throw new Error(`${JSON.stringify(text)} threw ${String(e)}`);
      }
    }
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: random(40) }, () => String.fromCharCode(random(128))).join('');
      try {
        parseStatement(text);
      } catch (e) {
        if (!(e instanceof ServiceError)) throw new Error(`${JSON.stringify(text)} threw ${String(e)}`);
      }
    }
  });
});

describe('hostile statements are refused, never overflow the stack', () => {
  test.each([
    ['1,000 nested parentheses', `SELECT VALUE ${'('.repeat(1000)}1${')'.repeat(1000)} FROM T`],
    ['1,000 nested list literals', `SELECT VALUE ${'['.repeat(1000)}${']'.repeat(1000)} FROM T`],
    ['5,000 chained NOT', `SELECT * FROM T AS t WHERE ${'NOT '.repeat(5000)}t.a`],
    ['5,000 chained AND', `SELECT * FROM T AS t WHERE ${Array.from({ length: 5000 }, () => 't.a = 1').join(' AND ')}`],
    ['5,000 chained +', `SELECT VALUE ${Array.from({ length: 5000 }, () => '1').join(' + ')} FROM T`],
  ])('%s', (_name, text) => {
    expect(parseError(text).message).toMatch(/nest/);
  });

  it('accepts what real statements nest', () => {
    expect(() => parseStatement(`SELECT VALUE ${'('.repeat(50)}1${')'.repeat(50)} FROM T AS t WHERE ${Array.from({ length: 100 }, () => 't.a = 1').join(' AND ')}`)).not.toThrow();
  });
});
