/**
 * A Secrets Manager change event for a secret holding a receiver's verification token
 * probes that receiver (issue 13 meets issue 14): a rewritten token is tried against the
 * receiver at once, not at the next scheduled run. Other receivers and integrations are
 * left alone.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandler } from '../../functions/handler/create-handler.js';
import {
  type AwsEndpoint,
  awsEndpointClientConfig,
  startAwsEndpoint,
} from '../../functions/simulator/aws-endpoint.js';
import { NotionSimulator } from '../../functions/simulator/notion-simulator.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../functions/simulator/webhook-receiver.js';
import { putSecretValue } from '../fixtures/secret-events.js';

const HOOK_TOKEN = 'whkQ7vT2mXk9LpR4sW8zNc3FbY6dJh1aZ4nP8qW2x';
const OTHER_HOOK_TOKEN = 'whkB9cR3gL6yD1fHt5Kq2Vn8Zm4Xw7Jp0Ls3Gd6Fh';
const NOTION_TOKEN = 'ntn_rscK4vQ8pZ2wT7mX3nB9cL5yF1dH6gJ0sR';
const ARN = 'arn:aws:secretsmanager:us-west-2:012345678901:secret:hooks/notion-a1b2c3';
const VERSION = 'b2c3d4e5-6789-40ab-8def-EXAMPLE22222';

const closers: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c.close();
});

async function setUp(shared = false) {
  const hook = await startWebhookReceiver('verifies', HOOK_TOKEN);
  const other = await startWebhookReceiver('verifies', OTHER_HOOK_TOKEN);
  const sim = new NotionSimulator({ integrations: [{ token: NOTION_TOKEN }] });
  await sim.start();
  const aws: AwsEndpoint = await startAwsEndpoint({
    secrets: [
      {
        name: 'hooks/notion',
        arn: ARN,
        secretString: JSON.stringify({ VERIFICATION_TOKEN: HOOK_TOKEN, NOTION_TOKEN }),
        versionId: VERSION,
      },
      { name: 'hooks/other', secretString: JSON.stringify({ VERIFICATION_TOKEN: OTHER_HOOK_TOKEN }) },
      { name: 'prod/notion', secretString: NOTION_TOKEN },
    ],
  });
  closers.push(hook, other, sim, aws);
  const config = {
    notionBaseUrl: sim.url,
    timeoutMs: 1000,
    integrations: [
      {
        name: 'crm',
        token: shared ? { secretId: 'hooks/notion', jsonKey: 'NOTION_TOKEN' } : { secretId: 'prod/notion' },
      },
    ],
    receivers: [
      {
        name: 'hooks',
        url: hook.url,
        verificationToken: { secretId: 'hooks/notion', jsonKey: 'VERIFICATION_TOKEN' },
      },
      {
        name: 'other-hooks',
        url: other.url,
        verificationToken: { secretId: 'hooks/other', jsonKey: 'VERIFICATION_TOKEN' },
      },
    ],
  };
  const handler = createHandler({
    env: { NOTION_MONITOR_CONFIG: JSON.stringify(config) },
    secretsManager: () => new SecretsManagerClient({ ...awsEndpointClientConfig(aws.url), maxAttempts: 1 }),
    cloudWatch: () => new CloudWatchClient(awsEndpointClientConfig(aws.url)),
    log: () => {},
  });
  const invoke = (event: unknown) => handler(event, { getRemainingTimeInMillis: () => 30_000 });
  return { invoke, hook, other, sim, aws };
}

const requests = (r: WebhookReceiver) => r.requests.length;

describe('a secret change for a verification token', () => {
  it('probes the receivers whose token the secret holds, and nothing else; a superseded version probes nothing', async () => {
    const { invoke, hook, other, sim, aws } = await setUp();
    const result = await invoke(putSecretValue('hooks/notion', ARN, VERSION));
    expect(result.integrations).toEqual([]);
    expect(result.receivers.map((r) => [r.name, r.category])).toEqual([['hooks', 'ok']]);
    expect([requests(hook), requests(other), sim.requests.length]).toEqual([2, 0, 0]);
    expect(aws.callsOf('PutMetricData')).toHaveLength(1);

    const stale = await invoke(putSecretValue('hooks/notion', ARN, '33333333-3333-4333-8333-333333333333'));
    expect(stale.receivers).toEqual([]);
    expect(requests(hook)).toBe(2);
    expect(aws.callsOf('PutMetricData')).toHaveLength(1);
  });

  it('an integration and a receiver reading the same secret are both probed by one event, and not again by its duplicate', async () => {
    const { invoke, hook, sim } = await setUp(true);
    const result = await invoke(putSecretValue('hooks/notion', ARN, VERSION));
    expect(result.integrations.map((i) => [i.name, i.category])).toEqual([['crm', 'ok']]);
    expect(result.receivers.map((r) => [r.name, r.category])).toEqual([['hooks', 'ok']]);
    expect([requests(hook), sim.requests.length]).toEqual([2, 1]);
    const again = await invoke(putSecretValue('hooks/notion', ARN, VERSION));
    expect([again.integrations, again.receivers]).toEqual([[], []]);
    expect([requests(hook), sim.requests.length]).toEqual([2, 1]);
  });
});
