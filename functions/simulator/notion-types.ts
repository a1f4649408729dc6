/** What a test, the demo or the benchmark tells the Notion simulator. */
import type { BotUserObjectResponse } from '@notionhq/client';

/** Who owns an integration's bot, in Notion's own words (`bot.owner.type` of `users/me`). */
export type BotOwnerType = Extract<BotUserObjectResponse['bot'], { owner: unknown }>['owner']['type'];

/** One integration (token) the simulator knows, and what has been shared with it. */
export interface SimulatedIntegration {
  /** The secret a caller sends as `Authorization: Bearer <token>`. */
  token: string;
  /** `workspace` (default) is an internal integration; `user` is a public (OAuth) one. */
  ownerType?: BotOwnerType;
  /** Default `'Acme'`; `null` is what Notion reports for some OAuth installs. */
  workspaceName?: string | null;
  /** Default a fixed uuid, so every integration lives in the same workspace unless told otherwise. */
  workspaceId?: string;
  /** Default `'Simulated Integration'`. */
  botName?: string;
  /** Default a uuid derived from the token, so it is stable across runs. */
  botId?: string;
  /** Page ids shared with the integration (dashed or not, any case). */
  pages?: readonly string[];
  /** Database ids shared with the integration. */
  databases?: readonly string[];
  /** Data source ids shared with the integration. */
  dataSources?: readonly string[];
  /** Ids that answer 403 `restricted_resource` (whatever kind is asked for). */
  restricted?: readonly string[];
}

/** A way for the simulator (or something pretending to sit in front of it) to misbehave. */
export type SimulatedFault =
  /** A Notion-shaped JSON error with Notion's headers; `headers` are added on top. */
  | {
      type: 'error';
      status: number;
      code: string;
      message?: string;
      additionalData?: Record<string, string>;
      headers?: Record<string, string>;
    }
  /**
   * Notion's rate limit: `Retry-After` (default `'1'`) and `additional_data.rate_limit_reason`
   * (default `public_api_request_rate_limit`). Status 529 answers code `service_overload`.
   */
  | { type: 'rate_limited'; retryAfter?: string; reason?: string; status?: 429 | 529 }
  /**
   * An HTML page. `edge: true` is Notion's Cloudflare edge (`cf-ray`, no `x-notion-request-id`);
   * otherwise it is a proxy or gateway (neither header, `server: nginx`, and the matching
   * `proxy-authenticate` / `www-authenticate` challenge for 407 / 401).
   */
  | { type: 'html'; status: number; edge?: boolean; body?: string }
  /**
   * Exactly the given status, headers and body. Only Node's framing headers are added
   * (`connection`, `keep-alive`, and `content-length` when the rule sets no framing); no `date`.
   */
  | { type: 'raw'; status: number; headers?: Record<string, string>; body: string }
  /** Wait, then answer normally (other rules are not consulted again). */
  | { type: 'delay'; ms: number }
  /** Accept the request and never answer. */
  | { type: 'hang' }
  /** Destroy the socket before any header is sent. */
  | { type: 'reset' }
  /** Send 200 headers with the full `content-length` and part of a JSON body, then destroy the socket. */
  | { type: 'reset_mid_body' }
  /** Send 200 headers at once, then the body in `chunks` (default 10) pieces, one every `intervalMs`. */
  | { type: 'trickle'; intervalMs: number; chunks?: number }
  /** Send 200 with a `content-length` larger than the body, then close the connection cleanly. */
  | { type: 'truncated' }
  /** Send 200 with a valid users/me-like JSON body padded with whitespace to `bytes` bytes. */
  | { type: 'huge'; bytes: number };

/** When to apply a fault. Rules are tried in insertion order; the first one that matches wins. */
export interface FaultRule {
  /** Match only requests whose bearer token (what follows a leading `Bearer `) equals this. */
  token?: string;
  /** Match only when the URL path (without query) starts with this, e.g. `/v1/pages/`. */
  path?: string;
  /** Apply at most this many times (default unlimited). */
  times?: number;
  fault: SimulatedFault;
}

/** Everything a simulator starts with; integrations and faults can be added later too. */
export interface SimulatorOptions {
  integrations?: readonly SimulatedIntegration[];
  faults?: readonly FaultRule[];
  /** Added before every answer, to give benchmarks a realistic round trip. Default 0. */
  latencyMs?: number;
}

/** One request as it arrived, before any fault or validation applied. */
export interface RecordedRequest {
  method: string;
  /** The URL path without its query string. */
  path: string;
  authorization: string | undefined;
  notionVersion: string | undefined;
}
