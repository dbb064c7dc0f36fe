import {
  CreateLedgerCommand,
  DeleteLedgerCommand,
  DescribeLedgerCommand,
  GetBlockCommand,
  GetDigestCommand,
  GetRevisionCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateLedgerPermissionsModeCommand,
} from '@aws-sdk/client-qldb';
import type { QldbDriver } from 'amazon-qldb-driver-nodejs';
import { type dom, dumpText, IonTypes, load } from 'ion-js';
import { verifyProof } from '../../runtime/services/qldb/journal/verify-proof';
import { createLedger, driverDot, driverHash, qldbDriver } from '../helpers/qldb';
import { rejectionOf, useRuntime } from '../helpers/runtime';

/**
 * GetDigest / GetBlock / GetRevision checked the way a client audits QLDB (developer guide, "Verifying
 * data"): proofs fold onto the leaf to give the digest, and every hash is recomputed with the driver's
 * own hashing from what the service returned, never from the runtime's code.
 */

const LEDGER = 'digests';

const env = useRuntime();
let driver: QldbDriver;

const bytes = (v: dom.Value | null | undefined): Uint8Array => {
  if (!v || v.getType() !== IonTypes.BLOB) throw new Error(`expected a blob, got ${v && dumpText(v)}`);
  return v.uInt8ArrayValue()!;
};
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** A proof IonText `[{{b64}},…]` as clients read it, with ion-js. */
function proofHashes(ionText: string | undefined): Uint8Array[] {
  const list = load(ionText!)!;
  expect(list.getType()).toBe(IonTypes.LIST);
  return list.elements().map(bytes);
}

