import { invalidDefinitionMessage, loadDefinition, runExecution, testState, validateDefinition } from './asl';
import { sfnModuleWith } from './module';

export type { SfnModuleOptions } from './module';

/**
 * Step Functions (awsJson 1.0, `AWSStepFunctions.*`, signed for `states`), running ASL with keydrill's
 * interpreter. Executions load their definition without validating it again: CreateStateMachine and
 * UpdateStateMachine validated it, and validation costs far more than a Pass-state execution.
 */
export const sfnModule = sfnModuleWith({ validateDefinition, invalidDefinitionMessage, compileDefinition: loadDefinition, runExecution, testState });
