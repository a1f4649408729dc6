import {
  CloudWatchClient,
  type CloudWatchClientConfig,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  BatchGetSecretValueCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  SecretsManagerClient,
  type SecretsManagerClientConfig,
} from '@aws-sdk/client-secrets-manager';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type AwsFault, type FakeAws, fakeAwsClientConfig, startFakeAws } from './support/aws-server.js';

const ARN_PREFIX = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:';
const BINARY = new Uint8Array([0, 1, 2, 250, 255]);
const CREATED = new Date('2025-03-04T05:06:07.890Z');
const CHANGED = new Date('2025-06-01T12:00:00.000Z');
const ROTATED = new Date('2025-05-30T23:59:59.500Z');

let fake: FakeAws;
const clients: { destroy(): void }[] = [];

function sm(extra: Partial<SecretsManagerClientConfig> = {}): SecretsManagerClient {
  const client = new SecretsManagerClient({ ...fakeAwsClientConfig(fake.url), ...extra });
  clients.push(client);
  return client;
}

function cw(extra: Partial<CloudWatchClientConfig> = {}): CloudWatchClient {
  const client = new CloudWatchClient({ ...fakeAwsClientConfig(fake.url), ...extra });
  clients.push(client);
  return client;
}

async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata?: { attempts?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

const putOne = () =>
  new PutMetricDataCommand({ Namespace: 'Monitor', MetricData: [{ MetricName: 'Probe', Value: 1 }] });

beforeEach(async () => {
  fake = await startFakeAws({
    secrets: [
      { name: 'app/token', secretString: '{"token":"secret_abc"}' },
      { name: 'app/binary', secretBinary: BINARY },
      { name: 'app/denied', secretString: 'x', error: 'AccessDeniedException' },
      { name: 'app/kms', secretString: 'x', error: 'DecryptionFailure' },
      { name: 'app/gone', secretString: 'x', error: 'ResourceNotFoundException' },
      {
        name: 'app/dated',
        arn: `${ARN_PREFIX}app/dated-Zz9Yy8`,
        secretString: 'v',
        createdDate: CREATED,
        lastChangedDate: CHANGED,
        lastRotatedDate: ROTATED,
      },
    ],
  });
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await fake.close();
});

describe('Secrets Manager (AWS JSON 1.1)', () => {
  it('batch-gets string and binary secrets, with per-secret Errors', async () => {
    const out = await sm().send(
      new BatchGetSecretValueCommand({
        SecretIdList: [
          'app/token',
          `${ARN_PREFIX}app/binary-AbCdEf`,
          'app/denied',
          'app/kms',
          'app/gone',
          'nope',
        ],
      }),
    );

    expect(out.SecretValues?.map((v) => v.Name)).toEqual(['app/token', 'app/binary']);
    const [token, binary] = out.SecretValues ?? [];
    expect(token).toMatchObject({
      ARN: `${ARN_PREFIX}app/token-AbCdEf`,
      SecretString: '{"token":"secret_abc"}',
    });
    expect(token?.SecretBinary).toBeUndefined();
    expect(token?.VersionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(token?.CreatedDate).toBeInstanceOf(Date);
    expect(binary?.SecretString).toBeUndefined();
    expect(binary?.SecretBinary).toEqual(BINARY);

    expect(out.Errors?.map((e) => [e.SecretId, e.ErrorCode])).toEqual([
      ['app/denied', 'AccessDeniedException'],
      ['app/kms', 'DecryptionFailure'],
      ['app/gone', 'ResourceNotFoundException'],
      ['nope', 'ResourceNotFoundException'],
    ]);
    expect(out.Errors?.every((e) => typeof e.Message === 'string' && e.Message.length > 0)).toBe(true);

    expect(fake.calls).toEqual([
      {
        service: 'secretsmanager',
        operation: 'BatchGetSecretValue',
        input: { SecretIdList: expect.arrayContaining(['app/token', 'nope']) },
      },
    ]);
  });

  it('rejects more than 20 secret ids with ValidationException', async () => {
    const ids = Array.from({ length: 21 }, (_, i) => `s${i}`);
    const error = await rejection(
      sm({ maxAttempts: 1 }).send(new BatchGetSecretValueCommand({ SecretIdList: ids })),
    );
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain('20');
    expect(fake.callsOf('BatchGetSecretValue')).toHaveLength(1);

    const twenty = await sm().send(new BatchGetSecretValueCommand({ SecretIdList: ids.slice(0, 20) }));
    expect(twenty.Errors).toHaveLength(20);
  });

  it('describes a secret with dates decoded to Date objects', async () => {
    const out = await sm().send(new DescribeSecretCommand({ SecretId: 'app/dated' }));
    expect(out.ARN).toBe(`${ARN_PREFIX}app/dated-Zz9Yy8`);
    expect(out.Name).toBe('app/dated');
    expect(out.CreatedDate).toBeInstanceOf(Date);
    expect(out.CreatedDate?.toISOString()).toBe(CREATED.toISOString());
    expect(out.LastChangedDate?.toISOString()).toBe(CHANGED.toISOString());
    expect(out.LastRotatedDate?.toISOString()).toBe(ROTATED.toISOString());

    const plain = await sm().send(new DescribeSecretCommand({ SecretId: `${ARN_PREFIX}app/token` }));
    expect(plain.Name).toBe('app/token');
    expect(plain.LastRotatedDate).toBeUndefined();
    expect(plain.LastChangedDate).toEqual(plain.CreatedDate);
  });

  it('gets a single secret by name, full ARN and partial ARN', async () => {
    const client = sm({ maxAttempts: 1 });
    for (const id of ['app/dated', `${ARN_PREFIX}app/dated-Zz9Yy8`, `${ARN_PREFIX}app/dated`]) {
      const out = await client.send(new GetSecretValueCommand({ SecretId: id }));
      expect(out.SecretString).toBe('v');
      expect(out.VersionStages).toEqual(['AWSCURRENT']);
    }
  });

  it('throws the per-secret error for GetSecretValue / DescribeSecret', async () => {
    const client = sm({ maxAttempts: 1 });
    const get = (id: string) => rejection(client.send(new GetSecretValueCommand({ SecretId: id })));
    const describeIt = (id: string) => rejection(client.send(new DescribeSecretCommand({ SecretId: id })));

    expect((await get('nope')).name).toBe('ResourceNotFoundException');
    expect((await get('app/gone')).name).toBe('ResourceNotFoundException');
    expect((await get('app/denied')).name).toBe('AccessDeniedException');
    expect((await get('app/kms')).name).toBe('DecryptionFailure');
    expect((await describeIt('app/denied')).name).toBe('AccessDeniedException');
    expect((await describeIt('app/gone')).name).toBe('ResourceNotFoundException');
    // DescribeSecret does not decrypt, so a KMS problem does not stop it.
    await expect(client.send(new DescribeSecretCommand({ SecretId: 'app/kms' }))).resolves.toMatchObject({
      Name: 'app/kms',
    });
  });

  it('picks up putSecret changes', async () => {
    const client = sm();
    const before = await client.send(new GetSecretValueCommand({ SecretId: 'app/token' }));
    fake.putSecret({ name: 'app/token', secretString: 'rotated' });
    const after = await client.send(new GetSecretValueCommand({ SecretId: 'app/token' }));
    expect(after.SecretString).toBe('rotated');
    expect(after.VersionId).not.toBe(before.VersionId);
  });

  it('is reachable through AWS_ENDPOINT_URL_SECRETS_MANAGER / AWS_ENDPOINT_URL_CLOUDWATCH', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', fake.url);
    vi.stubEnv('AWS_ENDPOINT_URL_CLOUDWATCH', fake.url);
    try {
      const { endpoint: _ignored, ...noEndpoint } = fakeAwsClientConfig(fake.url);
      const smClient = new SecretsManagerClient(noEndpoint);
      const cwClient = new CloudWatchClient(noEndpoint);
      clients.push(smClient, cwClient);
      const out = await smClient.send(new GetSecretValueCommand({ SecretId: 'app/token' }));
      expect(out.SecretString).toBe('{"token":"secret_abc"}');
      await cwClient.send(putOne());
      expect(fake.calls.map((c) => c.operation)).toEqual(['GetSecretValue', 'PutMetricData']);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('CloudWatch (AWS JSON 1.0, awsQueryCompatible)', () => {
  it('records PutMetricData datums with dimensions, values and timestamps', async () => {
    const at = new Date('2025-07-08T09:10:11.123Z');
    const out = await cw().send(
      new PutMetricDataCommand({
        Namespace: 'NotionMonitor',
        MetricData: [
          {
            MetricName: 'ProbeFailure',
            Dimensions: [
              { Name: 'Integration', Value: 'wiki' },
              { Name: 'Category', Value: 'auth' },
            ],
            Value: 1,
            Unit: 'Count',
            Timestamp: at,
          },
          { MetricName: 'Latency', Values: [120, 340], Counts: [3, 1], Unit: 'Milliseconds' },
        ],
      }),
    );
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(fake.datums).toEqual([
      {
        namespace: 'NotionMonitor',
        metricName: 'ProbeFailure',
        dimensions: { Integration: 'wiki', Category: 'auth' },
        value: 1,
        unit: 'Count',
        timestamp: at,
      },
      {
        namespace: 'NotionMonitor',
        metricName: 'Latency',
        dimensions: {},
        values: [120, 340],
        counts: [3, 1],
        unit: 'Milliseconds',
      },
    ]);
    expect(fake.callsOf('PutMetricData')[0]).toMatchObject({
      service: 'cloudwatch',
      input: {
        Namespace: 'NotionMonitor',
        MetricData: [{ MetricName: 'ProbeFailure' }, { MetricName: 'Latency' }],
      },
    });
  });

  it('decodes gzip-compressed request bodies', async () => {
    await cw({ requestMinCompressionSizeBytes: 0 }).send(putOne());
    const big = Array.from({ length: 400 }, (_, i) => ({
      MetricName: `Metric${i}`,
      Value: i,
      Dimensions: [{ Name: 'Integration', Value: 'a-reasonably-long-integration-name' }],
    }));
    await cw().send(new PutMetricDataCommand({ Namespace: 'Big', MetricData: big }));
    expect(fake.datums).toHaveLength(401);
    expect(fake.datums[400]).toMatchObject({ namespace: 'Big', metricName: 'Metric399', value: 399 });
  });

  it('answers invalid requests with the modelled CloudWatch errors and records no datums', async () => {
    const client = cw({ maxAttempts: 1 });
    const send = (input: ConstructorParameters<typeof PutMetricDataCommand>[0]) =>
      rejection(client.send(new PutMetricDataCommand(input)));
    expect((await send({ Namespace: 'AWS/Lambda', MetricData: [{ MetricName: 'm', Value: 1 }] })).name).toBe(
      'InvalidParameterValueException',
    );
    expect((await send({ Namespace: 'X', MetricData: [] })).name).toBe('MissingRequiredParameterException');
    expect(
      (await send({ Namespace: 'X', MetricData: [{ MetricName: 'm', Value: 1, Values: [1] }] })).name,
    ).toBe('InvalidParameterCombinationException');
    expect(fake.datums).toEqual([]);
    expect(fake.callsOf('PutMetricData')).toHaveLength(3);
  });
});

describe('faults', () => {
  const smCases: [AwsFault['kind'], string, number][] = [
    ['throttle', 'ThrottlingException', 400],
    ['internal', 'InternalServiceError', 500],
    ['access_denied', 'AccessDeniedException', 400],
  ];
  it.each(smCases)('Secrets Manager %s -> %s (%i)', async (kind, name, status) => {
    const client = sm({ maxAttempts: 1 });
    for (const operation of ['BatchGetSecretValue', 'GetSecretValue', 'DescribeSecret'] as const) {
      fake.addFault({ operation, fault: { kind } as AwsFault, times: 1 });
    }
    const errors = [
      await rejection(client.send(new BatchGetSecretValueCommand({ SecretIdList: ['app/token'] }))),
      await rejection(client.send(new GetSecretValueCommand({ SecretId: 'app/token' }))),
      await rejection(client.send(new DescribeSecretCommand({ SecretId: 'app/token' }))),
    ];
    for (const error of errors) {
      expect(error.name).toBe(name);
      expect(error).toMatchObject({ $metadata: { httpStatusCode: status, attempts: 1 } });
    }
    expect(fake.calls.map((c) => c.operation)).toEqual([
      'BatchGetSecretValue',
      'GetSecretValue',
      'DescribeSecret',
    ]);
    // times: 1 -> the next call goes through.
    await expect(client.send(new GetSecretValueCommand({ SecretId: 'app/token' }))).resolves.toBeDefined();
  });

  const cwCases: [AwsFault['kind'], string, number][] = [
    ['throttle', 'Throttling', 400],
    ['internal', 'InternalServiceFault', 500],
    ['access_denied', 'AccessDenied', 403],
  ];
  it.each(cwCases)('CloudWatch %s -> %s (%i)', async (kind, name, status) => {
    fake.addFault({ operation: 'PutMetricData', fault: { kind } as AwsFault });
    const error = await rejection(cw({ maxAttempts: 1 }).send(putOne()));
    expect(error.name).toBe(name);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: status } });
    expect(fake.callsOf('PutMetricData')).toHaveLength(1);
    expect(fake.datums).toEqual([]);
  });

  it('default retry strategy retries throttling and 5xx, but not access denied', async () => {
    fake.addFault({ operation: 'GetSecretValue', fault: { kind: 'throttle' }, times: 1 });
    const ok = await sm().send(new GetSecretValueCommand({ SecretId: 'app/token' }));
    expect(ok.$metadata.attempts).toBe(2);
    expect(fake.callsOf('GetSecretValue')).toHaveLength(2);

    fake.addFault({ operation: 'PutMetricData', fault: { kind: 'internal' } });
    const failed = await rejection(cw().send(putOne()));
    expect(failed.name).toBe('InternalServiceFault');
    expect(failed.$metadata?.attempts).toBe(3);
    expect(fake.callsOf('PutMetricData')).toHaveLength(3);

    fake.addFault({ operation: 'DescribeSecret', fault: { kind: 'access_denied' } });
    const denied = await rejection(sm().send(new DescribeSecretCommand({ SecretId: 'app/token' })));
    expect(denied.name).toBe('AccessDeniedException');
    expect(fake.callsOf('DescribeSecret')).toHaveLength(1);
  });

  it('delay still answers normally', async () => {
    fake.addFault({ operation: 'PutMetricData', fault: { kind: 'delay', ms: 20 } });
    await cw({ maxAttempts: 1 }).send(putOne());
    expect(fake.datums).toHaveLength(1);
  });

  it('hang can be abandoned with an abortSignal, and close() still resolves', async () => {
    fake.addFault({ operation: 'GetSecretValue', fault: { kind: 'hang' } });
    const controller = new AbortController();
    const pending = rejection(
      sm({ maxAttempts: 1 }).send(new GetSecretValueCommand({ SecretId: 'app/token' }), {
        abortSignal: controller.signal,
      }),
    );
    await vi.waitFor(() => expect(fake.callsOf('GetSecretValue')).toHaveLength(1));
    controller.abort();
    expect((await pending).name).toBe('AbortError');
    await fake.close();
  });

  it('hang trips the client requestHandler requestTimeout (needs throwOnRequestTimeout)', async () => {
    fake.addFault({ operation: 'PutMetricData', fault: { kind: 'hang' } });
    // Without throwOnRequestTimeout this @smithy/node-http-handler only logs a warning and keeps waiting.
    const requestHandler = { requestTimeout: 50, throwOnRequestTimeout: true };
    const error = await rejection(cw({ maxAttempts: 1, requestHandler }).send(putOne()));
    expect(error.name).toBe('TimeoutError');
    expect(fake.callsOf('PutMetricData')).toHaveLength(1);
  });

  it('close() tears down hung requests and pending delays', async () => {
    fake.addFault({ operation: 'BatchGetSecretValue', fault: { kind: 'hang' } });
    fake.addFault({ operation: 'DescribeSecret', fault: { kind: 'delay', ms: 600_000 } });
    const client = sm({ maxAttempts: 1 });
    const hung = rejection(client.send(new BatchGetSecretValueCommand({ SecretIdList: ['app/token'] })));
    const delayed = rejection(client.send(new DescribeSecretCommand({ SecretId: 'app/token' })));
    await vi.waitFor(() => expect(fake.calls).toHaveLength(2));
    await fake.close();
    // The client sees the connection drop rather than a response.
    expect((await hung).$metadata?.attempts).toBe(1);
    expect((await delayed).$metadata?.attempts).toBe(1);
  });

  it('reset() clears calls and datums but keeps faults and secrets', async () => {
    fake.addFault({ operation: 'GetSecretValue', fault: { kind: 'throttle' }, times: 2 });
    const client = sm({ maxAttempts: 1 });
    await rejection(client.send(new GetSecretValueCommand({ SecretId: 'app/token' })));
    await cw().send(putOne());
    fake.reset();
    expect(fake.calls).toEqual([]);
    expect(fake.datums).toEqual([]);
    expect((await rejection(client.send(new GetSecretValueCommand({ SecretId: 'app/token' })))).name).toBe(
      'ThrottlingException',
    );
    await expect(client.send(new GetSecretValueCommand({ SecretId: 'app/token' }))).resolves.toBeDefined();
    expect(fake.calls).toHaveLength(2);
  });
});
