import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StateFileError } from '../../runtime/core/durable-file';
import { DurableJsonLog } from '../../runtime/core/durable-log';
import { tempDataDir } from '../helpers/temp-data-dir';

let path: string;
beforeEach(() => {
  path = join(tempDataDir('log'), 'state', 'events.jsonl');
});

const log = () => new DurableJsonLog<{ n: number }>(path, 'events', 1);

it('appends entries and loads them back in order', () => {
  const writer = log();
  for (let n = 0; n < 5; n++) writer.append({ n });
  writer.close();
  expect(log().load()).toEqual([0, 1, 2, 3, 4].map((n) => ({ n })));
});

it('drops a last line torn by a crash, and appends cleanly after it', () => {
  const writer = log();
  writer.append({ n: 1 });
  writer.close();
  appendFileSync(path, '{"n":2');
  expect(log().load()).toEqual([{ n: 1 }]);
  const again = log();
  again.append({ n: 3 });
  again.close();
  expect(log().load()).toEqual([{ n: 1 }, { n: 3 }]);
});

it('refuses a corrupt line before the end, naming the file, and leaves it as it was', () => {
  const writer = log();
  writer.append({ n: 1 });
  writer.close();
  appendFileSync(path, 'garbage\n{"n":3}\n');
  const before = readFileSync(path, 'utf8');
  expect(() => log().load()).toThrow(StateFileError);
  expect(() => log().load()).toThrow(new RegExp(`${path}: line 3 is corrupt`));
  expect(readFileSync(path, 'utf8')).toBe(before);
});

it('refuses a log of another kind or of a newer format', () => {
  const writer = log();
  writer.compact([]);
  writeFileSync(path, '{"kind":"other","format":1}\n');
  expect(() => log().load()).toThrow(/not a keydrill events log/);
  writeFileSync(path, '{"kind":"events","format":2}\n');
  expect(() => log().load()).toThrow(/written by a newer keydrill/);
});

it('compacts to exactly the entries given', () => {
  const writer = log();
  for (let n = 0; n < 10; n++) writer.append({ n });
  writer.compact([{ n: 8 }, { n: 9 }]);
  writer.append({ n: 10 });
  writer.close();
  expect(log().load()).toEqual([{ n: 8 }, { n: 9 }, { n: 10 }]);
});
