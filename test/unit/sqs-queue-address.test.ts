import { checkQueueName, queueArn, queueNameOf, queueUrl } from '../../runtime/services/sqs/queue-address';

const scope = { account: '123456789012', region: 'eu-west-1' };

describe('SQS queue addresses', () => {
  it('builds the URL on the endpoint and the ARN from account and region', () => {
    expect(queueUrl('http://127.0.0.1:4599', scope, 'jobs')).toBe('http://127.0.0.1:4599/123456789012/jobs');
    expect(queueArn(scope, 'jobs')).toBe('arn:aws:sqs:eu-west-1:123456789012:jobs');
  });

  it('reads the queue from the path only, whatever the host and port', () => {
    expect(queueNameOf('http://localhost:1234/123456789012/jobs', scope)).toBe('jobs');
    expect(queueNameOf('https://sqs.eu-west-1.amazonaws.com/123456789012/jobs', scope)).toBe('jobs');
  });

  it('treats another account as a queue that does not exist and a malformed URL as an invalid address', () => {
    expect(() => queueNameOf('http://127.0.0.1/999999999999/jobs', scope)).toThrow(expect.objectContaining({ code: 'QueueDoesNotExist' }));
    expect(() => queueNameOf('jobs', scope)).toThrow(expect.objectContaining({ code: 'InvalidAddress', status: 404 }));
    expect(() => queueNameOf('http://127.0.0.1/jobs', scope)).toThrow(expect.objectContaining({ code: 'InvalidAddress' }));
  });

  it('treats a name with bad percent-encoding as an invalid address', () => {
    expect(() => queueNameOf('http://127.0.0.1/123456789012/%ZZ', scope)).toThrow(expect.objectContaining({ code: 'InvalidAddress', status: 404 }));
    expect(() => queueNameOf('http://127.0.0.1/123456789012/%C0%AF', scope)).toThrow(expect.objectContaining({ code: 'InvalidAddress', status: 404 }));
  });

  it('allows 1-80 alphanumerics, hyphens and underscores and refuses FIFO names clearly', () => {
    expect(() => checkQueueName('a'.repeat(80))).not.toThrow();
    expect(() => checkQueueName('a_b-C9')).not.toThrow();
    expect(() => checkQueueName('a'.repeat(81))).toThrow(expect.objectContaining({ code: 'InvalidParameterValue' }));
    expect(() => checkQueueName('has space')).toThrow(expect.objectContaining({ code: 'InvalidParameterValue' }));
    expect(() => checkQueueName('')).toThrow(expect.objectContaining({ code: 'InvalidParameterValue' }));
    expect(() => checkQueueName('orders.fifo')).toThrow(expect.objectContaining({ code: 'UnsupportedOperation' }));
  });
});
