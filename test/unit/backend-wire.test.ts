import { backendError, errorCode } from '../../runtime/backends/backend-error';
import { kinesisRequest, ON_DEMAND_SHARD_COUNT } from '../../runtime/backends/kinesis-request';
import { javaCommand, javaProblem, parseJavaMajor } from '../../runtime/backends/java';

const response = (status: number, body: string, headers: Record<string, string> = {}) => ({ status, headers, body: Buffer.from(body) });

describe('kinesisRequest', () => {
  it('addresses a StreamARN-only request by the stream name kinesalite needs', () => {
    expect(kinesisRequest('PutRecord', { StreamARN: 'arn:aws:kinesis:eu-west-1:123456789012:stream/orders', PartitionKey: 'k' })).toEqual({ StreamName: 'orders', PartitionKey: 'k' });
  });

  it('keeps an explicit StreamName over the ARN', () => {
    expect(kinesisRequest('ListShards', { StreamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/a', StreamName: 'b' })).toEqual({ StreamName: 'b' });
  });

  it('returns the very input when nothing needs adapting', () => {
    const input = { StreamName: 's', ShardCount: 2 };
    expect(kinesisRequest('CreateStream', input)).toBe(input);
  });

  it('gives an ON_DEMAND CreateStream without ShardCount a fixed shard count, and leaves an explicit count alone', () => {
    expect(kinesisRequest('CreateStream', { StreamName: 's', StreamModeDetails: { StreamMode: 'ON_DEMAND' } })).toMatchObject({ ShardCount: ON_DEMAND_SHARD_COUNT });
    expect(kinesisRequest('CreateStream', { StreamName: 's', ShardCount: 3, StreamModeDetails: { StreamMode: 'ON_DEMAND' } })).toMatchObject({ ShardCount: 3 });
  });

  it.each([['arn:aws:kinesis:us-east-1:12345:stream/s'], ['not an arn'], ['']])('refuses the malformed StreamARN %j with a ValidationException', (arn) => {
    expect(() => kinesisRequest('ListShards', { StreamARN: arn })).toThrow(expect.objectContaining({ code: 'ValidationException', message: expect.stringContaining("at 'streamARN'") }));
  });

  it('refuses a StreamARN that is not a string as a SerializationException', () => {
    expect(() => kinesisRequest('ListShards', { StreamARN: 7 })).toThrow(expect.objectContaining({ code: 'SerializationException' }));
  });
});

describe('backendError', () => {
  it("strips DynamoDB Local's namespace and keeps its capitalised Message and extra members", () => {
    const error = backendError(
      response(400, JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', Message: 'The conditional request failed', Item: { pk: { S: 'a' } } })),
    );
    expect(error).toMatchObject({ code: 'ConditionalCheckFailedException', message: 'The conditional request failed', status: 400, messageKey: 'Message', members: { Item: { pk: { S: 'a' } } } });
  });

  it("keeps kinesalite's lower-case message", () => {
    expect(backendError(response(400, '{"__type":"ResourceNotFoundException","message":"Stream s not found."}'))).toMatchObject({
      code: 'ResourceNotFoundException',
      messageKey: 'message',
      message: 'Stream s not found.',
    });
  });

  it('falls back to the error-type header, then to the status, when the body is not JSON', () => {
    expect(backendError(response(413, '', { 'x-amzn-errortype': 'RequestEntityTooLarge' })).code).toBe('RequestEntityTooLarge');
    expect(backendError(response(503, '<html>')).code).toBe('InternalFailure');
  });

  it.each([
    ['com.amazon.coral.validate#ValidationException', 'ValidationException'],
    ['ResourceInUseException', 'ResourceInUseException'],
    ['com.amazon.coral.service#SerializationException:http://internal', 'SerializationException'],
  ])('errorCode(%j) is %j', (type, code) => {
    expect(errorCode(type)).toBe(code);
  });
});

describe('Java for DynamoDB Local', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['java version "1.8.0_392"', 8],
    ['openjdk version "21" 2023-09-19', 21],
    ['openjdk version "11.0.2-ea"', 11],
    ['no version here', undefined],
  ])('reads the major version of %j as %p', (output, major) => {
    expect(parseJavaMajor(output)).toBe(major);
  });

  it('accepts Java 17 and newer', () => {
    expect(javaProblem('java', { output: 'openjdk version "17.0.1"' })).toBeUndefined();
    expect(javaProblem('java', { output: 'openjdk version "25"' })).toBeUndefined();
  });

  it('explains what to install when Java is missing or too old', () => {
    expect(javaProblem('/opt/jdk/bin/java', { missing: true })).toMatch(/DynamoDB Local needs Java 17\+, but "\/opt\/jdk\/bin\/java" was not found\. .*apt-get install openjdk-17-jre-headless.*JAVA_HOME/);
    expect(javaProblem('java', { output: 'java version "1.8.0_392"' })).toMatch(/DynamoDB Local needs Java 17\+, but "java" is Java 8\./);
  });

  it('prefers an explicit command, then JAVA_HOME, then java on PATH', () => {
    expect(javaCommand('/x/java', { JAVA_HOME: '/jdk' })).toBe('/x/java');
    expect(javaCommand(undefined, { JAVA_HOME: '/jdk' })).toBe('/jdk/bin/java');
    expect(javaCommand(undefined, {})).toBe('java');
  });
});
