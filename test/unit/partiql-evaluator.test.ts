import { dom, dumpText, load } from 'ion-js';
import { ServiceError } from '../../runtime/core/errors';
import { executeStatement, parseStatement } from '../../runtime/services/qldb/partiql';
import { PAUSE } from '../../runtime/services/qldb/partiql/work-meter';
import { FakeLedgerView, runAtOnce } from '../helpers/partiql-fake-view';

const ion = (text: string): dom.Value => load(text)!;

/** Runs a statement; parameters are given as Ion text. */
function run(view: FakeLedgerView, text: string, ...params: string[]): dom.Value[] {
  return runAtOnce(executeStatement(parseStatement(text), params.map(ion), view));
}
/** The results as Ion text, which shows every Ion type (1.50 vs 1.5e0, sym vs "sym"). */
const texts = (view: FakeLedgerView, text: string, ...params: string[]) => run(view, text, ...params).map((v) => dumpText(v));

function badRequest(action: () => unknown): string {
  try {
    action();
  } catch (e) {
    if (e instanceof ServiceError && e.code === 'BadRequestException') return e.message;
    throw e;
  }
  throw new Error('expected a BadRequestException');
}

/** A ledger with table Vehicle {VIN, Make, Price, Owners} and Person {PersonId, Name}. */
function ledger(): { view: FakeLedgerView; vehicleId: string; personId: string } {
  const view = new FakeLedgerView();
  const vehicleId = view.createTable('Vehicle');
  const personId = view.createTable('Person');
  run(view, 'INSERT INTO Vehicle ?', `[
    {VIN: "V1", Make: "Tesla", Price: 100.50, Year: 2020, Kind: car, Owners: [{PersonId: "P1"}, {PersonId: "P2"}], Tag: ann::"x"},
    {VIN: "V2", Make: "Ford", Price: 20e3, Year: 2019, Kind: "car", Owners: [{PersonId: "P2"}]},
    {VIN: "V3", Make: "Fiat", Year: 2021, Color: null}
  ]`);
  run(view, "INSERT INTO Person << {'PersonId': 'P1', 'Name': 'Ann'}, {'PersonId': 'P2', 'Name': 'Bob'} >>");
  view.calls.length = 0;
  return { view, vehicleId, personId };
}

describe('INSERT', () => {
  test('VALUE, bag and parameter forms return one documentId per document', () => {
    const view = new FakeLedgerView();
    view.createTable('T');
    expect(texts(view, "INSERT INTO T VALUE {'a': 1}")).toEqual(['{documentId:"doc2"}']);
    expect(texts(view, 'INSERT INTO T << {a: 2}, {"b": 3} >>')).toEqual(['{documentId:"doc3"}', '{documentId:"doc4"}']);
    expect(texts(view, 'INSERT INTO T ?', '{c: 4}')).toEqual(['{documentId:"doc5"}']);
    expect(texts(view, 'INSERT INTO T ?', '[{d: 5}, {e: 6}]')).toHaveLength(2);
    expect(dumpText(view.latest('doc4')!.data!)).toBe('{b:3}');
  });

  test('literal types follow PartiQL: 1 is an int, 1.0 and 1e0 are decimals, backticks are Ion', () => {
    const view = new FakeLedgerView();
    view.createTable('T');
    run(view, "INSERT INTO T VALUE {'i': 1, 'd': 1.0, 'e': 1e0, 'n': -2, 's': 'x''y', 'f': `1e0`, 'y': `sym`, 't': `2019-06-13T`, 'l': [1, <<2>>], 'z': null}");
    expect(dumpText(view.latest('doc2')!.data!)).toBe('{i:1,d:1.0,e:1.,n:-2,s:"x\'y",f:1e0,y:sym,t:2019-06-13T,l:[1,[2]],z:null}');
  });

  test('a parameter document is stored exactly as given (types and annotations kept)', () => {
    const view = new FakeLedgerView();
    view.createTable('T');
    const doc = ion('{p: 1.50, s: sym, a: ann::"x", dup: 1, dup: 2}');
    runAtOnce(executeStatement(parseStatement('INSERT INTO T ?'), [doc], view));
    expect(view.latest('doc2')!.data).toBe(doc);
  });

  test('a non-struct document is refused', () => {
    const view = new FakeLedgerView();
    view.createTable('T');
    expect(badRequest(() => run(view, 'INSERT INTO T VALUE 1'))).toBe('Semantic Error: a document must be an Ion struct; found int');
    expect(badRequest(() => run(view, 'INSERT INTO T ?', '[{a: 1}, "x"]'))).toContain('found string');
    expect(badRequest(() => run(view, 'INSERT INTO T VALUE [{a: 1}]'))).toContain('found list');
    expect(view.calls.filter((c) => c.startsWith('insert'))).toEqual([]);
  });

  test('an unknown table is a BadRequestException naming it', () => {
    const view = new FakeLedgerView();
    expect(badRequest(() => run(view, "INSERT INTO Nope VALUE {'a': 1}"))).toBe("Semantic Error: at line 1, column 13: No such variable named 'Nope'");
  });
});

