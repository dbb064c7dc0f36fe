import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { generatedName, type DeployContext, type ResourceHandler } from '../resource-handlers';
import { TemplateError, type DeployedResource } from '../template';

type Props = Record<string, any>;

/** The metadata key naming a function's local handler module (relative to the project root). */
export const ENTRY_METADATA = 'keydrill:entry';

const lambda = <O = unknown>(ctx: DeployContext, operation: string, input: object) => ctx.dispatcher.call<O>('lambda', operation, input, ctx.deployer);

function entryOf(logicalId: string, metadata: Record<string, unknown> | undefined): string {
  const entry = metadata?.[ENTRY_METADATA];
  if (typeof entry !== 'string' || entry === '') {
    throw new TemplateError(
      `${logicalId} (AWS::Lambda::Function) has no "${ENTRY_METADATA}" metadata: keydrill runs a function from the local handler module that metadata names (a path relative to the project root), since the template's code asset does not exist locally`,
    );
  }
  return entry;
}

const functionName = (ctx: DeployContext, logicalId: string, props: Props): string => props.FunctionName ?? generatedName(ctx, logicalId, 64);

const configuration = (name: string, props: Props, entry: string) => ({
  FunctionName: name,
  Role: props.Role,
  Handler: props.Handler,
  Runtime: props.Runtime,
  Description: props.Description,
  Timeout: props.Timeout === undefined ? undefined : Number(props.Timeout),
  MemorySize: props.MemorySize === undefined ? undefined : Number(props.MemorySize),
  Environment: props.Environment ?? { Variables: {} },
  KeydrillEntry: entry,
});

/** ReservedConcurrentExecutions is not part of the function's configuration in the API: CloudFormation sets it apart. */
async function applyConcurrency(name: string, props: Props, ctx: DeployContext): Promise<void> {
  if (props.ReservedConcurrentExecutions === undefined) await lambda(ctx, 'DeleteFunctionConcurrency', { FunctionName: name });
  else await lambda(ctx, 'PutFunctionConcurrency', { FunctionName: name, ReservedConcurrentExecutions: Number(props.ReservedConcurrentExecutions) });
}

const deployed = (fn: FunctionConfiguration): DeployedResource => ({ type: 'AWS::Lambda::Function', physicalId: fn.FunctionName!, attributes: { Arn: fn.FunctionArn! } });

export const lambdaFunction: ResourceHandler = {
  async create(logicalId, props, ctx, metadata) {
    const entry = entryOf(logicalId, metadata);
    const name = functionName(ctx, logicalId, props);
    const fn = await lambda<FunctionConfiguration>(ctx, 'CreateFunction', configuration(name, props, entry));
    await applyConcurrency(name, props, ctx);
    return deployed(fn);
  },
  async update(logicalId, props, previous, ctx, metadata) {
    const entry = entryOf(logicalId, metadata);
    const name = functionName(ctx, logicalId, props);
    if (name !== previous.physicalId) {
      await lambdaFunction.remove(previous, props, ctx);
      return lambdaFunction.create(logicalId, props, ctx, metadata);
    }
    const fn = await lambda<FunctionConfiguration>(ctx, 'UpdateFunctionConfiguration', configuration(name, props, entry));
    await applyConcurrency(name, props, ctx);
    return deployed(fn);
  },
  async remove(previous, _props, ctx) {
    await lambda(ctx, 'DeleteFunction', { FunctionName: previous.physicalId });
  },
};
