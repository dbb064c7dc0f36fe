import NodeEnvironment from 'jest-environment-node';
import { type Cleanup, PENDING_CLEANUPS } from './end-of-file';

/** jest's node environment, plus the clean-ups a test file deferred to its end (test/helpers/end-of-file.ts). */
export default class TestEnvironment extends NodeEnvironment {
  private readonly cleanups: Cleanup[] = [];

  constructor(...args: ConstructorParameters<typeof NodeEnvironment>) {
    super(...args);
    (this.global as { [PENDING_CLEANUPS]?: Cleanup[] })[PENDING_CLEANUPS] = this.cleanups;
  }

  override async teardown(): Promise<void> {
    // Most recent first: a child process dies before the directory it writes into is removed.
    for (const cleanup of this.cleanups.reverse()) cleanup();
    await super.teardown();
  }
}
