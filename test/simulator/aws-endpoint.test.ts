import {
  CloudWatchClient,
  type CloudWatchClientConfig,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  BatchGetSecretValueCommand,
  SecretsManagerClient,
  type SecretsManagerClientConfig,
} from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type AwsEndpoint,
  type AwsEndpointOptions,
  type AwsFault,
  awsEndpointClientConfig,
  type SimulatedSecret,
  startAwsEndpoint,
} from '../../functions/simulator/aws-endpoint.js';

const ARN_PREFIX = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:';
const BINARY = new Uint8Array([0, 1, 2, 250, 255]);
const CREATED = new Date('2025-03-04T05:06:07.000Z');
const SECRETS: readonly SimulatedSecret[] = [
  { name: 'app/token', secretString: '{"token":"secret_abc"}' },
  { name: 'app/binary', secretBinary: BINARY },
  { name: 'app/dated', arn: `${ARN_PREFIX}app/dated-Zz9Yy8`, secretString: 'v', createdDate: CREATED },
  { name: 'app/denied', secretString: 'x', error: 'AccessDeniedException' },
  { name: 'app/kms', secretString: 'x', error: 'DecryptionFailure' },
  { name: 'app/gone', secretString: 'x', error: 'ResourceNotFoundException' },
];

let aws: AwsEndpoint | undefined;
const clients: { destroy(): void }[] = [];

async function start(faults: AwsEndpointOptions['faults'] = []): Promise<AwsEndpoint> {
  aws = await startAwsEndpoint({ secrets: SECRETS, faults });
  return aws;
}

function sm(extra: Partial<SecretsManagerClientConfig> = {}): SecretsManagerClient {
  const client = new SecretsManagerClient({ ...awsEndpointClientConfig(aws?.url ?? ''), ...extra });
  clients.push(client);
  return client;
}

function cw(extra: Partial<CloudWatchClientConfig> = {}): CloudWatchClient {
  const client = new CloudWatchClient({ ...awsEndpointClientConfig(aws?.url ?? ''), ...extra });
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

const batchGet = (ids = ['app/token']) => new BatchGetSecretValueCommand({ SecretIdList: ids });
const putOne = () =>
  new PutMetricDataCommand({ Namespace: 'Monitor', MetricData: [{ MetricName: 'Probe', Value: 1 }] });

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await aws?.close();
  aws = undefined;
});

