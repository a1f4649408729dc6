import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/config/schema.js';
import { createHttpRequest } from '../../functions/engine/http-request.js';
import { runProbe } from '../../functions/engine/probe.js';
import { createTokenResolver } from '../../functions/tokens/env-tokens.js';

const TOKEN = 'vtok_Zr7QmX2wKp9LtB4nHc8DjF3gYs6VaE1uNo5iRx0q';
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

/** A receiver that answers 200 to everything, with a body in 64 KiB chunks that never ends or ends after `totalBytes`. */
async function bigAnswers(totalBytes: number | 'trickle') {
  const seen = { requests: 0, bodiesFinished: 0, chunksWritten: 0 };
  const chunk = Buffer.alloc(64 * 1024, 'a');
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.requests += 1;
      res.writeHead(200, {
        'content-type': 'text/plain',
        ...(totalBytes === 'trickle' ? {} : { 'content-length': String(totalBytes) }),
      });
      res.on('finish', () => {
        seen.bodiesFinished += 1;
      });
      if (totalBytes === 'trickle') {
        // A few bytes, then nothing more: the body never ends.
        res.write('ok');
        return;
      }
      let left = totalBytes;
      const pump = () => {
        while (left > 0 && !res.destroyed) {
          const part = chunk.subarray(0, Math.min(chunk.byteLength, left));
          left -= part.byteLength;
          seen.chunksWritten += 1;
          if (left === 0) res.end(part);
          else if (!res.write(part)) return void res.once('drain', pump);
        }
      };
      pump();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notion`, seen };
}

async function probe(url: string, timeoutMs = 5_000) {
  const parsed = parseConfig({
    timeoutMs,
    receivers: [{ name: 'hooks', url, verificationToken: { env: 'VERIFY' } }],
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return runProbe(parsed.config, {
    resolveTokens: createTokenResolver({ env: { VERIFY: TOKEN } }),
    request: createHttpRequest({ env: {} }),
  });
}

describe('a receiver answering 2xx with a body the monitor does not need', () => {
  it('9 MiB: decided on the status, the forged event is sent, the receiver is insecure', async () => {
    const { url, seen } = await bigAnswers(9 * 1024 * 1024);
    const report = await probe(url);
    const receiver = report.receivers[0];
    expect(receiver).toMatchObject({ category: 'receiver_insecure', reason: 'forged_accepted' });
    expect(receiver?.checks.map((c) => [c.check, c.category, c.httpStatus])).toEqual([
      ['verification_token', 'ok', undefined],
      ['signed_event', 'ok', 200],
      ['forged_event', 'receiver_insecure', 200],
    ]);
    expect(seen.requests).toBe(2);
    // The monitor stopped reading and closed the connection: neither 9 MiB body was written out.
    expect(seen.bodiesFinished).toBe(0);
    expect(seen.chunksWritten).toBeLessThan(2 * 144);
  });

  it('a body that never ends: decided on the status at the request timeout, not a timeout', async () => {
    const { url, seen } = await bigAnswers('trickle');
    const report = await probe(url, 300);
    expect(report.receivers[0]).toMatchObject({ category: 'receiver_insecure', reason: 'forged_accepted' });
    expect(report.receivers[0]?.checks.map((c) => c.httpStatus)).toEqual([undefined, 200, 200]);
    expect(seen.requests).toBe(2);
  });
});
