import type { Figures, Restart, SoakCheck } from '../check';
import { canonical, type LedgerRevision, type LedgerWorkload } from '../ledger-workload';

/** Every revision the driver saw acknowledged, in any incarnation so far, is in the ledger's history with its data. */
export class AcknowledgedCommitsCheck implements SoakCheck {
  readonly name = 'acknowledged commits';
  private verified = 0;

  constructor(
    private readonly workload: LedgerWorkload,
    private readonly history: (restart: Restart) => Promise<LedgerRevision[]>,
  ) {}

  begin = (runtime: Restart['runtime']) => this.workload.begin(runtime);
  halting = () => this.workload.halting();
  interrupted = async () => {
    await this.workload.interrupted();
    return [];
  };

  async verify(restart: Restart): Promise<string[]> {
    const present = new Set((await this.history(restart)).map((r) => `${r.documentId} ${canonical(r.data)}`));
    const missing = this.workload.acknowledged.filter((a) => !present.has(`${a.documentId} ${canonical(a.data)}`));
    this.verified = this.workload.acknowledged.length - missing.length;
    return missing.slice(0, 5).map((a) => `acknowledged revision missing: document ${a.documentId} with ${canonical(a.data)} (${missing.length} missing in all)`);
  }

  figures(): Figures {
    return {
      'commits acknowledged': this.workload.commitsAcknowledged,
      'revisions acknowledged': this.workload.acknowledged.length,
      'revisions verified present (last check)': this.verified,
      'commits cut by a kill': this.workload.commitsCut,
      ...Object.fromEntries([...this.workload.failedWhileRunning].map(([reason, count]) => [`commits failed (${reason})`, count])),
    };
  }
}
