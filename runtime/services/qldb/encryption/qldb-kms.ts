import type { DecryptResponse, DescribeKeyResponse, GenerateDataKeyResponse } from '@aws-sdk/client-kms';
import type { Dispatcher } from '../../../core/dispatcher';
import { ServiceError } from '../../../core/errors';
import type { Caller } from '../../../core/operation';
import type { Scope } from '../../../core/scope';
import { servicePrincipal } from '../../../identity/principal';
import { controlErrors } from '../control/errors';

export const QLDB_SERVICE_PRINCIPAL = 'qldb.amazonaws.com';

/** What QLDB's grant lets it do with a ledger's key. */
const GRANT_OPERATIONS = ['Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'DescribeKey', 'RetireGrant'];

/**
 * QLDB's calls to KMS, through the runtime's dispatcher so KMS authorizes them exactly as it would an
 * HTTP call. As on AWS, QLDB checks the key and creates its grant with the *caller's* identity (the key
 * policy sees `kms:ViaService` = qldb.<region>.amazonaws.com and, for CreateGrant,
 * `kms:GrantIsForAWSResource`), then uses the key under its own service identity through that grant.
 * https://docs.aws.amazon.com/qldb/latest/developerguide/encryption-at-rest.using-cust-keys.html
 */
export class QldbKms {
  readonly viaService: string;

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly scope: Scope,
  ) {
    this.viaService = `qldb.${scope.region}.amazonaws.com`;
  }

  /** The caller, acting through QLDB. */
  via(caller: Caller): Caller {
    return { principal: caller.principal, viaService: this.viaService };
  }

  private get service(): Caller {
    return { principal: servicePrincipal(this.scope.account, QLDB_SERVICE_PRINCIPAL), viaService: this.viaService };
  }

  private context = (ledgerArn: string) => ({ 'aws:qldb:ledger': ledgerArn });

  /** Resolves a key id, key ARN, alias name or alias ARN to the key's ARN, as the caller; it must be a symmetric encryption key. */
  async resolveKey(caller: Caller, keyId: string): Promise<string> {
    const { KeyMetadata } = await this.dispatcher.call<DescribeKeyResponse>('kms', 'DescribeKey', { KeyId: keyId }, this.via(caller));
    if (KeyMetadata!.KeySpec !== 'SYMMETRIC_DEFAULT' || KeyMetadata!.KeyUsage !== 'ENCRYPT_DECRYPT') {
      throw controlErrors.notSymmetricKey(KeyMetadata!.Arn!);
    }
    return KeyMetadata!.Arn!;
  }

  /** QLDB's grant on the key for this ledger, created with the caller's identity. */
  async createGrant(caller: Caller, keyArn: string, ledgerArn: string): Promise<string> {
    const out = await this.dispatcher.call<{ GrantId: string }>(
      'kms',
      'CreateGrant',
      { KeyId: keyArn, GranteePrincipal: QLDB_SERVICE_PRINCIPAL, RetiringPrincipal: QLDB_SERVICE_PRINCIPAL, Operations: GRANT_OPERATIONS, Name: `qldb-${ledgerArn.split('/').pop()}` },
      this.via(caller),
    );
    return out.GrantId;
  }

  /** QLDB gives up its grant on a key the ledger no longer uses. */
  async retireGrant(keyArn: string, grantId: string): Promise<void> {
    await this.dispatcher.call('kms', 'RetireGrant', { KeyId: keyArn, GrantId: grantId }, this.service);
  }

  async generateDataKey(keyArn: string, ledgerArn: string): Promise<{ plaintext: Uint8Array; wrapped: Uint8Array }> {
    const out = await this.dispatcher.call<GenerateDataKeyResponse>('kms', 'GenerateDataKey', { KeyId: keyArn, KeySpec: 'AES_256', EncryptionContext: this.context(ledgerArn) }, this.service);
    return { plaintext: out.Plaintext!, wrapped: out.CiphertextBlob! };
  }

  /** Unwraps the ledger's data key with QLDB's grant: this is the call that fails once the key is unusable. */
  async unwrap(keyArn: string, wrapped: Uint8Array, ledgerArn: string): Promise<Uint8Array> {
    const out = await this.dispatcher.call<DecryptResponse>('kms', 'Decrypt', { KeyId: keyArn, CiphertextBlob: wrapped, EncryptionContext: this.context(ledgerArn) }, this.service);
    return out.Plaintext!;
  }

  /** KMS's AccessDeniedException when the caller may not decrypt with the ledger's key (through QLDB); undefined when it may. */
  async decryptDenial(caller: Caller, keyArn: string, wrapped: Uint8Array, ledgerArn: string): Promise<ServiceError | undefined> {
    try {
      await this.dispatcher.call('kms', 'Decrypt', { KeyId: keyArn, CiphertextBlob: wrapped, EncryptionContext: this.context(ledgerArn) }, this.via(caller));
      return undefined;
    } catch (e) {
      if (e instanceof ServiceError && e.code === 'AccessDeniedException') return e;
      throw e;
    }
  }
}
