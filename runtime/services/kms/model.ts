import type { KeySpec, KeyState, KeyUsageType, GrantOperation, GrantConstraints } from '@aws-sdk/client-kms';

/** One generation of a symmetric key's material; rotation appends, nothing is ever removed. */
export interface KeyMaterial {
  /** 64 lower-case hex chars, as KMS's KeyMaterialId. */
  id: string;
  /** AES-256 key, base64. */
  secret: string;
  createdAt: string;
  rotationType?: 'AUTOMATIC' | 'ON_DEMAND';
}

export interface Grant {
  grantId: string;
  grantToken: string;
  keyId: string;
  name?: string;
  granteePrincipal?: string;
  granteeServicePrincipal?: string;
  retiringPrincipal?: string;
  retiringServicePrincipal?: string;
  operations: GrantOperation[];
  constraints?: GrantConstraints;
  issuingAccount: string;
  createdAt: string;
}

export interface KmsKey {
  keyId: string;
  arn: string;
  account: string;
  region: string;
  createdAt: string;
  description: string;
  keySpec: KeySpec;
  keyUsage: KeyUsageType;
  state: KeyState;
  deletionDate?: string;
  pendingWindowInDays?: number;
  /** The key policy exactly as supplied (KMS returns it verbatim). */
  policy: string;
  /** Symmetric keys: every generation of material; the last is current. */
  materials: KeyMaterial[];
  /** Asymmetric keys: PKCS#8 private key, base64 DER. */
  privateKey?: string;
  rotation: { enabled: boolean; periodInDays?: number; nextRotationDate?: string; onDemandCount: number };
  tags: { TagKey: string; TagValue: string }[];
  grants: Grant[];
}

export interface KmsAlias {
  name: string;
  targetKeyId: string;
  createdAt: string;
  updatedAt: string;
}

export const KEY_SPECS = [
  'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1',
  'ECC_NIST_EDWARDS25519', 'SYMMETRIC_DEFAULT', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'SM2',
  'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87',
] as const;

export const KEY_USAGES = ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'] as const;

export const GRANT_OPERATIONS = [
  'Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'Sign',
  'Verify', 'GetPublicKey', 'CreateGrant', 'RetireGrant', 'DescribeKey', 'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext', 'GenerateMac', 'VerifyMac', 'DeriveSharedSecret',
] as const;

export const ENCRYPTION_ALGORITHMS = ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'] as const;

export const SIGNING_ALGORITHMS = [
  'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384',
  'RSASSA_PKCS1_V1_5_SHA_512', 'ECDSA_SHA_256', 'ECDSA_SHA_384', 'ECDSA_SHA_512', 'SM2DSA', 'ED25519_SHA_512',
  'ED25519_PH_SHA_512', 'ML_DSA_SHAKE_256',
] as const;

const RSA_SIGNING = ['RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512'];

/** The key specs this runtime can create, with the algorithms AWS lists for each usage. */
export const SUPPORTED_SPECS: Record<string, { usages: KeyUsageType[]; encryption?: string[]; signing?: string[] }> = {
  SYMMETRIC_DEFAULT: { usages: ['ENCRYPT_DECRYPT'], encryption: ['SYMMETRIC_DEFAULT'] },
  RSA_2048: { usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'], encryption: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'], signing: RSA_SIGNING },
  RSA_3072: { usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'], encryption: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'], signing: RSA_SIGNING },
  RSA_4096: { usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'], encryption: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'], signing: RSA_SIGNING },
  ECC_NIST_P256: { usages: ['SIGN_VERIFY'], signing: ['ECDSA_SHA_256'] },
  ECC_NIST_P384: { usages: ['SIGN_VERIFY'], signing: ['ECDSA_SHA_384'] },
  ECC_NIST_P521: { usages: ['SIGN_VERIFY'], signing: ['ECDSA_SHA_512'] },
  ECC_SECG_P256K1: { usages: ['SIGN_VERIFY'], signing: ['ECDSA_SHA_256'] },
};
