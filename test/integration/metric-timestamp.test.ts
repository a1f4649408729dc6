/**
 * Every datapoint of a run carries the run's start: a category alarm's period equals the
 * schedule interval, so a point stamped at the end of a long run could land in the next
 * period beside the next run's, leaving a period empty (ALARM, OK, ALARM for one failure).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, expect, it } from 'vitest';
import { createHandler } from '../../functions/handler/create-handler.js';
import {
  type AwsEndpoint,
  awsEndpointClientConfig,
  startAwsEndpoint,
} from '../../functions/simulator/aws-endpoint.js';
import { NotionSimulator } from '../../functions/simulator/notion-simulator.js';

const PAGE = '59833787-2cf9-4fdf-8782-e53db20768a5';
const GOOD = 'ntn_tsmGoodQ7vT2mXk9LpR4sW8zNc3FbY6dJh1';
const REVOKED = 'ntn_tsmRevkZ4nP8qW2xK7mT5vB9cR3gL6yD1fH';
const STARTED = Date.parse('2026-03-11T12:04:58.000Z');
/** Longer than the default 5-minute period. */
const RUN_TAKES_MS = 7 * 60_000;

let sim: NotionSimulator | undefined;
let aws: AwsEndpoint | undefined;
afterEach(async () => {
  await sim?.close();
  await aws?.close();
});

it('every published datum is stamped with the run start, however long the run took', async () => {
  sim = new NotionSimulator({ integrations: [{ token: GOOD, pages: [PAGE] }] });
  await sim.start();
  aws = await startAwsEndpoint();
  const url = aws.url;
  const config = {
    notionBaseUrl: sim.url,
    timeoutMs: 1000,
    integrations: [
      { name: 'good', token: { env: 'GOOD' }, targets: [{ kind: 'page', id: PAGE }] },
      { name: 'revoked', token: { env: 'REVOKED' } },
    ],
  };
  // The first reading is the run's start; every later one is after a long run.
  let readings = 0;
  const handler = createHandler({
    env: { NOTION_MONITOR_CONFIG: JSON.stringify(config), GOOD, REVOKED },
    secretsManager: () => new SecretsManagerClient(awsEndpointClientConfig(url)),
    cloudWatch: () => new CloudWatchClient(awsEndpointClientConfig(url)),
    now: () => (readings++ === 0 ? STARTED : STARTED + RUN_TAKES_MS),
    log: () => {},
  });
  const result = await handler({}, { getRemainingTimeInMillis: () => 900_000 });
  expect(result.summary).toMatchObject({ ok: 1, auth: 1 });
  const stamps = aws.datums.map((d) => d.timestamp?.toISOString());
  expect(aws.datums.map((d) => d.metricName)).toEqual(
    expect.arrayContaining(['Heartbeat', 'Failures', 'IntegrationFailures']),
  );
  expect(new Set(stamps)).toEqual(new Set([new Date(STARTED).toISOString()]));
});