describe('SELECT', () => {
  test('SELECT * returns the stored documents themselves', () => {
    const { view } = ledger();
    const rows = run(view, "SELECT * FROM Vehicle WHERE VIN = 'V1'");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toBe(view.latest('doc3')!.data);
  });

  test('projections name fields after the path, honour AS, and omit MISSING', () => {
    const { view } = ledger();
    expect(texts(view, "SELECT VIN, v.Owners[0].PersonId AS first, v['Make'], v.Price FROM Vehicle AS v WHERE v.Year >= 2020")).toEqual([
      '{VIN:"V1",first:"P1",Make:"Tesla",Price:100.50}',
      '{VIN:"V3",Make:"Fiat"}',
    ]);
    expect(texts(view, "SELECT v.Year + 1, v.Color FROM Vehicle AS v WHERE v.VIN = 'V3'")).toEqual(['{_1:2022,Color:null}']);
  });

  test('SELECT VALUE returns bare values, skipping MISSING', () => {
    const { view } = ledger();
    expect(texts(view, 'SELECT VALUE v.Price FROM Vehicle AS v')).toEqual(['100.50', '2e4']);
  });

  test('types survive: a decimal stays decimal, a symbol stays symbol, annotations stay', () => {
    const { view } = ledger();
    expect(texts(view, "SELECT v.Price, v.Kind, v.Tag FROM Vehicle AS v WHERE v.VIN = 'V1'")).toEqual(['{Price:100.50,Kind:car,Tag:ann::"x"}']);
  });

  test.each([
    ['v.Price = 100.5', ['V1']],
    ['v.Price = 20000', ['V2']],
    ['v.Year = 2020.0', ['V1']],
    ["v.Kind = 'car'", ['V1', 'V2']],
    ['v.Year <> 2020', ['V2', 'V3']],
    ['v.Year != 2020', ['V2', 'V3']],
    ['v.Year < 2020', ['V2']],
    ['v.Year <= 2020', ['V1', 'V2']],
    ['v.Year > 2020', ['V3']],
    ["v.Make >= 'G'", ['V1']],
    ["v.Make < 5 OR v.VIN < 'V2'", ['V1']],
    ['v.Year BETWEEN 2019 AND 2020', ['V1', 'V2']],
    ['v.Year NOT BETWEEN 2019 AND 2020', ['V3']],
    ["v.Make IN ('Ford', 'Fiat')", ['V2', 'V3']],
    ["v.Make NOT IN ('Ford', 'Fiat')", ['V1']],
    ['v.Year IN [2019, 2021]', ['V2', 'V3']],
    ['v.Price IS MISSING', ['V3']],
    ['v.Price IS NOT MISSING', ['V1', 'V2']],
    ['v.Color IS NULL AND v.Color IS NOT MISSING', ['V3']],
    ['v.Nothing IS NULL', ['V1', 'V2', 'V3']],
    ['v.Color IS NOT NULL', []],
    ["v.Make LIKE 'F%'", ['V2', 'V3']],
    ["v.Make LIKE '_ord'", ['V2']],
    ["v.Make NOT LIKE '%a'", ['V2', 'V3']],
    ["v.VIN || '!' LIKE 'V1!%' ESCAPE '!'", []],
    ["v.VIN || '%' LIKE 'V1!%' ESCAPE '!'", ['V1']],
    ["NOT (v.Make = 'Ford') AND v.Year > 2019", ['V1', 'V3']],
    ["v.Owners = [{'PersonId': 'P2'}]", ['V2']],
    ["v.Owners[1] = {'PersonId': 'P2'}", ['V1']],
    ['v.Year + 1 = 2021 OR v.Price * 2 = 201.0', ['V1']],
  ])('WHERE %s', (condition, vins) => {
    const { view } = ledger();
    expect(run(view, `SELECT VALUE v.VIN FROM Vehicle AS v WHERE ${condition}`).map((v) => v.stringValue())).toEqual(vins);
  });

  test('comparing incompatible types yields no row, never an error', () => {
    const { view } = ledger();
    expect(run(view, 'SELECT * FROM Vehicle AS v WHERE v.Owners < 1 OR v.Make > `2020T` OR v.Price - v.VIN = 1')).toEqual([]);
  });

  test('unqualified names resolve to fields of the only FROM item', () => {
    const { view } = ledger();
    expect(texts(view, "SELECT Make FROM Vehicle WHERE VIN = 'V2'")).toEqual(['{Make:"Ford"}']);
  });

  test('comma join over a nested collection', () => {
    const { view } = ledger();
    expect(texts(view, 'SELECT v.VIN, o.PersonId FROM Vehicle AS v, v.Owners AS o')).toEqual([
      '{VIN:"V1",PersonId:"P1"}',
      '{VIN:"V1",PersonId:"P2"}',
      '{VIN:"V2",PersonId:"P2"}',
    ]);
  });

  test('INNER JOIN … ON, with an index on the joined table used once per outer row', () => {
    const { view, personId } = ledger();
    run(view, 'CREATE INDEX ON Person (PersonId)');
    view.calls.length = 0;
    expect(texts(view, "SELECT v.VIN, p.Name FROM Vehicle AS v, v.Owners AS o INNER JOIN Person AS p ON p.PersonId = o.PersonId WHERE v.Make <> 'Fiat'")).toEqual([
      '{VIN:"V1",Name:"Ann"}',
      '{VIN:"V1",Name:"Bob"}',
      '{VIN:"V2",Name:"Bob"}',
    ]);
    expect(view.calls.filter((c) => c.startsWith(`lookup:${personId}`))).toEqual([`lookup:${personId}:PersonId:"P1"`, `lookup:${personId}:PersonId:"P2"`, `lookup:${personId}:PersonId:"P2"`]);
    expect(view.calls).not.toContain(`scan:${personId}`);
  });

  test('JOIN without an index scans', () => {
    const { view, personId } = ledger();
    expect(run(view, 'SELECT * FROM Vehicle AS v JOIN Person AS p ON p.PersonId = v.Owners[0].PersonId')).toHaveLength(2);
    expect(view.calls.filter((c) => c === `scan:${personId}`)).toHaveLength(3);
  });

  test('COUNT(*)', () => {
    const { view } = ledger();
    expect(texts(view, 'SELECT COUNT(*) FROM Vehicle AS v WHERE v.Year > 2019')).toEqual(['{_1:2}']);
    expect(texts(view, 'SELECT COUNT(*) AS n FROM Person')).toEqual(['{n:2}']);
  });

  test('parameters bind in order; a wrong count is refused with QLDB message', () => {
    const { view } = ledger();
    expect(texts(view, 'SELECT VALUE v.VIN FROM Vehicle AS v WHERE v.Year > ? AND v.Make <> ?', '2019', '"Fiat"')).toEqual(['"V1"']);
    expect(badRequest(() => run(view, 'SELECT * FROM Vehicle WHERE VIN = ?'))).toBe('Query expects 1 parameters, but statement has 0');
    expect(badRequest(() => run(view, 'SELECT * FROM Vehicle', '1'))).toBe('Query expects 0 parameters, but statement has 1');
  });

  test('an unknown table is refused', () => {
    const { view } = ledger();
    expect(badRequest(() => run(view, 'SELECT * FROM Nope'))).toBe("Semantic Error: at line 1, column 15: No such variable named 'Nope'");
  });
});

