/**
 * Which change events are second reports of a probed change (skipped) and which are not
 * (probed): the rule of functions/handler/secret-change-run.ts, over real clients on loopback.
 * The secret's current version changes between invocations by pointing the Secrets Manager
 * client at another endpoint (the factory is called on every invocation).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandler } from '../../functions/handler/create-handler.js';
import { DUPLICATE_WINDOW_MS } from '../../functions/handler/secret-change-run.js';
import {
  type AwsEndpoint,
  awsEndpointClientConfig,
  startAwsEndpoint,
} from '../../functions/simulator/aws-endpoint.js';
import { NotionSimulator } from '../../functions/simulator/notion-simulator.js';
import {
  putSecretValue,
  ROTATION_SUCCEEDED,
  secretLabelUpdated,
  updateSecretVersionStage,
} from '../fixtures/secret-events.js';

const PAGE = '59833787-2cf9-4fdf-8782-e53db20768a5';
const TOKEN_A = 'ntn_ddpAaQ7vT2mXk9LpR4sW8zNc3FbY6dJh1';
const TOKEN_B = 'ntn_ddpBbZ4nP8qW2xK7mT5vB9cR3gL6yD1fH';
const REVOKED = 'ntn_ddpRvM3kR7pV1zQ9wT5nC8bJ2hF6gY4sL';
const ARN = 'arn:aws:secretsmanager:us-west-2:012345678901:secret:mySecret-a1b2c3';
const V1 = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';
const V2 = 'b2c3d4e5-6789-4abc-8def-EXAMPLE22222';
const T0 = Date.parse('2026-03-11T12:00:00.000Z');

let sim: NotionSimulator | undefined;
const endpoints: AwsEndpoint[] = [];
afterEach(async () => {
  await sim?.close();
  await Promise.all(endpoints.splice(0).map((e) => e.close()));
});

const secret = (versionId: string, a: string) => ({
  name: 'mySecret',
  arn: ARN,
  versionId,
  secretString: JSON.stringify({ a, b: TOKEN_B }),
});

/** A handler whose clock and current secret version the test sets. */
async function setUp() {
  sim = new NotionSimulator({
    integrations: [
      { token: TOKEN_A, pages: [PAGE] },
      { token: TOKEN_B, pages: [PAGE] },
    ],
  });
  await sim.start();
  const v1 = await startAwsEndpoint({ secrets: [secret(V1, TOKEN_A)] });
  const v2 = await startAwsEndpoint({ secrets: [secret(V2, REVOKED)] });
  endpoints.push(v1, v2);
  const state = { clock: T0, current: v1 };
  const config = {
    notionBaseUrl: sim.url,
    timeoutMs: 1000,
    integrations: [
      { name: 'a', token: { secretId: 'mySecret', jsonKey: 'a' } },
      { name: 'b', token: { secretId: 'mySecret', jsonKey: 'b' } },
    ],
  };
  const handler = createHandler({
    env: { NOTION_MONITOR_CONFIG: JSON.stringify(config) },
    secretsManager: () =>
      new SecretsManagerClient({ ...awsEndpointClientConfig(state.current.url), maxAttempts: 1 }),
    cloudWatch: () => new CloudWatchClient(awsEndpointClientConfig(v1.url)),
    now: () => state.clock,
    log: () => {},
  });
  /** Invokes at `T0 + atMs` with the given version current; resolves to the integrations probed. */
  const at = async (atMs: number, current: 'v1' | 'v2', event: unknown) => {
    state.clock = T0 + atMs;
    state.current = current === 'v1' ? v1 : v2;
    const result = await handler(event, { getRemainingTimeInMillis: () => 30_000 });
    return result.integrations.map((i) => i.name);
  };
  return { at };
}

const write = (version: string) => putSecretValue('mySecret', ARN, version);

describe('second reports of a secret change', () => {
  it('two integrations reading one secret (jsonKey a and b) are both probed on one PutSecretValue', async () => {
    const { at } = await setUp();
    expect(await at(0, 'v1', write(V1))).toEqual(['a', 'b']);
    expect(sim?.requests.filter((r) => r.path === '/v1/users/me')).toHaveLength(2);
  });

  it('the same event twice 60 s apart probes once; again after the window, it probes', async () => {
    const { at } = await setUp();
    expect(await at(0, 'v1', write(V1))).toEqual(['a', 'b']);
    expect(await at(60_000, 'v1', write(V1))).toEqual([]);
    // Secrets Manager's own report of the same write.
    expect(await at(90_000, 'v1', secretLabelUpdated(V1))).toEqual([]);
    expect(await at(DUPLICATE_WINDOW_MS + 1, 'v1', write(V1))).toEqual(['a', 'b']);
  });

  it('an event that names no version always probes', async () => {
    const { at } = await setUp();
    expect(await at(0, 'v1', ROTATION_SUCCEEDED)).toEqual(['a', 'b']);
    expect(await at(60_000, 'v1', ROTATION_SUCCEEDED)).toEqual(['a', 'b']);
  });

  it('a rollback after a probed write is probed, whichever report arrives first', async () => {
    const { at } = await setUp();
    expect(await at(0, 'v1', write(V1))).toEqual(['a', 'b']);
    expect(await at(20_000, 'v2', write(V2))).toEqual(['a', 'b']);
    // Rolled back to V1, 40 s after V1 was probed: Secrets Manager's report comes first ...
    expect(await at(40_000, 'v1', secretLabelUpdated(V1))).toEqual(['a', 'b']);
    // ... and the CloudTrail call is a stage move, never taken for a report of another event.
    expect(await at(45_000, 'v1', updateSecretVersionStage('mySecret', ARN, V1, V2))).toEqual(['a', 'b']);
    // Its own redelivery, and the label report after it, are second reports.
    expect(await at(50_000, 'v1', updateSecretVersionStage('mySecret', ARN, V1, V2))).toEqual([]);
    expect(await at(55_000, 'v1', secretLabelUpdated(V1))).toEqual([]);
  });

  it('a rollback reported first by CloudTrail is probed', async () => {
    const { at } = await setUp();
    expect(await at(0, 'v1', secretLabelUpdated(V1))).toEqual(['a', 'b']);
    expect(await at(20_000, 'v2', secretLabelUpdated(V2))).toEqual(['a', 'b']);
    expect(await at(40_000, 'v1', updateSecretVersionStage('mySecret', ARN, V1, V2))).toEqual(['a', 'b']);
  });
});
