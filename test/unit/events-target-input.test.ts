import type { AwsEvent } from '../../runtime/core/audit-trail';
import { renderTargetInput, type TargetInput, validateTargetInput } from '../../runtime/services/events/transformer';

/**
 * What a target receives: Input, InputPath, InputTransformer, checked and rendered as AWS does.
 * Facts: docs/eventbridge-input.md. Cases marked "AWS" reproduce AWS's documented or recorded outputs.
 */

const event: AwsEvent = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2015-11-11T21:29:54Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
  detail: {
    'instance-id': 'i-0123456789',
    state: 'RUNNING',
    count: 3,
    ok: true,
    nothing: null,
    payload: { acc_id: '0a787ecb-4015', sf_id: 'baz' },
    severities: ['HIGH'],
    states: ['ACTIVE', 'INACTIVE'],
    items: [{ id: 'a', tags: { env: 'prod' } }, { id: 'b' }],
    'path/with/slashes': 'slashed',
    quote: 'say "hi"',
  },
};
const rule = { arn: 'arn:aws:events:us-east-2:123456789012:rule/example', name: 'example' };
const ingested = new Date('2015-11-11T21:29:55.123Z');

const render = (target: Omit<TargetInput, 'Id'>) => renderTargetInput({ Id: 't1', ...target }, event, rule, ingested);
const transform = (InputTemplate: string, InputPathsMap?: Record<string, string>) => render({ InputTransformer: { InputTemplate, InputPathsMap } });

