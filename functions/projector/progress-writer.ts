import { type DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { AdvanceProgress } from '../domain/projection/intents';
import { updateExpression } from './update-expression';

/**
 * Writes the stream's PROGRESS item, once per invocation (ProgressAccumulator). A block's advance is
 * conditional on the stored high-water mark being lower, and its failed condition is the intended no-op; any
 * other error propagates, failing the invocation, whose batch is then retried whole (every write is idempotent).
 */
export class ProgressWriter {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
  ) {}

  async run(intents: readonly AdvanceProgress[]): Promise<void> {
    for (const intent of intents) await this.advance(intent);
  }

  private async advance(intent: AdvanceProgress): Promise<void> {
    const update = updateExpression(intent.set, intent.setIfAbsent, []);
    const newer = intent.blockSequenceNo !== undefined;
    if (newer) {
      update.names['#stored'] = 'lastBlockSequenceNo';
      update.values[':block'] = { N: String(intent.blockSequenceNo) };
    }
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.table,
          Key: intent.key,
          UpdateExpression: update.expression,
          ConditionExpression: newer ? 'attribute_not_exists(#stored) OR #stored < :block' : undefined,
          ExpressionAttributeNames: update.names,
          ExpressionAttributeValues: update.values,
        }),
      );
    } catch (e) {
      if ((e as Error)?.name !== 'ConditionalCheckFailedException') throw e;
    }
  }
}
