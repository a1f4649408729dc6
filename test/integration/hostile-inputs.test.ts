/**
 * Hostile and mistaken inputs through the real path: the handler from createHandler, the
 * real AWS SDK clients and @notionhq/client over loopback HTTP, against the fake AWS endpoint,
 * the Notion simulator and, for Secrets Manager answers no real service would send, a
 * loopback server answering BatchGetSecretValue with exactly the JSON each test gives.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_SECONDS } from '../../functions/engine/retry-after.js';
import { createHandler } from '../../functions/handler/create-handler.js';
import {
  type AwsEndpoint,
  awsEndpointClientConfig,
  type SimulatedSecret,
  startAwsEndpoint,
} from '../../functions/simulator/aws-endpoint.js';
import { type FaultRule, NotionSimulator } from '../../functions/simulator/notion-simulator.js';

const PAGE = '59833787-2cf9-4fdf-8782-e53db20768a5';
const GOOD = 'ntn_hostileGoodszqqZP3YhhEZHZLZiuEY8k9QqQE71';
const AS_KEY = 'ntn_storedAsAKey7Hq2Lp9Xz4Vb8Nm3Kc6Jd1Fg5Sa0';
const PREFIXLESS = 'Xk9fQ2pLm7RtZ4vB8nW3yH6cJ1dG5sA0qE7uI2oP';

/** No 8 consecutive characters of `token` appear in `text` (the leak rule). */
function expectNoPieceOf(text: string, token: string): void {
  for (let i = 0; i + 8 <= token.length; i++) expect(text).not.toContain(token.slice(i, i + 8));
}

interface HostileSecretsManager {
  readonly url: string;
  /** The SecretIdList of every call, in order. */
  readonly calls: string[][];
  close(): Promise<void>;
}