describe('BatchGetSecretValue (AWS JSON 1.1)', () => {
  it('answers by name, full ARN and partial ARN, with partial failures in Errors[]', async () => {
    const endpoint = await start();
    const out = await sm().send(
      batchGet([
        'app/token',
        `${ARN_PREFIX}app/binary-AbCdEf`,
        `${ARN_PREFIX}app/dated`,
        'app/denied',
        'app/kms',
        'app/gone',
        'nope',
      ]),
    );
    expect(out.SecretValues?.map((v) => v.Name)).toEqual(['app/token', 'app/binary', 'app/dated']);
    const [token, binary, dated] = out.SecretValues ?? [];
    expect(token).toMatchObject({
      ARN: `${ARN_PREFIX}app/token-AbCdEf`,
      SecretString: '{"token":"secret_abc"}',
    });
    expect(token?.VersionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(binary?.SecretString).toBeUndefined();
    expect(binary?.SecretBinary).toEqual(BINARY);
    expect(dated?.CreatedDate?.toISOString()).toBe(CREATED.toISOString());
    expect(out.Errors?.map((e) => [e.SecretId, e.ErrorCode])).toEqual([
      ['app/denied', 'AccessDeniedException'],
      ['app/kms', 'DecryptionFailure'],
      ['app/gone', 'ResourceNotFoundException'],
      ['nope', 'ResourceNotFoundException'],
    ]);
    expect(out.Errors?.every((e) => (e.Message ?? '').length > 0)).toBe(true);
    expect(endpoint.calls).toEqual([
      {
        service: 'secretsmanager',
        operation: 'BatchGetSecretValue',
        input: { SecretIdList: expect.arrayContaining(['app/token', 'nope']) },
      },
    ]);
  });

  it("raw_secret_entry writes one secret's entry as given, in every call that asks for it", async () => {
    const endpoint = await start([
      {
        operation: 'BatchGetSecretValue',
        fault: { kind: 'raw_secret_entry', secretId: 'app/dated', entry: { SecretString: 42 } },
      },
    ]);
    // The SDK passes a number through as it came: what a hostile endpoint can hand the monitor.
    const out = await sm().send(batchGet(['app/token', 'app/dated']));
    expect(out.SecretValues?.map((v) => [v.Name, v.SecretString])).toEqual([
      ['app/token', '{"token":"secret_abc"}'],
      ['app/dated', 42],
    ]);
    expect((await sm().send(batchGet(['app/dated']))).SecretValues?.[0]?.SecretString).toBe(42);
    expect(endpoint.callsOf('BatchGetSecretValue')).toHaveLength(2);

    await endpoint.close();
    await start([
      {
        operation: 'BatchGetSecretValue',
        fault: {
          kind: 'raw_secret_entry',
          secretId: 'app/token',
          error: { ErrorCode: 'echo', Message: 'echo' },
        },
      },
    ]);
    const echoed = await sm().send(batchGet(['app/token', 'app/binary']));
    expect(echoed.Errors).toEqual([{ SecretId: 'app/token', ErrorCode: 'echo', Message: 'echo' }]);
    expect(echoed.SecretValues?.map((v) => v.Name)).toEqual(['app/binary']);
  });

  it('refuses more than 20 ids with ValidationException, as the API does', async () => {
    const endpoint = await start();
    const ids = Array.from({ length: 21 }, (_, i) => `s${i}`);
    const error = await rejection(sm({ maxAttempts: 1 }).send(batchGet(ids)));
    expect(error.name).toBe('ValidationException');
    expect((await sm().send(batchGet(ids.slice(0, 20)))).Errors).toHaveLength(20);
    expect(endpoint.callsOf('BatchGetSecretValue')).toHaveLength(2);
  });

  it('is reachable through AWS_ENDPOINT_URL_SECRETS_MANAGER and AWS_ENDPOINT_URL_CLOUDWATCH', async () => {
    const endpoint = await start();
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', endpoint.url);
    vi.stubEnv('AWS_ENDPOINT_URL_CLOUDWATCH', endpoint.url);
    try {
      const { endpoint: _ignored, ...noEndpoint } = awsEndpointClientConfig(endpoint.url);
      const smClient = new SecretsManagerClient(noEndpoint);
      const cwClient = new CloudWatchClient(noEndpoint);
      clients.push(smClient, cwClient);
      expect((await smClient.send(batchGet())).SecretValues).toHaveLength(1);
      await cwClient.send(putOne());
      expect(endpoint.calls.map((c) => c.operation)).toEqual(['BatchGetSecretValue', 'PutMetricData']);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('PutMetricData (AWS JSON 1.0, awsQueryCompatible)', () => {
  it('records datums with dimensions, values, counts, units and timestamps', async () => {
    const endpoint = await start();
    const at = new Date('2025-07-08T09:10:11.123Z');
    await cw().send(
      new PutMetricDataCommand({
        Namespace: 'NotionMonitor',
        MetricData: [
          {
            MetricName: 'IntegrationFailures',
            Dimensions: [
              { Name: 'Integration', Value: 'wiki' },
              { Name: 'Category', Value: 'auth' },
            ],
            Value: 1,
            Unit: 'Count',
            Timestamp: at,
          },
          { MetricName: 'CheckLatency', Values: [120, 340], Counts: [3, 1], Unit: 'Milliseconds' },
        ],
      }),
    );
    expect(endpoint.datums).toEqual([
      {
        namespace: 'NotionMonitor',
        metricName: 'IntegrationFailures',
        dimensions: { Integration: 'wiki', Category: 'auth' },
        value: 1,
        unit: 'Count',
        timestamp: at,
      },
      {
        namespace: 'NotionMonitor',
        metricName: 'CheckLatency',
        dimensions: {},
        values: [120, 340],
        counts: [3, 1],
        unit: 'Milliseconds',
      },
    ]);
  });

  it('reads the gzipped bodies the SDK sends over 10 KiB', async () => {
    const endpoint = await start();
    const big = Array.from({ length: 400 }, (_, i) => ({
      MetricName: `Metric${i}`,
      Value: i,
      Dimensions: [{ Name: 'Integration', Value: 'a-reasonably-long-integration-name' }],
    }));
    await cw().send(new PutMetricDataCommand({ Namespace: 'Big', MetricData: big }));
    expect(endpoint.datums).toHaveLength(400);
    expect(endpoint.datums[399]).toMatchObject({ metricName: 'Metric399', value: 399 });
  });

  it('refuses what the API refuses (over 1,000 datums, Value with Values, an AWS/ namespace) and records nothing', async () => {
    const endpoint = await start();
    const client = cw({ maxAttempts: 1 });
    const send = (input: ConstructorParameters<typeof PutMetricDataCommand>[0]) =>
      rejection(client.send(new PutMetricDataCommand(input)));
    const many = Array.from({ length: 1001 }, () => ({ MetricName: 'm', Value: 1 }));
    expect((await send({ Namespace: 'X', MetricData: many })).name).toBe('InvalidParameterValueException');
    expect(
      (await send({ Namespace: 'X', MetricData: [{ MetricName: 'm', Value: 1, Values: [1] }] })).name,
    ).toBe('InvalidParameterCombinationException');
    expect((await send({ Namespace: 'AWS/Lambda', MetricData: [{ MetricName: 'm', Value: 1 }] })).name).toBe(
      'InvalidParameterValueException',
    );
    expect(endpoint.callsOf('PutMetricData')).toHaveLength(3);
    expect(endpoint.datums).toEqual([]);
  });
});

describe('fault injection', () => {
  const cases: [AwsFault['kind'], string, number, string, number][] = [
    ['throttle', 'ThrottlingException', 400, 'Throttling', 400],
    ['internal', 'InternalServiceError', 500, 'InternalServiceFault', 500],
    ['access_denied', 'AccessDeniedException', 400, 'AccessDenied', 403],
  ];
  it.each(cases)(
    '%s: Secrets Manager answers %s (%i), CloudWatch %s (%i)',
    async (kind, smName, smStatus, cwName, cwStatus) => {
      const fault = { kind } as AwsFault;
      const endpoint = await start([
        { operation: 'BatchGetSecretValue', fault, times: 1 },
        { operation: 'PutMetricData', fault, times: 1 },
      ]);
      const smError = await rejection(sm({ maxAttempts: 1 }).send(batchGet()));
      expect(smError).toMatchObject({ name: smName, $metadata: { httpStatusCode: smStatus, attempts: 1 } });
      const cwError = await rejection(cw({ maxAttempts: 1 }).send(putOne()));
      expect(cwError).toMatchObject({ name: cwName, $metadata: { httpStatusCode: cwStatus, attempts: 1 } });
      expect(endpoint.datums).toEqual([]);
      // `times: 1`: the next call goes through.
      await expect(sm({ maxAttempts: 1 }).send(batchGet())).resolves.toBeDefined();
      await cw({ maxAttempts: 1 }).send(putOne());
      expect(endpoint.datums).toHaveLength(1);
    },
  );

  it("the SDK's default retries see through a passing throttle and give up on a lasting 5xx, not on access denied", async () => {
    const endpoint = await start([
      { operation: 'BatchGetSecretValue', fault: { kind: 'throttle' }, times: 1 },
      { operation: 'PutMetricData', fault: { kind: 'internal' } },
    ]);
    expect((await sm().send(batchGet())).$metadata.attempts).toBe(2);
    expect((await rejection(cw().send(putOne()))).$metadata?.attempts).toBe(3);
    expect(endpoint.callsOf('BatchGetSecretValue')).toHaveLength(2);
    expect(endpoint.callsOf('PutMetricData')).toHaveLength(3);

    await aws?.close();
    const denied = await start([{ operation: 'PutMetricData', fault: { kind: 'access_denied' } }]);
    expect((await rejection(cw().send(putOne()))).name).toBe('AccessDenied');
    expect(denied.callsOf('PutMetricData')).toHaveLength(1);
  });

  it('delay answers normally, later', async () => {
    const endpoint = await start([{ operation: 'PutMetricData', fault: { kind: 'delay', ms: 20 } }]);
    await cw({ maxAttempts: 1 }).send(putOne());
    expect(endpoint.datums).toHaveLength(1);
  });

  it('hang is ended by the caller: an abort signal, or the client request timeout', async () => {
    const endpoint = await start([
      { operation: 'BatchGetSecretValue', fault: { kind: 'hang' } },
      { operation: 'PutMetricData', fault: { kind: 'hang' } },
    ]);
    const controller = new AbortController();
    const pending = rejection(sm({ maxAttempts: 1 }).send(batchGet(), { abortSignal: controller.signal }));
    await vi.waitFor(() => expect(endpoint.callsOf('BatchGetSecretValue')).toHaveLength(1));
    controller.abort();
    expect((await pending).name).toBe('AbortError');
    // Without throwOnRequestTimeout, @smithy/node-http-handler only logs a warning and keeps waiting.
    const requestHandler = { requestTimeout: 50, throwOnRequestTimeout: true };
    expect((await rejection(cw({ maxAttempts: 1, requestHandler }).send(putOne()))).name).toBe(
      'TimeoutError',
    );
    expect(endpoint.datums).toEqual([]);
  });

  it('close() drops hung requests and pending delays', async () => {
    const endpoint = await start([
      { operation: 'BatchGetSecretValue', fault: { kind: 'hang' } },
      { operation: 'PutMetricData', fault: { kind: 'delay', ms: 600_000 } },
    ]);
    const hung = rejection(sm({ maxAttempts: 1 }).send(batchGet()));
    const delayed = rejection(cw({ maxAttempts: 1 }).send(putOne()));
    await vi.waitFor(() => expect(endpoint.calls).toHaveLength(2));
    await endpoint.close();
    // The clients see the connection drop, not an answer.
    expect((await hung).$metadata?.attempts).toBe(1);
    expect((await delayed).$metadata?.attempts).toBe(1);
    expect(endpoint.datums).toEqual([]);
  });
});
