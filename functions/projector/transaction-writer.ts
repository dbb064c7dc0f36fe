import { type DynamoDBClient, GetItemCommand, type TransactWriteItem, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { outcomesOfCancellation, type CancellationReason } from '../domain/projection/cancellation-reasons';
import type { Item } from '../domain/projection/ion-to-dynamodb';
import type { WriteIntent } from '../domain/projection/intents';
import { PARTITION_KEY, QUARANTINE_KEY, SORT_KEY } from '../domain/projection/schema';
import { WriteSequences } from '../domain/projection/write-sequences';
import { planWave, type PlannedWrite, type TransactableIntent } from '../domain/projection/write-waves';
import { updateExpression } from './update-expression';

export interface ProjectorTables {
  projection: string;
  quarantine: string;
}

/** Transactions of one wave in flight at once (they never share an item). */
const TRANSACTIONS_IN_FLIGHT = 4;
/** How often one write may be cancelled by its neighbours or a conflict before its sequence fails. */
const MAX_ATTEMPTS = 10;

/** What the writer reads of an item found in the way: whether it is redacted. */
type StoredItem = { redacted?: { BOOL?: boolean } };

/**
 * Runs the write sequences of a batch as waves of TransactWriteItems requests (write-waves.ts): up to 100
 * conditional writes per request instead of one; DynamoDB Local's cost is per request, so this is how it takes
 * the most writes per second (docs/projection-throughput.md). Resolves with each sequence's outcome: undefined once all of
 * its writes are done, or the error that stopped it (throttling, DynamoDB unavailable, the network); it
 * never rejects, so no write outlives the call.
 */
export class TransactionWriter {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tables: ProjectorTables,
  ) {}

  async run(sequences: readonly (readonly WriteIntent[])[]): Promise<(Error | undefined)[]> {
    const state = new WriteSequences(sequences, MAX_ATTEMPTS);
    while (!state.finished) {
      const { transactions } = planWave(state.heads());
      let next = 0;
      const worker = async () => {
        while (next < transactions.length) await this.transact(transactions[next++], state);
      };
      await Promise.all(Array.from({ length: Math.min(TRANSACTIONS_IN_FLIGHT, transactions.length) }, worker));
    }
    return state.outcomes();
  }

  /** Sends one transaction and moves each of its owners on according to what became of its write. */
  private async transact(writes: PlannedWrite[], state: WriteSequences): Promise<void> {
    try {
      await this.client.send(new TransactWriteItemsCommand({ TransactItems: writes.map((w) => this.transactItem(w.intent)) }));
    } catch (e) {
      const error = e as Error & { CancellationReasons?: CancellationReason[] };
      if (error?.name !== 'TransactionCanceledException') {
        for (const write of writes) for (const owner of write.owners) state.fail(owner, error);
        return;
      }
      const outcomes = outcomesOfCancellation(error.CancellationReasons, writes.length, error.message);
      await Promise.all(
        writes.map(async (write, i) => {
          const outcome = outcomes[i];
          if (outcome.kind === 'again') for (const owner of write.owners) state.again(owner, error.message);
          else if (outcome.kind === 'failed') for (const owner of write.owners) state.fail(owner, Object.assign(new Error(`${outcome.code}: ${outcome.message}`), { name: outcome.code }));
          else await this.afterNoOp(write, outcome.existing, state);
        }),
      );
      return;
    }
    for (const write of writes) for (const owner of write.owners) state.advance(owner);
  }

  /**
   * A failed condition is the intended no-op (docs/kinesis-consumers.md#idempotent-dynamodb-writes). Only a
   * put-if-absent history item that turns out redacted asks for more: the redaction arrived first and wins.
   */
  private async afterNoOp(write: PlannedWrite, existing: StoredItem | undefined, state: WriteSequences): Promise<void> {
    const { intent } = write;
    if (intent.kind !== 'put-if-absent' || !intent.whenRedacted) {
      for (const owner of write.owners) state.advance(owner);
      return;
    }
    try {
      const stored = existing ?? (await this.read(intent.item));
      const redacted = stored?.redacted?.BOOL === true;
      for (const owner of write.owners) state.advance(owner, redacted ? intent.whenRedacted : []);
    } catch (e) {
      for (const owner of write.owners) state.fail(owner, e as Error);
    }
  }

  /** Only when the cancellation did not return the item (ReturnValuesOnConditionCheckFailure is from 2023). */
  private async read(item: Item): Promise<StoredItem | undefined> {
    const key = { [PARTITION_KEY]: item[PARTITION_KEY], [SORT_KEY]: item[SORT_KEY] };
    const { Item: stored } = await this.client.send(new GetItemCommand({ TableName: this.tables.projection, Key: key, ConsistentRead: true }));
    return stored;
  }

  private transactItem(intent: TransactableIntent): TransactWriteItem {
    switch (intent.kind) {
      case 'put-if-newer':
        return {
          Put: {
            TableName: this.tables.projection,
            Item: intent.item,
            ConditionExpression: 'attribute_not_exists(#pk) OR #version < :version',
            ExpressionAttributeNames: { '#pk': PARTITION_KEY, '#version': 'version' },
            ExpressionAttributeValues: { ':version': { N: String(intent.version) } },
          },
        };
      case 'put-if-absent':
        return {
          Put: {
            TableName: this.tables.projection,
            Item: intent.item,
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': PARTITION_KEY },
            // Only a revision with data needs to know whether the history item there is redacted.
            ...(intent.whenRedacted ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } : {}),
          },
        };
      case 'redact': {
        const update = updateExpression(intent.set, {}, intent.remove);
        if (intent.ifVersion !== undefined) {
          update.names['#ifVersion'] = 'version';
          update.values[':ifVersion'] = { N: String(intent.ifVersion) };
        }
        return {
          Update: {
            TableName: this.tables.projection,
            Key: intent.key,
            UpdateExpression: update.expression,
            ConditionExpression: intent.ifVersion !== undefined ? '#ifVersion = :ifVersion' : undefined,
            ExpressionAttributeNames: update.names,
            ExpressionAttributeValues: update.values,
          },
        };
      }
      case 'quarantine':
        return {
          Put: {
            TableName: this.tables.quarantine,
            Item: intent.item,
            ConditionExpression: 'attribute_not_exists(#position)',
            ExpressionAttributeNames: { '#position': QUARANTINE_KEY },
          },
        };
    }
  }
}