/** Answers each BatchGetSecretValue call with `answer(ids)`: a status and a raw JSON body. */
async function hostileSecretsManager(
  answer: (ids: string[]) => { status?: number; body: unknown },
): Promise<HostileSecretsManager> {
  const calls: string[][] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const ids = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { SecretIdList: string[] })
        .SecretIdList;
      calls.push(ids);
      const { status = 200, body } = answer(ids);
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const entry = (name: string, fields: Record<string, unknown> = {}) => ({
  ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-AbCdEf`,
  Name: name,
  SecretString: GOOD,
  CreatedDate: 1_700_000_000,
  ...fields,
});

let sim: NotionSimulator | undefined;
let aws: AwsEndpoint | undefined;
let hostile: HostileSecretsManager | undefined;
afterEach(async () => {
  await sim?.close();
  await aws?.close();
  await hostile?.close();
  sim = undefined;
  aws = undefined;
  hostile = undefined;
});

async function setUp(options: { secrets?: SimulatedSecret[]; faults?: FaultRule[] } = {}) {
  sim = new NotionSimulator({ integrations: [{ token: GOOD, pages: [PAGE] }], faults: options.faults ?? [] });
  await sim.start();
  aws = await startAwsEndpoint({ secrets: options.secrets ?? [{ name: 'prod/good', secretString: GOOD }] });
}

const integration = (name: string, token: Record<string, string>) => ({
  name,
  token,
  targets: [{ kind: 'page', id: PAGE }],
});

function monitorConfig(integrations: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ notionBaseUrl: sim?.url, timeoutMs: 1000, integrations, ...extra });
}

/** The handler with Secrets Manager at the fake AWS endpoint, or at the hostile server when there is one. */
function handlerWith(env: Record<string, string>) {
  const logs: Record<string, unknown>[] = [];
  const cloudWatch = awsEndpointClientConfig(aws?.url ?? '');
  const secrets = awsEndpointClientConfig(hostile?.url ?? aws?.url ?? '');
  const handler = createHandler({
    env,
    secretsManager: () => new SecretsManagerClient({ ...secrets, maxAttempts: 1 }),
    cloudWatch: () => new CloudWatchClient(cloudWatch),
    log: (e) => logs.push(e),
  });
  return { handler, logs };
}

const context = () => ({ getRemainingTimeInMillis: () => 60_000, awsRequestId: 'req-hostile' });

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('a token stored as a JSON key of a secret (issue 10, item 1)', () => {
  it('is counted, never printed: not in the return value, the logs, or what AWS received', async () => {
    await setUp({
      secrets: [
        { name: 'prod/good', secretString: GOOD },
        { name: 'prod/as-key', secretString: JSON.stringify({ [AS_KEY]: '' }) },
        {
          name: 'prod/key-box',
          secretString: JSON.stringify({ [`NOTION_TOKEN=${AS_KEY}`]: 'x', token: 'y' }),
        },
        { name: 'prod/prefixless', secretString: JSON.stringify({ [PREFIXLESS]: '' }) },
      ],
    });
    const { handler, logs } = handlerWith({
      NOTION_MONITOR_CONFIG: monitorConfig([
        integration('good', { secretId: 'prod/good' }),
        integration('as-key', { secretId: 'prod/as-key', jsonKey: 'NOTION_TOKEN' }),
        integration('key-box', { secretId: 'prod/key-box', jsonKey: 'NOTION_TOKEN' }),
        integration('prefixless', { secretId: 'prod/prefixless', jsonKey: 'NOTION_TOKEN' }),
      ]),
    });
    const result = await handler({}, context());
    const said = Object.fromEntries(
      result.integrations.map((i) => [i.name, [i.category, i.checks[0]?.message]]),
    );
    expect(said).toEqual({
      good: ['ok', 'Token format looks right.'],
      'as-key': ['config', expect.stringContaining('(it has 1 key not shown (it may hold a credential))')],
      'key-box': [
        'config',
        expect.stringContaining('(it has "token" and 1 key not shown (it may hold a credential))'),
      ],
      prefixless: ['config', expect.stringContaining('(it has 1 key not shown (it may hold a credential))')],
    });
    const everything = JSON.stringify({ result, logs, calls: aws?.calls, datums: aws?.datums });
    for (const token of [AS_KEY, PREFIXLESS, GOOD]) expectNoPieceOf(everything, token);
  });

  it('jsonKey "constructor" or "toString" is a key like any other: the secret has it or not', async () => {
    await setUp({ secrets: [{ name: 'prod/app', secretString: JSON.stringify({ NOTION_TOKEN: GOOD }) }] });
    const { handler } = handlerWith({
      NOTION_MONITOR_CONFIG: monitorConfig([
        integration('ctor', { secretId: 'prod/app', jsonKey: 'constructor' }),
        integration('to-string', { secretId: 'prod/app', jsonKey: 'toString' }),
      ]),
    });
    const result = await handler({ publishMetrics: false }, context());
    expect(result.integrations.map((i) => [i.category, i.checks[0]?.message])).toEqual([
      ['config', expect.stringContaining('has no key "constructor" (it has "NOTION_TOKEN")')],
      ['config', expect.stringContaining('has no key "toString" (it has "NOTION_TOKEN")')],
    ]);
  });
});

describe("Secrets Manager's text (item 3)", () => {
  it('an Errors[] entry echoing the secret: only documented codes and the name are printed', async () => {
    await setUp();
    hostile = await hostileSecretsManager((ids) => ({
      body: {
        SecretValues: ids.filter((id) => id === 'prod/good').map((id) => entry(id)),
        Errors: [
          { SecretId: 'prod/echo', ErrorCode: AS_KEY, Message: `value ${AS_KEY}` },
          { SecretId: 'prod/gone', ErrorCode: 'ResourceNotFoundException', Message: `no ${AS_KEY}` },
        ],
      },
    }));
    const { handler, logs } = handlerWith({
      NOTION_MONITOR_CONFIG: monitorConfig([
        integration('good', { secretId: 'prod/good' }),
        integration('echo', { secretId: 'prod/echo' }),
        integration('gone', { secretId: 'prod/gone' }),
      ]),
    });
    const result = await handler({}, context());
    expect(result.integrations.map((i) => [i.name, i.category, i.checks[0]?.message])).toEqual([
      ['good', 'ok', 'Token format looks right.'],
      [
        'echo',
        'secret_unavailable',
        expect.stringContaining('Secret prod/echo could not be read: an unrecognised error.'),
      ],
      [
        'gone',
        'config',
        expect.stringContaining('Secret prod/gone could not be read: ResourceNotFoundException'),
      ],
    ]);
    expectNoPieceOf(JSON.stringify({ result, logs }), AS_KEY);
  });

  it('a failed call whose __type and message echo the secret: "an unrecognised error" and the status', async () => {
    await setUp();
    hostile = await hostileSecretsManager(() => ({
      status: 400,
      body: { __type: `com.amazon#${AS_KEY}`, message: AS_KEY, code: AS_KEY },
    }));
    const { handler, logs } = handlerWith({
      NOTION_MONITOR_CONFIG: monitorConfig([integration('echo', { secretId: 'prod/echo' })]),
    });
    const result = await handler({ publishMetrics: false }, context());
    expect(result.integrations[0]?.checks[0]?.message).toBe(
      'Secret prod/echo could not be read: the BatchGetSecretValue call failed (an unrecognised error, HTTP 400); the token could not be read this run, and nothing says it is wrong.',
    );
    expectNoPieceOf(JSON.stringify({ result, logs }), AS_KEY);
  });
});

