/**
 * One request's life, whatever route it takes: its clock (the request timeout and the run's
 * deadline), what must be destroyed when it is abandoned, and the one outcome it settles on.
 */
import type { Outcome, RequestOutcome } from './outcome.js';
import type { NotionGet } from './ports.js';

/** Where a request went, stamped on its network failures so a message can name the place. */
export interface Route {
  /** `host:port` of the URL. */
  readonly target: string;
  /** `host:port` of the proxy, when it goes through one. */
  readonly proxy?: string;
}

/** Anything an exchange may have to tear down: a request, a socket. */
export interface Destroyable {
  destroy(): unknown;
}

export interface Exchange {
  readonly maxBodyBytes: number;
  readonly mask: (text: string) => string;
  /** Ends the exchange with this outcome (the first call wins). */
  readonly settle: (outcome: Outcome) => void;
  /** Ends the exchange and destroys what it holds, so no socket goes back to an agent. */
  readonly abandon: (outcome: Outcome) => void;
  /** Adds what {@link Exchange.abandon} destroys; destroyed at once when the exchange has ended. */
  readonly hold: (resource: Destroyable) => void;
  /** Whether the exchange has ended. */
  readonly ended: () => boolean;
  /** What the request timeout settles on instead of a timeout (an answer decided on its status and headers). */
  readonly atTimeout: (outcome: () => Outcome) => void;
}

export interface ExchangeOptions {
  readonly maxBodyBytes: number;
  readonly mask: (text: string) => string;
  readonly route: Route;
  /**
   * Destroy what it holds when it ends, whatever the outcome: a tunnel serves one request
   * (a keep-alive socket of the direct path, by contrast, goes back to its agent).
   */
  readonly oneShot: boolean;
}

/**
 * Starts the clock on a request: its own timer and a listener on the run's deadline, both
 * released when the exchange settles, so nothing of a request outlives it.
 */
export function startExchange(
  request: NotionGet,
  options: ExchangeOptions,
  resolve: (outcome: RequestOutcome) => void,
): Exchange {
  const started = performance.now();
  const held: Destroyable[] = [];
  let settled = false;
  const destroyHeld = () => {
    for (const resource of held.splice(0)) resource.destroy();
  };
  const settle = (outcome: Outcome): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    request.deadline.removeEventListener('abort', onDeadline);
    const placed = outcome.kind === 'network' ? { ...outcome, ...options.route } : outcome;
    resolve({ ...placed, latencyMs: Math.max(0, Math.round(performance.now() - started)) });
    if (options.oneShot) destroyHeld();
  };
  const abandon = (outcome: Outcome): void => {
    settle(outcome);
    destroyHeld();
  };
  const onDeadline = () => abandon({ kind: 'timeout', reason: 'deadline' });
  let instead: (() => Outcome) | undefined;
  const timer = setTimeout(
    () => abandon(instead?.() ?? { kind: 'timeout', reason: 'request' }),
    request.timeoutMs,
  );
  request.deadline.addEventListener('abort', onDeadline, { once: true });
  return {
    maxBodyBytes: options.maxBodyBytes,
    mask: options.mask,
    settle,
    abandon,
    hold: (resource) => {
      if (settled && options.oneShot) resource.destroy();
      else held.push(resource);
    },
    ended: () => settled,
    atTimeout: (outcome) => {
      instead = outcome;
    },
  };
}

/** A system or TLS error (DNS, connect, reset, certificate): its `code` names it. */
export function networkFailure(error: Error, mask: (text: string) => string): Outcome {
  const code = (error as NodeJS.ErrnoException).code;
  return { kind: 'network', code: typeof code === 'string' ? code : 'UNKNOWN', detail: mask(error.message) };
}

export function closedEarly(): Outcome {
  return { kind: 'network', code: 'ECONNRESET', detail: 'The connection closed before an answer.' };
}
