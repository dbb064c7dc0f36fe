import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import { LOCAL_ENTRY_METADATA } from '../../core/paths';
import { found, generatedName, replace, type CreateRequest, type DeployContext, type Props, type ResourceHandler } from '../resource-handler';
import { TemplateError, type DeployedResource } from '../template';

function entryOf({ logicalId, metadata }: CreateRequest): string {
  const entry = metadata?.[LOCAL_ENTRY_METADATA];
  if (typeof entry !== 'string' || entry === '') {
    throw new TemplateError(
      `${logicalId} (AWS::Lambda::Function) has no "${LOCAL_ENTRY_METADATA}" metadata: keydrill runs a function from the local handler module that metadata names (a path relative to the project root), since the template's code asset does not exist locally`,
    );
  }
  return entry;
}

const functionName = ({ logicalId, props }: CreateRequest, ctx: DeployContext): string => props.FunctionName ?? generatedName(ctx, logicalId, 64);

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
  if (props.ReservedConcurrentExecutions === undefined) await ctx.call('lambda', 'DeleteFunctionConcurrency', { FunctionName: name });
  else await ctx.call('lambda', 'PutFunctionConcurrency', { FunctionName: name, ReservedConcurrentExecutions: Number(props.ReservedConcurrentExecutions) });
}

const deployed = (fn: FunctionConfiguration): DeployedResource => ({ type: 'AWS::Lambda::Function', physicalId: fn.FunctionName!, attributes: { Arn: fn.FunctionArn! } });

export const lambdaFunction: ResourceHandler = {
  async create(req, ctx) {
    const entry = entryOf(req);
    const name = functionName(req, ctx);
    const fn = await ctx.call<FunctionConfiguration>('lambda', 'CreateFunction', configuration(name, req.props, entry));
    await applyConcurrency(name, req.props, ctx);
    return deployed(fn);
  },
  async update(req, ctx) {
    const entry = entryOf(req);
    const name = functionName(req, ctx);
    if (name !== req.previous.physicalId) return replace(lambdaFunction, req, ctx, { order: 'delete-first' });
    const fn = await ctx.call<FunctionConfiguration>('lambda', 'UpdateFunctionConfiguration', configuration(name, req.props, entry));
    await applyConcurrency(name, req.props, ctx);
    return deployed(fn);
  },
  async remove(previous, ctx) {
    await ctx.call('lambda', 'DeleteFunction', { FunctionName: previous.physicalId });
  },
  exists: (previous, ctx) => found(['ResourceNotFoundException'], ctx.call('lambda', 'GetFunction', { FunctionName: previous.physicalId })),
};
