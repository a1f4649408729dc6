/**
 * What one HTTP request to Notion came to, as plain data: the boundary between the only
 * I/O in the engine ({@link ../engine/notion-request.ts}) and the pure classification.
 */
export type RequestOutcome =
  /** A 2xx with a JSON body. */
  | {
      readonly kind: 'success';
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly json: unknown;
      readonly latencyMs: number;
    }
  /** An HTTP answer that is not a usable success: any non-2xx, or a 2xx whose body is not JSON. */
  | {
      readonly kind: 'answer';
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
      readonly latencyMs: number;
    }
  /** No complete answer before the request timeout or the run's deadline. */
  | { readonly kind: 'timeout'; readonly reason: 'request' | 'deadline'; readonly latencyMs: number }
  /** No HTTP answer at all: DNS, connect, reset, TLS. `code` is the system or TLS error code. */
  | { readonly kind: 'network'; readonly code: string; readonly detail: string; readonly latencyMs: number }
  /** The client refused to send it (for example a path the SDK considers unsafe). */
  | { readonly kind: 'rejected'; readonly detail: string; readonly latencyMs: number };
