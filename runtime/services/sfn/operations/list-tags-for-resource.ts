import type { ListTagsForResourceInput, ListTagsForResourceOutput } from '@aws-sdk/client-sfn';
import { arnShape } from '../inputs';
import { operation } from '../sfn';
import { tagListView } from '../views';

export const listTagsForResource = operation<ListTagsForResourceInput, ListTagsForResourceOutput>({
  name: 'ListTagsForResource',
  input: { resourceArn: arnShape },
  run(sfn, input, ctx) {
    return { tags: tagListView(sfn.taggableAt(ctx, input.resourceArn, 'states:ListTagsForResource').tags) };
  },
});
