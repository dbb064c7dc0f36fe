import { SendCommandCommand } from '@aws-sdk/client-qldb-session';
import { isOccConflictException, type QldbDriver } from 'amazon-qldb-driver-nodejs';
import type { dom } from 'ion-js';
import { createLedger, driverDigest, driverDot, driverHash, ionOf, qldbDriver, RawSession } from '../helpers/qldb';
import { rejectionOf, useRuntime } from '../helpers/runtime';
import { control } from '../helpers/control-plane';

const LEDGER = 'session-tests';
const env = useRuntime({ qldbSession: { pageSize: 7 } });
let driver: QldbDriver;

beforeAll(async () => {
  await createLedger(env.runtime, LEDGER);
  driver = qldbDriver(env.runtime, LEDGER);
  await driver.executeLambda(async (txn) => {
    await txn.execute('CREATE TABLE Vehicle');
    await txn.execute('CREATE INDEX ON Vehicle (VIN)');
    await txn.execute('CREATE TABLE Person');
  });
});

env.onStop(() => driver?.close());

const text = (v: dom.Value | null | undefined) => v?.stringValue();

describe('the unmodified driver', () => {
  it('round-trips documents through executeLambda with Ion types intact', async () => {
    const { documentId } = await driver.executeLambda(async (txn) => {
      const result = await txn.execute('INSERT INTO Vehicle ?', { VIN: 'RT-1', Year: 2019, Price: 12.5, Registered: new Date('2020-01-02T03:04:05.678Z') });
      return { documentId: text(result.getResultList()[0].get('documentId')) };
    });
    expect(documentId).toMatch(/^[A-Za-z0-9]{22}$/);
    const rows = await driver.executeLambda((txn) => txn.execute('SELECT * FROM Vehicle AS v BY id WHERE id = ?', documentId));
    const doc = rows.getResultList()[0];
    expect(text(doc.get('VIN'))).toBe('RT-1');
    expect(doc.get('Year')!.numberValue()).toBe(2019);
    expect(doc.get('Price')!.getType().name).toBe('float');
    expect(doc.get('Registered')!.dateValue()!.toISOString()).toBe('2020-01-02T03:04:05.678Z');
  });

  it('lists tables the way QldbDriver.getTableNames does', async () => {
    expect((await driver.getTableNames()).sort()).toEqual(['Person', 'Vehicle']);
  });

  it('pages through large results with FetchPage, eagerly and as a stream', async () => {
    for (let batch = 0; batch < 3; batch++) {
      await driver.executeLambda(async (txn) => {
        const docs = Array.from({ length: 10 }, (_, i) => ({ Name: `p-${batch}-${i}`, Batch: batch }));
        await txn.execute('INSERT INTO Person ?', docs);
      });
    }
    const eager = await driver.executeLambda((txn) => txn.execute('SELECT VALUE p.Name FROM Person AS p'));
    expect(eager.getResultList().map(text).sort()).toHaveLength(30);
    const streamed = await driver.executeLambda(async (txn) => {
      const names: string[] = [];
      for await (const value of await txn.executeAndStreamResults('SELECT p.Name FROM Person AS p WHERE p.Batch = 1')) names.push(text((value as dom.Value).get('Name'))!);
      return names;
    });
    expect(streamed.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `p-1-${i}`).sort());
  });

  it('retries a transaction that lost an OCC conflict, so concurrent increments all land', async () => {
    await driver.executeLambda((txn) => txn.execute("INSERT INTO Vehicle VALUE {'VIN': 'COUNTER', 'n': 0}"));
    // Twelve writers on one document: allow more retries than the default 4, as an application with such contention would.
    const drivers = [1, 2, 3].map(() => qldbDriver(env.runtime, LEDGER, { retryLimit: 30 }));
    let attempts = 0;
    await Promise.all(
      drivers.flatMap((d) =>
        Array.from({ length: 4 }, () =>
          d.executeLambda(async (txn) => {
            attempts++;
            const n = (await txn.execute("SELECT VALUE v.n FROM Vehicle AS v WHERE v.VIN = 'COUNTER'")).getResultList()[0].numberValue()!;
            await new Promise((r) => setTimeout(r, 5));
            await txn.execute("UPDATE Vehicle AS v SET v.n = ? WHERE v.VIN = 'COUNTER'", n + 1);
          }),
        ),
      ),
    );
    drivers.forEach((d) => d.close());
    const final = await driver.executeLambda((txn) => txn.execute("SELECT VALUE v.n FROM Vehicle AS v WHERE v.VIN = 'COUNTER'"));
    expect(final.getResultList()[0].numberValue()).toBe(12);
    expect(attempts).toBeGreaterThan(12);
  });

  it('surfaces a BadRequestException for a statement outside the subset and keeps the session usable', async () => {
    const err = await rejectionOf(driver.executeLambda((txn) => txn.execute('SELECT * FROM Vehicle ORDER BY VIN')));
    expect(err.name).toBe('BadRequestException');
    expect(err.message).toMatch(/ORDER BY/);
    const ok = await driver.executeLambda((txn) => txn.execute("SELECT VALUE v.VIN FROM Vehicle AS v WHERE v.VIN = 'RT-1'"));
    expect(ok.getResultList().map(text)).toEqual(['RT-1']);
  });

  it('refuses more than 40 documents in one transaction and commits nothing of it', async () => {
    const docs = Array.from({ length: 41 }, (_, i) => ({ VIN: `LIMIT-${i}` }));
    const err = await rejectionOf(driver.executeLambda((txn) => txn.execute('INSERT INTO Vehicle ?', docs)));
    expect(err.name).toBe('BadRequestException');
    expect(err.message).toMatch(/40 documents/);
    const left = await driver.executeLambda((txn) => txn.execute("SELECT VALUE v.VIN FROM Vehicle AS v WHERE v.VIN LIKE 'LIMIT-%'"));
    expect(left.getResultList()).toHaveLength(0);
  });

  it('refuses a document over 128 KB', async () => {
    const err = await rejectionOf(driver.executeLambda((txn) => txn.execute('INSERT INTO Vehicle ?', { VIN: 'BIG', blob: 'x'.repeat(129 * 1024) })));
    expect(err.name).toBe('BadRequestException');
    expect(err.message).toMatch(/128|131072/);
  });

  it('refuses a statement over 100,000 characters', async () => {
    const padded = `SELECT * FROM Vehicle AS v WHERE v.VIN = '${'x'.repeat(100_000)}'`;
    const err = await rejectionOf(driver.executeLambda((txn) => txn.execute(padded)));
    expect(err.name).toBe('BadRequestException');
    expect(err.message).toMatch(/100000 characters/);
  });

  it('fails a transaction that outlives 30 seconds with the expiry the driver does not retry', async () => {
    let calls = 0;
    const err = await rejectionOf(
      driver.executeLambda(async (txn) => {
        calls++;
        await txn.execute("SELECT * FROM Vehicle AS v WHERE v.VIN = 'RT-1'");
        env.runtime.clock.advance(31_000);
        await txn.execute("SELECT * FROM Vehicle AS v WHERE v.VIN = 'RT-1'");
      }),
    );
    expect(err.name).toBe('InvalidSessionException');
    expect(err.message).toMatch(/^Transaction \S+ has expired$/);
    expect(calls).toBe(1);
  });

  it('expires sessions after their lifetime; the driver starts a new one and carries on', async () => {
    env.runtime.clock.advance(16 * 60_000);
    const rows = await driver.executeLambda((txn) => txn.execute("SELECT VALUE v.VIN FROM Vehicle AS v WHERE v.VIN = 'RT-1'"));
    expect(rows.getResultList().map(text)).toEqual(['RT-1']);
  });
});

