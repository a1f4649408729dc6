import { createServer, type RequestListener, type Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * The HTTP server under both simulators: 127.0.0.1 on a free port, started once. It keeps
 * its sockets and timers so that {@link LoopbackServer.close} ends hung requests and pending
 * delays too, and nothing is left to keep a test process alive.
 */
export class LoopbackServer {
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private server: Server | undefined;
  private baseUrl: string | undefined;
  private closing = false;

  /** `name` is what errors call it (`NotionSimulator`, `AwsEndpoint`). */
  constructor(
    private readonly name: string,
    private readonly listener: RequestListener,
  ) {}

  /** Starts listening; resolves to the base URL (no trailing slash). A closed server does not restart. */
  async start(): Promise<string> {
    if (this.baseUrl !== undefined) return this.baseUrl;
    if (this.server !== undefined || this.closing) throw new Error(`${this.name} cannot be restarted`);
    const server = createServer(this.listener);
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
    if (address === null || typeof address === 'string') throw new Error(`${this.name} has no TCP address`);
    this.baseUrl = `http://127.0.0.1:${address.port}`;
    return this.baseUrl;
  }

  /** The base URL, e.g. `http://127.0.0.1:12345`. Throws until {@link LoopbackServer.start} has resolved. */
  get url(): string {
    if (this.baseUrl === undefined) throw new Error(`${this.name} has not been started`);
    return this.baseUrl;
  }

  /** Once {@link LoopbackServer.close} has been called. */
  get closed(): boolean {
    return this.closing;
  }

  /** Runs `fn` after `ms` unless cancelled (the returned function) or the server closes first. */
  later(ms: number, fn: () => void): () => void {
    if (this.closing) return () => {};
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  /** Stops listening; drops open connections (hung requests included) and pending timers. */
  async close(): Promise<void> {
    this.closing = true;
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
}