describe('access paths', () => {
  test('= on an indexed field looks up instead of scanning, also when ANDed', () => {
    const { view, vehicleId } = ledger();
    run(view, 'CREATE INDEX ON Vehicle (VIN)');
    view.calls.length = 0;
    expect(texts(view, 'SELECT VALUE v.Make FROM Vehicle AS v WHERE v.Year > 2000 AND ? = v.VIN', '"V2"')).toEqual(['"Ford"']);
    expect(view.calls).toEqual([`lookup:${vehicleId}:VIN:"V2"`]);
  });

  test('IN on an indexed field looks up each value', () => {
    const { view, vehicleId } = ledger();
    run(view, 'CREATE INDEX ON Vehicle (VIN)');
    view.calls.length = 0;
    expect(run(view, "SELECT * FROM Vehicle WHERE VIN IN ('V1', 'V3', 'V9')")).toHaveLength(2);
    expect(view.calls).toEqual([`lookup:${vehicleId}:VIN:"V1"`, `lookup:${vehicleId}:VIN:"V3"`, `lookup:${vehicleId}:VIN:"V9"`]);
  });

  test('unindexed fields, OR and non-equality conditions scan', () => {
    const { view, vehicleId } = ledger();
    run(view, 'CREATE INDEX ON Vehicle (VIN)');
    for (const where of ["Make = 'Ford'", "VIN = 'V1' OR Make = 'Ford'", "VIN > 'V1'", "VIN = Make"]) {
      view.calls.length = 0;
      run(view, `SELECT * FROM Vehicle WHERE ${where}`);
      expect(view.calls).toEqual([`scan:${vehicleId}`]);
    }
  });

  test('BY id equality reads one document', () => {
    const { view, vehicleId } = ledger();
    expect(texts(view, 'SELECT id, v.VIN FROM Vehicle AS v BY id WHERE id = ?', '"doc4"')).toEqual(['{id:"doc4",VIN:"V2"}']);
    expect(view.calls).toEqual([`document:${vehicleId}:doc4`]);
  });

  test('metadata.id on the committed view reads one document', () => {
    const { view, vehicleId } = ledger();
    expect(run(view, "SELECT * FROM _ql_committed_Vehicle AS c WHERE c.metadata.id = 'doc5'")).toHaveLength(1);
    expect(view.calls).toEqual([`document:${vehicleId}:doc5`]);
  });
});

