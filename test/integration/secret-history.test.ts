import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandler, type HandlerResult } from '../../functions/handler/create-handler.js';
import {
  type AwsEndpoint,
  type AwsFaultRule,
  awsEndpointClientConfig,
  type SimulatedSecret,
  startAwsEndpoint,
} from '../../functions/simulator/aws-endpoint.js';
import { NotionSimulator, type SimulatedIntegration } from '../../functions/simulator/notion-simulator.js';
import { leaksOf } from '../support/leak-oracle.js';

const PAGE = '59833787-2cf9-4fdf-8782-e53db20768a5';
// Random-looking: the redactor masks any 8 characters of a token of the run.
const GOOD = 'ntn_hstGoodQ7vT2mXk9LpR4sW8zNc3FbY6dJh1';
const REVOKED = 'ntn_hstRevkZ4nP8qW2xK7mT5vB9cR3gL6yD1fH';
const OLD_REVOKED = 'ntn_hstOldxM3kR7pV1zQ9wT5nC8bJ2hF6gY4sL';
const DEV = 'ntn_hstDevjP5wK2qZ8mX4tR7vN1cB9gH3fL6yD';
const NOW = Date.parse('2026-03-11T12:00:00.000Z');

let sim: NotionSimulator | undefined;
let aws: AwsEndpoint | undefined;
afterEach(async () => {
  await sim?.close();
  await aws?.close();
});

async function run(options: {
  secrets: SimulatedSecret[];
  integrations: unknown[];
  notion?: SimulatedIntegration[];
  awsFaults?: AwsFaultRule[];
}): Promise<{ result: HandlerResult; logs: unknown[] }> {
  sim = new NotionSimulator({
    integrations: options.notion ?? [
      { token: GOOD, pages: [PAGE] },
      { token: DEV, pages: [PAGE], workspaceName: 'Acme Dev' },
    ],
  });
  await sim.start();
  aws = await startAwsEndpoint({ secrets: options.secrets, faults: options.awsFaults });
  const config = { notionBaseUrl: sim.url, timeoutMs: 1000, integrations: options.integrations };
  const url = aws.url;
  const logs: unknown[] = [];
  const handler = createHandler({
    env: { NOTION_MONITOR_CONFIG: JSON.stringify(config) },
    secretsManager: () => new SecretsManagerClient({ ...awsEndpointClientConfig(url), maxAttempts: 1 }),
    cloudWatch: () => new CloudWatchClient(awsEndpointClientConfig(url)),
    now: () => NOW,
    log: (entry) => logs.push(entry),
  });
  const result = await handler({}, { getRemainingTimeInMillis: () => 30_000 });
  return { result, logs };
}

const calls = () => ({
  BatchGetSecretValue: aws?.callsOf('BatchGetSecretValue').length,
  GetSecretValue: aws?.callsOf('GetSecretValue').length,
  usersMe: sim?.requests.filter((r) => r.path === '/v1/users/me').length,
});

const integration = (name: string, secretId: string, extra: Record<string, unknown> = {}) => ({
  name,
  token: { secretId },
  targets: [{ kind: 'page', id: PAGE }],
  ...extra,
});

