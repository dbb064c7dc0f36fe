import type { WireShapeTable } from './wire-shape';

/**
 * The collection members of the Kinesis operations kinesalite serves (its own type checks cover the
 * rest, but it keeps null list members and map values and then dereferences them, which kills the
 * process): https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Operations.html
 */
export const KINESIS_SHAPES: Readonly<Record<string, WireShapeTable>> = {
  PutRecords: {
    StreamName: 'string',
    StreamARN: 'string',
    Records: { list: { structure: { Data: 'blob', ExplicitHashKey: 'string', PartitionKey: 'string' } } },
  },
  AddTagsToStream: { StreamName: 'string', StreamARN: 'string', Tags: { map: 'string' } },
  RemoveTagsFromStream: { StreamName: 'string', StreamARN: 'string', TagKeys: { list: 'string' } },
};