describe('committed view, history and catalog', () => {
  test('committed rows have blockAddress, hash, data and metadata; open-transaction rows lack the first two', () => {
    const { view } = ledger();
    view.commit(new Date('2024-03-01T10:00:00.123Z'));
    run(view, "UPDATE Vehicle AS v SET v.Year = 2022 WHERE v.VIN = 'V3'");
    expect(texts(view, "SELECT * FROM _ql_committed_Vehicle AS c WHERE c.data.VIN = 'V2'")).toEqual([
      '{blockAddress:{strandId:"strand1",sequenceNo:1},hash:{{AQA=}},data:{VIN:"V2",Make:"Ford",Price:2e4,Year:2019,Kind:"car",Owners:[{PersonId:"P2"}]},metadata:{id:"doc4",version:0,txTime:2024-03-01T10:00:00.123Z,txId:"tx1"}}',
    ]);
    expect(texts(view, "SELECT c.data.Year, c.metadata.version FROM _ql_committed_Vehicle AS c WHERE c.data.VIN = 'V3'")).toEqual(['{Year:2022,version:1}']);
    const [open] = run(view, "SELECT * FROM _ql_committed_Vehicle AS c WHERE c.data.VIN = 'V3'");
    expect(open.fieldNames()).toEqual(['data', 'metadata']);
  });

  test('history() includes delete revisions and filters by the active range', () => {
    const { view, vehicleId } = ledger();
    view.commit(new Date('2024-01-10T00:00:00Z'));
    run(view, "UPDATE Vehicle AS v SET v.Year = 2030 WHERE v.VIN = 'V1'");
    view.commit(new Date('2024-01-20T00:00:00Z'));
    run(view, "DELETE FROM Vehicle AS v WHERE v.VIN = 'V1'");
    view.commit(new Date('2024-01-30T00:00:00Z'));
    const versions = (range: string) =>
      texts(view, `SELECT h.metadata.version, h.data.Year FROM history(Vehicle${range}) AS h WHERE h.metadata.id = 'doc3'`);
    expect(versions('')).toEqual(['{version:0,Year:2020}', '{version:1,Year:2030}', '{version:2}']);
    expect(versions(', `2024-01-15T`')).toEqual(['{version:0,Year:2020}', '{version:1,Year:2030}', '{version:2}']);
    expect(versions(', `2024-01-20T`')).toEqual(['{version:1,Year:2030}', '{version:2}']);
    expect(versions(', `2024-01-11T`, `2024-01-19T`')).toEqual(['{version:0,Year:2020}']);
    expect(versions(', `2024-01-01T`, `2024-01-09T`')).toEqual([]);
    expect(versions(', `2024-01-20T00:00:00Z`, `2024-01-20T00:00:00Z`')).toEqual(['{version:1,Year:2030}']);
    expect(texts(view, `SELECT VALUE h.metadata.version FROM history('${vehicleId}', ?) AS h WHERE h.metadata.id = 'doc3'`, '2024-01-25T')).toEqual(['1', '2']);
    expect(badRequest(() => run(view, 'SELECT * FROM history(Vehicle, 5)'))).toBe('Semantic Error: the start and end arguments of history() must be Ion timestamps');
  });

  test('history by table id works for a dropped table', () => {
    const { view, personId } = ledger();
    view.commit(new Date('2024-01-10T00:00:00Z'));
    run(view, 'DROP TABLE Person');
    expect(run(view, `SELECT * FROM history('${personId}')`)).toHaveLength(2);
    expect(badRequest(() => run(view, 'SELECT * FROM history(Person)'))).toContain("No such variable named 'Person'");
  });

  test('information_schema.user_tables, as QldbDriver.getTableNames queries it', () => {
    const { view } = ledger();
    run(view, 'CREATE INDEX ON Vehicle (VIN)');
    run(view, 'DROP TABLE Person');
    expect(texts(view, "SELECT name FROM information_schema.user_tables WHERE status = 'ACTIVE'")).toEqual(['{name:"Vehicle"}']);
    expect(texts(view, 'SELECT * FROM information_schema.user_tables AS t WHERE t.name = ?', '"Vehicle"')).toEqual([
      '{name:"Vehicle",tableId:"tbl1",status:"ACTIVE",indexes:[{indexId:"idx8",expr:"[VIN]",status:"ONLINE"}]}',
    ]);
  });
});