describe('one bad secret stays with its integration (item 6)', () => {
  it('a SecretString that is not a string makes only its integration secret_unavailable; the run reports and publishes', async () => {
    await setUp();
    hostile = await hostileSecretsManager((ids) => ({
      body: {
        SecretValues: ids.map((id) => (id === 'prod/number' ? entry(id, { SecretString: 42 }) : entry(id))),
      },
    }));
    const { handler } = handlerWith({
      NOTION_MONITOR_CONFIG: monitorConfig([
        integration('good', { secretId: 'prod/good' }),
        integration('number', { secretId: 'prod/number' }),
        integration('also-good', { secretId: 'prod/also-good' }),
      ]),
    });
    const result = await handler({}, context());
    expect(result.integrations.map((i) => [i.name, i.category])).toEqual([
      ['good', 'ok'],
      ['number', 'secret_unavailable'],
      ['also-good', 'ok'],
    ]);
    expect(result.integrations[1]?.checks[0]?.message).toContain(
      'its SecretString is a number, not a string',
    );
    expect(result.metrics).toMatchObject({ ok: true });
    expect(aws?.datums.find((d) => d.metricName === 'Heartbeat')?.value).toBe(1);
  });

  it('a CreatedDate the SDK cannot read costs only its own secret: the batch of 20 is read again in halves', async () => {
    await setUp();
    const ids = Array.from({ length: 20 }, (_, i) => `prod/s${String(i).padStart(2, '0')}`);
    hostile = await hostileSecretsManager((asked) => ({
      body: {
        SecretValues: asked.map((id) => (id === 'prod/s07' ? entry(id, { CreatedDate: 'junk' }) : entry(id))),
      },
    }));
    const { handler } = handlerWith({
      NOTION_MONITOR_CONFIG: monitorConfig(ids.map((id) => integration(id.slice(5), { secretId: id }))),
    });
    const result = await handler({ publishMetrics: false }, context());
    expect(result.summary).toMatchObject({ ok: 19, secret_unavailable: 1 });
    expect(result.integrations.find((i) => i.name === 's07')?.checks[0]?.message).toBe(
      "Secret prod/s07 could not be read: Secrets Manager's answer is malformed (not the documented BatchGetSecretValue shape); the token could not be read this run.",
    );
    // Halves, depth first, down to s07 alone: nine calls, where one bad entry once cost all 20.
    expect(hostile.calls.map((c) => c.length)).toEqual([20, 10, 5, 5, 3, 2, 1, 2, 10]);
    expect(hostile.calls[6]).toEqual(['prod/s07']);
  });

  it("a CreatedDate the SDK reads as no date, or one before Secrets Manager existed, is that secret's problem", async () => {
    await setUp();
    hostile = await hostileSecretsManager((asked) => ({
      body: {
        SecretValues: asked.map((id) =>
          id === 'prod/far'
            ? entry(id, { CreatedDate: 1e20 })
            : id === 'prod/old'
              ? entry(id, { CreatedDate: 0 })
              : entry(id),
        ),
      },
    }));
    const { handler } = handlerWith({
      NOTION_MONITOR_CONFIG: monitorConfig([
        integration('far', { secretId: 'prod/far' }),
        integration('old', { secretId: 'prod/old' }),
        integration('good', { secretId: 'prod/good' }),
      ]),
    });
    const result = await handler({ publishMetrics: false }, context());
    expect(result.integrations.map((i) => [i.name, i.category, i.tokenAgeDays])).toEqual([
      ['far', 'secret_unavailable', undefined],
      ['old', 'secret_unavailable', undefined],
      ['good', 'ok', expect.any(Number)],
    ]);
    expect(hostile.calls).toHaveLength(1);
  });
});

