import type { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  type FailureCategory,
  isReceiverCategory,
  type ReceiverFailureCategory,
  type RequestCheckKind,
} from '../functions/shared/categories.js';
import { DIMENSIONS, METRICS } from '../functions/shared/metrics.js';
import { groupedQuery } from './insights-query.js';

/**
 * What each category's alarm groups by: one contributor per failing integration and
 * reason, so the notification names both (a reason change inside a category is an OK for
 * the old pair and an ALARM for the new one).
 */
export const CONTRIBUTOR_DIMENSIONS = [DIMENSIONS.integration, DIMENSIONS.reason] as const;

/** What each receiver category's alarm groups by: one contributor per failing receiver and reason. */
export const RECEIVER_CONTRIBUTOR_DIMENSIONS = [DIMENSIONS.receiver, DIMENSIONS.reason] as const;

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
   * The Metrics Insights query of `category`'s alarm: `IntegrationFailures` of that category
   * grouped by {@link CONTRIBUTOR_DIMENSIONS}. FROM the namespace, not SCHEMA(...): a series
   * published without a Reason still matches (its reason shows as `Other`) instead of
   * silently escaping the alarm.
   */
  integrationFailuresQuery(category: FailureCategory): string {
    return groupedQuery({
      namespace: this.props.namespace,
      metric: METRICS.integrationFailures,
      where: { [DIMENSIONS.category]: category },
      groupBy: CONTRIBUTOR_DIMENSIONS,
    });
  }

  /**
   * The Metrics Insights query of a receiver category's alarm: `ReceiverFailures` of that
   * category grouped by {@link RECEIVER_CONTRIBUTOR_DIMENSIONS}, FROM the namespace for the
   * same reason as {@link integrationFailuresQuery}.
   */
  receiverFailuresQuery(category: ReceiverFailureCategory): string {
    return groupedQuery({
      namespace: this.props.namespace,
      metric: METRICS.receiverFailures,
      where: { [DIMENSIONS.category]: category },
      groupBy: RECEIVER_CONTRIBUTOR_DIMENSIONS,
    });
  }

  /** The query of `category`'s alarm: over the receivers for a receiver category, else over the integrations. */
  failuresQuery(category: FailureCategory): string {
    return isReceiverCategory(category)
      ? this.receiverFailuresQuery(category)
      : this.integrationFailuresQuery(category);
  }

  /** {@link failuresQuery} for a graph: what the category's alarm sees, one line per contributor. */
  failuresGraph(category: FailureCategory): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      expression: this.failuresQuery(category),
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

  checkLatency(kind: RequestCheckKind, statistic: string): cloudwatch.Metric {
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
