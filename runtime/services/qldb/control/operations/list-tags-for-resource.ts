import type { ListTagsForResourceRequest, ListTagsForResourceResponse } from '@aws-sdk/client-qldb';
import { RESOURCE_ARN } from '../inputs';
import { operation } from '../qldb-control';
import { taggedLedger } from '../tagged-resources';

export const listTagsForResource = operation<ListTagsForResourceRequest, ListTagsForResourceResponse>({
  name: 'ListTagsForResource',
  input: { ResourceArn: RESOURCE_ARN },
  run(qldb, input) {
    return { Tags: { ...taggedLedger(qldb, input.ResourceArn).metadata.tags } };
  },
});
