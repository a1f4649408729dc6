/**
 * Metric names, dimension names and the default namespace: one module imported by the
 * handler (which publishes) and the CDK construct (which alarms and draws dashboards).
 */

/** CloudWatch namespace used unless configured otherwise. */
export const DEFAULT_NAMESPACE = 'NotionMonitor';

/** A deployment stage's name (`cdk deploy -c stage=prod`): it names the stack and its namespace. */
export const STAGE_NAME = /^[A-Za-z][A-Za-z0-9-]{0,30}$/;

/**
 * The namespace a deployed stage publishes to and alarms on (unless its config file names
 * another): stages in one account never share metrics, so dev's heartbeat cannot keep
 * prod's not-running alarm quiet. The CLI's `--stage` publishes here too.
 */
export function stageNamespace(stage: string): string {
  return `${DEFAULT_NAMESPACE}/${stage}`;
}

/** Dimension names. */
export const DIMENSIONS = {
  category: 'Category',
  integration: 'Integration',
  checkKind: 'CheckKind',
  /** A reason code from REASON_CATEGORY in reasons.ts: one level finer than Category. */
  reason: 'Reason',
  /** A webhook receiver's name (config `receivers[].name`). */
  receiver: 'Receiver',
} as const;

/**
 * Metric names. The always-on ones do not grow with the number of integrations; the
 * failure ones are published only when not zero, so cost follows incidents.
 */
export const METRICS = {
  /** 1 per completed run, no dimensions. Alarmed when missing: the probe stopped running. */
  heartbeat: 'Heartbeat',
  /** Integrations probed in the run, no dimensions. */
  integrationsProbed: 'IntegrationsProbed',
  /**
   * Latency of each request, ms, dimension CheckKind: one of REQUEST_CHECK_KINDS in
   * categories.ts, or RECEIVER_LATENCY_KIND (`receiver`, receivers.ts) for a receiver's events.
   */
  checkLatency: 'CheckLatency',
  /** Integrations and receivers in a failure category, dimension Category. Only when not zero. */
  failures: 'Failures',
  /**
   * 1 for an integration in a failure category, dimensions Integration + Category + Reason.
   * Only when failing: the per-integration alarms find each failing integration by this series.
   */
  integrationFailures: 'IntegrationFailures',
  /**
   * 1 for a webhook receiver in a failure category, dimensions Receiver + Category + Reason.
   * Only when failing: the receiver categories' alarms (infra/monitor-alarms.ts) find each failing
   * receiver by this series.
   */
  receiverFailures: 'ReceiverFailures',
  /** Largest Retry-After seen in the run, seconds, no dimensions. Only when Notion sent one. */
  maxRetryAfter: 'MaxRetryAfterSeconds',
} as const;

/**
 * Whether `namespace` can name a custom CloudWatch namespace as this monitor uses them:
 * 1 to 255 of letters, digits and `. _ - / # :`, not under `AWS/` (reserved for AWS).
 */
export function isCustomNamespace(namespace: string): boolean {
  return /^[A-Za-z0-9._\-/#:]{1,255}$/.test(namespace) && !namespace.startsWith('AWS/');
}