describe('console test events (items 4 and 7)', () => {
  it('{"integrations": []} is refused: it would probe nothing and still publish a heartbeat', async () => {
    await setUp();
    const { handler } = handlerWith({
      NOTION_MONITOR_CONFIG: monitorConfig([integration('good', { secretId: 'prod/good' })]),
    });
    const error = await rejection(handler({ integrations: [] }, context()));
    expect(error).toMatchObject({
      name: 'InvocationError',
      message: expect.stringContaining(
        'integrations must name at least one integration (leave it out to probe all)',
      ),
    });
    expect(aws?.calls).toHaveLength(0);
    expect(sim?.requests).toHaveLength(0);
  });

  it.each([
    ['a Notion token', AS_KEY],
    ['a prefix-less token', PREFIXLESS],
  ])('%s pasted into the list is never quoted back', async (_, pasted) => {
    await setUp();
    const { handler } = handlerWith({
      NOTION_MONITOR_CONFIG: monitorConfig([integration('good', { secretId: 'prod/good' })]),
    });
    const error = await rejection(handler({ integrations: [pasted] }, context()));
    expect(error.message).toBe(
      'Unknown integration integrations[0] (not shown: it may hold a credential); configured: good.',
    );
    expectNoPieceOf(`${error.message}${String(error.stack)}`, pasted);
  });
});

