import type { ListTagsForResourceRequest, ListTagsForResourceResponse } from '@aws-sdk/client-eventbridge';
import { operation } from '../events';
import { arnShape } from '../inputs';
import { taggedResource } from '../tagged-resource';

export const listTagsForResource = operation<ListTagsForResourceRequest, ListTagsForResourceResponse>({
  name: 'ListTagsForResource',
  input: { ResourceARN: arnShape },
  run(events, input, ctx) {
    return { Tags: taggedResource(events, ctx, input.ResourceARN, 'events:ListTagsForResource').tags };
  },
});
