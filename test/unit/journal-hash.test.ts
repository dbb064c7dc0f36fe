import { createHash } from 'node:crypto';
import { dumpBinary, load, makeBinaryWriter, makeTextWriter } from 'ion-js';
import { CommitDigest, dot, EMPTY_HASH, ionHash, merkleRoot, statementHash } from '../../runtime/services/qldb/journal/hash';

interface DriverHash {
  dot(other: DriverHash): DriverHash;
  getQldbHash(): Uint8Array;
}
// The driver marks QldbHash @internal, so its .d.ts exports nothing; the class itself is the oracle.
const { QldbHash } = require('amazon-qldb-driver-nodejs/dist/src/QldbHash') as {
  QldbHash: { new (hash: Uint8Array): DriverHash; toQldbHash(value: string | Uint8Array): DriverHash };
};

const hex = (hash: Uint8Array): string => Buffer.from(hash).toString('hex');

const sha256 = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(parts.reduce((h, p) => h.update(p), createHash('sha256')).digest());
const hashOf = (label: string): Uint8Array => sha256(Buffer.from(label));
/** A 32-byte hash that is zero except for the given bytes. */
function hashWith(bytes: Record<number, number>): Uint8Array {
  const hash = new Uint8Array(32);
  for (const [index, value] of Object.entries(bytes)) hash[Number(index)] = value;
  return hash;
}

