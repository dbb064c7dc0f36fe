import type { OperationDefinition } from '../../core/operation';
import type { Iam } from './iam';

/** Declares an IAM operation; the input/output types come from @aws-sdk/client-iam (types only). */
export const iamOperation = <I, O>(definition: OperationDefinition<Iam, I, O>): OperationDefinition<Iam, I, O> => definition;