describe('UPDATE, FROM … SET/REMOVE/INSERT, DELETE', () => {
  test('SET replaces and creates nested paths; untouched fields keep their exact Ion values', () => {
    const { view } = ledger();
    const before = view.latest('doc3')!.data!;
    expect(texts(view, "UPDATE Vehicle AS v SET v.Make = 'T', v.Spec.Engine.Hp = 500, v.Owners[1].PersonId = ? WHERE v.VIN = 'V1'", '"P9"')).toEqual([
      '{documentId:"doc3"}',
    ]);
    const after = view.latest('doc3')!.data!;
    expect(dumpText(after)).toBe('{VIN:"V1",Make:"T",Price:100.50,Year:2020,Kind:car,Owners:[{PersonId:"P1"},{PersonId:"P9"}],Tag:ann::"x",Spec:{Engine:{Hp:500}}}');
    expect(after.get('Price')).toBe(before.get('Price'));
    expect(dumpText(before)).toContain('Make:"Tesla"');
  });

  test('SET with arithmetic keeps PartiQL numeric types', () => {
    const { view } = ledger();
    run(view, 'UPDATE Vehicle AS v SET v.Price = v.Price + ?, v.Year = v.Year - 1 WHERE v.VIN = ?', '0.25', '"V1"');
    expect(texts(view, "SELECT v.Price, v.Year FROM Vehicle AS v WHERE v.VIN = 'V1'")).toEqual(['{Price:100.75,Year:2019}']);
  });

  test('UPDATE without WHERE changes every document; BY id targets one', () => {
    const { view, personId } = ledger();
    expect(run(view, 'UPDATE Person SET Active = true')).toHaveLength(2);
    expect(texts(view, 'UPDATE Person AS p BY pid SET p.Name = ? WHERE pid = ?', '"Zed"', '"doc7"')).toEqual(['{documentId:"doc7"}']);
    expect(view.calls.slice(-2)).toEqual([`document:${personId}:doc7`, `update:${personId}:doc7`]);
    expect(texts(view, 'SELECT VALUE p.Name FROM Person AS p WHERE p.Active')).toEqual(['"Ann"', '"Zed"']);
  });

  test('SET of the whole document replaces it', () => {
    const { view } = ledger();
    run(view, 'UPDATE Person AS p BY pid SET p = ? WHERE pid = ?', '{Renamed: 1}', '"doc6"');
    expect(dumpText(view.latest('doc6')!.data!)).toBe('{Renamed:1}');
    expect(badRequest(() => run(view, 'UPDATE Person AS p SET p = 1'))).toBe('Semantic Error: a document must be an Ion struct');
  });

  test('REMOVE a field, and FROM … REMOVE of the alias deletes the document', () => {
    const { view, vehicleId } = ledger();
    run(view, "UPDATE Vehicle AS v REMOVE v.Owners WHERE v.VIN = 'V1'");
    expect(dumpText(view.latest('doc3')!.data!)).toBe('{VIN:"V1",Make:"Tesla",Price:100.50,Year:2020,Kind:car,Tag:ann::"x"}');
    expect(texts(view, "FROM Vehicle AS v WHERE v.VIN = 'V2' REMOVE v")).toEqual(['{documentId:"doc4"}']);
    expect(view.calls).toContain(`delete:${vehicleId}:doc4`);
    expect(run(view, 'SELECT * FROM Vehicle')).toHaveLength(2);
  });

  test('FROM with a nested alias removes list elements (later positions first)', () => {
    const { view } = ledger();
    expect(texts(view, "FROM Vehicle AS v, @v.Owners AS o WHERE o.PersonId IN ('P1', 'P2') REMOVE o")).toEqual(['{documentId:"doc3"}', '{documentId:"doc4"}']);
    expect(dumpText(view.latest('doc3')!.data!.get('Owners')!)).toBe('[]');
    run(view, "FROM Vehicle AS v WHERE v.VIN = 'V1' INSERT INTO v.Owners VALUE {'PersonId': 'P7'}");
    run(view, "FROM Vehicle AS v, v.Owners AS o WHERE o.PersonId = 'P7' SET o.Since = 2024");
    expect(dumpText(view.latest('doc3')!.data!.get('Owners')!)).toBe('[{PersonId:"P7",Since:2024}]');
  });

  test('INSERT INTO a struct needs AT with the new field name', () => {
    const { view } = ledger();
    run(view, "FROM Person AS p WHERE p.PersonId = 'P1' INSERT INTO p VALUE 'ann@example.com' AT 'Email'");
    expect(dumpText(view.latest('doc6')!.data!)).toBe('{PersonId:"P1",Name:"Ann",Email:"ann@example.com"}');
    expect(badRequest(() => run(view, "FROM Person AS p INSERT INTO p VALUE 'x'"))).toBe('Semantic Error: INSERT INTO a struct needs AT with a string field name');
  });

  test('DELETE with and without WHERE', () => {
    const { view } = ledger();
    expect(texts(view, 'DELETE FROM Vehicle AS v WHERE v.Year < ?', '2021')).toEqual(['{documentId:"doc3"}', '{documentId:"doc4"}']);
    expect(texts(view, 'DELETE FROM Person')).toHaveLength(2);
    expect(run(view, 'SELECT * FROM Person')).toEqual([]);
    expect(texts(view, 'SELECT VALUE VIN FROM Vehicle')).toEqual(['"V3"']);
  });

  test('DML on the committed view or the catalog is refused', () => {
    const { view } = ledger();
    expect(badRequest(() => run(view, 'DELETE FROM _ql_committed_Vehicle'))).toContain("No such variable named '_ql_committed_Vehicle'");
    expect(badRequest(() => run(view, 'UPDATE information_schema.user_tables SET a = 1'))).toBe('Semantic Error: DML statements are supported on user tables only');
  });
});

