import { randomBytes } from 'node:crypto';
import { checkRevisionProof, proofHashes, revisionHash } from '../../functions/domain/lifecycle/proof-check';
import { dumpBinary, load, type dom } from 'ion-js';

interface DriverQldbHash {
  dot(other: DriverQldbHash): DriverQldbHash;
  getQldbHash(): Uint8Array;
}
// The driver's own hashing, not exported by its typings: an implementation independent of the one under test.
const { QldbHash } = require('amazon-qldb-driver-nodejs/dist/src/QldbHash') as { QldbHash: { new (hash: Uint8Array): DriverQldbHash; toQldbHash(value: unknown): DriverQldbHash } };
const driverHash = (value: dom.Value): Uint8Array => QldbHash.toQldbHash(dumpBinary(value)).getQldbHash();
const driverDot = (a: Uint8Array, b: Uint8Array): Uint8Array => new QldbHash(a).dot(new QldbHash(b)).getQldbHash();

/**
 * The audit's verifier against hashes made with the QLDB driver's own QldbHash (an independent implementation):
 * a genuine revision and proof verify; any change to the revision, the proof or the digest does not.
 */

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const METADATA = '{id:"DOC0000000000000000001",version:0,txTime:2021-07-22T10:00:00.123Z,txId:"TXN0000000000000000001"}';
const DATA = '{licenceId:"LIC-00000001",email:"ada.lovelace.1@example.com",penaltyPoints:3,events:[{eventName:"LicenceHolderCreated"}]}';
const ADDRESS = { strandId: 'STRAND0000000000000001', sequenceNo: 7 };

function genuine(content: { data?: string; dataHash?: Uint8Array } = { data: DATA }) {
  const contentHash = content.data ? driverHash(load(content.data)!) : content.dataHash!;
  const hash = driverDot(driverHash(load(METADATA)!), contentHash);
  const siblings = [randomBytes(32), randomBytes(32), randomBytes(32)].map((b) => new Uint8Array(b));
  const digest = siblings.reduce(driverDot, hash);
  const body = content.data ? `data:${content.data}` : `dataHash:{{${b64(content.dataHash!)}}}`;
  return {
    digest,
    hash,
    revision: {
      documentId: 'DOC0000000000000000001',
      blockAddress: ADDRESS,
      revisionIonText: `{blockAddress:{strandId:"${ADDRESS.strandId}",sequenceNo:${ADDRESS.sequenceNo}},hash:{{${b64(hash)}}},${body},metadata:${METADATA}}`,
      proofIonText: `[${siblings.map((s) => `{{${b64(s)}}}`).join(',')}]`,
    },
  };
}

const flip = (bytes: Uint8Array, index = 5) => bytes.map((byte, i) => (i === index ? byte ^ 0x01 : byte));

test('a genuine revision and proof verify against the digest', () => {
  const { revision, digest, hash } = genuine();
  expect(checkRevisionProof(revision, digest)).toEqual({ verified: true });
  expect(Buffer.from(revisionHash(load(revision.revisionIonText)!)).equals(Buffer.from(hash))).toBe(true);
  expect(proofHashes(revision.proofIonText)).toHaveLength(3);
});

test('a redacted revision verifies through its dataHash, as before its redaction', () => {
  const { revision, digest } = genuine({ dataHash: driverHash(load(DATA)!) });
  expect(checkRevisionProof(revision, digest)).toEqual({ verified: true });
});

test('changed data fails: the content no longer hashes to the revision hash', () => {
  const { revision, digest } = genuine();
  const tampered = { ...revision, revisionIonText: revision.revisionIonText.replace('penaltyPoints:3', 'penaltyPoints:0') };
  expect(checkRevisionProof(tampered, digest)).toEqual({ verified: false, reason: expect.stringContaining("the revision's content hashes to") });
});

test('a changed proof hash, a changed revision hash or another digest fails the fold', () => {
  const { revision, digest } = genuine();
  const siblings = proofHashes(revision.proofIonText);
  for (let p = 0; p < siblings.length; p++) {
    const proof = `[${siblings.map((s, q) => `{{${b64(q === p ? flip(s) : s)}}}`).join(',')}]`;
    expect(checkRevisionProof({ ...revision, proofIonText: proof }, digest)).toEqual({ verified: false, reason: expect.stringContaining('the proof (3 hashes) folds to') });
  }
  expect(checkRevisionProof({ ...revision, proofIonText: `[${siblings.slice(1).map((s) => `{{${b64(s)}}}`).join(',')}]` }, digest).verified).toBe(false);
  expect(checkRevisionProof(revision, flip(digest)).verified).toBe(false);
});

test('an answer for another document or block, or an unreadable one, fails', () => {
  const { revision, digest } = genuine();
  expect(checkRevisionProof({ ...revision, documentId: 'DOC0000000000000000002' }, digest)).toEqual({ verified: false, reason: expect.stringContaining('answered document DOC0000000000000000001') });
  expect(checkRevisionProof({ ...revision, blockAddress: { ...ADDRESS, sequenceNo: 8 } }, digest)).toEqual({ verified: false, reason: expect.stringContaining('answered block') });
  expect(checkRevisionProof({ ...revision, proofIonText: '[1, 2]' }, digest)).toEqual({ verified: false, reason: expect.stringContaining('unreadable') });
  expect(checkRevisionProof({ ...revision, revisionIonText: '' }, digest).verified).toBe(false);
});
