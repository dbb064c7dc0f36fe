import { JSONPath } from 'jsonpath-plus';
import type { TargetKind } from './target-kind';
import { callerFor, resourceName } from './target-kind';

/**
 * PutRecord with the payload as data. The partition key is the value KinesisParameters.PartitionKeyPath points
 * at in the event, or the event's id without one (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_KinesisParameters.html).
 */
export const kinesisTarget: TargetKind = {
  async send(request, ctx) {
    await ctx.dispatcher.call(
      'kinesis',
      'PutRecord',
      { StreamName: resourceName(request.target.Arn!), Data: Buffer.from(request.payload).toString('base64'), PartitionKey: partitionKey(request.target.KinesisParameters?.PartitionKeyPath, request.event) },
      callerFor(request, ctx),
    );
  },
};

function partitionKey(path: string | undefined, event: { id: string }): string {
  if (!path) return event.id;
  const value: unknown = JSONPath({ path, json: event as object, wrap: false });
  if (value === undefined || value === null || value === '') return event.id;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
