import type { TagResourceRequest, TagResourceResponse } from '@aws-sdk/client-qldb';
import { controlErrors } from '../errors';
import { RESOURCE_ARN, tagKeyProblem, TAGS } from '../inputs';
import { operation } from '../qldb-control';
import { MAX_TAGS_PER_RESOURCE, taggedLedger } from '../tagged-resources';

/**
 * Adds tags; unlike most AWS services, QLDB refuses a key the resource already has instead of
 * overwriting it (TagResource's documentation). A null value is stored as the empty string.
 */
export const tagResource = operation<TagResourceRequest, TagResourceResponse>({
  name: 'TagResource',
  input: { ResourceArn: RESOURCE_ARN, Tags: { ...TAGS, required: true, min: 0 } },
  run(qldb, input) {
    const entry = taggedLedger(qldb, input.ResourceArn);
    const added = Object.entries(input.Tags);
    const keyProblem = tagKeyProblem(input.Tags);
    if (keyProblem) throw controlErrors.invalidParameter(keyProblem);
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
