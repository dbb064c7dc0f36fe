import type { UntagResourceRequest } from '@aws-sdk/client-eventbridge';
import { operation } from '../events';
import { arnShape } from '../inputs';
import { taggedResource } from '../tagged-resource';

export const untagResource = operation<UntagResourceRequest, Record<string, never>>({
  name: 'UntagResource',
  input: { ResourceARN: arnShape, TagKeys: { type: 'list', required: true, member: { type: 'string', min: 1, max: 128 } } },
  run(events, input, ctx) {
    const resource = taggedResource(events, ctx, input.ResourceARN, 'events:UntagResource');
    const removed = new Set(input.TagKeys);
    resource.tags = resource.tags.filter((tag) => !removed.has(tag.Key));
    events.store.commit();
    return {};
  },
});
