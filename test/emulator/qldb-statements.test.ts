import type { QldbDriver } from 'amazon-qldb-driver-nodejs';
import { load, type dom } from 'ion-js';
import { createLedger, qldbDriver } from '../helpers/qldb';
import { rejectionOf, useRuntime } from '../helpers/runtime';

/** Every statement form of the PartiQL subset, end to end through the unmodified driver. */
const env = useRuntime();
let driver: QldbDriver;

const run = (statement: string, ...params: unknown[]) => driver.executeLambda((txn) => txn.execute(statement, ...params)).then((r) => r.getResultList());
const texts = (values: dom.Value[]) => values.map((v) => v.stringValue());

beforeAll(async () => {
  await createLedger(env.runtime, 'statements');
  driver = qldbDriver(env.runtime, 'statements');
  await run('CREATE TABLE Person');
  await run('CREATE TABLE Vehicle');
  await run('CREATE INDEX ON Person (GovId)');
  await run(`INSERT INTO Person << {'GovId': 'P1', 'Name': 'Ana', 'Address': {'City': 'Lisbon'}}, {'GovId': 'P2', 'Name': 'Bo'} >>`);
  await run(`INSERT INTO Vehicle VALUE {'VIN': 'V1', 'Owners': {'PrimaryOwner': {'GovId': 'P1'}}, 'Tags': ['red', 'fast'], 'Price': 12.50}`);
});

env.onStop(() => driver?.close());

it('returns a tableId for every DDL statement, and DROP/UNDROP move a table between ACTIVE and INACTIVE', async () => {
  const [created] = await run('CREATE TABLE Scratch');
  const tableId = created.get('tableId')!.stringValue()!;
  expect(tableId).toMatch(/^[A-Za-z0-9]{22}$/);
  const [indexed] = await run('CREATE INDEX ON Scratch (Code)');
  expect(indexed.get('tableId')!.stringValue()).toBe(tableId);
  const [catalogRow] = await run('SELECT * FROM information_schema.user_tables AS t WHERE t.name = ?', 'Scratch');
  const indexId = catalogRow.get('indexes')!.elements()[0].get('indexId')!.stringValue()!;
  expect(catalogRow.get('indexes')!.elements()[0].get('expr')!.stringValue()).toBe('[Code]');
  await run(`DROP INDEX "${indexId}" ON Scratch WITH (purge = true)`);
  await run('DROP TABLE Scratch');
  expect(texts(await run("SELECT VALUE t.status FROM information_schema.user_tables AS t WHERE t.tableId = ?", tableId))).toEqual(['INACTIVE']);
  expect(await driver.getTableNames()).not.toContain('Scratch');
  await run(`UNDROP TABLE "${tableId}"`);
  expect(await driver.getTableNames()).toContain('Scratch');
});

it('selects with projections, VALUE, nested paths, BY, IN, BETWEEN, LIKE and IS MISSING', async () => {
  expect(texts(await run('SELECT VALUE p.Name FROM Person AS p WHERE p.GovId IN (?, ?)', 'P1', 'P2')).sort()).toEqual(['Ana', 'Bo']);
  const [row] = await run("SELECT p.Name AS who, p.Address.City FROM Person AS p WHERE p.Name LIKE 'A%'");
  expect([row.get('who')!.stringValue(), row.get('City')!.stringValue()]).toEqual(['Ana', 'Lisbon']);
  expect(texts(await run('SELECT VALUE p.Name FROM Person AS p WHERE p.Address IS MISSING'))).toEqual(['Bo']);
  expect(texts(await run('SELECT VALUE v.VIN FROM Vehicle AS v WHERE v.Price BETWEEN 10 AND 13'))).toEqual(['V1']);
  const [{ id }] = (await run("SELECT pid FROM Person AS p BY pid WHERE p.GovId = 'P2'")).map((r) => ({ id: r.get('pid')!.stringValue()! }));
  expect(texts(await run('SELECT VALUE p.Name FROM Person AS p BY pid WHERE pid = ?', id))).toEqual(['Bo']);
  expect((await run('SELECT VALUE v.Price FROM Vehicle AS v'))[0].getType().name).toBe('decimal');
});

