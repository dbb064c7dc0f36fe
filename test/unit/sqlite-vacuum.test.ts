import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { vacuumLeftover, vacuumSqliteFile } from '../../runtime/backends/sqlite-vacuum';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'keydrill-vacuum-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A SQLite file holding 200 rows, of which the one holding `erased` was deleted (SQLite keeps its bytes in free space). */
async function databaseWithDeletedRow(erased: string): Promise<string> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run('PRAGMA secure_delete = OFF');
  db.run('CREATE TABLE items (id TEXT PRIMARY KEY, email TEXT, pad TEXT)');
  for (let i = 0; i < 200; i++) db.run('INSERT INTO items VALUES (?, ?, ?)', [`k${i}`, i === 7 ? erased : `other${i}@example.com`, 'x'.repeat(200)]);
  db.run("DELETE FROM items WHERE id = 'k7'");
  const file = join(dir, 'db.sqlite');
  writeFileSync(file, db.export());
  db.close();
  return file;
}

const holds = (file: string, text: string) => readFileSync(file).includes(Buffer.from(text));

async function rowsOf(file: string): Promise<number> {
  const SQL = await initSqlJs();
  const db = new SQL.Database(readFileSync(file));
  try {
    return Number(db.exec('SELECT COUNT(*) FROM items')[0].values[0][0]);
  } finally {
    db.close();
  }
}

test('VACUUM removes a deleted row’s bytes and keeps every live row', async () => {
  const file = await databaseWithDeletedRow('erased.subject@example.com');
  expect(holds(file, 'erased.subject@example.com')).toBe(true);
  expect(await vacuumSqliteFile(file)).toBe('vacuumed');
  expect(holds(file, 'erased.subject@example.com')).toBe(false);
  expect(holds(file, 'other8@example.com')).toBe(true);
  expect(await rowsOf(file)).toBe(199);
  expect(existsSync(vacuumLeftover(file))).toBe(false);
});

test('a file with a rollback journal beside it is left alone: its owner must recover it first', async () => {
  const file = await databaseWithDeletedRow('erased.subject@example.com');
  writeFileSync(`${file}-journal`, 'hot');
  const before = readFileSync(file);
  expect(await vacuumSqliteFile(file)).toBe(`left as it is: ${file}-journal is there`);
  expect(readFileSync(file).equals(before)).toBe(true);
});

test('a damaged file is left as it is, and so is a missing one', async () => {
  const file = await databaseWithDeletedRow('erased.subject@example.com');
  const bytes = readFileSync(file);
  bytes.fill(0xff, 2048, 6144);
  writeFileSync(file, bytes);
  expect(await vacuumSqliteFile(file)).toMatch(/^left as it is: /);
  expect(readFileSync(file).equals(bytes)).toBe(true);
  expect(existsSync(vacuumLeftover(file))).toBe(false);
  expect(await vacuumSqliteFile(join(dir, 'absent.sqlite'))).toBe('no file');
});
