import { Duration, RemovalPolicy, Token, aws_iam as iam, aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { appMayDecryptStatement, baseDrillKeyPolicy, keydrillFunctionsMayDecryptStatement } from './drill-key-policy';

export interface DrillKeysProps {
  /** The role the application runs as: named in the key policies of the keys it may decrypt with. */
  readonly appRole: iam.IRole;
  /**
   * Waiting period before a scheduled deletion completes (KMS allows 7 to 30 days).
   * @default Duration.days(7)
   */
  readonly pendingWindow?: Duration;
  /** @default 'alias/keydrill/ledger' */
  readonly ledgerAliasName?: string;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** The four keys a drill moves the ledger between. */
export type DrillKeyName = 'ledger' | 'rotate' | 'standby' | 'noAccess';

interface DrillKeySpec {
  readonly constructId: string;
  readonly description: string;
  readonly appMayDecrypt: boolean;
}

const DRILL_KEY_SPECS: Readonly<Record<DrillKeyName, DrillKeySpec>> = {
  ledger: {
    constructId: 'LedgerKey',
    description: 'keydrill ledger key: encrypts the ledger; the application may decrypt with it',
    appMayDecrypt: true,
  },
  rotate: {
    constructId: 'RotateKey',
    description: 'keydrill rotate key: the key a rotation drill re-keys the ledger to',
    appMayDecrypt: true,
  },
  standby: {
    constructId: 'StandbyKey',
    description: 'keydrill standby key: the target of alias switches and fallbacks',
    appMayDecrypt: true,
  },
  noAccess: {
    constructId: 'NoAccessKey',
    description: 'keydrill no-access key: QLDB may use it, the application may not (drills the inaccessible-key path)',
    appMayDecrypt: false,
  },
};

export const DEFAULT_LEDGER_ALIAS_NAME = 'alias/keydrill/ledger';
const MIN_PENDING_WINDOW_DAYS = 7;
const MAX_PENDING_WINDOW_DAYS = 30;

export function defaultPendingWindow(): Duration {
  return Duration.days(MIN_PENDING_WINDOW_DAYS);
}

export function defaultRemovalPolicy(): RemovalPolicy {
  return RemovalPolicy.RETAIN;
}

/**
 * Props of one drill key. The explicit `policy` matters: without it CDK adds its default statement giving
 * the account root `kms:*`, which would delegate every key use to IAM.
 */
export function drillKeyProps(
  name: DrillKeyName,
  options: { readonly pendingWindow: Duration; readonly removalPolicy: RemovalPolicy },
): kms.KeyProps {
  return {
    description: DRILL_KEY_SPECS[name].description,
    keySpec: kms.KeySpec.SYMMETRIC_DEFAULT,
    keyUsage: kms.KeyUsage.ENCRYPT_DECRYPT,
    enableKeyRotation: true,
    pendingWindow: options.pendingWindow,
    removalPolicy: options.removalPolicy,
    policy: baseDrillKeyPolicy(),
  };
}

/**
 * Every problem with the props at once, as aws-solutions-constructs' CheckProps does.
 * Alias rules: https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html
 */
export function drillKeysPropsErrors(props: DrillKeysProps): string[] {
  const errors: string[] = [];
  if (props.pendingWindow !== undefined) {
    const days = props.pendingWindow.toDays({ integral: false });
    if (!Number.isInteger(days) || days < MIN_PENDING_WINDOW_DAYS || days > MAX_PENDING_WINDOW_DAYS) {
      errors.push(
        `pendingWindow must be a whole number of days from ${MIN_PENDING_WINDOW_DAYS} to ${MAX_PENDING_WINDOW_DAYS}, got ${days}`,
      );
    }
  }
  const alias = props.ledgerAliasName;
  if (alias !== undefined && !Token.isUnresolved(alias)) {
    if (!/^alias\/[a-zA-Z0-9/_-]+$/.test(alias) || alias.length > 256) {
      errors.push(
        `ledgerAliasName must be 'alias/' followed by letters, digits, '/', '_' or '-' (at most 256 characters), got '${alias}'`,
      );
    } else if (alias.startsWith('alias/aws/')) {
      errors.push(`ledgerAliasName must not start with 'alias/aws/' (reserved for AWS managed keys), got '${alias}'`);
    }
  }
  return errors;
}

/**
 * The ledger key, a rotate key, a standby key and a no-access key, with least-privilege key policies, and
 * the ledger key's alias.
 */
export class DrillKeys extends Construct {
  public readonly ledgerKey: kms.Key;
  public readonly rotateKey: kms.Key;
  public readonly standbyKey: kms.Key;
  public readonly noAccessKey: kms.Key;
  public readonly ledgerAlias: kms.Alias;
  /** One statement per key, made on the first allowKeydrillFunction call: a key policy without it names no function. */
  private functionsMayDecrypt?: iam.PolicyStatement[];

  constructor(scope: Construct, id: string, props: DrillKeysProps) {
    super(scope, id);
    const errors = drillKeysPropsErrors(props);
    if (errors.length > 0) {
      throw new Error(`Invalid DrillKeys props:\n  ${errors.join('\n  ')}`);
    }
    const options = {
      pendingWindow: props.pendingWindow ?? defaultPendingWindow(),
      removalPolicy: props.removalPolicy ?? defaultRemovalPolicy(),
    };
    const createKey = (name: DrillKeyName): kms.Key => {
      const spec = DRILL_KEY_SPECS[name];
      const key = new kms.Key(this, spec.constructId, drillKeyProps(name, options));
      if (spec.appMayDecrypt) {
        key.addToResourcePolicy(appMayDecryptStatement(props.appRole));
      }
      return key;
    };
    this.ledgerKey = createKey('ledger');
    this.rotateKey = createKey('rotate');
    this.standbyKey = createKey('standby');
    this.noAccessKey = createKey('noAccess');
    this.ledgerAlias = new kms.Alias(this, 'LedgerKeyAlias', {
      aliasName: props.ledgerAliasName ?? DEFAULT_LEDGER_ALIAS_NAME,
      targetKey: this.ledgerKey,
    });
  }

  public get keys(): kms.Key[] {
    return [this.ledgerKey, this.rotateKey, this.standbyKey, this.noAccessKey];
  }

  /** Lets one of keydrill's own functions decrypt with every drill key (keydrillFunctionsMayDecryptStatement). */
  public allowKeydrillFunction(role: iam.IRole): void {
    if (!this.functionsMayDecrypt) {
      this.functionsMayDecrypt = this.keys.map((key) => {
        const statement = keydrillFunctionsMayDecryptStatement();
        key.addToResourcePolicy(statement);
        return statement;
      });
    }
    for (const statement of this.functionsMayDecrypt) statement.addArnPrincipal(role.roleArn);
  }
}
