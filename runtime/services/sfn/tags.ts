import type { Tag } from '@aws-sdk/client-sfn';
import { sfnErrors } from './errors';

/** A resource carries at most 50 tags. https://docs.aws.amazon.com/step-functions/latest/dg/sfn-best-practices.html#concepts-tagging */
const MAX_TAGS = 50;

/** `tags` merged over `current` (lower-case `key`/`value`, as Step Functions spells them); TooManyTags past the limit. */
export function mergedTags(current: Record<string, string>, tags: readonly Tag[] | undefined, resourceArn: string): Record<string, string> {
  const merged = { ...current };
  for (const tag of tags ?? []) merged[tag.key ?? ''] = tag.value ?? '';
  if (Object.keys(merged).length > MAX_TAGS) throw sfnErrors.tooManyTags(resourceArn);
  return merged;
}
