/**
 * A CONNECT tunnel through an HTTP proxy, one per request, with TLS to Notion inside it.
 *
 * What the proxy sees is the CONNECT request (the target's `host:port`, and
 * `Proxy-Authorization` when its URL carries credentials), then TLS records: the request
 * with the Notion token is written only into the TLS session, whose certificate is checked
 * against the target's name, so a proxy that answers in Notion's place fails the handshake.
 * A proxy that refuses the tunnel (407, 403, 502...) is a `proxy_refused` outcome carrying
 * its own status, headers and the start of its body: an answer, never an error.
 */
import http from 'node:http';
import { isIP, type Socket } from 'node:net';
import tls from 'node:tls';
import { declaredLength, maskedHeaders } from './http-answer.js';
import { type Exchange, networkFailure } from './http-exchange.js';
import type { ProxyServer } from './proxy-env.js';
import { KEEP_BODY_BYTES } from './text-limits.js';

/** TLS settings for the connection inside a tunnel (extra trusted CAs, for tests). */
export type TunnelTlsOptions = Pick<tls.ConnectionOptions, 'ca'>;

/** The URL's host and port, as the CONNECT line and the TLS session need them. */
export interface TunnelTarget {
  /** Host name or IP (IPv6 without brackets). */
  readonly host: string;
  readonly port: number;
  /** `host:port`, IPv6 in brackets: the CONNECT request target. */
  readonly authority: string;
}

/**
 * Asks `proxy` for a tunnel to `target` and hands the TLS socket inside it to `onOpen`.
 * Failures and refusals settle the exchange; everything opened is held by it, so a timeout
 * or the deadline destroys it.
 */
export function openTunnel(
  proxy: ProxyServer,
  target: TunnelTarget,
  tlsOptions: TunnelTlsOptions,
  exchange: Exchange,
  onOpen: (socket: tls.TLSSocket) => void,
): void {
  const connect = http.request({
    host: proxy.host,
    port: proxy.port,
    method: 'CONNECT',
    path: target.authority,
    setHost: false,
    // The only header that carries credentials, and only to the proxy.
    headers: {
      host: target.authority,
      ...(proxy.authorization ? { 'proxy-authorization': proxy.authorization } : {}),
    },
    agent: false,
  });
  exchange.hold(connect);
  connect.on('error', (error) => exchange.settle(networkFailure(error, exchange.mask)));
  // Node hands over every answer to a CONNECT here, whatever its status, with the socket.
  connect.on('connect', (res: http.IncomingMessage, socket: Socket, head: Buffer) => {
    exchange.hold(socket);
    socket.on('error', (error) => exchange.settle(networkFailure(error, exchange.mask)));
    const status = res.statusCode ?? 0;
    if (status < 200 || status > 299) {
      readRefusal(res, socket, head, (body) =>
        exchange.abandon({
          kind: 'proxy_refused',
          status,
          headers: maskedHeaders(res.headers, exchange.mask),
          body: exchange.mask(body),
          target: target.authority,
          proxy: proxy.shown,
          variable: proxy.variable,
          sentCredentials: proxy.authorization !== undefined,
        }),
      );
      return;
    }
    if (exchange.ended()) return;
    if (head.length > 0) socket.unshift(head);
    const secure = tls.connect({
      socket,
      host: target.host,
      // SNI carries a name only (RFC 6066); an IP target is still checked against the certificate.
      ...(isIP(target.host) === 0 ? { servername: target.host } : {}),
      ALPNProtocols: ['http/1.1'],
      ...tlsOptions,
    });
    exchange.hold(secure);
    secure.on('error', (error) => exchange.settle(networkFailure(error, exchange.mask)));
    onOpen(secure);
  });
  connect.end();
}

/**
 * The start of a refusal's body: what came with the head, and up to its Content-Length (at
 * most {@link KEEP_BODY_BYTES}) when it declares one. Without a length only what already
 * came is read: waiting for the proxy to close could turn a refusal into a timeout.
 */
function readRefusal(
  res: http.IncomingMessage,
  socket: Socket,
  head: Buffer,
  done: (body: string) => void,
): void {
  const want = Math.min(declaredLength(res.headers['content-length']) ?? 0, KEEP_BODY_BYTES);
  const chunks: Buffer[] = [head];
  let received = head.length;
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    done(Buffer.concat(chunks).subarray(0, KEEP_BODY_BYTES).toString('utf8'));
  };
  if (received >= want) {
    finish();
    return;
  }
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    received += chunk.length;
    if (received >= want) finish();
  });
  socket.on('end', finish);
  socket.on('close', finish);
}
