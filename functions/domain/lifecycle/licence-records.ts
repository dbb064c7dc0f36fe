import { createHash } from 'node:crypto';

/**
 * The walkthrough's bicycle-licence records (name, email, telephone, postcode, penalty points, events), generated
 * deterministically: record `i` of a seed is the same on every run and every machine, so a re-run can tell
 * which records the ledger already holds by their `licenceId` alone (docs/lifecycle.md#idempotence).
 */

export interface LicenceEvent {
  eventName: string;
  eventDate: string;
}

export interface LicenceRecord {
  licenceId: string;
  name: string;
  email: string;
  telephone: string;
  postcode: string;
  penaltyPoints: number;
  events: LicenceEvent[];
}

const FIRST_NAMES = ['Ada', 'Alan', 'Grace', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret', 'Dennis', 'Radia', 'Tim', 'Karen', 'Niklaus', 'Shafi', 'John'];
const LAST_NAMES = ['Lovelace', 'Turing', 'Hopper', 'Dijkstra', 'Liskov', 'Knuth', 'Allen', 'Thompson', 'Hamilton', 'Ritchie', 'Perlman', 'Lee', 'Jones', 'Wirth', 'Goldwasser', 'Backus'];
const POSTCODE_AREAS = ['CF10', 'CF11', 'NP20', 'SA1', 'LL57', 'BS1', 'M1', 'EH1', 'G1', 'LS1'];
const POINT_EVENTS = ['PenaltyPointsAdded', 'PenaltyPointsRemoved'];

/** Bytes that depend only on (seed, index): the record's every choice is read from them. */
function entropy(seed: string, index: number): Buffer {
  return createHash('sha256').update(`${seed}\u0000${index}`).digest();
}

export const licenceIdOf = (index: number) => `LIC-${String(index).padStart(8, '0')}`;

export function licenceRecord(seed: string, index: number): LicenceRecord {
  if (!Number.isInteger(index) || index < 1) throw new RangeError(`a licence record's index is an integer from 1, got ${index}`);
  const bytes = entropy(seed, index);
  const first = FIRST_NAMES[bytes[0]! % FIRST_NAMES.length]!;
  const last = LAST_NAMES[bytes[1]! % LAST_NAMES.length]!;
  const created = new Date(Date.UTC(2021, 0, 1) + (bytes.readUInt32BE(2) % (365 * 86_400)) * 1000);
  const events: LicenceEvent[] = [{ eventName: 'LicenceHolderCreated', eventDate: created.toISOString() }];
  const changes = bytes[6]! % 3;
  let points = 0;
  for (let c = 0; c < changes; c++) {
    const added = points === 0 || bytes[7 + c]! % 2 === 0;
    points = added ? points + 3 : 0;
    events.push({ eventName: POINT_EVENTS[added ? 0 : 1]!, eventDate: new Date(created.getTime() + (c + 1) * 86_400_000 * (1 + (bytes[10 + c]! % 90))).toISOString() });
  }
  return {
    licenceId: licenceIdOf(index),
    name: `${first} ${last}`,
    // The index keeps every address unique, so one subject's erasure is one document's.
    email: `${first}.${last}.${index}@example.com`.toLowerCase(),
    telephone: `07700 ${String(bytes.readUInt32BE(12) % 1_000_000).padStart(6, '0')}`,
    postcode: `${POSTCODE_AREAS[bytes[16]! % POSTCODE_AREAS.length]} ${1 + (bytes[17]! % 9)}${'ABDEFGHJLNPQRSTUWXYZ'[bytes[18]! % 20]}${'ABDEFGHJLNPQRSTUWXYZ'[bytes[19]! % 20]}`,
    penaltyPoints: points,
    events,
  };
}
