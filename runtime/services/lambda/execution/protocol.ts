/** Messages between the runtime and a function's execution environment (a child process, over Node IPC). */

/** AWS's error payload for a failed invocation: https://docs.aws.amazon.com/lambda/latest/dg/nodejs-exceptions.html */
export interface ErrorPayload {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

export interface InvokeMessage {
  type: 'invoke';
  requestId: string;
  /** The event as JSON text. */
  payload: string;
  deadlineMs: number;
  invokedFunctionArn: string;
  clientContext?: string;
}

export type ChildMessage =
  | { type: 'ready'; initMs: number }
  | { type: 'init-error'; error: ErrorPayload }
  | { type: 'log'; text: string }
  | { type: 'result'; requestId: string; payload: string; maxMemoryMb: number }
  | { type: 'error'; requestId: string; error: ErrorPayload; maxMemoryMb: number };

/** What the child reads from its environment besides the function's own variables. */
export const CHILD_ENV = { entry: 'KEYDRILL_LAMBDA_ENTRY', exportName: 'KEYDRILL_LAMBDA_EXPORT' } as const;

export function errorPayload(e: unknown): ErrorPayload {
  if (e instanceof Error) return { errorType: e.name || 'Error', errorMessage: e.message, trace: (e.stack ?? '').split('\n') };
  return { errorType: typeof e, errorMessage: String(e), trace: [] };
}
