import type { EventSourceMappingConfiguration } from '@aws-sdk/client-lambda';
import { replace, type Props, type ResourceHandler } from '../resource-handler';
import type { DeployedResource } from '../template';

const number = (value: unknown) => (value === undefined ? undefined : Number(value));

/** The settings UpdateEventSourceMapping can change in place. */
const settings = (props: Props) => ({
  FunctionName: props.FunctionName,
  Enabled: props.Enabled === undefined ? true : props.Enabled === true || props.Enabled === 'true',
  BatchSize: number(props.BatchSize),
  MaximumBatchingWindowInSeconds: number(props.MaximumBatchingWindowInSeconds),
  BisectBatchOnFunctionError: props.BisectBatchOnFunctionError,
  MaximumRetryAttempts: number(props.MaximumRetryAttempts),
  MaximumRecordAgeInSeconds: number(props.MaximumRecordAgeInSeconds),
  ParallelizationFactor: number(props.ParallelizationFactor),
  FunctionResponseTypes: props.FunctionResponseTypes,
  DestinationConfig: props.DestinationConfig ?? { OnFailure: {} },
});

/** CloudFormation replaces a mapping whose source or starting position changes; the rest is updated in place. */
const identityOf = (props: Props) => JSON.stringify([props.EventSourceArn, props.StartingPosition, props.StartingPositionTimestamp]);

const deployed = (m: EventSourceMappingConfiguration, props: Props): DeployedResource => ({
  type: 'AWS::Lambda::EventSourceMapping',
  physicalId: m.UUID!,
  attributes: { Id: m.UUID!, EventSourceMappingArn: m.EventSourceMappingArn! },
  state: { source: identityOf(props) },
});

export const lambdaEventSourceMapping: ResourceHandler = {
  async create({ props }, ctx) {
    const mapping = await ctx.call<EventSourceMappingConfiguration>('lambda', 'CreateEventSourceMapping', {
      ...settings(props),
      EventSourceArn: props.EventSourceArn,
      StartingPosition: props.StartingPosition,
      StartingPositionTimestamp: number(props.StartingPositionTimestamp),
    });
    return deployed(mapping, props);
  },
  async update(req, ctx) {
    const { props, previous } = req;
    if (identityOf(props) !== previous.state?.source) return replace(lambdaEventSourceMapping, req, ctx, { order: 'delete-first' });
    const mapping = await ctx.call<EventSourceMappingConfiguration>('lambda', 'UpdateEventSourceMapping', { UUID: previous.physicalId, ...settings(props) });
    return deployed(mapping, props);
  },
  async remove(previous, ctx) {
    await ctx.call('lambda', 'DeleteEventSourceMapping', { UUID: previous.physicalId });
  },
};
