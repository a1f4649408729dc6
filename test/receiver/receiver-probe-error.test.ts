import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpRequest } from '../../functions/engine/http-request.js';
import type { NotionRequest } from '../../functions/engine/ports.js';
import { ProbeInternalError } from '../../functions/engine/probe-error.js';
import { createHandler } from '../../functions/handler/create-handler.js';
import { awsEndpointClientConfig, startAwsEndpoint } from '../../functions/simulator/aws-endpoint.js';
import { startWebhookReceiver } from '../../functions/simulator/webhook-receiver.js';

const TOKEN = 'vtok_Hq4ZmR8xWp2LtK7bNc9DfJ3gYs6GaE1uVo5iQx0r';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('a bug in the engine on a receiver', () => {
  it('fails the invocation with ProbeInternalError naming the receiver, after the report is published', async () => {
    const healthy = await startWebhookReceiver('verifies', TOKEN);
    const broken = await startWebhookReceiver('verifies', TOKEN);
    const aws = await startAwsEndpoint({
      secrets: [{ name: 'hooks/one', secretString: JSON.stringify({ VERIFICATION_TOKEN: TOKEN }) }],
    });
    cleanups.push(
      () => healthy.close(),
      () => broken.close(),
      () => aws.close(),
    );
    const plain = createHttpRequest({ env: {} });
    // Breaks the request function's contract (it must never throw) for one receiver's URL only.
    const request: NotionRequest = (r) => {
      if (r.url === broken.url) throw new RangeError('engine bug');
      return plain(r);
    };
    const verificationToken = { secretId: 'hooks/one', jsonKey: 'VERIFICATION_TOKEN' };
    const config = {
      receivers: [
        { name: 'hooks-fine', url: healthy.url, verificationToken },
        { name: 'hooks-broken', url: broken.url, verificationToken },
      ],
    };
    const logs: Record<string, unknown>[] = [];
    const handler = createHandler({
      env: { NOTION_MONITOR_CONFIG: JSON.stringify(config) },
      secretsManager: () => new SecretsManagerClient(awsEndpointClientConfig(aws.url)),
      cloudWatch: () => new CloudWatchClient(awsEndpointClientConfig(aws.url)),
      log: (e) => logs.push(e),
      request,
    });
    const error = await handler({}, { getRemainingTimeInMillis: () => 60_000, awsRequestId: 'r-1' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProbeInternalError);
    expect((error as Error).message).toContain('1 receiver(s): hooks-broken');
    expect((error as Error).message).not.toContain('hooks-fine');
    expect((error as Error).cause).toEqual([
      { receiver: 'hooks-broken', message: expect.stringContaining('RangeError: engine bug') },
    ]);
    expect(healthy.requests).toHaveLength(2);
    expect(broken.requests).toHaveLength(0);
    // Published before the throw: the failing receiver's own series is there.
    expect(aws.callsOf('PutMetricData')).toHaveLength(1);
    const names = aws.datums.map((d) => `${d.metricName}${JSON.stringify(d.dimensions)}`);
    expect(names).toContain(
      'ReceiverFailures{"Receiver":"hooks-broken","Category":"probe_error","Reason":"probe_internal_error"}',
    );
    expect(logs.at(-1)).toMatchObject({ message: 'run finished', metrics: { ok: true } });
    expect(JSON.stringify({ logs, cause: (error as Error).cause })).not.toContain(TOKEN);
  });
});
