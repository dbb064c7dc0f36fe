import { untilNoneAlive } from '../../../test/helpers/process-tree';
import type { Kill, SoakCheck } from '../check';

/** How long the killed runtime's children (the DynamoDB Local guard, its JVM) may take to notice and end. */
const GRACE_MS = 30_000;

/**
 * No process of the killed runtime's tree outlives it. Checked before the restart: a new runtime ends a JVM an
 * earlier one left on its data directory, which would hide the orphan.
 */
export class NoOrphansCheck implements SoakCheck {
  readonly name = 'no orphan processes';

  async interrupted({ tree }: Kill): Promise<string[]> {
    const left = await untilNoneAlive(tree, GRACE_MS);
    return left.length === 0 ? [] : [`processes of the killed runtime still running ${GRACE_MS / 1000} s later: ${left.join(', ')}`];
  }
}
