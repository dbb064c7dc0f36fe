import type { OperationDefinition } from '../../core/operation';
import type { CloudFormation } from './cloudformation';

/** Declares a CloudFormation operation; the input/output types come from @aws-sdk/client-cloudformation (types only). */
export const cloudformationOperation = <I, O>(definition: OperationDefinition<CloudFormation, I, O>): OperationDefinition<CloudFormation, I, O> => definition;