describe('ionHash', () => {
  it('hashes the data model: text and binary encodings of one value hash alike', () => {
    const text = '{ b: 2, a: "x", t: 2019-12-11T07:20:51.245Z }';
    expect(hex(ionHash(Buffer.from(text)))).toBe(hex(ionHash(dumpBinary(load(text)))));
    expect(hex(ionHash(load(text)!))).toBe(hex(ionHash(Buffer.from('{ a: "x", t: 2019-12-11T07:20:51.245Z, b: 2 }'))));
  });

  it('tells Ion types, annotations and timestamp precision apart', () => {
    const hashes = ['1', '1.', '1e0', '"a"', 'a', 'ann::"a"', '2019-12-11T07:20:51.245Z', '2019-12-11T07:20:51.2450Z'].map((t) => Buffer.from(ionHash(Buffer.from(t))).toString('hex'));
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('hashes only the first top-level value of a byte stream', () => {
    expect(hex(ionHash(Buffer.from('"a" "b"')))).toBe(hex(ionHash(Buffer.from('"a"'))));
  });

  it('agrees with the driver', () => {
    const bytes = dumpBinary(load('{ x: [1, 2.5, "s", {{AAE=}}] }'));
    expect(hex(ionHash(bytes))).toBe(hex(QldbHash.toQldbHash(bytes).getQldbHash()));
  });
});

describe('dot', () => {
  const a = hashOf('a');
  const b = hashOf('b');
  const c = hashOf('c');

  it('is commutative', () => {
    expect(hex(dot(a, b))).toBe(hex(dot(b, a)));
  });

  it('is not associative', () => {
    expect(hex(dot(dot(a, b), c))).not.toBe(hex(dot(a, dot(b, c))));
  });

  it('returns the other input when one is empty, without hashing', () => {
    expect(dot(EMPTY_HASH, a)).toBe(a);
    expect(dot(a, EMPTY_HASH)).toBe(a);
    expect(hex(dot(EMPTY_HASH, EMPTY_HASH))).toBe(hex(EMPTY_HASH));
  });

  it('orders by signed bytes, last byte first', () => {
    // 0x80 is -128 signed: smaller than 0x01, although larger unsigned.
    const negative = hashWith({ 31: 0x80 });
    const positive = hashWith({ 31: 0x01 });
    expect(hex(dot(positive, negative))).toBe(hex(sha256(negative, positive)));
    // The last byte decides before any earlier one.
    const highFirstByte = hashWith({ 0: 0x7f, 31: 0x02 });
    const lowFirstByte = hashWith({ 0: 0x00, 31: 0x03 });
    expect(hex(dot(lowFirstByte, highFirstByte))).toBe(hex(sha256(highFirstByte, lowFirstByte)));
    // Equal last bytes: the next byte towards the front decides.
    expect(hex(dot(hashWith({ 30: 0xff }), hashWith({ 30: 0x00 })))).toBe(hex(sha256(hashWith({ 30: 0xff }), hashWith({ 30: 0x00 }))));
  });

  it('matches the driver for many pairs', () => {
    for (let i = 0; i < 50; i++) {
      const [x, y] = [hashOf(`x${i}`), hashOf(`y${i}`)];
      expect(hex(dot(x, y))).toBe(hex(new QldbHash(x).dot(new QldbHash(y)).getQldbHash()));
    }
  });
});

describe('merkleRoot', () => {
  const [h0, h1, h2, h3, h4] = ['0', '1', '2', '3', '4'].map(hashOf) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];

  it('is empty for no hashes and the hash itself for one', () => {
    expect(hex(merkleRoot([]))).toBe(hex(EMPTY_HASH));
    expect(merkleRoot([h0])).toBe(h0);
  });

  it('pairs neighbours level by level and carries an odd last node up', () => {
    expect(hex(merkleRoot([h0, h1]))).toBe(hex(dot(h0, h1)));
    expect(hex(merkleRoot([h0, h1, h2]))).toBe(hex(dot(dot(h0, h1), h2)));
    expect(hex(merkleRoot([h0, h1, h2, h3]))).toBe(hex(dot(dot(h0, h1), dot(h2, h3))));
    expect(hex(merkleRoot([h0, h1, h2, h3, h4]))).toBe(hex(dot(dot(dot(h0, h1), dot(h2, h3)), h4)));
  });

  it('depends on the grouping of leaves', () => {
    expect(hex(merkleRoot([h0, h1, h2]))).not.toBe(hex(merkleRoot([h1, h2, h0])));
  });
});

describe('commit digest (docs/qldb-session.md#commit-digest) against the real driver', () => {
  /** What the driver computes in Transaction.js: T = H(txId), then T ⊙ (H(statement) ⊙ H(p)…) per statement. */
  function driverDigest(transactionId: string, statements: [string, Uint8Array[]][]): Uint8Array {
    let digest = QldbHash.toQldbHash(transactionId);
    for (const [statement, params] of statements) {
      let statementDigest = QldbHash.toQldbHash(statement);
      for (const param of params) statementDigest = statementDigest.dot(QldbHash.toQldbHash(param));
      digest = digest.dot(statementDigest);
    }
    return digest.getQldbHash();
  }

  const textParam = (text: string): Uint8Array => {
    const writer = makeTextWriter();
    load(text)!.writeTo(writer);
    writer.close();
    return writer.getBytes();
  };
  const binaryParam = (text: string): Uint8Array => {
    const writer = makeBinaryWriter();
    load(text)!.writeTo(writer);
    writer.close();
    return writer.getBytes();
  };

  const statements: [string, Uint8Array[]][] = [
    ['CREATE TABLE Person', []],
    ['INSERT INTO Person ?', [binaryParam('{ FirstName: "Ana", DOB: 1963-08-19T, n: 12, d: 1.50 }')]],
    ['UPDATE Person SET LastName = ? WHERE GovId = ?', [binaryParam('"Lewis"'), textParam('"LEWISR261LL"')]],
    ['SELECT * FROM Person WHERE n IN (?, ?, ?)', [binaryParam('1'), binaryParam('1e0'), binaryParam('ann::sym')]],
  ];

  it('equals the driver digest after every statement', () => {
    const transactionId = '0007KbqoyqAIch6XRbQ4iA';
    const digest = new CommitDigest(transactionId);
    expect(hex(digest.value)).toBe(hex(driverDigest(transactionId, [])));
    statements.forEach((statement, i) => {
      const statementDigest = digest.add(...statement);
      expect(hex(statementDigest)).toBe(hex(statementHash(...statement)));
      expect(hex(digest.value)).toBe(hex(driverDigest(transactionId, statements.slice(0, i + 1))));
    });
  });

  it('changes with the order of statements and with any parameter', () => {
    const inOrder = new CommitDigest('tx');
    const swapped = new CommitDigest('tx');
    for (const s of statements) inOrder.add(...s);
    for (const s of [statements[1]!, statements[0]!, ...statements.slice(2)]) swapped.add(...s);
    expect(hex(swapped.value)).not.toBe(hex(inOrder.value));
    expect(hex(statementHash('INSERT INTO Person ?', [binaryParam('{ n: 12 }')]))).not.toBe(hex(statementHash('INSERT INTO Person ?', [binaryParam('{ n: 13 }')])));
  });
});
