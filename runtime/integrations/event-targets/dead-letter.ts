import type { Dispatcher } from '../../core/dispatcher';
import type { Scope } from '../../core/scope';
import { servicePrincipal } from '../../identity/principal';
import type { EventEnvelope } from '../../services/events/model';
import type { DeliveryFailure, ExhaustedCondition } from './retry-decisions';
import { queueUrlOf } from './sqs';
import { EVENTS_PRINCIPAL } from './target-kind';

export interface DeadLetter {
  queueArn: string;
  ruleArn: string;
  targetArn: string;
  /** The original event, not the target's transformed input. */
  event: EventEnvelope;
  failure: DeliveryFailure;
  condition?: ExhaustedCondition;
  retries: number;
}

const text = (StringValue: string) => ({ DataType: 'String', StringValue });

/**
 * Sends an undeliverable event to the target's dead-letter queue (a standard SQS queue), as EventBridge itself:
 * the queue policy must allow events.amazonaws.com. The message attributes say why
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html).
 */
export async function sendToDeadLetterQueue(letter: DeadLetter, dispatcher: Dispatcher, scope: Scope): Promise<void> {
  const caller = { principal: servicePrincipal(scope.account, EVENTS_PRINCIPAL), viaService: EVENTS_PRINCIPAL };
  const QueueUrl = await queueUrlOf(letter.queueArn, dispatcher, caller);
  await dispatcher.call(
    'sqs',
    'SendMessage',
    {
      QueueUrl,
      MessageBody: JSON.stringify(letter.event),
      MessageAttributes: {
        RULE_ARN: text(letter.ruleArn),
        TARGET_ARN: text(letter.targetArn),
        ERROR_CODE: text(letter.failure.code),
        ERROR_MESSAGE: text(letter.failure.message.slice(0, 1024)),
        ...(letter.condition ? { EXHAUSTED_RETRY_CONDITION: text(letter.condition) } : {}),
        RETRY_ATTEMPTS: text(String(letter.retries)),
      },
    },
    caller,
  );
}
