import type { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { type FailureCategory, isReceiverCategory } from '../functions/shared/categories.js';
import { DIMENSIONS, METRICS } from '../functions/shared/metrics.js';
import type { LatencyKind } from './alarm-names.js';
import { groupedQuery } from './insights-query.js';

/**
 * What a category's alarm groups by, so each contributor is one failing integration or
 * receiver (its `subject`) and, when the category pages on a single run, its reason:
 * - a category that pages on one breaching run (datapointsToAlarm 1: config, auth, ... by
 *   default) groups by the subject and Reason, so the notification names the cause; a
 *   reason change inside the category is an OK for the old pair and an ALARM for the new one.
 * - a category that needs M > 1 breaching runs (the transient ones, 2 of 3) groups by the
 *   subject only: M of N counts runs of one series, and a flaky network gives
 *   `connection_reset`, then `tls_failure`, then `request_timeout`; grouped by reason, no
 *   series would ever reach 2 points and the alarm could never fire. The reason is in the
 *   report, the log lines and the dashboard's "Failing integrations" graph.
 */
export function contributorDimensions(
  o: { readonly datapointsToAlarm: number },
  subject: string = DIMENSIONS.integration,
): readonly string[] {
  return o.datapointsToAlarm === 1 ? [subject, DIMENSIONS.reason] : [subject];
}

/** Whose failures a query reads: `IntegrationFailures` by Integration, or `ReceiverFailures` by Receiver. */
export type FailureSubject = 'integration' | 'receiver';

/** The receiver categories are a receiver's only; a shared category's subject is said by the caller. */
function subjectOf(category: FailureCategory): FailureSubject {
  return isReceiverCategory(category) ? 'receiver' : 'integration';
}

/** Props of {@link MonitorMetrics}. */
export interface MonitorMetricsProps {
  readonly namespace: string;
  /** One run: the schedule. */
  readonly period: Duration;
  readonly function: lambda.IFunction;
  readonly deadLetterQueue: sqs.IQueue;
}

/**
 * Every metric the alarms and the dashboard show, defined once: names and dimensions
 * from functions/shared/metrics.ts (what the handler publishes), statistic and period
 * here. An alarm and the graph beside it are the same metric.
 */
export class MonitorMetrics {
  constructor(private readonly props: MonitorMetricsProps) {}

  /** Integrations failing in `category` in a run; published only when not zero. */
  failures(category: FailureCategory): cloudwatch.Metric {
    return this.metric(METRICS.failures, 'Maximum', { [DIMENSIONS.category]: category });
  }

  /** {@link failures} with the gaps (runs without failures) drawn as zeros. */
  failuresFilled(category: FailureCategory): cloudwatch.MathExpression {
    // One id per category: a graph may hold several of these, and ids must not repeat in it.
    const id = `failures_${category}`;
    return new cloudwatch.MathExpression({
      expression: `FILL(${id}, 0)`,
      usingMetrics: { [id]: this.failures(category) },
      label: category,
      period: this.props.period,
    });
  }

  /** The schedule: one run per period. */
  get period(): Duration {
    return this.props.period;
  }

  /** One series per failing (Integration, Category, Reason), found by SEARCH. */
  failingIntegrations(): cloudwatch.MathExpression {
    const { namespace, period } = this.props;
    const { integration, category, reason } = DIMENSIONS;
    return new cloudwatch.MathExpression({
      // Quoted: SEARCH needs it whenever the namespace holds more than letters and digits.
      expression: `SEARCH('{"${namespace}",${integration},${category},${reason}} MetricName="${METRICS.integrationFailures}"', 'Maximum', ${period.toSeconds()})`,
      label: '',
      period,
    });
  }

  /**
   * The Metrics Insights query of `category`'s alarm: `IntegrationFailures` (`ReceiverFailures`
   * for a receiver category, or for a shared category's receiver alarm: `subject` 'receiver')
   * of that category, grouped by {@link contributorDimensions} of its policy. One metric per
   * query: Metrics Insights selects a single metric name, so integrations and receivers
   * cannot share one alarm. FROM the namespace, not SCHEMA(...): a series published without a
   * Reason still matches (its reason shows as `Other`) instead of silently escaping the alarm.
   */
  failuresQuery(
    category: FailureCategory,
    policy: { readonly datapointsToAlarm: number },
    subject: FailureSubject = subjectOf(category),
  ): string {
    const receiver = subject === 'receiver';
    return groupedQuery({
      namespace: this.props.namespace,
      metric: receiver ? METRICS.receiverFailures : METRICS.integrationFailures,
      where: { [DIMENSIONS.category]: category },
      groupBy: contributorDimensions(policy, receiver ? DIMENSIONS.receiver : DIMENSIONS.integration),
    });
  }

  /** {@link failuresQuery} for a graph: what the category's alarm sees, one line per contributor. */
  failuresGraph(
    category: FailureCategory,
    policy: { readonly datapointsToAlarm: number },
    subject: FailureSubject = subjectOf(category),
  ): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      expression: this.failuresQuery(category, policy, subject),
      usingMetrics: {},
      label: '',
      period: this.props.period,
    });
  }

  /** Completed runs; missing when the probe did not run. */
  heartbeat(): cloudwatch.Metric {
    return this.metric(METRICS.heartbeat, 'Sum');
  }

  integrationsProbed(): cloudwatch.Metric {
    return this.metric(METRICS.integrationsProbed, 'Maximum');
  }

  checkLatency(kind: LatencyKind, statistic: string): cloudwatch.Metric {
    return this.metric(METRICS.checkLatency, statistic, { [DIMENSIONS.checkKind]: kind });
  }

  maxRetryAfter(): cloudwatch.Metric {
    return this.metric(METRICS.maxRetryAfter, 'Maximum');
  }

  /** The function's own errors: invalid config, a failed metrics publish, a crash. */
  functionErrors(): cloudwatch.Metric {
    return this.props.function.metricErrors({ period: this.props.period, statistic: 'Sum' });
  }

  /**
   * Runs lost: messages sent to the dead-letter queue. Sent, not waiting: an alarm on it
   * clears once runs stop being lost, and the messages stay for reading.
   */
  lostRuns(): cloudwatch.Metric {
    return this.props.deadLetterQueue.metricNumberOfMessagesSent({
      period: this.props.period,
      statistic: 'Sum',
    });
  }

  private metric(
    metricName: string,
    statistic: string,
    dimensionsMap?: Record<string, string>,
  ): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: this.props.namespace,
      metricName,
      statistic,
      period: this.props.period,
      ...(dimensionsMap ? { dimensionsMap } : {}),
    });
  }
}
