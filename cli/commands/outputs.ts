import type { Command } from 'commander';
import { deploymentFile } from '../../runtime/bootstrap/deploy';
import { stateFile } from '../../runtime/runtime';
import { DEFAULT_DATA_DIR, dataDirOf } from '../options';

export function registerOutputs(program: Command): void {
  program
    .command('outputs')
    .description("print the deployed stack's outputs as JSON")
    .option('-d, --data-dir <dir>', 'the runtime data directory', DEFAULT_DATA_DIR)
    .action((opts: { dataDir: string }) => {
      const dir = dataDirOf(opts.dataDir);
      const deployment = deploymentFile(stateFile(dir, 'deployment')).load();
      if (!deployment) throw new Error(`nothing is deployed in ${dir}; run \`keydrill up\` first`);
      process.stdout.write(`${JSON.stringify(deployment.outputs, null, 2)}\n`);
    });
}
