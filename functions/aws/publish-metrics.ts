import { type CloudWatchClient, type MetricDatum, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { batchMetricData } from './metric-data.js';

/** What publishing came to; a failure is data, the caller decides whether to throw. */
export interface PublishResult {
  readonly ok: boolean;
  readonly namespace: string;
  readonly datums: number;
  /** PutMetricData calls made (attempts inside the SDK's retries not counted). */
  readonly calls: number;
  /** `name: message` of the first failure. */
  readonly error?: string;
}

/**
 * Publishes datums in as few calls as the API allows. The SDK retries throttling and
 * 5xx itself; whatever still fails is returned, never thrown, so the report survives.
 * Batches are sent one after another: there are rarely more than one or two.
 */
export async function publishMetrics(
  client: CloudWatchClient,
  namespace: string,
  data: readonly MetricDatum[],
  signal?: AbortSignal,
): Promise<PublishResult> {
  let calls = 0;
  const errors: string[] = [];
  for (const batch of batchMetricData(data)) {
    calls += 1;
    try {
      await client.send(
        new PutMetricDataCommand({ Namespace: namespace, MetricData: batch }),
        signal ? { abortSignal: signal } : {},
      );
    } catch (error) {
      const e = error as { name?: string; message?: string };
      errors.push(`${e.name ?? 'Error'}: ${e.message ?? String(error)}`);
    }
  }
  return {
    ok: errors.length === 0,
    namespace,
    datums: data.length,
    calls,
    ...(errors.length > 0 ? { error: errors[0] } : {}),
  };
}
