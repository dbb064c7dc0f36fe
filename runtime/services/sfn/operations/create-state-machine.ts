import { randomUUID } from 'node:crypto';
import type { CreateStateMachineInput, CreateStateMachineOutput } from '@aws-sdk/client-sfn';
import { sfnErrors } from '../errors';
import { definitionShape, encryptionConfiguration, loggingConfiguration, nameShape, optionalBoolean, optionalString, roleArnShape, stateMachineType, tagList, tracingConfiguration } from '../inputs';
import type { StateMachine } from '../model';
import { checkName, stateMachineArn } from '../names';
import { checkLoggingConfiguration, checkRoleArn } from '../state-machine-rules';
import { operation } from '../sfn';
import { mergedTags } from '../tags';

/**
 * Idempotent as AWS documents it: the same name with the same definition, role and type answers with the
 * existing state machine; anything different is StateMachineAlreadyExists.
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_CreateStateMachine.html
 */
export const createStateMachine = operation<CreateStateMachineInput, CreateStateMachineOutput>({
  name: 'CreateStateMachine',
  input: {
    name: nameShape,
    definition: definitionShape,
    roleArn: roleArnShape,
    type: stateMachineType,
    loggingConfiguration,
    tags: tagList,
    tracingConfiguration,
    publish: optionalBoolean,
    versionDescription: optionalString,
    encryptionConfiguration,
  },
  run(sfn, input, ctx) {
    checkName(input.name);
    const arn = stateMachineArn(sfn.scope, input.name);
    sfn.authorize(ctx, 'states:CreateStateMachine', arn);
    checkRoleArn(input.roleArn);
    checkLoggingConfiguration(input.loggingConfiguration);
    const type = input.type ?? 'STANDARD';
    sfn.checkDefinition(input.definition, type);
    const existing = sfn.store.stateMachine(input.name);
    if (existing) {
      if (existing.definition !== input.definition || existing.roleArn !== input.roleArn || existing.type !== type) throw sfnErrors.stateMachineAlreadyExists(arn);
      return { stateMachineArn: arn, creationDate: new Date(existing.creationDate) };
    }
    const now = sfn.now();
    const machine: StateMachine = {
      name: input.name,
      arn,
      type,
      definition: input.definition,
      roleArn: input.roleArn,
      creationDate: now,
      updateDate: now,
      revisionId: randomUUID(),
      ...(input.loggingConfiguration ? { loggingConfiguration: input.loggingConfiguration } : {}),
      ...(input.tracingConfiguration ? { tracingConfiguration: input.tracingConfiguration } : {}),
      tags: mergedTags({}, input.tags, arn),
    };
    sfn.store.putStateMachine(machine);
    sfn.store.commit();
    return { stateMachineArn: arn, creationDate: new Date(now) };
  },
});
