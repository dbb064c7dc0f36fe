import type { Tag } from '@aws-sdk/client-kms';
import { kmsErrors } from './errors';

export const MAX_TAGS = 50;

/** Tag rules with AWS-recorded messages (reference/aws-semantics.md §1.3). */
export function checkTags(existing: Tag[], added: Tag[]): Tag[] {
  const keys = added.map((t) => t.TagKey!);
  if (new Set(keys).size !== keys.length) throw kmsErrors.tag('Duplicate tag keys');
  if (keys.some((k) => k.toLowerCase().startsWith('aws:'))) throw kmsErrors.tag('Tags beginning with aws: are reserved');
  const merged = [...existing.filter((t) => !keys.includes(t.TagKey!)), ...added];
  if (merged.length > MAX_TAGS) throw kmsErrors.tag('Too many tags');
  return merged;
}
