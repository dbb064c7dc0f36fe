import { ServiceError } from '../../runtime/core/errors';
import { TaskFailure } from '../../runtime/services/sfn/asl/host';
import { taskFailureOf, toJson } from '../../runtime/services/sfn/tasks/task-context';

const AWS_SDK = { prefix: 'Kms', serviceId: 'Kms', appendException: true };

describe('taskFailureOf', () => {
  it.each([
    ['NotFoundException', 'Kms.NotFoundException'],
    ['DisabledException', 'Kms.DisabledException'],
    ['KMSInvalidStateException', 'Kms.KmsInvalidStateException'],
    ['AccessDeniedException', 'Kms.AccessDeniedException'],
    ['InvalidCiphertext', 'Kms.InvalidCiphertextException'],
  ])('names %s as %s', (code, expected) => {
    expect(taskFailureOf(new ServiceError(code, 'm'), AWS_SDK, 'r').error).toBe(expected);
  });

  it("keeps an optimized integration's names as they are", () => {
    const naming = { prefix: 'DynamoDB', serviceId: 'AmazonDynamoDBv2', appendException: false };
    expect(taskFailureOf(new ServiceError('ConditionalCheckFailedException', 'The conditional request failed'), naming, 'r').error).toBe('DynamoDB.ConditionalCheckFailedException');
    expect(taskFailureOf(new ServiceError('FailedEntry', 'x'), { ...naming, prefix: 'EventBridge' }, 'r').error).toBe('EventBridge.FailedEntry');
  });

  it("writes the Cause as the Java SDK does: message, service, status and request id", () => {
    const failure = taskFailureOf(new ServiceError('DisabledException', 'arn:aws:kms:us-east-1:1:key/k is disabled.', 400), AWS_SDK, 'req-1');
    expect(failure.cause).toBe('arn:aws:kms:us-east-1:1:key/k is disabled. (Service: Kms, Status Code: 400, Request ID: req-1)');
  });

  it('passes a TaskFailure through and rethrows what is not a service error', () => {
    const given = new TaskFailure('States.Runtime', 'x');
    expect(taskFailureOf(given, AWS_SDK, 'r')).toBe(given);
    const bug = new TypeError('boom');
    expect(() => taskFailureOf(bug, AWS_SDK, 'r')).toThrow(bug);
  });
});

describe('toJson', () => {
  it('represents blobs as base64, dates as ISO text, and drops undefined members and $metadata', () => {
    expect(toJson({ $metadata: { httpStatusCode: 200 }, Blob: new Uint8Array([1, 2, 3]), When: new Date('2026-01-02T03:04:05.000Z'), Gone: undefined, List: [1, null, 'a'] })).toEqual({
      Blob: 'AQID',
      When: '2026-01-02T03:04:05.000Z',
      List: [1, null, 'a'],
    });
  });
});
