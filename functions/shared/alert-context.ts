import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DescribeLedgerCommand, type QLDBClient } from '@aws-sdk/client-qldb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Detector } from '../domain/alerts/alerts';
import { decideEncryption, encryptionKey, observeLedger, type EncryptionDecision, type EncryptionObservation, type RecordedEncryption } from '../domain/alerts/encryption-status';
import { AlertEffects, checkUntilSettled } from './alert-effects';
import { requiredEnv } from './env';

/** The alert functions' shared settings and store, built once per container from the environment. */
export function alertEffectsFromEnv(): AlertEffects {
  return new AlertEffects(DynamoDBDocumentClient.from(new DynamoDBClient({})), new EventBridgeClient({}), {
    status: requiredEnv('STATUS_TABLE_NAME'),
    alerts: requiredEnv('ALERTS_TABLE_NAME'),
    eventBusName: requiredEnv('ALERT_BUS_NAME'),
  });
}

/**
 * Reads the ledger's EncryptionDescription, reusing a reading younger than `cacheMs`: the stream function runs
 * once per batch, and a busy stream must not turn into a DescribeLedger per batch.
 */
export class LedgerObserver {
  private cached?: { at: number; observation: EncryptionObservation };

  constructor(
    private readonly qldb: QLDBClient,
    private readonly ledgerName: string,
    private readonly cacheMs: number,
  ) {}

  async observe(detectedBy: Detector): Promise<EncryptionObservation> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < this.cacheMs) return { ...this.cached.observation, detectedBy };
    const ledger = await this.qldb.send(new DescribeLedgerCommand({ Name: this.ledgerName }));
    const observation = observeLedger(ledger, new Date(now), detectedBy);
    this.cached = { at: now, observation };
    return observation;
  }
}

/** Compares one observation with the record and raises what it means, until the decision applied. */
export const checkEncryption = (store: AlertEffects, observation: EncryptionObservation): Promise<EncryptionDecision> =>
  checkUntilSettled<RecordedEncryption, EncryptionDecision>(store, encryptionKey(observation.ledgerName), (recorded) => decideEncryption(recorded, observation));

/** A non-negative integer setting with a default (milliseconds, counts). */
export function numberEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`environment variable ${name} must be a non-negative integer, got "${text}"`);
  return n;
}
