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
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
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

export type {
  FaultRule,
  RecordedRequest,
  SimulatedFault,
  SimulatedIntegration,
  SimulatorOptions,
} from './notion-types.js';

/**
 * A Notion API look-alike on 127.0.0.1. Create it, {@link NotionSimulator.start | start} it, point
 * a client at {@link NotionSimulator.url | url}, and {@link NotionSimulator.close | close} it when done.
 */
export class NotionSimulator {
  private readonly integrations = new Map<string, Integration>();
  private readonly rules = new FaultRules();
  private readonly latencyMs: number;
  private readonly recorded: RecordedRequest[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private server: Server | undefined;
  private baseUrl: string | undefined;
  private closed = false;

  constructor(options: SimulatorOptions = {}) {
    for (const integration of options.integrations ?? []) this.addIntegration(integration);
    for (const rule of options.faults ?? []) this.addFault(rule);
    this.latencyMs = options.latencyMs ?? 0;
  }

  /** Starts listening on 127.0.0.1 on a free port; resolves to the base URL (no trailing slash). */
  async start(): Promise<string> {
    if (this.baseUrl !== undefined) return this.baseUrl;
    if (this.server !== undefined || this.closed) throw new Error('NotionSimulator cannot be restarted');
    const server = createServer((req, res) => this.handle(req, res));
    this.server = server;
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    if (address === null || typeof address === 'string')
      throw new Error('NotionSimulator has no TCP address');
    this.baseUrl = `http://127.0.0.1:${address.port}`;
    return this.baseUrl;
  }

  /** The base URL, e.g. `http://127.0.0.1:12345`. Throws until {@link NotionSimulator.start} has resolved. */
  get url(): string {
    if (this.baseUrl === undefined) throw new Error('NotionSimulator has not been started');
    return this.baseUrl;
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
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const server = this.server;
    if (server === undefined || !server.listening) return;
    const done = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await done;
  }

  // Runs fn after ms unless the response closes first (client gave up) or the simulator closes.
  private after(res: ServerResponse, ms: number, fn: () => void): void {
    if (this.closed) return;
    const cancel = () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      res.off('close', cancel);
      if (!res.destroyed) fn();
    }, ms);
    this.timers.add(timer);
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
          isClosed: () => this.closed,
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
