import type { Caller } from '../../../core/operation';
import { identityAllows } from '../../../identity/authorize';
import type { IdentityStore, Role } from '../../../identity/identity-store';
import { evaluateResourcePolicy } from '../../../identity/policy-evaluator';
import { servicePrincipal } from '../../../identity/principal';

/** The service principal a journal stream role must trust (docs/qldb-streams.md#kinesis-delivery). */
export const QLDB_SERVICE_PRINCIPAL = 'qldb.amazonaws.com';

/** What QLDB does on the Kinesis stream with the role: all four must be allowed (docs/qldb-streams.md#kinesis-delivery). */
export const STREAM_ROLE_ACTIONS = ['kinesis:PutRecord', 'kinesis:PutRecords', 'kinesis:DescribeStream', 'kinesis:ListShards'] as const;

/** The session QLDB's writes to Kinesis run as; the session name is keydrill's choice (AWS does not document it). */
const sessionName = (streamId: string) => `qldb-stream-${streamId}`;

export type RoleCheck = { ok: true; caller: Caller } | { ok: false; problem: string };

/**
 * Whether QLDB may write the journal to `kinesisStreamArn` as `roleArn`: the role exists, its trust policy
 * lets qldb.amazonaws.com assume it, and its identity policies allow every action QLDB needs on the
 * stream. Evaluated at StreamJournalToKinesis and again before each delivery, so a revocation impairs
 * the stream. On success, the caller to send to Kinesis with.
 */
export function checkStreamRole(identity: IdentityStore, stream: { roleArn: string; kinesisStreamArn: string; streamId: string; arn: string }): RoleCheck {
  const { roleArn, kinesisStreamArn, streamId } = stream;
  const role = identity.getRole(roleArn);
  if (!role) return { ok: false, problem: `The IAM role ${roleArn} does not exist` };
  if (!trustsQldb(identity, role, stream.arn)) {
    return { ok: false, problem: `The IAM role ${roleArn} cannot be assumed by QLDB: its trust policy must allow ${QLDB_SERVICE_PRINCIPAL} to perform sts:AssumeRole` };
  }
  const session = identity.sessionPrincipal(role, sessionName(streamId));
  const missing = STREAM_ROLE_ACTIONS.filter((action) => !identityAllows(identity, session, action, kinesisStreamArn, { servicePrincipals: 'pass' }));
  if (missing.length > 0) {
    return { ok: false, problem: `The IAM role ${roleArn} is not allowed to perform ${missing.join(', ')} on ${kinesisStreamArn}; a journal stream needs ${STREAM_ROLE_ACTIONS.join(', ')}` };
  }
  return { ok: true, caller: { principal: session, viaService: QLDB_SERVICE_PRINCIPAL } };
}

/** The confused-deputy keys AWS documents for stream roles: aws:SourceAccount, and aws:SourceArn = the stream's ARN. */
function trustsQldb(identity: IdentityStore, role: Role, streamArn: string): boolean {
  const principal = servicePrincipal(identity.account, QLDB_SERVICE_PRINCIPAL);
  const context = new Map<string, string>([
    ['aws:principalservicename', QLDB_SERVICE_PRINCIPAL],
    ['aws:sourceaccount', identity.account],
    ['aws:sourcearn', streamArn],
  ]);
  const trust = evaluateResourcePolicy(role.trustPolicy, { action: 'sts:AssumeRole', resource: role.arn, principal, context });
  return !trust.explicitDeny && trust.allowsPrincipal;
}
