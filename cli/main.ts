import { Command } from 'commander';
import { registerAlerts } from './commands/alerts';
import { registerDemo } from './commands/demo';
import { registerDrill } from './commands/drill';
import { registerExecutions } from './commands/executions';
import { registerHistory } from './commands/history';
import { registerLogs } from './commands/logs';
import { registerOutputs } from './commands/outputs';
import { registerQuery } from './commands/query';
import { registerRun } from './commands/run';
import { registerSynth } from './commands/synth';
import { registerUp } from './commands/up';

const program = new Command()
  .name('keydrill')
  .description('Key-rotation drills for a QLDB-compatible ledger encrypted with a customer-managed KMS key')
  .showHelpAfterError();

registerUp(program);
registerOutputs(program);
registerLogs(program);
registerQuery(program);
registerSynth(program);
registerAlerts(program);
registerRun(program);
registerExecutions(program);
registerHistory(program);
registerDrill(program);
registerDemo(program);

program.parseAsync(process.argv).catch((e: Error) => {
  console.error(`keydrill: ${e.message}`);
  process.exit(1);
});
