import { auditBatches, documentsIn, ingestBatches, materialize, type DocumentSource } from '../../functions/domain/lifecycle/batches';
import { subjectLabel, subjectValue } from '../../functions/domain/lifecycle/erasure';
import { licenceRecord } from '../../functions/domain/lifecycle/licence-records';
import { planLifecycle } from '../../functions/domain/lifecycle/plan';
import { missingSchema } from '../../functions/domain/lifecycle/provision';

describe('licence records', () => {
  it('are the same for a seed and index on every call, and differ between indexes and seeds', () => {
    expect(licenceRecord('walkthrough', 7)).toEqual(licenceRecord('walkthrough', 7));
    expect(licenceRecord('walkthrough', 7)).not.toEqual(licenceRecord('walkthrough', 8));
    expect(licenceRecord('other', 7).licenceId).toBe(licenceRecord('walkthrough', 7).licenceId);
    expect(licenceRecord('other', 7)).not.toEqual(licenceRecord('walkthrough', 7));
  });

  it('carry the walkthrough fields, with unique keys and emails', () => {
    const records = Array.from({ length: 1500 }, (_, i) => licenceRecord('walkthrough', i + 1));
    expect(Object.keys(records[0]!).sort()).toEqual(['email', 'events', 'licenceId', 'name', 'penaltyPoints', 'postcode', 'telephone']);
    expect(new Set(records.map((r) => r.licenceId)).size).toBe(1500);
    expect(new Set(records.map((r) => r.email)).size).toBe(1500);
    for (const r of records.slice(0, 50)) {
      expect(r.events[0]!.eventName).toBe('LicenceHolderCreated');
      expect(r.penaltyPoints).toBeGreaterThanOrEqual(0);
    }
    expect(() => licenceRecord('walkthrough', 0)).toThrow(RangeError);
  });
});

describe('batches', () => {
  const generated: DocumentSource = { kind: 'generated', table: 'T', key: 'licenceId', seed: 's', count: 95 };

  it('split a source into batches of at most 40 covering every record once, in order', () => {
    const batches = ingestBatches(generated, 40);
    expect(batches.map(documentsIn)).toEqual([40, 40, 15]);
    const keys = batches.flatMap((b) => materialize(b).map((d) => d.licenceId));
    expect(keys).toEqual(Array.from({ length: 95 }, (_, i) => licenceRecord('s', i + 1).licenceId));
    expect(() => ingestBatches(generated, 41)).toThrow(RangeError);
  });

  it('spread an audit sample evenly, and take every document without one', () => {
    const sample = auditBatches(generated, 40, 10);
    expect(sample.flatMap((b) => materialize(b).map((d) => d.licenceId))).toEqual([1, 10, 19, 28, 37, 46, 55, 64, 73, 82].map((i) => licenceRecord('s', i).licenceId));
    expect(auditBatches(generated, 40).map(documentsIn)).toEqual([40, 40, 15]);
  });

  it('carry inline documents as they are', () => {
    const documents = Array.from({ length: 45 }, (_, i) => ({ id: `k${i}`, n: i }));
    const batches = ingestBatches({ kind: 'inline', table: 'T', key: 'id', documents }, 40);
    expect(batches.map((b) => materialize(b).length)).toEqual([40, 5]);
    expect(materialize(batches[1]!)[4]).toEqual({ id: 'k44', n: 44 });
  });
});

describe('planLifecycle', () => {
  it('turns {} into the walkthrough: one licence table with its indexes, 1,500 records, one subject erased', () => {
    const plan = planLifecycle({});
    expect(plan.tables).toEqual([
      { name: 'BicycleLicence', indexes: ['licenceId', 'email'] },
      { name: 'LifecycleErasures', indexes: ['keyDigest'] },
    ]);
    expect(plan.totals).toEqual({ documents: 1500, perTable: { BicycleLicence: 1500 }, audited: 1500 });
    expect(plan.ingestBatches).toHaveLength(38);
    expect(plan.erase).toEqual({ field: 'email', generated: { seed: 'walkthrough', index: 1 } });
    expect(subjectValue(plan.erase!)).toBe(licenceRecord('walkthrough', 1).email);
    expect(plan.verify).toEqual({ timeoutSeconds: 120, pollSeconds: 1, maxPolls: 120 });
    // 15,000 records stay far below Step Functions' 256 KiB state.
    expect(JSON.stringify(planLifecycle({ ingest: [{ table: 'BicycleLicence', generate: { count: 15000 } }] })).length).toBeLessThan(100 * 1024);
  });

  it('indexes every ingested table on its key and samples the audit', () => {
    const plan = planLifecycle({ tables: [{ name: 'People', indexes: ['email'] }], ingest: [{ table: 'People', key: 'personId', documents: [{ personId: 'p1' }, { personId: 'p2' }] }], audit: { sample: 1 }, erase: null });
    expect(plan.tables[0]).toEqual({ name: 'People', indexes: ['personId', 'email'] });
    expect(plan.totals.audited).toBe(1);
    expect(plan.erase).toBeNull();
  });

  it('names every problem of a bad input', () => {
    const bad = () => planLifecycle({ batchSize: 41, colour: 'red', ingest: [{ table: 'no-dashes', generate: {} }] });
    expect(bad).toThrow(expect.objectContaining({ name: 'InvalidLifecycleInput' }));
    for (const problem of ['input must NOT have additional properties (colour)', 'input.batchSize must be <= 40', 'input.ingest.0.table must match pattern']) expect(bad).toThrow(problem);
    expect(() => planLifecycle({ ingest: [{ table: 'T', key: 'id', documents: [{ id: 'a' }, { id: 'a' }, { other: 1 }] }] })).toThrow(/documents\.1\.id repeats the key "a".*documents\.2\.id must be a string or a number/s);
    expect(() => planLifecycle({ ingest: [{ table: 'T', documents: [{ id: 'a' }] }] })).toThrow(/key is required with inline documents/);
    expect(() => planLifecycle({ erase: { field: 'email', record: 2000 } })).toThrow(/past the 1500 records/);
    expect(() => planLifecycle({ erase: { field: 'email' } })).toThrow(/InvalidLifecycleInput|must match exactly one schema/);
    expect(() => planLifecycle([])).toThrow(/input must be object/);
  });
});

describe('erasure and provisioning', () => {
  it('names the subject by a digest, never its value', () => {
    const label = subjectLabel('email', 'ada@example.com');
    expect(label).toMatch(/^email:sha256:[0-9a-f]{64}$/);
    expect(label).not.toContain('ada');
  });

  it('creates only the tables and indexes the catalog lacks', () => {
    const wanted = [
      { name: 'A', indexes: ['x', 'y'] },
      { name: 'B', indexes: ['z'] },
    ];
    expect(missingSchema(wanted, [{ name: 'A', indexes: ['[x]'] }])).toEqual({ tables: ['B'], indexes: [{ table: 'A', field: 'y' }, { table: 'B', field: 'z' }] });
    expect(missingSchema(wanted, [{ name: 'A', indexes: ['[x]', '[y]'] }, { name: 'B', indexes: ['[z]'] }])).toEqual({ tables: [], indexes: [] });
  });
});
