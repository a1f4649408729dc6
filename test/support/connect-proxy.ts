/**
 * A loopback HTTP proxy that speaks CONNECT only, for the request function's proxy tests.
 * It records every byte each client sent, split at the point where its tunnel was
 * established (or refused), so a test can prove what the proxy itself could read.
 */
import net from 'node:net';

export interface ConnectProxyOptions {
  /** `user:password` it requires: without it, or with others, it answers 407. @default none required */
  readonly credentials?: string;
  /** Refuse every CONNECT with this answer (after the credential check). @default tunnel */
  readonly refuse?: {
    readonly status: number;
    readonly headers?: Record<string, string>;
    readonly body?: string;
  };
}

/** One client connection, as the proxy saw it. */
export interface ProxiedConnection {
  /** The CONNECT's target, `host:port`. */
  readonly target: string;
  /** The status the proxy answered the CONNECT with. */
  readonly status: number;
  /** Every byte received before the tunnel was established (the CONNECT request). */
  readonly beforeTunnel: Buffer;
  /** Every byte received from the client, the tunnel's included. */
  readonly received: () => Buffer;
  /** Whether the client's connection is still open. */
  readonly open: () => boolean;
}

export interface ConnectProxy {
  /** `http://127.0.0.1:port` (no credentials). */
  readonly url: string;
  readonly port: number;
  readonly connections: readonly ProxiedConnection[];
  readonly close: () => Promise<void>;
}

const HEAD_END = Buffer.from('\r\n\r\n');

function answer(status: number, reason: string, headers: Record<string, string>, body: string): string {
  const lines = Object.entries({ ...headers, 'content-length': String(Buffer.byteLength(body)) }).map(
    ([k, v]) => `${k}: ${v}`,
  );
  return `HTTP/1.1 ${status} ${reason}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

const LOGIN_PAGE = '<html><head><title>Proxy login required</title></head><body>407</body></html>';

export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const connections: ProxiedConnection[] = [];
  const sockets = new Set<net.Socket>();
  const expected =
    options.credentials === undefined
      ? undefined
      : `Basic ${Buffer.from(options.credentials).toString('base64')}`;

  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    const chunks: Buffer[] = [];
    const record: { target: string; status: number; beforeTunnel: Buffer } = {
      target: '',
      status: 0,
      beforeTunnel: Buffer.alloc(0),
    };
    connections.push({
      get target() {
        return record.target;
      },
      get status() {
        return record.status;
      },
      get beforeTunnel() {
        return record.beforeTunnel;
      },
      received: () => Buffer.concat(chunks),
      open: () => !client.destroyed,
    });
    let headDone = false;
    client.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (headDone) return;
      const all = Buffer.concat(chunks);
      const end = all.indexOf(HEAD_END);
      if (end < 0) return;
      headDone = true;
      record.beforeTunnel = all.subarray(0, end + HEAD_END.length);
      const rest = all.subarray(end + HEAD_END.length);
      const [requestLine = '', ...headerLines] = record.beforeTunnel.toString('latin1').split('\r\n');
      const [method, target = ''] = requestLine.split(' ');
      record.target = target;
      const auth = headerLines
        .find((l) => l.toLowerCase().startsWith('proxy-authorization:'))
        ?.slice('proxy-authorization:'.length)
        .trim();
      const refuse = (status: number, reason: string, headers: Record<string, string>, body: string) => {
        record.status = status;
        client.end(answer(status, reason, { server: 'test-proxy', ...headers }, body));
      };
      if (method !== 'CONNECT') return refuse(405, 'Method Not Allowed', {}, '');
      if (expected !== undefined && auth !== expected) {
        return refuse(
          407,
          'Proxy Authentication Required',
          { 'proxy-authenticate': 'Basic realm="test"', 'content-type': 'text/html' },
          LOGIN_PAGE,
        );
      }
      if (options.refuse) {
        const { status, headers = {}, body = '' } = options.refuse;
        return refuse(status, 'Refused', headers, body);
      }
      const colon = target.lastIndexOf(':');
      const host = target.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
      const upstream = net.connect({ host, port: Number(target.slice(colon + 1)), autoSelectFamily: true });
      sockets.add(upstream);
      upstream.on('close', () => {
        sockets.delete(upstream);
        client.destroy();
      });
      upstream.on('error', () => {
        if (record.status === 0) refuse(502, 'Bad Gateway', {}, '');
        client.destroy();
      });
      upstream.on('connect', () => {
        record.status = 200;
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (rest.length > 0) upstream.write(rest);
        client.on('data', (more: Buffer) => upstream.write(more));
        upstream.pipe(client);
      });
      client.on('close', () => upstream.destroy());
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connections,
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}
