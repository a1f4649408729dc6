import { FAILURE_CATEGORIES, type FailureCategory } from '../functions/shared/categories.js';

/**
 * How one category's alarm fires. Each failing integration is its own contributor of the
 * category's alarm, so "M of N" counts that integration's failing runs; there is no
 * threshold (each contributor's value is 1 while it fails).
 */
export interface CategoryAlarmOptions {
  /**
   * Runs looked at (N in "M of N").
   * @default 1 for config, auth, proxy_auth, forbidden, not_found, receiver_rejected, receiver_insecure; 3 for secret_unavailable, not_notion, rate_limited, timeout, network, server_error, receiver_error
   */
  readonly evaluationPeriods?: number;
  /**
   * Breaching runs among them that raise the alarm (M in "M of N").
   * @default 1 for config, auth, proxy_auth, forbidden, not_found, receiver_rejected, receiver_insecure; 2 for secret_unavailable, not_notion, rate_limited, timeout, network, server_error, receiver_error
   */
  readonly datapointsToAlarm?: number;
  /**
   * Set to false to create no alarm for this category (its metric is still published).
   * @default true
   */
  readonly enabled?: boolean;
}

/** A category's alarm settings with every default filled. */
export type ResolvedAlarmOptions = Required<CategoryAlarmOptions>;

/**
 * Categories that are deterministic (a wrong token stays wrong) alarm on the first bad
 * run; transient ones on 2 of 3 runs, so one blip does not page anyone: rate limits,
 * timeouts, network, 5xx (Notion's or a webhook receiver's), a secret Secrets Manager could not serve this run (throttled, an
 * internal error), and an answer from something in between that is not Notion (a captive
 * portal or a proxy's own error comes and goes; one that stays still pages on the second run).
 */
const TRANSIENT: ReadonlySet<FailureCategory> = new Set<FailureCategory>([
  'secret_unavailable',
  'not_notion',
  'rate_limited',
  'timeout',
  'network',
  'server_error',
  'receiver_error',
]);

/** The categories whose alarms a maintenance window mutes unless it names its own list. */
export const TRANSIENT_CATEGORIES: readonly FailureCategory[] = FAILURE_CATEGORIES.filter((c) =>
  TRANSIENT.has(c),
);

/** The default alarm settings per category. */
export function defaultAlarmOptions(category: FailureCategory): ResolvedAlarmOptions {
  return TRANSIENT.has(category)
    ? { evaluationPeriods: 3, datapointsToAlarm: 2, enabled: true }
    : { evaluationPeriods: 1, datapointsToAlarm: 1, enabled: true };
}

/** Every category's settings with defaults filled, and every problem found in them. */
export interface AlarmOptionsResult {
  readonly options: Record<FailureCategory, ResolvedAlarmOptions>;
  readonly problems: readonly string[];
}

/** Fills defaults and validates; each problem names the category and the field. Never throws. */
export function resolveAlarmOptions(
  overrides: Partial<Record<FailureCategory, CategoryAlarmOptions>> = {},
): AlarmOptionsResult {
  const problems: string[] = [];
  for (const key of Object.keys(overrides)) {
    if (!(FAILURE_CATEGORIES as readonly string[]).includes(key))
      problems.push(`alarms.${key} is not a category; use one of ${FAILURE_CATEGORIES.join(', ')}`);
  }
  const options = {} as Record<FailureCategory, ResolvedAlarmOptions>;
  for (const category of FAILURE_CATEGORIES) {
    const o = { ...defaultAlarmOptions(category), ...overrides[category] };
    const where = `alarms.${category}`;
    if ('threshold' in o)
      problems.push(
        `${where}.threshold is no longer a setting: each failing integration is its own contributor of the category's alarm`,
      );
    for (const field of ['evaluationPeriods', 'datapointsToAlarm'] as const) {
      if (!Number.isInteger(o[field]) || o[field] < 1)
        problems.push(`${where}.${field} must be a whole number >= 1, got ${o[field]}`);
    }
    if (o.datapointsToAlarm > o.evaluationPeriods) {
      problems.push(
        `${where}.datapointsToAlarm (${o.datapointsToAlarm}) cannot exceed evaluationPeriods (${o.evaluationPeriods})`,
      );
    }
    options[category] = o;
  }
  return { options, problems };
}

/** How the slow alarms fire: `CheckLatency` p90 per request check kind. */
export interface SlowAlarmOptions {
  /**
   * p90 latency, in milliseconds, above which a period counts as slow. Must be below the
   * request timeout (slower requests end as `timeout` and publish no latency).
   * @default 3000, or half the request timeout when that is lower
   */
  readonly thresholdMs?: number;
  /**
   * Periods (runs) looked at.
   * @default 3
   */
  readonly evaluationPeriods?: number;
  /**
   * Slow periods among them that raise the alarm.
   * @default 3
   */
  readonly datapointsToAlarm?: number;
  /**
   * Set to false to create no slow alarms (the latency is still published and drawn).
   * @default true
   */
  readonly enabled?: boolean;
}

export type ResolvedSlowAlarmOptions = Required<SlowAlarmOptions>;

/**
 * The default slow threshold. Notion publishes no latency figure (no p50/p90 for any
 * endpoint); 3 s for a p90 of a ~1 KB users/me answer is far above what a healthy path
 * takes and still a third of the default 10 s request timeout, so the alarm comes well
 * before the timeouts. README "Slow alarm" says how to re-derive it from your own p90.
 */
export const DEFAULT_SLOW_THRESHOLD_MS = 3_000;

/** Fills the slow alarm's defaults and checks them against the request timeout. */
export function resolveSlowAlarm(
  options: SlowAlarmOptions = {},
  requestTimeoutMs: number,
  where = 'slowAlarm',
): { options: ResolvedSlowAlarmOptions; problems: string[] } {
  const problems: string[] = [];
  const o: ResolvedSlowAlarmOptions = {
    thresholdMs: Math.min(DEFAULT_SLOW_THRESHOLD_MS, Math.floor(requestTimeoutMs / 2)),
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    enabled: true,
    ...options,
  };
  if (!Number.isFinite(o.thresholdMs) || o.thresholdMs <= 0)
    problems.push(`${where}.thresholdMs must be a positive number of milliseconds, got ${o.thresholdMs}`);
  else if (o.thresholdMs >= requestTimeoutMs)
    problems.push(
      `${where}.thresholdMs (${o.thresholdMs}) must be below the request timeout (${requestTimeoutMs} ms): slower requests end as timeout and publish no latency`,
    );
  for (const field of ['evaluationPeriods', 'datapointsToAlarm'] as const) {
    if (!Number.isInteger(o[field]) || o[field] < 1)
      problems.push(`${where}.${field} must be a whole number >= 1, got ${o[field]}`);
  }
  if (o.datapointsToAlarm > o.evaluationPeriods)
    problems.push(
      `${where}.datapointsToAlarm (${o.datapointsToAlarm}) cannot exceed evaluationPeriods (${o.evaluationPeriods})`,
    );
  return { options: o, problems };
}

/** Metrics Insights alarms evaluate at most the last 3 hours, in periods of at least 60 s. */
export const INSIGHTS_MAX_WINDOW_SECONDS = 10_800;
