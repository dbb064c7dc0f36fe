import type { CreateStateMachineOutput, DescribeStateMachineOutput } from '@aws-sdk/client-sfn';
import { generatedName, ignoring, replace, type CreateRequest, type DeployContext, type Props, type ResourceHandler } from '../resource-handler';
import { TemplateError, type DeployedResource } from '../template';

/**
 * The definition text: `Definition` (an object) or `DefinitionString` (the deployer has already resolved its
 * Fn::Join / Fn::Sub), with each `${Key}` of DefinitionSubstitutions replaced by its value.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-stepfunctions-statemachine.html
 */
function definitionOf({ logicalId, props }: CreateRequest): string {
  if (props.DefinitionS3Location !== undefined) {
    throw new TemplateError(`${logicalId} (AWS::StepFunctions::StateMachine) uses DefinitionS3Location: keydrill has no S3, so give the definition inline (Definition or DefinitionString)`);
  }
  const text = props.Definition !== undefined ? JSON.stringify(props.Definition) : props.DefinitionString;
  if (typeof text !== 'string') throw new TemplateError(`${logicalId} (AWS::StepFunctions::StateMachine) has neither Definition nor DefinitionString`);
  const substitutions: Record<string, unknown> = props.DefinitionSubstitutions ?? {};
  return text.replace(/\$\{([^}]+)\}/g, (placeholder, key: string) => (key in substitutions ? String(substitutions[key]) : placeholder));
}

/** CloudFormation names an unnamed state machine after the stack and logical id; it must still be a valid name. */
const machineName = ({ logicalId, props }: CreateRequest, ctx: DeployContext): string =>
  props.StateMachineName ?? generatedName(ctx, logicalId, 80).replace(/[^A-Za-z0-9_.-]/g, '-');

const camelTags = (tags: { Key: string; Value: string }[] | undefined) => (tags ?? []).map((t) => ({ key: t.Key, value: t.Value }));

/** CloudFormation's PascalCase LoggingConfiguration as the API's camelCase one. */
function loggingOf(props: Props) {
  const config = props.LoggingConfiguration;
  if (!config) return undefined;
  return {
    level: config.Level,
    includeExecutionData: config.IncludeExecutionData,
    destinations: (config.Destinations ?? []).map((d: { CloudWatchLogsLogGroup?: { LogGroupArn?: string } }) => ({
      cloudWatchLogsLogGroup: { logGroupArn: d.CloudWatchLogsLogGroup?.LogGroupArn },
    })),
  };
}

const tracingOf = (props: Props) => (props.TracingConfiguration ? { enabled: props.TracingConfiguration.Enabled } : undefined);

async function deployed(ctx: DeployContext, arn: string): Promise<DeployedResource> {
  const machine = await ctx.call<DescribeStateMachineOutput>('sfn', 'DescribeStateMachine', { stateMachineArn: arn });
  return {
    type: 'AWS::StepFunctions::StateMachine',
    physicalId: arn,
    attributes: { Arn: arn, Name: machine.name!, StateMachineRevisionId: machine.revisionId! },
    state: { type: machine.type! },
  };
}

/** AWS::StepFunctions::StateMachine: Ref is the ARN; Arn, Name and StateMachineRevisionId are attributes. */
export const stepFunctionsStateMachine: ResourceHandler = {
  async create(req, ctx) {
    const { stateMachineArn } = await ctx.call<CreateStateMachineOutput>('sfn', 'CreateStateMachine', {
      name: machineName(req, ctx),
      definition: definitionOf(req),
      roleArn: req.props.RoleArn,
      type: req.props.StateMachineType ?? 'STANDARD',
      loggingConfiguration: loggingOf(req.props),
      tracingConfiguration: tracingOf(req.props),
      tags: camelTags(req.props.Tags),
    });
    return deployed(ctx, stateMachineArn!);
  },
  async update(req, ctx) {
    const { previous, props } = req;
    const sameName = machineName(req, ctx) === previous.attributes.Name;
    if (!sameName || (props.StateMachineType ?? 'STANDARD') !== previous.state?.type) return replace(stepFunctionsStateMachine, req, ctx, { order: sameName ? 'delete-first' : 'create-first' });
    const arn = previous.physicalId;
    await ctx.call('sfn', 'UpdateStateMachine', {
      stateMachineArn: arn,
      definition: definitionOf(req),
      roleArn: props.RoleArn,
      loggingConfiguration: loggingOf(props),
      tracingConfiguration: tracingOf(props),
    });
    const kept = new Set((props.Tags ?? []).map((t: { Key: string }) => t.Key));
    const dropped = (previous.properties.Tags ?? []).map((t: { Key: string }) => t.Key).filter((k: string) => !kept.has(k));
    if (dropped.length) await ctx.call('sfn', 'UntagResource', { resourceArn: arn, tagKeys: dropped });
    if (kept.size) await ctx.call('sfn', 'TagResource', { resourceArn: arn, tags: camelTags(props.Tags) });
    return deployed(ctx, arn);
  },
  async remove(previous, ctx) {
    await ignoring(['StateMachineDoesNotExist'], ctx.call('sfn', 'DeleteStateMachine', { stateMachineArn: previous.physicalId }));
  },
};
