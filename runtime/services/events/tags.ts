import type { Tag as RequestTag } from '@aws-sdk/client-eventbridge';
import type { Tag } from './model';

/** Tags of a request once validated: the tag list's table requires Key and Value. */
export const validatedTags = (tags: RequestTag[] | undefined): Tag[] => (tags ?? []) as Tag[];

/** Tags with the same key are replaced, others kept (TagResource's rule). */
export function mergeTags(current: readonly Tag[], added: readonly Tag[]): Tag[] {
  const keys = new Set(added.map((tag) => tag.Key));
  return [...current.filter((tag) => !keys.has(tag.Key)), ...added];
}