describe('throttling and capacity errors injected through the control plane', () => {
  const inject = (fault: object) => control(env.runtime, 'faults', { method: 'POST', body: { service: 'qldb-session', operation: 'SendCommand', ...fault } });

  it('lets the driver back off and retry a 503 CapacityExceededException', async () => {
    await inject({ errorCode: 'CapacityExceededException', message: 'Capacity exceeded', status: 503, count: 2 });
    const rows = await driver.executeLambda((txn) => txn.execute("SELECT VALUE v.VIN FROM Vehicle AS v WHERE v.VIN = 'RT-1'"));
    expect(rows.getResultList().map(text)).toEqual(['RT-1']);
  });

  it('surfaces a 400 RateExceededException without retrying, as the driver does against AWS', async () => {
    await inject({ errorCode: 'RateExceededException', message: 'The rate was exceeded', status: 400, count: 1 });
    const err = await rejectionOf(driver.executeLambda((txn) => txn.execute('SELECT * FROM Vehicle')));
    expect(err.name).toBe('RateExceededException');
    await control(env.runtime, 'faults', { method: 'DELETE' });
  });
});

describe('the session protocol, command by command', () => {
  it('echoes the commit digest the driver computes', async () => {
    const session = await new RawSession(env.clients.qldbSession, LEDGER).start();
    const txId = await session.begin();
    await session.execute('SELECT * FROM Vehicle AS v WHERE v.VIN = ?', 'RT-1');
    const out = await session.commit();
    const expected = driverDigest(txId, [{ statement: 'SELECT * FROM Vehicle AS v WHERE v.VIN = ?', parameters: [ionOf('RT-1')] }]);
    expect(Buffer.from(out.CommitTransaction!.CommitDigest!)).toEqual(Buffer.from(expected));
    expect(out.CommitTransaction!.TransactionId).toBe(txId);
  });

  it('refuses a commit whose digest does not match, and commits nothing', async () => {
    const session = await new RawSession(env.clients.qldbSession, LEDGER).start();
    await session.begin();
    await session.execute('INSERT INTO Vehicle ?', { VIN: 'WRONG-DIGEST' });
    const err = await rejectionOf(session.commit(new Uint8Array(32)));
    expect(err.name).toBe('BadRequestException');
    expect(err.message).toBe("Digests don't match");
    const rows = await driver.executeLambda((txn) => txn.execute("SELECT * FROM Vehicle AS v WHERE v.VIN = 'WRONG-DIGEST'"));
    expect(rows.getResultList()).toHaveLength(0);
  });

  it('raises OccConflictException when a concurrent transaction changed what this one read', async () => {
    const client = env.clients.qldbSession;
    const [a, b] = [await new RawSession(client, LEDGER).start(), await new RawSession(client, LEDGER).start()];
    await a.begin();
    await b.begin();
    await a.execute("SELECT * FROM Vehicle AS v WHERE v.VIN = 'RT-1'");
    await b.execute("SELECT * FROM Vehicle AS v WHERE v.VIN = 'RT-1'");
    await a.execute("UPDATE Vehicle AS v SET v.Owner = 'a' WHERE v.VIN = 'RT-1'");
    await b.execute("UPDATE Vehicle AS v SET v.Owner = 'b' WHERE v.VIN = 'RT-1'");
    await a.commit();
    const err = await rejectionOf(b.commit());
    expect(isOccConflictException(err as never)).toBe(true);
    const owner = await driver.executeLambda((txn) => txn.execute("SELECT VALUE v.Owner FROM Vehicle AS v WHERE v.VIN = 'RT-1'"));
    expect(owner.getResultList().map(text)).toEqual(['a']);
  });

  it('raises an insertion conflict when two transactions look up the same missing indexed value and insert it', async () => {
    const client = env.clients.qldbSession;
    const [a, b] = [await new RawSession(client, LEDGER).start(), await new RawSession(client, LEDGER).start()];
    for (const s of [a, b]) {
      await s.begin();
      expect(await s.execute('SELECT * FROM Vehicle AS v WHERE v.VIN = ?', 'UNIQUE-1')).toHaveLength(0);
      await s.execute('INSERT INTO Vehicle ?', { VIN: 'UNIQUE-1' });
    }
    await a.commit();
    expect(isOccConflictException((await rejectionOf(b.commit())) as never)).toBe(true);
  });

  it('runs a session\'s commands one at a time: a commit sent while a long statement runs waits for it', async () => {
    await driver.executeLambda(async (txn) => {
      await txn.execute('CREATE TABLE Turns');
      await txn.execute('INSERT INTO Turns ?', Array.from({ length: 30 }, (_, n) => ({ n })));
    });
    const session = await new RawSession(env.clients.qldbSession, LEDGER).start();
    await session.begin();
    // ~2,500 expressions a row: long enough that evaluation pauses to let other requests in, as the commit is.
    const where = [...Array.from({ length: 499 }, (_, i) => `t.n = ${i + 1000}`), 't.n = 7'].join(' OR ');
    const updating = session.execute(`UPDATE Turns AS t SET t.done = true WHERE ${where}`);
    const committing = session.commit();
    expect(await updating).toHaveLength(1);
    expect((await committing).CommitTransaction?.TransactionId).toBe(session.transactionId);
    const done = await driver.executeLambda((txn) => txn.execute('SELECT VALUE t.done FROM Turns AS t WHERE t.n = 7'));
    expect(done.getResultList().map((v) => v.booleanValue())).toEqual([true]);
  });

  it('answers protocol mistakes with the errors the driver understands', async () => {
    const client = env.clients.qldbSession;
    const session = await new RawSession(client, LEDGER).start();
    const noTx = await rejectionOf(client.send(new SendCommandCommand({ SessionToken: session.token, ExecuteStatement: { TransactionId: 'A'.repeat(22), Statement: 'SELECT * FROM Vehicle' } })));
    expect([noTx.name, noTx.message]).toEqual(['BadRequestException', 'No open transaction']);
    await session.begin();
    const twice = await rejectionOf(client.send(new SendCommandCommand({ SessionToken: session.token, StartTransaction: {} })));
    expect([twice.name, twice.message]).toEqual(['BadRequestException', 'Transaction already open']);
    const unknown = await rejectionOf(client.send(new SendCommandCommand({ SessionToken: 'bm8tc3VjaC1zZXNzaW9u', StartTransaction: {} })));
    expect([unknown.name, unknown.message]).toEqual(['InvalidSessionException', 'No such session']);
    const noLedger = await rejectionOf(client.send(new SendCommandCommand({ StartSession: { LedgerName: 'no-such-ledger' } })));
    expect(noLedger.name).toBe('BadRequestException');
    // The session API has no ValidationException: malformed input is a BadRequestException too.
    const malformed = await rejectionOf(client.send(new SendCommandCommand({ SessionToken: session.token, CommitTransaction: { TransactionId: 'short', CommitDigest: new Uint8Array(32) } })));
    expect([malformed.name, malformed.message]).toEqual(['BadRequestException', expect.stringMatching(/transactionId.*length/i)]);
    // Abort is idempotent: the driver sends it after most errors.
    await client.send(new SendCommandCommand({ SessionToken: session.token, AbortTransaction: {} }));
    await client.send(new SendCommandCommand({ SessionToken: session.token, AbortTransaction: {} }));
  });
});

