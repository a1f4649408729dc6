import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/config/schema.js';
import { createHttpRequest } from '../../functions/engine/http-request.js';
import { runProbe } from '../../functions/engine/probe.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../functions/simulator/webhook-receiver.js';
import { createTokenResolver } from '../../functions/tokens/env-tokens.js';

const TOKEN = 'vtok_Wm5QzR8xKp3LtB7nHc2DjF9gYs4VaE6uNo1iRx0k';
const started: WebhookReceiver[] = [];
afterEach(async () => {
  for (const r of started.splice(0)) await r.close();
});

async function probeThrough(env: Record<string, string>) {
  const receiver = await startWebhookReceiver('verifies', TOKEN);
  started.push(receiver);
  const parsed = parseConfig({
    receivers: [{ name: 'hooks', url: receiver.url, verificationToken: { env: 'VERIFY' } }],
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const report = await runProbe(parsed.config, {
    resolveTokens: createTokenResolver({ env: { VERIFY: TOKEN } }),
    request: createHttpRequest({ env }),
  });
  return { receiver, result: report.receivers[0] };
}

describe('an http:// loopback receiver with HTTP_PROXY set', () => {
  it('is refused before sending, in words about the receiver URL (not notionBaseUrl or a token)', async () => {
    const { receiver, result } = await probeThrough({ HTTP_PROXY: 'http://127.0.0.1:9' });
    expect(result).toMatchObject({ category: 'config', reason: 'receiver_request_not_sent' });
    const message = result?.checks.find((c) => c.check === 'signed_event')?.message ?? '';
    expect(message).toContain(receiver.url);
    expect(message).toContain('HTTP_PROXY');
    expect(message).toContain('NO_PROXY');
    expect(message).not.toContain('notionBaseUrl');
    expect(message).not.toMatch(/token/i);
    expect(receiver.requests).toHaveLength(0);
  });

  it('is reached directly when NO_PROXY lists it', async () => {
    const { receiver, result } = await probeThrough({
      HTTP_PROXY: 'http://127.0.0.1:9',
      NO_PROXY: '127.0.0.1',
    });
    expect(result).toMatchObject({ category: 'ok' });
    expect(receiver.requests).toHaveLength(2);
  });
});
