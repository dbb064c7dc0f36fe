import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deploymentFile } from '../../runtime/bootstrap/deploy';

const FORMAT_1 = join(__dirname, '..', 'fixtures', 'deployment', 'format-1.json');

describe('a deployment file written in format 1', () => {
  let dir: string;
  let path: string;
  const recorded = () => JSON.parse(readFileSync(FORMAT_1, 'utf8')).data;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'keydrill-deployment-'));
    path = join(dir, 'deployment.json');
    copyFileSync(FORMAT_1, path);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads with each handler bookkeeping moved from the attributes to the state', () => {
    const { resources } = deploymentFile(path).load()!;
    const old = recorded().resources;
    expect(resources.Role.attributes).toEqual({ Arn: old.Role.attributes.Arn, RoleId: old.Role.attributes.RoleId });
    expect(resources.Role.state).toEqual({ inlinePolicies: '["streams","queues"]' });
    expect(resources.Policy).toMatchObject({ attributes: {}, state: { roles: '["recorded-role"]' } });
    expect(resources.Managed).toMatchObject({ attributes: {}, state: { roles: '["recorded-role"]' } });
    expect(resources.QueuePolicy).toMatchObject({ attributes: {}, state: { queues: JSON.stringify([old.Queue.physicalId]) } });
    expect(resources.JournalStream.attributes).toEqual({ Arn: old.JournalStream.attributes.Arn, Id: old.JournalStream.physicalId });
    expect(resources.JournalStream.state).toEqual({ LedgerName: 'recorded-ledger', replacementKey: old.JournalStream.attributes.replacementKey });
    expect(resources.Mapping.attributes).toEqual({ Id: old.Mapping.physicalId, EventSourceMappingArn: old.Mapping.attributes.EventSourceMappingArn });
    expect(resources.Mapping.state).toEqual({ source: old.Mapping.attributes.source });
  });

  it('keeps everything else as it was recorded', () => {
    const loaded = deploymentFile(path).load()!;
    const old = recorded();
    expect({ ...loaded, resources: undefined }).toEqual({ ...old, resources: undefined });
    for (const id of ['Consumer', 'Journal', 'Ledger', 'Queue']) expect(loaded.resources[id]).toEqual(old.resources[id]);
    for (const [id, resource] of Object.entries(loaded.resources)) {
      const { attributes: _a, state: _s, ...rest } = resource;
      const { attributes: _oa, ...oldRest } = old.resources[id];
      expect(rest).toEqual(oldRest);
    }
  });

  it('is written back in format 2', () => {
    const file = deploymentFile(path);
    file.save(file.load()!);
    expect(JSON.parse(readFileSync(path, 'utf8')).format).toBe(2);
    expect(deploymentFile(path).load()).toEqual(deploymentFile(FORMAT_1).load());
  });
});
