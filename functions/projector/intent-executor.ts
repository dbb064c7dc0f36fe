import { DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Item } from '../domain/projection/ion-to-dynamodb';
import type { AdvanceProgress, PutIfAbsent, Redact, WriteIntent } from '../domain/projection/intents';
import { PARTITION_KEY, QUARANTINE_KEY, SORT_KEY } from '../domain/projection/schema';

export interface ProjectorTables {
  projection: string;
  quarantine: string;
}

/** The failed condition of a conditional write is the intended no-op (docs/kinesis-consumers.md#idempotent-dynamodb-writes), not an error. */
const isConditionFailure = (e: unknown): e is Error & { Item?: Record<string, AttributeValue> } => (e as Error)?.name === 'ConditionalCheckFailedException';

/**
 * Runs the projection's write intents against DynamoDB, in order. Every other DynamoDB error (throttling,
 * an unavailable service, the network) propagates, so the Kinesis record is reported as failed and retried.
 */
export class IntentExecutor {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tables: ProjectorTables,
  ) {}

  async run(intents: readonly WriteIntent[]): Promise<void> {
    for (const intent of intents) await this.apply(intent);
  }

  private async apply(intent: WriteIntent): Promise<void> {
    switch (intent.kind) {
      case 'put-if-newer':
        return this.conditional(
          this.client.send(new PutItemCommand({
            TableName: this.tables.projection,
            Item: intent.item,
            ConditionExpression: 'attribute_not_exists(#pk) OR #version < :version',
            ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#version': 'version' },
            ExpressionAttributeValues: { ':version': { N: String(intent.version) } },
          })),
        );
      case 'put-if-absent':
        return this.putIfAbsent(intent);
      case 'redact':
        return this.redact(intent);
      case 'advance-progress':
        return this.advanceProgress(intent);
      case 'quarantine':
        return this.conditional(
          this.client.send(new PutItemCommand({
            TableName: this.tables.quarantine,
            Item: intent.item,
            ConditionExpression: 'attribute_not_exists(#position)',
            ExpressionAttributeNames: { '#position': QUARANTINE_KEY },
          })),
        );
    }
  }

  private async putIfAbsent(intent: PutIfAbsent): Promise<void> {
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tables.projection,
          Item: intent.item,
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PARTITION_KEY },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      if (!intent.whenRedacted) return;
      const existing = e.Item ?? (await this.read(intent.item));
      if (existing?.redacted?.BOOL) await this.run(intent.whenRedacted);
    }
  }

  /** Only when the failed put did not return the item (ReturnValuesOnConditionCheckFailure is from 2023). */
  private async read(item: Item): Promise<Record<string, AttributeValue> | undefined> {
    const key = { [PARTITION_KEY]: item[PARTITION_KEY], [SORT_KEY]: item[SORT_KEY] };
    const { Item: existing } = await this.client.send(new GetItemCommand({ TableName: this.tables.projection, Key: key, ConsistentRead: true }));
    return existing;
  }

  private redact(intent: Redact): Promise<void> {
    const update = updateExpression(intent.set, {}, intent.remove);
    if (intent.ifVersion !== undefined) {
      update.names['#ifVersion'] = 'version';
      update.values[':ifVersion'] = { N: String(intent.ifVersion) };
    }
    return this.updateProjection(intent.key, update, intent.ifVersion !== undefined ? '#ifVersion = :ifVersion' : undefined);
  }

  private advanceProgress(intent: AdvanceProgress): Promise<void> {
    const update = updateExpression(intent.set, intent.setIfAbsent, []);
    const newer = intent.blockSequenceNo !== undefined;
    if (newer) {
      update.names['#stored'] = 'lastBlockSequenceNo';
      update.values[':block'] = { N: String(intent.blockSequenceNo) };
    }
    return this.updateProjection(intent.key, update, newer ? 'attribute_not_exists(#stored) OR #stored < :block' : undefined);
  }

  /** An UpdateItem of the projection table; `condition` reads `update`'s names and values. */
  private updateProjection(key: Item, update: UpdateExpression, condition: string | undefined): Promise<void> {
    return this.conditional(
      this.client.send(new UpdateItemCommand({
        TableName: this.tables.projection,
        Key: key,
        UpdateExpression: update.expression,
        ConditionExpression: condition,
        ExpressionAttributeNames: update.names,
        ExpressionAttributeValues: update.values,
      })),
    );
  }

  private async conditional(write: Promise<unknown>): Promise<void> {
    try {
      await write;
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
    }
  }
}

interface UpdateExpression {
  expression: string;
  names: Record<string, string>;
  values: Record<string, AttributeValue>;
}

/** SET a = :a, b = if_not_exists(b, :b) REMOVE c, with every name behind a placeholder (data, version… are reserved words). */
function updateExpression(set: Item, setIfAbsent: Item, remove: readonly string[]): UpdateExpression {
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  const assignments: string[] = [];
  let n = 0;
  const placeholder = (name: string, value: AttributeValue) => {
    const i = n++;
    names[`#a${i}`] = name;
    values[`:a${i}`] = value;
    return i;
  };
  for (const [name, value] of Object.entries(set)) {
    const i = placeholder(name, value);
    assignments.push(`#a${i} = :a${i}`);
  }
  for (const [name, value] of Object.entries(setIfAbsent)) {
    const i = placeholder(name, value);
    assignments.push(`#a${i} = if_not_exists(#a${i}, :a${i})`);
  }
  const removals = remove.map((name) => {
    const i = n++;
    names[`#a${i}`] = name;
    return `#a${i}`;
  });
  const expression = [assignments.length ? `SET ${assignments.join(', ')}` : '', removals.length ? `REMOVE ${removals.join(', ')}` : ''].filter(Boolean).join(' ');
  return { expression, names, values };
}
