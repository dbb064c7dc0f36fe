import { randomUUID } from 'node:crypto';
import type { UpdateStateMachineInput, UpdateStateMachineOutput } from '@aws-sdk/client-sfn';
import { sfnErrors } from '../errors';
import { arnShape, encryptionConfiguration, loggingConfiguration, optionalBoolean, optionalDefinition, optionalString, tracingConfiguration } from '../inputs';
import { checkLoggingConfiguration, checkRoleArn } from '../state-machine-rules';
import { operation } from '../sfn';

/**
 * Running executions keep the definition and role they started with; new ones get the update.
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_UpdateStateMachine.html
 */
export const updateStateMachine = operation<UpdateStateMachineInput, UpdateStateMachineOutput>({
  name: 'UpdateStateMachine',
  input: {
    stateMachineArn: arnShape,
    definition: optionalDefinition,
    roleArn: { type: 'string', min: 1, max: 256 },
    loggingConfiguration,
    tracingConfiguration,
    publish: optionalBoolean,
    versionDescription: optionalString,
    encryptionConfiguration,
  },
  run(sfn, input, ctx) {
    const machine = sfn.stateMachineAt(ctx, input.stateMachineArn, 'states:UpdateStateMachine');
    if (input.definition === undefined && input.roleArn === undefined && !input.loggingConfiguration && !input.tracingConfiguration && !input.encryptionConfiguration) {
      throw sfnErrors.missingRequiredParameter();
    }
    if (input.roleArn !== undefined) checkRoleArn(input.roleArn);
    checkLoggingConfiguration(input.loggingConfiguration);
    if (input.definition !== undefined) sfn.checkDefinition(input.definition, machine.type);
    if (input.definition !== undefined || input.roleArn !== undefined) machine.revisionId = randomUUID();
    machine.definition = input.definition ?? machine.definition;
    machine.roleArn = input.roleArn ?? machine.roleArn;
    if (input.loggingConfiguration) machine.loggingConfiguration = input.loggingConfiguration;
    if (input.tracingConfiguration) machine.tracingConfiguration = input.tracingConfiguration;
    machine.updateDate = sfn.now();
    sfn.store.commit();
    return { updateDate: new Date(machine.updateDate), revisionId: machine.revisionId };
  },
});
