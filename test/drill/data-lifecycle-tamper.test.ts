import type { DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import type { LifecycleReport } from '../../functions/domain/lifecycle/report';
import { OUTPUT_KEYS } from '../../infra/stacks/keydrill-stack';
import { control } from '../helpers/control-plane';
import { keydrillTemplate } from '../helpers/keydrill-stack';
import { useRuntime } from '../helpers/runtime';
import { settled, start } from '../helpers/sfn';

/**
 * A proof that is tampered with fails the DataLifecycle's audit, through the whole stack: a `tamper` fault
 * (`/_keydrill/faults`, never a flag in the input) alters one answer QLDB's GetRevision gives the audit function,
 * as storage or the wire could, and the workflow must catch it and say which document. The ledger itself is
 * untouched, so the same input run again without the fault passes.
 */
jest.setTimeout(240_000);

const COUNT = 20;
const TABLE = 'TamperLicence';
const INPUT = { tables: [{ name: TABLE, indexes: ['licenceId'] }], ingest: [{ table: TABLE, generate: { count: COUNT } }], erase: null, verify: { timeoutSeconds: 90 } };
const AUDIT_ROLE = 'LifecycleAuditFunctionServiceRole';

const env = useRuntime({ stack: keydrillTemplate() }, { timeoutMs: 120_000 });

async function run(input: unknown): Promise<{ execution: DescribeExecutionCommandOutput; report: LifecycleReport }> {
  const stateMachineArn = env.runtime.outputs[OUTPUT_KEYS.dataLifecycleStateMachineArn];
  const execution = await settled(env.clients.sfn, await start(env.clients.sfn, stateMachineArn, input));
  return { execution, report: JSON.parse(execution.output ?? 'null') };
}

async function tamperOnce(path: string): Promise<number> {
  const added = await control(env.runtime, 'faults', { method: 'POST', body: { service: 'qldb', operation: 'GetRevision', principal: AUDIT_ROLE, tamper: path, after: 3, count: 1 } });
  expect(added.status).toBe(201);
  return added.body.fault.id;
}

const faultState = async (id: number) => (await control(env.runtime, 'faults')).body.faults.find((f: { id: number }) => f.id === id);

afterEach(async () => {
  await control(env.runtime, 'faults', { method: 'DELETE' });
});

test.each([
  ['Proof.IonText', /the proof \(\d+ hashes\) folds to [0-9a-f]{64}, the digest is [0-9a-f]{64}/],
  ['Revision.IonText', /unreadable revision or proof|the revision's content hashes to|GetRevision answered|the revision has no/],
])('one GetRevision answer with its %s tampered with fails the audit, naming the document', async (path, reason) => {
  const id = await tamperOnce(path);
  const { execution, report } = await run(INPUT);
  expect(execution.status).toBe('SUCCEEDED');
  expect(report.verdict).toBe('FAILED');
  expect(report.failure).toMatchObject({ step: 'audit', error: 'ProofVerificationFailed', cause: expect.stringMatching(/^document \S+ at \S+\/\d+: /) });
  expect(report.failure!.cause).toMatch(reason);
  expect(report.audit).toBeUndefined();
  // The fault took exactly the fourth GetRevision of the audit's role and altered it.
  expect(await faultState(id)).toMatchObject({ matched: 4, failed: 1, count: 0 });
});

test('the ledger was never changed by the tampering: the same input without a fault passes, every proof verified', async () => {
  const { report } = await run(INPUT);
  expect(report).toMatchObject({ verdict: 'PASSED', ingest: { total: COUNT, committed: 0, skipped: COUNT }, audit: { total: COUNT, verified: COUNT } });
});
