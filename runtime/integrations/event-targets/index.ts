import type { Target } from '@aws-sdk/client-eventbridge';
import { parseArn } from '../../core/arn';
import { apiDestinationTarget } from './api-destination';
import { eventBusTarget } from './event-bus';
import { kinesisTarget } from './kinesis';
import { lambdaTarget } from './lambda';
import { sqsTarget } from './sqs';
import { statesTarget } from './states';
import type { TargetKind } from './target-kind';

/** The targets keydrill delivers to, by the service of their ARN (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html). */
const TARGET_KINDS: Readonly<Record<string, TargetKind>> = {
  events: eventBusTarget,
  kinesis: kinesisTarget,
  lambda: lambdaTarget,
  sqs: sqsTarget,
  states: statesTarget,
};

export function targetKindOf(arn: string): TargetKind | undefined {
  const parsed = parseArn(arn);
  // An API destination is an EventBridge ARN too: `arn:aws:events:<region>:<account>:api-destination/<name>/<id>`.
  if (parsed?.service === 'events' && parsed.resource.startsWith('api-destination/')) return apiDestinationTarget;
  const service = parsed?.service;
  return service !== undefined && Object.hasOwn(TARGET_KINDS, service) ? TARGET_KINDS[service] : undefined;
}

/** Why PutTargets cannot take this target, or undefined. */
export function targetRefusal(target: Target): string | undefined {
  const kind = targetKindOf(target.Arn!);
  if (!kind) return `keydrill does not deliver to targets like ${target.Arn}: it delivers to SQS queues, Lambda functions, Kinesis streams, event buses, API destinations and Step Functions state machines.`;
  const deadLetterArn = target.DeadLetterConfig?.Arn;
  if (deadLetterArn !== undefined && parseArn(deadLetterArn)?.service !== 'sqs') return `The dead-letter queue ${deadLetterArn} is not an SQS queue.`;
  return kind.refusal?.(target);
}
