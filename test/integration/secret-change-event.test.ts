import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandler } from '../../functions/handler/create-handler.js';
import { secretChangeOf } from '../../functions/handler/secret-event.js';
import {
  type AwsEndpoint,
  awsEndpointClientConfig,
  startAwsEndpoint,
} from '../../functions/simulator/aws-endpoint.js';
import { NotionSimulator } from '../../functions/simulator/notion-simulator.js';
import {
  PUT_SECRET_VALUE,
  putSecretValue,
  ROTATION_SUCCEEDED,
  SECRET_LABEL_UPDATED,
} from '../fixtures/secret-events.js';

const PAGE = '59833787-2cf9-4fdf-8782-e53db20768a5';
const TOKEN_A = 'ntn_evtAaQ7vT2mXk9LpR4sW8zNc3FbY6dJh1';
const TOKEN_B = 'ntn_evtBbZ4nP8qW2xK7mT5vB9cR3gL6yD1fH';
// The secret of AWS's documented examples, with its version id.
const ARN = 'arn:aws:secretsmanager:us-west-2:012345678901:secret:mySecret-a1b2c3';
const VERSION = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';

let sim: NotionSimulator | undefined;
let aws: AwsEndpoint | undefined;
afterEach(async () => {
  await sim?.close();
  await aws?.close();
});

async function setUp() {
  sim = new NotionSimulator({
    integrations: [
      { token: TOKEN_A, pages: [PAGE] },
      { token: TOKEN_B, pages: [PAGE] },
    ],
  });
  await sim.start();
  aws = await startAwsEndpoint({
    secrets: [
      { name: 'mySecret', arn: ARN, secretString: TOKEN_A, versionId: VERSION },
      { name: 'other', secretString: TOKEN_B },
    ],
  });
  const url = aws.url;
  const config = {
    notionBaseUrl: sim.url,
    timeoutMs: 1000,
    integrations: [
      { name: 'by-name', token: { secretId: 'mySecret' }, targets: [{ kind: 'page', id: PAGE }] },
      { name: 'by-arn', token: { secretId: ARN } },
      { name: 'by-partial-arn', token: { secretId: ARN.slice(0, -7) } },
      { name: 'other', token: { secretId: 'other' }, targets: [{ kind: 'page', id: PAGE }] },
    ],
  };
  const logs: Record<string, unknown>[] = [];
  const handler = createHandler({
    env: { NOTION_MONITOR_CONFIG: JSON.stringify(config) },
    secretsManager: () => new SecretsManagerClient({ ...awsEndpointClientConfig(url), maxAttempts: 1 }),
    cloudWatch: () => new CloudWatchClient(awsEndpointClientConfig(url)),
    log: (entry) => logs.push(entry),
  });
  const invoke = (event: unknown) => handler(event, { getRemainingTimeInMillis: () => 30_000 });
  return { invoke, logs };
}

const counts = () => ({
  BatchGetSecretValue: aws?.callsOf('BatchGetSecretValue').length,
  PutMetricData: aws?.callsOf('PutMetricData').length,
  notion: sim?.requests.length,
});

