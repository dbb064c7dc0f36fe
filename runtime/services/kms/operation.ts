import type { OperationDefinition } from '../../core/operation';
import type { Kms } from './kms';

/** Declares a KMS operation; the input/output types come from @aws-sdk/client-kms (types only). */
export const kmsOperation = <I, O>(definition: OperationDefinition<Kms, I, O>): OperationDefinition<Kms, I, O> => definition;
