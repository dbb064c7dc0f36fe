import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { dom, load } from 'ion-js';
import { type Block, blockHashProblem, buildBlock, revisionHash, transactionInfoHash, type TransactionInfo } from '../../runtime/services/qldb/journal/block';
import { dot, ionHash, merkleRoot, statementHash } from '../../runtime/services/qldb/journal/hash';

const hex = (hash: Uint8Array): string => Buffer.from(hash).toString('hex');

/**
 * A real QLDB block (test/fixtures/qldb/README.md): keydrill's hash rules must reproduce its hashes.
 */
const fixture = (name: string): dom.Value => load(readFileSync(join(__dirname, '../fixtures/qldb', name), 'utf8'))!;
const summary = fixture('real-block-summary.ion');
const revision = fixture('real-revision.ion');
const bytes = (value: dom.Value | null): Uint8Array => value!.uInt8ArrayValue()!;
const date = (value: dom.Value | null): Date => value!.timestampValue()!.getDate();

const entriesHashList = summary.get('entriesHashList')!.elements().map(bytes);
const metadata = {
  id: revision.get('metadata', 'id')!.stringValue()!,
  version: revision.get('metadata', 'version')!.numberValue()!,
  txTime: date(revision.get('metadata', 'txTime')),
  txId: revision.get('metadata', 'txId')!.stringValue()!,
};
const statement = summary.get('transactionInfo', 'statements')!.elements()[0]!;
const transactionInfo: TransactionInfo = {
  statements: [{ statement: statement.get('statement')!.stringValue()!, startTime: date(statement.get('startTime')), statementDigest: bytes(statement.get('statementDigest')) }],
  documents: { D35qd3e2prnJYmtKW6kok1: { tableName: 'Person', tableId: '1SUXCa3wwV0GD7kV78RbSg', statements: [0] } },
};

describe('a real QLDB block', () => {
  it('revision hash = H(metadata) ⊙ H(data)', () => {
    expect(hex(revisionHash(metadata, ionHash(revision.get('data')!)))).toBe(hex(bytes(revision.get('hash'))));
  });

  it('statementDigest of a statement without parameters = H(statement as an Ion string)', () => {
    expect(hex(statementHash(transactionInfo.statements[0]!.statement, []))).toBe(hex(transactionInfo.statements[0]!.statementDigest));
  });

  it('H(transactionInfo) is in entriesHashList (its last entry), and so is the revisions root', () => {
    expect(hex(transactionInfoHash(transactionInfo))).toBe(hex(entriesHashList[3]));
    expect(hex(merkleRoot([bytes(revision.get('hash'))]))).toBe(hex(entriesHashList[1]));
  });

  it('entriesHash = MerkleRoot(entriesHashList) and blockHash = entriesHash ⊙ previousBlockHash', () => {
    const entriesHash = merkleRoot(entriesHashList);
    expect(hex(entriesHash)).toBe(hex(bytes(summary.get('entriesHash'))));
    expect(hex(dot(entriesHash, bytes(summary.get('previousBlockHash'))))).toBe(hex(bytes(summary.get('blockHash'))));
  });

  it('an unsigned byte order would not reproduce the block hash', () => {
    const unsignedDot = (a: Uint8Array, b: Uint8Array): Uint8Array => {
      let i = 31;
      while (i > 0 && a[i] === b[i]) i--;
      const [first, second] = a[i]! < b[i]! ? [a, b] : [b, a];
      return new Uint8Array(createHash('sha256').update(first).update(second).digest());
    };
    const unsignedRoot = unsignedDot(unsignedDot(entriesHashList[0]!, entriesHashList[1]!), unsignedDot(entriesHashList[2]!, entriesHashList[3]!));
    expect(hex(unsignedDot(unsignedRoot, bytes(summary.get('previousBlockHash'))))).not.toBe(hex(bytes(summary.get('blockHash'))));
  });

  it('buildBlock computes the same revision hash and H(transactionInfo) for this transaction', () => {
    const block: Block = buildBlock({
      strandId: 'HbD9IggL584EPHmfwjmVz0',
      sequenceNo: 3,
      transactionId: '0007KbqoyqAIch6XRbQ4iA',
      timestamp: date(summary.get('blockTimestamp')),
      previousBlockHash: bytes(summary.get('previousBlockHash')),
      statements: transactionInfo.statements,
      documents: transactionInfo.documents,
      revisions: [{ tableId: '1SUXCa3wwV0GD7kV78RbSg', tableName: 'Person', data: revision.get('data')!, metadata }],
      internal: [],
    });
    expect(hex(block.revisions[0]!.hash)).toBe(hex(bytes(revision.get('hash'))));
    // keydrill's list is [revisionsRoot, H(transactionInfo)]: the real list without QLDB's two internal entries.
    expect(block.entriesHashList.map(hex)).toEqual([entriesHashList[1]!, entriesHashList[3]!].map(hex));
    expect(blockHashProblem(block, 'full')).toBeUndefined();
  });
});
