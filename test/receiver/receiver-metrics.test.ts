import { describe, expect, it } from 'vitest';
import { buildMetricData } from '../../functions/aws/metric-data.js';
import { buildReport } from '../../functions/engine/report.js';
import type { ReceiverResult } from '../../functions/receiver/receiver-result.js';

const T = new Date('2026-11-25T12:00:00Z');

const receivers: ReceiverResult[] = [
  {
    name: 'hooks-ok',
    category: 'ok',
    checks: [
      { check: 'verification_token', category: 'ok', answeredBy: 'nobody', message: '' },
      {
        check: 'signed_event',
        category: 'ok',
        answeredBy: 'receiver',
        httpStatus: 200,
        latencyMs: 30,
        message: '',
      },
      {
        check: 'forged_event',
        category: 'ok',
        answeredBy: 'receiver',
        httpStatus: 401,
        latencyMs: 30,
        message: '',
      },
    ],
  },
  {
    name: 'hooks-gw',
    category: 'receiver_rejected',
    reason: 'gateway_missing_auth',
    checks: [
      {
        check: 'signed_event',
        category: 'receiver_rejected',
        reason: 'gateway_missing_auth',
        answeredBy: 'api_gateway',
        httpStatus: 401,
        latencyMs: 8,
        message: '',
      },
    ],
  },
  {
    name: 'hooks-down',
    category: 'network',
    reason: 'connection_refused',
    checks: [
      {
        check: 'signed_event',
        category: 'network',
        reason: 'connection_refused',
        answeredBy: 'nobody',
        latencyMs: 1,
        message: '',
      },
    ],
  },
];

describe('receiver metrics', () => {
  it('Failures counts failing receivers, ReceiverFailures names each, latency under CheckKind=receiver', () => {
    const data = buildMetricData(
      buildReport({ startedAt: 0, finishedAt: 1, notionVersion: 'v', integrations: [], receivers }),
      T,
    );
    const shown = data.map((d) => [
      d.MetricName,
      d.Dimensions?.map((x) => `${x.Name}=${x.Value}`).join(',') ?? '',
      d.Value ?? d.Values,
    ]);
    expect(shown).toEqual([
      ['Heartbeat', '', 1],
      ['IntegrationsProbed', '', 0],
      // The refused connection has no HTTP answer, so no latency.
      ['CheckLatency', 'CheckKind=receiver', [30, 8]],
      ['Failures', 'Category=receiver_rejected', 1],
      ['Failures', 'Category=network', 1],
      ['ReceiverFailures', 'Receiver=hooks-gw,Category=receiver_rejected,Reason=gateway_missing_auth', 1],
      ['ReceiverFailures', 'Receiver=hooks-down,Category=network,Reason=connection_refused', 1],
    ]);
    expect(data.find((d) => d.MetricName === 'CheckLatency')?.Counts).toEqual([2, 1]);
  });
});