it('joins tables and unnests nested collections', async () => {
  const joined = await run('SELECT v.VIN, p.Name FROM Vehicle AS v INNER JOIN Person AS p ON v.Owners.PrimaryOwner.GovId = p.GovId');
  expect(joined.map((r) => [r.get('VIN')!.stringValue(), r.get('Name')!.stringValue()])).toEqual([['V1', 'Ana']]);
  expect(texts(await run('SELECT VALUE t FROM Vehicle AS v, v.Tags AS t')).sort()).toEqual(['fast', 'red']);
});

it('updates with UPDATE … SET/REMOVE and FROM … SET/REMOVE, returning the documentIds it changed', async () => {
  const updated = await run("UPDATE Person AS p SET p.Address.Zip = '1000' WHERE p.GovId = 'P1'");
  expect(updated).toHaveLength(1);
  expect(updated[0].get('documentId')!.stringValue()).toMatch(/^[A-Za-z0-9]{22}$/);
  await run("UPDATE Person AS p REMOVE p.Address.City WHERE p.GovId = 'P1'");
  await run("FROM Person AS p WHERE p.GovId = 'P2' SET p.Nick = 'B'");
  await run("FROM Vehicle AS v WHERE v.VIN = 'V1' REMOVE v.Price");
  const [ana] = await run("SELECT * FROM Person AS p WHERE p.GovId = 'P1'");
  expect(ana.get('Address')!.fieldNames()).toEqual(['Zip']);
  expect(texts(await run("SELECT VALUE p.Nick FROM Person AS p WHERE p.GovId = 'P2'"))).toEqual(['B']);
  expect(await run("SELECT VALUE v.Price FROM Vehicle AS v WHERE v.VIN = 'V1'")).toEqual([]);
});

it('inserts a list bound to ? as one document per element, and deletes with DELETE and FROM … REMOVE', async () => {
  const inserted = await run('INSERT INTO Person ?', [{ GovId: 'P3' }, { GovId: 'P4' }]);
  expect(inserted).toHaveLength(2);
  expect(await run("DELETE FROM Person AS p WHERE p.GovId = 'P3'")).toHaveLength(1);
  await run("FROM Person AS p WHERE p.GovId = 'P4' REMOVE p");
  expect(await run("SELECT * FROM Person AS p WHERE p.GovId IN ('P3', 'P4')")).toEqual([]);
  const history = await run("SELECT h.metadata.version, h.data FROM history(Person) AS h WHERE h.metadata.id = ?", inserted[0].get('documentId')!.stringValue());
  expect(history.map((r) => [r.get('version')!.numberValue(), r.get('data') === null])).toEqual([
    [0, false],
    [1, true],
  ]);
});

it('keeps Ion literals in backticks exact', async () => {
  await run("INSERT INTO Vehicle VALUE {'VIN': 'V2', 'Registered': `2019-06-13T`, 'Weight': `1.50`}");
  const [v2] = await run("SELECT * FROM Vehicle AS v WHERE v.VIN = 'V2'");
  expect(v2.get('Registered')!.ionEquals(load('2019-06-13T')!)).toBe(true);
  expect(v2.get('Weight')!.ionEquals(load('1.50')!)).toBe(true);
});

it('refuses unknown tables and statements outside the subset with BadRequestException', async () => {
  for (const statement of ['SELECT * FROM Nowhere', 'SELECT * FROM Person GROUP BY Name', 'SELECT DISTINCT p.Name FROM Person AS p']) {
    const err = await rejectionOf(run(statement));
    expect(err.name).toBe('BadRequestException');
  }
});
