import type { TestEventPatternRequest, TestEventPatternResponse } from '@aws-sdk/client-eventbridge';
import { operation } from '../events';
import { testEventPattern as matches } from '../pattern/test-event-pattern';

export const testEventPattern = operation<TestEventPatternRequest, TestEventPatternResponse>({
  name: 'TestEventPattern',
  input: { EventPattern: { type: 'string', required: true }, Event: { type: 'string', required: true } },
  run(events, input, ctx) {
    events.authorize(ctx, 'events:TestEventPattern', '*');
    return { Result: matches(input.EventPattern, input.Event) };
  },
});
