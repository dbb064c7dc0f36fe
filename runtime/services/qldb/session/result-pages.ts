import { randomBytes } from 'node:crypto';
import type { ValueHolder } from '@aws-sdk/client-qldb-session';
import { dumpBinary, type dom } from 'ion-js';
import type { OpenTransaction } from './session-registry';

/** Serves the first `pageSize` values and keeps the rest behind a page token. */
export function firstPage(tx: OpenTransaction, values: dom.Value[], pageSize: number) {
  const served = values.slice(0, pageSize);
  const page: { Values: ValueHolder[]; NextPageToken?: string } = { Values: served.map((v) => ({ IonBinary: dumpBinary(v) })) };
  if (values.length > pageSize) {
    const token = randomBytes(24).toString('base64');
    tx.pages.set(token, values.slice(pageSize));
    page.NextPageToken = token;
  }
  return page;
}
