import type { EventSourceMappingConfiguration } from '@aws-sdk/client-lambda';
import type { DeployContext, ResourceHandler } from '../resource-handlers';
import type { DeployedResource } from '../template';

type Props = Record<string, any>;

const lambda = <O = unknown>(ctx: DeployContext, operation: string, input: object) => ctx.dispatcher.call<O>('lambda', operation, input, ctx.deployer);

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
  attributes: { Id: m.UUID!, EventSourceMappingArn: m.EventSourceMappingArn!, source: identityOf(props) },
});

export const lambdaEventSourceMapping: ResourceHandler = {
  async create(_logicalId, props, ctx) {
    const mapping = await lambda<EventSourceMappingConfiguration>(ctx, 'CreateEventSourceMapping', {
      ...settings(props),
      EventSourceArn: props.EventSourceArn,
      StartingPosition: props.StartingPosition,
      StartingPositionTimestamp: number(props.StartingPositionTimestamp),
    });
    return deployed(mapping, props);
  },
  async update(logicalId, props, previous, ctx) {
    if (identityOf(props) !== previous.attributes.source) {
      await lambdaEventSourceMapping.remove(previous, props, ctx);
      return lambdaEventSourceMapping.create(logicalId, props, ctx);
    }
    const mapping = await lambda<EventSourceMappingConfiguration>(ctx, 'UpdateEventSourceMapping', { UUID: previous.physicalId, ...settings(props) });
    return deployed(mapping, props);
  },
  async remove(previous, _props, ctx) {
    await lambda(ctx, 'DeleteEventSourceMapping', { UUID: previous.physicalId });
  },
};
