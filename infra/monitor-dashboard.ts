import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import {
  FAILURE_CATEGORIES,
  type FailureCategory,
  REQUEST_CHECK_KINDS,
} from '../functions/shared/categories.js';
import { RECEIVER_LATENCY_KIND } from '../functions/shared/receivers.js';
import { type LatencyKind, type ReceiverSharedCategory, receiverSharedAlarm } from './alarm-names.js';
import type { MonitorMetrics } from './monitor-metrics.js';

type Policy = { readonly datapointsToAlarm: number };

/** Props of {@link MonitorDashboard}. */
export interface MonitorDashboardProps {
  readonly metrics: MonitorMetrics;
  readonly alarms: readonly cloudwatch.IAlarm[];
  /** The categories with a contributor alarm: each gets a graph of that alarm's own query. */
  readonly alarmedCategories: ReadonlyMap<FailureCategory, Policy>;
  /** The shared categories with a receiver alarm (`receiver-network`, ...): each gets a graph of its query. */
  readonly alarmedForReceivers: ReadonlyMap<ReceiverSharedCategory, Policy>;
  /** Whether receivers are configured: their latency is drawn beside the request kinds'. */
  readonly hasReceivers: boolean;
}

const LATENCY_STATISTICS = ['p50', 'p90', 'Maximum'] as const;

/**
 * Alarm states, failures per category, per-integration health, latency by check kind,
 * Retry-After, heartbeat, and the function errors and lost runs the monitor alarms on.
 * Every graph draws the metrics the alarms use ({@link MonitorMetrics}). Failure metrics
 * are sparse by design, so their graphs fill gaps with zeros by metric math.
 */
export class MonitorDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  /** The dashboard in the CloudWatch console. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: MonitorDashboardProps) {
    const { metrics, alarms, alarmedCategories, alarmedForReceivers } = props;
    super(scope, id);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard');
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: [...alarms], width: 24 }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Integrations failing, by category',
        left: FAILURE_CATEGORIES.map((c) => metrics.failuresFilled(c)),
        width: 12,
        stacked: true,
      }),
      new cloudwatch.GraphWidget({
        title: 'Failing integrations (Integration, Category, Reason)',
        left: [metrics.failingIntegrations()],
        width: 12,
      }),
    );
    // What each category's alarm evaluates, one line per contributor.
    this.dashboard.addWidgets(
      ...[...alarmedCategories].map(
        ([category, policy]) =>
          new cloudwatch.GraphWidget({
            title: `${category}: alarm contributors`,
            left: [metrics.failuresGraph(category, policy)],
            width: 6,
            height: 4,
          }),
      ),
      ...[...alarmedForReceivers].map(
        ([category, policy]) =>
          new cloudwatch.GraphWidget({
            title: `${receiverSharedAlarm(category)}: alarm contributors`,
            left: [metrics.failuresGraph(category, policy, 'receiver')],
            width: 6,
            height: 4,
          }),
      ),
    );
    const latencyKinds: readonly LatencyKind[] = props.hasReceivers
      ? [...REQUEST_CHECK_KINDS, RECEIVER_LATENCY_KIND]
      : REQUEST_CHECK_KINDS;
    this.dashboard.addWidgets(...runWidgets(metrics, latencyKinds));
    const region = Stack.of(this).region;
    this.url = `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards:name=${this.dashboard.dashboardName}`;
  }
}

/** Latency, Retry-After, heartbeat, and the function errors and lost runs: one row. */
function runWidgets(metrics: MonitorMetrics, latencyKinds: readonly LatencyKind[]): cloudwatch.IWidget[] {
  return [
    new cloudwatch.GraphWidget({
      title: 'Latency by check kind (ms)',
      left: latencyKinds.flatMap((kind) =>
        LATENCY_STATISTICS.map((stat) => metrics.checkLatency(kind, stat).with({ label: `${kind} ${stat}` })),
      ),
      width: 6,
    }),
    new cloudwatch.GraphWidget({
      title: 'Largest Retry-After (s)',
      left: [metrics.maxRetryAfter()],
      width: 6,
    }),
    new cloudwatch.GraphWidget({
      title: 'Heartbeat and integrations probed',
      left: [metrics.heartbeat().with({ label: 'runs' })],
      right: [metrics.integrationsProbed().with({ label: 'integrations' })],
      width: 6,
    }),
    new cloudwatch.GraphWidget({
      title: 'Function errors and lost runs',
      left: [
        metrics.functionErrors().with({ label: 'function errors' }),
        metrics.lostRuns().with({ label: 'lost runs' }),
      ],
      width: 6,
    }),
  ];
}
