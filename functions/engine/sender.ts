import { classifyOutcome, type Verdict } from './classify.js';
import type { RequestOutcome } from './outcome.js';
import type { NotionGet, NotionRequest } from './ports.js';
import { Semaphore } from './semaphore.js';

/** What every integration of a run shares: where and how requests go, and the run's caps. */
export interface RunContext {
  readonly request: NotionRequest;
  readonly baseUrl: string;
  readonly notionVersion: string;
  readonly timeoutMs: number;
  readonly deadline: AbortSignal;
  readonly now: () => number;
  /** Masks every token of the run: applied to everything taken from an answer, before it is cut. */
  readonly mask: (text: string) => string;
  /** Requests in flight across the run. */
  readonly runSlots: Semaphore;
  /** Requests in flight for one integration. */
  readonly perIntegration: number;
}

/**
 * One request's verdict, and its JSON body when it succeeded (the bot, for `users/me`):
 * unmasked, as Notion wrote it, so whoever keeps text from it masks it first.
 */
export interface Sent {
  readonly verdict: Verdict;
  readonly json: unknown;
  /** The body's length in bytes, when it succeeded. */
  readonly bodyBytes?: number;
}

/** Sends a GET of `/v1/{path}` with one integration's token. */
export type Send = (path: string) => Promise<Sent>;

/** Identifies the monitor to Notion and to anything in between. */
const USER_AGENT = 'notion-integration-monitor';

/** The request as it goes on the wire. Pure. */
export function notionGet(path: string, token: string, run: RunContext): NotionGet {
  return {
    url: `${run.baseUrl.replace(/\/+$/, '')}/v1/${path}`,
    headers: {
      authorization: `Bearer ${token}`,
      'notion-version': run.notionVersion,
      accept: 'application/json',
      'user-agent': USER_AGENT,
    },
    mask: run.mask,
    timeoutMs: run.timeoutMs,
    deadline: run.deadline,
  };
}

/**
 * A {@link Send} for one integration: at most `perIntegration` of its requests in flight,
 * each also holding one of the run's slots. Nothing is sent once the deadline has passed.
 */
export function createSender(token: string, run: RunContext): Send {
  const integrationSlots = new Semaphore(run.perIntegration);
  return (path) =>
    integrationSlots.run(() =>
      run.runSlots.run(async () => {
        const outcome: RequestOutcome = run.deadline.aborted
          ? { kind: 'timeout', reason: 'deadline', latencyMs: 0 }
          : await run.request(notionGet(path, token, run));
        return {
          verdict: classifyOutcome(outcome, run.now(), run.mask),
          json: outcome.kind === 'success' ? outcome.json : undefined,
          ...(outcome.kind === 'success' && outcome.bodyBytes !== undefined
            ? { bodyBytes: outcome.bodyBytes }
            : {}),
        };
      }),
    );
}
