import type { TagResourceInput, TagResourceOutput } from '@aws-sdk/client-sfn';
import { arnShape, tagList } from '../inputs';
import { operation } from '../sfn';
import { mergedTags } from '../tags';

export const tagResource = operation<TagResourceInput, TagResourceOutput>({
  name: 'TagResource',
  input: { resourceArn: arnShape, tags: { ...tagList, required: true } },
  run(sfn, input, ctx) {
    const machine = sfn.taggableAt(ctx, input.resourceArn, 'states:TagResource');
    machine.tags = mergedTags(machine.tags, input.tags, machine.arn);
    sfn.store.commit();
    return {};
  },
});