/** MerkleRoot (docs/qldb-journal.md#hash-primitives) built on the driver's ⊙. */
function driverMerkleRoot(hashes: Uint8Array[]): Uint8Array {
  let level = hashes;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? driverDot(level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}

/** H(metadata) ⊙ H(data); a delete revision (no data) is H(metadata) (docs/qldb-journal.md#revision). */
function driverRevisionHash(revision: dom.Value): Uint8Array {
  const metadataHash = driverHash(revision.get('metadata')!);
  const data = revision.get('data');
  const dataHash = data ? driverHash(data) : revision.get('dataHash') ? bytes(revision.get('dataHash')) : undefined;
  return dataHash ? driverDot(metadataHash, dataHash) : metadataHash;
}

/** One flipped bit in byte `index` of a copy. */
function flipped(b: Uint8Array, index: number): Uint8Array {
  const copy = Uint8Array.from(b);
  copy[index] ^= 0x01;
  return copy;
}

const query = async (statement: string, ...parameters: unknown[]) => (await driver.executeLambda((txn) => txn.execute(statement, ...parameters))).getResultList();

const documentIds: string[] = [];

beforeAll(async () => {
  await createLedger(env.runtime, LEDGER);
  driver = qldbDriver(env.runtime, LEDGER);
  await driver.executeLambda((txn) => txn.execute('CREATE TABLE Car'));
  // Ion types that a JSON round trip would lose (decimal, timestamp, blob, symbol) must survive GetRevision's text.
  const ionDoc = load('{VIN:"ION-1", price: 10.50, made: 2020-01-02T03:04:05.678Z, photo: {{AQID}}, kind: sedan, owners: [{name:"a"}]}')!;
  const inserted = await driver.executeLambda(async (txn) => {
    const first = await txn.execute('INSERT INTO Car ?', ionDoc);
    // Two documents in one block: their revisions share one revisions tree.
    const more = await txn.execute('INSERT INTO Car ?', [{ VIN: 'PAIR-1', Color: 'red' }, { VIN: 'PAIR-2', Color: 'white' }]);
    return [...first.getResultList(), ...more.getResultList()].map((row) => row.get('documentId')!.stringValue()!);
  });
  documentIds.push(...inserted);
  await driver.executeLambda((txn) => txn.execute("UPDATE Car AS c SET c.Color = 'blue' WHERE c.VIN = 'PAIR-1'"));
  await driver.executeLambda((txn) => txn.execute("UPDATE Car AS c SET c.Color = 'green' WHERE c.VIN = 'PAIR-1'"));
  await driver.executeLambda((txn) => txn.execute("DELETE FROM Car AS c WHERE c.VIN = 'PAIR-2'"));
});

env.onStop(() => driver?.close());

/** Every revision of the test documents, from history(): blockAddress, hash, data, metadata. */
async function allRevisions(): Promise<dom.Value[]> {
  const revisions: dom.Value[] = [];
  for (const id of documentIds) revisions.push(...(await query('SELECT * FROM history(Car) AS h WHERE h.metadata.id = ?', id)));
  return revisions;
}

async function currentDigest() {
  const out = await env.clients.qldb.send(new GetDigestCommand({ Name: LEDGER }));
  const tip = load(out.DigestTipAddress!.IonText!)!;
  return { digest: out.Digest!, tipText: out.DigestTipAddress!.IonText!, tipSequenceNo: tip.get('sequenceNo')!.numberValue()!, strandId: tip.get('strandId')!.stringValue()! };
}

describe('GetDigest', () => {
  it('returns a 32-byte digest and the latest block as an Ion address that ion-js loads', async () => {
    const [committed] = await query("SELECT * FROM _ql_committed_Car AS c WHERE c.data.VIN = 'PAIR-1'");
    const { digest, tipText, tipSequenceNo, strandId } = await currentDigest();
    expect(digest).toBeInstanceOf(Uint8Array);
    expect(digest.length).toBe(32);
    expect(tipText).toMatch(/^\{strandId:"[A-Za-z0-9]{22}",sequenceNo:\d+\}$/);
    expect(strandId).toBe(committed.get('blockAddress', 'strandId')!.stringValue());
    // The SELECT above committed a block after the one holding PAIR-1's latest revision.
    expect(tipSequenceNo).toBeGreaterThan(committed.get('blockAddress', 'sequenceNo')!.numberValue()!);
    // The tip is the latest block: the next one does not exist yet.
    await env.clients.qldb.send(new GetBlockCommand({ Name: LEDGER, BlockAddress: { IonText: tipText } }));
    const next = await rejectionOf(env.clients.qldb.send(new GetBlockCommand({ Name: LEDGER, BlockAddress: { IonText: `{strandId:"${strandId}",sequenceNo:${tipSequenceNo + 1}}` } })));
    expect(next.name).toBe('InvalidParameterException');
  });

  it('moves with every commit, and the new digest differs', async () => {
    const before = await currentDigest();
    await query("SELECT * FROM Car AS c WHERE c.VIN = 'ION-1'");
    const after = await currentDigest();
    expect(after.tipSequenceNo).toBe(before.tipSequenceNo + 1);
    expect(hex(after.digest)).not.toBe(hex(before.digest));
  });
});

describe('GetRevision', () => {
  it('returns every revision with a proof that verifies against the digest, and a hash recomputed by the driver', async () => {
    const revisions = await allRevisions();
    expect(revisions.length).toBe(6); // ION-1 v0, PAIR-1 v0–v2, PAIR-2 v0 + its delete
    const { digest, tipText } = await currentDigest();
    for (const expected of revisions) {
      const documentId = expected.get('metadata', 'id')!.stringValue()!;
      const out = await env.clients.qldb.send(
        new GetRevisionCommand({ Name: LEDGER, BlockAddress: { IonText: dumpText(expected.get('blockAddress')!) }, DocumentId: documentId, DigestTipAddress: { IonText: tipText } }),
      );
      const revision = load(out.Revision!.IonText!)!;
      const leaf = bytes(revision.get('hash'));
      expect(hex(leaf)).toBe(hex(bytes(expected.get('hash'))));
      expect(hex(driverRevisionHash(revision))).toBe(hex(leaf));
      expect(revision.get('metadata', 'version')!.numberValue()).toBe(expected.get('metadata', 'version')!.numberValue());
      expect(dumpText(revision.get('blockAddress')!)).toBe(dumpText(expected.get('blockAddress')!));
      expect(revision.get('data') ? dumpText(revision.get('data')!) : undefined).toBe(expected.get('data') ? dumpText(expected.get('data')!) : undefined);
      expect(verifyProof(leaf, proofHashes(out.Proof?.IonText), digest)).toBe(true);
    }
  });

  it('keeps Ion types exact in the Revision text (decimal, timestamp, blob, symbol)', async () => {
    const [row] = await query('SELECT * FROM history(Car) AS h WHERE h.metadata.id = ?', documentIds[0]);
    const out = await env.clients.qldb.send(new GetRevisionCommand({ Name: LEDGER, BlockAddress: { IonText: dumpText(row.get('blockAddress')!) }, DocumentId: documentIds[0] }));
    const data = load(out.Revision!.IonText!)!.get('data')!;
    expect(data.get('price')!.getType()).toBe(IonTypes.DECIMAL);
    expect(data.get('made')!.getType()).toBe(IonTypes.TIMESTAMP);
    expect(data.get('photo')!.getType()).toBe(IonTypes.BLOB);
    expect(data.get('kind')!.getType()).toBe(IonTypes.SYMBOL);
    expect(dumpText(data)).toBe(dumpText(row.get('data')!));
  });

  it('proves a revision against an older digest too, and that proof does not fit the newer digest', async () => {
    const [oldest] = await query('SELECT * FROM history(Car) AS h WHERE h.metadata.id = ?', documentIds[1]);
    const older = await currentDigest();
    await query("SELECT * FROM Car AS c WHERE c.VIN = 'PAIR-1'");
    const newer = await currentDigest();
    const ask = (tipText: string) =>
      env.clients.qldb.send(new GetRevisionCommand({ Name: LEDGER, BlockAddress: { IonText: dumpText(oldest.get('blockAddress')!) }, DocumentId: documentIds[1], DigestTipAddress: { IonText: tipText } }));
    const leaf = bytes(oldest.get('hash'));
    const againstOlder = proofHashes((await ask(older.tipText)).Proof!.IonText);
    expect(verifyProof(leaf, againstOlder, older.digest)).toBe(true);
    expect(verifyProof(leaf, againstOlder, newer.digest)).toBe(false);
    expect(verifyProof(leaf, proofHashes((await ask(newer.tipText)).Proof!.IonText), newer.digest)).toBe(true);
  });

  it('returns no Proof without a DigestTipAddress', async () => {
    const [row] = await query('SELECT * FROM _ql_committed_Car AS c WHERE c.metadata.id = ?', documentIds[0]);
    const out = await env.clients.qldb.send(new GetRevisionCommand({ Name: LEDGER, BlockAddress: { IonText: dumpText(row.get('blockAddress')!) }, DocumentId: documentIds[0] }));
    expect(out.Revision!.IonText).toBeDefined();
    expect(out.Proof).toBeUndefined();
  });
});

describe('GetBlock', () => {
  it('proves every block of the journal against the digest; hashes recompute with the driver', async () => {
    const { digest, tipText, tipSequenceNo, strandId } = await currentDigest();
    let previousBlockHash: Uint8Array | undefined;
    for (let sequenceNo = 0; sequenceNo <= tipSequenceNo; sequenceNo++) {
      const out = await env.clients.qldb.send(
        new GetBlockCommand({ Name: LEDGER, BlockAddress: { IonText: `{strandId:"${strandId}",sequenceNo:${sequenceNo}}` }, DigestTipAddress: { IonText: tipText } }),
      );
      const block = load(out.Block!.IonText!)!;
      expect(block.get('blockAddress', 'sequenceNo')!.numberValue()).toBe(sequenceNo);
      const blockHash = bytes(block.get('blockHash'));
      const entriesHash = bytes(block.get('entriesHash'));
      const previous = bytes(block.get('previousBlockHash'));
      const entriesHashList = block.get('entriesHashList')!.elements().map(bytes);
      expect(hex(driverMerkleRoot(entriesHashList))).toBe(hex(entriesHash));
      if (sequenceNo === 0) expect(hex(blockHash)).toBe(hex(entriesHash));
      else {
        expect(hex(previous)).toBe(hex(previousBlockHash!));
        expect(hex(driverDot(entriesHash, previous))).toBe(hex(blockHash));
      }
      // Each user revision recomputes, and the revisions tree's root is one of the entries (docs/qldb-journal.md#hash-rules).
      const revisions = block.get('revisions')?.elements() ?? [];
      for (const revision of revisions.filter((r) => r.get('metadata'))) expect(hex(driverRevisionHash(revision))).toBe(hex(bytes(revision.get('hash'))));
      if (revisions.length > 0) expect(entriesHashList.map(hex)).toContain(hex(driverMerkleRoot(revisions.map((r) => bytes(r.get('hash'))))));
      expect(verifyProof(blockHash, proofHashes(out.Proof?.IonText), digest)).toBe(true);
      previousBlockHash = blockHash;
    }
  });

  it('shows a block with the statements and documents of its transaction', async () => {
    const [row] = await query('SELECT * FROM history(Car) AS h WHERE h.metadata.id = ?', documentIds[1]);
    const out = await env.clients.qldb.send(new GetBlockCommand({ Name: LEDGER, BlockAddress: { IonText: dumpText(row.get('blockAddress')!) } }));
    const block = load(out.Block!.IonText!)!;
    expect(block.get('transactionId')!.stringValue()).toBe(row.get('metadata', 'txId')!.stringValue());
    expect(block.get('transactionInfo', 'statements')!.elements().map((s) => s.get('statement')!.stringValue())).toEqual(['INSERT INTO Car ?', 'INSERT INTO Car ?']);
    expect(block.get('transactionInfo', 'documents')!.fieldNames().sort()).toEqual([...documentIds].sort());
    const userRevisions = block.get('revisions')!.elements().filter((r) => r.get('metadata'));
    expect(userRevisions.map((r) => r.get('metadata', 'id')!.stringValue()).sort()).toEqual([...documentIds].sort());
  });

  it('returns no Proof without a DigestTipAddress', async () => {
    const { tipText } = await currentDigest();
    const out = await env.clients.qldb.send(new GetBlockCommand({ Name: LEDGER, BlockAddress: { IonText: tipText } }));
    expect(load(out.Block!.IonText!)!.get('blockHash')).not.toBeNull();
    expect(out.Proof).toBeUndefined();
  });
});

describe('tampering fails verification', () => {
  let leaf: Uint8Array;
  let proof: Uint8Array[];
  let digest: Uint8Array;

  beforeAll(async () => {
    // PAIR-1 version 0 shares its block with two other revisions, so its proof has every part (docs/qldb-journal.md#digests-and-proofs).
    const [row] = await query('SELECT * FROM history(Car) AS h WHERE h.metadata.id = ?', documentIds[1]);
    const current = await currentDigest();
    const out = await env.clients.qldb.send(
      new GetRevisionCommand({ Name: LEDGER, BlockAddress: { IonText: dumpText(row.get('blockAddress')!) }, DocumentId: documentIds[1], DigestTipAddress: { IonText: current.tipText } }),
    );
    leaf = bytes(load(out.Revision!.IonText!)!.get('hash'));
    proof = proofHashes(out.Proof!.IonText);
    digest = current.digest;
    expect(verifyProof(leaf, proof, digest)).toBe(true);
    expect(proof.length).toBeGreaterThanOrEqual(4);
  });

  it('rejects a proof with any one element changed, at its first, a middle and its last byte', () => {
    for (let i = 0; i < proof.length; i++) {
      for (const at of [0, 15, 31]) {
        const tampered = proof.map((hash, j) => (j === i ? flipped(hash, at) : hash));
        expect(verifyProof(leaf, tampered, digest)).toBe(false);
      }
    }
  });

  it('rejects a changed leaf, a changed digest, a dropped element and a reordered proof that changes the path', () => {
    expect(verifyProof(flipped(leaf, 7), proof, digest)).toBe(false);
    expect(verifyProof(leaf, proof, flipped(digest, 31))).toBe(false);
    expect(verifyProof(leaf, proof.slice(0, -1), digest)).toBe(false);
    expect(verifyProof(leaf, [proof[1]!, proof[0]!, ...proof.slice(2)], digest)).toBe(false);
  });

  it('rejects a revision whose data was changed after the fact', async () => {
    const [row] = await query('SELECT * FROM history(Car) AS h WHERE h.metadata.id = ?', documentIds[1]);
    const forged = load(dumpText(row.get('data')!).replace('"red"', '"black"'))!;
    expect(dumpText(forged)).toContain('black');
    const forgedLeaf = driverDot(driverHash(row.get('metadata')!), driverHash(forged));
    expect(verifyProof(forgedLeaf, proof, digest)).toBe(false);
  });
});

describe('journal reads refuse bad input with the named errors', () => {
  const expectError = async (promise: Promise<unknown>, name: string, status: number) => {
    const err = await rejectionOf(promise);
    expect(err.name).toBe(name);
    expect(err.$metadata?.httpStatusCode).toBe(status);
    expect(err.message).not.toBe('');
    return err;
  };

  it('answers an unknown ledger with ResourceNotFoundException (404)', async () => {
    const address = { IonText: '{strandId:"AAAAAAAAAAAAAAAAAAAAAA",sequenceNo:0}' };
    await expectError(env.clients.qldb.send(new GetDigestCommand({ Name: 'no-such-ledger' })), 'ResourceNotFoundException', 404);
    await expectError(env.clients.qldb.send(new GetBlockCommand({ Name: 'no-such-ledger', BlockAddress: address })), 'ResourceNotFoundException', 404);
    await expectError(env.clients.qldb.send(new GetRevisionCommand({ Name: 'no-such-ledger', BlockAddress: address, DocumentId: documentIds[0] })), 'ResourceNotFoundException', 404);
  });

  it('refuses a digest of a ledger with no committed block yet (412; keydrill writes no creation blocks)', async () => {
    await createLedger(env.runtime, 'fresh');
    await expectError(env.clients.qldb.send(new GetDigestCommand({ Name: 'fresh' })), 'ResourcePreconditionNotMetException', 412);
    await env.clients.qldb.send(new DeleteLedgerCommand({ Name: 'fresh' }));
  });

  it('refuses malformed address Ion text with InvalidParameterException (400)', async () => {
    const { strandId } = await currentDigest();
    for (const IonText of [
      `{strandId:"${strandId}",sequenceNo:`,
      'not an address',
      `{strandId:"${strandId}",sequenceNo:1} {strandId:"${strandId}",sequenceNo:2}`,
      `{strandId:"${strandId}",sequenceNo:1.0}`,
      `{strandId:"${strandId}",sequenceNo:-1}`,
      `{strandId:${strandId},sequenceNo:1}`,
      `{strandId:"AAAAAAAAAAAAAAAAAAAAAA",sequenceNo:1}`,
      `{sequenceNo:1}`,
      `[1, 2]`,
    ]) {
      await expectError(env.clients.qldb.send(new GetBlockCommand({ Name: LEDGER, BlockAddress: { IonText } })), 'InvalidParameterException', 400);
      await expectError(env.clients.qldb.send(new GetRevisionCommand({ Name: LEDGER, BlockAddress: { IonText }, DocumentId: documentIds[0] })), 'InvalidParameterException', 400);
      await expectError(
        env.clients.qldb.send(new GetBlockCommand({ Name: LEDGER, BlockAddress: { IonText: `{strandId:"${strandId}",sequenceNo:0}` }, DigestTipAddress: { IonText } })),
        'InvalidParameterException',
        400,
      );
    }
    await expectError(env.clients.qldb.send(new GetBlockCommand({ Name: LEDGER, BlockAddress: { IonText: '' } })), 'InvalidParameterException', 400);
  });

  it('refuses a block past the journal tip (400) and a digest tip past it (412)', async () => {
    const { strandId, tipSequenceNo, tipText } = await currentDigest();
    const past = { IonText: `{strandId:"${strandId}",sequenceNo:${tipSequenceNo + 1000}}` };
    await expectError(env.clients.qldb.send(new GetBlockCommand({ Name: LEDGER, BlockAddress: past })), 'InvalidParameterException', 400);
    await expectError(env.clients.qldb.send(new GetRevisionCommand({ Name: LEDGER, BlockAddress: past, DocumentId: documentIds[0] })), 'InvalidParameterException', 400);
    const err = await expectError(env.clients.qldb.send(new GetBlockCommand({ Name: LEDGER, BlockAddress: { IonText: tipText }, DigestTipAddress: past })), 'ResourcePreconditionNotMetException', 412);
    expect(err.message).toContain(String(tipSequenceNo + 1000));
  });

  it('refuses a block after the digest tip it is to be proven against', async () => {
    const [row] = await query('SELECT * FROM history(Car) AS h WHERE h.metadata.id = ?', documentIds[1]);
    const { strandId, tipText } = await currentDigest();
    const earlier = { IonText: `{strandId:"${strandId}",sequenceNo:${row.get('blockAddress', 'sequenceNo')!.numberValue()! - 1}}` };
    await expectError(env.clients.qldb.send(new GetBlockCommand({ Name: LEDGER, BlockAddress: { IonText: tipText }, DigestTipAddress: earlier })), 'InvalidParameterException', 400);
    await expectError(
      env.clients.qldb.send(new GetRevisionCommand({ Name: LEDGER, BlockAddress: { IonText: dumpText(row.get('blockAddress')!) }, DocumentId: documentIds[1], DigestTipAddress: earlier })),
      'InvalidParameterException',
      400,
    );
  });

  it('refuses a document the block did not write, and a malformed document id', async () => {
    // The block of PAIR-1's last update wrote PAIR-1 only.
    const latest = (await query('SELECT * FROM history(Car) AS h WHERE h.metadata.id = ?', documentIds[1])).pop()!;
    const BlockAddress = { IonText: dumpText(latest.get('blockAddress')!) };
    for (const DocumentId of ['ZZZZZZZZZZZZZZZZZZZZZZ', documentIds[0]!]) {
      const err = await expectError(env.clients.qldb.send(new GetRevisionCommand({ Name: LEDGER, BlockAddress, DocumentId })), 'InvalidParameterException', 400);
      expect(err.message).toContain(DocumentId);
    }
    for (const DocumentId of ['short', 'has/slash-in-it-xxxxxx']) {
      await expectError(env.clients.qldb.send(new GetRevisionCommand({ Name: LEDGER, BlockAddress, DocumentId })), 'InvalidParameterException', 400);
    }
  });
});

describe('UpdateLedgerPermissionsMode', () => {
  it('switches the mode and back, visible in DescribeLedger', async () => {
    await createLedger(env.runtime, 'modes', 'ALLOW_ALL');
    const out = await env.clients.qldb.send(new UpdateLedgerPermissionsModeCommand({ Name: 'modes', PermissionsMode: 'STANDARD' }));
    expect(out).toMatchObject({ Name: 'modes', Arn: `arn:aws:qldb:${env.runtime.region}:${env.runtime.account}:ledger/modes`, PermissionsMode: 'STANDARD' });
    expect((await env.clients.qldb.send(new DescribeLedgerCommand({ Name: 'modes' }))).PermissionsMode).toBe('STANDARD');
    await env.clients.qldb.send(new UpdateLedgerPermissionsModeCommand({ Name: 'modes', PermissionsMode: 'ALLOW_ALL' }));
    expect((await env.clients.qldb.send(new DescribeLedgerCommand({ Name: 'modes' }))).PermissionsMode).toBe('ALLOW_ALL');
    await env.clients.qldb.send(new DeleteLedgerCommand({ Name: 'modes' }));
  });

  it('refuses an unknown ledger (404) and an unknown mode (400)', async () => {
    const missing = await rejectionOf(env.clients.qldb.send(new UpdateLedgerPermissionsModeCommand({ Name: 'no-such-ledger', PermissionsMode: 'STANDARD' })));
    expect(missing.name).toBe('ResourceNotFoundException');
    expect(missing.$metadata?.httpStatusCode).toBe(404);
    const invalid = await rejectionOf(env.clients.qldb.send(new UpdateLedgerPermissionsModeCommand({ Name: LEDGER, PermissionsMode: 'SOMETIMES' as never })));
    expect(invalid.name).toBe('InvalidParameterException');
    expect(invalid.$metadata?.httpStatusCode).toBe(400);
    expect((await env.clients.qldb.send(new DescribeLedgerCommand({ Name: LEDGER }))).PermissionsMode).toBe('ALLOW_ALL');
  });
});

describe('tags', () => {
  const tagsOf = async (ResourceArn: string) => (await env.clients.qldb.send(new ListTagsForResourceCommand({ ResourceArn }))).Tags;

  it('round-trips tags given at creation, added, and removed (several keys at once)', async () => {
    const created = await env.clients.qldb.send(new CreateLedgerCommand({ Name: 'tagged', PermissionsMode: 'ALLOW_ALL', DeletionProtection: false, Tags: { team: 'ledger', 'cost/center': '42' } }));
    const arn = created.Arn!;
    expect(arn).toBe(`arn:aws:qldb:${env.runtime.region}:${env.runtime.account}:ledger/tagged`);
    expect(await tagsOf(arn)).toEqual({ team: 'ledger', 'cost/center': '42' });
    await env.clients.qldb.send(new TagResourceCommand({ ResourceArn: arn, Tags: { env: 'test', 'a b': 'with space' } }));
    expect(await tagsOf(arn)).toEqual({ team: 'ledger', 'cost/center': '42', env: 'test', 'a b': 'with space' });
    await env.clients.qldb.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['team', 'a b', 'never-there'] }));
    expect(await tagsOf(arn)).toEqual({ 'cost/center': '42', env: 'test' });
    await env.clients.qldb.send(new DeleteLedgerCommand({ Name: 'tagged' }));
    expect((await rejectionOf(tagsOf(arn))).name).toBe('ResourceNotFoundException');
  });

  it('refuses a key the resource already has (QLDB does not overwrite tags)', async () => {
    const { Arn } = await env.clients.qldb.send(new DescribeLedgerCommand({ Name: LEDGER }));
    await env.clients.qldb.send(new TagResourceCommand({ ResourceArn: Arn!, Tags: { owner: 'me' } }));
    const err = await rejectionOf(env.clients.qldb.send(new TagResourceCommand({ ResourceArn: Arn!, Tags: { owner: 'you', other: 'x' } })));
    expect(err.name).toBe('InvalidParameterException');
    expect(await tagsOf(Arn!)).toEqual({ owner: 'me' });
  });

  it('answers an unknown ARN with ResourceNotFoundException (404) and text that is no ARN with InvalidParameterException', async () => {
    const unknown = `arn:aws:qldb:${env.runtime.region}:${env.runtime.account}:ledger/no-such-ledger`;
    for (const call of [
      () => env.clients.qldb.send(new ListTagsForResourceCommand({ ResourceArn: unknown })),
      () => env.clients.qldb.send(new TagResourceCommand({ ResourceArn: unknown, Tags: { a: 'b' } })),
      () => env.clients.qldb.send(new UntagResourceCommand({ ResourceArn: unknown, TagKeys: ['a'] })),
    ]) {
      const err = await rejectionOf(call());
      expect(err.name).toBe('ResourceNotFoundException');
      expect(err.$metadata?.httpStatusCode).toBe(404);
    }
    const invalid = await rejectionOf(env.clients.qldb.send(new ListTagsForResourceCommand({ ResourceArn: 'this-is-not-an-arn-at-all' })));
    expect(invalid.name).toBe('InvalidParameterException');
    expect(invalid.$metadata?.httpStatusCode).toBe(400);
  });
});
