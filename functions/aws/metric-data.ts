import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import type { ProbeReport } from '../engine/report.js';
import { FAILURE_CATEGORIES } from '../shared/categories.js';
import { DIMENSIONS, METRICS } from '../shared/metrics.js';

/** CloudWatch takes at most 150 distinct values in one datum's Values/Counts. */
const MAX_VALUES_PER_DATUM = 150;

/**
 * Shapes a report into metric datums. Pure. Always: heartbeat, integrations probed;
 * latency per check kind for requests that got an HTTP answer (timeouts and network
 * failures have no meaningful latency). Only when not zero: failures per category and
 * per integration, and the largest Retry-After.
 */
export function buildMetricData(report: ProbeReport, timestamp: Date): MetricDatum[] {
  const data: MetricDatum[] = [
    { MetricName: METRICS.heartbeat, Value: 1, Unit: 'Count', Timestamp: timestamp },
    {
      MetricName: METRICS.integrationsProbed,
      Value: report.integrations.length,
      Unit: 'Count',
      Timestamp: timestamp,
    },
  ];

  const latencies = new Map<string, Map<number, number>>();
  let maxRetryAfter: number | undefined;
  for (const integration of report.integrations) {
    for (const check of integration.checks) {
      if (check.latencyMs !== undefined && !check.skipped && check.httpStatus !== undefined) {
        const byValue = latencies.get(check.check) ?? new Map<number, number>();
        byValue.set(check.latencyMs, (byValue.get(check.latencyMs) ?? 0) + 1);
        latencies.set(check.check, byValue);
      }
      if (check.retryAfterSeconds !== undefined)
        maxRetryAfter = Math.max(maxRetryAfter ?? 0, check.retryAfterSeconds);
    }
  }
  for (const [kind, byValue] of latencies) {
    const entries = [...byValue.entries()];
    for (let i = 0; i < entries.length; i += MAX_VALUES_PER_DATUM) {
      const slice = entries.slice(i, i + MAX_VALUES_PER_DATUM);
      data.push({
        MetricName: METRICS.checkLatency,
        Dimensions: [{ Name: DIMENSIONS.checkKind, Value: kind }],
        Values: slice.map(([v]) => v),
        Counts: slice.map(([, c]) => c),
        Unit: 'Milliseconds',
        Timestamp: timestamp,
      });
    }
  }

  for (const category of FAILURE_CATEGORIES) {
    const count = report.summary[category];
    if (count > 0) {
      data.push({
        MetricName: METRICS.failures,
        Dimensions: [{ Name: DIMENSIONS.category, Value: category }],
        Value: count,
        Unit: 'Count',
        Timestamp: timestamp,
      });
    }
  }
  for (const integration of report.integrations) {
    if (integration.category !== 'ok') {
      data.push({
        MetricName: METRICS.integrationFailures,
        Dimensions: [
          { Name: DIMENSIONS.integration, Value: integration.name },
          { Name: DIMENSIONS.category, Value: integration.category },
        ],
        Value: 1,
        Unit: 'Count',
        Timestamp: timestamp,
      });
    }
  }
  if (maxRetryAfter !== undefined) {
    data.push({
      MetricName: METRICS.maxRetryAfter,
      Value: maxRetryAfter,
      Unit: 'Seconds',
      Timestamp: timestamp,
    });
  }
  return data;
}

/** PutMetricData limits: 1,000 datums and 1 MB a call. The byte budget keeps headroom for the envelope. */
const MAX_DATUMS_PER_CALL = 1000;
const MAX_BYTES_PER_CALL = 900_000;

/** Splits datums into as few PutMetricData calls as the limits allow. Pure. */
export function batchMetricData(data: readonly MetricDatum[]): MetricDatum[][] {
  const batches: MetricDatum[][] = [];
  let current: MetricDatum[] = [];
  let bytes = 0;
  for (const datum of data) {
    const size = JSON.stringify(datum).length;
    if (current.length > 0 && (current.length >= MAX_DATUMS_PER_CALL || bytes + size > MAX_BYTES_PER_CALL)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(datum);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
