import { FaultRegistry } from '../../runtime/core/faults';
import { tamperedAnswer, tamperedText } from '../../runtime/core/tampering';
import { rootPrincipal } from '../../runtime/identity/principal';

const root = rootPrincipal('000000000000');
const PROOF = { IonText: '[{{3rxu4BHPEd8tfpYxhFWdvuISXEJTGsGcrUjkvRWl1cM=}},{{Ee4yMXeOvCbsZd0bBc4eNVlMr9cQ6I5Rf/cuUhEFT9g=}}]' };

describe('tampering with an answer', () => {
  test('changes exactly one letter or digit, near the middle, keeping the text well-formed', () => {
    const text = PROOF.IonText;
    const altered = tamperedText(text)!;
    expect(altered).toHaveLength(text.length);
    const changed = [...text].flatMap((c, i) => (c === altered[i] ? [] : [i]));
    expect(changed).toHaveLength(1);
    expect(text[changed[0]]).toMatch(/[A-Za-z0-9]/);
    expect(altered[changed[0]]).toMatch(/[A-Za-z0-9]/);
    expect(Math.abs(changed[0] - text.length / 2)).toBeLessThan(4);
    // Outside a blob's base64 the Ion structure is untouched.
    expect(altered.replace(/[A-Za-z0-9+/=]/g, '')).toBe(text.replace(/[A-Za-z0-9+/=]/g, ''));
    expect(tamperedText('AAA')).toBe('ABA');
    expect(tamperedText('{{}} , []')).toBeUndefined();
  });

  test('alters a copy at the dotted path and leaves the service’s own value and the other members as they were', () => {
    const output = { Proof: PROOF, Revision: { IonText: '{a:1}' } };
    const altered = tamperedAnswer(output, 'Proof.IonText') as typeof output;
    expect(altered.Proof.IonText).not.toBe(PROOF.IonText);
    expect(altered.Revision).toBe(output.Revision);
    expect(output.Proof.IonText).toBe(PROOF.IonText);
  });

  test('a path to nothing, or to something that is not text, alters nothing', () => {
    const output = { Proof: PROOF, Count: 3, List: ['abc'] };
    for (const path of ['Digest', 'Proof.Missing', 'Count', 'List', 'List.0', 'Proof.IonText.x']) expect(tamperedAnswer(output, path)).toBeUndefined();
    expect(tamperedAnswer(undefined, 'Proof')).toBeUndefined();
  });
});

describe('tamper faults in the registry', () => {
  const alter = (path: string) => tamperedAnswer({ Proof: PROOF }, path);

  test('need either an errorCode or a tamper path, and describe no error', () => {
    const registry = new FaultRegistry();
    expect(() => registry.add({ service: 'qldb' })).toThrow('either an errorCode (to fail calls) or tamper (to alter their answers), not both');
    expect(() => registry.add({ service: 'qldb', errorCode: 'X', tamper: 'Proof.IonText' })).toThrow('not both');
    for (const tamper of ['', 'Proof..IonText', '.Proof', 'Proof[0]', 3]) {
      expect(() => registry.add({ service: 'qldb', tamper } as never)).toThrow('tamper must be a dotted path of member names');
    }
    expect(() => registry.add({ service: 'qldb', tamper: 'Proof.IonText', status: 500 })).toThrow('a tamper fault fails nothing');
    expect(registry.list()).toEqual([]);
  });

  test('never fail a call, alter the answers of those they take after `after`, and count only what they altered', () => {
    const registry = new FaultRegistry();
    registry.add({ service: 'qldb', operation: 'GetRevision', tamper: 'Proof.IonText', after: 1, count: 1 });
    expect(registry.take('qldb', 'GetRevision', root)).toBeUndefined();
    expect(registry.tamper('qldb', 'GetRevision', root, alter)).toBeUndefined(); // let through: after 1
    expect(registry.tamper('qldb', 'GetDigest', root, alter)).toBeUndefined(); // another operation
    expect(registry.tamper('qldb', 'GetRevision', root, () => undefined)).toBeUndefined(); // nothing to alter: not spent
    expect(registry.list()[0]).toMatchObject({ matched: 2, failed: 0, count: 1 });
    expect(registry.tamper('qldb', 'GetRevision', root, alter)).toMatchObject({ Proof: { IonText: expect.not.stringContaining(PROOF.IonText) } });
    expect(registry.list()[0]).toMatchObject({ tamper: 'Proof.IonText', matched: 3, failed: 1, count: 0 });
    expect(registry.tamper('qldb', 'GetRevision', root, alter)).toBeUndefined(); // spent
  });

  test('an error fault and a tamper fault on the same calls: the error fault fails them, the tamper fault never sees them', () => {
    const registry = new FaultRegistry();
    registry.add({ service: 'qldb', tamper: 'Proof.IonText' });
    registry.add({ service: 'qldb', errorCode: 'ThrottlingException', count: 1 });
    expect(registry.take('qldb', 'GetRevision', root)).toMatchObject({ code: 'ThrottlingException' });
    expect(registry.list().map((f) => [f.matched, f.failed])).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });
});