describe('DDL and REDACT', () => {
  test('DDL statements answer {tableId}', () => {
    const view = new FakeLedgerView();
    const [created] = run(view, 'CREATE TABLE "Quoted"');
    const tableId = created.get('tableId')!.stringValue()!;
    expect(view.tableByName('Quoted')!.tableId).toBe(tableId);
    expect(texts(view, 'CREATE INDEX ON Quoted (Field)')).toEqual([`{tableId:"${tableId}"}`]);
    const indexId = view.tableById(tableId)!.indexes[0].indexId;
    expect(texts(view, `DROP INDEX "${indexId}" ON Quoted WITH (purge = true)`)).toEqual([`{tableId:"${tableId}"}`]);
    expect(view.tableById(tableId)!.indexes).toEqual([]);
    expect(texts(view, 'DROP TABLE Quoted')).toEqual([`{tableId:"${tableId}"}`]);
    expect(view.tableById(tableId)!.status).toBe('INACTIVE');
    expect(texts(view, `UNDROP TABLE "${tableId}"`)).toEqual([`{tableId:"${tableId}"}`]);
    expect(view.tableById(tableId)!.status).toBe('ACTIVE');
    expect(badRequest(() => run(view, 'DROP TABLE Absent'))).toContain("No such variable named 'Absent'");
  });

  test('EXEC REDACT_REVISION with a literal or a parameter block address', () => {
    const view = new FakeLedgerView();
    expect(texts(view, "EXEC REDACT_REVISION `{strandId:\"S1\",sequenceNo:17}`, 'tbl', 'doc'")).toEqual([
      '{blockAddress:{strandId:"S1",sequenceNo:17},tableId:"tbl",documentId:"doc",version:0}',
    ]);
    run(view, 'EXEC REDACT_REVISION ?, ?, ?', '{strandId: "S2", sequenceNo: 3}', '"t2"', '"d2"');
    expect(view.redactions[1]).toEqual({ address: { strandId: 'S2', sequenceNo: 3 }, tableId: 't2', documentId: 'd2' });
    expect(badRequest(() => run(view, "EXEC REDACT_REVISION 'x', 'tbl', 'doc'"))).toContain('block address');
  });
});

