import { entriesSize, entrySize, MAX_PUT_EVENTS_BYTES } from '../../runtime/services/events/entry-size';
import { entryRefusal } from '../../runtime/services/events/put-events-entry';

describe('entrySize', () => {
  it('counts 14 bytes for a Time and the UTF-8 bytes of Source, DetailType, Detail and each Resource', () => {
    expect(entrySize({ Source: 'app', DetailType: 'type', Detail: '{}' })).toBe(3 + 4 + 2);
    expect(entrySize({ Time: new Date(), Source: 'app', DetailType: 'type', Detail: '{}' })).toBe(14 + 9);
    expect(entrySize({ Source: 'é', DetailType: '', Detail: '{"k":"€"}', Resources: ['r1', 'ü'] })).toBe(2 + 0 + 11 + 2 + 2);
  });

  it('does not count EventBusName or TraceHeader', () => {
    expect(entrySize({ Source: 's', DetailType: 'd', Detail: '{}', EventBusName: 'a-long-bus-name', TraceHeader: 'Root=1' })).toBe(4);
  });

  it('sums a request; the limit is 256 KB', () => {
    expect(entriesSize([{ Source: 'a' }, { Source: 'bb', Resources: ['c'] }])).toBe(4);
    expect(MAX_PUT_EVENTS_BYTES).toBe(262_144);
  });
});

describe('entryRefusal', () => {
  it.each([
    [{ DetailType: 't', Detail: '{}' }, 'InvalidArgument', 'Parameter Source is not valid. Reason: Source is a required argument.'],
    [{ Source: 's', Detail: '{}' }, 'InvalidArgument', 'Parameter DetailType is not valid. Reason: DetailType is a required argument.'],
    [{ Source: 's', DetailType: 't' }, 'InvalidArgument', 'Parameter Detail is not valid. Reason: Detail is a required argument.'],
    [{ Source: 's', DetailType: 't', Detail: '"text"' }, 'MalformedDetail', 'Detail is malformed.'],
    [{ Source: 's', DetailType: 't', Detail: '[]' }, 'MalformedDetail', 'Detail is malformed.'],
    [{ Source: 's', DetailType: 't', Detail: '{"a":' }, 'MalformedDetail', 'Detail is malformed.'],
    [{ Source: 's', DetailType: 't', Detail: '{"a":'.repeat(1001) + '1' + '}'.repeat(1001) }, 'MalformedDetail', 'Detail is malformed.'],
    [{ Source: 'aws.kms', DetailType: 't', Detail: '{}' }, 'NotAuthorizedForSourceException', 'Not authorized for the source.'],
  ])('refuses %j with %s', (entry, ErrorCode, ErrorMessage) => {
    expect(entryRefusal(entry)).toEqual({ ErrorCode, ErrorMessage });
  });

  it('accepts a complete entry with an object detail, even an empty one', () => {
    expect(entryRefusal({ Source: 'app.orders', DetailType: 'Order Placed', Detail: '{}' })).toBeUndefined();
    expect(entryRefusal({ Source: 'awsome', DetailType: 't', Detail: '{"a":[1,{"b":null}]}' })).toBeUndefined();
  });
});
