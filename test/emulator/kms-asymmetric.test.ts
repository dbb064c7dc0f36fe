import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GetPublicKeyCommand,
  SignCommand,
  VerifyCommand,
  type CreateKeyCommandInput,
  type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms';
import { constants, createHash, createPublicKey, publicEncrypt, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { kmsTarget, rawRequest } from '../helpers/raw-request';
import { failure, keyArnOf, useRuntime } from '../helpers/runtime';

const env = useRuntime();
let symmetric: string;
let rsaEncryption: string;
let rsaSigning: string;
let p256: string;
let p384: string;
beforeAll(async () => {
  [symmetric, rsaEncryption, rsaSigning, p256, p384] = await Promise.all([
    createKey({}),
    createKey({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }),
    createKey({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }),
    createKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }),
    createKey({ KeySpec: 'ECC_NIST_P384', KeyUsage: 'SIGN_VERIFY' }),
  ]);
  await env.clients.kms.send(new CreateAliasCommand({ AliasName: 'alias/signer', TargetKeyId: p256 }));
});
const keyArn = (id: string) => keyArnOf(env.runtime, id);
async function createKey(input: CreateKeyCommandInput) {
  return (await env.clients.kms.send(new CreateKeyCommand(input))).KeyMetadata!.KeyId!;
}
async function publicKeyOf(KeyId: string): Promise<KeyObject> {
  const { PublicKey } = await env.clients.kms.send(new GetPublicKeyCommand({ KeyId }));
  return createPublicKey({ key: Buffer.from(PublicKey!), format: 'der', type: 'spki' });
}
const sign = (KeyId: string, SigningAlgorithm: SigningAlgorithmSpec, Message: Uint8Array, MessageType: 'RAW' | 'DIGEST' = 'RAW') =>
  env.clients.kms.send(new SignCommand({ KeyId, SigningAlgorithm, Message, MessageType }));
const message = Buffer.from('ledger digest 2026-01-01');

