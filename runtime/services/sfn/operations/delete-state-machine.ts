import type { DeleteStateMachineInput, DeleteStateMachineOutput } from '@aws-sdk/client-sfn';
import { arnShape } from '../inputs';
import { operation } from '../sfn';

/**
 * The state machine goes at once; its running executions run on with the definition they started with, and
 * their history stays readable (AWS marks it DELETING until they end: README, Known differences).
 */
export const deleteStateMachine = operation<DeleteStateMachineInput, DeleteStateMachineOutput>({
  name: 'DeleteStateMachine',
  input: { stateMachineArn: arnShape },
  run(sfn, input, ctx) {
    const machine = sfn.stateMachineAt(ctx, input.stateMachineArn, 'states:DeleteStateMachine');
    sfn.store.deleteStateMachine(machine.name);
    sfn.store.commit();
    return {};
  },
});