describe('history, the committed view and redaction', () => {
  let documentId: string;

  beforeAll(async () => {
    documentId = await driver.executeLambda(async (txn) => text((await txn.execute('INSERT INTO Vehicle ?', { VIN: 'HIST-1', Color: 'red' })).getResultList()[0].get('documentId'))!);
    await driver.executeLambda((txn) => txn.execute("UPDATE Vehicle AS v SET v.Color = 'blue' WHERE v.VIN = 'HIST-1'"));
    await driver.executeLambda((txn) => txn.execute("UPDATE Vehicle AS v SET v.Color = 'green' WHERE v.VIN = 'HIST-1'"));
  });

  it('lists every revision with its version and data, oldest first', async () => {
    const rows = (await driver.executeLambda((txn) => txn.execute('SELECT * FROM history(Vehicle) AS h WHERE h.metadata.id = ?', documentId))).getResultList();
    expect(rows.map((r) => r.get('metadata', 'version')!.numberValue())).toEqual([0, 1, 2]);
    expect(rows.map((r) => text(r.get('data', 'Color')))).toEqual(['red', 'blue', 'green']);
  });

  it('shows the committed view with metadata and a hash that is H(metadata) ⊙ H(data)', async () => {
    const [row] = (await driver.executeLambda((txn) => txn.execute('SELECT * FROM _ql_committed_Vehicle AS c WHERE c.metadata.id = ?', documentId))).getResultList();
    expect(text(row.get('metadata', 'id'))).toBe(documentId);
    expect(row.get('metadata', 'version')!.numberValue()).toBe(2);
    expect(text(row.get('blockAddress', 'strandId'))).toMatch(/^[A-Za-z0-9]{22}$/);
    const expected = driverDot(driverHash(row.get('metadata')!), driverHash(row.get('data')!));
    expect(Buffer.from(row.get('hash')!.uInt8ArrayValue()!)).toEqual(Buffer.from(expected));
  });

  it('redacts an old revision: its data is replaced by its hash and the latest stays', async () => {
    const [first] = (await driver.executeLambda((txn) => txn.execute('SELECT * FROM history(Vehicle) AS h WHERE h.metadata.id = ?', documentId))).getResultList();
    const address = first.get('blockAddress')!;
    const tableId = text((await driver.executeLambda((txn) => txn.execute("SELECT VALUE t.tableId FROM information_schema.user_tables AS t WHERE t.name = 'Vehicle'"))).getResultList()[0])!;
    const redacted = await driver.executeLambda((txn) => txn.execute('EXEC REDACT_REVISION ?, ?, ?', address, tableId, documentId));
    expect(redacted.getResultList()[0].get('version')!.numberValue()).toBe(0);
    const rows = (await driver.executeLambda((txn) => txn.execute('SELECT * FROM history(Vehicle) AS h WHERE h.metadata.id = ?', documentId))).getResultList();
    expect(rows[0].get('data')).toBeNull();
    expect(Buffer.from(rows[0].get('dataHash')!.uInt8ArrayValue()!)).toEqual(Buffer.from(driverHash(first.get('data')!)));
    expect(text(rows[2].get('data', 'Color'))).toBe('green');
    const latest = await rejectionOf(
      driver.executeLambda((txn) => txn.execute('EXEC REDACT_REVISION ?, ?, ?', rows[2].get('blockAddress'), tableId, documentId)),
    );
    expect(latest.name).toBe('BadRequestException');
  });
});