describe('GetPublicKey', () => {
  it('returns the DER public key of an RSA encryption key with its algorithms', async () => {
    const { $metadata: _metadata, ...members } = await env.clients.kms.send(new GetPublicKeyCommand({ KeyId: rsaEncryption }));
    expect(members).toEqual({
      KeyId: keyArn(rsaEncryption),
      PublicKey: expect.any(Uint8Array),
      KeySpec: 'RSA_2048',
      CustomerMasterKeySpec: 'RSA_2048',
      KeyUsage: 'ENCRYPT_DECRYPT',
      EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'],
    });
    const key = createPublicKey({ key: Buffer.from(members.PublicKey!), format: 'der', type: 'spki' });
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it.each([
    ['ECC_NIST_P256', () => p256, 'prime256v1', 'ECDSA_SHA_256'],
    ['ECC_NIST_P384', () => p384, 'secp384r1', 'ECDSA_SHA_384'],
  ])('returns the %s public key of a signing key with its algorithm', async (spec, keyOf, curve, algorithm) => {
    const res = await env.clients.kms.send(new GetPublicKeyCommand({ KeyId: keyOf() }));
    expect(res).toMatchObject({ KeySpec: spec, KeyUsage: 'SIGN_VERIFY', SigningAlgorithms: [algorithm] });
    expect(res).not.toHaveProperty('EncryptionAlgorithms');
    expect((await publicKeyOf(keyOf())).asymmetricKeyDetails?.namedCurve).toBe(curve);
  });

  it('accepts an alias', async () => {
    expect((await env.clients.kms.send(new GetPublicKeyCommand({ KeyId: 'alias/signer' }))).KeyId).toBe(keyArn(p256));
  });

  it('refuses a symmetric key with UnsupportedOperationException', async () => {
    const { name, status } = await failure(env.clients.kms.send(new GetPublicKeyCommand({ KeyId: symmetric })));
    expect({ name, status }).toEqual({ name: 'UnsupportedOperationException', status: 400 });
  });

  it('describes asymmetric keys without key material ids', async () => {
    const { KeyMetadata } = await env.clients.kms.send(new DescribeKeyCommand({ KeyId: rsaEncryption }));
    expect(KeyMetadata).toMatchObject({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT', EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] });
    expect(KeyMetadata).not.toHaveProperty('CurrentKeyMaterialId');
    expect(KeyMetadata).not.toHaveProperty('SigningAlgorithms');
  });
});

describe('RSA encryption (RSA_2048, ENCRYPT_DECRYPT)', () => {
  describe('validations', () => {
    it.each([
      ['RSAES_OAEP_SHA_256', 190],
      ['RSAES_OAEP_SHA_1', 214],
    ] as const)('refuses more than the %s limit of %d bytes', async (EncryptionAlgorithm, max) => {
      expect(await failure(env.clients.kms.send(new EncryptCommand({ KeyId: rsaEncryption, EncryptionAlgorithm, Plaintext: Buffer.alloc(max + 1, 7) })))).toEqual({
        name: 'ValidationException',
        status: 400,
        message: `Algorithm ${EncryptionAlgorithm} and key spec RSA_2048 cannot encrypt data larger than ${max} bytes.`,
      });
      const res = await env.clients.kms.send(new EncryptCommand({ KeyId: rsaEncryption, EncryptionAlgorithm, Plaintext: Buffer.alloc(max, 7) }));
      expect(res.CiphertextBlob).toHaveLength(256);
    });

    it('needs the KeyId to decrypt: RSA ciphertext carries no key metadata', async () => {
      const { CiphertextBlob } = await env.clients.kms.send(new EncryptCommand({ KeyId: rsaEncryption, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256', Plaintext: message }));
      const { name, status } = await failure(env.clients.kms.send(new DecryptCommand({ CiphertextBlob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })));
      expect({ name, status }).toEqual({ name: 'ValidationException', status: 400 });
    });

    it('cannot decrypt with the other OAEP hash', async () => {
      const { CiphertextBlob } = await env.clients.kms.send(new EncryptCommand({ KeyId: rsaEncryption, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256', Plaintext: message }));
      const { name, status } = await failure(env.clients.kms.send(new DecryptCommand({ CiphertextBlob, KeyId: rsaEncryption, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' })));
      expect({ name, status }).toEqual({ name: 'InvalidCiphertextException', status: 400 });
    });

    it('refuses a signing key for Encrypt with InvalidKeyUsageException', async () => {
      expect(await failure(env.clients.kms.send(new EncryptCommand({ KeyId: rsaSigning, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256', Plaintext: message })))).toEqual({
        name: 'InvalidKeyUsageException',
        status: 400,
        message: `${keyArn(rsaSigning)} key usage is SIGN_VERIFY which is not valid for Encrypt.`,
      });
    });

    it('refuses GenerateDataKey under an asymmetric key with InvalidKeyUsageException', async () => {
      const { name, status } = await failure(env.clients.kms.send(new GenerateDataKeyCommand({ KeyId: rsaEncryption, KeySpec: 'AES_256' })));
      expect({ name, status }).toEqual({ name: 'InvalidKeyUsageException', status: 400 });
    });
  });

  describe('functionality', () => {
    it('round-trips with RSAES_OAEP_SHA_256 given KeyId and algorithm', async () => {
      const encrypted = await env.clients.kms.send(new EncryptCommand({ KeyId: rsaEncryption, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256', Plaintext: message }));
      expect(encrypted).toMatchObject({ KeyId: keyArn(rsaEncryption), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
      const decrypted = await env.clients.kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, KeyId: rsaEncryption, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
      expect(decrypted).toMatchObject({ KeyId: keyArn(rsaEncryption), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
      expect(decrypted).not.toHaveProperty('KeyMaterialId');
      expect(Buffer.from(decrypted.Plaintext!).equals(message)).toBe(true);
    });

    it('decrypts what anyone encrypted offline with the public key', async () => {
      const publicKey = await publicKeyOf(rsaEncryption);
      const CiphertextBlob = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, message);
      const { Plaintext } = await env.clients.kms.send(new DecryptCommand({ CiphertextBlob, KeyId: rsaEncryption, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
      expect(Buffer.from(Plaintext!).equals(message)).toBe(true);
    });
  });
});

describe('Sign / Verify', () => {
  describe('validations', () => {
    it('requires SigningAlgorithm', async () => {
      expect(await failure(env.clients.kms.send(new SignCommand({ KeyId: p256, Message: message } as never)))).toEqual({
        name: 'ValidationException',
        status: 400,
        message: "1 validation error detected: Value null at 'signingAlgorithm' failed to satisfy constraint: Member must not be null",
      });
    });

    it('rejects a message over 4096 bytes without echoing it', async () => {
      expect(await failure(sign(p256, 'ECDSA_SHA_256', Buffer.alloc(4097)))).toEqual({
        name: 'ValidationException',
        status: 400,
        message: "1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length less than or equal to 4096",
      });
    });

    it('rejects a DIGEST of the wrong length for the algorithm', async () => {
      expect(await failure(sign(p256, 'ECDSA_SHA_256', Buffer.alloc(31), 'DIGEST'))).toEqual({
        name: 'ValidationException',
        status: 400,
        message: 'Digest is invalid length for algorithm ECDSA_SHA_256.',
      });
    });

    it('rejects an algorithm the key spec does not support', async () => {
      expect(await failure(sign(p256, 'ECDSA_SHA_384', message))).toEqual({
        name: 'InvalidKeyUsageException',
        status: 400,
        message: 'Algorithm ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256.',
      });
    });

    it.each([
      ['Sign', 'an RSA encryption key', () => rsaEncryption, () => sign(rsaEncryption, 'RSASSA_PSS_SHA_256', message)],
      ['Verify', 'a symmetric key', () => symmetric, () => env.clients.kms.send(new VerifyCommand({ KeyId: symmetric, Message: message, Signature: Buffer.alloc(64, 1), SigningAlgorithm: 'ECDSA_SHA_256' }))],
    ])('refuses %s with %s: InvalidKeyUsageException', async (operation, _kind, keyOf, call) => {
      expect(await failure(call())).toEqual({
        name: 'InvalidKeyUsageException',
        status: 400,
        message: `${keyArn(keyOf())} key usage is ENCRYPT_DECRYPT which is not valid for ${operation}.`,
      });
    });

    it('refuses a disabled key', async () => {
      const id = await createKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
      await env.clients.kms.send(new DisableKeyCommand({ KeyId: id }));
      expect(await failure(sign(id, 'ECDSA_SHA_256', message))).toEqual({ name: 'DisabledException', status: 400, message: `${keyArn(id)} is disabled.` });
    });

    it('answers DryRun with DryRunOperationException', async () => {
      expect(await failure(env.clients.kms.send(new SignCommand({ KeyId: p256, Message: message, SigningAlgorithm: 'ECDSA_SHA_256', DryRun: true })))).toEqual({
        name: 'DryRunOperationException',
        status: 400,
        message: 'The request would have succeeded, but the DryRun option is set.',
      });
    });
  });

  describe('functionality', () => {
    const cases = [
      ['ECC_NIST_P256', () => p256, 'ECDSA_SHA_256', 'sha256', {}],
      ['ECC_NIST_P384', () => p384, 'ECDSA_SHA_384', 'sha384', {}],
      ['RSA_2048', () => rsaSigning, 'RSASSA_PSS_SHA_256', 'sha256', { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }],
      ['RSA_2048', () => rsaSigning, 'RSASSA_PSS_SHA_512', 'sha512', { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 64 }],
      ['RSA_2048', () => rsaSigning, 'RSASSA_PKCS1_V1_5_SHA_256', 'sha256', { padding: constants.RSA_PKCS1_PADDING }],
    ] as const;

    it.each(cases)('%s signs a RAW message with %s, verifiable by KMS and by node:crypto from the public key', async (_spec, keyOf, algorithm, hash, options) => {
      const signed = await sign(keyOf(), algorithm, message);
      expect(signed).toMatchObject({ KeyId: keyArn(keyOf()), SigningAlgorithm: algorithm });
      const verified = await env.clients.kms.send(new VerifyCommand({ KeyId: keyOf(), Message: message, Signature: signed.Signature, SigningAlgorithm: algorithm }));
      const { $metadata: _metadata, ...members } = verified;
      expect(members).toEqual({ KeyId: keyArn(keyOf()), SignatureValid: true, SigningAlgorithm: algorithm });
      const publicKey = await publicKeyOf(keyOf());
      expect(nodeVerify(hash, message, { key: publicKey, ...options }, Buffer.from(signed.Signature!))).toBe(true);
      expect(nodeVerify(hash, Buffer.from('another message'), { key: publicKey, ...options }, Buffer.from(signed.Signature!))).toBe(false);
    });

    it('signs a DIGEST with RSASSA_PKCS1_V1_5_SHA_256 as it would sign the message itself', async () => {
      const digest = createHash('sha256').update(message).digest();
      const signed = await sign(rsaSigning, 'RSASSA_PKCS1_V1_5_SHA_256', digest, 'DIGEST');
      const publicKey = await publicKeyOf(rsaSigning);
      expect(nodeVerify('sha256', message, { key: publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(signed.Signature!))).toBe(true);
      const verified = await env.clients.kms.send(new VerifyCommand({ KeyId: rsaSigning, Message: digest, MessageType: 'DIGEST', Signature: signed.Signature, SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' }));
      expect(verified.SignatureValid).toBe(true);
    });

    it('signs under an alias', async () => {
      expect((await sign('alias/signer', 'ECDSA_SHA_256', message)).KeyId).toBe(keyArn(p256));
    });

    it.each([
      ['a signature of another message', async () => (await sign(p256, 'ECDSA_SHA_256', Buffer.from('other'))).Signature!],
      ['a signature by another key', async () => (await sign(p384, 'ECDSA_SHA_384', message)).Signature!],
      ['garbage', async () => Buffer.from('not a signature')],
    ])('answers %s with KMSInvalidSignatureException, never SignatureValid: false', async (_case, signatureOf) => {
      const Signature = await signatureOf();
      const { name, status } = await failure(env.clients.kms.send(new VerifyCommand({ KeyId: p256, Message: message, Signature, SigningAlgorithm: 'ECDSA_SHA_256' })));
      expect({ name, status }).toEqual({ name: 'KMSInvalidSignatureException', status: 400 });
    });

    it('sends KMSInvalidSignatureException with an empty message', async () => {
      const body = JSON.stringify({ KeyId: p256, Message: message.toString('base64'), Signature: Buffer.from('bad').toString('base64'), SigningAlgorithm: 'ECDSA_SHA_256' });
      const res = await rawRequest(env.runtime, { headers: kmsTarget('Verify'), body });
      expect(res.status).toBe(400);
      expect(res.json()).toEqual({ __type: 'KMSInvalidSignatureException', message: '' });
    });
  });
});
