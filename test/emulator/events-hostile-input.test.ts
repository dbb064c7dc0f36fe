import { control } from '../helpers/control-plane';
import { rawRequest } from '../helpers/raw-request';
import { useRuntime } from '../helpers/runtime';

const env = useRuntime();

/** Bodies of the wrong shape for every member EventBridge operations read, and some of the right shape with bad values. */
const BODIES = [
  '{}',
  'null',
  '[]',
  '{"Name": 5, "EventBusName": [], "Rule": {}, "Entries": "x", "Targets": 1, "Ids": "a", "ResourceARN": 7, "EventPattern": 5, "Event": {}}',
  '{"Name": "r", "Rule": "r", "Entries": [null], "Targets": [null], "Ids": [null], "TagKeys": [null], "Tags": [null]}',
  '{"Name": "r", "Rule": "r", "Entries": [{}], "Targets": [{}], "Ids": [""], "ResourceARN": "arn:aws:events:us-east-1:000000000000:rule/a/b/c", "Tags": [{}], "TagKeys": []}',
  '{"Name": "r", "EventPattern": "{\\"a\\": [{\\"numeric\\": [\\">\\", \\"x\\"]}]}", "Event": "{\\"id\\": 1}", "ScheduleExpression": "cron(", "Rule": "r", "Targets": [{"Id": "t", "Arn": "not-an-arn", "InputTransformer": {"InputTemplate": "<x>"}}]}',
  `{"Entries": [{"Source": "s", "DetailType": "t", "Detail": "${'['.repeat(5000)}"}], "EventPattern": "${'{\\"a\\":'.repeat(3000)}", "Event": "{}"}`,
  '{"Name": "default", "Rule": "r", "NextToken": "bm90LWEtdG9rZW4=", "Limit": 0, "Targets": [{"Id": "t", "Arn": "arn:aws:sqs:us-east-1:000000000000:q", "RetryPolicy": {"MaximumRetryAttempts": -1}}]}',
];

describe('EventBridge answers hostile input with client errors', () => {
  it('never answers 5xx, for any operation and body, and keeps serving', async () => {
    const { body } = await control(env.runtime, 'health');
    const operations: string[] = body.services.events;
    expect(operations).toEqual(expect.arrayContaining(['PutEvents', 'PutRule', 'PutTargets', 'TestEventPattern']));
    const answers: string[] = [];
    const statuses = new Set<number>();
    for (const operation of operations) {
      for (const payload of BODIES) {
        const res = await rawRequest(env.runtime, { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSEvents.${operation}` }, body: payload, service: 'events' });
        statuses.add(res.status);
        if (res.status >= 500) answers.push(`${operation} ${payload.slice(0, 80)} → ${res.status} ${res.text.slice(0, 200)}`);
      }
    }
    expect(answers).toEqual([]);
    expect([...statuses].sort()).toEqual([200, 400]);
    const health = await control(env.runtime, 'health');
    expect(health.status).toBe(200);
  });
});
