import { kmsErrors } from './errors';

/** A key has exactly one policy, named `default`. */
export function assertDefaultPolicyName(name: string | undefined): void {
  if (name !== undefined && name !== 'default') throw kmsErrors.notFound('No such policy exists');
}
