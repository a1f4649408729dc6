/**
 * What one HTTP request to Notion came to, as plain data: the boundary between the only
 * I/O in the engine (the request function, {@link ./http-request.ts} in production) and
 * the pure classification.
 */
export type Outcome =
  /**
   * A 2xx with a JSON body. `json` is `undefined` when the body was longer than the monitor
   * keeps (text-limits.ts) and only its start was seen to be a JSON object.
   */
  | {
      readonly kind: 'success';
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly json: unknown;
      /** The body's whole length in bytes (set by the request function; tests may omit it). */
      readonly bodyBytes?: number;
    }
  /**
   * An HTTP answer that is not a usable success: any non-2xx, or a 2xx whose body is not
   * JSON (then `body` is empty). `body` is at most the kept prefix, unmasked: whoever quotes
   * from it masks first. Header values are masked.
   */
  | {
      readonly kind: 'answer';
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
      /** The body's whole length in bytes (set by the request function; tests may omit it). */
      readonly bodyBytes?: number;
    }
  /** No complete answer before the request timeout or the run's deadline. */
  | { readonly kind: 'timeout'; readonly reason: 'request' | 'deadline' }
  /**
   * No complete HTTP answer: DNS, connect, reset, TLS, a body cut short or over the cap.
   * `code` is the system or TLS error code, or `ERR_BODY_TOO_LARGE` / `ERR_BODY_TRUNCATED`.
   */
  | {
      readonly kind: 'network';
      readonly code: string;
      readonly detail: string;
      /** `host:port` the request was for (set by the request function; tests may omit it). */
      readonly target?: string;
      /** `host:port` of the proxy the request went through, when it went through one. */
      readonly proxy?: string;
    }
  /**
   * The proxy answered the CONNECT itself and opened no tunnel (a 407 asking for
   * credentials, a 403 policy block, a 502 when it could not reach Notion): an answer from
   * the proxy, never from Notion, whatever its headers claim. Header values and the body
   * (at most the kept prefix) are masked.
   */
  | {
      readonly kind: 'proxy_refused';
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
      /** `host:port` the tunnel was asked for. */
      readonly target: string;
      /** `host:port` of the proxy. */
      readonly proxy: string;
      /** The variable the proxy was read from (`HTTPS_PROXY`, ...). */
      readonly variable: string;
      /** Whether the CONNECT carried `Proxy-Authorization` (the proxy URL had a user or password). */
      readonly sentCredentials: boolean;
    }
  /** Nothing was sent: Node refused the URL or a header value as built. */
  | { readonly kind: 'rejected'; readonly detail: string };

/** An {@link Outcome} with the time it took, from sending to the last byte (or giving up). */
export type RequestOutcome = Outcome & { readonly latencyMs: number };
