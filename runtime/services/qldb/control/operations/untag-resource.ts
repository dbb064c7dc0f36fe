import type { UntagResourceRequest, UntagResourceResponse } from '@aws-sdk/client-qldb';
import { RESOURCE_ARN, TAG_KEY } from '../inputs';
import { operation } from '../qldb-control';
import { taggedLedger } from '../tagged-resources';

/** Keys the resource does not have are ignored. */
export const untagResource = operation<UntagResourceRequest, UntagResourceResponse>({
  name: 'UntagResource',
  input: { ResourceArn: RESOURCE_ARN, TagKeys: { type: 'list', required: true, min: 0, max: 200, member: TAG_KEY } },
  run(qldb, input) {
    const entry = taggedLedger(qldb, input.ResourceArn);
    const removed = new Set(input.TagKeys);
    qldb.ledgers.update(entry.metadata.name, { tags: Object.fromEntries(Object.entries(entry.metadata.tags).filter(([key]) => !removed.has(key))) });
    return {};
  },
});
