import type { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { FAILURE_CATEGORIES } from '../functions/shared/categories.js';
import { DIMENSIONS, METRICS } from '../functions/shared/metrics.js';

/** What the dashboard shows. */
export interface DashboardOptions {
  readonly namespace: string;
  readonly period: Duration;
  readonly alarms: readonly cloudwatch.IAlarm[];
}

/**
 * Failures per category, per-integration health, latency by check kind, Retry-After,
 * heartbeat and alarm states. Failure metrics are sparse by design, so the graphs fill
 * gaps with zeros by metric math.
 */
export function buildDashboard(scope: Construct, id: string, o: DashboardOptions): cloudwatch.Dashboard {
  const metric = (metricName: string, statistic: string, dimensionsMap?: Record<string, string>) =>
    new cloudwatch.Metric({
      namespace: o.namespace,
      metricName,
      statistic,
      period: o.period,
      ...(dimensionsMap ? { dimensionsMap } : {}),
    });

  const failureLines = FAILURE_CATEGORIES.map(
    (category, i) =>
      new cloudwatch.MathExpression({
        expression: `FILL(m${i}, 0)`,
        usingMetrics: { [`m${i}`]: metric(METRICS.failures, 'Maximum', { [DIMENSIONS.category]: category }) },
        label: category,
        period: o.period,
      }),
  );
  const perIntegration = new cloudwatch.MathExpression({
    // Quoted: SEARCH needs it whenever the namespace holds more than letters and digits.
    expression: `SEARCH('{"${o.namespace}",${DIMENSIONS.integration},${DIMENSIONS.category}} MetricName="${METRICS.integrationFailures}"', 'Maximum', ${o.period.toSeconds()})`,
    label: '',
    period: o.period,
  });

  const dashboard = new cloudwatch.Dashboard(scope, id);
  dashboard.addWidgets(
    new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: [...o.alarms], width: 24 }),
  );
  dashboard.addWidgets(
    new cloudwatch.GraphWidget({
      title: 'Integrations failing, by category',
      left: failureLines,
      width: 12,
      stacked: true,
    }),
    new cloudwatch.GraphWidget({
      title: 'Failing integrations (Integration, Category)',
      left: [perIntegration],
      width: 12,
    }),
  );
  dashboard.addWidgets(
    new cloudwatch.GraphWidget({
      title: 'Latency by check kind (ms)',
      left: ['auth', 'target'].flatMap((kind) =>
        ['p50', 'p90', 'Maximum'].map((stat) =>
          metric(METRICS.checkLatency, stat, { [DIMENSIONS.checkKind]: kind }).with({
            label: `${kind} ${stat}`,
          }),
        ),
      ),
      width: 8,
    }),
    new cloudwatch.GraphWidget({
      title: 'Largest Retry-After (s)',
      left: [metric(METRICS.maxRetryAfter, 'Maximum')],
      width: 8,
    }),
    new cloudwatch.GraphWidget({
      title: 'Heartbeat and integrations probed',
      left: [metric(METRICS.heartbeat, 'Sum').with({ label: 'runs' })],
      right: [metric(METRICS.integrationsProbed, 'Maximum').with({ label: 'integrations' })],
      width: 8,
    }),
  );
  return dashboard;
}
