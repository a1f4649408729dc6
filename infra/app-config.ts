import { readFileSync } from 'node:fs';
import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import * as z from 'zod/mini';
import { useEnglishMessages } from '../functions/config/english-messages.js';
import { formatPath, jsonErrorPosition } from '../functions/config/schema.js';
import { FAILURE_CATEGORIES } from '../functions/shared/categories.js';
import type { NotionMonitorProps } from './notion-monitor.js';
import type { PropsSource } from './props-source.js';

/** The deployment config file cannot be read or is not shaped right: the message lists every problem. */
export class AppConfigError extends Error {
  override readonly name = 'AppConfigError';
}

const alarmOptions = z.strictObject({
  threshold: z.optional(z.number()),
  evaluationPeriods: z.optional(z.number()),
  datapointsToAlarm: z.optional(z.number()),
  enabled: z.optional(z.boolean()),
});
// Checked here only as far as building props needs: a negative Duration throws.
const amount = z.number().check(z.gte(0, 'must not be negative'));
const arn = z.string().check(z.startsWith('arn:', 'must be an ARN (arn:...)'));

/**
 * The deployment config file (`infra/config/<stage>.json`): the monitor's config shape
 * (integrations with Secrets Manager tokens) plus the deployment's own settings. Deep
 * checks are the construct's; this schema only types the file.
 */
const settings = {
  notionBaseUrl: z.optional(z.string()),
  notionVersion: z.optional(z.string()),
  timeoutMs: z.optional(amount),
  scheduleMinutes: z.optional(amount),
  functionTimeoutSeconds: z.optional(amount),
  memorySize: z.optional(z.number()),
  namespace: z.optional(z.string()),
  alarmNamePrefix: z.optional(z.string()),
  alarmEmails: z.optional(z.array(z.string())),
  alarmTopicArns: z.optional(z.array(arn)),
  secretKeyArns: z.optional(z.array(arn)),
  missedRunsToAlarm: z.optional(z.number()),
  alarms: z.optional(z.partialRecord(z.enum(FAILURE_CATEGORIES as [string, ...string[]]), alarmOptions)),
  /** @default true for the stage named `prod`, false for any other */
  retainOnDelete: z.optional(z.boolean()),
};
const appConfigSchema = z.strictObject({
  ...settings,
  integrations: z.array(z.unknown()).check(z.minLength(1)),
});
/** The settings alone: each key is checked on its own, so the valid ones always pass together. */
const settingsSchema = z.strictObject(settings);

/** A validated deployment config file. */
export type AppConfig = z.output<typeof appConfigSchema>;

/** What {@link inspectAppConfig} found in a stage file that is valid JSON. */
export interface AppConfigInspection {
  /** The file's valid part: keys with a problem and unknown keys are left out, `integrations` is `[]` if broken. */
  readonly config: AppConfig;
  /** Every problem the schema found, `key: message`. */
  readonly problems: readonly string[];
  /** The file's keys with a problem: checks that depend on them would only repeat it with a default. */
  readonly brokenKeys: readonly string[];
}

/**
 * Reads the deployment config file and checks its shape, keeping what is valid so that the
 * construct's own checks can still run on it. Throws {@link AppConfigError} only when the file
 * cannot be read or is not JSON (nothing to check then).
 */
export function inspectAppConfig(path: string): AppConfigInspection {
  let value: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    // A byte order mark, as some Windows editors and PowerShell write it, is no JSON.
    value = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppConfigError(
      `${path}: ${code ? `cannot read it (${code})` : `not valid JSON${jsonErrorPosition(error)}`}`,
      { cause: error },
    );
  }
  useEnglishMessages();
  const parsed = appConfigSchema.safeParse(value);
  if (parsed.success) return { config: parsed.data, problems: [], brokenKeys: [] };
  const issues = parsed.error.issues;
  const brokenKeys = [...new Set(issues.flatMap((i) => (typeof i.path[0] === 'string' ? [i.path[0]] : [])))];
  const fields = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
  const valid = Object.entries(fields).filter(([k]) => k in appConfigSchema.shape && !brokenKeys.includes(k));
  const rest = settingsSchema.safeParse(Object.fromEntries(valid.filter(([k]) => k !== 'integrations')));
  const config: AppConfig = {
    ...(rest.success ? rest.data : {}),
    integrations: brokenKeys.includes('integrations')
      ? []
      : (fields as { integrations: unknown[] }).integrations,
  };
  return {
    config,
    problems: issues.map((i) => `${formatPath(i.path)}: ${i.message}`),
    brokenKeys,
  };
}

/** Reads and validates the deployment config file; throws {@link AppConfigError} listing every problem. */
export function readAppConfig(path: string): AppConfig {
  const { config, problems } = inspectAppConfig(path);
  if (problems.length > 0)
    throw new AppConfigError(`${path}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return config;
}

/**
 * The file's keys for the props {@link propsFromAppConfig} renames, so that the
 * construct's messages name what is in the file (the stack passes them with `setPropsSource`).
 */
export const APP_CONFIG_LABELS: NonNullable<PropsSource['labels']> = {
  schedule: { name: 'scheduleMinutes', unit: 'minutes' },
  functionTimeout: { name: 'functionTimeoutSeconds', unit: 'seconds' },
  requestTimeout: { name: 'timeoutMs', unit: 'milliseconds' },
  secretKeys: { name: 'secretKeyArns' },
  alarmTopics: { name: 'alarmTopicArns' },
};

/** Turns the file into construct props; the construct validates the rest. */
export function propsFromAppConfig(scope: Construct, config: AppConfig): NotionMonitorProps {
  return {
    integrations: config.integrations as NotionMonitorProps['integrations'],
    ...(config.notionBaseUrl !== undefined ? { notionBaseUrl: config.notionBaseUrl } : {}),
    ...(config.notionVersion !== undefined ? { notionVersion: config.notionVersion } : {}),
    ...(config.timeoutMs !== undefined ? { requestTimeout: Duration.millis(config.timeoutMs) } : {}),
    ...(config.scheduleMinutes !== undefined ? { schedule: Duration.minutes(config.scheduleMinutes) } : {}),
    ...(config.functionTimeoutSeconds !== undefined
      ? { functionTimeout: Duration.seconds(config.functionTimeoutSeconds) }
      : {}),
    ...(config.memorySize !== undefined ? { memorySize: config.memorySize } : {}),
    ...(config.namespace !== undefined ? { namespace: config.namespace } : {}),
    ...(config.alarmNamePrefix !== undefined ? { alarmNamePrefix: config.alarmNamePrefix } : {}),
    ...(config.alarmEmails !== undefined ? { alarmEmails: config.alarmEmails } : {}),
    ...(config.missedRunsToAlarm !== undefined ? { missedRunsToAlarm: config.missedRunsToAlarm } : {}),
    ...(config.alarms !== undefined ? { alarms: config.alarms } : {}),
    ...(config.secretKeyArns !== undefined
      ? { secretKeys: config.secretKeyArns.map((a, i) => kms.Key.fromKeyArn(scope, `SecretKey${i}`, a)) }
      : {}),
  };
}
