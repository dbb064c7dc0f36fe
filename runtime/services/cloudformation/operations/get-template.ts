import type { GetTemplateInput, GetTemplateOutput } from '@aws-sdk/client-cloudformation';
import { operation } from '../cloudformation';
import { cloudformationErrors } from '../errors';
import { stackName, TEMPLATE_STAGES } from '../inputs';

/**
 * The template the stack was deployed from, as the JSON text `cdk deploy` uploads (one-space indents, as in
 * cdk.out). It declares no transforms, so the Processed stage is the Original one. keydrill makes no
 * change sets, so any ChangeSetName is not found.
 */
export const getTemplate = operation<GetTemplateInput, GetTemplateOutput>({
  name: 'GetTemplate',
  input: { StackName: stackName, ChangeSetName: { type: 'string', min: 1, max: 1600 }, TemplateStage: { type: 'string', enum: TEMPLATE_STAGES } },
  run(cfn, input) {
    if (input.ChangeSetName !== undefined) throw cloudformationErrors.changeSetNotFound(input.ChangeSetName);
    if (input.StackName === undefined) throw cloudformationErrors.stackNameOrChangeSetNameRequired();
    const stack = cfn.stack(input.StackName);
    return { TemplateBody: JSON.stringify(stack.template, undefined, 1), StagesAvailable: [...TEMPLATE_STAGES] };
  },
});
