import {
  CreateLedgerCommand,
  DeleteLedgerCommand,
  DescribeLedgerCommand,
  ListLedgersCommand,
  UpdateLedgerCommand,
} from '@aws-sdk/client-qldb';
import { rejectionOf, useRuntime } from '../helpers/runtime';

const env = useRuntime();

describe('ledger life cycle over restJson1 with @aws-sdk/client-qldb', () => {
  it('creates a ledger and describes it, with epoch-second timestamps and deletion protection on by default', async () => {
    const before = Date.now();
    const created = await env.clients.qldb.send(new CreateLedgerCommand({ Name: 'control-1', PermissionsMode: 'STANDARD' }));
    expect(created).toMatchObject({ Name: 'control-1', State: 'CREATING', PermissionsMode: 'STANDARD', DeletionProtection: true, Arn: `arn:aws:qldb:${env.runtime.region}:${env.runtime.account}:ledger/control-1` });
    expect(created.CreationDateTime!.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    const described = await env.clients.qldb.send(new DescribeLedgerCommand({ Name: 'control-1' }));
    expect(described).toMatchObject({ Name: 'control-1', State: 'ACTIVE', PermissionsMode: 'STANDARD', DeletionProtection: true });
    const { Ledgers } = await env.clients.qldb.send(new ListLedgersCommand({}));
    expect(Ledgers!.map((l) => l.Name)).toContain('control-1');
  });

  it('refuses a duplicate name with ResourceAlreadyExistsException (409)', async () => {
    const err = await rejectionOf(env.clients.qldb.send(new CreateLedgerCommand({ Name: 'control-1', PermissionsMode: 'ALLOW_ALL' })));
    expect(err.name).toBe('ResourceAlreadyExistsException');
    expect(err.$metadata?.httpStatusCode).toBe(409);
  });

  it('refuses an invalid name or mode with InvalidParameterException (400)', async () => {
    for (const input of [{ Name: '-bad-', PermissionsMode: 'ALLOW_ALL' }, { Name: 'ok-name', PermissionsMode: 'SOMETIMES' }]) {
      const err = await rejectionOf(env.clients.qldb.send(new CreateLedgerCommand(input as never)));
      expect(err.name).toBe('InvalidParameterException');
      expect(err.$metadata?.httpStatusCode).toBe(400);
    }
  });

  it('answers an unknown ledger with ResourceNotFoundException (404)', async () => {
    const err = await rejectionOf(env.clients.qldb.send(new DescribeLedgerCommand({ Name: 'nope' })));
    expect(err.name).toBe('ResourceNotFoundException');
    expect(err.$metadata?.httpStatusCode).toBe(404);
  });

  it('refuses to delete a protected ledger (412) until protection is lifted', async () => {
    const err = await rejectionOf(env.clients.qldb.send(new DeleteLedgerCommand({ Name: 'control-1' })));
    expect(err.name).toBe('ResourcePreconditionNotMetException');
    expect(err.$metadata?.httpStatusCode).toBe(412);
    const updated = await env.clients.qldb.send(new UpdateLedgerCommand({ Name: 'control-1', DeletionProtection: false }));
    expect(updated.DeletionProtection).toBe(false);
    await env.clients.qldb.send(new DeleteLedgerCommand({ Name: 'control-1' }));
    expect((await rejectionOf(env.clients.qldb.send(new DescribeLedgerCommand({ Name: 'control-1' })))).name).toBe('ResourceNotFoundException');
  });
});
