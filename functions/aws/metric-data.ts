import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import type { ProbeReport } from '../engine/report.js';
import { FAILURE_CATEGORIES } from '../shared/categories.js';
import { DIMENSIONS, METRICS } from '../shared/metrics.js';
import { RECEIVER_LATENCY_KIND } from '../shared/receivers.js';

/** CloudWatch takes at most 150 distinct values in one datum's Values/Counts. */
const MAX_VALUES_PER_DATUM = 150;

/**
 * Shapes a report into metric datums. Pure. Always: heartbeat, integrations probed;
 * latency per check kind for requests that got an HTTP answer (timeouts and network
 * failures have no meaningful latency; a receiver's events under `receiver`). Only when not
 * zero: failures per category (integrations and receivers), per integration and per
 * receiver, and the largest Retry-After.
 */
export function buildMetricData(report: ProbeReport, timestamp: Date): MetricDatum[] {
  const data: MetricDatum[] = [
    { MetricName: METRICS.heartbeat, Value: 1, Unit: 'Count' },
    { MetricName: METRICS.integrationsProbed, Value: report.integrations.length, Unit: 'Count' },
    ...latencyData(report),
    ...categoryFailureData(report),
    ...integrationFailureData(report),
    ...receiverFailureData(report),
    ...retryAfterData(report),
  ];
  return data.map((datum) => ({ ...datum, Timestamp: timestamp }));
}

/** Latency per check kind as value/count pairs, at most {@link MAX_VALUES_PER_DATUM} to a datum. */
function latencyData(report: ProbeReport): MetricDatum[] {
  const data: MetricDatum[] = [];
  for (const [kind, byValue] of latencyCounts(report)) {
    const entries = [...byValue.entries()];
    for (let i = 0; i < entries.length; i += MAX_VALUES_PER_DATUM) {
      const slice = entries.slice(i, i + MAX_VALUES_PER_DATUM);
      data.push({
        MetricName: METRICS.checkLatency,
        Dimensions: [{ Name: DIMENSIONS.checkKind, Value: kind }],
        Values: slice.map(([v]) => v),
        Counts: slice.map(([, c]) => c),
        Unit: 'Milliseconds',
      });
    }
  }
  return data;
}

/** How often each latency occurred, per check kind, over the checks that got an HTTP answer. */
function latencyCounts(report: ProbeReport): Map<string, Map<number, number>> {
  const latencies = new Map<string, Map<number, number>>();
  const answered = [
    ...report.integrations.flatMap((i) => i.checks).map((check) => ({ kind: check.check, check })),
    // Both events of every receiver under one kind: what a receiver's answer costs Notion to wait for.
    ...report.receivers.flatMap((r) => r.checks).map((check) => ({ kind: RECEIVER_LATENCY_KIND, check })),
  ];
  for (const { kind, check } of answered) {
    if (check.latencyMs === undefined || check.skipped || check.httpStatus === undefined) continue;
    const byValue = latencies.get(kind) ?? new Map<number, number>();
    byValue.set(check.latencyMs, (byValue.get(check.latencyMs) ?? 0) + 1);
    latencies.set(kind, byValue);
  }
  return latencies;
}

/** Integrations per failure category, for the categories that have any. */
function categoryFailureData(report: ProbeReport): MetricDatum[] {
  return FAILURE_CATEGORIES.filter((category) => report.summary[category] > 0).map((category) => ({
    MetricName: METRICS.failures,
    Dimensions: [{ Name: DIMENSIONS.category, Value: category }],
    Value: report.summary[category],
    Unit: 'Count',
  }));
}

/**
 * 1 for each failing subject (integration or webhook receiver), by name, category and reason
 * (the type makes a failing one carry a reason); none for a healthy one, so the series stays
 * sparse: what each category alarm's Metrics Insights query groups.
 */
function subjectFailureData(
  metric: string,
  nameDimension: string,
  subjects: readonly { readonly name: string; readonly category: string; readonly reason?: string }[],
): MetricDatum[] {
  return subjects.flatMap(({ name, category, reason }) =>
    category === 'ok' || reason === undefined
      ? []
      : [
          {
            MetricName: metric,
            Dimensions: [
              { Name: nameDimension, Value: name },
              { Name: DIMENSIONS.category, Value: category },
              { Name: DIMENSIONS.reason, Value: reason },
            ],
            Value: 1,
            Unit: 'Count',
          },
        ],
  );
}

function integrationFailureData(report: ProbeReport): MetricDatum[] {
  return subjectFailureData(METRICS.integrationFailures, DIMENSIONS.integration, report.integrations);
}

function receiverFailureData(report: ProbeReport): MetricDatum[] {
  return subjectFailureData(METRICS.receiverFailures, DIMENSIONS.receiver, report.receivers);
}

/** The largest Retry-After of the run, when Notion sent any. */
function retryAfterData(report: ProbeReport): MetricDatum[] {
  const seconds = report.integrations
    .flatMap((i) => i.checks)
    .flatMap((check) => (check.retryAfterSeconds === undefined ? [] : [check.retryAfterSeconds]));
  if (seconds.length === 0) return [];
  const largest = seconds.reduce((a, b) => Math.max(a, b), 0);
  return [{ MetricName: METRICS.maxRetryAfter, Value: largest, Unit: 'Seconds' }];
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
