import { matches } from '../helpers/event-patterns';

/**
 * Structure: arrays in the event, nested objects, null vs missing, `$or`, the envelope, dotted keys.
 * Facts: docs/eventbridge-patterns.md#matching and #or.
 */
const event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'AWS API Call via CloudTrail',
  source: 'aws.kms',
  account: '111122223333',
  time: '2026-12-01T12:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
  detail: {
    eventSource: 'kms.amazonaws.com',
    eventName: 'DisableKey',
    requestParameters: { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab' },
    responseElements: null,
    readOnly: false,
  },
};

describe('the envelope and detail', () => {
  it.each([
    [{ source: ['aws.kms'] }, true],
    [{ source: ['aws.kms'], 'detail-type': ['AWS API Call via CloudTrail'] }, true],
    [{ source: ['aws.kms'], 'detail-type': ['KMS CMK Rotation'] }, false],
    [{ id: ['6a7e8feb-b491-4cf7-a9f1-bf3703467718'] }, true],
    [{ version: ['0'] }, true],
    [{ account: ['999999999999'] }, false],
    [{ region: [{ prefix: 'us-' }] }, true],
    [{ resources: [{ prefix: 'arn:aws:kms:' }] }, true],
    [{ resources: ['arn:aws:kms:us-east-1:111122223333:key/other'] }, false],
    [{ detail: { eventName: ['DisableKey', 'ScheduleKeyDeletion'] } }, true],
    [{ detail: { requestParameters: { keyId: [{ prefix: '1234' }] } } }, true],
    [{ detail: { requestParameters: { keyId: ['x'] } } }, false],
    [{ detail: { readOnly: [false] } }, true],
    [{ detail: { readOnly: ['false'] } }, false],
    [{ detail: { responseElements: [null] } }, true],
    [{ detail: { responseElements: [{ exists: true }] } }, true],
    [{ detail: { missing: [{ exists: false }] } }, true],
    [{ detail: { missing: { deeper: [{ exists: false }] } } }, true],
    [{ detail: { missing: { deeper: ['x'] } } }, false],
    [{ detail: { eventName: [{ exists: true }] }, undocumented: [{ exists: false }] }, true],
    [{ 'detail-type': [{ wildcard: 'AWS * via CloudTrail' }] }, true],
  ])('%j: %s', (pattern, expected) => {
    expect(matches(pattern, event)).toBe(expected);
  });

  it('ignores event fields the pattern does not name', () => {
    expect(matches({ detail: { eventName: ['DisableKey'] } }, { ...event, extra: { anything: [1, 2] } })).toBe(true);
  });
});

describe('arrays in the event', () => {
  it.each([
    // Any element matches
    [{ a: ['x'] }, { a: ['w', 'x'] }, true],
    [{ a: ['x'] }, { a: [] }, false],
    [{ a: [null] }, { a: [] }, false],
    [{ a: [null] }, { a: [null] }, true],
    [{ a: [{ exists: false }] }, { a: [] }, true],
    [{ a: [{ exists: true }] }, { a: [] }, false],
    // Nested arrays are flattened
    [{ a: ['y'] }, { a: [['x'], ['y']] }, true],
    [{ a: ['z'] }, { a: [['x'], ['y']] }, false],
    // Objects inside arrays: the nested pattern is matched element by element
    [{ e: { f: ['Anna'], l: ['Smith'] } }, { e: [{ f: 'John', l: 'Doe' }, { f: 'Anna', l: 'Smith' }] }, true],
    [{ e: { f: ['Anna'], l: ['Jones'] } }, { e: [{ f: 'John', l: 'Doe' }, { f: 'Anna', l: 'Smith' }, { f: 'Peter', l: 'Jones' }] }, false],
    [{ e: { f: ['Peter'] } }, { e: [[{ f: 'Anna' }], [{ f: 'Peter' }]] }, true],
    // exists:false alone fails when any element has the field
    [{ d: { items: { k: [{ exists: false }] } } }, { d: { items: [{ j: 1 }, { k: 2 }] } }, false],
    [{ d: { items: { k: [{ exists: false }] } } }, { d: { items: [{ j: 1 }, { j: 2 }] } }, true],
    // ...but holds within the element a sibling condition picked
    [{ items: { a: [{ exists: true }], b: [{ exists: false }] } }, { items: [{ a: 1, b: 2 }, { a: 3 }] }, true],
    [{ items: { a: [{ exists: true }], b: [{ exists: false }] } }, { items: [{ a: 1, b: 2 }, { a: 3, b: 4 }] }, false],
    // The same for a list mixing exists:false with a positive entry
    [{ items: { k: [{ exists: false }, { numeric: ['>', 0] }] } }, { items: [{ k: 0 }, { j: 1 }] }, false],
    [{ items: { k: [{ exists: false }, { numeric: ['>', 0] }] } }, { items: [{ k: 5 }, { j: 1 }] }, true],
    [{ items: { k: [{ exists: false }, { numeric: ['>', 0] }] } }, { items: [{ j: 0 }, { j: 1 }] }, true],
    [{ items: { k: [{ exists: false }, { numeric: ['>', 0] }], j: [1] } }, { items: [{ k: 0 }, { j: 1 }] }, true],
    // Leaves and objects mixed in one array
    [{ a: [1] }, { a: [{ b: 1 }, 1] }, true],
    [{ a: { b: [1] } }, { a: [{ b: 1 }, 1] }, true],
  ])('%j against %j: %s', (pattern, value, expected) => {
    expect(matches(pattern, value)).toBe(expected);
  });
});

