import { describe, expect, it } from 'vitest';
import { batchMetricData, buildMetricData } from '../../functions/aws/metric-data.js';
import {
  buildReport,
  type CheckFields,
  type IntegrationResult,
  type Outcome,
} from '../../functions/engine/report.js';
import { failureOf, type Reason } from '../../functions/shared/reasons.js';

const T = new Date('2026-11-25T12:00:00Z');

/** An integration `ok`, or failing for `reason` (in its category), with these checks in the same outcome. */
function integration(
  name: string,
  reason: 'ok' | Reason,
  checks: Partial<CheckFields>[] = [],
): IntegrationResult {
  const outcome: Outcome = reason === 'ok' ? { category: 'ok' } : failureOf(reason);
  return {
    name,
    ...outcome,
    tokenFingerprint: 'ntn_…abcd',
    tokenType: 'internal',
    workspaceName: 'Acme',
    workspaceId: 'w',
    checks: checks.map((c) => ({ check: 'auth', origin: 'notion', message: '', ...c, ...outcome })),
  };
}

function report(integrations: IntegrationResult[]) {
  return buildReport({ startedAt: 0, finishedAt: 1, notionVersion: 'v', integrations });
}

describe('buildMetricData', () => {
  it('a healthy run publishes only the always-on metrics, whatever the number of integrations', () => {
    const many = Array.from({ length: 50 }, (_, i) =>
      integration(`i${i}`, 'ok', [
        { check: 'auth', httpStatus: 200, latencyMs: 40 + (i % 3) },
        { check: 'target', httpStatus: 200, latencyMs: 60 },
      ]),
    );
    const data = buildMetricData(report(many), T);
    expect(
      data.map((d) => [d.MetricName, d.Dimensions?.map((x) => `${x.Name}=${x.Value}`).join(',') ?? '']),
    ).toEqual([
      ['Heartbeat', ''],
      ['IntegrationsProbed', ''],
      ['CheckLatency', 'CheckKind=auth'],
      ['CheckLatency', 'CheckKind=target'],
    ]);
    expect(data[1]?.Value).toBe(50);
    expect(data[2]).toMatchObject({ Values: [40, 41, 42], Counts: [17, 17, 16], Unit: 'Milliseconds' });
    expect(data[3]).toMatchObject({ Values: [60], Counts: [50] });
  });

  it('failures are published per category and per integration, only when not zero, with the largest Retry-After', () => {
    const data = buildMetricData(
      report([
        integration('a', 'notion_unauthorized', [{ httpStatus: 401, latencyMs: 5 }]),
        integration('b', 'rate_limited_integration', [
          { httpStatus: 429, latencyMs: 5, retryAfterSeconds: 30 },
        ]),
        integration('c', 'rate_limited_workspace', [
          { httpStatus: 429, latencyMs: 5, retryAfterSeconds: 90 },
        ]),
        integration('d', 'token_trailing_newline', [{ check: 'token_format' }]),
        integration('e', 'ok'),
      ]),
      T,
    );
    const failures = data.filter((d) => d.MetricName === 'Failures');
    expect(failures.map((d) => [d.Dimensions?.[0]?.Value, d.Value])).toEqual([
      ['config', 1],
      ['auth', 1],
      ['rate_limited', 2],
    ]);
    const per = data.filter((d) => d.MetricName === 'IntegrationFailures');
    expect(per.map((d) => d.Dimensions?.map((x) => `${x.Name}=${x.Value}`).join(','))).toEqual([
      'Integration=a,Category=auth,Reason=notion_unauthorized',
      'Integration=b,Category=rate_limited,Reason=rate_limited_integration',
      'Integration=c,Category=rate_limited,Reason=rate_limited_workspace',
      'Integration=d,Category=config,Reason=token_trailing_newline',
    ]);
    expect(data.find((d) => d.MetricName === 'MaxRetryAfterSeconds')?.Value).toBe(90);
  });

  it('splits latency into datums of at most 150 distinct values', () => {
    const checks = Array.from({ length: 400 }, (_, i) => ({
      check: 'target' as const,
      httpStatus: 200,
      latencyMs: i,
    }));
    const data = buildMetricData(report([integration('x', 'ok', checks)]), T).filter(
      (d) => d.MetricName === 'CheckLatency',
    );
    expect(data.map((d) => d.Values?.length)).toEqual([150, 150, 100]);
  });

  it('skipped checks and checks without an HTTP answer add no latency', () => {
    const data = buildMetricData(
      report([
        integration('x', 'request_timeout', [
          { latencyMs: 1000 },
          { skipped: true, httpStatus: 200, latencyMs: 1 },
        ]),
      ]),
      T,
    );
    expect(data.some((d) => d.MetricName === 'CheckLatency')).toBe(false);
  });
});

describe('batchMetricData', () => {
  it('uses as few calls as 1,000 datums a call allow', () => {
    const data = Array.from({ length: 2500 }, () => ({ MetricName: 'X', Value: 1 }));
    expect(batchMetricData(data).map((b) => b.length)).toEqual([1000, 1000, 500]);
    expect(batchMetricData([])).toEqual([]);
  });
  it('keeps each call under the 1 MB payload limit', () => {
    const big = { MetricName: 'X', Values: Array.from({ length: 150 }, (_, i) => i * 1000.123456) };
    const batches = batchMetricData(Array.from({ length: 1000 }, () => big));
    expect(batches.length).toBeGreaterThan(1);
    for (const b of batches) expect(JSON.stringify(b).length).toBeLessThan(1_000_000);
  });
});
