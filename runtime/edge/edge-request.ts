/** A request as the edge received it, protocol-neutral (HTTP/1.1 and h2c alike). */
export interface EdgeRequest {
  method: string;
  /** The path exactly as sent (still percent-encoded), without the query string. */
  rawPath: string;
  query: URLSearchParams;
  /** Lower-cased header names; HTTP/2 pseudo-headers are dropped except `:authority`, kept as `host`. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface EdgeResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}
