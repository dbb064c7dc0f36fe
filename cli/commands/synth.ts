import type { Command } from 'commander';
import { synthesizeStack } from '../../runtime';

export function registerSynth(program: Command): void {
  program
    .command('synth')
    .description('synthesize the CDK stack into cdk.out (cached while infra/ is unchanged)')
    .action(() => {
      const stack = synthesizeStack();
      const resources = Object.keys(stack.template.Resources).length;
      process.stdout.write(`${JSON.stringify({ stack: stack.stackName, resources, cached: stack.cached })}\n`);
    });
}
