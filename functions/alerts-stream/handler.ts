import { QLDBClient } from '@aws-sdk/client-qldb';
import type { KinesisStreamEvent } from 'aws-lambda';
import { LedgerObserver, alertEffectsFromEnv, checkEncryption, numberEnv } from '../shared/alert-context';
import { requiredEnv } from '../shared/env';

/**
 * Encryption-status alerts from the journal stream: its own event source mapping (separate from the
 * projector's, so alerting never waits behind a projection backlog). A batch says the ledger is committing;
 * what it carries does not matter, so a failed check fails the whole batch and the mapping retries it.
 */

const store = alertEffectsFromEnv();
const observer = new LedgerObserver(new QLDBClient({}), requiredEnv('LEDGER_NAME'), numberEnv('DESCRIBE_CACHE_MS', 1000));

export async function handler(_event: KinesisStreamEvent): Promise<void> {
  await checkEncryption(store, await observer.observe('journal-stream'));
}
