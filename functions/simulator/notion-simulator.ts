/**
 * A loopback stand-in for the Notion public API, for tests, the `npm start` demo and the
 * benchmark. It answers the few endpoints the monitor probes exactly as Notion documents them,
 * and can be told to misbehave the way real networks do (proxies, resets, stalls, truncation)
 * so the monitor's classification can be exercised without touching api.notion.com.
 *
 * This file is the server (lifecycle, recording, timers); `notion-workspace.ts` holds what Notion
 * answers, `notion-faults.ts` how it misbehaves, `notion-responses.ts` what the answers look like.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackServer } from './loopback-server.js';
import { FaultRules, respondWithFault } from './notion-faults.js';
import { sendJson } from './notion-responses.js';
import type {
  FaultRule,
  RecordedRequest,
  SimulatedFault,
  SimulatedIntegration,
  SimulatorOptions,
} from './notion-types.js';
import { bearerToken, buildIntegration, type Integration, route } from './notion-workspace.js';

export type * from './notion-types.js';

/**
 * A Notion API look-alike on 127.0.0.1. Create it, {@link NotionSimulator.start | start} it, point
 * a client at {@link NotionSimulator.url | url}, and {@link NotionSimulator.close | close} it when done.
 */
export class NotionSimulator {
  private readonly integrations = new Map<string, Integration>();
  private readonly rules = new FaultRules();
  private readonly latencyMs: number;
  private readonly recorded: RecordedRequest[] = [];
  private readonly server = new LoopbackServer('NotionSimulator', (req, res) => this.handle(req, res));

  constructor(options: SimulatorOptions = {}) {
    for (const integration of options.integrations ?? []) this.addIntegration(integration);
    for (const rule of options.faults ?? []) this.addFault(rule);
    this.latencyMs = options.latencyMs ?? 0;
  }

  /** Starts listening on 127.0.0.1 on a free port; resolves to the base URL (no trailing slash). */
  start(): Promise<string> {
    return this.server.start();
  }

  /** The base URL, e.g. `http://127.0.0.1:12345`. Throws until {@link NotionSimulator.start} has resolved. */
  get url(): string {
    return this.server.url;
  }

  /** Every request received, in arrival order, including ones that were hung or reset. */
  get requests(): readonly RecordedRequest[] {
    return this.recorded;
  }

  /** Appends a rule; it is tried after every rule added before it. */
  addFault(rule: FaultRule): void {
    this.rules.add(rule);
  }

  /** Adds an integration, replacing any with the same token. */
  addIntegration(integration: SimulatedIntegration): void {
    this.integrations.set(integration.token, buildIntegration(integration));
  }

  /** Forgets the recorded requests (a benchmark calls this between rounds to stay lean). */
  resetRequests(): void {
    this.recorded.length = 0;
  }

  /** Closes the server, destroys every open socket (hung ones too) and clears pending timers so nothing keeps the process alive. */
  close(): Promise<void> {
    return this.server.close();
  }

  // Runs fn after ms unless the response closes first (client gave up) or the simulator closes.
  private after(res: ServerResponse, ms: number, fn: () => void): void {
    const cancel = this.server.later(ms, () => {
      res.off('close', cancel);
      if (!res.destroyed) fn();
    });
    res.once('close', cancel);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const authorization = req.headers.authorization;
    const version = req.headers['notion-version'];
    this.recorded.push({
      method: req.method ?? 'GET',
      path,
      authorization,
      notionVersion: Array.isArray(version) ? version[0] : version,
    });
    // Nothing reads request bodies; draining them keeps keep-alive connections usable.
    req.resume();
    const fault = this.rules.take(bearerToken(authorization), path);
    const go = () => this.respond(req, res, path, fault);
    if (this.latencyMs > 0) this.after(res, this.latencyMs, go);
    else go();
  }

  private respond(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    fault: SimulatedFault | undefined,
  ): void {
    const answer = () => {
      const requestId = randomUUID();
      const [status, body] = route(
        this.integrations,
        { method: req.method, headers: req.headers, path },
        requestId,
      );
      sendJson(res, requestId, status, body);
    };
    if (fault === undefined) answer();
    else
      respondWithFault(
        {
          req,
          res,
          after: (ms, fn) => this.after(res, ms, fn),
          isClosed: () => this.server.closed,
          answer,
        },
        fault,
      );
  }
}

/** Convenience: `new NotionSimulator(options)`, already started. */
export async function startNotionSimulator(options?: SimulatorOptions): Promise<NotionSimulator> {
  const simulator = new NotionSimulator(options);
  await simulator.start();
  return simulator;
}
