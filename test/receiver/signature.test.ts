import { createHmac } from 'node:crypto';
import { signWebhookPayload, verifyWebhookSignature } from '@notionhq/client';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../functions/config/schema.js';
import { createHttpRequest } from '../../functions/engine/http-request.js';
import { runProbe } from '../../functions/engine/probe.js';
import { PROBE_MARKER, UNKNOWN_ID } from '../../functions/receiver/payload.js';
import { signWebhookBody } from '../../functions/receiver/sign.js';
import { type NotionSimulator, startNotionSimulator } from '../../functions/simulator/notion-simulator.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../functions/simulator/webhook-receiver.js';
import { createTokenResolver } from '../../functions/tokens/env-tokens.js';
import { leaksOf } from '../support/leak-oracle.js';

const TOKEN = 'secret_Vq7ZkR2mXw9LpT4bNc8HdJ3fYs6GaQ1eUo5iKx0rWz';
const NOTION_TOKEN = 'ntn_Rw8Yq3ZtLk6VmPx2Hs9DfJ4bNc7GaE1uKo5iTx0Qe';
const started: (WebhookReceiver | NotionSimulator)[] = [];
afterEach(async () => {
  for (const r of started.splice(0)) await r.close();
});

describe('signing', () => {
  it.each([
    ['{}'],
    ['{"type":"page.properties_updated","data":{"notion_monitor_probe":true}}'],
    ['{"workspace_name":"Équipe 東京 🚀"}'],
  ])('signWebhookBody equals the SDK signWebhookPayload for %s', async (body) => {
    const ours = signWebhookBody(body, TOKEN);
    expect(ours).toBe(await signWebhookPayload({ body, verificationToken: TOKEN }));
    expect(await verifyWebhookSignature({ body, signature: ours, verificationToken: TOKEN })).toBe(true);
    expect(await verifyWebhookSignature({ body, signature: ours, verificationToken: `${TOKEN}x` })).toBe(
      false,
    );
  });
});

describe('the receiver probe on the wire', () => {
  it('sends the signed bytes it signed, with Notion headers, no Authorization and no Notion token', async () => {
    const receiver = await startWebhookReceiver('verifies', TOKEN);
    // An integration reading its Notion token in the same run, so the token is live beside the receiver's.
    const notion = await startNotionSimulator({ integrations: [{ token: NOTION_TOKEN }] });
    started.push(receiver, notion);
    const parsed = parseConfig({
      notionBaseUrl: notion.url,
      integrations: [{ name: 'app', token: { env: 'NOTION' } }],
      receivers: [
        {
          name: 'hooks',
          url: receiver.url,
          verificationToken: { env: 'VERIFY' },
          entityId: '59833787-2cf9-4fdf-8782-e53db20768a5',
        },
      ],
    });
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    const report = await runProbe(parsed.config, {
      resolveTokens: createTokenResolver({ env: { VERIFY: TOKEN, NOTION: NOTION_TOKEN } }),
      request: createHttpRequest({ env: {} }),
    });
    expect(report.receivers).toHaveLength(1);
    expect(report.receivers[0]).toMatchObject({ name: 'hooks', category: 'ok' });
    expect(report.receivers[0]?.checks.map((c) => [c.check, c.category, c.answeredBy])).toEqual([
      ['verification_token', 'ok', 'nobody'],
      ['signed_event', 'ok', 'receiver'],
      ['forged_event', 'ok', 'receiver'],
    ]);
    // The Notion token was resolved and used in this run.
    expect(report.integrations.map((i) => [i.name, i.category])).toEqual([['app', 'ok']]);
    expect(report.summary.ok).toBe(2);

    const [signed, forged] = receiver.requests;
    if (signed === undefined || forged === undefined) throw new Error('two requests expected');
    expect(receiver.requests).toHaveLength(2);
    // Recomputed independently of the probe: the header is the HMAC of exactly the bytes received.
    const hmac = createHmac('sha256', TOKEN).update(signed.body).digest('hex');
    expect(signed.headers['x-notion-signature']).toBe(`sha256=${hmac}`);
    expect(signed.method).toBe('POST');
    expect(signed.headers['content-type']).toBe('application/json');
    expect(signed.headers['content-length']).toBe(String(signed.body.byteLength));
    expect(signed.headers.authorization).toBeUndefined();
    // The forged event: the same bytes, another key's signature.
    expect(forged.body.equals(signed.body)).toBe(true);
    expect(forged.headers['x-notion-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(forged.headers['x-notion-signature']).not.toBe(signed.headers['x-notion-signature']);

    const event = JSON.parse(signed.body.toString('utf8')) as Record<string, unknown>;
    expect(Object.keys(event).sort()).toEqual(
      [
        'api_version',
        'attempt_number',
        'authors',
        'data',
        'entity',
        'id',
        'integration_id',
        'subscription_id',
        'timestamp',
        'type',
        'workspace_id',
        'workspace_name',
      ].sort(),
    );
    expect(event).toMatchObject({
      type: 'page.properties_updated',
      attempt_number: 1,
      workspace_id: UNKNOWN_ID,
      // One synthetic bot author: a receiver reading authors[0].id must not crash on the probe.
      authors: [{ id: UNKNOWN_ID, type: 'bot' }],
      entity: { id: '59833787-2cf9-4fdf-8782-e53db20768a5', type: 'page' },
      data: { [PROBE_MARKER]: true, updated_properties: [] },
    });
    const wire = Buffer.concat(
      receiver.requests.map((r) => Buffer.concat([Buffer.from(JSON.stringify(r.headers)), r.body])),
    );
    // Every byte the receiver received (headers and bodies), as text: no window of either token, in any encoding.
    expect(leaksOf([NOTION_TOKEN, TOKEN], wire.toString('latin1'))).toEqual([]);
    expect(leaksOf([NOTION_TOKEN, TOKEN], wire.toString('utf8'))).toEqual([]);
  });

  it('sends a fresh event id each run', async () => {
    const receiver = await startWebhookReceiver('verifies', TOKEN);
    started.push(receiver);
    const parsed = parseConfig({
      receivers: [{ name: 'hooks', url: receiver.url, verificationToken: { env: 'VERIFY' } }],
    });
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    const deps = {
      resolveTokens: createTokenResolver({ env: { VERIFY: TOKEN } }),
      request: createHttpRequest({ env: {} }),
    };
    await runProbe(parsed.config, deps);
    await runProbe(parsed.config, deps);
    const ids = receiver.requests.map((r) => (JSON.parse(r.body.toString('utf8')) as { id: string }).id);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(2);
  });
});