describe('validateTargetInput', () => {
  test.each<[string, Omit<TargetInput, 'Id'>]>([
    ['nothing: the event itself', {}],
    ['a JSON object Input', { Input: '{"a": 1}' }],
    ['a JSON string Input', { Input: '"hello"' }],
    ['a JSON number Input', { Input: '42' }],
    ['InputPath $', { InputPath: '$' }],
    ['InputPath $.detail', { InputPath: '$.detail' }],
    ['InputPath with dashes, underscores, slashes, indices and wildcards', { InputPath: '$.detail.items[0].tags.*' }],
    ['InputPath $.detail-type', { InputPath: '$.detail-type' }],
    ['InputPath with [*]', { InputPath: '$.resources[*]' }],
    ['a transformer with its own keys', { InputTransformer: { InputPathsMap: { instance: '$.detail.instance-id' }, InputTemplate: '"<instance>"' } }],
    ['CDK-style keys with dashes', { InputTransformer: { InputPathsMap: { 'detail-requestParameters-keyId': '$.detail.requestParameters.keyId' }, InputTemplate: '{"key":<detail-requestParameters-keyId>}' } }],
    ['predefined variables without a map', { InputTransformer: { InputTemplate: '{"arn": <aws.events.rule-arn>, "name": <aws.events.rule-name>, "at": <aws.events.event.ingestion-time>, "e": <aws.events.event>, "j": <aws.events.event.json>}' } }],
    ['a constant template', { InputTransformer: { InputTemplate: '{"fixed": true}' } }],
    ['keys starting with AWS but without the dot', { InputTransformer: { InputPathsMap: { AWSRegion: '$.region' }, InputTemplate: '<AWSRegion>' } }],
    ['an InputPathsMap path AWS does not check', { InputTransformer: { InputPathsMap: { x: 'detail.nope[' }, InputTemplate: '<x>' } }],
    ['a JSON template that will render invalid JSON (AWS accepts it and drops the event later)', { InputTransformer: { InputPathsMap: { p: '$.detail.payload' }, InputTemplate: '{"payload":"<p>"}' } }],
  ])('accepts %s', (_name, target) => {
    expect(validateTargetInput({ Id: 't1', ...target })).toBeUndefined();
  });

  test.each<[string, Omit<TargetInput, 'Id'>, string]>([
    // AWS
    ['Input and InputPath', { Input: '{}', InputPath: '$.detail' }, 'Only one of Input, InputPath, or InputTransformer must be provided for target t1.'],
    ['Input and InputTransformer', { Input: '{}', InputTransformer: { InputTemplate: '{}' } }, 'Only one of Input, InputPath, or InputTransformer must be provided for target t1.'],
    ['InputPath and InputTransformer', { InputPath: '$', InputTransformer: { InputTemplate: '{}' } }, 'Only one of Input, InputPath, or InputTransformer must be provided for target t1.'],
    ['an undefined placeholder', { InputTransformer: { InputPathsMap: { a: '$.a' }, InputTemplate: '{"x": <notdefinedkey>}' } }, 'InputTemplate for target t1 contains invalid placeholder notdefinedkey.'],
    ['a misspelt predefined variable', { InputTransformer: { InputTemplate: '<aws.events.rule>' } }, 'InputTemplate for target t1 contains invalid placeholder aws.events.rule.'],
    ['a placeholder only in a string', { InputTransformer: { InputTemplate: '"hello <who>"' } }, 'InputTemplate for target t1 contains invalid placeholder who.'],
    ['Input that is not JSON', { Input: 'hello' }, 'Input for target t1 is not a valid JSON text.'],
    ['Input with a trailing comma', { Input: '{"a":1,}' }, 'Input for target t1 is not a valid JSON text.'],
    ['an empty Input', { Input: '' }, 'Input for target t1 is not a valid JSON text.'],
    // keydrill's wording where AWS's is not recorded (docs/eventbridge-input.md#validation)
    ['InputPath without $', { InputPath: 'detail' }, 'InputPath for target t1 is not a valid JSON path.'],
    ['InputPath with bracket notation', { InputPath: "$['detail']" }, 'InputPath for target t1 is not a valid JSON path.'],
    ['InputPath with a filter', { InputPath: '$.detail.items[?(@.id)]' }, 'InputPath for target t1 is not a valid JSON path.'],
    ['InputPath with a trailing dot', { InputPath: '$.detail.' }, 'InputPath for target t1 is not a valid JSON path.'],
    ['InputPath with recursive descent', { InputPath: '$..id' }, 'InputPath for target t1 is not a valid JSON path.'],
    ['InputPath with a slice', { InputPath: '$.resources[0:1]' }, 'InputPath for target t1 is not a valid JSON path.'],
    ['a reserved key', { InputTransformer: { InputPathsMap: { 'aws.events.rule-arn': '$.id' }, InputTemplate: '<aws.events.rule-arn>' } }, 'InputPathsMap for target t1 contains a reserved key aws.events.rule-arn.'],
    ['a reserved key in capitals', { InputTransformer: { InputPathsMap: { 'AWS.x': '$.id' }, InputTemplate: '{}' } }, 'InputPathsMap for target t1 contains a reserved key AWS.x.'],
    ['a key with a dot', { InputTransformer: { InputPathsMap: { 'a.b': '$.id' }, InputTemplate: '{}' } }, 'InputPathsMap for target t1 contains an invalid key a.b.'],
    ['a key with a space', { InputTransformer: { InputPathsMap: { 'a b': '$.id' }, InputTemplate: '{}' } }, 'InputPathsMap for target t1 contains an invalid key a b.'],
    ['an empty key', { InputTransformer: { InputPathsMap: { '': '$.id' }, InputTemplate: '{}' } }, 'InputPathsMap for target t1 contains an invalid key .'],
  ])('refuses %s', (_name, target, message) => {
    expect(validateTargetInput({ Id: 't1', ...target })).toBe(message);
  });
});

describe('renderTargetInput: no input options', () => {
  test('the target receives the event JSON', () => {
    expect(JSON.parse(render({})!)).toEqual(event);
    expect(Object.keys(JSON.parse(render({})!))).toEqual(['version', 'id', 'detail-type', 'source', 'account', 'time', 'region', 'resources', 'detail']);
  });
});

describe('renderTargetInput: Input', () => {
  test.each(['{"a": 1,  "b": [1, 2]}', '"text"', '12345678901234567890', 'null'])('%s is delivered verbatim', (Input) => {
    expect(render({ Input })).toBe(Input);
  });
});

