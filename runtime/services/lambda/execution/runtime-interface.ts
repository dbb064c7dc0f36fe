/**
 * The program an execution environment runs (`node --require tsx/cjs runtime-interface.ts`): it loads the
 * function's handler module once, then serves invocations sent by the runtime over IPC, like Lambda's
 * Node.js runtime interface client. Imports nothing from the runtime but the message protocol.
 */
import { format } from 'node:util';
import { CHILD_ENV, errorPayload, type ChildMessage, type InvokeMessage } from './protocol';

const send = (message: ChildMessage) => process.send?.(message);
let currentRequestId: string | undefined;

// Everything the function writes goes over the IPC channel, so its log lines reach the runtime in order
// with (and before) the invocation's result.
for (const stream of [process.stdout, process.stderr]) {
  stream.write = ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
    send({ type: 'log', text: typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8') });
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') process.nextTick(done as () => void);
    return true;
  }) as typeof stream.write;
}

// Wall time: this process cannot read the runtime clock (the runtime stamps each log event with it).
const logTime = () => new Date().toISOString();

// The Node.js runtime's text log format: `<ISO time>\t<request id>\t<LEVEL>\t<message>`, one CloudWatch event
// per call (newlines inside a message become carriage returns).
const levels: Array<[keyof Console, string]> = [
  ['log', 'INFO'],
  ['info', 'INFO'],
  ['warn', 'WARN'],
  ['error', 'ERROR'],
  ['debug', 'DEBUG'],
  ['trace', 'TRACE'],
];
for (const [method, level] of levels) {
  (console as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
    process.stdout.write(`${logTime()}\t${currentRequestId ?? 'undefined'}\t${level}\t${format(...args).replace(/\n/g, '\r')}\n`);
  };
}

const maxMemoryMb = () => Math.ceil(process.memoryUsage().rss / (1024 * 1024));

type Handler = (event: unknown, context: object, callback?: (error: unknown, result?: unknown) => void) => unknown;

function loadHandler(): Handler {
  const entry = process.env[CHILD_ENV.entry]!;
  const exportName = process.env[CHILD_ENV.exportName]!;
  let module: Record<string, unknown>;
  try {
    module = require(entry);
  } catch (e) {
    const error = errorPayload(e);
    throw Object.assign(new Error(`${error.errorType}: ${error.errorMessage}`), { name: 'Runtime.ImportModuleError' });
  }
  const handler = module[exportName];
  if (typeof handler !== 'function') {
    throw Object.assign(new Error(`${entry}.${exportName} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
  }
  return handler as Handler;
}

/** Handlers may return a promise or, with three parameters, call back. */
function run(handler: Handler, event: unknown, context: object): Promise<unknown> {
  if (handler.length >= 3) {
    return new Promise((resolve, reject) => {
      const returned = handler(event, context, (error, result) => (error ? reject(error) : resolve(result)));
      if (returned && typeof (returned as Promise<unknown>).then === 'function') (returned as Promise<unknown>).then(resolve, reject);
    });
  }
  return Promise.resolve().then(() => handler(event, context));
}

function contextFor(message: InvokeMessage) {
  const env = process.env;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: message.requestId,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: message.clientContext ? JSON.parse(Buffer.from(message.clientContext, 'base64').toString('utf8')) : undefined,
    identity: undefined,
    getRemainingTimeInMillis: () => Math.max(0, message.deadlineMs - Date.now()),
  };
}

function fail(requestId: string, e: unknown, then?: () => void): void {
  const error = errorPayload(e);
  process.stdout.write(`${logTime()}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify(error)}\n`);
  process.send?.({ type: 'error', requestId, error, maxMemoryMb: maxMemoryMb() } satisfies ChildMessage, undefined, undefined, () => then?.());
}

const started = Date.now();
let handler: Handler | undefined;
try {
  handler = loadHandler();
  send({ type: 'ready', initMs: Date.now() - started });
} catch (e) {
  send({ type: 'init-error', error: errorPayload(e) });
}

// An error nobody awaited ends the environment, as in Lambda; it is reported for the current invocation first.
const crash = (e: unknown) => {
  const exit = () => process.exit(1);
  if (currentRequestId) fail(currentRequestId, e, exit);
  else exit();
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', (reason) => {
  const error = reason instanceof Error ? reason : new Error(String(reason));
  crash(Object.assign(error, { name: 'Runtime.UnhandledPromiseRejection' }));
});

// The runtime going away (even killed) closes the channel: never outlive it.
process.on('disconnect', () => process.exit());
// Ctrl-C in a terminal signals the whole foreground process group, these environments included; the runtime
// decides when they end (`keydrill demo` waits for a stopped drill's rollback, which runs in them), as Lambda's
// environments are not the user's terminal's to interrupt.
process.on('SIGINT', () => undefined);

process.on('message', (message: InvokeMessage) => {
  if (message.type !== 'invoke' || !handler) return;
  currentRequestId = message.requestId;
  let event: unknown;
  try {
    event = JSON.parse(message.payload);
  } catch (e) {
    fail(message.requestId, e);
    return;
  }
  run(handler, event, contextFor(message)).then(
    (result) => {
      let payload: string;
      try {
        payload = JSON.stringify(result === undefined ? null : result);
      } catch (e) {
        fail(message.requestId, e);
        return;
      }
      send({ type: 'result', requestId: message.requestId, payload, maxMemoryMb: maxMemoryMb() });
    },
    (e) => fail(message.requestId, e),
  );
});