describe('comparing a failing secret with its previous version', () => {
  it('a healthy run reads no previous version and sends no extra users/me', async () => {
    const { result } = await run({
      secrets: [{ name: 'prod/a', secretString: GOOD, previous: { secretString: REVOKED } }],
      integrations: [integration('a', 'prod/a'), integration('b', 'prod/a')],
    });
    expect(result.summary.ok).toBe(2);
    expect(calls()).toEqual({ BatchGetSecretValue: 1, GetSecretValue: 0, usersMe: 2 });
    expect(result.integrations[0]?.secret).toEqual({
      versionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      createdAt: '2024-01-01T00:00:00.000Z',
    });
    expect(result.integrations[0]?.previousVersion).toBeUndefined();
  });

  it('a good value overwritten by a revoked one: secret_overwritten, config, one read and one users/me for two integrations of the secret', async () => {
    const { result, logs } = await run({
      secrets: [
        {
          name: 'prod/a',
          secretString: REVOKED,
          createdDate: new Date('2026-03-10T08:00:00Z'),
          previous: { secretString: GOOD, createdDate: new Date('2026-01-02T00:00:00Z') },
        },
      ],
      integrations: [integration('a', 'prod/a'), integration('b', 'prod/a')],
    });
    expect(calls()).toEqual({ BatchGetSecretValue: 1, GetSecretValue: 1, usersMe: 3 });
    const a = result.integrations[0];
    expect(a).toMatchObject({ category: 'config', reason: 'secret_overwritten' });
    expect(a?.previousVersion).toEqual({
      versionId: expect.any(String),
      createdAt: '2026-01-02T00:00:00.000Z',
      fingerprint: 'ntn_…dJh1',
      category: 'ok',
    });
    const check = a?.checks[0];
    expect(check).toMatchObject({
      check: 'previous_version',
      category: 'config',
      reason: 'secret_overwritten',
    });
    expect(check?.message).toContain(
      'written 2026-03-10T08:00:00.000Z (1 day ago), is refused by Notion (401)',
    );
    expect(check?.message).toContain(
      `aws secretsmanager update-secret-version-stage --secret-id prod/a --version-stage AWSCURRENT --move-to-version-id ${a?.previousVersion?.versionId} --remove-from-version-id ${a?.secret?.versionId}`,
    );
    // The auth check still says what Notion answered; the comparison decides.
    expect(a?.checks.find((c) => c.check === 'auth')).toMatchObject({ category: 'auth' });
    const text = JSON.stringify({ result, logs, calls: aws?.calls });
    expect(leaksOf([GOOD, REVOKED], text)).toEqual([]);
  });

  it('both values refused by Notion: token_revoked, auth', async () => {
    const { result } = await run({
      secrets: [{ name: 'prod/a', secretString: REVOKED, previous: { secretString: OLD_REVOKED } }],
      integrations: [integration('a', 'prod/a')],
    });
    expect(calls()).toEqual({ BatchGetSecretValue: 1, GetSecretValue: 1, usersMe: 2 });
    expect(result.integrations[0]).toMatchObject({
      category: 'auth',
      reason: 'token_revoked',
      previousVersion: { category: 'auth' },
      checks: [
        { check: 'previous_version', category: 'auth', reason: 'token_revoked', origin: 'notion' },
        {},
        {},
        {},
      ],
    });
  });

  it('a dev token written into a prod secret: secret_overwritten in the workspace words', async () => {
    const { result } = await run({
      secrets: [{ name: 'prod/a', secretString: DEV, previous: { secretString: GOOD } }],
      integrations: [integration('a', 'prod/a', { expect: { workspaceName: 'Acme' } })],
    });
    expect(calls()).toEqual({ BatchGetSecretValue: 1, GetSecretValue: 1, usersMe: 2 });
    const a = result.integrations[0];
    expect(a).toMatchObject({ category: 'config', reason: 'secret_overwritten' });
    expect(a?.checks[0]?.message).toContain('belongs to another workspace ("Acme Dev")');
  });

  it('a secret with one version: no_previous_version, the diagnosis stands', async () => {
    const { result } = await run({
      secrets: [{ name: 'prod/a', secretString: REVOKED }],
      integrations: [integration('a', 'prod/a')],
    });
    expect(calls()).toEqual({ BatchGetSecretValue: 1, GetSecretValue: 1, usersMe: 1 });
    const a = result.integrations[0];
    expect(a).toMatchObject({ category: 'auth' });
    expect(a?.reason).toBe('notion_unauthorized');
    expect(a?.checks.at(-1)).toMatchObject({
      check: 'previous_version',
      category: 'auth',
      reason: 'no_previous_version',
    });
  });

  it('the previous version unreadable: the diagnosis stands, with a note', async () => {
    const { result } = await run({
      secrets: [{ name: 'prod/a', secretString: `${GOOD}\n`, previous: { secretString: GOOD } }],
      integrations: [integration('a', 'prod/a')],
      awsFaults: [{ operation: 'GetSecretValue', fault: { kind: 'internal' } }],
    });
    expect(calls()).toEqual({ BatchGetSecretValue: 1, GetSecretValue: 1, usersMe: 0 });
    const a = result.integrations[0];
    expect(a).toMatchObject({ category: 'config' });
    expect(a?.checks[0]).toMatchObject({ check: 'token_format', category: 'config' });
    expect(a?.checks.at(-1)).toMatchObject({
      check: 'previous_version',
      category: 'config',
      message: expect.stringContaining(
        'could not be read (InternalServiceError, HTTP 500). The diagnosis above stands',
      ),
    });
    // The note carries the deciding check's reason: the diagnosis stands.
    expect(a?.checks.at(-1)?.reason).toBe(a?.checks[0]?.reason);
  });
});
