import { validateInput } from '../core/validation';

/**
 * CreateStream with StreamModeDetails ON_DEMAND and no ShardCount gets this many shards: kinesalite
 * only knows provisioned streams, and AWS starts an on-demand stream with 4 shards (it then scales).
 */
export const ON_DEMAND_SHARD_COUNT = 4;

/** The Kinesis API's own constraint on StreamARN, so a malformed ARN fails as on AWS, not as a missing name. */
const STREAM_ARN = { StreamARN: { type: 'string', min: 1, max: 2048, pattern: /^arn:aws.*:kinesis:.*:\d{12}:stream\/\S+$/ } } as const;

/**
 * Adapts a Kinesis request to what kinesalite 3.3.3 understands, keeping AWS's meaning:
 *  - kinesalite requires StreamName and rejects calls addressed by StreamARN only
 *    ("Either NextToken or StreamName should be provided."), so the name is taken from the ARN;
 *  - kinesalite requires ShardCount, which AWS makes optional for ON_DEMAND streams.
 * Returns `input` itself when nothing needs changing, so callers can forward the original bytes.
 */
export function kinesisRequest(operation: string, input: Record<string, unknown>): Record<string, unknown> {
  let out = input;
  // A JSON null is an absent member, as AWS's deserializer reads it (kinesalite drops it).
  if (input.StreamARN !== undefined && input.StreamARN !== null) {
    const { StreamARN } = validateInput<{ StreamARN: string }>({ StreamARN: input.StreamARN }, STREAM_ARN);
    const { StreamARN: _arn, ...rest } = input;
    out = { ...rest, StreamName: input.StreamName ?? StreamARN.slice(StreamARN.indexOf(':stream/') + ':stream/'.length) };
  }
  const mode = (input.StreamModeDetails as { StreamMode?: unknown } | undefined)?.StreamMode;
  if (operation === 'CreateStream' && mode === 'ON_DEMAND' && input.ShardCount == null) {
    out = { ...out, ShardCount: ON_DEMAND_SHARD_COUNT };
  }
  return out;
}
