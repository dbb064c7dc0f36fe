import type { ProtocolBinding } from '../../core/service-module';
import type { EdgeRequest } from '../../edge/edge-request';
import { SQS_QUERY_ERROR_CODES } from './query-errors';
import { sqsQueryHints } from './query-hints';

/**
 * Clients that post to the queue's URL (`/<account>/<queue>`) address the queue by it: the AWS SDK for
 * Java 1.x even drops QueueUrl from the form. botocore posts to `/` with the parameter.
 */
function queueUrlOfAddress(req: EdgeRequest): Record<string, string> {
  return /^\/[^/]+\/[^/]+\/?$/.test(req.rawPath) ? { QueueUrl: `http://${req.headers['host']}${req.rawPath}` } : {};
}

/** SQS over awsQuery, which the AWS CLI v1, older v2 releases (Debian's 2.9) and older SDKs speak: the same operations as over awsJson. */
export const sqsQueryBinding: ProtocolBinding = {
  protocol: 'awsQuery',
  service: 'sqs',
  signingName: 'sqs',
  namespace: 'http://queue.amazonaws.com/doc/2012-11-05/',
  hints: sqsQueryHints,
  errorCodes: SQS_QUERY_ERROR_CODES,
  addressParameters: queueUrlOfAddress,
};
