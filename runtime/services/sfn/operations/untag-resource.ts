import type { UntagResourceInput, UntagResourceOutput } from '@aws-sdk/client-sfn';
import { arnShape, tagKeys } from '../inputs';
import { operation } from '../sfn';

export const untagResource = operation<UntagResourceInput, UntagResourceOutput>({
  name: 'UntagResource',
  input: { resourceArn: arnShape, tagKeys },
  run(sfn, input, ctx) {
    const machine = sfn.taggableAt(ctx, input.resourceArn, 'states:UntagResource');
    for (const key of input.tagKeys) delete machine.tags[key];
    sfn.store.commit();
    return {};
  },
});