describe('statement cost is bounded', () => {
  test('decimal arithmetic outside decimal128 exponents is refused at once, not aligned digit by digit', () => {
    const { view } = ledger();
    const started = Date.now();
    expect(badRequest(() => run(view, 'SELECT VALUE v.Price + ? FROM Vehicle AS v', '1d400000'))).toMatch(/decimal exponent 400000 is outside/);
    expect(badRequest(() => run(view, 'SELECT VALUE ? * ? FROM Vehicle AS v', '1d6000', '1d6000'))).toMatch(/decimal exponent 12000 is outside/);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(texts(view, "SELECT VALUE v.Price + ? FROM Vehicle AS v WHERE v.VIN = 'V1'", '1d3')).toEqual(['1100.50']);
  });

  test('a statement over few rows but too many expression evaluations ends with an error', () => {
    const view = new FakeLedgerView();
    view.createTable('T');
    run(view, 'INSERT INTO T ?', `[${Array.from({ length: 30 }, (_, n) => `{n: ${n}}`).join(', ')}]`);
    const ors = (n: number) => Array.from({ length: n }, (_, i) => `a.n = ${i + 1000}`).join(' OR ');
    expect(badRequest(() => run(view, `SELECT VALUE a.n FROM T AS a, T AS b WHERE ${ors(200)}`))).toMatch(/more than 100000 row combinations and expression evaluations/);
    // The budget is per statement: the next one starts afresh, and a cheaper form of the same query runs.
    expect(run(view, `SELECT VALUE a.n FROM T AS a WHERE ${ors(200)}`)).toHaveLength(0);
    expect(run(view, 'SELECT VALUE a.n FROM T AS a, T AS b WHERE a.n = b.n')).toHaveLength(30);
  });

  test('a scan may read a table of any size: each row of the first FROM source adds to the budget, a join\'s inner rows do not', () => {
    const view = new FakeLedgerView();
    view.createTable('T');
    const count = 20_000;
    run(view, 'INSERT INTO T ?', `[${Array.from({ length: count }, (_, n) => `{n: ${n}, m: {k: ${n}}}`).join(', ')}]`);
    // Six paths and a comparison per row: well over 100,000 units for the whole table, within 32 per row.
    const scanned = run(view, 'SELECT t.n AS a, t.m.k AS b, t.n AS c, t.m AS d, t.m.k AS e FROM T AS t WHERE t.n >= 0');
    expect(scanned).toHaveLength(count);
    expect(badRequest(() => run(view, 'SELECT VALUE a.n FROM T AS a, T AS b WHERE a.n < 10 AND b.n < 10'))).toMatch(/plus 32 per row of its first FROM source/);
  });

  test('a join over too many row combinations ends with an error, quickly', () => {
    const view = new FakeLedgerView();
    view.createTable('T');
    run(view, 'INSERT INTO T ?', `[${Array.from({ length: 30 }, (_, n) => `{n: ${n}}`).join(', ')}]`);
    const started = Date.now();
    expect(badRequest(() => run(view, 'SELECT VALUE a.n FROM T AS a, T AS b, T AS c, T AS d, T AS e'))).toMatch(/too expensive/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(run(view, 'SELECT VALUE a.n FROM T AS a, T AS b, T AS c')).toHaveLength(27_000);
  });

  test('a long statement pauses when its turn is over and, resumed, gives the same result', () => {
    const view = new FakeLedgerView();
    view.createTable('T');
    run(view, 'INSERT INTO T ?', `[${Array.from({ length: 30 }, (_, n) => `{n: ${n}}`).join(', ')}]`);
    const statement = parseStatement('SELECT VALUE a.n FROM T AS a, T AS b, T AS c');
    const evaluation = executeStatement(statement, [], view);
    let pauses = 0;
    let step = evaluation.next();
    for (; !step.done; step = evaluation.next()) {
      expect(step.value).toBe(PAUSE);
      pauses++;
    }
    expect(pauses).toBeGreaterThan(0);
    expect(step.value).toEqual(runAtOnce(executeStatement(statement, [], view)));
    expect(step.value).toHaveLength(27_000);
  });

  test('statements that pause in turn each keep a budget of their own', () => {
    const view = new FakeLedgerView();
    view.createTable('T');
    run(view, 'INSERT INTO T ?', `[${Array.from({ length: 30 }, (_, n) => `{n: ${n}}`).join(', ')}]`);
    // Each spends over 80,000 of the 100,000 units (27,930 row combinations, 2 units to project each of 27,000
    // rows): had they shared one budget, the second to end would have run out.
    const statement = parseStatement('SELECT VALUE a.n FROM T AS a, T AS b, T AS c');
    const first = executeStatement(statement, [], view);
    const second = executeStatement(statement, [], view);
    let [a, b] = [first.next(), second.next()];
    while (!a.done || !b.done) {
      if (!a.done) a = first.next();
      if (!b.done) b = second.next();
    }
    expect(a.value).toHaveLength(27_000);
    expect(b.value).toHaveLength(27_000);
  });
});