describe('the handler on a Secrets Manager change event', () => {
  it('reads the three documented shapes', () => {
    expect(secretChangeOf(PUT_SECRET_VALUE)).toEqual({
      eventName: 'PutSecretValue',
      ids: ['mySecret'],
      arns: [ARN],
      versionId: VERSION,
    });
    expect(secretChangeOf(SECRET_LABEL_UPDATED)).toEqual({
      eventName: 'Secret Label Updated',
      ids: ['mySecret'],
      arns: [ARN],
      versionId: VERSION,
    });
    expect(secretChangeOf(ROTATION_SUCCEEDED)).toEqual({
      eventName: 'RotationSucceeded',
      ids: [ARN],
      arns: [ARN],
    });
    // Not a change of AWSCURRENT, or not Secrets Manager's: an ordinary invocation.
    expect(
      secretChangeOf({
        ...SECRET_LABEL_UPDATED,
        detail: { ...SECRET_LABEL_UPDATED.detail, labelUpdated: 'AWSPENDING' },
      }),
    ).toBeUndefined();
    expect(secretChangeOf({ ...PUT_SECRET_VALUE, source: 'aws.s3' })).toBeUndefined();
    // A refused call (AccessDenied on PutSecretValue) changed nothing: a change of no secret.
    const { responseElements: _, ...refused } = PUT_SECRET_VALUE.detail;
    expect(
      secretChangeOf({ ...PUT_SECRET_VALUE, detail: { ...refused, errorCode: 'AccessDenied' } }),
    ).toEqual({ eventName: 'PutSecretValue', ids: [], arns: [] });
    expect(secretChangeOf({ source: 'notion-monitor-schedule' })).toBeUndefined();
  });

  it('PutSecretValue (AWS CloudTrail shape) probes only the integrations reading that secret, by name, ARN or partial ARN, and publishes', async () => {
    const { invoke } = await setUp();
    const result = await invoke(PUT_SECRET_VALUE);
    expect(result.integrations.map((i) => [i.name, i.category])).toEqual([
      ['by-name', 'ok'],
      ['by-arn', 'ok'],
      ['by-partial-arn', 'ok'],
    ]);
    expect(counts()).toEqual({ BatchGetSecretValue: 1, PutMetricData: 1, notion: 4 });
    const asked = aws?.callsOf('BatchGetSecretValue')[0]?.input as { SecretIdList: string[] };
    expect(asked.SecretIdList).not.toContain('other');
  });

  it('a burst of writes probes Notion once: stale events read the secret and stop; the duplicate event of a probed version stops too', async () => {
    const { invoke, logs } = await setUp();
    const stale = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
    for (const version of stale) {
      const result = await invoke(putSecretValue('mySecret', ARN, version));
      expect(result.integrations).toEqual([]);
    }
    expect(counts()).toEqual({ BatchGetSecretValue: 2, PutMetricData: 0, notion: 0 });
    await invoke(putSecretValue('mySecret', ARN, VERSION));
    expect(counts()).toEqual({ BatchGetSecretValue: 3, PutMetricData: 1, notion: 4 });
    // Secrets Manager's own event for the same write, after CloudTrail's.
    const again = await invoke(SECRET_LABEL_UPDATED);
    expect(again.integrations).toEqual([]);
    expect(counts()).toEqual({ BatchGetSecretValue: 4, PutMetricData: 1, notion: 4 });
    expect(logs.filter((l) => l.message === 'secret change: nothing to probe').map((l) => l.skipped)).toEqual(
      [
        [0, 1, 2].map((i) => ({
          integration: ['by-name', 'by-arn', 'by-partial-arn'][i],
          why: 'superseded',
        })),
        [0, 1, 2].map((i) => ({
          integration: ['by-name', 'by-arn', 'by-partial-arn'][i],
          why: 'superseded',
        })),
        [0, 1, 2].map((i) => ({
          integration: ['by-name', 'by-arn', 'by-partial-arn'][i],
          why: 'already_probed',
        })),
      ],
    );
  });

  it('a rotation event (no version named) probes; an event for a secret no integration reads probes and publishes nothing', async () => {
    const { invoke } = await setUp();
    const rotated = await invoke(ROTATION_SUCCEEDED);
    expect(rotated.integrations.map((i) => i.name)).toEqual(['by-name', 'by-arn', 'by-partial-arn']);
    const before = counts();
    const unrelated = await invoke(
      putSecretValue(
        'prod/unrelated',
        'arn:aws:secretsmanager:us-west-2:012345678901:secret:prod/unrelated-Zz9Yy8',
        VERSION,
      ),
    );
    expect(unrelated).toMatchObject({ integrations: [], metrics: { ok: true, skipped: true } });
    expect(counts()).toEqual(before);
  });

  it('a refused write (CloudTrail errorCode) to a monitored secret reads nothing and probes nothing', async () => {
    const { invoke } = await setUp();
    const before = counts();
    const { responseElements: _, ...refused } = PUT_SECRET_VALUE.detail;
    const result = await invoke({ ...PUT_SECRET_VALUE, detail: { ...refused, errorCode: 'AccessDenied' } });
    expect(result).toMatchObject({ integrations: [], metrics: { ok: true, skipped: true } });
    expect(counts()).toEqual(before);
  });
});
