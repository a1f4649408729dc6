/**
 * What one HTTP request to Notion came to, as plain data: the boundary between the only
 * I/O in the engine (the request function, {@link ./http-request.ts} in production) and
 * the pure classification.
 */
export type Outcome =
  /** A 2xx with a JSON body. */
  | {
      readonly kind: 'success';
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly json: unknown;
    }
  /** An HTTP answer that is not a usable success: any non-2xx, or a 2xx whose body is not JSON (then `body` is empty). */
  | {
      readonly kind: 'answer';
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
    }
  /** No complete answer before the request timeout or the run's deadline. */
  | { readonly kind: 'timeout'; readonly reason: 'request' | 'deadline' }
  /**
   * No complete HTTP answer: DNS, connect, reset, TLS, a body cut short or over the cap.
   * `code` is the system or TLS error code, or `ERR_BODY_TOO_LARGE` / `ERR_BODY_TRUNCATED`.
   */
  | { readonly kind: 'network'; readonly code: string; readonly detail: string }
  /** Nothing was sent: Node refused the URL or a header value as built. */
  | { readonly kind: 'rejected'; readonly detail: string };

/** An {@link Outcome} with the time it took, from sending to the last byte (or giving up). */
export type RequestOutcome = Outcome & { readonly latencyMs: number };
