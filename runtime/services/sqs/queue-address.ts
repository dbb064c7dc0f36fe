import { arn } from '../../core/arn';
import type { Scope } from '../../core/scope';
import { sqsErrors } from './errors';

/** Standard queue names: 1-80 of alphanumerics, hyphens and underscores (a `.fifo` suffix names a FIFO queue). */
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const FIFO_NAME = /^[A-Za-z0-9_-]{1,75}\.fifo$/;

/** Throws AWS's error for a name no standard queue can have; FIFO names get keydrill's refusal. */
export function checkQueueName(name: string): void {
  if (FIFO_NAME.test(name)) throw sqsErrors.fifoUnsupported();
  if (!QUEUE_NAME.test(name)) throw sqsErrors.invalidQueueName();
}

export const queueArn = (scope: Scope, name: string): string => arn('sqs', scope.region, scope.account, name);

/**
 * `<endpoint>/<account>/<name>`: AWS's path form on the runtime's own endpoint, so the SDK (which
 * sends requests to the QueueUrl's origin) comes back here.
 */
export const queueUrl = (endpoint: string, scope: Scope, name: string): string => `${endpoint}/${scope.account}/${name}`;

/**
 * The queue name a QueueUrl addresses. Only the path counts: URLs issued before a restart on another
 * port, or reached through another host name, still address the same queue. A URL of another account
 * names a queue that does not exist here.
 */
export function queueNameOf(url: string, scope: Scope): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    throw sqsErrors.invalidAddress(url);
  }
  const match = /^\/([^/]+)\/([^/]+)\/?$/.exec(path);
  if (!match) throw sqsErrors.invalidAddress(url);
  if (match[1] !== scope.account) throw sqsErrors.queueDoesNotExist();
  try {
    return decodeURIComponent(match[2]);
  } catch {
    // Bad percent-encoding (`%ZZ`, an overlong `%C0%AF`) addresses nothing.
    throw sqsErrors.invalidAddress(url);
  }
}
