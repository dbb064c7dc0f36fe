import type { Runtime } from '../../runtime';

export interface ControlResponse {
  status: number;
  body: any;
}

/**
 * Calls `/_keydrill/<path>` as the administrator does: with the runtime's control token, and a JSON body
 * sent as `application/json` (the only content type the control plane accepts).
 */
export async function control(runtime: Runtime, path: string, init: { method?: string; body?: unknown } = {}): Promise<ControlResponse> {
  const headers: Record<string, string> = { authorization: `Bearer ${runtime.controlToken}` };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${runtime.endpoint}/_keydrill/${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