describe('nested objects', () => {
  it.each([
    [{ a: { b: { c: ['x'] } } }, { a: { b: { c: 'x' } } }, true],
    [{ a: { b: { c: ['x'] } } }, { a: { b: 'x' } }, false],
    [{ a: { b: ['x'] } }, { a: { b: { c: 'x' } } }, false],
    [{ a: { b: [{ exists: false }] } }, { a: 'scalar' }, true],
    [{ a: { b: [{ exists: false }] } }, {}, true],
    [{ a: { b: ['x'] } }, {}, false],
    [{ a: { b: ['x'], c: ['y'] } }, { a: { b: 'x', c: 'z' } }, false],
  ])('%j against %j: %s', (pattern, value, expected) => {
    expect(matches(pattern, value)).toBe(expected);
  });
});

describe('dotted keys', () => {
  it('reads an event key "state.status" as the nested path state → status', () => {
    expect(matches({ detail: { state: { status: ['ok'] } } }, { detail: { 'state.status': 'ok' } })).toBe(true);
    expect(matches({ detail: { state: { status: ['ok'] } } }, { detail: { 'state.status': 'bad' } })).toBe(false);
    expect(matches({ detail: { state: { status: ['ok'], code: [1] } } }, { detail: { state: { code: 1 }, 'state.status': 'ok' } })).toBe(true);
  });

  it('does not read a pattern key "state.status" as a nested path', () => {
    expect(matches({ detail: { 'state.status': ['ok'] } }, { detail: { state: { status: 'ok' } } })).toBe(false);
    expect(matches({ detail: { 'state.status': ['ok'] } }, { detail: { 'state.status': 'ok' } })).toBe(true);
  });
});

describe('$or', () => {
  const either = { $or: [{ s: ['a'] }, { s: ['b'] }] };

  it.each([
    [either, { s: 'a' }, true],
    [either, { s: 'b' }, true],
    [either, { s: 'c' }, false],
    [either, {}, false],
    [{ source: ['x'], $or: [{ a: ['1'] }, { b: ['2'] }] }, { source: 'x', b: '2' }, true],
    [{ source: ['x'], $or: [{ a: ['1'] }, { b: ['2'] }] }, { source: 'y', b: '2' }, false],
    [{ detail: { $or: [{ c: [{ exists: false }] }, { c: [{ numeric: ['>', 0] }] }] } }, { detail: {} }, true],
    [{ detail: { $or: [{ c: [{ exists: false }] }, { c: [{ numeric: ['>', 0] }] }] } }, { detail: { c: 0 } }, false],
    [{ detail: { $or: [{ c: [{ exists: false }] }, { c: [{ numeric: ['>', 0] }] }] } }, { detail: { c: 3 } }, true],
    // Nested $or
    [{ $or: [{ a: ['1'] }, { $or: [{ b: ['2'] }, { c: ['3'] }] }] }, { c: '3' }, true],
    [{ $or: [{ a: ['1'] }, { $or: [{ b: ['2'] }, { c: ['3'] }] }] }, { d: '4' }, false],
    // Two $or at different levels multiply
    [{ $or: [{ a: ['1'] }, { b: ['2'] }], d: { $or: [{ x: ['1'] }, { y: ['2'] }] } }, { b: '2', d: { y: '2' } }, true],
    [{ $or: [{ a: ['1'] }, { b: ['2'] }], d: { $or: [{ x: ['1'] }, { y: ['2'] }] } }, { b: '2', d: { z: '2' } }, false],
    // Names of JavaScript's object prototype are ordinary field names
    [{ $or: [{ constructor: ['x'] }, { toString: ['y'] }] }, { toString: 'y' }, true],
    // A list of values under "$or" is an ordinary field
    [{ $or: ['x'] }, { $or: 'x' }, true],
  ])('%j against %j: %s', (pattern, value, expected) => {
    expect(matches(pattern, value)).toBe(expected);
  });
});

describe('pattern JSON', () => {
  it('keeps the last of duplicate keys', () => {
    expect(matches('{"a": ["x"], "a": ["y"]}', { a: 'y' })).toBe(true);
    expect(matches('{"a": ["x"], "a": ["y"]}', { a: 'x' })).toBe(false);
  });

  it('compares numbers beyond 2^53 exactly, in the pattern and in the event', () => {
    expect(matches('{"a": [9007199254740993]}', '{"a": 9007199254740993}')).toBe(true);
    expect(matches('{"a": [9007199254740993]}', '{"a": 9007199254740992}')).toBe(false);
    expect(matches('{"a": [12345678901234567890123]}', '{"a": 1.2345678901234567890123e22}')).toBe(true);
  });
});