describe('renderTargetInput: InputPath', () => {
  test.each([
    ['$', JSON.stringify(event)],
    ['$.detail.payload', '{"acc_id":"0a787ecb-4015","sf_id":"baz"}'],
    // AWS: a string leaf is delivered as a JSON string
    ['$.detail.payload.sf_id', '"baz"'],
    ['$.detail.count', '3'],
    ['$.detail.ok', 'true'],
    ['$.detail.nothing', 'null'],
    ['$.detail-type', '"EC2 Instance State-change Notification"'],
    ['$.detail.path/with/slashes', '"slashed"'],
    ['$.resources[0]', '"arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"'],
    ['$.detail.items[1].id', '"b"'],
    ['$.detail.items[*].id', '["a","b"]'],
    ['$.detail.items.*.id', '["a","b"]'],
    ['$.detail.payload.*', '["0a787ecb-4015","baz"]'],
    ['$.detail.items[*].tags', '[{"env":"prod"}]'],
    ['$.detail.missing[*]', '[]'],
    // a path that selects nothing (docs/eventbridge-input.md#json-paths)
    ['$.detail.missing', 'null'],
    ['$.detail.items[5]', 'null'],
    ['$.detail.state.deeper', 'null'],
    ['$.detail.payload[0]', 'null'],
  ])('%s → %s', (InputPath, expected) => {
    expect(render({ InputPath })).toBe(expected);
  });
});

