import type { TagResourceRequest } from '@aws-sdk/client-eventbridge';
import { operation } from '../events';
import { arnShape, tagList } from '../inputs';
import { taggedResource } from '../tagged-resource';
import { mergeTags, validatedTags } from '../tags';

export const tagResource = operation<TagResourceRequest, Record<string, never>>({
  name: 'TagResource',
  input: { ResourceARN: arnShape, Tags: { ...tagList, required: true } },
  run(events, input, ctx) {
    const resource = taggedResource(events, ctx, input.ResourceARN, 'events:TagResource');
    resource.tags = mergeTags(resource.tags, validatedTags(input.Tags));
    events.store.commit();
    return {};
  },
});
