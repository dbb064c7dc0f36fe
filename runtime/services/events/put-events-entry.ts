import type { PutEventsRequestEntry, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { type JsonValue, JsonSyntaxError, parseJson } from './pattern/json';

/**
 * Why one PutEvents entry is refused, in AWS's words (docs/eventbridge.md#putevents), or undefined when it is
 * accepted. Entries are judged one by one: a refused entry never fails the request.
 * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEventsResultEntry.html
 */
export function entryRefusal(entry: PutEventsRequestEntry): PutEventsResultEntry | undefined {
  for (const [name, value] of [['Source', entry.Source], ['DetailType', entry.DetailType], ['Detail', entry.Detail]] as const) {
    if (value === undefined || value === '') return refused('InvalidArgument', `Parameter ${name} is not valid. Reason: ${name} is a required argument.`);
  }
  if (parsedDetail(entry.Detail!)?.type !== 'object') return refused('MalformedDetail', 'Detail is malformed.');
  // AWS services' own sources are theirs alone (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events.html).
  if (entry.Source!.startsWith('aws.')) return refused('NotAuthorizedForSourceException', 'Not authorized for the source.');
  return undefined;
}

/** The Detail text parsed as the matcher reads it, or undefined when it is not JSON (or nests too deeply). */
export function parsedDetail(detail: string): JsonValue | undefined {
  try {
    return parseJson(detail);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return undefined;
    throw error;
  }
}

const refused = (ErrorCode: string, ErrorMessage: string): PutEventsResultEntry => ({ ErrorCode, ErrorMessage });
