import { kmsErrors } from './errors';

/** Alias naming rules beyond the model's pattern (https://docs.aws.amazon.com/kms/latest/developerguide/alias-create.html). */
export function checkAliasName(name: string): void {
  if (!name.startsWith('alias/')) {
    throw kmsErrors.validation('Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
  }
  // AWS reserves alias/aws/ for AWS managed keys; AWS's exact response is unrecorded, the emulators
  // agree on NotAuthorizedException with an empty message (reference/aws-semantics.md §1.6).
  if (name.startsWith('alias/aws/')) throw kmsErrors.notAuthorized();
}
