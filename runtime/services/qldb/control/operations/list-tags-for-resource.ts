import type { ListTagsForResourceRequest, ListTagsForResourceResponse } from '@aws-sdk/client-qldb';
import type { OperationDefinition } from '../../../../core/operation';
import type { QldbControl } from '../qldb-control';
import { RESOURCE_ARN, taggedLedger } from '../tagged-resources';

export const listTagsForResource: OperationDefinition<QldbControl, ListTagsForResourceRequest, ListTagsForResourceResponse> = {
  name: 'ListTagsForResource',
  input: { ResourceArn: RESOURCE_ARN },
  run(qldb, input) {
    return { Tags: { ...taggedLedger(qldb, input.ResourceArn!).metadata.tags } };
  },
};
