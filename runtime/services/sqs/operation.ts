import type { OperationDefinition } from '../../core/operation';
import type { Sqs } from './sqs';

/** Declares an SQS operation; the input/output types come from @aws-sdk/client-sqs (types only). */
export const sqsOperation = <I, O>(definition: OperationDefinition<Sqs, I, O>): OperationDefinition<Sqs, I, O> => definition;
