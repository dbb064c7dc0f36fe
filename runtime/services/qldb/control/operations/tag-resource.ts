import type { TagResourceRequest, TagResourceResponse } from '@aws-sdk/client-qldb';
import { controlErrors } from '../errors';
import { RESOURCE_ARN, TAG_KEY } from '../inputs';
import { operation } from '../qldb-control';
import { MAX_TAGS_PER_RESOURCE, taggedLedger } from '../tagged-resources';

/**
 * Adds tags; unlike most AWS services, QLDB refuses a key the resource already has instead of
 * overwriting it (TagResource's documentation). A null value is stored as the empty string.
 */
export const tagResource = operation<TagResourceRequest, TagResourceResponse>({
  name: 'TagResource',
  input: { ResourceArn: RESOURCE_ARN, Tags: { type: 'map', required: true, min: 0, max: 200, value: { type: 'string', max: 256 } } },
  run(qldb, input) {
    const entry = taggedLedger(qldb, input.ResourceArn);
    const added = Object.entries(input.Tags);
    const invalidKey = added.find(([key]) => key.length < TAG_KEY.min || key.length > TAG_KEY.max);
    if (invalidKey) throw controlErrors.invalidParameter(`The tag key '${invalidKey[0]}' must be between ${TAG_KEY.min} and ${TAG_KEY.max} characters long`);
    const existing = entry.metadata.tags;
    const duplicate = added.find(([key]) => Object.hasOwn(existing, key));
    if (duplicate) throw controlErrors.invalidParameter(`The tag key '${duplicate[0]}' already exists on the resource ${input.ResourceArn}`);
    if (Object.keys(existing).length + added.length > MAX_TAGS_PER_RESOURCE) {
      throw controlErrors.invalidParameter(`A resource can have at most ${MAX_TAGS_PER_RESOURCE} tags`);
    }
    qldb.ledgers.update(entry.metadata.name, { tags: { ...existing, ...Object.fromEntries(added.map(([k, v]) => [k, v ?? ''])) } });
    return {};
  },
});