describe('the config (items 4, 12, 13, 14)', () => {
  async function configError(config: string): Promise<Error> {
    await setUp();
    const { handler } = handlerWith({ NOTION_MONITOR_CONFIG: config });
    const error = await rejection(handler({}, context()));
    expect(error.name).toBe('ConfigError');
    expect(aws?.calls).toHaveLength(0);
    expect(sim?.requests).toHaveLength(0);
    return error;
  }

  it('a prefix-less token pasted as an unknown key is not quoted back', async () => {
    const error = await configError(
      JSON.stringify({ integrations: [integration('good', { secretId: 'prod/good' })], [PREFIXLESS]: 1 }),
    );
    expect(error.message).toContain('(root): unknown key (one not shown: it may hold a credential)');
    expectNoPieceOf(error.message, PREFIXLESS);
  });

  it.each([
    [{ secretId: 'prod/*' }, 'secretId must not contain "*" or "?"'],
    [{ secretId: 'prod/notion-??????' }, 'secretId must not contain "*" or "?"'],
  ])('secretId %j is refused: it would be an IAM wildcard', async (token, says) => {
    const error = await configError(JSON.stringify({ integrations: [integration('x', token)] }));
    expect(error.message).toContain(`integrations[0].token.secretId: ${says}`);
  });

  it.each([
    ['https://api.notion.com/#', 'must not have a "#" fragment'],
    ['https://api.notion.com?x=1', 'must not have a "?" query'],
    ['https://user:hunter22@api.notion.com', 'must not hold "user:password@"'],
  ])('notionBaseUrl %j is refused', async (notionBaseUrl, says) => {
    const error = await configError(
      JSON.stringify({ notionBaseUrl, integrations: [integration('good', { secretId: 'prod/good' })] }),
    );
    expect(error.message).toContain(`notionBaseUrl: notionBaseUrl ${says}`);
    expect(error.message).not.toContain('hunter22');
  });

  it('target id "." is refused before anything is sent', async () => {
    const error = await configError(
      JSON.stringify({
        notionBaseUrl: 'http://127.0.0.1:9',
        integrations: [{ name: 'x', token: { secretId: 'prod/good' }, targets: [{ kind: 'page', id: '.' }] }],
      }),
    );
    expect(error.message).toContain('integrations[0].targets[0].id: id must be a Notion id');
  });

  it('a 129-character name says the limit', async () => {
    const error = await configError(
      JSON.stringify({ integrations: [integration('n'.repeat(129), { secretId: 'p' })] }),
    );
    expect(error.message).toBe(
      'Invalid configuration:\nNOTION_MONITOR_CONFIG: integrations[0].name: name must be at most 128 characters',
    );
  });

  it('a trailing slash on notionBaseUrl is dropped, a Notion URL gives its id, a BOM is ignored', async () => {
    await setUp();
    const url = `https://www.notion.so/acme/A-page-${PAGE.replaceAll('-', '')}?v=0123456789abcdef0123456789abcdef`;
    const { handler } = handlerWith({
      NOTION_MONITOR_CONFIG: `\uFEFF${JSON.stringify({
        notionBaseUrl: `${sim?.url}/`,
        timeoutMs: 1000,
        integrations: [
          { name: 'good', token: { secretId: 'prod/good' }, targets: [{ kind: 'page', id: url }] },
        ],
      })}`,
    });
    const result = await handler({ publishMetrics: false }, context());
    expect(result.integrations[0]?.category).toBe('ok');
    expect(sim?.requests.map((r) => r.path)).toEqual([
      '/v1/users/me',
      `/v1/pages/${PAGE.replaceAll('-', '')}`,
    ]);
  });
});

describe('Retry-After (item 11)', () => {
  async function rateLimited(retryAfter: string) {
    await setUp({ faults: [{ path: '/v1/users/me', fault: { type: 'rate_limited', retryAfter } }] });
    const { handler } = handlerWith({
      NOTION_MONITOR_CONFIG: monitorConfig([integration('good', { secretId: 'prod/good' })]),
    });
    const result = await handler({}, context());
    expect(result.integrations[0]?.category).toBe('rate_limited');
    return {
      reported: result.integrations[0]?.checks.find((c) => c.check === 'auth')?.retryAfterSeconds,
      published: aws?.datums.filter((d) => d.metricName === 'MaxRetryAfterSeconds').map((d) => d.value),
    };
  }

  it.each(['99999999999', 'Fri, 31 Dec 9999 23:59:59 GMT'])(
    '%j is bounded by one day, in the report and the metric',
    async (value) => {
      expect(await rateLimited(value)).toEqual({
        reported: MAX_RETRY_AFTER_SECONDS,
        published: [MAX_RETRY_AFTER_SECONDS],
      });
    },
  );

  it.each(['a 1', '12 Dec', '1.5', 'Wednesday, 25-Nov-26 12:01:30 GMT'])(
    '%j is unparsed: nothing reported or published',
    async (value) => {
      expect(await rateLimited(value)).toEqual({ reported: undefined, published: [] });
    },
  );
});