describe('renderTargetInput: InputTransformer', () => {
  const ec2 = { timestamp: '$.time', instance: '$.detail.instance-id', state: '$.detail.state' };

  test.each([
    // The guide's examples (AWS)
    ['a simple string', '"instance <instance> is in <state>"', ec2, '"instance i-0123456789 is in RUNNING"'],
    ['a string with escaped quotes', '"instance \\"<instance>\\" is in <state>"', ec2, '"instance \\"i-0123456789\\" is in RUNNING"'],
    ['simple JSON', '{\n  "instance" : <instance>,\n  "state": <state>\n}', ec2, '{"instance":"i-0123456789","state":"RUNNING"}'],
    [
      'JSON with strings and variables',
      '{"instance" : <instance>, "state": "<state>", "instanceStatus": "instance \\"<instance>\\" is in <state>"}',
      ec2,
      '{"instance":"i-0123456789","state":"RUNNING","instanceStatus":"instance \\"i-0123456789\\" is in RUNNING"}',
    ],
    ['JSON mixing variables and constants', '{"instance" : <instance>, "state": [ 9, <state>, true ], "Transformed" : "Yes"}', ec2, '{"instance":"i-0123456789","state":[9,"RUNNING",true],"Transformed":"Yes"}'],
    ['predefined variables in a string', '"<aws.events.rule-name> triggered"', {}, '"example triggered"'],
    // AWS-recorded: a path missing from the event renders as nothing inside a string
    ['a missing path in a string', '"Event of <dt> type, info <command>"', { dt: '$.detail-type', command: '$.detail.notinmessage' }, '"Event of EC2 Instance State-change Notification type, info "'],
    // AWS-recorded: objects and arrays inside a string template lose their quotes
    ['an object in a string', '"payload is <p>"', { p: '$.detail.payload' }, '"payload is {acc_id:0a787ecb-4015,sf_id:baz}"'],
    ['a one-element array in a string', '"severity <s>"', { s: '$.detail.severities' }, '"severity [HIGH]"'],
    ['an array in a string', '"states <s>"', { s: '$.detail.states' }, '"states [ACTIVE,INACTIVE]"'],
    // values as JSON values
    ['an object as a JSON value', '{"payload": <p>}', { p: '$.detail.payload' }, '{"payload":{"acc_id":"0a787ecb-4015","sf_id":"baz"}}'],
    ['an array as a JSON value', '{"s": <s>}', { s: '$.detail.states' }, '{"s":["ACTIVE","INACTIVE"]}'],
    ['numbers, booleans and null as JSON values', '[<n>, <b>, <z>]', { n: '$.detail.count', b: '$.detail.ok', z: '$.detail.nothing' }, '[3,true,null]'],
    ['numbers, booleans and null in a string', '{"text": "<n> <b> <z>"}', { n: '$.detail.count', b: '$.detail.ok', z: '$.detail.nothing' }, '{"text":"3 true null"}'],
    ['a missing path as a JSON value', '{"gone": <g>}', { g: '$.detail.missing' }, '{"gone":null}'],
    ['a wildcard path as a JSON value', '{"ids": <ids>}', { ids: '$.detail.items[*].id' }, '{"ids":["a","b"]}'],
    ['a string value is JSON-quoted with its escapes as a JSON value', '{"q": <q>}', { q: '$.detail.quote' }, '{"q":"say \\"hi\\""}'],
    ['the same placeholder twice', '{"a": <state>, "b": "<state>!"}', ec2, '{"a":"RUNNING","b":"RUNNING!"}'],
    ['whitespace inside strings is kept when minifying', '{ "text" : "a  b\\t<state>" }', ec2, '{"text":"a  b\\tRUNNING"}'],
    ['a constant template', '{"fixed": "yes"}', {}, '{"fixed":"yes"}'],
    ['a template that is neither JSON nor a string literal: values are text', 'instance <instance> is <state>', ec2, 'instance i-0123456789 is RUNNING'],
    // predefined variables as JSON values
    ['the rule ARN and name', '{"ruleArn": <aws.events.rule-arn>, "ruleName": <aws.events.rule-name>}', {}, '{"ruleArn":"arn:aws:events:us-east-2:123456789012:rule/example","ruleName":"example"}'],
    ['the ingestion time, in seconds', '{"at": <aws.events.event.ingestion-time>}', {}, '{"at":"2015-11-11T21:29:55Z"}'],
    ['the ingestion time in a string', '"at <aws.events.event.ingestion-time>"', {}, '"at 2015-11-11T21:29:55Z"'],
  ])('%s', (_name, template, paths, expected) => {
    expect(transform(template, paths)).toBe(expected);
  });

  test('<aws.events.event> is the envelope without detail, with detail-type spelt detailType', () => {
    const rendered = JSON.parse(transform('{"original": <aws.events.event>}')!);
    expect(rendered.original).toEqual({
      version: '0',
      id: event.id,
      detailType: event['detail-type'],
      source: 'aws.ec2',
      account: '123456789012',
      time: '2015-11-11T21:29:54Z',
      region: 'us-east-1',
      resources: event.resources,
    });
    expect(Object.keys(rendered.original)).toEqual(['version', 'id', 'detailType', 'source', 'account', 'time', 'region', 'resources']);
  });

  test('<aws.events.event.json> is the whole event', () => {
    expect(JSON.parse(transform('{"e": <aws.events.event.json>}')!).e).toEqual(event);
  });

  test('an array inside a string of a JSON template keeps its quotes, so the result is not JSON', () => {
    expect(transform('{"s": "states <s>"}', { s: '$.detail.states' })).toBeUndefined();
  });

  test.each([
    // AWS: a quoted object placeholder makes invalid JSON, and the event is not delivered
    ['an object quoted in a JSON template', '{"payload":"<p>"}', { p: '$.detail.payload' }],
    ['a string value with quotes inside a JSON string', '{"q": "<q>"}', { q: '$.detail.quote' }],
    ['a JSON template broken by its own text', '{"a": <state>,}', { state: '$.detail.state' }],
  ])('not delivered: %s', (_name, template, paths) => {
    expect(transform(template, paths)).toBeUndefined();
  });

  test('a string template is not checked as JSON: unescaped quotes are delivered as they are', () => {
    expect(transform('"said <q>"', { q: '$.detail.quote' })).toBe('"said say "hi""');
  });
});
