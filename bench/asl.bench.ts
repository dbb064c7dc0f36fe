/**
 * `npm run bench:asl`: the ASL interpreter alone, on an in-memory host that keeps the history in an array (no
 * durable log, no HTTP): state transitions per second of a Pass-heavy machine in JSONPath and in JSONata, a Map
 * of 100 iterations, and how fast a restart replays a recorded history — so the figures say what the
 * interpreter costs before the service adds its log and its API. Knob: BENCH_RUNS (default 20).
 */
import { performance } from 'node:perf_hooks';
import { loadDefinition, runExecution, type ExecutionHost, type HistoryEventDraft, type Json, type RecordedEvent } from '../runtime/services/sfn/asl';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);

type Logged = RecordedEvent & { key: string };

function memoryHost(log: Logged[] = []): ExecutionHost & { log: Logged[] } {
  const byKey = new Map(log.map((e) => [e.key, e]));
  const stop = new AbortController();
  const host = {
    log: [...log],
    info: {
      executionArn: 'arn:aws:states:us-east-1:000000000000:execution:bench:run',
      name: 'run',
      stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:bench',
      stateMachineName: 'bench',
      roleArn: 'arn:aws:iam::000000000000:role/bench',
      input: { n: 1, items: Array.from({ length: 100 }, (_, i) => i) } as Json,
      startTime: new Date(),
      redriveCount: 0,
    },
    async record(draft: HistoryEventDraft): Promise<RecordedEvent> {
      const existing = byKey.get(draft.key);
      if (existing) return existing;
      const event: Logged = { key: draft.key, id: host.log.length + 1, previousEventId: byKey.get(draft.previousKey ?? '')?.id ?? 0, timestamp: new Date(), type: draft.type, details: draft.details };
      host.log.push(event);
      byKey.set(draft.key, event);
      return event;
    },
    recorded: (key: string) => byKey.get(key),
    invokeTask: async (call: { parameters: Json }) => call.parameters,
    taskToken: (key: string) => key,
    now: () => new Date(),
    sleepUntil: async () => undefined,
    timeScale: 0,
    stopSignal: stop.signal,
    stopReason: () => ({}),
  };
  return host;
}

const chain = (length: number, state: (i: number) => object) => ({
  StartAt: 'S0',
  States: Object.fromEntries(Array.from({ length }, (_, i) => [`S${i}`, { ...state(i), ...(i === length - 1 ? { End: true } : { Next: `S${i + 1}` }) }])),
});

const MACHINES: Record<string, object> = {
  'JSONPath Pass ×100': chain(100, () => ({ Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)' } })),
  'JSONata Pass ×100': { QueryLanguage: 'JSONata', ...chain(100, () => ({ Type: 'Pass', Output: { n: '{% $states.input.n + 1 %}' } })) },
  'Map ×100 of a Task': {
    StartAt: 'M',
    States: { M: { Type: 'Map', ItemsPath: '$.items', End: true, ItemProcessor: { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } } } } },
  },
};

async function main() {
  console.log(`ASL interpreter, in-memory host, ${RUNS} runs per machine (after 2 warm-up runs)`);
  for (const [name, definition] of Object.entries(MACHINES)) {
    const machine = loadDefinition(JSON.stringify(definition));
    for (let i = 0; i < 2; i++) await runExecution(machine, memoryHost());
    let events = 0;
    let transitions = 0;
    let last: Logged[] = [];
    const start = performance.now();
    for (let i = 0; i < RUNS; i++) {
      const host = memoryHost();
      await runExecution(machine, host);
      events += host.log.length;
      transitions += host.log.filter((e) => e.type.endsWith('Entered')).length;
      last = host.log;
    }
    const seconds = (performance.now() - start) / 1000;
    const replayStart = performance.now();
    for (let i = 0; i < RUNS; i++) await runExecution(machine, memoryHost(last));
    const replaySeconds = (performance.now() - replayStart) / 1000;
    console.log(
      `${name.padEnd(22)} ${(transitions / seconds).toFixed(0).padStart(8)} state transitions/s  ${(events / seconds).toFixed(0).padStart(8)} events/s  ` +
        `replay of a finished history: ${((RUNS * last.length) / replaySeconds).toFixed(0).padStart(8)} events/s`,
    );
  }
}

void main();
