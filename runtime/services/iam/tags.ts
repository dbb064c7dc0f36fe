import type { Tag } from '@aws-sdk/client-iam';
import { iamErrors } from './errors';

/** A request's tag list as the map the identity store keeps; IAM refuses a key given twice, in any letter case. */
export function tagMap(tags: Tag[]): Record<string, string> {
  const keys = new Set(tags.map((t) => t.Key!.toLowerCase()));
  if (keys.size !== tags.length) throw iamErrors.duplicateTagKeys();
  return Object.fromEntries(tags.map((t) => [t.Key!, t.Value!]));
}

export const tagList = (tags: Record<string, string> | undefined): { Key: string; Value: string }[] => Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
