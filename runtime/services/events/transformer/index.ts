/**
 * A stand-in with the signatures of the input transformer module that branch h-events-edge delivers (it replaces
 * this file when merged): whole event or constant Input only, and the one-of check. InputPath and InputTransformer
 * are not rendered by this stand-in.
 */
import type { Target } from '@aws-sdk/client-eventbridge';

export function validateTargetInput(target: Target): string | undefined {
  const given = [target.Input, target.InputPath, target.InputTransformer].filter((option) => option !== undefined).length;
  return given > 1 ? `Only one of Input, InputPath, or InputTransformer must be provided for target ${target.Id}.` : undefined;
}

export function renderTargetInput(target: Target, event: unknown, _rule: { arn: string; name: string }, _ingestionTime: Date): string {
  return target.Input ?? JSON.stringify(event);
}
