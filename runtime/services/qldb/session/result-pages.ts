import { randomBytes } from 'node:crypto';
import type { ValueHolder } from '@aws-sdk/client-qldb-session';
import type { dom } from 'ion-js';
import { ionBinary } from '../journal/hash';
import { PAUSE, runCooperatively, TURN_MS, type Cooperative } from '../partiql';
import type { OpenTransaction } from './session-registry';

/** Serves the first `pageSize` values and keeps the rest behind a page token. */
export async function firstPage(tx: OpenTransaction, values: dom.Value[], pageSize: number) {
  const page: { Values: ValueHolder[]; NextPageToken?: string } = { Values: await runCooperatively(encoded(values.slice(0, pageSize))) };
  if (values.length > pageSize) {
    const token = randomBytes(24).toString('base64');
    tx.pages.set(token, values.slice(pageSize));
    page.NextPageToken = token;
  }
  return page;
}

/**
 * The values in Ion binary, in turns as a statement is evaluated: ion-js takes ~50 µs for a small struct and
 * far longer for a large one, so a page of 200 encoded at once would keep every other client waiting.
 * Documents read from the journal come with their encoding (journal/hash.ts `decodedFrom`).
 */
function* encoded(values: dom.Value[]): Cooperative<ValueHolder[]> {
  const holders: ValueHolder[] = [];
  let turnEndsAt = performance.now() + TURN_MS;
  for (const value of values) {
    if (performance.now() >= turnEndsAt) {
      yield PAUSE;
      turnEndsAt = performance.now() + TURN_MS;
    }
    holders.push({ IonBinary: ionBinary(value) });
  }
  return holders;
}
