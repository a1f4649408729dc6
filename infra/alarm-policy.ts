import { FAILURE_CATEGORIES, type FailureCategory } from '../functions/shared/categories.js';

/** How one category's alarm fires. */
export interface CategoryAlarmOptions {
  /**
   * Integrations failing in this category, in one run, that count as a breaching run.
   * @default 1
   */
  readonly threshold?: number;
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

/** The default alarm settings per category. */
export function defaultAlarmOptions(category: FailureCategory): ResolvedAlarmOptions {
  return TRANSIENT.has(category)
    ? { threshold: 1, evaluationPeriods: 3, datapointsToAlarm: 2, enabled: true }
    : { threshold: 1, evaluationPeriods: 1, datapointsToAlarm: 1, enabled: true };
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
    for (const field of ['threshold', 'evaluationPeriods', 'datapointsToAlarm'] as const) {
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
